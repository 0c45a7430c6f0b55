"""The only network code: one careful HTTP GET.

Feeds are fetched from servers we do not control. ``fetch`` follows
redirects itself (so every hop is checked), enforces connect and read
timeouts plus a total deadline (a server that drips one byte a second still
ends), caps the size both on the wire and after decompression, and turns
every failure from any layer into one ``FetchError`` with a short message.
"""

from __future__ import annotations

import email.utils
import heapq
import http.client
import select
import socket
import ssl
import threading
import time
import zlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from newsreader import __version__
from newsreader.config import RefreshConfig
from newsreader.document.clean import is_clean

USER_AGENT = f"newsreader/{__version__} (+terminal news reader)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5"
)
ALLOWED_SCHEMES = ("http", "https")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
PERMANENT_STATUSES = (301, 308)
CHUNK = 64 * 1024
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # a header's name (RFC 9110 token)


class FetchError(Exception):
    """A fetch that failed; ``str(error)`` is one line fit to show the user."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


@dataclass
class Response:
    status: int
    url: str  # the final address, after redirects
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    etag: str | None = None
    last_modified: str | None = None
    permanent_redirect: str | None = None  # set when every hop was 301/308: the address to store
    not_modified: bool = False


class _Watchdog:
    """One thread for every fetch's deadline: a Timer thread per fetch cost ~0.16 ms
    (a thread start) each, a tenth of a conditional GET on loopback."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._due: list[tuple[float, int, _Deadline]] = []  # a heap by end time
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._count = 0

    def add(self, deadline: _Deadline) -> None:
        with self._lock:
            self._count += 1
            heapq.heappush(self._due, (deadline.ends, self._count, deadline))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="fetch-deadlines", daemon=True)
                self._thread.start()
            elif self._due[0][2] is deadline:
                self._wake.set()  # the new deadline is the nearest: wait for it instead

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._due and (self._due[0][2].done or self._due[0][0] <= time.monotonic()):
                    _, _, deadline = heapq.heappop(self._due)
                    if not deadline.done:
                        deadline.expire()
                wait = self._due[0][0] - time.monotonic() if self._due else 60.0
                self._wake.clear()
            self._wake.wait(max(wait, 0.0))


