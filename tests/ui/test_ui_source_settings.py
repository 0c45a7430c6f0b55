"""Per-source settings in the app, through Pilot on a real store: the `S` dialog (fields filled
from the store, a bad value said inline and nothing kept, a good form saved through the
library) and the background refresh of due sources by the app's clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from support.ui_fixtures import NOW, main_screen, make_app, settle, until
from textual.widgets import Checkbox, Input, Static, TextArea

from newsreader.config import Config
from newsreader.library import Library
from newsreader.refresh import SourceResult
from newsreader.source_settings import SourceSettings
from newsreader.ui.screens.settings_dialog import SourceSettingsScreen
from newsreader.ui.widgets.sources import SourceList

WIDE = (160, 48)


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def pressable(pilot, selector: str) -> None:
    """Wait until the button has shown its last press: Textual ignores a click on a button still
    showing one (``-active``, 0.2 s), and the next click may come sooner than that."""
    button = pilot.app.screen.query_one(selector)
    await until(pilot, lambda: not button.has_class("-active"), f"{selector} to be pressable again")


async def highlight_source(pilot, source_id: int) -> None:
    option_list = main_screen(pilot.app).sources_pane.query_one(SourceList)
    for _ in range(50):  # the sources come from a worker: under load they may land a little later
        if any(option_list.get_option_at_index(i).id == f"source:{source_id}" for i in range(option_list.option_count)):
            break
        await settle(pilot)
        await asyncio.sleep(0.05)
    option_list.focus()
    option_list.highlighted = option_list.get_option_index(f"source:{source_id}")
    await pilot.pause()


async def test_the_settings_dialog_checks_each_field_and_saves_through_the_library(library):
    store, info = library
    metro = info["sources"]["metro"]
    Library(store, Config()).change_source_settings(metro.id, [("interval", "2h"), ("header", "X-Token: abc")])
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight_source(pilot, metro.id)
        await pilot.press("S")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SourceSettingsScreen)
        assert dialog.query_one("#setting-interval", Input).value == "2h"
        assert dialog.query_one("#setting-header", TextArea).text == "X-Token: abc"
        assert dialog.query_one("#setting-enabled", Checkbox).value is True
        dialog.query_one("#setting-interval", Input).value = "soon"
        dialog.query_one("#setting-max_articles", Input).value = "25"
        await pilot.click("#settings-ok")
        await settle(pilot)
        assert app.screen is dialog  # refused: the dialog stays, the message says which field and why
        error = str(dialog.query_one("#settings-error", Static).render())
        assert "interval" in error and "30m" in error
        assert dialog.query_one("#setting-interval", Input).has_class("-refused")
        assert Library(store, Config()).source_settings(metro.id).max_articles is None  # nothing kept yet
        dialog.query_one("#setting-interval", Input).value = "30m"
        dialog.query_one("#setting-header", TextArea).text = "X-Token: abc\nBad Name: 1"
        await pressable(pilot, "#settings-ok")
        await pilot.click("#settings-ok")
        await settle(pilot)
        assert app.screen is dialog and "header" in str(dialog.query_one("#settings-error", Static).render())
        dialog.query_one("#setting-header", TextArea).text = "X-Token: xyz"
        dialog.query_one("#setting-enabled", Checkbox).value = False
        await pressable(pilot, "#settings-ok")
        await pilot.click("#settings-ok")
        await settle(pilot, rounds=3)
        # the save runs in a worker and its answer comes back as a message: a loaded machine is slower
        await until(pilot, lambda: app.screen is not dialog, "the dialog to close")
        await until(pilot, lambda: "Settings of Metro Daily saved." in notes(app), "the save's notice")
        await settle(pilot)
        assert app.screen is not dialog
        assert Library(store, Config()).source_settings(metro.id) == SourceSettings(
            interval=1800, max_articles=25, headers=(("X-Token", "xyz"),), enabled=False
        )
        label = main_screen(app).sources_pane.query_one(SourceList).get_option(f"source:{metro.id}").prompt
        assert str(label).rstrip().endswith("off")  # shown disabled
        assert "Settings of Metro Daily saved." in notes(app)


async def test_the_settings_dialog_cancelled_keeps_everything(library):
    store, info = library
    metro = info["sources"]["metro"]
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight_source(pilot, metro.id)
        await pilot.press("S")
        await settle(pilot)
        app.screen.query_one("#setting-interval", Input).value = "1h"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SourceSettingsScreen)
        assert store.source_settings() == {}


async def test_the_app_refreshes_due_sources_in_the_background(library):
    store, info = library
    courier, metro = info["sources"]["courier"], info["sources"]["metro"]
    settings = Library(store, Config())
    settings.change_source_settings(courier.id, [("interval", "1h")])
    settings.change_source_settings(metro.id, [("interval", "1h")])
    store.update_source(courier.id, last_refreshed=(NOW - timedelta(hours=2)).isoformat())  # due
    store.update_source(metro.id, last_refreshed=(NOW - timedelta(minutes=10)).isoformat())  # not yet
    asked: list[list[int] | None] = []
    threads: list[bool] = []

    def refresh_all(store, config, *, source_ids=None, on_progress=None, cancel=None, **kwargs):
        import threading

        threads.append(threading.current_thread() is threading.main_thread())
        asked.append(source_ids)
        for source_id in source_ids or []:
            store.update_source(source_id, last_refreshed=NOW.isoformat(), last_status="ok")
        return [SourceResult(i, "x", "ok") for i in source_ids or []]

    app = make_app(store, refresh_all=refresh_all)
    app.due_check_seconds = 0.05
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(40):
            await settle(pilot)
            if asked:
                break
            await asyncio.sleep(0.05)
        for _ in range(4):  # more ticks: nothing else is due, so nothing more is refreshed
            await asyncio.sleep(0.06)
            await settle(pilot)
        assert asked == [[courier.id]]
        assert threads == [False]  # in a worker, never on the event loop


async def test_a_running_refresh_is_left_alone_by_the_due_check(library):
    import threading

    store, info = library
    courier = info["sources"]["courier"]
    Library(store, Config()).change_source_settings(courier.id, [("interval", "1h")])  # never refreshed: due
    asked: list[list[int] | None] = []
    release = threading.Event()

    def slow_refresh(store, config, *, source_ids=None, **kwargs):
        asked.append(source_ids)
        release.wait(10)  # still running while the timer ticks on
        return []

    app = make_app(store, refresh_all=slow_refresh)
    app.due_check_seconds = 0.05
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(40):
            await pilot.pause()
            if asked:
                break
            await asyncio.sleep(0.05)
        assert asked == [[courier.id]] and main_screen(app).refreshing
        await asyncio.sleep(0.3)  # six ticks, the source still due: no second refresh beside it
        await pilot.pause()
        assert asked == [[courier.id]]
        assert "A refresh is already running." not in notes(app)  # the timer says nothing of it
        release.set()
        await settle(pilot)
