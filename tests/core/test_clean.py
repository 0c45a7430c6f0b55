"""The sanitiser: nothing from outside reaches the terminal as a control."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.document.clean import clean_inline, clean_preformatted, clean_text, is_clean, strip_controls

ATTACKS = {
    "csi colour": "a\x1b[31mred\x1b[0m",
    "osc 52 clipboard": "a\x1b]52;c;ZXZpbA==\x07b",
    "osc 0 title with ST": "a\x1b]0;owned\x1b\\b",
    "osc 8 hyperlink": "a\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\b",
    "dcs": "a\x1bPq#0;2;0;0;0\x1b\\b",
    "8-bit csi": "a\x9b31mb",
    "8-bit osc": "a\x9d0;title\x07b",
    "c0 and del": "a\x00\x01\x07\x08\x7fb",
    "c1": "a\x85\x90\x9fb",
    "lone escape": "a\x1bb",
}


@pytest.mark.parametrize("name", ATTACKS)
def test_attacks_leave_no_control_character(name: str) -> None:
    out = clean_inline(ATTACKS[name])
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in out), repr(out)
    assert out.startswith("a")


def test_text_around_escape_sequences_survives() -> None:
    assert clean_inline("a\x1b[31mred\x1b[0m") == "ared"
    assert clean_inline(ATTACKS["osc 8 hyperlink"]) == "alinkb"


def test_bidi_overrides_and_zero_width_characters_go() -> None:
    assert clean_inline("abc\u202edcba\u202c \u200bx\u2066y\u2069") == "abcdcba xy"


def test_zero_width_joiner_is_kept_for_emoji() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean_inline(family) == family


def test_whitespace_is_folded_inline_and_lines_kept_in_text() -> None:
    assert clean_inline("  a \t b\n c\u00a0 d ") == "a b c d"
    assert clean_text("one  line\r\ntwo\rthree\n\n") == "one line\ntwo\nthree"


def test_preformatted_keeps_indentation() -> None:
    assert clean_preformatted("def f():\n\treturn 1\x1b[2J\n") == "def f():\n    return 1"


@given(st.text())
def test_any_text_comes_out_clean(text: str) -> None:
    out = strip_controls(text)
    assert is_clean(out)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in out)
    assert "\x1b" not in clean_inline(text)


def test_an_unterminated_osc_eats_at_most_its_own_line() -> None:
    assert clean_text("a\x1b]0;never ended\nsecond line") == "a\nsecond line"


def test_lone_surrogates_are_removed() -> None:
    assert clean_inline("a\ud800b") == "ab"
