"""The only network code: one careful HTTP GET.

Feeds are fetched from servers we do not control. ``fetch`` follows
redirects itself (so every hop is checked), enforces connect and read
timeouts plus a total deadline (a server that drips one byte a second still
ends), caps the size both on the wire and after decompression, and turns
every failure from any layer into one ``FetchError`` with a short message.
"""

from __future__ import annotations

import email.utils
import http.client
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from newsreader import __version__
from newsreader.config import RefreshConfig
from newsreader.document.clean import is_clean
from newsreader.sources.http.body import read_body
from newsreader.sources.http.connections import (
    CLOSED_WHILE_IDLE,
    IDLE,
    close_idle_connections,
    connect,
)
from newsreader.sources.http.deadline import Deadline
from newsreader.sources.http.errors import FetchError, describe, seconds_text

__all__ = ["ACCEPT", "IDLE", "USER_AGENT", "FetchError", "Response", "check_url", "close_idle_connections", "fetch"]

USER_AGENT = f"newsreader/{__version__} (+terminal news reader)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5"
)
ALLOWED_SCHEMES = ("http", "https")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
PERMANENT_STATUSES = (301, 308)
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # a header's name (RFC 9110 token)


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
    deadline = Deadline(config.total_timeout)
    try:
        return _follow(url, _Get(etag, last_modified, config, max_bytes, deadline, extra))
    except FetchError as error:
        if deadline.passed() and not error.message.startswith("timed out"):
            raise FetchError(f"timed out after {seconds_text(config.total_timeout)} s") from None
        raise
    except Exception as error:  # every layer's failure becomes one clear line
        if deadline.passed():
            raise FetchError(f"timed out after {seconds_text(config.total_timeout)} s") from None
        raise FetchError(describe(error, config)) from None
    finally:
        deadline.cancel()


def _checked_headers(headers: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Extra headers as sent, or FetchError: a name of token characters, a value without line
    breaks (a CR or LF would write a header, or a request, of its own)."""
    for name, value in headers:
        if not _TOKEN.fullmatch(name) or any(ch in value for ch in "\r\n\0"):
            raise FetchError(f"refused request header {name[:40]!r}: not a valid name or value")
    return tuple(headers)


@dataclass(frozen=True)
class _Get:
    """What every hop of one fetch asks with: its validators, limits, deadline and own headers."""

    etag: str | None
    last_modified: str | None
    config: RefreshConfig
    max_bytes: int
    deadline: Deadline
    extra: tuple[tuple[str, str], ...] = ()


def _follow(url: str, get: _Get) -> Response:
    config = get.config
    seen: set[str] = set()
    permanent = True
    current = url.strip()
    for _hop in range(config.max_redirects + 1):
        seen.add(current)
        status, reason, headers, body = _request(current, get)
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
            if not (get.etag or get.last_modified):  # "not modified" since nothing: we hold no copy to keep
                raise FetchError(
                    "HTTP 304 Not Modified, but no stored copy was named (the server misbehaves)", status=304
                )
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
    status: int,
    original: str,
    final: str,
    headers: dict[str, str],
    body: bytes,
    permanent: bool,
    not_modified: bool = False,
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


def _request(url: str, get: _Get) -> tuple[int, str, dict[str, str], bytes]:
    scheme, host, port, target = check_url(url)
    server = (scheme, host, port)
    conn = IDLE.take(server)
    if conn is not None:
        try:
            return _exchange(conn, server, target, get)
        except CLOSED_WHILE_IDLE:
            if get.deadline.passed():
                raise
    return _exchange(connect(scheme, host, port, get.config, get.deadline), server, target, get)


def _exchange(
    conn: http.client.HTTPConnection,
    server: tuple[str, str, int | None],
    target: str,
    get: _Get,
) -> tuple[int, str, dict[str, str], bytes]:
    """One request and its response on ``conn``; the connection goes back to ``IDLE``
    only after a whole response that the server did not say was its last."""
    config, deadline, extra = get.config, get.deadline, get.extra
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
        if get.etag:
            conn.putheader("If-None-Match", get.etag)
        if get.last_modified:
            conn.putheader("If-Modified-Since", get.last_modified)
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
        body = read_body(response, sock, headers, config, get.max_bytes, deadline)
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
