"""The app refreshing real feeds from the loopback server: fetch, the parsing processes
(20 sources are enough to start them), the store and the screen, nothing faked."""

from __future__ import annotations

import pytest
from support.loopback import LoopbackServer
from support.ui_fixtures import make_app, make_store, wait_for_workers

from benchmarks.data import make_feed
from newsreader.refresh import POOL_FROM_SOURCES, shutdown_parse_pool
from newsreader.sources.http import fetch
from newsreader.sources.parse_pool import POOL
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.headlines import HeadlineList

FEEDS = 20


@pytest.fixture
def feeds():
    with LoopbackServer() as server:
        for number in range(FEEDS):
            server.static(f"/feed/{number}.xml", make_feed(number, 3, title=f"Loopback {number}"))
        server.static("/broken.xml", b"<html><body>not a feed</body></html>", content_type="text/html")
        yield server
    shutdown_parse_pool()


async def test_refreshing_twenty_real_feeds_in_the_app_fills_the_list_and_reports_the_broken_one(tmp_path, feeds):
    assert FEEDS >= POOL_FROM_SOURCES  # so the parsing runs in the worker processes
    store, _ = make_store(tmp_path)
    before = store.count()
    for number in range(FEEDS):
        store.add_source("feed", feeds.url(f"/feed/{number}.xml"))
    store.add_source("feed", feeds.url("/broken.xml"))
    app = make_app(store, fetch=fetch)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("R")
        for _ in range(3):
            await wait_for_workers(app)
            await pilot.pause()
        screen = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert not screen.refreshing
        assert store.count() == before + FEEDS * 3
        assert screen.query_one(HeadlineList).count == store.count()
        errors = str(screen.query_one("#refresh-errors").render())
        assert "not a feed: looks like an HTML page" in errors
    assert not POOL._broken, "the pool broke"
    assert POOL._executor is not None  # the feeds were parsed in the worker processes
    store.close()
