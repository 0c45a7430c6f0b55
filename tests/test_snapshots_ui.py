"""What the screens look like, at 80x24 and 160x48, with a fixed clock and a fixed library.

Update the baselines with ``pytest tests/test_snapshots_ui.py --snapshot-update``
and look at the SVGs in tests/__snapshots__/ before keeping them.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from ui_fixtures import main_screen, make_app, make_store
from ui_fixtures import settle as settle_workers

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


async def settle(pilot) -> None:
    await settle_workers(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def pressing(*keys: str):
    """A run_before that lets the app settle, presses ``keys``, and settles again."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, library, size):
    store, info = library
    app = make_app(store)
    assert snap_compare(app, terminal_size=size, run_before=pressing("j"))


@pytest.mark.parametrize("size", SIZES)
def test_article_with_quotes_list_and_links(snap_compare, library, size):
    store, info = library
    app = make_app(store)
    assert snap_compare(app, terminal_size=size, run_before=pressing("j", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_search(snap_compare, library, size):
    store, info = library
    app = make_app(store)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash")
        pilot.app.screen.query_one(Input).cursor_blink = False  # the same frame every run
        await pilot.press(*"bridge")
        await pilot.pause(0.3)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, library, size):
    store, info = library
    app = make_app(store)
    assert snap_compare(app, terminal_size=size, run_before=pressing("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare, tmp_path, size):
    store, _ = make_store(tmp_path, empty=True)
    app = make_app(store, load_demo=lambda: None)
    try:
        assert snap_compare(app, terminal_size=size, run_before=settle)
    finally:
        store.close()


def test_bookmark_without_its_whole_text(snap_compare, library):
    """A kept article whose page could not be saved: the note under the meta line, plain text."""
    store, info = library
    kept = info["ids"]["Library extends weekend hours"]
    store.set_full_error(kept, "HTTP 404 [bold]Not Found[/]")

    async def run_before(pilot) -> None:
        await settle(pilot)
        screen = main_screen(pilot.app)
        index = next(i for i in range(screen.headlines.count) if screen.headlines.headline_at(i).id == kept)
        screen.headlines.move_to(index)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(store), terminal_size=(160, 48), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_source_settings_dialog(snap_compare, library, size):
    """`S` on a source with settings of its own, one field refused: the message under the fields."""
    from textual.widgets import TextArea

    from newsreader.config import Config
    from newsreader.library import Library
    from newsreader.ui.sources import SourceList

    store, info = library
    metro = info["sources"]["metro"]
    Library(store, Config()).change_source_settings(
        metro.id, [("interval", "2h"), ("header", "Accept-Language: fr"), ("full_text", "true")])
    app = make_app(store)

    async def run_before(pilot) -> None:
        await settle(pilot)
        option_list = main_screen(pilot.app).sources_pane.query_one(SourceList)
        option_list.focus()
        option_list.highlighted = option_list.get_option_index(f"source:{metro.id}")
        await pilot.press("S")
        await settle(pilot)
        dialog = pilot.app.screen
        for field in dialog.query(Input):
            field.cursor_blink = False  # the same frame every run
        dialog.query_one(TextArea).cursor_blink = False
        dialog.query_one("#setting-max_articles", Input).value = "many"
        await pilot.click("#settings-ok")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
