"""newsboat's cached items as articles: read as a refresh reads a feed's entries (in the parse
pool when there are many), written a chunk of articles a transaction, with their read state
and flags when this import adds them."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from newsreader.document.clean import clean_inline
from newsreader.imports.newsboat_cache import CacheFeed, CacheItem, NewsboatCache
from newsreader.imports.newsboat_report import ImportError_, NewsboatReport
from newsreader.imports.newsboat_urls import UrlsFeed, UrlsFile
from newsreader.sources.entries import feed_item_article
from newsreader.sources.parse_pool import POOL
from newsreader.store import Store
from newsreader.store.identity import PreparedBatch, article_id, assign_ids, prepare
from newsreader.store.ingest import INGEST_CHUNK
from newsreader.store.models import NewArticle

POOL_FROM_ITEMS = 2000  # below this, starting the parse pool costs more than it saves
READ_AHEAD = 32  # feeds read ahead of the writes (about 1,000 articles)

Made = list[tuple[str, CacheItem]]  # each article's id, with the item it was made from


def _entry(item: CacheItem) -> dict[str, Any]:
    """A cached item in the shape a feed parser hands over, so it is read as a refresh reads it."""
    guid: str | None = item.guid or None
    if guid and item.url and guid.startswith(item.url) and guid != item.url:
        guid = None  # newsboat made it from link + date: the feed gave none, and a refresh will key on the link
    entry: dict[str, Any] = {"title": item.title, "link": item.url or None, "id": guid, "author": item.author or None}
    if item.content.strip():
        entry["content"] = [{"type": "text/html", "value": item.content}]
    if item.published > 0:
        entry["published_parsed"] = time.gmtime(item.published)
    if item.enclosure_url:
        entry["enclosures"] = [{"href": item.enclosure_url, "type": item.enclosure_type}]
    return entry


def prepare_items(feed_url: str, feed: CacheFeed, items: list[CacheItem], now: datetime) -> tuple[PreparedBatch, Made]:
    """One feed's cached items as store rows (ids assigned), each paired with the id it got.
    Runs in a parse-pool worker: arguments and result are plain data."""
    made: list[tuple[NewArticle, CacheItem]] = []
    for item in items:
        try:
            article = feed_item_article(_entry(item), feed_url, feed.title or None, feed.link or None)
        except Exception:  # one odd row must not cost the feed
            continue
        if article.title or article.document.blocks:
            made.append((article, item))
    prepared = [prepare(article, now) for article, _ in made]
    batch = PreparedBatch(assign_ids(prepared), len(prepared), now)
    return batch, [(row.id, item) for (row, _), (_, item) in zip(prepared, made)]


class ItemImport:
    """The items of the subscribed feeds, into the store (counted only, in a dry run)."""

    def __init__(
        self,
        store: Store,
        source_ids: Mapping[str, int],
        dry_run: bool,
        report: NewsboatReport,
        progress: Callable[[str], None],
    ) -> None:
        self.store = store
        self.source_ids = source_ids  # each feed's source, by address
        self.dry_run = dry_run
        self.report = report
        self.progress = progress
        self.cache_lock = threading.Lock()  # one sqlite connection, read from the pool's feeding threads

    def run(self, urls: UrlsFile, cache: NewsboatCache, cache_feeds: Mapping[str, CacheFeed]) -> None:
        """Every subscribed feed's items, read as a refresh reads them (in the parse pool when there
        are many), written INGEST_CHUNK articles a transaction, their state carried when they are new."""
        wanted = [feed for feed in urls.feeds if feed.url in cache_feeds]
        sizes = {feed.url: cache.count_items(feed.url) for feed in wanted}
        in_pool = sum(sizes.values()) >= POOL_FROM_ITEMS
        now = datetime.now(UTC)

        def read(feed_url: str) -> tuple[PreparedBatch, Made]:
            cached = cache_feeds[feed_url]
            with self.cache_lock:
                items = list(cache.items(feed_url))
            items = self._not_stored(feed_url, items)
            if in_pool:
                return POOL.run(prepare_items, feed_url, cached, items, now)
            return prepare_items(feed_url, cached, items, now)

        pending: list[tuple[int, PreparedBatch, Made]] = []
        waiting = 0
        with ThreadPoolExecutor(max_workers=2 if in_pool else 1) as threads:
            # At most READ_AHEAD feeds read and not written yet: the writes are the slower part,
            # and what the readers made ahead of them waited in memory (all of it, at 30,000 items).
            ahead: deque[tuple[UrlsFeed, Future[tuple[PreparedBatch, Made]]]] = deque()
            upcoming = iter(wanted)
            for feed in islice(upcoming, READ_AHEAD):
                ahead.append((feed, threads.submit(read, feed.url)))
            done = 0
            while ahead:
                feed, future = ahead.popleft()
                batch, made = future.result()
                following = next(upcoming, None)
                if following is not None:
                    ahead.append((following, threads.submit(read, following.url)))
                done += 1
                self.progress(f"{done}/{len(wanted)} feeds read")
                pending.append((self.source_ids.get(feed.url, 0), batch, made))
                waiting += len(batch.articles)
                if waiting >= INGEST_CHUNK:
                    self._write(pending)
                    pending, waiting = [], 0
        self._write(pending)
        if not self.dry_run:
            self.store.index_pending()  # the articles waited in the search index's queue

    def _not_stored(self, feed_url: str, items: list[CacheItem]) -> list[CacheItem]:
        """The items not stored yet, found without reading their HTML: an item with a guid of its
        own has the id ``origin + guid`` (identity.article_id), so a second import reads nothing again."""
        keyed = {}
        origin = clean_inline(feed_url)  # as identity.prepare cleans an origin and a guid
        for item in items:
            guid = clean_inline(_entry(item)["id"] or "")
            if guid:
                keyed[article_id(origin, f"guid:{guid}")] = item
        stored = self.store.existing_ids(list(keyed)) if keyed else set()
        if not stored:
            return items
        self.report.articles_existing += len(stored)
        skip = {id(keyed[i]) for i in stored}
        return [item for item in items if id(item) not in skip]

    def _write(self, pending: list[tuple[int, PreparedBatch, Made]]) -> None:
        if not pending:
            return
        ids = [row.id for _, batch, _ in pending for row in batch.articles]
        present = self.store.existing_ids(ids)
        fresh = set(ids) - present
        self.report.articles_added += len(fresh)
        self.report.articles_existing += len(present)
        read = sorted({i for _, _, made in pending for i, item in made if i in fresh and not item.unread})
        flagged = sorted({i for _, _, made in pending for i, item in made if i in fresh and item.flags})
        self.report.marked_read += len(read)
        self.report.bookmarked += len(flagged)
        if self.dry_run:
            return
        for error in self.store.ingest_many([(source_id, batch) for source_id, batch, _ in pending], index=False):
            if isinstance(error, Exception):
                raise ImportError_(f"the store refused the articles: {error}")
        if read:
            self.store.set_read(read, True)
        for kept in flagged:
            self.store.bookmark(kept)
        flags: dict[str, list[str]] = {}
        for _, _, made in pending:
            for made_id, item in made:
                if made_id in fresh:
                    for flag in item.flags:
                        flags.setdefault(f"flag:{flag}", []).append(made_id)
        for tag, ids in flags.items():
            self.store.tag_articles(ids, [tag])
