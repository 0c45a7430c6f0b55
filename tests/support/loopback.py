"""A small HTTP server on 127.0.0.1 for tests: a routing table of canned behaviours.

    with LoopbackServer() as server:
        server.static("/feed.xml", body, etag='"v1"', content_type="application/rss+xml")
        server.redirect("/old", "/feed.xml", status=301)
        fetch(server.url("/old"), ...)

Every route records its requests (``server.requests``, ``server.hits(path)``).
Besides static bodies (with ETag/Last-Modified -> 304, gzip/deflate), it
misbehaves on demand: slow drip, stalled headers, connection reset, a lying
Content-Length, an endless body. Never touches the internet.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    handler: BaseHTTPRequestHandler = field(repr=False)

    @property
    def wfile(self):
        return self.handler.wfile


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


# A handler returns a Reply, or None when it wrote (or broke) the connection itself,
# or KEEP_OPEN when it wrote the response itself and the connection stays open.
Handler = Callable[[Request], "Reply | None | object"]
KEEP_OPEN = object()


def _compress(body: bytes, encoding: str | None) -> bytes:
    if encoding == "gzip":
        return gzip.compress(body)
    if encoding == "deflate":  # zlib wrapper, as the RFC says
        return zlib.compress(body)
    if encoding == "raw-deflate":  # what some servers really send as "deflate"
        compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return compressor.compress(body) + compressor.flush()
    return body


class _QuietServer(ThreadingHTTPServer):
    """Clients in these tests hang up on purpose: no tracebacks on stderr for that."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # the default 5 drops connections under concurrent clients (1 s SYN retry)

    def handle_error(self, request, client_address) -> None:
        pass


