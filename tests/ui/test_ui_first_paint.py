"""The way to the first frame: one page of headlines from the store and nothing else;
the counts, the view's length and the article read last follow once it is painted."""

from __future__ import annotations

import threading
from typing import Any

from support.ui_fixtures import main_screen, make_app, make_store, settle, simple_document

from newsreader.store import NewArticle
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.screens.welcome import WelcomeScreen
from newsreader.ui.widgets.headline_pages import PAGE_SIZE


class RecordingStore:
    """A store that notes the name of every method called on it, from any thread."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._store, name)
        if not callable(value):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.calls.append(name)
            return value(*args, **kwargs)

        return call


async def test_the_first_frame_reads_one_page_of_headlines_and_nothing_else(tmp_path):
    store, info = make_store(tmp_path)
    recording = RecordingStore(store)
    before_paint: list[str] = []
    app = make_app(recording, on_first_paint=lambda: before_paint.extend(recording.calls))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert before_paint == ["headlines"]
        assert {"unread_total", "sources"} <= set(recording.calls)  # the counts came after
        assert "9 unread" in app.sub_title
        assert main_screen(app).headlines.count == 9
    store.close()


async def test_a_view_longer_than_a_page_is_counted_after_the_first_paint(tmp_path):
    store, _ = make_store(tmp_path, empty=True)
    source = store.add_source("feed", "https://many.example/feed", "Many")
    store.ingest(
        source.id,
        [
            NewArticle(
                f"Story {n}",
                simple_document(f"Story {n}", 1 + n % 28, "Text."),
                source.address,
                guid=f"s{n}",
                published=f"2026-02-{1 + n % 28:02d}T{n % 24:02d}:00:00+00:00",
            )
            for n in range(PAGE_SIZE + 50)
        ],
    )
    recording = RecordingStore(store)
    at_paint: list[int] = []
    app = make_app(recording, on_first_paint=lambda: at_paint.append(main_screen(app).headlines.count))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert at_paint == [PAGE_SIZE]  # one page read: enough to paint
        headlines = main_screen(app).headlines
        assert headlines.counted and headlines.count == PAGE_SIZE + 50
        assert headlines.virtual_size.height == (PAGE_SIZE + 50) * headlines.row_height
        assert recording.calls[0] == "headlines" and "count" in recording.calls
        await pilot.press("G")
        assert headlines.cursor == PAGE_SIZE + 49  # the bottom of the whole view, not of the first page
    store.close()


async def test_the_main_screen_is_the_first_screen(tmp_path):
    store, _ = make_store(tmp_path)
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen_stack[0], MainScreen) and app.screen is app.screen_stack[0]
    store.close()


async def test_an_empty_store_welcomes_and_still_reports_the_first_paint(tmp_path):
    store, _ = make_store(tmp_path, empty=True)
    painted = []
    app = make_app(store, load_demo=lambda: None, on_first_paint=lambda: painted.append(True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert painted == [True]
    store.close()
