"""Measuring refresh: N generated feeds of M items served from 127.0.0.1.

``measure_refresh(n_feeds, n_items)`` times three refreshes of the same
sources: cold (empty store), warm (every body downloaded again but unchanged,
so parsing is skipped by the body hash) and all-304 (conditional GET). The
cold run is done twice, parsing in threads and in the process pool. Prints
nothing; the benchmark script formats the dict.
"""

from __future__ import annotations

import tempfile
import threading
import time
from dataclasses import replace
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

from newsreader.config import Config

PARAGRAPH = (
    "The minister said the talks had been \u201cconstructive\u201d and would resume next week, "
    "while officials from both sides declined to give details of the proposals discussed. "
)


def make_feed(index: int, n_items: int, *, title: str | None = None, base: str = "https://bench.example.org") -> bytes:
    """An RSS 2.0 feed with ``n_items`` items of a few HTML paragraphs each (about 1.5 kB an item)."""
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    items = []
    for number in range(n_items):
        when = format_datetime(start - timedelta(hours=number + index), usegmt=True)
        body = "".join(f"<p>{PARAGRAPH * 2}</p>" for _ in range(3))
        body += f'<p>Read more: <a href="{base}/{index}/{number + 1}">the previous story</a></p>'
        items.append(
            f"<item><title>Story {number} of feed {index}: talks resume</title>"
            f"<link>{base}/{index}/{number}</link><guid isPermaLink=\"false\">feed{index}-item{number}</guid>"
            f"<pubDate>{when}</pubDate><description>{escape(body)}</description></item>"
        )
    name = escape(title or f"Bench feed {index}")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{name}</title>'
        f"<link>{base}/{index}/</link><description>generated</description>{''.join(items)}</channel></rss>"
    ).encode("utf-8")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops SYNs under 8 concurrent clients: 1 s retransmits


class FeedServer:
    """Serves /feed/<i>.xml from a list of bodies, with ETags; 304s only when ``conditional``."""

    def __init__(self, bodies: list[bytes]) -> None:
        self.bodies = bodies
        self.conditional = True
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                server.requests += 1
                try:
                    index = int(self.path.rsplit("/", 1)[-1].split(".")[0])
                    body = server.bodies[index]
                except (ValueError, IndexError):
                    self.send_error(404)
                    return
                etag = f'"{index}-{len(body)}"'
                if server.conditional and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                if server.conditional:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

        self._httpd = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, index: int) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/feed/{index}.xml"

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class _LagProbe:
    """How late a 10 ms sleep wakes up while refresh runs: what a UI event loop would feel."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            before = time.perf_counter()
            time.sleep(0.01)
            self.worst = max(self.worst, time.perf_counter() - before - 0.01)

    def __enter__(self) -> _LagProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


LAGS: dict[str, float] = {}


def _timed_refresh(store, config: Config, parse_in_processes: bool) -> tuple[float, dict[str, int], int]:
    from newsreader.refresh import refresh_all

    started = time.perf_counter()
    with _LagProbe() as probe:
        results = refresh_all(store, config, parse_in_processes=parse_in_processes)
    elapsed = time.perf_counter() - started
    LAGS["last"] = probe.worst
    statuses: dict[str, int] = {}
    for result in results:
        statuses[result.status] = statuses.get(result.status, 0) + 1
    return elapsed, statuses, sum(r.added for r in results)


def _store_with_sources(folder: Path, name: str, server: FeedServer, n_feeds: int):
    from newsreader.store import Store

    store = Store(folder / f"{name}.sqlite")
    for index in range(n_feeds):
        store.add_source("feed", server.url(index))
    return store


def measure_refresh(n_feeds: int = 200, n_items: int = 30, *, per_host: int | None = None) -> dict:
    """Wall times (seconds) of cold / warm-unchanged-downloaded / all-304 refreshes.

    All feeds live on one loopback server; ``per_host`` defaults to the
    concurrency, as if every feed had its own host (the usual case).
    """
    from newsreader.refresh import shutdown_parse_pool

    config = Config()
    config.refresh = replace(
        config.refresh, per_host=per_host or config.refresh.concurrency, read_timeout=30, total_timeout=120
    )
    bodies = [make_feed(i, n_items) for i in range(n_feeds)]
    out: dict = {
        "feeds": n_feeds,
        "items_per_feed": n_items,
        "bytes_per_feed": sum(map(len, bodies)) // max(1, n_feeds),
        "concurrency": config.refresh.concurrency,
        "per_host": config.refresh.per_host,
    }
    with tempfile.TemporaryDirectory() as tmp, FeedServer(bodies) as server:
        folder = Path(tmp)
        shutdown_parse_pool()
        store = _store_with_sources(folder, "threads", server, n_feeds)
        out["cold_threads_s"], out["cold_threads_statuses"], out["articles_added"] = _timed_refresh(store, config, False)
        out["cold_threads_worst_lag_ms"] = round(LAGS["last"] * 1000, 1)
        store.close()

        store = _store_with_sources(folder, "processes", server, n_feeds)
        started = time.perf_counter()
        out["cold_processes_s"], out["cold_processes_statuses"], _ = _timed_refresh(store, config, True)
        out["cold_processes_worst_lag_ms"] = round(LAGS["last"] * 1000, 1)
        out["cold_processes_includes_pool_start"] = True
        server.conditional = False  # bodies downloaded in full, unchanged: the body hash skips parsing
        out["warm_downloaded_s"], out["warm_downloaded_statuses"], _ = _timed_refresh(store, config, True)
        server.conditional = True
        _timed_refresh(store, config, True)  # learn the ETags
        out["not_modified_s"], out["not_modified_statuses"], _ = _timed_refresh(store, config, True)
        out["requests"] = server.requests
        out["total_s"] = time.perf_counter() - started
        store.close()
        shutdown_parse_pool()
    return out
