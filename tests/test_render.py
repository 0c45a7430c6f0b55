"""The terminal renderers of `newsreader show`: related stories once and numbered, clean lines, feed files."""

from __future__ import annotations

import io

from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from newsreader.document.blocks import BulletList, Document, Paragraph, RelatedLink, Span
from newsreader.render import TrimmedLines, render_document, render_feed


def printed(renderable, width: int = 60, color: bool = False) -> str:
    console = Console(file=io.StringIO(), width=width, color_system="truecolor" if color else None,
                      force_terminal=color, highlight=False, markup=False, emoji=False)
    console.print(renderable)
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
    ]


def test_trimmed_lines_end_without_spaces_and_keep_their_styles() -> None:
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_column(ratio=1)
    grid.add_row("•", "short")
    grid.add_row("•", "a longer item than the first")
    text = Text("word " * 30, Style(bold=True))
    listed = render_document(Document("T", [BulletList(["a short item;", "a much longer item than that one."], "It has:"),
                                            Paragraph([Span("a paragraph that wraps " * 5)])]))
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
