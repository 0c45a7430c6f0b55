"""How a failed fetch is told: one ``FetchError`` with one line fit to show the user."""

from __future__ import annotations

import http.client
import socket
import ssl

from newsreader.config import RefreshConfig
from newsreader.document.clean import OneLineError

__all__ = ["FetchError", "describe", "seconds_text", "size_text"]


class FetchError(OneLineError):
    """A fetch that failed; ``str(error)`` is one clean line fit to show the user."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = str(self)
        self.status = status
        self.retry_after = retry_after


def seconds_text(value: float) -> str:
    return f"{value:g}"


def size_text(limit: int) -> str:
    if limit >= 1_000_000:
        return f"{limit / 1_000_000:g} MB"
    if limit >= 1_000:
        return f"{limit / 1_000:g} kB"
    return f"{limit} bytes"


def describe(error: BaseException, config: RefreshConfig) -> str:
    """One line for a low-level failure."""
    if isinstance(error, (TimeoutError, socket.timeout)):
        return f"timed out after {seconds_text(config.read_timeout)} s"
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
