"""Refreshing sources: every feed fetched, every file and folder re-read, concurrently.

Each source is one task in a thread pool (``config.refresh.concurrency``
fetching at once, ``per_host`` per server). A task never raises: whatever
goes wrong becomes that source's error, stored on the source while its
articles stay. Feed parsing (CPU work under the GIL) can run in a small
process pool, which reads and writes the feeds that gathered while it was
busy together (groups.py); the tasks waiting for that are threads beyond
the fetching ones.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsreader.config import Config
from newsreader.document.clean import clean_inline
from newsreader.document.decode import decode_bytes
from newsreader.groups import Groups
from newsreader.lazy_import import load
from newsreader.source_settings import SourceSettings, from_store
from newsreader.sources.discover import discover_feeds
from newsreader.sources.entries import FeedError
from newsreader.sources.files import (
    ARTICLE_EXTENSIONS,
    SourceError,
    parse_article,
    read_bytes,
    reads_as_feed,
    scan_folder,
)
from newsreader.sources.http import FetchError, Response, close_idle_connections, fetch
from newsreader.sources.parse_pool import POOL, ParsePool, one_writer
from newsreader.store import NewArticle, PreparedBatch, Source, Store, prepare_batch
from newsreader.store.identity import PreparedArticle

Fetch = Callable[..., Response]


@dataclass
class SourceResult:
    source_id: int | None
    name: str
    status: str  # "ok" | "unchanged" | "error" | "cancelled"
    added: int = 0
    updated: int = 0
    error: str | None = None
    existing: bool = False  # ``add`` of a source already subscribed (refreshed instead)

    def to_json(self) -> dict[str, Any]:
        """The CLI.md shape of a source's result in ``refresh --json`` and ``add --json``."""
        return {
            "source_id": self.source_id, "name": self.name, "status": self.status, "added": self.added,
            "updated": self.updated, "error": self.error, "existing": bool(self.existing),
        }  # fmt: skip


@dataclass(frozen=True)
class ProgressEvent:
    done: int  # sources finished so far, this one included
    total: int
    source_id: int | None
    name: str
    status: str
    message: str | None = None


# ---------------------------------------------------------------------------- parsing

# Parsing and preparing rows is CPU work under the GIL: with many sources to read
# it runs in the 2-process pool (its start costs ~0.3 s, so not for a few).
# Measured with `python -m benchmarks --only refresh`: see BENCHMARKS.md.
POOL_FROM_SOURCES = 16
# Feeds go to the pool together (see groups.py): at most this many, and past the first
# this many bytes, at once; and this many feeds may wait to be stored, fetched, while
# ``concurrency`` others are fetched.
STORE_GROUP = 8
STORE_GROUP_BYTES = 8_000_000
STORE_BACKLOG = 2 * STORE_GROUP
STORE_BACKLOG_BYTES = 32_000_000  # no fetch starts while this much waits to be stored
# A server's Retry-After is followed for at most a day: a longer one would silence its feed.
RETRY_AFTER_MOST = 24 * 3600


@dataclass
class ReadSource:
    """What a source's bytes hold, made ready for the store: its title and prepared articles."""

    title: str | None
    batch: PreparedBatch


def read_feed(
    body: bytes,
    url: str,
    headers: dict[str, str] | None = None,
    known: frozenset[str] = frozenset(),
    origin: str | None = None,
) -> ReadSource:
    """A feed's bytes to rows, leaving out the entries whose fingerprints are ``known``
    (stored, unchanged); ``origin``, when given, is what the articles' ids are made from
    instead of ``url`` (a moved feed's articles keep theirs). Runs in a worker process
    (FeedError crosses back as itself)."""
    parse_feed = load(
        "newsreader.sources.feeds"
    ).parse_feed  # on first use: a refresh where every feed answers 304 needs no parser
    parsed = parse_feed(body, url, headers, known=known)
    if origin and origin != url:
        parsed.items = [replace(item, origin=origin) for item in parsed.items]
    batch = prepare_batch(parsed.items)
    batch.listed += parsed.skipped
    return ReadSource(parsed.title or None, batch)


