"""The search index's queue: a bulk write's new articles are indexed together at its end
(``Store.index_pending``), and the index stays in step with rows changed or deleted while queued."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.loopback import LoopbackServer
from support.old_stores import add_source_as_then, ingest_as_then
from support.search_queue import FEED, article, batch, index_is_sound, queued, titles

import newsreader.store.search_queue as search_queue
from benchmarks.data import make_feed
from newsreader.config import Config
from newsreader.document.blocks import Document, Paragraph, Span
from newsreader.refresh import refresh_all
from newsreader.store import NewArticle, Store
from newsreader.store.migrations import MIGRATIONS, SEARCH_QUEUE


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "queue.db") as opened:
        yield opened


def test_queued_articles_are_found_once_indexed(store: Store) -> None:
    source = store.add_source("feed", FEED)
    (result,) = store.ingest_many(
        [(source.id, batch(article("a", "Harbour dredging", "The council voted."), article("b", "Rail", "Trains.")))],
        index=False,
    )
    assert not isinstance(result, Exception) and len(result.added) == 2
    assert titles(store, "dredging") == [] and queued(store.path) == 2
    assert store.index_pending() == 2
    assert titles(store, "dredging") == ["Harbour dredging"] and titles(store, "trains") == ["Rail"]
    assert queued(store.path) == 0 and store.index_pending() == 0
    index_is_sound(store.path)


def test_a_queued_article_changed_is_indexed_with_its_new_words(store: Store) -> None:
    source = store.add_source("feed", FEED)
    store.ingest_many([(source.id, batch(article("a", "Harbour", "Old words about ferries.")))], index=False)
    store.ingest_many([(source.id, batch(article("a", "Harbour", "New words about cranes.")))], index=False)
    store.index_pending()
    assert titles(store, "cranes") == ["Harbour"] and titles(store, "ferries") == []
    index_is_sound(store.path)


def test_an_indexed_article_changed_meanwhile_is_reindexed_at_once(store: Store) -> None:
    source = store.add_source("feed", FEED)
    store.ingest(source.id, [article("a", "Harbour", "Old words about ferries.")])
    store.ingest_many([(source.id, batch(article("b", "Rail", "Signals.")))], index=False)
    store.ingest_many([(source.id, batch(article("a", "Harbour", "New words about cranes.")))], index=False)
    assert titles(store, "cranes") == ["Harbour"] and titles(store, "ferries") == []
    store.index_pending()
    assert titles(store, "signals") == ["Rail"]
    index_is_sound(store.path)


def test_a_queued_article_deleted_leaves_the_index_sound(store: Store) -> None:
    kept = store.add_source("feed", "https://example.org/kept.xml")
    gone = store.add_source("feed", FEED)
    store.ingest(kept.id, [NewArticle("Kept", Document(blocks=[Paragraph([Span("Cranes.")])]), "k", guid="k")])
    store.ingest_many([(gone.id, batch(article("a", "Harbour", "Ferries and cranes.")))], index=False)
    store.remove_source(gone.id)
    assert queued(store.path) == 0
    index_is_sound(store.path)
    store.index_pending()
    assert titles(store, "cranes") == ["Kept"] and titles(store, "ferries") == []


def test_a_long_queue_is_indexed_a_chunk_a_transaction(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_queue, "SEARCH_CHUNK", 3)
    source = store.add_source("feed", FEED)
    items = [article(f"g{n}", f"Story {n}", f"Quay number{n} opened.") for n in range(10)]
    store.ingest_many([(source.id, batch(*items))], index=False)
    assert store.index_pending() == 10
    assert titles(store, "quay") == sorted(f"Story {n}" for n in range(10)) and queued(store.path) == 0
    index_is_sound(store.path)


def test_a_refresh_in_the_parse_pool_leaves_every_article_searchable(tmp_path: Path) -> None:
    """The pool's workers queue what they write; the refresh indexes it before it returns."""
    with LoopbackServer() as server, Store(tmp_path / "refresh.db") as store:
        for feed in range(3):
            server.static(f"/{feed}.xml", make_feed(feed, 4))
            store.add_source("feed", server.url(f"/{feed}.xml"))
        results = refresh_all(store, Config(), parse_in_processes=True)
        assert [r.added for r in results] == [4, 4, 4]
        assert queued(store.path) == 0
        for stored in store.headlines(limit=20):
            assert stored.id in {hit.headline.id for hit in store.search(f'"{stored.title}"', limit=50)}
        index_is_sound(store.path)


def test_a_store_of_before_the_queue_keeps_its_index_in_step(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path, migrations=MIGRATIONS[: MIGRATIONS.index(SEARCH_QUEUE)]) as old:
        source_id = add_source_as_then(old, "feed", FEED)
        ingest_as_then(old, source_id, [article("a", "Harbour", "Ferries."), article("b", "Rail", "Signals.")])
    with Store(path) as store:
        store.ingest_many([(source_id, batch(article("a", "Harbour", "Cranes.")))], index=False)
        store.ingest_many([(source_id, batch(article("c", "Road", "Potholes.")))], index=False)
        store.index_pending()
        assert titles(store, "cranes") == ["Harbour"] and titles(store, "ferries") == []
        assert titles(store, "signals") == ["Rail"] and titles(store, "potholes") == ["Road"]
        store.remove_source(source_id)
    index_is_sound(path)


def test_indexing_the_queue_leaves_the_usual_page_cache(store: Store) -> None:
    """The queue is read with a small cache (each row once); the connection gets its own back."""
    source = store.add_source("feed", FEED)
    with store.reading() as connection:
        usual = connection.execute("PRAGMA cache_size").fetchone()[0]
    store.ingest_many([(source.id, batch(article("a", "Harbour", "Cranes.")))], index=False)
    assert store.index_pending() == 1
    with store.reading() as connection:
        assert connection.execute("PRAGMA cache_size").fetchone()[0] == usual == -32000
