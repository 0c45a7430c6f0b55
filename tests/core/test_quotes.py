"""Quoted speech: spans, speakers, quote blocks."""

from __future__ import annotations

import pytest

from newsreader.document.blocks import Quote, Span
from newsreader.document.quotes import as_quote_block, quote_ranges, quote_spans


def _quotes(text: str) -> list[tuple[str, str | None]]:
    spans = quote_spans(text)
    assert "".join(span.text for span in spans) == text
    return [(span.text, span.speaker) for span in spans if span.kind == "quote"]


def test_empty_and_plain_text() -> None:
    assert quote_spans("") == []
    assert quote_spans("No quotes here.") == [Span("No quotes here.")]


def test_marks_stay_outside_the_quote_span() -> None:
    spans = quote_spans('She said "yes" today.')
    assert spans == [Span('She said "'), Span("yes", "quote"), Span('" today.')]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"We agreed on a timetable: the work starts in July," Ortis said.',
            [("We agreed on a timetable: the work starts in July,", "Ortis")],
        ),
        ('"It is done. It is paid for," the minister noted.', [("It is done. It is paid for,", "the minister")]),
        ('"We are ready." Ortis added.', [("We are ready.", "Ortis")]),
        (
            '"Not enough," Teachers\' Federation head Maud Everly said.',
            [("Not enough,", "Teachers' Federation head Maud Everly")],
        ),
        ('"We know," said Ortis.', [("We know,", "Ortis")]),
        ("“Will it rain?” asked Harald Moen, a farmer from the hills.", [("Will it rain?", "Harald Moen")]),
        ('"Fine", Ortis said.', [("Fine", "Ortis")]),
        ('"Fine," according to Ortis.', [("Fine,", "Ortis")]),
        (
            "Mayor Lina Ortis said the plan was lawful: “We checked every line.”",
            [("We checked every line.", "Mayor Lina Ortis")],
        ),
        ("Ortis said: «Nobody will be left behind.»", [("Nobody will be left behind.", "Ortis")]),
        ('"Nobody will be left behind," she added.', [("Nobody will be left behind,", None)]),
        ("Science Minister Otto Varley called the launch «the best return ever».", [("the best return ever", None)]),
        ('The council called it "illegal" and "populist".', [("illegal", None), ("populist", None)]),
        ('"A" and then Ortis said nothing.', [("A", None)]),
        ("„Wir kommen“, sagte Ortis.", [("Wir kommen", None)]),
        ('"We go," said Dr. Lina Ortis.', [("We go,", "Dr. Lina Ortis")]),
        ('"We go," Mr. Ortis said.', [("We go,", "Mr. Ortis")]),
        ('Fray spoke first. J. R. Smith said: "We go."', [("We go.", "J. R. Smith")]),
        ('Fray spoke first. Ortis said: "We go."', [("We go.", "Ortis")]),
        ('But, he added: "The worst is over."', [("The worst is over.", None)]),
        ('Meanwhile Mark Oaten, Lib Dem spokesman, said: "No."', [("No.", "Mark Oaten, Lib Dem spokesman")]),
        ('what "sustainable" means, the Audit Committee said.', [("sustainable", None)]),
        (
            '"X," Greyfell\'s head of environment, Mikkel Strand, said.',
            [("X,", "Greyfell's head of environment, Mikkel Strand")],
        ),
    ],
)
def test_quote_spans_and_speakers(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _quotes(text) == expected


def test_nested_quotes_stay_inside_the_outer_one() -> None:
    assert _quotes("“The name “North School” was never popular,” Brandt said.") == [
        ("The name “North School” was never popular,", "Brandt")
    ]
    assert _quotes("«Он сказал „нет“ и ушёл»") == [("Он сказал „нет“ и ушёл", None)]


@pytest.mark.parametrize(
    "text",
    [
        "An unmatched “ mark here and more text after it.",
        "An unmatched « guillemet.",
        "A stray closing ” mark.",
        'A lone " straight mark.',
        '"',
        "“",
        '""',
        "“”",
        '" "',
        '"..."',
        "»backwards«",
    ],
)
def test_unmatched_or_empty_marks_stay_text(text: str) -> None:
    assert _quotes(text) == []


def test_an_unmatched_opener_does_not_swallow_later_quotes() -> None:
    assert _quotes('He said "no way and left. Later "yes" was heard.') == [("yes", None)]
    assert _quotes("An open “ mark, then «a real quote» here.") == [("a real quote", None)]


def test_quote_ranges_are_the_mark_positions() -> None:
    text = 'a "bc" d'
    assert quote_ranges(text) == ((2, 5),)
    assert text[2] == text[5] == '"'


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (
            '"We are not against housing. We are against this," Fray said.',
            Quote("We are not against housing. We are against this", "Fray"),
        ),
        ('"It will work," the minister noted.', Quote("It will work", "the minister")),
        ('"It will work." Ortis added.', Quote("It will work.", "Ortis")),
        ('"It will work," said Lina Ortis.', Quote("It will work", "Lina Ortis")),
        ("Ortis said: “It will work.”", Quote("It will work.", "Ortis")),
        ("“Only the quotation.”", Quote("Only the quotation.", None)),
        ('"We are ready," she added.', Quote("We are ready", None)),
        ("«Every guest will find a bed,» Ярош said.", Quote("Every guest will find a bed", "Ярош")),
    ],
)
def test_as_quote_block(text: str, quote: Quote) -> None:
    assert as_quote_block(text) == quote


@pytest.mark.parametrize(
    "text",
    [
        "No quotation at all.",
        '"We know that," Roe told the audience.',  # more words than an attribution
        '"Yes," Ortis said. "No," Fray said.',  # two quotations
        "Mayor Ortis said the plan was lawful: “We checked every line.”",
        "The council called it “illegal and populist” on Monday.",
        "“Will it rain?” asked Harald Moen, a farmer from the hills.",
        'He said "no way and left.',
        '"Fine," Ortis said on Monday.',
        '"Fine" 42',
        '""',
    ],
)
def test_not_a_quote_block(text: str) -> None:
    assert as_quote_block(text) is None


def test_many_marks_are_handled_quickly_and_correctly() -> None:
    text = "“" * 50_000 + " word " + "”" * 50_000
    spans = quote_spans(text)
    assert "".join(s.text for s in spans) == text
    text = '"a" ' * 50_000
    assert len(_quotes(text)) == 50_000
