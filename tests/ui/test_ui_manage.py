"""Managing sources in the app, driven through Pilot on a real store: remove (asks first),
rename, adding one twice; and the footer's bookmark key on a kept article."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fixtures import main_screen, make_app, make_config, settle
from textual.widgets import Input

from newsreader.store import View
from newsreader.ui.screens.dialogs import ConfirmRemoveScreen, RenameSourceScreen
from newsreader.ui.widgets.sources import SourceList

WIDE = (160, 48)


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def source_keys(app) -> list[str]:
    option_list = main_screen(app).sources_pane.query_one(SourceList)
    return [option_list.get_option_at_index(i).id for i in range(option_list.option_count)]


async def highlight_source(pilot, source_id: int) -> None:
    option_list = main_screen(pilot.app).sources_pane.query_one(SourceList)
    option_list.focus()
    option_list.highlighted = option_list.get_option_index(f"source:{source_id}")
    await pilot.pause()


async def test_remove_asks_first_then_drops_the_source_and_keeps_its_bookmarks(library):
    store, info = library
    courier = info["sources"]["courier"]
    kept = info["ids"]["Library extends weekend hours"]
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.choose_view(f"source:{courier.id}")
        await settle(pilot)
        await highlight_source(pilot, courier.id)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmRemoveScreen)
        assert app.screen.source_name == "Valley Courier"
        await pilot.press("n")  # cancelled: nothing changes
        await settle(pilot)
        assert store.get_source(courier.id) is not None
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("enter")  # the focused button is Cancel: Enter alone never removes
        await settle(pilot)
        assert store.get_source(courier.id) is not None
        await pilot.press("d", "y")
        await settle(pilot, rounds=3)
        assert store.get_source(courier.id) is None
        assert f"source:{courier.id}" not in source_keys(app)
        assert screen.view_key == "all"  # its view is gone: back to every article
        titles = {screen.headlines.pages.row(i).title for i in range(screen.headlines.count)}
        assert "Library extends weekend hours" in titles  # kept, whole, listed
        assert "Harvest festival draws record crowds" not in titles
        assert store.article(kept) is not None and [h.id for h in store.bookmarks()] == [kept]
        assert any(
            n.startswith("Removed Valley Courier and") and "1 bookmark stays in Bookmarks" in n for n in notes(app)
        )


async def test_rename_gives_a_source_a_title_of_its_own(library):
    store, info = library
    metro = info["sources"]["metro"]
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight_source(pilot, metro.id)
        await pilot.press("escape")
        await settle(pilot)
        await highlight_source(pilot, metro.id)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, RenameSourceScreen)
        field = app.screen.query_one(Input)
        assert field.value == "Metro Daily"
        field.value = "City Paper"
        await pilot.press("enter")
        await settle(pilot, rounds=3)
        assert store.get_source(metro.id).title == "City Paper"
        option_list = main_screen(app).sources_pane.query_one(SourceList)
        label = option_list.get_option(f"source:{metro.id}").prompt
        assert "City Paper" in str(label)
        assert "Renamed to City Paper." in notes(app)
        assert {h.feed for h in store.headlines(View(source_id=metro.id))} == {"City Paper"}


async def test_rename_cancelled_or_unchanged_changes_nothing(library):
    store, info = library
    metro = info["sources"]["metro"]
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight_source(pilot, metro.id)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one(Input).value = "Something else"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e", "enter")  # the same title
        await settle(pilot)
        assert store.get_source(metro.id).title == "Metro Daily"
        assert not any(n.startswith("Renamed") for n in notes(app))


async def test_remove_and_rename_need_a_source_chosen(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        main_screen(app).sources_pane.query_one(SourceList).focus()  # on "All"
        await pilot.press("d", "e")
        await settle(pilot)
        assert not isinstance(app.screen, (ConfirmRemoveScreen, RenameSourceScreen))
        assert "Choose a source in the sources pane to remove." in notes(app)
        assert "Choose a source in the sources pane to rename." in notes(app)
        assert len(store.sources()) == 3


async def test_remove_and_rename_keys_come_from_the_config(library):
    store, info = library
    app = make_app(store, make_config(keys={"remove_source": "x", "rename_source": "ctrl+r"}))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not any("no such action" in n for n in notes(app))
        await highlight_source(pilot, info["sources"]["harbour"].id)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmRemoveScreen)
        await pilot.press("escape", "ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, RenameSourceScreen)
        keys = {description: shown for _, rows in app.help_sections() for shown, description in rows}
        assert keys["Remove the selected source or saved view (asks first; bookmarks stay)"] == "x"


async def test_adding_a_source_twice_says_it_is_there(tmp_path: Path):
    from support.ui_fixtures import make_store

    folder = tmp_path / "Island articles"
    folder.mkdir()
    (folder / "ferry.txt").write_text(" date 2026-03-04 The ferry board met on Tuesday.\n\nIt agreed.\n", "utf-8")
    store, _ = make_store(tmp_path, empty=True)
    app = make_app(store)
    try:
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            for _ in range(2):
                main_screen(app).add_source(str(folder))
                await settle(pilot, rounds=3)
            assert [n for n in notes(app) if not n.startswith("Adding")] == [
                "Source added.",
                "Already subscribed: Island articles.",
            ]
            assert len(store.sources()) == 1
    finally:
        store.close()


@pytest.mark.parametrize("width", [80, 100])
async def test_the_footer_offers_to_unbookmark_a_kept_article(library, width):
    """The word is the one of the `unbookmark` command and of "Bookmark removed.", and the
    footer still ends whole: at 80 columns the Enter key (known to all) makes room."""
    store, info = library
    app = make_app(store)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        from test_ui_footer import assert_whole, footer_line

        screen = main_screen(app)
        assert "b Bookmark" in footer_line(app)
        while screen.headlines.highlighted.id != info["ids"]["Library extends weekend hours"]:
            await pilot.press("j")  # the list's cursor comes to a kept article
        await settle(pilot)
        line = footer_line(app)
        assert "Bookmark" not in line
        assert_whole(line, "m Read", "b Unbookmark", "/ Search", "R Refresh", "s Sources", "? Help", "q Quit")
        assert "Unstar" not in line
        assert ("Open" in line) == (width > 80)
        await pilot.press("enter")
        await settle(pilot)
        screen.article_view.focus()
        await settle(pilot)
        assert_whole(footer_line(app), "esc List", "n Next", "b Unbookmark", "? Help")  # the article's footer
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("b")  # drops the bookmark
        await settle(pilot)
        assert not store.article(info["ids"]["Library extends weekend hours"]).bookmarked
        assert "b Bookmark" in footer_line(app)


@pytest.mark.parametrize("width", [80, 120])
async def test_the_footer_offers_to_mark_a_read_article_unread(library, width):
    """ "m" on a read article marks it unread: the footer says so, and still ends whole."""
    store, info = library
    app = make_app(store)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        from test_ui_footer import assert_whole, footer_line

        screen = main_screen(app)
        first = screen.headlines.highlighted.id
        assert not store.article(first).read
        assert "m Read" in footer_line(app)
        await pilot.press("m")
        await settle(pilot)
        assert store.article(first).read
        assert_whole(footer_line(app), "m Unread", "? Help", "q Quit")
        await pilot.press("m")
        await settle(pilot)
        assert not store.article(first).read and "m Read" in footer_line(app)
