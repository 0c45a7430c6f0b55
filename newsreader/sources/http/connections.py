"""Opening connections (TLS verified) and keeping the ones a server left open for the next
request to it."""

from __future__ import annotations

import http.client
import select
import socket
import ssl
import threading
import time

from newsreader.config import RefreshConfig
from newsreader.sources.http.deadline import Deadline
from newsreader.sources.http.errors import FetchError, seconds_text

__all__ = ["CLOSED_WHILE_IDLE", "IDLE", "IdleConnections", "close_idle_connections", "connect", "tls_context"]


_TLS: ssl.SSLContext | None = None
_TLS_LOCK = threading.Lock()


def tls_context() -> ssl.SSLContext:
    """One verifying TLS context for all fetches (loading the CA store takes a while)."""
    global _TLS
    with _TLS_LOCK:
        if _TLS is None:
            _TLS = ssl.create_default_context()
        return _TLS


class IdleConnections:
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
            if time.monotonic() - since <= self.IDLE_SECONDS and quiet(conn.sock):
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


IDLE = IdleConnections()


def quiet(sock: socket.socket | None) -> bool:
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
CLOSED_WHILE_IDLE = (
    http.client.RemoteDisconnected,
    http.client.BadStatusLine,
    ConnectionError,
    ssl.SSLEOFError,
    ssl.SSLZeroReturnError,
)


def connect(
    scheme: str, host: str, port: int | None, config: RefreshConfig, deadline: Deadline
) -> http.client.HTTPConnection:
    connect_timeout = min(config.connect_timeout, deadline.remaining())
    if scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=connect_timeout, context=tls_context()
        )
    else:
        conn = http.client.HTTPConnection(host, port, timeout=connect_timeout)
    try:
        conn.connect()
    except TimeoutError:
        conn.close()
        raise FetchError(f"connect timed out after {seconds_text(connect_timeout)} s") from None
    except BaseException:
        conn.close()
        raise
    return conn
