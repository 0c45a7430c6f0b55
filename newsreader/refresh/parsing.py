"""Reading a source's bytes into rows for the store, and where that runs.

Parsing and preparing rows is CPU work under the GIL: with many sources to read
it runs in the 2-process pool (its start costs ~0.3 s, so not for a few), where
the workers also write the feeds they read, on their own connection to the store.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsreader.lazy_import import load
from newsreader.sources.files import parse_article, reads_as_feed
from newsreader.sources.parse_pool import POOL, one_writer
from newsreader.store import NewArticle, PreparedBatch, Store, prepare_batch

# Measured with `python -m benchmarks --only refresh`: see BENCHMARKS.md.
POOL_FROM_SOURCES = 16
# Feeds go to the pool together (see groups.py): at most this many, and past the first
# this many bytes, at once.
STORE_GROUP = 8
STORE_GROUP_BYTES = 8_000_000

Work = Callable[..., Any]  # runs a reader with its arguments: POOL.run, or run_here
FeedBytes = tuple[int, bytes, str, "dict[str, str] | None"]  # source id, body, address, response headers


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
    memo: str | None = None,
) -> ReadSource:
    """A feed's bytes to rows, leaving out the entries whose fingerprints are ``known``
    (stored, unchanged); ``origin``, when given, is what the articles' ids are made from
    instead of ``url`` (a moved feed's articles keep theirs); ``memo``, the source's memo of
    its items' bytes ("" for none yet: ``sources.known_items``), comes back renewed in the
    batch. Runs in a worker process (FeedError crosses back as itself)."""
    parse_feed = load(
        "newsreader.sources.feeds"
    ).parse_feed  # on first use: a refresh where every feed answers 304 needs no parser
    parsed = parse_feed(body, url, headers, known=known, memo=memo)
    if origin and origin != url:
        parsed.items = [replace(item, origin=origin) for item in parsed.items]
    batch = prepare_batch(parsed.items)
    batch.listed += parsed.skipped
    batch.item_memo = parsed.memo
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


def write_feeds(
    store: Store, feeds: list[FeedBytes], writer: AbstractContextManager[object], index: bool = True
) -> list[StoredFeed | Exception]:
    """Read feeds, skipping the entries each source already holds unchanged, and write their
    new and changed articles together (holding ``writer``: one writer at a time); one result
    or error per feed, in order. Together, because the search index writes a segment per
    transaction: a transaction per feed made writing a third dearer (``Store.ingest_many``).
    A refresh passes ``index`` false and indexes its new articles at its end (``Run.flush``)."""
    reads: list[ReadSource | Exception] = []
    for source_id, body, url, headers in feeds:
        try:
            with store.reading("reading a source's stored entries in"):  # one read: each call joins it
                known, origin, memo = (
                    store.entry_hashes(source_id),
                    store.source_origin(source_id),
                    store.item_memo(source_id),
                )
            reads.append(read_feed(body, url, headers, known, origin, memo or ""))
        except Exception as error:  # this feed's error; the others are written
            reads.append(error)
    ready = [(feed[0], read.batch) for feed, read in zip(feeds, reads) if isinstance(read, ReadSource)]
    try:
        with writer:
            ingested = iter(store.ingest_many(ready, index))
    except Exception as error:
        ingested = iter([error] * len(ready))
    results: list[StoredFeed | Exception] = []
    for read in reads:
        if isinstance(read, Exception):
            results.append(read)
            continue
        done = next(ingested)
        if isinstance(done, Exception):
            results.append(done)
        else:
            results.append(StoredFeed(read.title, len(done.added), len(done.updated)))
    return results


def store_feeds(store_path: str, feeds: list[FeedBytes]) -> list[StoredFeed | Exception]:
    """``write_feeds`` in a worker process, on its own connection: the writing (search index
    and all) is a third of a cold refresh's CPU, too much for the one process that fetches."""
    return write_feeds(_worker_store(store_path), feeds, one_writer(), index=False)


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


def run_here(function: Callable[..., Any], *args: Any) -> Any:
    """A reader run in the calling thread (the stand-in for ``POOL.run``)."""
    return function(*args)


def where_to_parse(parse_in_processes: bool | None, sources: int) -> Work:
    """Where parsing runs: the pool for many sources (or when asked), else the calling thread."""
    use_pool = sources >= POOL_FROM_SOURCES if parse_in_processes is None else parse_in_processes
    return POOL.run if use_pool else run_here
