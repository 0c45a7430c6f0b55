"""Connections kept open between fetches from one server, and what happens when they go bad."""

from __future__ import annotations

import threading
import time

import pytest
from support.loopback import KEEP_OPEN, LoopbackServer, Reply

from newsreader.config import RefreshConfig
from newsreader.sources import http
from newsreader.sources.http import FetchError, close_idle_connections, fetch

FAST = RefreshConfig(connect_timeout=2, read_timeout=2, total_timeout=3, max_redirects=5)
BODY = b"<rss version='2.0'><channel><title>t</title></channel></rss>"


@pytest.fixture
def server():
    close_idle_connections()
    with LoopbackServer() as running:
        running.keep_alive = True
        yield running
    close_idle_connections()


def get(url, config=FAST, **kw):
    return fetch(url, config=config, max_bytes=1_000_000, **kw)


def test_fetches_from_one_server_share_a_connection(server):
    server.static("/a", BODY, etag='"a"')
    server.static("/b", BODY, encoding="gzip")
    assert get(server.url("/a")).body == BODY
    assert get(server.url("/b")).body == BODY
    assert get(server.url("/a"), etag='"a"').not_modified  # a 304 leaves it reusable too
    assert get(server.url("/a")).body == BODY
    assert server.connections == 1


def test_a_server_that_closes_each_connection_gets_a_new_one_each_time(server):
    server.keep_alive = False
    server.static("/a", BODY)
    for _ in range(3):
        assert get(server.url("/a")).body == BODY
    assert server.connections == 3


def test_a_connection_the_server_dropped_while_idle_is_replaced(server):
    server.static("/a", BODY)
    assert get(server.url("/a")).body == BODY
    server.drop_connections()
    time.sleep(0.05)  # lets the server's FIN arrive first, as for a connection dropped while idle; either order passes
    response = get(server.url("/a"))  # the kept one is dead: sent again on a fresh one
    assert response.body == BODY
    assert server.connections == 2


def test_a_connection_idle_too_long_is_not_reused(server, monkeypatch):
    monkeypatch.setattr(http.IDLE, "IDLE_SECONDS", 0.0)
    server.static("/a", BODY)
    get(server.url("/a"))
    time.sleep(0.01)  # the monotonic clock moves past the 0 s idle limit
    get(server.url("/a"))
    assert server.connections == 2


def test_after_an_error_status_or_redirect_the_connection_is_not_reused(server):
    server.static("/a", BODY)
    server.error("/gone", 410)
    server.redirect("/old", "/a", status=302)
    with pytest.raises(FetchError, match="410"):
        get(server.url("/gone"))
    assert get(server.url("/old")).body == BODY  # the redirect's connection closed, the target's kept
    assert get(server.url("/a")).body == BODY
    assert server.connections == 3


def test_bytes_after_a_response_spoil_only_that_connection(server):
    """A server that sends more than its Content-Length, on a connection it keeps open:
    the kept connection has bytes no request asked for, and is not used again."""
    junk_sent = threading.Event()

    def overlong(request):
        request.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
        request.wfile.flush()
        time.sleep(0.05)  # the rest comes after the client has read its response (either order passes)
        request.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nJUNK")
        request.wfile.flush()
        junk_sent.set()
        return KEEP_OPEN

    server.route("/overlong", overlong)
    server.static("/a", BODY)
    assert get(server.url("/overlong")).body == b"hello"
    assert junk_sent.wait(30)  # the junk is on the kept connection before the next fetch
    assert get(server.url("/a")).body == BODY  # not "JUNK"
    assert server.connections == 2


def test_an_answer_the_server_sends_on_an_idle_connection_is_not_taken_for_the_next_one(server):
    server.static("/a", BODY)
    assert get(server.url("/a")).body == BODY
    for sock in server.sockets:  # as a server that says "408 Request Timeout" before it hangs up
        sock.sendall(b"HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n")
    time.sleep(0.05)  # sent on loopback, so already at the client; a margin for the kernel, not a race
    assert get(server.url("/a")).body == BODY
    assert server.connections == 2


def test_an_informational_answer_fails_that_fetch_and_never_reaches_the_next(server):
    """http.client skips only "100 Continue": a 103 comes back as the response, with the
    real one still on its way. That connection must not serve the next feed."""

    def early_hints(request):
        request.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n")
        request.wfile.flush()
        time.sleep(0.1)  # the real answer follows the hints later, as from a real server
        request.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nFEED A")
        return KEEP_OPEN

    server.route("/a", early_hints)
    server.static("/b", b"FEED B")
    with pytest.raises(FetchError, match="103"):
        get(server.url("/a"))
    time.sleep(0.2)  # lets the late "FEED A" arrive, so a reused connection would be caught; either order passes
    assert get(server.url("/b")).body == b"FEED B"


def test_a_304_that_says_chunked_is_taken_at_once_and_its_connection_not_reused(server):
    def chunked_304(request):
        request.wfile.write(b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nTransfer-Encoding: chunked\r\n\r\n')
        return KEEP_OPEN

    server.route("/feed", chunked_304)
    server.static("/a", BODY)
    patient = RefreshConfig(connect_timeout=30, read_timeout=30, total_timeout=60, max_redirects=5)
    started = time.monotonic()
    assert get(server.url("/feed"), etag='"v1"', config=patient).not_modified
    assert time.monotonic() - started < 15  # no wait for a body that never comes (that waits the 30 s read timeout)
    assert get(server.url("/a")).body == BODY
    assert server.connections == 2


def test_a_timed_out_fetch_does_not_leave_its_connection_for_reuse(server):
    server.static("/a", BODY)

    def stall(request):
        time.sleep(1.5)  # longer than the client's 0.5 s read timeout
        return Reply(200, BODY, {"Content-Type": "application/xml"})

    server.route("/slow", stall)
    slow = RefreshConfig(connect_timeout=1, read_timeout=0.5, total_timeout=1, max_redirects=5)
    with pytest.raises(FetchError, match="timed out"):
        get(server.url("/slow"), config=slow)
    assert get(server.url("/a")).body == BODY
    assert http.IDLE.take(("http", "127.0.0.1", server.port)) is not None  # the good one, kept
    assert http.IDLE.take(("http", "127.0.0.1", server.port)) is None  # and only that one


def test_close_idle_connections_closes_them(server):
    server.static("/a", BODY)
    get(server.url("/a"))
    kept = http.IDLE.take(("http", "127.0.0.1", server.port))
    assert kept is not None and kept.sock is not None
    http.IDLE.give(("http", "127.0.0.1", server.port), kept)
    close_idle_connections()
    assert kept.sock is None
    assert http.IDLE.take(("http", "127.0.0.1", server.port)) is None


def test_connections_are_kept_per_server():
    close_idle_connections()
    with LoopbackServer() as one, LoopbackServer() as two:
        for running in (one, two):
            running.keep_alive = True
            running.static("/a", BODY)
        for _ in range(2):
            assert get(one.url("/a")).body == BODY
            assert get(two.url("/a")).body == BODY
        assert (one.connections, two.connections) == (1, 1)
    close_idle_connections()
