"""Adding sources: a feed's address, a web page whose feed is discovered, a file or a
folder; each ingested at once, and one already subscribed refreshed instead."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from newsreader.config import Config
from newsreader.document.clean import clean_inline
from newsreader.document.decode import decode_bytes
from newsreader.refresh.context import Cancelled, Fetch, OnProgress, Run, digest, now, stopped_on_interrupt
from newsreader.refresh.files import display_name, refresh_file, refresh_folder, require_text_name
from newsreader.refresh.parsing import ReadSource, read_feed, where_to_parse
from newsreader.refresh.results import SourceResult, one_line
from newsreader.refresh.run import refresh_source
from newsreader.sources.discover import discover_feeds
from newsreader.sources.entries import FeedError
from newsreader.sources.files import SourceError
from newsreader.sources.http import FetchError, Response, close_idle_connections, fetch
from newsreader.store import Source, Store


def _is_web_address(spec: str) -> bool:
    return "://" in spec or spec.lower().startswith(("http:", "https:"))


def _find_feed(run: Run, url: str) -> tuple[str, Response, ReadSource]:
    """(feed address, its response, its parse) for a feed URL or a web page that names one.

    The page and the addresses it names share one ``total_timeout``: servers that trickle
    cannot hold an ``add`` for that time once per candidate."""
    budget = run.config.refresh.total_timeout
    started = time.monotonic()
    response = run.get(url)
    address = response.permanent_redirect or url
    read: ReadSource
    try:
        read = run.work(read_feed, response.body, address, response.headers)
        return address, response, read
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
            read = run.work(read_feed, found.body, feed_address, found.headers)
            return feed_address, found, read
        except (FetchError, FeedError):
            continue
    raise FeedError(
        f"no feed found: {url} is a web page and none of the {tried} likely feed addresses answered with a feed"
    ) from first_error


def _looks_like_page(response: Response) -> bool:
    kind = response.headers.get("content-type", "").lower()
    head = response.body[:2048].lower()
    return "html" in kind or b"<html" in head or b"<!doctype html" in head


def _add_url(run: Run, url: str, folder: str | None) -> SourceResult:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise SourceError(f"unsupported address {url!r} (only http and https feeds)")
    existing = run.store.find_source(url)
    if existing is not None:
        return _already_subscribed(refresh_source(run, existing), existing)
    address, response, read = _find_feed(run, url)
    known = run.store.find_source(address)  # a page whose feed is subscribed already
    source = known or run.store.add_source("feed", address, read.title, folder)
    fields = {
        "etag": response.etag,
        "last_modified": response.last_modified,
        "body_hash": digest(response.body),
    }
    result = run.stored(source, read.batch, fields)
    return _already_subscribed(result, known) if known is not None else result


def _already_subscribed(result: SourceResult, source: Source) -> SourceResult:
    """The result of adding a source that was there already: refreshed, and said to be known."""
    result.existing = True
    result.name = source.name
    return result


def _looks_like_a_host(spec: str) -> bool:
    """ "example.org" or "example.org/feed": a web address typed without its scheme."""
    host = spec.split("/", 1)[0]
    return (
        "." in host
        and not host.startswith(".")
        and " " not in host
        and not host.endswith((".txt", ".md", ".html", ".htm", ".xml", ".rss", ".atom", ".json", ".opml"))
    )


def _add_path(run: Run, spec: str, folder: str | None) -> SourceResult:
    path = Path(spec).expanduser()
    try:
        path = path.resolve(strict=True)
    except (OSError, RuntimeError):
        hint = f" (for a web address, write https://{spec})" if _looks_like_a_host(spec) else ""
        raise SourceError(f"{spec}: no such file or folder{hint}") from None
    require_text_name(path)
    kind = "folder" if path.is_dir() else "file"
    if kind == "file" and not path.is_file():
        raise SourceError(f"{spec}: not a regular file")
    title = display_name(path) if kind == "folder" else None
    known = run.store.find_source(str(path))
    source = known or run.store.add_source(kind, str(path), title, folder)
    result = refresh_folder(run, source, force=True) if kind == "folder" else refresh_file(run, source, force=True)
    return _already_subscribed(result, known) if known is not None else result


def _add_one(run: Run, spec: str, folder: str | None) -> SourceResult:
    spec = spec.strip()
    name = clean_inline(spec) or "(empty)"  # what the user typed, shown back
    try:
        if not spec:
            raise SourceError("an empty source")
        if _is_web_address(spec):
            return _add_url(run, spec, folder)
        return _add_path(run, spec, folder)
    except Cancelled:  # Ctrl+C came while it waited for its turn to fetch
        return SourceResult(None, name, "cancelled")
    except Exception as error:
        message = one_line(error)
        try:
            source = run.store.find_source(spec) if spec else None
        except Exception:  # a spec the store cannot even look up (not UTF-8)
            source = None
        if source is not None:
            try:
                run.update(source.id, last_status="error", last_error=message, last_refreshed=now())
            except Exception:
                pass
        return SourceResult(source.id if source else None, name, "error", error=message)


def add_sources(
    store: Store,
    config: Config,
    specs: list[str],
    fetch: Fetch = fetch,
    *,
    folder: str | None = None,
    on_progress: OnProgress | None = None,
    parse_in_processes: bool | None = None,
) -> list[SourceResult]:
    """Add each spec — a feed URL, a web page URL (its feed is discovered), a feed
    file, an article file or a folder — and ingest it now. One result per spec, in order.

    A URL that gives no feed is not added (its result carries the error); a
    spec already known is refreshed instead.
    """
    cancel = threading.Event()  # set by Ctrl+C: the specs not started are not added
    run = Run(store, config, fetch, on_progress, cancel, len(specs), where_to_parse(parse_in_processes, len(specs)))

    def task(spec: str) -> SourceResult:
        result = _add_one(run, spec, folder)
        run.report(result)
        return result

    workers = max(1, min(run.threads, len(specs) or 1))
    try:
        with stopped_on_interrupt(ThreadPoolExecutor(workers, thread_name_prefix="add"), cancel) as pool:
            return list(pool.map(task, specs))
    finally:
        try:
            run.flush()
        finally:
            close_idle_connections()
