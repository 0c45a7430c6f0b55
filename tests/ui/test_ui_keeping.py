"""Kept articles in the app: the whole text shown, `t` for the feed's text, a failed page explained,
and the whole text fetched after a refresh."""

from __future__ import annotations

from support.ui_fixtures import main_screen, make_app, paragraph, wait_for_workers
from support.ui_fixtures import settle as settle_rounds
from textual.widgets import Static

from newsreader.document.blocks import Document
from newsreader.sources.http import Response
from newsreader.ui.widgets.article import ArticleView

WIDE = (160, 48)
LIBRARY = "Library extends weekend hours"  # the fixture's one bookmark


async def settle(pilot) -> None:
    await settle_rounds(pilot, rounds=3)  # a refresh, then the whole-text fetch it starts


def shown_text(app) -> str:
    view = main_screen(app).query_one(ArticleView)
    return "\n".join(block.text for run in view.query("BlockRun") for block in run.blocks if hasattr(block, "text"))


def meta(app) -> str:
    return str(main_screen(app).query_one("#article-meta", Static).render())


def whole(title: str) -> Document:
    return Document(title=title, blocks=[paragraph("The whole story from the page."), paragraph("And more of it.")])


async def open_titled(app, pilot, title: str) -> None:
    screen = main_screen(app)
    index = next(i for i in range(screen.headlines.count) if screen.headlines.headline_at(i).title == title)
    screen.headlines.move_to(index)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_whole_text_is_read_and_t_switches_to_the_feeds_text(library):
    store, info = library
    kept = info["ids"][LIBRARY]
    store.set_full_document(kept, whole(LIBRARY))
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, LIBRARY)
        assert "The whole story from the page." in shown_text(app)
        assert meta(app).endswith("whole text")
        assert main_screen(app).check_action("toggle_feed_text", ()) is True
        await pilot.press("t")
        await pilot.pause()
        assert "More words about it for the search index." in shown_text(app)
        assert "The whole story" not in shown_text(app)
        assert meta(app).endswith("feed's text")
        await pilot.press("t")
        await pilot.pause()
        assert "The whole story from the page." in shown_text(app)
        await pilot.press("t")
        await open_titled(app, pilot, "Harvest festival draws record crowds")
        await open_titled(app, pilot, LIBRARY)
        assert "The whole story from the page." in shown_text(app), "each article starts on its whole text"


async def test_t_is_greyed_out_without_a_whole_text_and_hidden_without_an_article(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        assert main_screen(app).check_action("toggle_feed_text", ()) is False
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(app).check_action("toggle_feed_text", ()) is None
        before = shown_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert shown_text(app) == before
        assert "whole text" not in meta(app) and "feed's text" not in meta(app)


async def test_a_bookmark_whose_page_failed_says_so_in_plain_text(library):
    store, info = library
    kept = info["ids"][LIBRARY]
    store.set_full_error(kept, "HTTP 404 [bold red]Not Found[/]")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, LIBRARY)
        note = main_screen(app).query_one("#article-note", Static)
        assert note.display
        assert str(note.render()) == (
            "Whole text not saved: HTTP 404 [bold red]Not Found[/] — retried on the next refresh"
        )
        await open_titled(app, pilot, "Harvest festival draws record crowds")
        assert not note.display, "only a bookmark without its whole text shows the note"


async def test_bookmarking_offline_shows_the_note_without_redrawing(library):
    store, info = library
    app = make_app(store)  # offline: every page fails
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter", "b")
        await settle(pilot)
        note = main_screen(app).query_one("#article-note", Static)
        assert note.display and "offline in tests" in str(note.render())
        await pilot.press("b")
        await settle(pilot)
        assert not note.display


def no_change_refresh(store, config, *, source_ids=None, fetch=None, on_progress=None, cancel=None):
    return []


async def test_after_a_refresh_missing_whole_texts_are_fetched_and_the_open_one_is_shown(library):
    store, info = library
    kept = info["ids"][LIBRARY]
    words = " ".join(f"word{n}" for n in range(200))
    page = (
        f"<html><head><title>Library</title></head><body><article><h1>{LIBRARY}</h1>"
        f"<p>The library will open on Sundays from April. {words}.</p><p>Second paragraph, {words}.</p>"
        f"</article></body></html>"
    ).encode()
    fetched = []

    def page_fetch(url, **kwargs):
        fetched.append(url)
        return Response(200, url, page, {"content-type": "text/html; charset=utf-8"})

    app = make_app(store, fetch=page_fetch, refresh_all=no_change_refresh)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, LIBRARY)
        assert "Sundays" not in shown_text(app)
        await pilot.press("R")
        await settle(pilot)
        assert fetched == [store.article(kept).url]
        assert store.article(kept).full_document is not None
        assert "The library will open on Sundays from April." in shown_text(app)
        assert meta(app).endswith("whole text")
        notes = [str(n.message) for n in app._notifications]
        assert any("Saved the whole text of 1 bookmark for offline reading." in n for n in notes)


async def test_failed_pages_after_a_refresh_are_counted(library):
    store, info = library
    app = make_app(store, refresh_all=no_change_refresh)  # offline fetch
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("R")
        await settle(pilot)
        notes = [str(n.message) for n in app._notifications]
        assert any("1 bookmark kept the feed's text" in n for n in notes)
        assert store.article(info["ids"][LIBRARY]).full_error


HARVEST = "Harvest festival draws record crowds"


async def test_f_fetches_any_articles_page_shows_it_marked_and_t_goes_back(library):
    from support.loopback import LoopbackServer

    from newsreader.sources.http import fetch as http_fetch

    store, info = library
    words = " ".join(f"grain{n}" for n in range(200))
    page = (
        f"<html><head><title>Harvest</title></head><body><article><h1>{HARVEST}</h1>"
        f"<p>Forty thousand visitors came to the pumpkin weighing. {words}.</p><p>More, {words}.</p>"
        "</article></body></html>"
    )
    with LoopbackServer() as server:
        server.static("/harvest", page, content_type="text/html; charset=utf-8")
        server.error("/broken", 500)
        asked = []

        def loopback_fetch(url, **kwargs):  # the article's address, served by the loopback server
            asked.append(url)
            return http_fetch(server.url("/broken" if "bridge" in url else "/harvest"), **kwargs)

        app = make_app(store, fetch=loopback_fetch)
        async with app.run_test(size=WIDE) as pilot:
            await open_titled(app, pilot, HARVEST)
            assert "pumpkin" not in shown_text(app)
            await pilot.press("f")
            await wait_for_workers(app)
            await settle(pilot)
            harvest = info["ids"][HARVEST]
            assert asked == [store.article(harvest).url]
            assert "Forty thousand visitors came to the pumpkin weighing." in shown_text(app)
            assert meta(app).endswith("whole text")
            assert not store.article(harvest).bookmarked  # fetched, not kept as a bookmark
            assert harvest in [hit.headline.id for hit in store.search("pumpkin")]
            await pilot.press("t")
            await pilot.pause()
            assert "pumpkin" not in shown_text(app) and meta(app).endswith("feed's text")
            await pilot.press("t")
            await pilot.pause()
            assert "pumpkin" in shown_text(app)

            # A page that fails: said, and the article is as it was.
            await open_titled(app, pilot, "River bridge reopens after two years of repairs")
            before = shown_text(app)
            await pilot.press("f")
            await wait_for_workers(app)
            await settle(pilot)
            notes = [str(n.message) for n in app._notifications]
            assert any("Could not fetch the whole text" in n and "500" in n for n in notes), notes
            assert shown_text(app) == before
            assert "whole text" not in meta(app)
