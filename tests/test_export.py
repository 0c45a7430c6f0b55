"""Bookmark exports: whole articles, escaped for their format, Markdown reads back the same."""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsreader.cli import main
from newsreader.document.blocks import (
    BulletList,
    Document,
    Heading,
    Paragraph,
    Preformatted,
    Quote,
    RelatedLink,
    Span,
)
from newsreader.document.markdown import parse_markdown
from newsreader.export import export_html, export_markdown

HOSTILE = Document(
    title="Tram fares *frozen* [bold]for[/bold] <script>alert(1)</script> 2027",
    date="2026-10-02",
    source="Saltmere Courier",
    url="https://example.org/fares?a=1&b=2",
    blocks=[
        Paragraph([Span("The council voted 31 to 19. "), Span("“Fares stay at 2 crowns,”", "quote", speaker="Vance"), Span(" Vance said.")]),
        Paragraph([Span("See "), Span("the [decision]", "link", url="https://example.org/d(1)"), Span(" # not a heading")]),
        Quote("We will keep the night trams running.", "Ines Marlow"),
        BulletList(["cheaper passes for students;", "- a free Sunday;", "1. more night trams."], lead="The deal includes:"),
        Heading("What happens next", 2),
        Preformatted("fare = base * 0.9\n  if student"),
        RelatedLink("Strike ends - after two days", "Corvenia Today", "https://example.org/strike"),
    ],
)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_markdown_reads_back_as_the_same_article_text() -> None:
    again = parse_markdown(export_markdown([HOSTILE]))
    assert again.title == HOSTILE.title
    assert again.date == HOSTILE.date
    assert words(again.plain_text()) == words(HOSTILE.plain_text())


def test_markdown_link_survives_with_its_address() -> None:
    again = parse_markdown(export_markdown([HOSTILE]))
    links = [s for b in again.blocks if isinstance(b, Paragraph) for s in b.links]
    assert links and links[0].url and links[0].url.startswith("https://example.org/d")
    assert [r.url for r in again.related_links] == ["https://example.org/strike"]


def test_html_export_is_escaped_and_self_contained() -> None:
    page = export_html([HOSTILE])
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "[bold]for[/bold]" in page
    assert 'href="https://example.org/fares?a=1&amp;b=2"' in page
    assert "http" not in re.sub(r'href="[^"]*"|>https?://[^<]*<', "", page).split("<body>")[0]


def test_cli_export_writes_atomically_every_kept_article(home: Path, tmp_path: Path, capsys) -> None:
    article = tmp_path / "a.txt"
    article.write_text(" date 2026-10-02 Tram fares were frozen for 2027 on Friday.\n\nThe council agreed, Saltmere Courier reports.\n")
    assert main(["add", str(article)]) == 0
    assert main(["list", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert main(["bookmark", entry["id"]]) == 0
    for fmt in ("md", "html", "json"):
        out = tmp_path / f"kept.{fmt}"
        assert main(["export-bookmarks", "--format", fmt, "-o", str(out)]) == 0
        text = out.read_text("utf-8")
        assert "Tram fares were frozen for 2027 on Friday" in text
        assert not list(tmp_path.glob(".*.tmp"))
    data = json.loads((tmp_path / "kept.json").read_text())
    assert data[0]["id"] == entry["id"] and data[0]["blocks"]
