"""sources.http.fetch against a real loopback server: caching, redirects, limits, failures."""

from __future__ import annotations

import gzip
import socket
import time

import pytest
from support.loopback import LoopbackServer, Reply

from newsreader.config import RefreshConfig
from newsreader.sources.http import USER_AGENT, FetchError, fetch

FAST = RefreshConfig(connect_timeout=2, read_timeout=2, total_timeout=3, max_redirects=5)
BODY = b"<rss version='2.0'><channel><title>t</title></channel></rss>"


@pytest.fixture
def server():
    with LoopbackServer() as running:
        yield running


def get(url, config=FAST, max_bytes=1_000_000, **kw):
    return fetch(url, config=config, max_bytes=max_bytes, **kw)


def test_plain_get_sends_user_agent_and_accept_encoding(server):
    server.static("/feed", BODY)
    response = get(server.url("/feed"))
    assert response.status == 200 and response.body == BODY and not response.not_modified
    request = server.last_request("/feed")
    assert request.headers["user-agent"] == USER_AGENT
    assert "gzip" in request.headers["accept-encoding"]
    assert response.headers["content-type"] == "application/xml"


def test_etag_gives_304(server):
    server.static("/feed", BODY, etag='"v1"')
    first = get(server.url("/feed"))
    assert first.etag == '"v1"'
    second = get(server.url("/feed"), etag=first.etag)
    assert second.not_modified and second.status == 304 and second.body == b""
    assert server.last_request("/feed").headers["if-none-match"] == '"v1"'


def test_last_modified_gives_304(server):
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    server.static("/feed", BODY, last_modified=stamp)
    first = get(server.url("/feed"))
    assert first.last_modified == stamp
    second = get(server.url("/feed"), last_modified=stamp)
    assert second.not_modified
    assert server.last_request("/feed").headers["if-modified-since"] == stamp


def test_temporary_redirect_followed_without_address_change(server):
    server.static("/feed", BODY)
    server.redirect("/old", "/feed", status=302)
    response = get(server.url("/old"))
    assert response.body == BODY and response.url == server.url("/feed")
    assert response.permanent_redirect is None


@pytest.mark.parametrize("status", [301, 308])
def test_permanent_redirect_reports_new_address(server, status):
    server.static("/feed", BODY)
    server.redirect("/old", server.url("/feed"), status=status)
    response = get(server.url("/old"))
    assert response.permanent_redirect == server.url("/feed")


def test_mixed_chain_is_not_permanent(server):
    server.static("/feed", BODY)
    server.redirect("/a", "/b", status=301)
    server.redirect("/b", "/feed", status=302)
    assert get(server.url("/a")).permanent_redirect is None


def test_redirect_loop_detected(server):
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    with pytest.raises(FetchError, match="redirect loop"):
        get(server.url("/a"))


def test_too_many_redirects(server):
    for i in range(10):
        server.redirect(f"/r{i}", f"/r{i + 1}")
    server.static("/r10", BODY)
    with pytest.raises(FetchError, match="too many redirects"):
        get(server.url("/r0"))


