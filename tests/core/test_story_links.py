"""Suggestions on a link that leads nowhere, "linked from", and the story line: in the
store (incremental passes) and through the command line (``show --json``, ``story``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.stories import DEAL, FILES, REVIEW, STRIKE_ONE, STRIKE_TWO, ingest

from newsreader.cli import main
from newsreader.related import resolve_all
from newsreader.store import Store


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def test_an_unresolved_link_keeps_the_closest_stories_as_suggestions(store: Store) -> None:
    one, two = ingest(store, "one.txt", STRIKE_ONE), ingest(store, "two.txt", STRIKE_TWO)
    deal = ingest(store, "deal.txt", DEAL)
    resolve_all(store)
    links = store.article(deal).document.related_links
    assert links[0].target == two and links[0].suggestions == ()
    assert links[1].target is None and set(links[1].suggestions) == {one, two}
    assert links[2].target is None and links[2].suggestions == ()
    assert store.links.suggestions(deal)[1] == links[1].suggestions


def test_suggestions_are_stored_and_redone_when_a_refresh_brings_candidates(store: Store) -> None:
    deal = ingest(store, "deal.txt", DEAL)
    resolve_all(store)
    assert [link.suggestions for link in store.article(deal).document.related_links] == [(), (), ()]
    one, two = ingest(store, "one.txt", STRIKE_ONE), ingest(store, "two.txt", STRIKE_TWO)
    resolve_all(store)  # the pass after a refresh: only what is new and the links it may answer
    links = store.article(deal).document.related_links
    assert links[0].target == two
    assert set(links[1].suggestions) == {one, two}
    with store._db.writing("removing in") as db:  # a suggested story removed: no longer offered
        db.execute("DELETE FROM articles WHERE id = ?", (one,))
    assert store.article(deal).document.related_links[1].suggestions == (two,)


def test_linked_from_and_the_story_line(store: Store) -> None:
    one, two = ingest(store, "one.txt", STRIKE_ONE), ingest(store, "two.txt", STRIKE_TWO)
    deal, review = ingest(store, "deal.txt", DEAL), ingest(store, "review.txt", REVIEW)
    resolve_all(store)
    assert store.links.linked_from(two) == [deal]
    assert store.links.linked_from(deal) == [review]
    assert store.links.linked_from(one) == []
    line = store.links.story(two)
    assert [head.id for head, _ in line] == [two, deal, review]  # oldest first; one is only suggested
    assert {head.id: links for head, links in line} == {two: [], deal: [two], review: [deal]}
    assert [head.id for head, _ in store.links.story(one)] == [one]
    assert store.links.story("nope") == []


@pytest.fixture
def library(home: Path, tmp_path: Path, capsys) -> dict[str, str]:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, "utf-8")
    assert main(["add", str(folder)]) == 0
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    return {Path(a["origin"]).name: a["id"] for a in listed}


def test_show_json_has_suggestions_and_linked_from(library: dict[str, str], capsys) -> None:
    assert main(["show", library["deal.txt"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    related = [b for b in shown["blocks"] if b["type"] == "related"]
    assert related[0]["target"] == library["two.txt"] and "suggestions" not in related[0]
    assert related[1]["target"] is None and set(related[1]["suggestions"]) == {library["one.txt"], library["two.txt"]}
    assert related[2]["suggestions"] == []
    assert shown["linked_from"] == [library["review.txt"]]


def test_story_command(library: dict[str, str], capsys) -> None:
    assert main(["story", library["deal.txt"], "--json"]) == 0
    story = json.loads(capsys.readouterr().out)
    assert story["id"] == library["deal.txt"]
    assert [a["id"] for a in story["articles"]] == [library[n] for n in ("two.txt", "deal.txt", "review.txt")]
    assert story["articles"][1]["links_to"] == [library["two.txt"]]
    assert set(story["articles"][0]) == {
        "id",
        "title",
        "date",
        "published",
        "source",
        "feed",
        "origin",
        "url",
        "read",
        "bookmarked",
        "links_to",
    }
    assert main(["story", library["deal.txt"]]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[1].startswith("▶ ") and not lines[0].startswith("▶")
    assert main(["story", "nope"]) == 1
    assert "no article" in capsys.readouterr().err