class LoopbackServer:
    """A threaded http.server on 127.0.0.1:<free port> with a routing table."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self.keep_alive = False  # True: responses do not close the connection (HTTP/1.1 keep-alive)
        self.connections = 0  # connections accepted
        self.sockets: list[socket.socket] = []  # every accepted connection, to close them from a test
        self._lock = threading.Lock()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with server._lock:
                    server.connections += 1
                    server.sockets.append(self.request)

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                server._dispatch(self)

            do_HEAD = do_GET

        self._httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # life cycle -------------------------------------------------------------------
    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # routing ------------------------------------------------------------------------
    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> None:
        """Serve ``path`` (without its query string) with ``handler``."""
        self.routes[path] = handler

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path.split("?")[0] == path)

    def last_request(self, path: str) -> Request | None:
        with self._lock:
            found = [r for r in self.requests if r.path.split("?")[0] == path]
        return found[-1] if found else None

    def _dispatch(self, raw: BaseHTTPRequestHandler) -> None:
        request = Request(raw.command, raw.path, {k.lower(): v for k, v in raw.headers.items()}, raw)
        with self._lock:
            self.requests.append(request)
        handler = self.routes.get(raw.path.split("?")[0])
        try:
            reply = handler(request) if handler else Reply(404, b"not found", {"Content-Type": "text/plain"})
        except (BrokenPipeError, ConnectionError, OSError):
            raw.close_connection = True
            return
        if reply is KEEP_OPEN:
            raw.wfile.flush()
            return
        if reply is None:
            raw.close_connection = True
            return
        self.send(raw, reply)

    def send(self, raw: BaseHTTPRequestHandler, reply: Reply) -> None:
        raw.send_response(reply.status)
        headers = dict(reply.headers)
        if reply.status != 304 and not any(k.lower() == "content-length" for k in headers):
            headers["Content-Length"] = str(len(reply.body))
        if not self.keep_alive:
            headers.setdefault("Connection", "close")
        for name, value in headers.items():
            raw.send_header(name, value)
        raw.end_headers()
        if raw.command != "HEAD" and reply.status != 304:
            raw.wfile.write(reply.body)
        raw.close_connection = raw.close_connection or not self.keep_alive

    def drop_connections(self) -> None:
        """Close every connection from the server's side, as a server does with idle ones."""
        with self._lock:
            sockets, self.sockets = self.sockets, []
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    # canned behaviours ------------------------------------------------------------
    def static(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str = "application/xml",
        headers: dict[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        encoding: str | None = None,
    ) -> None:
        """A fixed body; answers 304 to a matching If-None-Match / If-Modified-Since.

        ``encoding``: None, "gzip", "deflate" (zlib) or "raw-deflate" (sent as deflate).
        """
        data = body.encode("utf-8") if isinstance(body, str) else body

        def handler(request: Request) -> Reply:
            out = {"Content-Type": content_type, **(headers or {})}
            if etag:
                out["ETag"] = etag
            if last_modified:
                out["Last-Modified"] = last_modified
            if etag and request.headers.get("if-none-match") == etag:
                return Reply(304, b"", out)
            if last_modified and not etag and request.headers.get("if-modified-since") == last_modified:
                return Reply(304, b"", out)
            payload = _compress(data, encoding)
            if encoding:
                out["Content-Encoding"] = "deflate" if encoding == "raw-deflate" else encoding
            return Reply(status, payload, out)

        self.route(path, handler)

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.route(path, lambda request: Reply(status, b"", {"Location": location}))

    def error(self, path: str, status: int, headers: dict[str, str] | None = None) -> None:
        self.route(path, lambda request: Reply(status, b"error page", {"Content-Type": "text/html", **(headers or {})}))

    def drip(self, path: str, body: bytes, interval: float = 1.0, *, content_length: bool = True) -> None:
        """Headers at once, then the body one byte every ``interval`` seconds."""

        def handler(request: Request) -> None:
            raw = request.handler
            raw.send_response(200)
            raw.send_header("Content-Type", "application/xml")
            if content_length:
                raw.send_header("Content-Length", str(len(body)))
            raw.send_header("Connection", "close")
            raw.end_headers()
            raw.wfile.flush()
            for byte in body:
                if self.stopping.wait(interval):
                    return None
                raw.wfile.write(bytes([byte]))
                raw.wfile.flush()
            return None

        self.route(path, handler)

    def drip_headers(self, path: str, interval: float = 0.2) -> None:
        """The status line and headers dribbled forever, one byte at a time."""

        def handler(request: Request) -> None:
            wfile = request.wfile
            wfile.write(b"HTTP/1.1 200 OK\r\n")
            while not self.stopping.wait(interval):
                wfile.write(b"X")
                wfile.flush()
            return None

        self.route(path, handler)

    def stall(self, path: str, seconds: float = 30.0) -> None:
        """Accept the request and say nothing (until ``seconds`` pass or the server stops)."""

        def handler(request: Request) -> None:
            self.stopping.wait(seconds)
            return None

        self.route(path, handler)

    def reset(self, path: str) -> None:
        """Close the connection with a TCP reset before any answer."""

        def handler(request: Request) -> None:
            sock = request.handler.connection
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
            return None

        self.route(path, handler)

    def short_body(self, path: str, body: bytes, claimed: int) -> None:
        """Content-Length says ``claimed`` but only ``body`` is sent before the connection closes."""

        def handler(request: Request) -> None:
            raw = request.handler
            raw.send_response(200)
            raw.send_header("Content-Type", "application/xml")
            raw.send_header("Content-Length", str(claimed))
            raw.end_headers()
            raw.wfile.write(body)
            raw.wfile.flush()
            return None

        self.route(path, handler)

    def endless(self, path: str, chunk: bytes = b"<item>x</item>" * 512, *, encoding: str | None = None) -> None:
        """A body without end (no Content-Length), optionally compressed on the fly."""

        def handler(request: Request) -> None:
            raw = request.handler
            raw.send_response(200)
            raw.send_header("Content-Type", "application/xml")
            if encoding:
                raw.send_header("Content-Encoding", encoding)
            raw.send_header("Connection", "close")
            raw.end_headers()
            compressor = zlib.compressobj(wbits=16 + zlib.MAX_WBITS) if encoding == "gzip" else None
            started = time.monotonic()
            while not self.stopping.is_set() and time.monotonic() - started < 30:
                data = compressor.compress(chunk) + compressor.flush(zlib.Z_SYNC_FLUSH) if compressor else chunk
                raw.wfile.write(data)
            return None

        self.route(path, handler)
