"""Feed parsing in a small process pool: CPU work out of the process that fetches and draws.

feedparser and the HTML parser are pure Python; in threads they share one
GIL with the fetchers (and, in the app, with the UI). The pool is started on
first use and kept; when processes cannot start or a worker dies, parsing
falls back to the calling thread.
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newsreader.sources.feeds import ParsedFeed, parse_feed


class ParsePool:
    """Feed parsing in a small process pool, started on first use and kept.

    Falls back to parsing in the calling thread when processes cannot start
    or the pool breaks; FeedError from a worker arrives as itself.
    """

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._broken = False
        self._lock = threading.Lock()

    def _get(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._broken:
                return None
            if self._executor is None:
                try:
                    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
                    self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(method))
                except (OSError, ValueError, ImportError, NotImplementedError):
                    self._broken = True
                    return None
            return self._executor

    def parse(self, body: bytes, url: str, headers: dict[str, str] | None = None) -> ParsedFeed:
        executor = self._get()
        if executor is not None:
            try:
                future = executor.submit(parse_feed, body, url, headers)
            except (BrokenProcessPool, OSError, RuntimeError):  # RuntimeError: shut down meanwhile
                self._give_up()
            else:
                try:
                    return future.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory): parse here instead
                    self._give_up()
        return parse_feed(body, url, headers)

    def _give_up(self) -> None:
        with self._lock:
            self._broken = True

    def shutdown(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
            self._broken = False


POOL = ParsePool()
atexit.register(POOL.shutdown)