@dataclass
class StoredFeed:
    """What ``store_feeds`` did with one feed's bytes, sent back from the worker."""

    title: str | None
    added: int
    updated: int


_WORKER_STORES: dict[tuple[str, int, int], Store] = {}


def _worker_store(path: str) -> Store:
    """This process's own connection to the store at ``path`` (kept for the next feeds);
    keyed by the file's identity, so a store made anew at the same path is opened anew."""
    info = os.stat(path)
    key = (path, info.st_dev, info.st_ino)
    store = _WORKER_STORES.get(key)
    if store is None:
        store = _WORKER_STORES[key] = Store(path)
    return store


FeedBytes = tuple[int, bytes, str, "dict[str, str] | None"]  # source id, body, address, response headers


def write_feeds(
    store: Store, feeds: list[FeedBytes], writer: AbstractContextManager[object]
) -> list[StoredFeed | Exception]:
    """Read feeds, skipping the entries each source already holds unchanged, and write their
    new and changed articles together (holding ``writer``: one writer at a time); one result
    or error per feed, in order. Together, because the search index writes a segment per
    transaction: a transaction per feed made writing a third dearer (``Store.ingest_many``)."""
    reads: list[ReadSource | Exception] = []
    for source_id, body, url, headers in feeds:
        try:
            reads.append(read_feed(body, url, headers, store.entry_hashes(source_id), store.source_origin(source_id)))
        except Exception as error:  # this feed's error; the others are written
            reads.append(error)
    ready = [(feed[0], read.batch) for feed, read in zip(feeds, reads) if isinstance(read, ReadSource)]
    try:
        with writer:
            ingested = iter(store.ingest_many(ready))
    except Exception as error:
        ingested = iter([error] * len(ready))
    results: list[StoredFeed | Exception] = []
    for read in reads:
        done = read if isinstance(read, Exception) else next(ingested)
        if isinstance(done, Exception):
            results.append(done)
        else:
            results.append(StoredFeed(read.title, len(done.added), len(done.updated)))  # type: ignore[union-attr]
    return results


def store_feeds(store_path: str, feeds: list[FeedBytes]) -> list[StoredFeed | Exception]:
    """``write_feeds`` in a worker process, on its own connection: the writing (search index
    and all) is a third of a cold refresh's CPU, too much for the one process that fetches."""
    return write_feeds(_worker_store(store_path), feeds, one_writer())


def modified_time(path: Path) -> str | None:
    """When the file was last changed (ISO-8601 UTC); None when it cannot be asked."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat()
    except (OSError, ValueError, OverflowError):
        return None


def read_file(path: str, data: bytes) -> ReadSource:
    """A file's bytes to rows: a feed's items, or the one article the file is."""
    file = Path(path)
    if reads_as_feed(file, data):
        return read_feed(data, path)
    document = parse_article(data, file)
    article = NewArticle(
        title=document.title,
        document=document,
        origin=path,
        guid=path,  # the file is the article: edits update it in place
        url=document.url,
        published=document.published or (f"{document.date}T00:00:00+00:00" if document.date else None),
        file_time=None if document.published or document.date else modified_time(file),
    )
    return ReadSource(document.title or None, prepare_batch([article]))


def shutdown_parse_pool() -> None:
    """Stop the parsing processes (they start again when next needed)."""
    POOL.shutdown()


def _run_here(function, *args):
    return function(*args)


# ---------------------------------------------------------------------------- context


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def one_line(error: BaseException) -> str:
    """An exception as one short line for the user, cleaned: it may quote a file name
    or a server's words, and it is stored and printed."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if not isinstance(error, (FetchError, FeedError, SourceError)) and text:
        text = f"{type(error).__name__}: {text}"
    return clean_inline(text) or type(error).__name__


