"""Bookmark exports: whole articles, escaped for their format, Markdown reads back the same."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

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
from newsreader.export import export_html, export_markdown, for_export

HOSTILE = Document(
    title="Tram fares *frozen* [bold]for[/bold] <script>alert(1)</script> 2027",
    date="2026-10-02",
    source="Saltmere Courier",
    url="https://example.org/fares?a=1&b=2",
    blocks=[
        Paragraph(
            [
                Span("The council voted 31 to 19. "),
                Span("“Fares stay at 2 crowns,”", "quote", speaker="Vance"),
                Span(" Vance said."),
            ]
        ),
        Paragraph(
            [Span("See "), Span("the [decision]", "link", url="https://example.org/d(1)"), Span(" # not a heading")]
        ),
        Quote("We will keep the night trams running.", "Ines Marlow"),
        BulletList(
            ["cheaper passes for students;", "- a free Sunday;", "1. more night trams."], lead="The deal includes:"
        ),
        Heading("What happens next", 2),
        Preformatted("fare = base * 0.9\n  if student"),
        RelatedLink("Strike ends - after two days", "Corvenia Today", "https://example.org/strike"),
    ],
)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_markdown_reads_back_as_the_same_article() -> None:
    """The title, the header's date, source, author and address, and every word of the body come back."""
    again = parse_markdown(export_markdown([replace(HOSTILE, author="Ines Marlow")]))
    assert again.title == HOSTILE.title
    assert (again.date, again.source, again.author, again.url) == (
        "2026-10-02",
        "Saltmere Courier",
        "Ines Marlow",
        HOSTILE.url,
    )
    assert words(again.plain_text()) == words(HOSTILE.plain_text())
    bare = parse_markdown(export_markdown([replace(HOSTILE, source=None, date=None)]))
    assert (bare.date, bare.source, bare.author, bare.url) == (None, None, None, HOSTILE.url)


def test_markdown_header_has_title_date_source_author_and_address() -> None:
    text = export_markdown([replace(HOSTILE, author="Ines Marlow"), replace(HOSTILE, source=None, url=None, date=None)])
    first, second = text.split("\n---\n\n")
    assert first.split("\n\n")[:3] == [
        "# Tram fares \\*frozen\\* \\[bold\\]for\\[/bold\\] \\<script\\>alert(1)\\</script\\> 2027",
        "*2 October 2026 · Saltmere Courier · By Ines Marlow*",
        "<https://example.org/fares?a=1&b=2>",
    ]
    assert second.startswith("# Tram fares") and second.split("\n\n")[1].startswith("The council voted")
    assert "date 2026" not in text  # no bare plain-text dateline any more
    page = export_html([replace(HOSTILE, author="Ines Marlow")])
    assert '<p class="meta">2 October 2026 · Saltmere Courier · By Ines Marlow · <a href=' in page


def test_export_header_takes_what_the_stored_article_knows() -> None:
    """A kept article's whole text (a fetched page) often has no date, source or author of its own."""
    feed_version = Document(title="Fares frozen", author="Ines Marlow", source="Saltmere Courier")
    whole_text = Document(title="Fares frozen | Saltmere Courier online", blocks=HOSTILE.blocks)
    article = SimpleNamespace(
        title="Fares frozen",
        date="2026-10-02",
        published="2026-10-02T09:00:00+00:00",
        source=None,
        feed="Saltmere Courier",
        url="https://example.org/f",
        document=feed_version,
    )
    exported = for_export(article, whole_text)
    assert (exported.title, exported.date, exported.source, exported.author, exported.url) == (
        "Fares frozen",
        "2026-10-02",
        "Saltmere Courier",
        "Ines Marlow",
        "https://example.org/f",
    )
    assert exported.blocks is whole_text.blocks and whole_text.author is None  # the stored documents are untouched


def test_markdown_link_survives_with_its_address() -> None:
    again = parse_markdown(export_markdown([HOSTILE]))
    assert again.url == HOSTILE.url  # the header's address
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
    article.write_text(
        " date 2026-10-02 Tram fares were frozen for 2027 on Friday.\n\nThe council agreed, Saltmere Courier reports.\n"
    )
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


def test_cli_markdown_export_gives_each_article_a_header(home: Path, tmp_path: Path, capsys) -> None:
    """A kept feed article and a kept text file: title, then date · source · By author, then the address."""
    feed = tmp_path / "courier.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Saltmere Courier</title>'
        "<item><title>Tram fares frozen for 2027</title><link>http://127.0.0.1:9/fares</link>"
        "<author>desk@courier.example (Ines Marlow)</author><pubDate>Fri, 02 Oct 2026 09:00:00 GMT</pubDate>"
        "<description>The council voted 31 to 19.</description></item></channel></rss>",
        "utf-8",
    )
    article = tmp_path / "a.txt"
    article.write_text(" date 2026-10-01 Ferries run late on Thursday.\n\nThe pier was closed.\n")
    assert main(["add", str(feed), str(article)]) == 0
    assert main(["list", "--json"]) == 0
    for entry in json.loads(capsys.readouterr().out):
        assert main(["bookmark", entry["id"]]) == 0  # the feed item's page cannot be fetched: its text is kept
    capsys.readouterr()
    assert main(["export-bookmarks", "--format", "md"]) == 0
    text = capsys.readouterr().out
    ferries, fares = sorted(part.strip() for part in text.split("\n---\n\n"))  # kept in the same second: either order
    assert fares.split("\n\n")[:4] == [
        "# Tram fares frozen for 2027",
        "*2 October 2026 · Saltmere Courier · By Ines Marlow*",
        "<http://127.0.0.1:9/fares>",
        "The council voted 31 to 19.",
    ]
    assert ferries.split("\n\n")[:2] == [
        "# Ferries run late on Thursday",
        "*1 October 2026*",
    ]  # a lone file: no source but itself
    assert not re.search(r"^date ", text, re.MULTILINE)
