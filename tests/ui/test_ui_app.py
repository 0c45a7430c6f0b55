"""The app driven through Pilot: every flow a reader uses, on a real store in tmp_path."""

from __future__ import annotations

import json
from types import SimpleNamespace

from support.ui_fixtures import (
    INJECTION_TITLE,
    main_screen,
    make_app,
    make_config,
    make_store,
    settle,
    until,
    wait_for_workers,
)
from textual.widgets import Input, OptionList

from newsreader.paths import resolve_paths
from newsreader.store import View
from newsreader.ui.screens.dialogs import ConfirmOpenScreen, HelpScreen
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.screens.search import SearchScreen
from newsreader.ui.screens.welcome import WelcomeScreen
from newsreader.ui.widgets.article import ArticleView
from newsreader.ui.widgets.block_widgets import LinkedBlock, LinkLine
from newsreader.ui.widgets.headlines import HeadlineList

WIDE = (160, 48)


def headlines(app) -> HeadlineList:
    return main_screen(app).query_one(HeadlineList)


def article(app) -> ArticleView:
    return main_screen(app).query_one(ArticleView)


async def test_list_shows_newest_first_and_keys_move_the_cursor(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        listing = headlines(app)
        assert listing.count == 9
        assert listing.highlighted.title == "New tram line opens in the east"
        await pilot.press("j", "down")
        assert listing.cursor == 2
        await pilot.press("k")
        assert listing.cursor == 1
        await pilot.press("G")
        assert listing.highlighted.title == INJECTION_TITLE
        await pilot.press("g")
        assert listing.cursor == 0
        await pilot.press("pagedown")
        assert listing.cursor == 8
        await pilot.press("pageup")
        assert listing.cursor == 0


async def test_enter_opens_the_article_and_space_pages_it(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=(160, 20)) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        view = article(app)
        assert view.article_id == info["ids"]["bridge"]
        assert str(view.query_one("#article-title").render()) == "River bridge reopens after two years of repairs"
        assert view.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y > 0


async def test_next_previous_and_next_unread(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("n")  # nothing open yet: opens the highlighted one
        assert article(app).article_id == headlines(app).highlighted.id
        await pilot.press("n")
        assert article(app).article_id == info["ids"]["bridge"]
        await pilot.press("p")
        assert headlines(app).cursor == 0
        store.set_read([info["ids"]["bridge"], info["ids"]["Fishing fleet returns early"]])
        headlines(app).reload()
        await pilot.press("N")
        assert article(app).article_id == info["ids"]["Storm warning for the coast tonight"]


async def test_following_a_link_and_back_and_forward(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        screen = main_screen(app)
        assert screen.check_action("back", ()) is None  # greyed out: nowhere to go
        screen.open_article(info["ids"]["bridge"])
        await pilot.pause()
        links = article(app).query_one("#article-body").query(LinkLine)
        assert [line.target for line in links] == [info["ids"]["Council approves bridge budget"], None]
        assert links[0].has_class("-resolved") and links[1].has_class("-missing")
        await pilot.press("2")  # 1 is the picture's address
        await pilot.pause()
        assert article(app).article_id == info["ids"]["Council approves bridge budget"]
        assert headlines(app).highlighted.id == info["ids"]["Council approves bridge budget"]
        assert "River bridge" in str(article(app).query_one("#breadcrumb").render())
        assert screen.check_action("back", ()) is True
        assert screen.check_action("forward", ()) is None
        await pilot.press("backspace")
        assert article(app).article_id == info["ids"]["bridge"]
        assert screen.check_action("forward", ()) is True
        await pilot.press("alt+right")
        assert article(app).article_id == info["ids"]["Council approves bridge budget"]


async def test_enter_on_a_focused_link_follows_it_and_tab_reaches_links(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(info["ids"]["bridge"])
        await pilot.pause()
        article(app).focus()
        await pilot.press("tab")
        assert isinstance(app.focused, LinkedBlock)  # the picture's address comes first
        await pilot.press("tab")
        assert isinstance(app.focused, LinkLine)
        await pilot.press("enter")
        await pilot.pause()
        assert article(app).article_id == info["ids"]["Council approves bridge budget"]


async def test_an_unresolved_link_opens_the_search_with_its_headline(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(info["ids"]["bridge"])
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one(Input).value == "Ferry service ends as bridge returns"


async def test_bookmark_toggle_and_bookmarks_view(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        first = headlines(app).highlighted.id
        await pilot.press("b")
        await wait_for_workers(app)
        await pilot.pause()
        assert store.article(first).bookmarked
        assert headlines(app).highlighted.bookmarked
        await pilot.press("B")
        await settle(pilot)
        assert headlines(app).count == 2
        assert app.sub_title.startswith("Bookmarks")
        await pilot.press("b")  # drops the highlighted bookmark
        await wait_for_workers(app)
        await pilot.pause()
        assert len(store.bookmarks()) == 1


async def test_search_as_you_type_then_escape_returns(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j")
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"harbour")
        results = app.screen.query_one("#search-results", OptionList)
        await until(pilot, lambda: results.option_count >= 1, "the search's results after its debounce")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert headlines(app).cursor == 1
        assert article(app).article_id is None


async def test_search_enter_opens_the_result(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"tram")
        results = app.screen.query_one("#search-results", OptionList)
        await until(pilot, lambda: results.option_count >= 1, "the search's results after its debounce")
        await pilot.press("enter")
        await pilot.pause()
        assert article(app).article_id == info["ids"]["New tram line opens in the east"]


async def test_article_is_marked_read_after_the_timer(library):
    store, info = library
    app = make_app(store, make_config(mark_read_after=2.5))  # long enough that 'not read yet' is seen
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        first = article(app).article_id
        assert not store.article(first).read
        await until(pilot, lambda: store.article(first).read, "the read timer")
        await settle(pilot)
        assert store.article(first).read
        assert headlines(app).highlighted.read
        assert "8 unread" in app.sub_title


async def test_moving_on_cancels_the_read_timer(library):
    store, info = library
    config = make_config(mark_read_after=3600)  # the first article's timer: never due during the test
    app = make_app(store, config)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        first = article(app).article_id
        first_timer = main_screen(app)._read_timer
        stopped = []
        stop = first_timer.stop
        first_timer.stop = lambda: (stopped.append(first), stop())[1]
        config.reader.mark_read_after = 0.2  # the second article's
        await pilot.press("n")
        second = article(app).article_id
        assert stopped == [first]  # moving on stopped the first article's timer
        await until(pilot, lambda: store.article(second).read, "the second article's read timer")
        await settle(pilot)
        assert not store.article(first).read


async def test_toggle_read_and_mark_all_read(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        first = headlines(app).highlighted.id
        await pilot.press("m")
        await settle(pilot)
        assert store.article(first).read
        assert "8 unread" in app.sub_title
        await pilot.press("m")
        assert not store.article(first).read
        await pilot.press("A")
        await settle(pilot)
        assert store.unread_total() == 0
        assert "0 unread" in app.sub_title
        assert headlines(app).highlighted.read


def fake_refresh(store, config, *, source_ids=None, fetch=None, on_progress=None, cancel=None):
    """Two sources: the first adds an article, the second fails; progress as refresh_all reports it."""
    from support.ui_fixtures import simple_document

    from newsreader.refresh import ProgressEvent, SourceResult
    from newsreader.store import NewArticle

    results = []
    sources = store.sources()[:2]
    for done, source in enumerate(sources, start=1):
        if source.title == "Valley Courier":
            fresh = NewArticle(
                "Fresh from the refresh",
                simple_document("Fresh", 12, "New."),
                source.address,
                guid="fresh",
                published="2026-03-12T11:59:00+00:00",
            )
            added = len(store.ingest(source.id, [fresh]).added)
            result = SourceResult(source.id, source.title, "ok", added=added)
        else:
            result = SourceResult(source.id, source.title, "error", error="HTTP 503 [bold]Service Unavailable[/]")
        results.append(result)
        if on_progress:
            on_progress(ProgressEvent(done, len(sources), source.id, source.title, result.status, result.error))
    return results


async def test_refresh_all_shows_progress_new_rows_and_errors(library):
    store, info = library
    app = make_app(store, refresh_all=fake_refresh)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("R")
        await wait_for_workers(app)
        await pilot.pause()
        assert headlines(app).count == 10
        assert headlines(app).headline_at(0).title == "Fresh from the refresh"
        errors = str(main_screen(app).query_one("#refresh-errors").render())
        assert [s.title for s in store.sources()[:2]] == ["Valley Courier", "Harbour News"]
        assert "Harbour News" in errors and "HTTP 503 [bold]Service Unavailable[/]" in errors
        assert not main_screen(app).refreshing


async def test_a_failing_refresh_is_reported_and_the_app_goes_on(library):
    store, info = library

    def broken(*args, **kwargs):
        raise RuntimeError("network is down")

    app = make_app(store, refresh_all=broken)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await wait_for_workers(app)
        await pilot.pause()
        assert not main_screen(app).refreshing
        assert any("network is down" in str(n.message) for n in app._notifications)
        await pilot.press("j")
        assert headlines(app).cursor == 1


async def test_narrow_layout_switches_between_list_and_article(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main_screen(app)
        assert screen.has_class("-narrow")
        assert not screen.query_one("#sources").display or screen.query_one("#sources").region.width == 0
        assert article(app).region.width == 0
        await pilot.press("enter")
        await pilot.pause()
        assert article(app).region.width == 80
        assert headlines(app).region.width == 0
        await pilot.press("escape")
        await pilot.pause()
        assert headlines(app).region.width == 80
        await pilot.press("s")
        await pilot.pause()
        assert screen.query_one("#sources").region.width > 0


async def test_welcome_screen_on_an_empty_store_loads_the_demo(tmp_path):
    store, _ = make_store(tmp_path, empty=True)
    loaded = []

    def load_demo():
        from support.ui_fixtures import fill_store

        fill_store(store)
        loaded.append(True)

    app = make_app(store, load_demo=load_demo)
    async with app.run_test(size=WIDE) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "newsreader add URL|FILE|FOLDER" in text
        await pilot.press("d")
        await wait_for_workers(app)
        await pilot.pause()
        assert loaded and isinstance(app.screen, MainScreen)
        assert headlines(app).count == 9
    store.close()


async def test_markup_in_a_title_shows_literally_and_clicking_does_not_quit(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("G", "enter")
        await pilot.pause()
        title = article(app).query_one("#article-title")
        assert str(title.render()) == INJECTION_TITLE
        await pilot.click(title)
        await pilot.click(HeadlineList, offset=(10, 8))
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None


async def test_keys_from_config_replace_the_defaults(library):
    store, info = library
    app = make_app(store, make_config(keys={"cursor_down": "ctrl+n", "search": "f3"}))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+n")
        assert headlines(app).cursor == 1
        await pilot.press("j")
        assert headlines(app).cursor == 1
        await pilot.press("f3")
        assert isinstance(app.screen, SearchScreen)


async def test_help_lists_every_binding(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {description for _, rows in app.screen.sections for _, description in rows}
        for binding in MainScreen.BINDINGS + HeadlineList.BINDINGS + LinkLine.BINDINGS:
            if binding.description != "Follow link n":
                assert (binding.tooltip or binding.description) in described
        assert "Follow the n-th link" in described
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_open_in_browser_confirms_and_refuses_unsafe_addresses(library, monkeypatch):
    store, info = library
    opened = []
    monkeypatch.setattr("newsreader.links.webbrowser.open", lambda url: opened.append(url))
    monkeypatch.setenv("DISPLAY", ":0")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, ConfirmOpenScreen)
        await pilot.press("y")
        await wait_for_workers(app)
        assert opened == [headlines(app).highlighted.url]
        main_screen(app)._open = {"id": "x", "read": True, "bookmarked": False, "url": "javascript:alert(1)"}
        article(app).article_id = "x"
        article(app).focus()
        await pilot.press("o")
        assert isinstance(app.screen, MainScreen)
        assert len(opened) == 1


async def test_copy_address(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y")
        assert app.clipboard == headlines(app).highlighted.url


async def test_history_is_saved_on_exit_and_restored(library, tmp_path):
    store, info = library
    paths = resolve_paths(tmp_path / "home")
    app = make_app(store, paths=paths)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(info["ids"]["bridge"])
        await pilot.press("2")
        await pilot.pause()
    state = json.loads(paths.state.read_text())
    assert state["history"] == [info["ids"]["bridge"], info["ids"]["Council approves bridge budget"]]
    again = make_app(store, paths=paths)
    async with again.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert article(again).article_id == info["ids"]["Council approves bridge budget"]
        await pilot.press("backspace")
        assert article(again).article_id == info["ids"]["bridge"]


async def test_choosing_a_source_shows_its_headlines(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        main_screen(app).query_one("#source-list").focus()
        await pilot.press("down", "down", "down", "enter")  # All, Unread, Bookmarks, Metro Daily
        await settle(pilot)
        assert headlines(app).view == View(source_id=info["sources"]["metro"].id)
        assert headlines(app).count == 3
        assert app.sub_title.startswith("Metro Daily")


async def test_refresh_of_the_selected_source_passes_its_id(library):
    store, info = library
    calls = []

    def recording_refresh(store, config, *, source_ids=None, on_progress=None, cancel=None, **kwargs):
        calls.append((source_ids, kwargs))
        return []

    fetch = object()
    app = make_app(store, refresh_all=recording_refresh, fetch=fetch)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).choose_view(f"source:{info['sources']['harbour'].id}")
        await pilot.press("r")
        await wait_for_workers(app)
        await pilot.pause()
        await pilot.press("R")
        await wait_for_workers(app)
        await settle(pilot)
        source_list = main_screen(app).query_one("#source-list")
        source_list.focus()
        await settle(pilot)
        # What "r" refreshes is the entry highlighted in the pane (set directly: a count update
        # landing between key presses may move the highlight, which is not what this test is about).
        source_list.highlighted = source_list.get_option_index(f"source:{info['sources']['metro'].id}")
        await pilot.pause()
        await pilot.press("r")
        await wait_for_workers(app)
    assert calls == [
        ([info["sources"]["harbour"].id], {"fetch": fetch}),
        (None, {"fetch": fetch}),
        ([info["sources"]["metro"].id], {"fetch": fetch}),
    ]


def test_refresh_progress_messages_coalesce():
    from newsreader.ui.messages import RefreshFinished, RefreshProgress

    older, newer = RefreshProgress(1, 5), RefreshProgress(2, 5)
    assert newer.can_replace(older)
    assert not RefreshFinished([], []).can_replace(older)


async def test_add_a_source_from_the_app(library):
    store, info = library
    added = []

    def fake_add(store, config, specs, **kwargs):
        added.extend(specs)
        return [SimpleNamespace(name=specs[0], status="error", error="no feed found there")]

    app = make_app(store, add_sources=fake_add)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("a")
        await pilot.press(*"https://new.example/feed", "enter")
        await wait_for_workers(app)
        await pilot.pause()
        assert added == ["https://new.example/feed"]
        assert "no feed found there" in str(main_screen(app).query_one("#refresh-errors").render())


def palette_text(app) -> str:
    options = app.screen.query(OptionList)
    return " ".join(str(option.prompt) for option in options.first().options) if options else ""


async def test_the_command_palette_finds_commands_sources_and_articles(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"harbour")
        await until(pilot, lambda: "harbour" in palette_text(app).lower(), "the palette's matches")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert headlines(app).view == View(source_id=info["sources"]["harbour"].id)
        await pilot.press("ctrl+p")
        await pilot.press(*"tram line")
        await until(
            pilot, lambda: "New tram line opens in the east" in palette_text(app), "the palette's article match"
        )


async def test_a_chosen_theme_is_remembered(library, tmp_path):
    store, info = library
    paths = resolve_paths(tmp_path / "home")
    app = make_app(store, paths=paths)
    async with app.run_test(size=WIDE) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert 'theme = "nord"' in paths.config.read_text()


def test_progress_tally_counts_refresh_events():
    from newsreader.refresh import ProgressEvent
    from newsreader.ui.source_jobs import ProgressTally

    tally = ProgressTally(3)
    tally.record(ProgressEvent(1, 3, 1, "One", "ok", "2 new, 0 updated"))
    assert (tally.done, tally.total, tally.changed, tally.errors) == (1, 3, True, [])
    tally.record(ProgressEvent(2, 3, 2, "Two\x1b[31m", "error", "timed out"))
    assert tally.errors == [("Two", "timed out")] and not tally.changed


async def test_bookmarking_a_summary_saves_its_whole_page(library):
    from newsreader.sources.http import Response

    store, info = library
    words = " ".join(f"word{n}" for n in range(200))
    page = (
        f"<html><head><title>Tram</title></head><body><article><h1>New tram line opens in the east</h1>"
        f"<p>The whole story, at last. {words}.</p><p>A second paragraph of the page, {words}.</p>"
        f"</article></body></html>"
    ).encode()
    fetched = []

    def page_fetch(url, **kwargs):
        fetched.append(url)
        return Response(200, url, page, {"content-type": "text/html; charset=utf-8"})

    app = make_app(store, fetch=page_fetch)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter", "b")
        await settle(pilot)
        tram = info["ids"]["New tram line opens in the east"]
        assert fetched == [store.article(tram).url]
        assert store.article(tram).full_document is not None
        shown = [block.text for run in article(app).query("BlockRun") for block in run.blocks if hasattr(block, "text")]
        assert any("The whole story, at last." in text for text in shown)
        assert any("Saved the whole text" in str(n.message) for n in app._notifications)


async def test_a_failed_whole_text_keeps_the_bookmark(library):
    store, info = library
    app = make_app(store)  # the offline fetch: every page fails
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("b")
        await settle(pilot)
        first = headlines(app).highlighted
        assert first.bookmarked and store.article(first.id).bookmarked
        assert any("could not be saved" in str(n.message) for n in app._notifications)


async def test_a_refresh_lights_up_a_related_link_it_can_now_resolve(library):
    """The bridge story links to a ferry story nobody had; once a refresh brings it, the link leads there."""
    from support.ui_fixtures import simple_document

    from newsreader.refresh import SourceResult
    from newsreader.store import NewArticle

    store, info = library
    bridge = info["ids"]["bridge"]
    assert store.links.targets(bridge)[1] is None

    def refresh_bringing_the_ferry_story(store, config, *, source_ids=None, on_progress=None, cancel=None, **kwargs):
        harbour = info["sources"]["harbour"]
        url = "https://harbour.example/ferry"
        story = NewArticle(
            "Ferry service ends as bridge returns",
            simple_document("Ferry", 11, "The ferry stops.", url),
            harbour.address,
            guid="ferry",
            url=url,
            published="2026-03-11T08:00:00+00:00",
        )
        added = store.ingest(harbour.id, [story]).added
        return [SourceResult(harbour.id, harbour.title, "ok", added=len(added))]

    app = make_app(store, refresh_all=refresh_bringing_the_ferry_story)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("R")
        await wait_for_workers(app)
        await pilot.pause()
    ferry = store.article_by_url("https://harbour.example/ferry")
    assert ferry is not None
    assert store.links.targets(bridge)[1] == ferry


async def test_a_medium_terminal_keeps_the_sources_behind_s(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        sources = main_screen(app).query_one("#sources")
        assert not sources.display
        assert main_screen(app).query_one("#article").display and main_screen(app).query_one("#headlines").display
        await pilot.press("s")
        await pilot.pause()
        assert sources.display
        await pilot.press("s")
        await pilot.pause()
        assert not sources.display


async def test_in_the_article_j_k_scroll_and_escape_returns_to_the_list(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(info["ids"]["bridge"])
        await pilot.pause()
        article(app).focus()
        await pilot.pause()
        article(app).scroll_home(animate=False)
        await pilot.press("j")
        await pilot.pause()
        assert article(app).scroll_y > 0 or article(app).max_scroll_y == 0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, HeadlineList)


async def test_a_key_setting_for_no_action_is_reported(library):
    store, info = library
    app = make_app(store, make_config(keys={"bokmark": "ctrl+b", "toggle_bookmark": "ctrl+b"}))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)  # reported once the first frame is painted
        messages = [n.message for n in app._notifications]
        assert any("bokmark" in m and "no such action" in m for m in messages)
        assert not any("toggle_bookmark" in m for m in messages)


async def test_search_as_you_type_finds_the_word_being_typed(library):
    # "tra" is no word of the library: the word being typed matches as a prefix (tram).
    store, info = library
    app = make_app(store)

    async def results_after(*keys: str) -> list[str]:
        await pilot.press(*keys)
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one("#search-results", OptionList)
        return [o.id for o in (results.get_option_at_index(i) for i in range(results.option_count)) if o.id]

    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        assert info["ids"]["New tram line opens in the east"] in await results_after(*"tra")
        # Operators and an open phrase are searched as well as they can be, never an error.
        assert info["ids"]["New tram line opens in the east"] in await results_after(
            "space", "O", "R", "space", "quotation_mark", *"tra"
        )
        assert await results_after("right_parenthesis", "space", *"NEAR", "left_parenthesis") is not None
        assert isinstance(app.screen, SearchScreen)


async def test_u_undoes_mark_all_read_and_only_what_it_changed(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        rows = [headlines(app).headline_at(i) for i in range(headlines(app).count)]
        already_read = rows[0].id
        store.set_read([already_read])  # read before the A: stays read after the undo
        await pilot.press("A")
        await settle(pilot)
        await wait_for_workers(app)
        assert store.unread_total() == 0
        assert "u Undo" in app.screen._compositor.render_strips()[-1].text  # the footer offers it
        marked = [row.id for row in rows if row.id != already_read]
        await pilot.press("u")
        await settle(pilot)
        await wait_for_workers(app)
        await settle(pilot)
        assert not any(store.article(article_id).read for article_id in marked)
        assert store.article(already_read).read
        assert not headlines(app).headline_at(1).read
        assert f"{len(marked)} unread" in app.sub_title
        assert "u Undo" not in app.screen._compositor.render_strips()[-1].text  # one level: nothing left
        # Read by hand before the next A: not one of its changes, so still read after u.
        by_hand = marked[0]
        store.set_read([by_hand])
        await pilot.press("A")
        await wait_for_workers(app)
        await settle(pilot)
        await pilot.press("u")
        await wait_for_workers(app)
        await settle(pilot)
        assert store.article(by_hand).read
        assert not any(store.article(article_id).read for article_id in marked[1:])
        await pilot.press("u")  # nothing left to undo: a note, nothing changes
        await settle(pilot)
        assert not any(store.article(article_id).read for article_id in marked[1:])


async def test_notify_command_runs_after_a_refresh_in_the_app(library, tmp_path):
    import sys

    store, info = library
    received = tmp_path / "received.json"
    config = make_config()
    config.refresh.notify_command = [
        sys.executable,
        "-c",
        "import sys; open(sys.argv[1], 'w').write(sys.stdin.read())",
        str(received),
    ]
    app = make_app(store, config, refresh_all=fake_refresh)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("R")
        await wait_for_workers(app)
        await pilot.pause()
        assert headlines(app).headline_at(0).title == "Fresh from the refresh"  # the list did not wait for it
        document = json.loads(received.read_text())
        assert document["new"] == 1
        assert [a["title"] for a in document["articles"]] == ["Fresh from the refresh"]
        assert not any("Notify command" in str(n.title) for n in app._notifications)


async def test_a_failing_notify_command_is_shown_in_the_app_and_the_refresh_stands(library):
    import sys

    store, info = library
    config = make_config()
    config.refresh.notify_command = [sys.executable, "-c", "import sys; sys.stderr.write('[bold]no bus'); sys.exit(2)"]
    app = make_app(store, config, refresh_all=fake_refresh)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("R")
        await wait_for_workers(app)
        await pilot.pause()
        assert headlines(app).count == 10
        notes = [str(n.message) for n in app._notifications if n.title == "Notify command"]
        assert notes and "exit status 2" in notes[0] and "[bold]no bus" in notes[0]
        assert not main_screen(app).refreshing
        before = headlines(app).cursor
        await pilot.press("j")
        assert headlines(app).cursor == before + 1
