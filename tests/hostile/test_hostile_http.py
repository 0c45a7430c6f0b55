"""Hostile servers, end to end through ``newsreader refresh`` (fetch itself is covered by test_http.py).

Feeds are added while their server behaves; then each route turns hostile
(slow drip, dribbled headers, a stall, a reset, an endless body, gzip and
deflate bombs, redirect loops and redirects to file:/javascript:, a lying
Content-Length, 4xx/5xx, a 304 to an unconditional request). One refresh must
end within the configured timeouts, give each source a clear error in
``sources --json``, and leave every stored article as it was. Charset lies
end as articles, not as errors.
"""

from __future__ import annotations

import gzip
import json
import time
import zlib
from pathlib import Path

import pytest
from support.loopback import LoopbackServer, Reply
from support.paths import FIXTURE_ROOT

from newsreader.cli import main
from newsreader.paths import resolve_paths

FIXTURES = FIXTURE_ROOT / "hostile"


def feed(name: str, items: int = 3) -> bytes:
    entries = "".join(
        f"<item><title>{name} story {i}</title><guid>{name}-{i}</guid><link>http://127.0.0.1/{name}/{i}</link>"
        f"<description>Words of {name} story {i}.</description></item>"
        for i in range(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{entries}</channel></rss>'.encode()


def configure(home: Path, **refresh: float) -> None:
    config = resolve_paths(str(home)).config
    config.parent.mkdir(parents=True, exist_ok=True)
    lines = ["[refresh]"] + [f"{key} = {value}" for key, value in refresh.items()]
    config.write_text("\n".join(lines) + "\n")


def cli_json(capsys, *argv: str):
    main([*argv, "--json"])
    out, _ = capsys.readouterr()
    return json.loads(out)


BOMB = 60_000_000  # bytes of zeros, far above the 20 MB limit once inflated


def bomb(encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(b"\0" * BOMB, compresslevel=9)
    return zlib.compress(b"\0" * BOMB, 9)


def compressed(data: bytes, encoding: str):
    return lambda request: Reply(200, data, {"Content-Type": "application/xml", "Content-Encoding": encoding})


HOSTILE = {
    # path: (how to turn it hostile, words the error must hold)
    "drip": (lambda s, p: s.drip(p, feed("drip"), interval=0.5), "timed out"),
    "drip-headers": (lambda s, p: s.drip_headers(p, interval=0.1), "timed out"),
    "stall": (lambda s, p: s.stall(p, seconds=30), "timed out"),
    "reset": (lambda s, p: s.reset(p), "connection"),
    "endless": (lambda s, p: s.endless(p), "larger than"),
    "endless-gzip": (lambda s, p: s.endless(p, encoding="gzip"), "larger than"),
    "gzip-bomb": (lambda s, p: s.route(p, compressed(bomb("gzip"), "gzip")), "larger than"),
    "deflate-bomb": (lambda s, p: s.route(p, compressed(bomb("deflate"), "deflate")), "larger than"),
    "loop": (lambda s, p: (s.redirect(p, p + "-b"), s.redirect(p + "-b", p)), "redirect loop"),
    "to-file": (lambda s, p: s.redirect(p, "file:///etc/passwd"), "refused address scheme file"),
    "to-javascript": (lambda s, p: s.redirect(p, "javascript:alert(1)"), "refused address scheme javascript"),
    "length-lie": (lambda s, p: s.short_body(p, feed("lie")[:100], claimed=5000), "closed early"),
    "not-found": (lambda s, p: s.error(p, 404), "HTTP 404"),
    "server-error": (lambda s, p: s.error(p, 503, {"Retry-After": "120"}), "HTTP 503"),
    "gone": (lambda s, p: s.error(p, 410), "HTTP 410"),
    "not-xml": (
        lambda s, p: s.static(p, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, content_type="image/png"),
        "not a feed",
    ),
}


def test_every_hostile_server_ends_as_a_per_source_error_and_keeps_the_articles(home, capsys) -> None:
    configure(home, connect_timeout=1, read_timeout=1, total_timeout=2, concurrency=16, per_host=16)
    with LoopbackServer() as server:
        urls = {}
        for name in HOSTILE:
            path = f"/{name}"
            server.static(path, feed(name))
            urls[name] = server.url(path)
        assert main(["add", *urls.values()]) == 0
        capsys.readouterr()
        before = {a["id"]: a for a in cli_json(capsys, "list", "--limit", "1000")}
        assert len(before) == 3 * len(HOSTILE)
        for name, (turn_hostile, _) in HOSTILE.items():
            turn_hostile(server, f"/{name}")
        started = time.monotonic()
        results = cli_json(capsys, "refresh")
        elapsed = time.monotonic() - started
    # Each hostile server is cut off by the 2 s total timeout; without it the stall alone lasts 30 s.
    assert elapsed < 25, f"refresh took {elapsed:.1f} s"
    by_name = {r["name"]: r for r in results}
    sources = {s["address"]: s for s in cli_json(capsys, "sources")}
    for name, (_, words) in HOSTILE.items():
        result = by_name[name]
        assert result["status"] == "error", (name, result)
        source = sources[urls[name]]
        assert source["status"] == "error" and words in source["error"], (name, source["error"])
        assert "\n" not in source["error"] and len(source["error"]) < 200
        assert source["articles"] == 3
    after = {a["id"]: a for a in cli_json(capsys, "list", "--limit", "1000")}
    assert after == before


def test_refresh_exit_status_is_1_when_every_source_failed(home, capsys) -> None:
    configure(home, connect_timeout=1, read_timeout=1, total_timeout=2)
    with LoopbackServer() as server:
        server.static("/a", feed("a"))
        assert main(["add", server.url("/a")]) == 0
        server.error("/a", 500)
        assert main(["refresh"]) == 1
    _, err = capsys.readouterr()
    assert "HTTP 500" in err and "Traceback" not in err


def unconditional_304(request) -> Reply:
    return Reply(304, b"", {"ETag": '"x"'})


def test_a_304_with_no_stored_copy_is_an_error(home, capsys) -> None:
    """A 304 to a request that named no copy (no ETag, no date) would leave the source silently empty."""
    with LoopbackServer() as server:
        server.route("/never-sent", unconditional_304)
        opml = resolve_paths(str(home)).data_dir / "subs.opml"
        opml.parent.mkdir(parents=True, exist_ok=True)
        opml.write_text(
            f'<opml version="2.0"><body><outline text="x" xmlUrl="{server.url("/never-sent")}"/></body></opml>'
        )
        assert main(["import-opml", str(opml)]) == 0
        assert main(["refresh"]) == 1
        assert main(["add", server.url("/never-sent")]) == 1
    _, err = capsys.readouterr()
    assert err.count("HTTP 304") == 2, err
    source = cli_json(capsys, "sources")[0]
    assert source["status"] == "error" and "304" in source["error"]


def test_a_304_for_a_stored_copy_keeps_it(home, capsys) -> None:
    with LoopbackServer() as server:
        server.static("/feed", feed("kept"), etag='"v1"')
        assert main(["add", server.url("/feed")]) == 0
        assert main(["refresh"]) == 0
    capsys.readouterr()
    source = cli_json(capsys, "sources")[0]
    assert source["status"] == "unchanged" and source["articles"] == 3


CHARSET_LIES = {
    # name: (body, content type)
    "utf8-said-ascii": ("<?xml version='1.0' encoding='utf-8'?>", "utf-8", "text/xml; charset=us-ascii"),
    "latin1-said-utf8": (
        "<?xml version='1.0' encoding='iso-8859-1'?>",
        "latin-1",
        "application/rss+xml; charset=utf-8",
    ),
    "utf8-said-utf16": ("<?xml version='1.0'?>", "utf-8", "application/xml; charset=utf-16"),
    "unknown-charset": ("<?xml version='1.0' encoding='x-no-such-charset'?>", "utf-8", "text/xml; charset=x-bogus-42"),
    "json-said-latin1": (None, "utf-8", "application/feed+json; charset=iso-8859-1"),
}


@pytest.mark.parametrize("name", sorted(CHARSET_LIES))
def test_charset_lies_end_as_articles_or_a_clear_error(home, capsys, name) -> None:
    declaration, encoding, content_type = CHARSET_LIES[name]
    if declaration is None:
        body = json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "Köln",
                "items": [{"id": "1", "title": "Grüße aus Köln", "content_text": "Café."}],
            },
            ensure_ascii=False,
        ).encode(encoding)
    else:
        body = (
            declaration + "<rss version='2.0'><channel><title>Köln</title><item><title>Grüße aus Köln</title>"
            "<guid>1</guid><description>Café.</description></item></channel></rss>"
        ).encode(encoding)
    with LoopbackServer() as server:
        server.static("/feed", body, content_type=content_type)
        code = main(["add", server.url("/feed")])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if code == 0:
        titles = [a["title"] for a in cli_json(capsys, "list")]
        assert len(titles) == 1 and "aus K" in titles[0]
    else:
        assert code == 1 and len(err.strip().splitlines()) == 1
