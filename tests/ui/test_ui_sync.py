"""The app with a sync account: R refreshes the sources, then syncs the account (progress and
errors as for sources); the account and its folders are in the sources pane; marking an
article read in the app is queued and sent at the next R. A loopback Google Reader server."""

from __future__ import annotations

import pytest
from support.greader_server import GReaderServer
from support.ui_fixtures import main_screen, make_app, make_store, settle
from textual.widgets import Input

from newsreader.config import Config
from newsreader.refresh import add_sources, refresh_all
from newsreader.sources.http import fetch
from newsreader.sync import find_account
from newsreader.sync.login import add_account
from newsreader.ui.widgets.headlines import HeadlineList
from newsreader.ui.widgets.sources import SourceList


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("NEWSREADER_PASSWORD", "api-secret")
    with GReaderServer() as running:
        tech = running.add_feed("Tech news", category="Tech")
        running.add_many(tech, 3)
        running.add_item(running.add_feed("Loose feed"), "Loose item")
        yield running


def option_texts(app) -> list[str]:
    options = main_screen(app).query_one(SourceList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_r_syncs_the_account_and_the_pane_shows_it_with_its_folders(tmp_path, server) -> None:
    store, _ = make_store(tmp_path, empty=True)
    add_account(store, Config(), "greader", server.url, "alice", name="fresh")
    app = make_app(store, fetch=fetch, refresh_all=refresh_all, add_sources=add_sources)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("R")
        await settle(pilot, 3)
        screen = main_screen(app)
        assert not screen.refreshing
        texts = [t.strip() for t in option_texts(app)]
        assert texts[3:] == ["⇅ fresh 4", "Loose feed 1", "▾ Tech 3", "Tech news 3"]
        assert screen.query_one(HeadlineList).count == 4
        # mark the newest read in the app: queued, then sent by the next R
        screen.query_one(HeadlineList).focus()
        await pilot.press("m")
        await settle(pilot)
        assert find_account(store, "fresh").pending == 1
        await pilot.press("R")
        await settle(pilot, 3)
        assert find_account(store, "fresh").pending == 0
        assert sum(item.read for item in server.items.values()) == 1
        # a sync that fails is listed with the sources' errors; the change stays queued
        await pilot.press("m")
        await settle(pilot)
        server.drop_after = 0
        await pilot.press("R")
        await settle(pilot, 3)
        errors = str(screen.query_one("#refresh-errors").render())
        assert "account fresh" in errors and "connection" in errors
        assert find_account(store, "fresh").pending == 1
    store.close()


async def test_d_and_f2_on_an_account_subscription_change_it_on_the_server(tmp_path, server) -> None:
    """Removed or renamed only here, the next sync would bring the subscription back as it was."""
    store, _ = make_store(tmp_path, empty=True)
    account = add_account(store, Config(), "greader", server.url, "alice", name="fresh")
    from newsreader.sync import sync_account

    assert sync_account(store, Config(), account).ok
    by_title = {s.title: s for s in store.sources()}
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        options = main_screen(app).sources_pane.query_one(SourceList)
        options.focus()
        options.highlighted = options.get_option_index(f"source:{by_title['Loose feed'].id}")
        await pilot.press("d", "y")
        await settle(pilot, 3)
        assert all(f.title != "Loose feed" for f in server.feeds.values())
        options.highlighted = options.get_option_index(f"source:{by_title['Tech news'].id}")
        await pilot.press("f2")
        await settle(pilot)
        app.screen.query_one(Input).value = "Technology"
        await pilot.press("enter")
        await settle(pilot, 3)
        assert [f.title for f in server.feeds.values()] == ["Technology"]
    assert sync_account(store, Config(), find_account(store, "fresh")).ok
    assert [s.title for s in store.sources()] == ["Technology"]
    store.close()
