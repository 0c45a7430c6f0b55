"""Large stores of generated articles, built once per run and shared by the sections.

Articles go in through ``Store.ingest`` (30 a call, as a feed refresh would
do), with Documents constructed directly from the generated items
(``data.item_document``) rather than parsed from their HTML: 100,000 parses
would take minutes and measure the parser, which the documents section does
on its own. Only the ``ingest`` calls are timed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import data

PER_FEED = 100  # articles per source by default: 1,000 sources for 100,000 articles
BATCH = 30  # articles per ingest call, like one feed refresh
DEAD_ORIGIN = "http://127.0.0.1:9/feed/{}.xml"  # loopback discard port: a refresh fails at once, offline


@dataclass
class BuiltStore:
    articles: int
    home: Path  # a --home folder: the store is resolve_paths(home).store
    db: Path
    ingest_seconds: float
    newest_titles: list[str] = field(default_factory=list)  # the first headlines, newest first

    @property
    def ingest_rate(self) -> float:
        return self.articles / self.ingest_seconds if self.ingest_seconds else 0.0


def new_articles(items: list[data.ItemSpec], origin: str) -> list:
    from newsreader.store import NewArticle

    return [
        NewArticle(
            title=item.title,
            document=item_doc,
            origin=origin,
            guid=item.guid,
            url=item.url,
            published=item.published.isoformat(),
        )
        for item, item_doc in ((item, data.item_document(item)) for item in items)
    ]


def build_store(home: Path, articles: int, seed: int, per_feed: int = PER_FEED) -> BuiltStore:
    """A store of ``articles`` generated articles under ``home``; times the ingest calls only."""
    from newsreader.paths import resolve_paths
    from newsreader.store import Store

    paths = resolve_paths(home)
    paths.ensure()
    store = Store(paths.store)
    ingest = 0.0
    newest: list[tuple] = []
    try:
        for feed, items in data.store_items(seed, articles, per_feed):
            origin = DEAD_ORIGIN.format(feed)
            source = store.add_source("feed", origin, title=data.feed_title(feed))
            batch = new_articles(items, origin)
            for start in range(0, len(batch), BATCH):
                began = time.perf_counter()
                store.ingest(source.id, batch[start : start + BATCH])
                ingest += time.perf_counter() - began
            newest.extend((item.published, item.title) for item in items[-20:])
    finally:
        store.close()
    newest.sort(reverse=True)
    return BuiltStore(articles, home, paths.store, ingest, [t for _, t in newest[:20]])


def size_on_disk(db: Path) -> int:
    """The store's bytes: the database file and any WAL / shared-memory files beside it."""
    total = 0
    for suffix in ("", "-wal", "-shm"):
        path = Path(str(db) + suffix)
        if path.exists():
            total += path.stat().st_size
    return total