class _Run:
    """What the tasks of one refresh share: store, limits, host slots, progress."""

    def __init__(self, store: Store, config: Config, fetch: Fetch, on_progress, cancel, total: int, work) -> None:
        self.store = store
        self.config = config
        self.fetch = fetch
        self.on_progress = on_progress
        self.cancel = cancel
        self.total = total
        self.work = work  # runs a reader: POOL.run, or _run_here
        self.in_processes = work == POOL.run  # (a bound method is made anew at each access: not "is")
        # Feeds to store go to the pool in groups, from threads beyond those that fetch.
        self.groups = (
            Groups(self._store_group, POOL.workers, STORE_GROUP, STORE_GROUP_BYTES)
            if (self.in_processes and store.path is not None)
            else None
        )
        self.threads = config.refresh.concurrency + (STORE_BACKLOG if self.groups else 0)
        self._fetching = threading.Semaphore(max(1, config.refresh.concurrency))
        self.done = 0
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()  # one writer at a time: no SQLITE_BUSY between our own threads
        self._later: list[tuple[int, dict]] = []
        self._hosts: dict[str, threading.Semaphore] = defaultdict(
            lambda: threading.Semaphore(max(1, config.refresh.per_host))
        )
        self.settings: dict[int, SourceSettings] = {}  # the sources' own settings (source_settings), by id

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
            if self.cancel is not None and self.cancel.is_set():
                raise _Cancelled  # it waited for its turn while the refresh was cancelled
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
        return self.work(store_feeds, str(self.store.path), feeds)

    def update(self, source_id: int, **fields) -> None:
        with self.write_lock:
            self.store.update_source(source_id, **fields)

    def record_status(self, source_id: int, status: str, fields: dict) -> None:
        """A source's outcome (``status``, no error) with ``fields``. A new address is checked
        against the others' now; the rest waits for ``flush``, one transaction for every source
        (lost with the process, it costs one more download, whose known entries are skipped)."""
        values = {"last_status": status, "last_error": None, "last_refreshed": _now(), "retry_at": None, **fields}
        if "address" in fields:
            self.update(source_id, **values)
            return
        with self._lock:
            self._later.append((source_id, values))

    def flush(self) -> None:
        with self._lock:
            later, self._later = self._later, []
        with self.write_lock:
            self.store.update_sources(later)

    def ingest(self, source_id: int, batch: PreparedBatch):
        with self.write_lock:
            return self.store.ingest_prepared(source_id, batch)

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


# ---------------------------------------------------------------------------- one source


def _stored(run: _Run, source: Source, batch: PreparedBatch, fields: dict) -> SourceResult:
    ingested = run.ingest(source.id, batch)
    run.record_status(source.id, "ok", fields)
    return SourceResult(source.id, fields.get("title") or source.name, "ok", len(ingested.added), len(ingested.updated))


def _unchanged(run: _Run, source: Source, fields: dict) -> SourceResult:
    run.record_status(source.id, "unchanged", fields)
    return SourceResult(source.id, source.name, "unchanged")


def _refresh_feed(run: _Run, source: Source) -> SourceResult:
    response = run.get(source.address, source)
    fields: dict = {}
    if response.permanent_redirect and response.permanent_redirect != source.address:
        if run.store.find_source(response.permanent_redirect) is None:
            fields["address"] = response.permanent_redirect
    if response.not_modified:
        return _unchanged(run, source, fields)
    digest = _digest(response.body)
    fields.update(etag=response.etag, last_modified=response.last_modified, body_hash=digest)
    if digest == source.body_hash and source.last_status != "error":
        return _unchanged(run, source, fields)
    if run.groups is not None:
        stored = run.groups.submit((source.id, response.body, source.address, response.headers), len(response.body))
    else:  # here, on the app's store (an in-memory one cannot be reached from another process)
        (stored,) = write_feeds(
            run.store, [(source.id, response.body, source.address, response.headers)], run.write_lock
        )
        if isinstance(stored, Exception):
            raise stored
    if not source.title and stored.title:
        fields["title"] = stored.title
    run.record_status(source.id, "ok", fields)
    return SourceResult(source.id, fields.get("title") or source.name, "ok", stored.added, stored.updated)


