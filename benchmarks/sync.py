"""Sync benchmark: the first sync of 10,000 articles from the loopback Google Reader server,
then an incremental sync with nothing new (targets: <= 15 s; <= 1 s and <= 6 requests).

    python -m benchmarks.sync [ARTICLES]

The server is the tests' Google Reader server (tests/support/greader_server.py).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from newsreader.config import Config
from newsreader.store import Store
from newsreader.sync import find_account, sync_account
from newsreader.sync.login import add_account
from tests.support.greader_server import GReaderServer

BODY = ("<p>The council met on Tuesday to discuss the <a href='https://example.org/budget'>budget</a> for "
        "the coming year, and the mayor said the ferry timetable would change in April.</p>"
        "<p>“We have listened,” she said. Residents asked about the bridge.</p>"
        "<ul><li>two early crossings;</li><li>a night boat on Fridays.</li></ul>")  # fmt: skip


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    os.environ["NEWSREADER_PASSWORD"] = "api-secret"
    with GReaderServer() as server, tempfile.TemporaryDirectory() as folder:
        feeds = [server.add_feed(f"Feed {n}", category=f"Folder {n % 5}") for n in range(50)]
        for n in range(count):
            server.add_item(feeds[n % len(feeds)], f"Story {n} about the ferry timetable", BODY, read=n % 3 == 0,
                            starred=n % 500 == 0)  # fmt: skip
        store = Store(Path(folder) / "bench.db")
        config = Config()
        add_account(store, config, "greader", server.url, "alice", name="bench")
        started = time.perf_counter()
        first = sync_account(store, config, find_account(store, "bench"))
        first_seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = sync_account(store, config, find_account(store, "bench"))
        again_seconds = time.perf_counter() - started
        assert first.ok and again.ok, (first.error, again.error)
        print(
            f"first sync: {first.added} articles in {first_seconds:.2f} s, {first.requests} requests (target <= 15 s)"
        )
        print(f"nothing new: {again_seconds:.3f} s, {again.requests} requests, {again.added} added "
              "(targets <= 1 s, <= 6 requests)")  # fmt: skip
        store.close()


if __name__ == "__main__":
    main()
