"""A refresh killed outright (``kill -9``, the OOM killer) leaves no parse workers behind: the
pool's workers are the forkserver's children, so nothing shuts them down but their own watch
of the process that started them (``sources.parse_pool._exit_without``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from support.loopback import LoopbackServer, Reply

from newsreader.refresh.parsing import POOL_FROM_SOURCES


def pool_processes() -> set[int]:
    """The pids of every multiprocessing forkserver and its workers on this machine."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"multiprocessing.forkserver" in command:
                found.add(int(entry.name))
    return found


def rss(name: str) -> bytes:
    items = "".join(f"<item><title>{name} {i}</title><guid>{name}-{i}</guid></item>" for i in range(5))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{items}</channel></rss>'.encode()


def test_the_parse_workers_of_a_killed_refresh_exit(tmp_path: Path) -> None:
    base = [sys.executable, "-m", "newsreader", "--home", str(tmp_path / "home")]
    feeds = POOL_FROM_SOURCES + 4  # enough for the refresh to start its parse pool
    before = pool_processes()
    with LoopbackServer() as server:

        def slow(name: str):
            def handler(request) -> Reply:
                time.sleep(0.3)  # the refresh is still in flight when it is killed
                return Reply(200, rss(name), {"Content-Type": "application/rss+xml"})

            return handler

        for n in range(feeds):
            server.route(f"/f{n}", slow(f"f{n}"))
        added = subprocess.run(
            base + ["import-opml", "/dev/stdin"],
            input="".join(f'<outline type="rss" xmlUrl="{server.url(f"/f{n}")}"/>' for n in range(feeds)).join(
                ['<?xml version="1.0"?><opml version="2.0"><body>', "</body></opml>"]
            ),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert added.returncode == 0, added.stderr
        refresh = subprocess.Popen(base + ["refresh"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while not (pool_processes() - before) and time.monotonic() < deadline:
                time.sleep(0.05)  # until the refresh has started its pool
            started = pool_processes() - before
            assert started, "the refresh never started its parse pool"
            time.sleep(0.3)
            assert refresh.poll() is None, "refresh ended before it could be killed"
            os.kill(refresh.pid, signal.SIGKILL)
        finally:
            refresh.wait(timeout=30)
        deadline = time.monotonic() + 15
        while pool_processes() & started and time.monotonic() < deadline:
            time.sleep(0.1)  # a worker looks for its parent once a second
    assert not pool_processes() & started, "the killed refresh's parse pool is still running"