def _stamp(path: Path) -> str:
    info = path.stat()
    return f"{info.st_mtime_ns}:{info.st_size}"


def _refresh_file(run: _Run, source: Source, force: bool = False) -> SourceResult:
    path = Path(source.address)
    try:
        stamp = _stamp(path)
    except OSError:
        raise SourceError(f"{path}: no such file (moved or deleted?)") from None
    if not force and stamp == source.last_modified and source.last_status != "error":
        return _unchanged(run, source, {})
    data = read_bytes(path, run.config.limits.max_bytes)
    digest = _digest(data)
    fields: dict = {"last_modified": stamp, "body_hash": digest}
    if not force and digest == source.body_hash and source.last_status != "error":
        return _unchanged(run, source, fields)
    read = run.work(read_file, str(path), data)
    if not source.title:
        fields["title"] = read.title or clean_inline(path.name)
    return _stored(run, source, read.batch, fields)


def _refresh_folder(run: _Run, source: Source, force: bool = False) -> SourceResult:
    root = Path(source.address)
    files = scan_folder(root)
    stamps = []
    for path in files:
        try:
            stamps.append(f"{path}\0{_stamp(path)}")
        except OSError:
            continue
    fingerprint = _digest("\n".join(stamps).encode("utf-8", "surrogatepass"))
    if not force and fingerprint == source.body_hash and source.last_status != "error":
        return _unchanged(run, source, {})
    articles: list[PreparedArticle] = []
    listed = 0
    problems: list[str] = []
    for path in files:
        if run.cancel is not None and run.cancel.is_set():
            return SourceResult(source.id, source.name, "cancelled")
        try:
            _require_text_name(path)
            data = read_bytes(path, run.config.limits.max_bytes)
            if reads_as_feed(path, data) or path.suffix.lower() in ARTICLE_EXTENSIONS:
                batch = run.work(read_file, str(path), data).batch
                articles.extend(batch.articles)
                listed += batch.listed
        except Exception as error:  # one bad file does not hide the others
            problems.append(f"{_display_name(path)}: {one_line(error)}")
    fields: dict = {"body_hash": fingerprint}
    if not source.title:
        fields["title"] = clean_inline(root.name or str(root))
    if problems:  # stored with the status: the note is the source's error, its articles are in
        fields["last_error"] = f"{len(problems)} file{'' if len(problems) == 1 else 's'} skipped; {problems[0]}"
    # Ids are per file (origin = the file's path): the files' batches join without a clash.
    result = _stored(run, source, PreparedBatch(articles, listed, datetime.now(UTC)), fields)
    result.error = fields.get("last_error")
    return result


class _Cancelled(Exception):
    """The refresh was cancelled before this source's turn to fetch came."""


def _asked_to_wait(source: Source) -> SourceResult | None:
    """The source's result when its server asked (Retry-After) not to be fetched yet; it is left
    as it is, its last error kept, and tried again once that time has passed."""
    if not source.retry_at:
        return None
    try:
        until = datetime.fromisoformat(source.retry_at)
    except ValueError:
        return None
    if until <= datetime.now(UTC):
        return None
    why = source.last_error or "the server asked to wait"
    return SourceResult(
        source.id, source.name, "error", error=f"{why}; not asked again before {until:%Y-%m-%d %H:%M} UTC"
    )


def _retry_at(error: BaseException) -> str | None:
    """When a failed source may be fetched again, if its server said (Retry-After)."""
    seconds = getattr(error, "retry_after", None)
    if not isinstance(error, FetchError) or seconds is None:
        return None
    until = datetime.now(UTC) + timedelta(seconds=min(seconds, RETRY_AFTER_MOST))
    return until.isoformat(timespec="seconds")


