"""What the tasks of one refresh (or one ``add``) share: the store, the limits, the
servers' slots, the writes that wait to be made together, and the progress told."""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from newsreader.config import Config
from newsreader.groups import Groups
from newsreader.refresh.parsing import STORE_GROUP, STORE_GROUP_BYTES, FeedBytes, StoredFeed, Work, store_feeds
from newsreader.refresh.results import ProgressEvent, SourceResult
from newsreader.source_settings import SourceSettings
from newsreader.sources.http import Response
from newsreader.sources.parse_pool import POOL
from newsreader.store import IngestResult, PreparedBatch, Source, Store

Fetch = Callable[..., Response]
OnProgress = Callable[[ProgressEvent], None]

# This many feeds may wait to be stored, fetched, while ``concurrency`` others are fetched.
STORE_BACKLOG = 2 * STORE_GROUP
STORE_BACKLOG_BYTES = 32_000_000  # no fetch starts while this much waits to be stored


class Cancelled(Exception):
    """The refresh was cancelled before this source's turn to fetch came."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Run:
    """What the tasks of one refresh share: store, limits, host slots, progress."""

    def __init__(
        self,
        store: Store,
        config: Config,
        fetch: Fetch,
        on_progress: OnProgress | None,
        cancel: threading.Event | None,
        total: int,
        work: Work,
    ) -> None:
        self.store = store
        self.config = config
        self.fetch = fetch
        self.on_progress = on_progress
        self.cancel = cancel
        self.total = total
        self.work = work  # runs a reader: POOL.run, or run_here
        self.in_processes = work == POOL.run  # (a bound method is made anew at each access: not "is")
        # Feeds to store go to the pool in groups, from threads beyond those that fetch.
        self.groups: Groups[FeedBytes, StoredFeed] | None = (
            Groups(self._store_group, POOL.workers, STORE_GROUP, STORE_GROUP_BYTES)
            if (self.in_processes and store.path is not None)
            else None
        )
        self.threads = config.refresh.concurrency + (STORE_BACKLOG if self.groups else 0)
        self._fetching = threading.Semaphore(max(1, config.refresh.concurrency))
        self.done = 0
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()  # one writer at a time: no SQLITE_BUSY between our own threads
        self._later: list[tuple[int, dict[str, Any]]] = []
        self._hosts: dict[str, threading.Semaphore] = defaultdict(
            lambda: threading.Semaphore(max(1, config.refresh.per_host))
        )
        self.settings: dict[int, SourceSettings] = {}  # the sources' own settings (source_settings), by id

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    @contextmanager
    def host_slot(self, url: str) -> Iterator[None]:
        if self.config.refresh.per_host >= self.config.refresh.concurrency:
            yield  # the overall limit is the tighter one
            return
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            slot = self._hosts[host]
        with slot:
            yield

    def get(self, url: str, source: Source | None = None, *, within: float | None = None) -> Response:
        """GET ``url``; ``within`` (seconds) shortens the fetch's total timeout."""
        if self.groups is not None:
            self.groups.wait_for_room(STORE_BACKLOG_BYTES)
        with self._fetching, self.host_slot(url):
            if self.cancelled():
                raise Cancelled  # it waited for its turn while the refresh was cancelled
            config = self.config.refresh
            if within is not None and within < config.total_timeout:
                config = replace(config, total_timeout=within)
            settings = self.settings.get(source.id) if source else None
            extra = settings.request_headers() if settings else []
            return self.fetch(
                url,
                etag=source.etag if source else None,
                last_modified=source.last_modified if source else None,
                config=config,
                max_bytes=self.config.limits.max_bytes,
                **({"headers": extra} if extra else {}),  # a fetcher of tests' own need not know them
            )

    def _store_group(self, feeds: list[FeedBytes]) -> list[StoredFeed | Exception]:
        stored: list[StoredFeed | Exception] = self.work(store_feeds, str(self.store.path), feeds)
        return stored

    def update(self, source_id: int, **fields: Any) -> None:
        with self.write_lock:
            self.store.update_source(source_id, **fields)

    def record_status(self, source_id: int, status: str, fields: dict[str, Any]) -> None:
        """A source's outcome (``status``, no error) with ``fields``. A new address is checked
        against the others' now; the rest waits for ``flush``, one transaction for every source
        (lost with the process, it costs one more download, whose known entries are skipped)."""
        values = {"last_status": status, "last_error": None, "last_refreshed": now(), "retry_at": None, **fields}
        if "address" in fields:
            self.update(source_id, **values)
            return
        with self._lock:
            self._later.append((source_id, values))

    def flush(self) -> None:
        """The sources' outcomes written, and the run's new articles indexed for search
        (feeds' articles wait in the index's queue until here: ``Store.index_pending``)."""
        with self._lock:
            later, self._later = self._later, []
        with self.write_lock:
            try:
                self.store.update_sources(later)
            finally:
                self.store.index_pending()

    def ingest(self, source_id: int, batch: PreparedBatch) -> IngestResult:
        with self.write_lock:
            return self.store.ingest_prepared(source_id, batch)

    def stored(self, source: Source, batch: PreparedBatch, fields: dict[str, Any]) -> SourceResult:
        """``batch`` written as the source's articles, and its outcome recorded."""
        ingested = self.ingest(source.id, batch)
        self.record_status(source.id, "ok", fields)
        name = fields.get("title") or source.name
        return SourceResult(source.id, name, "ok", len(ingested.added), len(ingested.updated))

    def unchanged(self, source: Source, fields: dict[str, Any]) -> SourceResult:
        self.record_status(source.id, "unchanged", fields)
        return SourceResult(source.id, source.name, "unchanged")

    def report(self, result: SourceResult) -> None:
        message = result.error
        if result.status == "ok" and not message:
            message = f"{result.added} new, {result.updated} updated"
        with self._lock:
            self.done += 1
            event = ProgressEvent(self.done, self.total, result.source_id, result.name, result.status, message)
        if self.on_progress is not None:
            try:
                self.on_progress(event)
            except Exception:  # a broken progress display must not stop the refresh
                pass


@contextmanager
def stopped_on_interrupt(pool: ThreadPoolExecutor, cancel: threading.Event) -> Iterator[ThreadPoolExecutor]:
    """``pool``, shut down on the way out. When the caller is interrupted (Ctrl+C) the tasks
    not started are dropped and ``cancel`` is set, so the waiting ones end at once; the
    ones in flight finish (their fetch has its timeouts) before the interrupt goes on."""
    try:
        yield pool
    except BaseException:
        cancel.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
