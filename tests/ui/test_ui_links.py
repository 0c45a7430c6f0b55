"""Every link of an article reached by keyboard: Tab in reading order, Enter / o / a number opens it,
a terminal browser when there is no display, and the title never shown twice."""

from __future__ import annotations

import contextlib
import stat
import sys
from pathlib import Path

from support.ui_fixtures import main_screen, make_app, settle

from newsreader.document.blocks import BulletList, Document, Image, Paragraph, RelatedLink, Span
from newsreader.store import NewArticle
from newsreader.ui.screens.dialogs import ConfirmOpenScreen
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.article import ArticleView
from newsreader.ui.widgets.article_batches import FIRST_PIECES
from newsreader.ui.widgets.article_body import RUN_SIZE
from newsreader.ui.widgets.block_widgets import BlockRun, LinkedBlock, LinkLine

WIDE = (160, 48)

LINKED = Document(
    title="Harbour reopens after the storm",
    date="2026-03-12",
    url="https://courier.example/harbour",
    blocks=[
        Paragraph(
            [
                Span("Harbour reopens after the storm. The board "),
                Span("voted", "link", "https://courier.example/vote"),
                Span(" on "),
                Span("Monday", "link", "https://courier.example/monday"),
                Span("."),
            ]
        ),
        Paragraph([Span("Nothing to follow here.")]),
        BulletList(
            ["Ferries: timetable", "Tolls", "Comments"],
            item_spans=[
                [Span("Ferries: "), Span("timetable", "link", "https://courier.example/ferries")],
                [Span("Tolls")],
                [Span("Comments", "link", "https://news.example/item?id=1")],
            ],
        ),
        Image("The quay at dawn", "https://img.example/quay.jpg"),
        RelatedLink("Storm closes the quay", "Velmont Courier", "https://courier.example/storm"),
    ],
)
ORDER = [
    "https://courier.example/vote",
    "https://courier.example/monday",
    "https://courier.example/ferries",
    "https://news.example/item?id=1",
    "https://img.example/quay.jpg",
    "https://courier.example/storm",
]


def add_article(store, document: Document, guid: str) -> str:
    source = store.sources()[0]
    item = NewArticle(
        title=document.title,
        document=document,
        origin=source.address,
        guid=guid,
        url=document.url,
        published="2026-03-12T13:00:00+00:00",
    )
    return store.ingest(source.id, [item]).added[0]


def article(app) -> ArticleView:
    return main_screen(app).query_one(ArticleView)


def focused_url(app) -> str | None:
    return article(app).focused_url


async def test_tab_and_shift_tab_visit_every_link_in_reading_order(library):
    store, info = library
    article_id = add_article(store, LINKED, "linked")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(article_id)
        await settle(pilot)
        article(app).focus()
        seen = []
        for _ in ORDER:
            await pilot.press("tab")
            seen.append(focused_url(app))
        assert seen == ORDER  # paragraph links, the list's (its "Comments" kept), the picture, the related story
        assert isinstance(app.focused, LinkLine)
        block = article(app).query(LinkedBlock).first()
        await pilot.press("shift+tab")
        assert focused_url(app) == ORDER[-2]
        for expected in reversed(ORDER[:-2]):
            await pilot.press("shift+tab")
            assert focused_url(app) == expected
        await pilot.press("shift+tab")
        assert app.focused is article(app)  # before the first link: the article itself
        await pilot.press("tab", "tab")
        assert app.focused is block and block.current == 1
        text = block.build()
        cursor = block.style_of("paragraph--link-focused").bgcolor
        assert cursor is not None
        focused = [text.plain[s.start : s.end] for s in text.spans if s.style.bgcolor == cursor]
        assert focused == ["Monday"]  # the focused link is highlighted, the others not
        assert "voted[1]" in text.plain and "Monday[2]" in text.plain