@pytest.mark.parametrize("target", ["file:///etc/passwd", "javascript:alert(1)", "data:text/xml,<rss/>", "ftp://x/y"])
def test_redirect_to_other_scheme_refused(server, target):
    server.redirect("/evil", target)
    with pytest.raises(FetchError, match="refused address scheme"):
        get(server.url("/evil"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed", "feed.xml", "javascript:x"])
def test_only_http_and_https(url):
    with pytest.raises(FetchError, match="refused address scheme"):
        get(url)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate"])
def test_compressed_bodies(server, encoding):
    big = BODY * 200
    server.static("/feed", big, encoding=encoding)
    assert get(server.url("/feed")).body == big


def test_gzip_bomb_capped(server):
    bomb = gzip.compress(b"\0" * 50_000_000)  # 50 MB of zeros in ~50 kB
    server.route("/bomb", lambda r: Reply(200, bomb, {"Content-Encoding": "gzip"}))
    started = time.monotonic()
    with pytest.raises(FetchError, match="response larger than 1 MB"):
        get(server.url("/bomb"))
    assert time.monotonic() - started < 30  # a hang bound only: the cap is what the message checks


def test_raw_size_capped_by_content_length(server):
    server.static("/big", b"x" * 2_000_000)
    with pytest.raises(FetchError, match="larger than 1 MB"):
        get(server.url("/big"))


def test_endless_body_capped(server):
    server.endless("/endless")
    with pytest.raises(FetchError, match="larger than 1 MB"):
        get(server.url("/endless"))


def test_endless_gzip_body_capped(server):
    server.endless("/endless", encoding="gzip")
    with pytest.raises(FetchError, match="larger than 1 MB"):
        get(server.url("/endless"))


def test_bad_gzip_data(server):
    server.route("/bad", lambda r: Reply(200, b"this is not gzip", {"Content-Encoding": "gzip"}))
    with pytest.raises(FetchError, match="bad gzip data"):
        get(server.url("/bad"))


def test_slow_drip_ends_at_total_timeout(server):
    server.drip("/drip", b"x" * 1000, interval=0.1)
    config = RefreshConfig(connect_timeout=1, read_timeout=1, total_timeout=0.6)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.6 s"):
        get(server.url("/drip"), config=config)
    assert time.monotonic() - started < 30  # the drip lasts 100 s: ended by the 0.6 s total timeout, not by the server


def test_dripped_headers_end_at_total_timeout(server):
    server.drip_headers("/drip", interval=0.05)
    config = RefreshConfig(connect_timeout=1, read_timeout=1, total_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        get(server.url("/drip"), config=config)
    assert time.monotonic() - started < 30  # the headers never end: only the total timeout stops the fetch


def test_stalled_headers_end_at_read_timeout(server):
    server.stall("/stall")
    config = RefreshConfig(connect_timeout=1, read_timeout=0.3, total_timeout=5)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.3 s"):
        get(server.url("/stall"), config=config)
    assert time.monotonic() - started < 15  # the server stalls 30 s: ended by the 0.3 s read timeout, not by it


def test_connection_reset(server):
    server.reset("/reset")
    with pytest.raises(FetchError, match="connection reset|closed the connection"):
        get(server.url("/reset"))


def test_connection_refused():
    with socket.socket() as sock:  # a port that was free a moment ago
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="connection refused"):
        get(f"http://127.0.0.1:{port}/feed")


def test_content_length_lie(server):
    server.short_body("/short", b"<rss>", claimed=1000)
    with pytest.raises(FetchError, match=r"connection closed early \(got 5 of 1000 bytes\)"):
        get(server.url("/short"))


def test_server_error_with_retry_after(server):
    server.error("/busy", 503, {"Retry-After": "120"})
    with pytest.raises(FetchError) as caught:
        get(server.url("/busy"))
    assert str(caught.value) == "HTTP 503 Service Unavailable (retry after 120 s)"
    assert caught.value.status == 503 and caught.value.retry_after == 120


def test_not_found(server):
    with pytest.raises(FetchError) as caught:
        get(server.url("/missing"))
    assert str(caught.value) == "HTTP 404 Not Found" and caught.value.retry_after is None


def test_retry_after_as_date(server):
    when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 600))
    server.error("/busy", 429, {"Retry-After": when})
    with pytest.raises(FetchError, match=r"HTTP 429 Too Many Requests \(retry after \d+ s\)") as caught:
        get(server.url("/busy"))
    assert 500 < caught.value.retry_after <= 600


def test_non_ascii_path_is_quoted(server):
    server.static("/caf%C3%A9", BODY)
    assert get(server.url("/café")).body == BODY


def test_https_to_a_plain_http_server_is_a_tls_error(server):
    server.static("/feed", BODY)
    with pytest.raises(FetchError, match="^TLS error"):
        get(server.url("/feed").replace("http://", "https://"))
