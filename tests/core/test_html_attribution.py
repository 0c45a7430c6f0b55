"""A paragraph that only names who said the quotation before it becomes that quotation's speaker."""

from __future__ import annotations

import pytest
from support.paths import FIXTURE_ROOT

from newsreader.document.blocks import Paragraph, Quote
from newsreader.document.html import parse_html, parse_html_page
from newsreader.document.html.attribution import attribution_line

FIXTURES = FIXTURE_ROOT / "html"


def blocks_of(name: str) -> list:
    return parse_html((FIXTURES / name).read_text(encoding="utf-8"))


def test_em_dash_line_after_a_quote_is_its_speaker() -> None:
    blocks = blocks_of("blockquote_attribution_after.html")
    assert blocks == [
        Paragraph(blocks[0].spans),
        Quote("Everyone in that room knows what the other side needs.", "Aurel Dancy, Transport Minister"),
        Paragraph(blocks[2].spans),
    ]
    assert blocks[2].text == "Talks resume on Monday."


def test_en_dash_and_double_hyphen_lines_name_speakers_too() -> None:
    assert blocks_of("blockquote_attribution_after_dashes.html") == [
        Quote("Bring a warm coat and patience.", "Clem Ashgrove, festival director"),
        Quote("We found a minus sign in the wrong place.", "Dr. Tomas Reyl, flight software lead"),
    ]


def test_lines_that_are_not_only_an_attribution_stay_paragraphs() -> None:
    blocks = blocks_of("blockquote_attribution_after_kept.html")
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Quote", "Paragraph"] * 4 + ["Paragraph"]
    quotes = [b for b in blocks if isinstance(b, Quote)]
    assert [q.speaker for q in quotes] == ["Ines Marlow", None, None, None]  # a speaker is never replaced
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert texts[0] == "— Aurel Dancy, Transport Minister"  # the quote had its speaker already
    assert texts[1].startswith("— Mara Fenwick said it twice.")  # a sentence follows the name
    assert texts[2] == "— and then the satellite spun a little faster"  # not a name
    assert texts[3] == "— Athina Roussou"  # a link is kept where it is
    assert texts[4] == "— Clem Ashgrove, festival director"  # no quotation right before it


def test_whole_pages_attach_the_speaker_as_well() -> None:
    html = "<article>" + (FIXTURES / "blockquote_attribution_after.html").read_text(encoding="utf-8") + "</article>"
    document = parse_html_page(html, "https://example.org/a")
    quotes = [b for b in document.blocks if isinstance(b, Quote)]
    assert [q.speaker for q in quotes] == ["Aurel Dancy, Transport Minister"]


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("— Aurel Dancy", "Aurel Dancy"),
        ("—Aurel Dancy, Transport Minister", "Aurel Dancy, Transport Minister"),
        ("― @harbourtribune", "@harbourtribune"),
        ("– Prof. Ana Lee, Univ. of Oslo", "Prof. Ana Lee, Univ. of Oslo"),
        ("-- Jane Doe, Acme Inc.", "Jane Doe, Acme Inc."),
        ("— Noor Halloway, 3 March 2026", "Noor Halloway"),
    ],
)
def test_attribution_lines(line: str, speaker: str) -> None:
    assert attribution_line(line) == speaker


@pytest.mark.parametrize(
    "line",
    [
        "Aurel Dancy, Transport Minister",  # no dash
        "- Aurel Dancy",  # one hyphen is a list marker as often as a dash
        "— what a day!",
        "— Who said that?",
        "— Three issues remain:",
        "— Dancy said it. Then he left the room.",
        "— Ann Lee, as Bob said.",
        "— Ann Lee: the numbers",
        "— " + " ".join(["Word"] * 20),
        "— ",
    ],
)
def test_not_attribution_lines(line: str) -> None:
    assert attribution_line(line) is None