def _refresh_source(run: _Run, source: Source, force: bool = False) -> SourceResult:
    """One source, start to end; every failure becomes its error and its articles stay."""
    if run.cancel is not None and run.cancel.is_set():
        return SourceResult(source.id, source.name, "cancelled")
    waiting = _asked_to_wait(source)
    if waiting is not None:
        return waiting
    try:
        if source.kind == "feed":
            return _refresh_feed(run, source)
        if source.kind == "file":
            return _refresh_file(run, source, force)
        if source.kind == "folder":
            return _refresh_folder(run, source, force)
        raise SourceError(f"unknown source kind {source.kind!r}")
    except _Cancelled:
        return SourceResult(source.id, source.name, "cancelled")
    except Exception as error:  # each becomes this source's error, never the refresh's
        message = one_line(error)
        try:
            run.update(source.id, last_status="error", last_error=message, last_refreshed=_now(),
                       retry_at=_retry_at(error))  # fmt: skip
        except Exception:
            pass
        return SourceResult(source.id, source.name, "error", error=message)


def _interleave_hosts(sources: list[Source]) -> list[Source]:
    """Round-robin over hosts, so one big host does not hold every worker at its semaphore."""
    by_host: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        key = (urlsplit(source.address).hostname or "") if source.kind == "feed" else f"\0{source.kind}"
        by_host[key].append(source)
    queues = list(by_host.values())
    ordered: list[Source] = []
    while queues:
        queues = [q for q in queues if q]
        for queue in queues:
            ordered.append(queue.pop(0))
    return ordered


@contextmanager
def _stopped_on_interrupt(pool: ThreadPoolExecutor, cancel: threading.Event) -> Iterator[ThreadPoolExecutor]:
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


def _worker(parse_in_processes: bool | None, sources: int):
    """Where parsing runs: the pool for many sources (or when asked), else the calling thread."""
    use_pool = sources >= POOL_FROM_SOURCES if parse_in_processes is None else parse_in_processes
    return POOL.run if use_pool else _run_here


def refresh_all(
    store: Store,
    config: Config,
    *,
    source_ids: list[int] | None = None,
    fetch: Fetch = fetch,
    on_progress: Callable[[ProgressEvent], None] | None = None,
    cancel: threading.Event | None = None,
    parse_in_processes: bool | None = None,
) -> list[SourceResult]:
    """Refresh the sources (all, or ``source_ids``) concurrently; one result per source, in order.

    ``on_progress`` is called from worker threads, once per finished source.
    ``cancel`` is checked before each source starts; sources not started
    end as "cancelled". Ctrl+C (KeyboardInterrupt in the calling thread) sets
    it: the sources in flight finish and are stored, the others are not
    started, and the interrupt goes on. Retention (``config.retention``, or a
    source's own ``max_articles``) is applied after. Sources whose settings
    say ``enabled = false`` are left out (no result).
    """
    settings = {source_id: from_store(text) for source_id, text in store.source_settings().items()}
    sources = [s for s in store.sources() if s.kind != "synced"]  # an account's feeds come by its sync
    sources = [s for s in sources if s.id not in settings or settings[s.id].enabled]
    if source_ids is not None:
        wanted = set(source_ids)
        sources = [s for s in sources if s.id in wanted]
    cancel = cancel if cancel is not None else threading.Event()
    run = _Run(store, config, fetch, on_progress, cancel, len(sources), _worker(parse_in_processes, len(sources)))
    run.settings = settings

    def task(source: Source) -> SourceResult:
        result = _refresh_source(run, source)
        run.report(result)
        return result

    results: dict[int, SourceResult] = {}
    workers = max(1, min(run.threads, len(sources) or 1))
    ordered = _interleave_hosts(sources)
    try:
        with _stopped_on_interrupt(ThreadPoolExecutor(workers, thread_name_prefix="refresh"), cancel) as pool:
            for source, result in zip(ordered, pool.map(task, ordered)):
                results[source.id] = result
    finally:
        try:
            run.flush()
        finally:
            close_idle_connections()
    _prune(store, config, settings, [s.id for s in sources])
    return [results[s.id] for s in sources]