async def test_o_and_enter_open_the_focused_link_after_asking(library, monkeypatch):
    store, info = library
    article_id = add_article(store, LINKED, "linked")
    opened = []
    monkeypatch.setattr("newsreader.links.webbrowser.open", lambda url: opened.append(url))
    monkeypatch.setenv("DISPLAY", ":0")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(article_id)
        await settle(pilot)
        article(app).focus()
        await pilot.press("tab", "tab", "o")
        assert isinstance(app.screen, ConfirmOpenScreen) and app.screen.url == ORDER[1]
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, ConfirmOpenScreen) and app.screen.url == ORDER[2]
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.press("y")  # copy: the focused link's address
        assert app.clipboard == ORDER[2]
        await pilot.press("5")  # a number opens its link: the picture's address
        assert isinstance(app.screen, ConfirmOpenScreen) and app.screen.url == ORDER[4]
        await pilot.press("n")
        article(app).focus()  # no link focused: o opens the article's own address
        await pilot.press("o")
        assert app.screen.url == LINKED.url
        await pilot.press("y")
        await app.workers.wait_for_complete()
    assert opened == [ORDER[1], ORDER[2], LINKED.url]


def fake_browser(folder: Path) -> tuple[Path, Path]:
    """A real program standing for w3m: it writes down the address it was given."""
    log = folder / "opened.txt"
    script = folder / "fakebrowser"
    script.write_text(f"#!{sys.executable}\nimport sys\nopen({str(log)!r}, 'a').write(sys.argv[-1] + '\\n')\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, log


async def test_without_a_display_a_terminal_browser_runs_with_the_app_suspended(library, monkeypatch, tmp_path):
    store, info = library
    article_id = add_article(store, LINKED, "linked")
    script, log = fake_browser(tmp_path)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("BROWSER", f"{script} --dump")
    monkeypatch.setattr(sys, "platform", "linux")
    app = make_app(store)
    suspended = []

    @contextlib.contextmanager
    def suspend():  # the headless test driver cannot hand over the terminal; record that the app asked to
        suspended.append("in")
        yield
        suspended.append("out")

    monkeypatch.setattr(app, "suspend", suspend)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(article_id)
        await settle(pilot)
        article(app).focus()
        await pilot.press("tab", "o")
        assert isinstance(app.screen, ConfirmOpenScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert log.read_text() == ORDER[0] + "\n"
    assert suspended == ["in", "out"]


async def test_without_a_display_or_a_terminal_browser_the_address_is_shown_and_copied(library, monkeypatch, tmp_path):
    store, info = library
    article_id = add_article(store, LINKED, "linked")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no w3m, lynx or elinks on it
    monkeypatch.setattr(sys, "platform", "linux")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(article_id)
        await settle(pilot)
        article(app).focus()
        await pilot.press("tab", "o")
        assert isinstance(app.screen, MainScreen)  # nothing to ask about
        assert app.clipboard == ORDER[0]
        assert any(ORDER[0] in str(n.message) for n in app._notifications)


async def test_tab_reaches_links_not_yet_drawn_in_a_long_article(library):
    store, info = library
    filler = [
        Paragraph([Span(f"Paragraph {n} of a long article without links.")])
        for n in range(RUN_SIZE * (FIRST_PIECES + 4))
    ]
    late = Paragraph([Span("At last a "), Span("link", "link", "https://courier.example/late"), Span(".")])
    long = Document(title="A long one", url="https://courier.example/long", blocks=[*filler, late])
    article_id = add_article(store, long, "long")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(article_id)
        await settle(pilot)
        article(app).focus()
        assert not article(app).fully_mounted
        await pilot.press("tab")
        assert focused_url(app) == "https://courier.example/late"
        assert article(app).links[0][0].url == "https://courier.example/late"


async def test_the_title_is_not_shown_again_as_the_first_sentence(library):
    store, info = library
    lede = Document(
        title="Ortis met the mayors on Thursday",
        blocks=[
            Paragraph([Span("Ortis met the mayors on Thursday. They agreed on a timetable.")]),
            Paragraph([Span("The work starts in July.")]),
        ],
    )
    article_id = add_article(store, lede, "lede")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(article_id)
        await settle(pilot)
        body = [block for run in article(app).query(BlockRun) for block in run.blocks]
        assert [block.text for block in body] == ["They agreed on a timetable.", "The work starts in July."]
        assert str(article(app).query_one("#article-title").render()) == "Ortis met the mayors on Thursday"
    assert "Ortis met the mayors on Thursday." in store.article(article_id).document.plain_text()
