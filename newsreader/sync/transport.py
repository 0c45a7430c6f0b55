"""HTTP for the sync clients: GET and form POSTs to one server over one kept-alive connection.

The feed fetcher (``newsreader.sources.http``) only GETs; a sync server wants
form POSTs and an Authorization header. The same limits apply: connect and read
timeouts, a total deadline per request, a size cap after decompression, and
every low-level failure as one short line.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from newsreader import __version__
from newsreader.config import RefreshConfig
from newsreader.sources.http import FetchError, check_url
from newsreader.sources.http.body import BodyDecoder
from newsreader.sources.http.connections import connect
from newsreader.sources.http.deadline import Deadline
from newsreader.sources.http.errors import describe
from newsreader.sync.errors import SyncError

USER_AGENT = f"newsreader/{__version__} (+terminal news reader; sync)"
Form = list[tuple[str, str]]


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self, what: str) -> Any:
        """The body as JSON (servers send it as text/html too); SyncError when it is not."""
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            raise SyncError(f"malformed answer to {what}: not JSON ({_glimpse(self.body)})") from None


def _glimpse(body: bytes) -> str:
    text = " ".join(body[:60].decode("utf-8", "replace").split())  # quoted in a SyncError, which cleans it
    return f"starts {text!r}" if text else "empty"


class Transport:
    """Requests to one server; counts them (``requests``) for the benchmark and tests."""

    def __init__(self, config: RefreshConfig | None = None, max_bytes: int = 50_000_000) -> None:
        self.config = config or RefreshConfig()
        self.max_bytes = max_bytes
        self.requests = 0
        self._conn: http.client.HTTPConnection | None = None
        self._server: tuple[str, str, int | None] | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def get(self, url: str, params: Form | None = None, headers: dict[str, str] | None = None) -> Reply:
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params)
        return self.request("GET", url, None, headers)

    def post(self, url: str, form: Form, headers: dict[str, str] | None = None) -> Reply:
        return self.request("POST", url, urlencode(form).encode("ascii"), headers)

    def request(self, method: str, url: str, body: bytes | None, headers: dict[str, str] | None = None) -> Reply:
        """One request; a connection the server closed while idle is opened again once."""
        try:
            scheme, host, port, target = check_url(url)
        except FetchError as error:
            raise SyncError(f"{url}: {error}") from None
        self.requests += 1
        deadline = Deadline(self.config.total_timeout)
        try:
            for attempt in (1, 2):
                fresh = self._conn is None or self._server != (scheme, host, port)
                if fresh:
                    self.close()
                    self._conn = connect(scheme, host, port, self.config, deadline)
                    self._server = (scheme, host, port)
                try:
                    return self._exchange(method, target, host, body, headers or {}, deadline)
                except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ssl.SSLEOFError):
                    self.close()
                    if fresh or attempt == 2 or deadline.passed():
                        raise
            raise AssertionError("unreachable")
        except SyncError:
            self.close()
            raise
        except FetchError as error:
            self.close()
            raise SyncError(f"{_where(url)}: {error}") from None
        except Exception as error:
            self.close()
            if deadline.passed():
                raise SyncError(f"{_where(url)}: timed out after {self.config.total_timeout:g} s") from None
            raise SyncError(f"{_where(url)}: {describe(error, self.config)}") from None
        finally:
            deadline.cancel()

    def _exchange(self, method: str, target: str, host: str, body: bytes | None, headers: dict[str, str],
                  deadline: Deadline) -> Reply:  # fmt: skip
        conn = self._conn
        assert conn is not None and conn.sock is not None
        sock = conn.sock
        deadline.watch(sock)
        try:
            sock.settimeout(min(self.config.read_timeout, deadline.remaining()))
            conn.putrequest(method, target, skip_accept_encoding=True)
            conn.putheader("User-Agent", USER_AGENT)
            conn.putheader("Accept", "application/json, text/plain;q=0.9, */*;q=0.5")
            conn.putheader("Accept-Encoding", "gzip, deflate")
            for name, value in headers.items():
                conn.putheader(name, value)
            if body is not None:
                conn.putheader("Content-Type", "application/x-www-form-urlencoded")
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            reply_headers = {name.lower(): value for name, value in response.getheaders()}
            data = self._read(response, sock, reply_headers, deadline)
            if not response.isclosed():
                response.read()  # nothing left: marks the response done (read1 does not), so the connection is free
            if response.will_close:
                self.close()
            return Reply(response.status, data, reply_headers)
        finally:
            deadline.watch(None)
            if deadline.expired:
                self.close()

    def _read(self, response: http.client.HTTPResponse, sock: socket.socket, headers: dict[str, str],
              deadline: Deadline) -> bytes:  # fmt: skip
        length = headers.get("content-length", "").strip()
        if length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(f"answer larger than {self.max_bytes // 1_000_000} MB")
        decoder = BodyDecoder(headers.get("content-encoding", ""), self.max_bytes)
        total = 0
        while True:
            sock.settimeout(min(self.config.read_timeout, deadline.remaining()))
            chunk = response.read1(64 * 1024)
            if not chunk:
                break
            total += len(chunk)
            if total > self.max_bytes:
                raise FetchError(f"answer larger than {self.max_bytes // 1_000_000} MB")
            decoder.feed(chunk)
        if length.isdigit() and total < int(length):
            raise FetchError(f"connection closed early (got {total} of {int(length)} bytes)")
        return decoder.finish()


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def json_list(value: Any) -> list[Any]:
    """A list a server's JSON should hold there, or [] when it holds something else (a number,
    a string, null): that field is left out, the rest of the answer is used."""
    return value if isinstance(value, list) else []
