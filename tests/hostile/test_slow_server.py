"""A server that trickles bytes forever cannot hold a command: ``add`` and ``refresh``, from the
command line and in the app, end within ``refresh.total_timeout`` (+ 5 s of slack for a busy
machine) with that source's error shown and every other source's articles stored.

The trickle is one byte every 0.05 s, far below the read timeout, of a body that would take
minutes to send: only the total deadline can end it.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from support.loopback import LoopbackServer
from support.paths import README as README_FILE
from support.ui_fixtures import make_app, make_config, make_store, until, wait_for_workers

from newsreader.cli import main
from newsreader.config import Config
from newsreader.paths import resolve_paths
from newsreader.sources.http import fetch
from newsreader.ui.screens.main import MainScreen

TOTAL = 2.0  # refresh.total_timeout in these tests
BOUND = TOTAL + 5  # what a command may take at most
README = README_FILE.read_text("utf-8")


def feed(name: str, items: int = 3) -> bytes:
    entries = "".join(
        f"<item><title>{name} story {i}</title><guid>{name}-{i}</guid><description>Words of {name} {i}.</description></item>"
        for i in range(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{entries}</channel></rss>'.encode()


def trickle(server: LoopbackServer, path: str) -> None:
    server.drip(path, feed("slow", 50) * 100, interval=0.05)  # ~1 MB at 20 bytes a second


def configure(home: Path) -> None:
    config = resolve_paths(str(home)).config
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"[refresh]\nconnect_timeout = 1\nread_timeout = 1\ntotal_timeout = {TOTAL}\n")


def timed(*argv: str) -> tuple[int, float]:
    started = time.monotonic()
    status = main(list(argv))
    return status, time.monotonic() - started


def test_total_timeout_defaults_to_30_seconds_as_the_readme_says() -> None:
    assert Config().refresh.total_timeout == 30.0  # newsboat's download timeout
    assert re.search(r"^total_timeout = 30\.0 ", README, re.M)


def test_add_ends_with_the_trickling_source_failed_and_the_other_stored(home, capsys) -> None:
    configure(home)
    with LoopbackServer() as server:
        server.static("/good", feed("good"))
        trickle(server, "/slow")
        status, elapsed = timed("add", server.url("/good"), server.url("/slow"))
    out, err = capsys.readouterr()
    assert elapsed < BOUND, f"add took {elapsed:.1f} s"
    assert status == 1
    assert f"{server.url('/slow')}: timed out after 2 s" in out + err
    main(["list"])
    listed, _ = capsys.readouterr()
    assert listed.count("good story") == 3


def test_add_of_a_page_whose_feeds_trickle_ends_within_one_total_timeout(home, capsys) -> None:
    """The page and every address it names share one deadline (one each took 6 × 2 s here)."""
    configure(home)
    with LoopbackServer() as server:
        links = "".join(f'<link rel="alternate" type="application/rss+xml" href="/feed{i}">' for i in range(6))
        server.static(
            "/page", f"<html><head>{links}</head><body>a blog</body></html>".encode(), content_type="text/html"
        )
        for i in range(6):
            trickle(server, f"/feed{i}")
        server.static("/good", feed("good"))
        status, elapsed = timed("add", server.url("/page"), server.url("/good"))
    out, err = capsys.readouterr()
    assert elapsed < BOUND, f"add took {elapsed:.1f} s"
    assert status == 1
    assert "timed out after 2 s looking for the feed of" in out + err
    main(["list"])
    listed, _ = capsys.readouterr()
    assert listed.count("good story") == 3


def test_refresh_ends_with_the_trickling_source_failed_and_the_others_stored(home, capsys) -> None:
    configure(home)
    with LoopbackServer() as server:
        for name in ("a", "b", "slow"):
            server.static(f"/{name}", feed(name))
        assert main(["add", server.url("/a"), server.url("/b"), server.url("/slow")]) == 0
        server.static("/a", feed("a", 6))
        server.static("/b", feed("b", 6))
        trickle(server, "/slow")
        capsys.readouterr()
        status, elapsed = timed("refresh")
    out, err = capsys.readouterr()
    assert elapsed < BOUND, f"refresh took {elapsed:.1f} s"
    assert status == 1  # a source failed (docs/cli.md)
    assert "slow: timed out after 2 s" in out + err
    main(["list", "--limit", "100"])
    listed, _ = capsys.readouterr()
    assert listed.count("a story") == 6 and listed.count("b story") == 6 and listed.count("slow story") == 3


async def test_the_apps_refresh_ends_with_the_trickling_source_failed_and_the_others_stored(tmp_path) -> None:
    store, _ = make_store(tmp_path, empty=True)
    config = make_config()
    config.refresh.connect_timeout = config.refresh.read_timeout = 1
    config.refresh.total_timeout = TOTAL
    with LoopbackServer() as server:
        server.static("/a", feed("a"))
        server.static("/b", feed("b"))
        trickle(server, "/slow")
        for name in ("a", "b", "slow"):
            store.add_source("feed", server.url(f"/{name}"))
        app = make_app(store, config, fetch=fetch)
        async with app.run_test(size=(160, 48)) as pilot:
            screen = next(s for s in app.screen_stack if isinstance(s, MainScreen))
            started = time.monotonic()
            await pilot.press("R")
            await until(pilot, lambda: screen.refreshing, "the refresh to start", seconds=5)
            await until(pilot, lambda: not screen.refreshing, "the refresh to end", seconds=30)
            elapsed = time.monotonic() - started
            await wait_for_workers(app)
            await pilot.pause()
            errors = str(screen.query_one("#refresh-errors").render())
    assert elapsed < BOUND, f"the app's refresh took {elapsed:.1f} s"
    assert "timed out after 2 s" in errors
    assert store.count() == 6
    store.close()
