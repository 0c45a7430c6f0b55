"""A refresh whose search indexing fails at its end (the disk full): its articles are kept,
queued, and the next refresh indexes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.loopback import LoopbackServer
from support.search_queue import index_is_sound, queued

from benchmarks.data import make_feed
from newsreader.config import Config
from newsreader.refresh import refresh_all
from newsreader.store import Store, StoreError
from newsreader.store.ingest import Ingesting


def test_a_refresh_whose_indexing_fails_leaves_its_articles_for_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexing = Ingesting.index_pending

    def disk_full(self: Ingesting) -> int:
        raise StoreError("the disk holding the store is full")

    with LoopbackServer() as server, Store(tmp_path / "full.db") as store:
        for feed in range(3):
            server.static(f"/{feed}.xml", make_feed(feed, 4))
            store.add_source("feed", server.url(f"/{feed}.xml"))
        monkeypatch.setattr(Ingesting, "index_pending", disk_full)
        with pytest.raises(StoreError):
            refresh_all(store, Config(), parse_in_processes=True)
        stored = store.headlines(limit=20)
        assert len(stored) == 12 and queued(store.path) == 12  # kept, not yet searchable
        assert store.search(f'"{stored[0].title}"') == []
        monkeypatch.setattr(Ingesting, "index_pending", indexing)
        refresh_all(store, Config(), parse_in_processes=True)
        assert queued(store.path) == 0
        for headline in store.headlines(limit=20):
            assert [hit.headline.id for hit in store.search(f'"{headline.title}"', limit=50)].count(headline.id) == 1
        index_is_sound(store.path)