class _Deadline:
    """The total time budget of one fetch; the socket is shut when it runs out."""

    WATCHDOG = _Watchdog()

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self.done = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self.WATCHDOG.add(self)

    def passed(self) -> bool:
        return self.expired or time.monotonic() >= self.ends - 0.01

    def remaining(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            self.expired = True
            raise FetchError(f"timed out after {_seconds(self.seconds)} s")
        return left

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
            if self.expired and sock is not None:
                _shutdown(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                _shutdown(self._sock)

    def cancel(self) -> None:
        self.done = True  # the watchdog drops it when it comes up


def _shutdown(sock: socket.socket) -> None:
    try:  # the plain-socket shutdown, also for TLS sockets: wakes a blocked recv
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def _seconds(value: float) -> str:
    return f"{value:g}"


def _size(limit: int) -> str:
    if limit >= 1_000_000:
        return f"{limit / 1_000_000:g} MB"
    if limit >= 1_000:
        return f"{limit / 1_000:g} kB"
    return f"{limit} bytes"


def check_url(url: str) -> tuple[str, str, int | None, str]:
    """(scheme, host, port, request target) of an http(s) address, or FetchError."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise FetchError(f"not a valid web address: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise FetchError(f"refused address scheme {shown} (only http and https)")
    host = parts.hostname
    if not host:
        raise FetchError("not a valid web address: no host")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise FetchError(f"not a valid host name: {host}") from None
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
    if parts.query:
        target += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=~-._?")
    return scheme, host, port, target


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    config: RefreshConfig | None = None,
    max_bytes: int = 20_000_000,
    headers: Sequence[tuple[str, str]] = (),
) -> Response:
    """GET ``url``; conditional when ``etag``/``last_modified`` are given.

    ``headers`` are a source's own (``source_settings``): a User-Agent or Accept among them
    replaces ours, the rest are added. 304 gives ``Response(not_modified=True)``; 4xx/5xx and
    every network, protocol, size or decoding problem raise ``FetchError``.
    """
    config = config or RefreshConfig()
    extra = _checked_headers(headers)
    deadline = _Deadline(config.total_timeout)
    try:
        return _follow(url, etag, last_modified, config, max_bytes, deadline, extra)
    except FetchError as error:
        if deadline.passed() and not error.message.startswith("timed out"):
            raise FetchError(f"timed out after {_seconds(config.total_timeout)} s") from None
        raise
    except Exception as error:  # every layer's failure becomes one clear line
        if deadline.passed():
            raise FetchError(f"timed out after {_seconds(config.total_timeout)} s") from None
        raise FetchError(_describe(error, config)) from None
    finally:
        deadline.cancel()


def _checked_headers(headers: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Extra headers as sent, or FetchError: a name of token characters, a value without line
    breaks (a CR or LF would write a header, or a request, of its own)."""
    for name, value in headers:
        if not _TOKEN.fullmatch(name) or any(ch in value for ch in "\r\n\0"):
            raise FetchError(f"refused request header {name[:40]!r}: not a valid name or value")
    return tuple(headers)


def _follow(
    url: str, etag: str | None, last_modified: str | None, config: RefreshConfig, max_bytes: int, deadline: _Deadline,
    extra: tuple[tuple[str, str], ...] = (),
) -> Response:
    seen: set[str] = set()
    permanent = True
    current = url.strip()
    for _hop in range(config.max_redirects + 1):
        seen.add(current)
        status, reason, headers, body = _request(current, etag, last_modified, config, max_bytes, deadline, extra)
        if status in REDIRECT_STATUSES:
            location = headers.get("location")
            if not location:
                raise FetchError(f"HTTP {status} {reason} without a Location")
            location = _utf8_header(location)
            if not is_clean(location):  # it would become the stored (and shown) address
                raise FetchError(f"HTTP {status} redirect to an address with control characters: refused")
            target = urljoin(current, location.strip())
            check_url(target)  # every hop: http or https only
            if target in seen:
                raise FetchError(f"redirect loop at {target}")
            permanent = permanent and status in PERMANENT_STATUSES
            current = target
            continue
        if status == 304:
            if not (etag or last_modified):  # "not modified" since nothing: we hold no copy to keep
                raise FetchError("HTTP 304 Not Modified, but no stored copy was named (the server misbehaves)", status=304)
            return _response(status, url, current, headers, b"", permanent, not_modified=True)
        if 200 <= status < 300:
            return _response(status, url, current, headers, body, permanent)
        raise _status_error(status, reason, headers)
    raise FetchError(f"too many redirects (more than {config.max_redirects})")


def _utf8_header(value: str) -> str:
    """A header value as the server most likely meant it: http.client reads bytes as
    latin-1, but non-ASCII addresses are sent as UTF-8 (whose bytes would look like C1)."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _response(
    status: int, original: str, final: str, headers: dict[str, str], body: bytes, permanent: bool, not_modified=False
) -> Response:
    moved = final if permanent and final != original.strip() else None
    return Response(
        status=status,
        url=final,
        body=body,
        headers=headers,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        permanent_redirect=moved,
        not_modified=not_modified,
    )


def _status_error(status: int, reason: str, headers: dict[str, str]) -> FetchError:
    retry_after = _retry_after(headers.get("retry-after"))
    message = f"HTTP {status} {reason or http.client.responses.get(status, '')}".rstrip()
    if retry_after is not None:
        message += f" (retry after {retry_after} s)"
    return FetchError(message, status=status, retry_after=retry_after)


def _retry_after(value: str | None) -> int | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0, int(when.timestamp() - time.time()))


_TLS: ssl.SSLContext | None = None
_TLS_LOCK = threading.Lock()


def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for all fetches (loading the CA store takes a while)."""
    global _TLS
    with _TLS_LOCK:
        if _TLS is None:
            _TLS = ssl.create_default_context()
        return _TLS


class _IdleConnections:
    """Connections a server left open after a whole response, for the next request to it.

    Many feeds live on one server (a blog host, a forge, the benchmark's loopback
    server): a new connection per feed made it accept (and us connect, and TLS
    shake hands) once per feed. A connection is reused only within ``IDLE_SECONDS``
    (servers drop idle ones after some seconds); a reused one that turns out closed
    is replaced by a fresh one once (``_request``). A refresh closes them all at its end.
    """

    IDLE_SECONDS = 4.0
    PER_SERVER = 8

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: dict[tuple[str, str, int | None], list[tuple[float, http.client.HTTPConnection]]] = {}

    def take(self, server: tuple[str, str, int | None]) -> http.client.HTTPConnection | None:
        while True:
            with self._lock:
                waiting = self._idle.get(server)
                if not waiting:
                    return None
                since, conn = waiting.pop()
            if time.monotonic() - since <= self.IDLE_SECONDS and _quiet(conn.sock):
                return conn
            conn.close()

    def give(self, server: tuple[str, str, int | None], conn: http.client.HTTPConnection) -> None:
        with self._lock:
            waiting = self._idle.setdefault(server, [])
            if len(waiting) < self.PER_SERVER:
                waiting.append((time.monotonic(), conn))
                return
        conn.close()

    def close_all(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, {}
        for waiting in idle.values():
            for _, conn in waiting:
                conn.close()


IDLE = _IdleConnections()


def _quiet(sock: socket.socket | None) -> bool:
    """Nothing to read on an idle connection, as it should be: a readable one has been closed
    or reset by the server, or holds bytes no request asked for (a "408" before closing,
    the rest of a body that lied about its length); either way it is not used again."""
    if sock is None:
        return False
    try:
        poller = select.poll()
        poller.register(sock, select.POLLIN | select.POLLPRI)
        return not poller.poll(0)
    except (OSError, ValueError, AttributeError):  # no poll() here, or the socket is already closed
        return False


def close_idle_connections() -> None:
    """Close the connections kept for reuse (a refresh calls this when it ends)."""
    IDLE.close_all()


# Failures of a reused connection that mean the server had closed it while it waited:
# the request is sent again on a fresh connection (a GET may be repeated).
_CLOSED_WHILE_IDLE = (
    http.client.RemoteDisconnected, http.client.BadStatusLine, ConnectionError, ssl.SSLEOFError, ssl.SSLZeroReturnError,
)


def _request(
    url: str, etag: str | None, last_modified: str | None, config: RefreshConfig, max_bytes: int, deadline: _Deadline,
    extra: tuple[tuple[str, str], ...] = (),
) -> tuple[int, str, dict[str, str], bytes]:
    scheme, host, port, target = check_url(url)
    server = (scheme, host, port)
    conn = IDLE.take(server)
    if conn is not None:
        try:
            return _exchange(conn, server, target, etag, last_modified, config, max_bytes, deadline, extra)
        except _CLOSED_WHILE_IDLE:
            if deadline.passed():
                raise
    return _exchange(_connect(scheme, host, port, config, deadline), server, target, etag, last_modified, config,
                     max_bytes, deadline, extra)  # fmt: skip


def _connect(scheme: str, host: str, port: int | None, config: RefreshConfig, deadline: _Deadline):
    connect_timeout = min(config.connect_timeout, deadline.remaining())
    if scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=connect_timeout, context=_tls_context()
        )
    else:
        conn = http.client.HTTPConnection(host, port, timeout=connect_timeout)
    try:
        conn.connect()
    except (TimeoutError, socket.timeout):
        conn.close()
        raise FetchError(f"connect timed out after {_seconds(connect_timeout)} s") from None
    except BaseException:
        conn.close()
        raise
    return conn


def _exchange(
    conn: http.client.HTTPConnection,
    server: tuple[str, str, int | None],
    target: str,
    etag: str | None,
    last_modified: str | None,
    config: RefreshConfig,
    max_bytes: int,
    deadline: _Deadline,
    extra: tuple[tuple[str, str], ...] = (),
) -> tuple[int, str, dict[str, str], bytes]:
    """One request and its response on ``conn``; the connection goes back to ``IDLE``
    only after a whole response that the server did not say was its last."""
    reusable = False
    try:
        sock = conn.sock
        deadline.watch(sock)
        sock.settimeout(min(config.read_timeout, deadline.remaining()))
        conn.putrequest("GET", target, skip_accept_encoding=True)
        own = {name.lower() for name, _ in extra}
        if "user-agent" not in own:
            conn.putheader("User-Agent", USER_AGENT)
        if "accept" not in own:
            conn.putheader("Accept", ACCEPT)
        conn.putheader("Accept-Encoding", "gzip, deflate")
        for name, value in extra:
            conn.putheader(name, value.encode("latin-1", "replace"))
        if etag:
            conn.putheader("If-None-Match", etag)
        if last_modified:
            conn.putheader("If-Modified-Since", last_modified)
        conn.endheaders()
        response = conn.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        if response.status == 304:  # no body, whatever its headers say (some say "chunked")
            reusable = not response.will_close and not response.chunked and headers.get("content-length", "0") == "0"
            response.close()  # done with, unread: the socket stays with conn
            return response.status, response.reason, headers, b""
        if response.status in REDIRECT_STATUSES or response.status >= 400 or response.status < 200:
            # Its body unread, or a 1xx answer (http.client skips only 100) with the real one
            # still to come: either way the connection is not used again.
            return response.status, response.reason, headers, b""
        body = _read_body(response, sock, headers, config, max_bytes, deadline)
        if not response.isclosed() and response.length == 0:
            response.read()  # nothing left: marks a Content-Length response done (read1 does not)
        reusable = not response.will_close and response.isclosed()
        return response.status, response.reason, headers, body
    finally:
        deadline.watch(None)
        if reusable and not deadline.expired:
            IDLE.give(server, conn)
        else:
            conn.close()


def _read_body(
    response: http.client.HTTPResponse,
    sock: socket.socket,
    headers: dict[str, str],
    config: RefreshConfig,
    max_bytes: int,
    deadline: _Deadline,
) -> bytes:
    length = headers.get("content-length", "").strip()
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"response larger than {_size(max_bytes)}")
    decoder = _Decoder(headers.get("content-encoding", ""), max_bytes)
    raw_total = 0
    while True:
        sock.settimeout(min(config.read_timeout, deadline.remaining()))
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        raw_total += len(chunk)
        if raw_total > max_bytes:
            raise FetchError(f"response larger than {_size(max_bytes)}")
        decoder.feed(chunk)
        deadline.remaining()
    if length.isdigit() and raw_total < int(length):
        raise FetchError(f"connection closed early (got {raw_total} of {int(length)} bytes)")
    return decoder.finish()


class _Decoder:
    """Incremental gzip/deflate (zlib or raw) decoding with a cap on the output."""

    def __init__(self, encoding: str, max_bytes: int) -> None:
        self.encoding = encoding.strip().lower()
        self.max_bytes = max_bytes
        self.parts: list[bytes] = []
        self.size = 0
        self._zlib = None
        self._first = b""
        if self.encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding == "deflate":
            self._zlib = None  # chosen on the first bytes: zlib wrapper or raw deflate
        elif self.encoding not in ("", "identity"):
            raise FetchError(f"unsupported content encoding {self.encoding!r}")

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise FetchError(f"response larger than {_size(self.max_bytes)}")
        self.parts.append(data)

    def _inflate(self, data: bytes) -> None:
        try:
            out = self._zlib.decompress(data, self.max_bytes - self.size + 1)
            self._keep(out)
            while self._zlib.unconsumed_tail:
                out = self._zlib.decompress(self._zlib.unconsumed_tail, self.max_bytes - self.size + 1)
                self._keep(out)
        except zlib.error as error:
            raise FetchError(f"bad {self.encoding} data: {error}") from None

    def feed(self, data: bytes) -> None:
        if self.encoding == "deflate" and self._zlib is None:
            self._first += data
            if len(self._first) < 2:
                return
            data, self._first = self._first, b""
            wrapped = (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        if self._zlib is not None:
            self._inflate(data)
        else:
            self._keep(data)

    def finish(self) -> bytes:
        if self._first:  # a deflate body of a single byte
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            self._inflate(self._first)
        if self._zlib is not None:
            try:
                self._keep(self._zlib.flush())
            except zlib.error as error:
                raise FetchError(f"bad {self.encoding} data: {error}") from None
            if self.encoding != "deflate" and not self._zlib.eof:
                raise FetchError(f"bad {self.encoding} data: the stream is cut short")
        return b"".join(self.parts)


def _describe(error: BaseException, config: RefreshConfig) -> str:
    """One line for a low-level failure."""
    if isinstance(error, (TimeoutError, socket.timeout)):
        return f"timed out after {_seconds(config.read_timeout)} s"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(error, socket.gaierror):
        return "cannot find the server (DNS lookup failed)"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS certificate not valid: {error.verify_message or error.reason}"
    if isinstance(error, ssl.SSLError):
        return f"TLS error: {error.reason or error}"
    if isinstance(error, http.client.IncompleteRead):
        expected = f" of {len(error.partial) + error.expected}" if error.expected is not None else ""
        return f"connection closed early (got {len(error.partial)}{expected} bytes)"
    if isinstance(error, http.client.RemoteDisconnected):
        return "the server closed the connection without a response"
    if isinstance(error, (http.client.LineTooLong,)):
        return "bad HTTP response: header line too long"
    if isinstance(error, http.client.BadStatusLine):
        return "bad HTTP response: not an HTTP status line"
    if isinstance(error, http.client.HTTPException):
        return f"bad HTTP response: {type(error).__name__}"
    if isinstance(error, ConnectionError):
        return f"connection failed: {error.strerror or type(error).__name__}"
    if isinstance(error, OSError):
        return f"network error: {error.strerror or error}"
    if isinstance(error, UnicodeError):
        return "not a valid web address (cannot encode it)"
    return f"fetch failed: {type(error).__name__}: {error}".splitlines()[0]