def _prune(store: Store, config: Config, settings: dict[int, SourceSettings], refreshed: list[int]) -> None:
    """Retention after a refresh: the config's limits, and each refreshed source's own
    ``max_articles`` (0: any number) in place of the config's per-source one."""
    own = {i: s.max_articles for i, s in settings.items() if s.max_articles is not None}
    try:
        store.prune(config.retention.max_age_days, config.retention.max_articles_per_source, exempt=sorted(own))
        for source_id in refreshed:
            if own.get(source_id):
                store.prune_source(source_id, own[source_id])
    except Exception:  # pruning is housekeeping; a failure here loses nothing
        pass


# ---------------------------------------------------------------------------- adding


def _is_web_address(spec: str) -> bool:
    return "://" in spec or spec.lower().startswith(("http:", "https:"))


def _find_feed(run: _Run, url: str) -> tuple[str, Response, ReadSource]:
    """(feed address, its response, its parse) for a feed URL or a web page that names one.

    The page and the addresses it names share one ``total_timeout``: servers that trickle
    cannot hold an ``add`` for that time once per candidate."""
    budget = run.config.refresh.total_timeout
    started = time.monotonic()
    response = run.get(url)
    address = response.permanent_redirect or url
    try:
        return address, response, run.work(read_feed, response.body, address, response.headers)
    except FeedError as error:
        if not _looks_like_page(response):
            raise
        first_error = error
    page = decode_bytes(response.body)
    tried = 0
    for candidate in discover_feeds(page, response.url):
        if candidate in (url, response.url):
            continue
        left = budget - (time.monotonic() - started)
        if left <= 0.05:
            raise FeedError(
                f"no feed found: timed out after {budget:g} s looking for the feed of {url} "
                f"({tried} of the addresses it names tried)"
            ) from first_error
        tried += 1
        try:
            found = run.get(candidate, within=left)
            feed_address = found.permanent_redirect or candidate
            return feed_address, found, run.work(read_feed, found.body, feed_address, found.headers)
        except (FetchError, FeedError):
            continue
    raise FeedError(
        f"no feed found: {url} is a web page and none of the {tried} likely feed addresses answered with a feed"
    ) from first_error


def _looks_like_page(response: Response) -> bool:
    kind = response.headers.get("content-type", "").lower()
    head = response.body[:2048].lower()
    return "html" in kind or b"<html" in head or b"<!doctype html" in head


def _add_url(run: _Run, url: str, folder: str | None) -> SourceResult:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise SourceError(f"unsupported address {url!r} (only http and https feeds)")
    existing = run.store.find_source(url)
    if existing is not None:
        return _already_subscribed(_refresh_source(run, existing), existing)
    address, response, read = _find_feed(run, url)
    known = run.store.find_source(address)  # a page whose feed is subscribed already
    source = known or run.store.add_source("feed", address, read.title, folder)
    fields = {
        "etag": response.etag,
        "last_modified": response.last_modified,
        "body_hash": _digest(response.body),
    }
    result = _stored(run, source, read.batch, fields)
    return _already_subscribed(result, known) if known is not None else result


def _already_subscribed(result: SourceResult, source: Source) -> SourceResult:
    """The result of adding a source that was there already: refreshed, and said to be known."""
    result.existing = True
    result.name = source.name
    return result


def _display_name(path: Path) -> str:
    """A file's name fit to store and show: controls out, undecodable bytes as '?'."""
    return clean_inline(path.name.encode("utf-8", "replace").decode("utf-8"))


