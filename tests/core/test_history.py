"""History: browser-style back/forward over visited articles."""

from __future__ import annotations

import json

import pytest

from newsreader.history import History


def visited(*items: str, cap: int = 200) -> History[str]:
    history: History[str] = History(cap=cap)
    for item in items:
        history.visit(item)
    return history


def test_empty_history_has_nowhere_to_go():
    history: History[str] = History()
    assert history.current is None
    assert history.back() is None
    assert history.forward() is None
    assert not history.can_go_back and not history.can_go_forward
    assert history.trail(5) == []
    assert len(history) == 0


def test_back_and_forward_walk_the_trail():
    history = visited("a", "b", "c")
    assert history.current == "c"
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.back() is None
    assert history.current == "a"
    assert history.forward() == "b"
    assert history.forward() == "c"
    assert history.forward() is None
    assert history.current == "c"


def test_visit_drops_forward_entries():
    history = visited("a", "b", "c")
    history.back()
    history.back()
    history.visit("d")
    assert history.to_list() == ["a", "d"]
    assert not history.can_go_forward
    assert history.back() == "a"


def test_visiting_current_item_again_is_a_no_op():
    history = visited("a", "b", "c")
    history.back()
    history.visit("b")
    assert history.to_list() == ["a", "b", "c"]
    assert history.can_go_forward
    assert history.forward() == "c"


def test_revisiting_an_older_item_appends_it():
    history = visited("a", "b", "a")
    assert history.to_list() == ["a", "b", "a"]


def test_can_go_flags_follow_the_cursor():
    history = visited("a")
    assert not history.can_go_back and not history.can_go_forward
    history.visit("b")
    assert history.can_go_back and not history.can_go_forward
    history.back()
    assert not history.can_go_back and history.can_go_forward


def test_trail_ends_at_current_not_at_the_newest():
    history = visited("a", "b", "c", "d")
    assert history.trail(2) == ["c", "d"]
    assert history.trail(10) == ["a", "b", "c", "d"]
    history.back()
    assert history.trail(2) == ["b", "c"]
    assert history.trail(0) == []


def test_cap_drops_the_oldest():
    history = visited(*"abcdef", cap=3)
    assert history.to_list() == ["d", "e", "f"]
    assert history.current == "f"
    assert history.back() == "e"
    assert history.back() == "d"
    assert history.back() is None


def test_default_cap_is_bounded():
    history = visited(*(str(i) for i in range(1000)))
    assert len(history) == history.cap == 200
    assert history.current == "999"


def test_bad_cap_is_refused():
    with pytest.raises(ValueError):
        History(cap=0)


def test_round_trip_through_json_keeps_the_cursor():
    history = visited("a", "b", "c")
    history.back()
    saved = json.dumps({"items": history.to_list(), "index": history.index})
    data = json.loads(saved)
    restored: History[str] = History.from_list(data["items"], data["index"])
    assert restored.to_list() == ["a", "b", "c"]
    assert restored.current == "b"
    assert restored.forward() == "c"


def test_from_list_without_index_puts_cursor_at_the_end():
    restored: History[str] = History.from_list(["a", "b"])
    assert restored.current == "b"


@pytest.mark.parametrize(
    "items, index, expected_items, expected_current",
    [
        (None, None, [], None),
        ("abc", 1, [], None),
        ({"items": ["a"]}, 0, [], None),
        ([], 3, [], None),
        (["a", "b"], 99, ["a", "b"], "b"),
        (["a", "b"], -5, ["a", "b"], "a"),
        (["a", "b"], "1", ["a", "b"], "b"),
        (["a", "b"], True, ["a", "b"], "b"),
    ],
)
def test_from_list_survives_a_damaged_state_file(items, index, expected_items, expected_current):
    restored: History[str] = History.from_list(items, index)
    assert restored.to_list() == expected_items
    assert restored.current == expected_current


def test_from_list_applies_the_cap_keeping_the_cursor_on_its_item():
    restored: History[str] = History.from_list(list("abcdef"), 4, cap=3)
    assert restored.to_list() == ["d", "e", "f"]
    assert restored.current == "e"
    restored = History.from_list(list("abcdef"), 0, cap=3)
    assert restored.current == "d"


def test_works_with_any_hashable_or_not_item_type():
    history: History[tuple[str, int]] = History()
    history.visit(("article", 1))
    history.visit(("article", 2))
    assert history.back() == ("article", 1)
