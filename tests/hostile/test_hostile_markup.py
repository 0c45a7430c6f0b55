"""Markup safety: Rich/Textual markup, emoji codes and backslashes in outside text show literally.

``[bold]``, ``[link=...]``, ``[@click=app.quit]``, ``:joy:``, backslashes and an
unbalanced ``[/]`` in titles, bodies, authors, link texts and source names must
be printed as written by the CLI, by ``render.py``'s renderables and by the app,
never change a style, never run an action, never crash.
(The app's own article title is covered by test_ui_app/test_ui_article.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console
from support.ui_fixtures import wait_for_workers

from newsreader.cli import main
from newsreader.document.blocks import (
    BulletList,
    Document,
    Heading,
    Image,
    Paragraph,
    Preformatted,
    Quote,
    RelatedLink,
    Span,
)
from newsreader.render import render_document

PIECES = [
    "[bold]b[/bold]",
    "[link=https://evil.example]l[/link]",
    "[@click=app.quit]q[/]",
    ":joy:",
    "C:\\path\\",
    "\\[x]",
    "[/]",
    "[red on blue]",
]
MARKUP = " ".join(PIECES)


def literal_everywhere(text: str) -> None:
    for piece in PIECES:
        assert piece in text, f"{piece!r} not shown literally"


def hostile_document() -> Document:
    return Document(
        title=f"Title {MARKUP}",
        source=f"Outlet {MARKUP}",
        author=f"Author {MARKUP}",
        url="https://example.org/a",
        date="2026-03-02",
        blocks=[
            Paragraph(
                [
                    Span(f"Body {MARKUP} "),
                    Span(f"link {MARKUP}", "link", url="https://example.org/l"),
                    Span(f"\u201cquote {MARKUP}\u201d", "quote", speaker=f"Speaker {MARKUP}"),
                    Span(f"em {MARKUP}", "emphasis"),
                    Span(f"code {MARKUP}", "code"),
                ]
            ),
            Quote(f"Block quote {MARKUP}", f"Quoted {MARKUP}"),
            Heading(f"Heading {MARKUP}", 2),
            BulletList([f"item {MARKUP}"], lead=f"Lead {MARKUP}:"),
            Image(f"alt {MARKUP}", "https://example.org/i.png"),
            Preformatted(f"pre {MARKUP}"),
            RelatedLink(f"Related {MARKUP}", f"Source {MARKUP}", "https://example.org/r"),
        ],
    )


def rendered_text(renderable) -> str:
    console = Console(width=400, record=True, color_system=None, file=open("/dev/null", "w"))
    console.print(renderable)
    return console.export_text()


def test_render_shows_markup_literally_in_every_block() -> None:
    text = rendered_text(render_document(hostile_document()))
    for label in (
        "Title",
        "Outlet",
        "Author",
        "Body",
        "link",
        "quote",
        "Speaker",
        "em",
        "code",
        "Block quote",
        "Quoted",
        "Heading",
        "item",
        "Lead",
        "alt",
        "pre",
        "Related",
        "Source",
    ):
        line = next((ln for ln in text.splitlines() if f"{label} [bold]" in ln), None)
        assert line is not None, f"{label}: markup was interpreted or lost"
    literal_everywhere(text)
    assert "😂" not in text


def test_render_with_markup_enabled_console_still_literal() -> None:
    """Even a console that would read markup in strings gets Text objects, which it never parses."""
    console = Console(
        width=400, record=True, color_system="truecolor", markup=True, emoji=True, file=open("/dev/null", "w")
    )
    console.print(render_document(hostile_document()))
    text = console.export_text()
    literal_everywhere(text)
    html = console.export_html()
    assert "evil.example" not in html.split("<body")[1].replace("[link=https://evil.example]", "")


@pytest.fixture
def hostile_files(tmp_path: Path) -> list[Path]:
    text = tmp_path / "markup [bold]file[red] :joy:.txt"
    text.write_text(
        f"Headline {MARKUP}\n\nBy Writer {MARKUP}\n\nBody {MARKUP}, \u201cquoted {MARKUP}\u201d, said Ann.\n"
    )
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><head><title>Page {MARKUP}</title></head><body><h1>Page {MARKUP}</h1>"
        f"<p>Words {MARKUP} <a href='https://example.org/x'>anchor {MARKUP}</a></p></body></html>"
    )
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": f"Feed {MARKUP}",
                "items": [
                    {
                        "id": "1",
                        "title": f"Item {MARKUP}",
                        "content_text": f"Text {MARKUP}",
                        "authors": [{"name": f"Writer {MARKUP}"}],
                    }
                ],
            }
        )
    )
    return [text, page, feed]


def test_cli_prints_markup_literally(home, hostile_files, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # whole lines: nothing cut with an ellipsis
    assert main(["add", *map(str, hostile_files)]) == 0
    capsys.readouterr()
    outputs = []
    for argv in (["list"], ["sources"], ["search", "headline"], ["search", "words"], ["bookmarks"]):
        assert main(argv) == 0
        outputs.append(capsys.readouterr().out)
    listing = outputs[0]
    assert "[bold]b[/bold]" in listing and ":joy:" in listing and "😂" not in listing
    assert "markup [bold]file[red] :joy:" in outputs[1]
    main(["list", "--json"])
    for article in json.loads(capsys.readouterr().out):
        assert "[bold]b[/bold]" in article["title"]
        assert main(["show", article["id"]]) == 0
        shown = capsys.readouterr().out
        literal_everywhere(shown)
        assert "😂" not in shown
    for path in hostile_files[:2]:  # (a feed file is shown as its text)
        assert main(["show", str(path)]) == 0
        literal_everywhere(capsys.readouterr().out)


def test_cli_messages_show_markup_literally(home, tmp_path, capsys) -> None:
    missing = str(tmp_path / f"no {MARKUP}")
    assert main(["add", missing]) == 1
    err = capsys.readouterr().err
    assert "[@click=app.quit]q[/]" in err and "[/]" in err
    assert main(["search", MARKUP]) == 0
    assert main(["show", "[bold]x[/"]) == 1
    assert "[bold]x[/" in capsys.readouterr().err


async def test_app_shows_markup_literally_and_clicking_it_does_not_quit(tmp_path) -> None:
    from newsreader.config import Config
    from newsreader.store import NewArticle, Store
    from newsreader.ui.app import build_app

    store = Store(tmp_path / "store.db")
    try:
        source = store.add_source("feed", "https://example.org/feed", f"Feed {MARKUP}")
        store.update_source(source.id, last_status="error", last_error=f"error {MARKUP}")
        document = hostile_document()
        store.ingest(
            source.id,
            [
                NewArticle(
                    title=document.title,
                    document=document,
                    origin=source.address,
                    guid="g1",
                    url=document.url,
                    published="2026-03-02T09:00:00+00:00",
                )
            ],
        )
        app = build_app(store, Config(), refresh_all=None)
        async with app.run_test(size=(200, 60)) as pilot:
            await wait_for_workers(pilot.app)
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
            for label in ("Title", "Feed", "Body", "Block quote", "Heading", "item", "Related"):
                assert f"{label} [bold]b[/bold]" in screen, f"{label} not literal on screen"
            assert "[@click=app.quit]q[/]" in screen and ":joy:" in screen and "😂" not in screen
            # click on every line where the [@click=app.quit] text is drawn: nothing quits
            rows = [(row, line.find("[@click=app.quit]q[/]")) for row, line in enumerate(screen.splitlines())]
            for row, column in [(row, column) for row, column in rows if column >= 0][:4]:
                if column >= 0:
                    await pilot.click(offset=(column + 3, row))
                    await pilot.pause()
                    assert app.is_running, f"a click on row {row} ran an action"
            assert app.is_running and app.return_code is None
    finally:
        store.close()