def _require_text_name(path: Path) -> None:
    """The store keeps paths as text: a name that is not valid UTF-8 cannot be a source."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise SourceError("the file name is not valid UTF-8 (rename it)") from None


def _looks_like_a_host(spec: str) -> bool:
    """ "example.org" or "example.org/feed": a web address typed without its scheme."""
    host = spec.split("/", 1)[0]
    return (
        "." in host
        and not host.startswith(".")
        and " " not in host
        and not host.endswith((".txt", ".md", ".html", ".htm", ".xml", ".rss", ".atom", ".json", ".opml"))
    )


def _add_path(run: _Run, spec: str, folder: str | None) -> SourceResult:
    path = Path(spec).expanduser()
    try:
        path = path.resolve(strict=True)
    except (OSError, RuntimeError):
        hint = f" (for a web address, write https://{spec})" if _looks_like_a_host(spec) else ""
        raise SourceError(f"{spec}: no such file or folder{hint}") from None
    _require_text_name(path)
    kind = "folder" if path.is_dir() else "file"
    if kind == "file" and not path.is_file():
        raise SourceError(f"{spec}: not a regular file")
    title = clean_inline(path.name) if kind == "folder" else None
    known = run.store.find_source(str(path))
    source = known or run.store.add_source(kind, str(path), title, folder)
    result = _refresh_folder(run, source, force=True) if kind == "folder" else _refresh_file(run, source, force=True)
    return _already_subscribed(result, known) if known is not None else result


def _add_one(run: _Run, spec: str, folder: str | None) -> SourceResult:
    spec = spec.strip()
    try:
        if not spec:
            raise SourceError("an empty source")
        if _is_web_address(spec):
            return _add_url(run, spec, folder)
        return _add_path(run, spec, folder)
    except _Cancelled:  # Ctrl+C came while it waited for its turn to fetch
        return SourceResult(None, clean_inline(spec) or "(empty)", "cancelled")
    except Exception as error:
        message = one_line(error)
        try:
            source = run.store.find_source(spec) if spec else None
        except Exception:  # a spec the store cannot even look up (not UTF-8)
            source = None
        if source is not None:
            try:
                run.update(source.id, last_status="error", last_error=message, last_refreshed=_now())
            except Exception:
                pass
        return SourceResult(source.id if source else None, clean_inline(spec) or "(empty)", "error", error=message)


def add_sources(
    store: Store,
    config: Config,
    specs: list[str],
    fetch: Fetch = fetch,
    *,
    folder: str | None = None,
    on_progress: Callable[[ProgressEvent], None] | None = None,
    parse_in_processes: bool | None = None,
) -> list[SourceResult]:
    """Add each spec — a feed URL, a web page URL (its feed is discovered), a feed
    file, an article file or a folder — and ingest it now. One result per spec, in order.

    A URL that gives no feed is not added (its result carries the error); a
    spec already known is refreshed instead.
    """
    cancel = threading.Event()  # set by Ctrl+C: the specs not started are not added
    run = _Run(store, config, fetch, on_progress, cancel, len(specs), _worker(parse_in_processes, len(specs)))

    def task(spec: str) -> SourceResult:
        result = _add_one(run, spec, folder)
        run.report(result)
        return result

    workers = max(1, min(run.threads, len(specs) or 1))
    try:
        with _stopped_on_interrupt(ThreadPoolExecutor(workers, thread_name_prefix="add"), cancel) as pool:
            return list(pool.map(task, specs))
    finally:
        try:
            run.flush()
        finally:
            close_idle_connections()


__all__ = [
    "ParsePool",
    "ReadSource",
    "StoredFeed",
    "ProgressEvent",
    "SourceResult",
    "add_sources",
    "read_feed",
    "read_file",
    "store_feeds",
    "one_line",
    "refresh_all",
    "shutdown_parse_pool",
]
