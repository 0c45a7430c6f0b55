"""The terminal renderers of `newsreader show`: related stories once and numbered, clean lines, feed files."""

from __future__ import annotations

import io

from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from newsreader.document.blocks import BulletList, Document, Image, Paragraph, RelatedLink, Span
from newsreader.render import TrimmedLines, numbered_links, render_document, render_feed


def printed(renderable, width: int = 60, color: bool = False) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system="truecolor" if color else None,
        force_terminal=color,
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(renderable, crop=False)  # as `show` prints (newsreader.cli.showing.print_reading)
    return console.file.getvalue()


STORY = Document(
    title="Ferry timetable approved",
    date="2026-03-04",
    source="Velmont Courier",
    url="https://courier.example/timetable",
    blocks=[
        Paragraph([Span("The harbour board approved a new timetable.")]),
        RelatedLink("Ferry workers call off strike", "Velmont Courier", None, "a1"),
        RelatedLink("Night boats return", None, "https://courier.example/night"),
        Paragraph([Span("Every island gets a morning boat.")]),
        RelatedLink("Winter service to Olm", "Olm Post"),
    ],
)


def test_each_related_story_once_numbered_where_it_stands() -> None:
    lines = printed(render_document(STORY), 100).splitlines()
    assert lines == [
        "Ferry timetable approved",
        "2026-03-04 · Velmont Courier",
        "https://courier.example/timetable",
        "",
        "The harbour board approved a new timetable.",
        "",
        "[1] ● ↗ Ferry workers call off strike — Velmont Courier",  # ●: in the library
        "[2]   ↗ Night boats return",
        "",
        "Every island gets a morning boat.",
        "",
        "[3]   ↗ Winter service to Olm — Olm Post",
        "",
        "Links",  # the addresses, as newsboat lists them: a related story without one is not listed
        "[2] https://courier.example/night",
    ]


def test_trimmed_lines_end_without_spaces_and_keep_their_styles() -> None:
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_column(ratio=1)
    grid.add_row("•", "short")
    grid.add_row("•", "a longer item than the first")
    text = Text("word " * 30, Style(bold=True))
    listed = render_document(
        Document(
            "T",
            [
                BulletList(["a short item;", "a much longer item than that one."], "It has:"),
                Paragraph([Span("a paragraph that wraps " * 5)]),
            ],
        )
    )
    for renderable in (grid, text, listed):
        assert any(line.endswith(" ") for line in printed(renderable).splitlines())  # what Rich gives
        plain = printed(TrimmedLines(renderable)).splitlines()
        assert plain == [line.rstrip() for line in printed(renderable).splitlines()]
    coloured = printed(TrimmedLines(text), color=True)
    assert "\x1b[1m" in coloured and " \n" not in coloured and " \x1b[0m\n" not in coloured


def test_a_feed_is_its_articles_in_order_each_under_a_numbered_line() -> None:
    second = Document(title="Second story", blocks=[Paragraph([Span("Second body.")])])
    out = printed(render_feed("Velmont Courier", [STORY, second]), 40)
    lines = out.splitlines()
    assert lines[0] == "Velmont Courier — 2 articles"
    assert lines[2] == "── 1/2 " + "─" * 33 and lines[3] == "Ferry timetable approved"
    rule = lines.index("── 2/2 " + "─" * 33)
    assert lines[rule + 1] == "Second story" and lines[rule - 1] == ""
    assert printed(render_feed(None, [second]), 40).splitlines()[0] == "(untitled feed) — 1 article"


LINKED = Document(
    title="Harbour reopens",
    url="https://courier.example/" + "harbour-reopens-after-the-storm-" * 4,
    blocks=[
        Paragraph(
            [
                Span("The board "),
                Span("voted", "link", "https://courier.example/vote"),
                Span(" on "),
                Span("Monday", "link", "https://courier.example/monday"),
                Span("."),
            ]
        ),
        Image("The quay at dawn", "https://img.example/quay-" + "x" * 90 + ".jpg"),
        BulletList(
            ["Ferries: timetable", "Tolls"],
            item_spans=[
                [Span("Ferries: "), Span("timetable", "link", "https://courier.example/ferries")],
                [Span("Tolls")],
            ],
        ),
        RelatedLink("Storm closes the quay", "Velmont Courier", "https://courier.example/storm"),
    ],
)


def test_every_link_is_numbered_in_reading_order_and_listed_at_the_end() -> None:
    lines = printed(TrimmedLines(render_document(LINKED)), 60).splitlines()
    assert lines[1] == LINKED.url  # the article's own address on one line, however long
    assert "The board voted[1] on Monday[2]." in lines
    assert "▣ The quay at dawn[3]" in lines  # a picture: its description, its address a numbered link
    assert "• Ferries: timetable[4]" in lines
    assert "[5]   ↗ Storm closes the quay — Velmont Courier" in lines
    end = lines.index("Links")
    assert lines[end + 1 :] == [
        "[1] https://courier.example/vote",
        "[2] https://courier.example/monday",
        "[3] https://img.example/quay-" + "x" * 90 + ".jpg",  # never broken across lines
        "[4] https://courier.example/ferries",
        "[5] https://courier.example/storm",
    ]
    assert not any("img.example" in line for line in lines[:end])  # no address printed inline
    assert [link.number for link in numbered_links(LINKED.blocks)] == [1, 2, 3, 4, 5]


def test_the_title_is_not_printed_again_as_the_first_sentence() -> None:
    """A plain-text article's title is its lede's first sentence: shown once, the rest of the lede kept."""
    lede = Document(
        title="Ortis met the mayors on Thursday",
        blocks=[
            Paragraph([Span("Ortis met the mayors on Thursday. They agreed on a timetable.")]),
            Paragraph([Span("Ortis met the mayors on Thursday again.")]),
        ],
    )
    lines = printed(TrimmedLines(render_document(lede)), 80).splitlines()
    assert lines == [
        "Ortis met the mayors on Thursday",
        "",
        "They agreed on a timetable.",
        "",
        "Ortis met the mayors on Thursday again.",
    ]
    alone = Document(
        title="Ortis met the mayors", blocks=[Paragraph([Span("Ortis met the mayors.")]), Paragraph([Span("More.")])]
    )
    assert printed(TrimmedLines(render_document(alone)), 80).splitlines() == ["Ortis met the mayors", "", "More."]
    assert "Ortis met the mayors." in alone.plain_text()  # search and related links still read it
