"""The loopback feed server: N generated feeds on 127.0.0.1, with ETag / Last-Modified / 304.

The bodies of the current generation are rendered before anyone fetches them
(``advance`` renders the next one), so the server's own Python does little
more than copy bytes while a reader is being timed. It binds 127.0.0.1 only.
"""

from __future__ import annotations

import hashlib
import socket
import threading
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from benchmarks import data


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 2048
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:  # a reader hung up: not our business
        pass


class FeedServer:
    """``feeds`` RSS feeds of ``items`` items each at ``/feed/<n>.xml``.

    ``advance()`` moves every feed to its next generation (new items on top, new
    ETag and Last-Modified); until then, a conditional request gets a 304.
    """

    def __init__(self, feeds: int, items: int = 30, seed: int = 1) -> None:
        self.feeds = feeds
        self.items = items
        self.seed = seed
        self.generation = -1
        self._bodies: list[tuple[bytes, str, str]] = []  # (body, etag, last-modified) per feed
        self._items: dict[tuple[int, int], str] = {}  # rendered <item>s, reused by the next generation
        self.counts = {"200": 0, "304": 0, "404": 0}
        self.conditional = True  # False: every GET gets the whole body, as from a server that ignores validators
        self.keep_alive = True  # False: "Connection: close" on every response
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # As a web server does: no Nagle delay between the header and body writes of
                # a response on a kept-alive connection (the client's delayed ACK held each
                # body back ~40 ms).
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                server._answer(self)

            do_HEAD = do_GET

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.advance()

    # life cycle -----------------------------------------------------------------------
    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # content --------------------------------------------------------------------------
    def url(self, feed: int) -> str:
        return f"http://127.0.0.1:{self.port}/feed/{feed}.xml"

    def urls(self) -> list[tuple[str, str]]:
        return [(self.url(f), data.feed_title(f)) for f in range(self.feeds)]

    def advance(self) -> None:
        """Render the next generation of every feed (new content, new validators)."""
        generation = self.generation + 1
        bodies = []
        for feed in range(self.feeds):
            body = data.feed_xml(self.seed, feed, generation, self.items, self.url(feed), self._items)
            etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
            newest = generation * data.ITEMS_PER_GENERATION + self.items - 1
            modified = format_datetime(data.item_time(feed, newest), usegmt=True)
            bodies.append((body, etag, modified))
        with self._lock:
            self._bodies = bodies
            self.generation = generation

    def etags(self) -> list[str]:
        """The current ETag of every feed (what a reader that is up to date would send)."""
        return [etag for _, etag, _ in self._bodies]

    def newest_title(self) -> str:
        return data.newest_title(self.seed, self.feeds, self.generation, self.items)

    def reset_counts(self) -> dict[str, int]:
        with self._lock:
            counts, self.counts = self.counts, {"200": 0, "304": 0, "404": 0}
        return counts

    # HTTP -----------------------------------------------------------------------------
    def _find(self, path: str) -> tuple[bytes, str, str] | None:
        name = path.split("?")[0]
        if not (name.startswith("/feed/") and name.endswith(".xml")):
            return None
        try:
            feed = int(name[len("/feed/") : -len(".xml")])
        except ValueError:
            return None
        bodies = self._bodies
        return bodies[feed] if 0 <= feed < len(bodies) else None

    def _answer(self, raw: BaseHTTPRequestHandler) -> None:
        found = self._find(raw.path)
        if found is None:
            self._count("404")
            self._send(raw, 404, b"not found", {"Content-Type": "text/plain"})
            return
        body, etag, modified = found
        headers = {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag, "Last-Modified": modified}
        if_none_match = raw.headers.get("If-None-Match")
        if_modified_since = raw.headers.get("If-Modified-Since")
        fresh = (if_none_match and if_none_match == etag) or (not if_none_match and if_modified_since == modified)
        if fresh and self.conditional:
            self._count("304")
            self._send(raw, 304, b"", headers)
            return
        self._count("200")
        self._send(raw, 200, body, headers)

    def _count(self, key: str) -> None:
        with self._lock:
            self.counts[key] += 1

    def _send(self, raw: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
        try:
            raw.send_response(status)
            for name, value in headers.items():
                raw.send_header(name, value)
            if status != 304:
                raw.send_header("Content-Length", str(len(body)))
            if not self.keep_alive:
                raw.send_header("Connection", "close")
            raw.end_headers()
            if raw.command != "HEAD" and status != 304:
                raw.wfile.write(body)
        except OSError:
            raw.close_connection = True
