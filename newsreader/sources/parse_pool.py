"""Parsing in a small process pool: CPU work out of the process that fetches and draws.

feedparser, the HTML parser and the preparation of rows are pure Python; in
threads they share one GIL with the fetchers (and, in the app, with the UI).
The pool is started on first use and kept; when processes cannot start or a
worker dies, the work falls back to the calling thread.
"""

from __future__ import annotations

import atexit
import importlib.machinery
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager, nullcontext
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

T = TypeVar("T")

# Imported once by the fork server, so that each worker starts with the parsers loaded.
PRELOAD = [
    "newsreader.refresh",
    "newsreader.sources.feeds",
    "newsreader.document.html",
    "feedparser",
    "newsreader.related",
]


def preload() -> list[str]:
    """What the fork server imports for its workers: ``PRELOAD``, or nothing when it would
    import another ``newsreader`` than this process's. Python 3.11's fork server runs as
    ``python -c``, with the working directory first on its path and ours ignored: started in a
    folder that holds another copy (a checkout of another version), it gave the workers that
    copy. Without a preload, each worker imports on this process's path (slower to start)."""
    try:
        first = [os.getcwd(), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        found = importlib.machinery.PathFinder.find_spec(__name__.partition(".")[0], first)
        if found is None or not found.submodule_search_locations:
            return PRELOAD  # the fork server finds the package where this process found it
        theirs = next(iter(found.submodule_search_locations))
        ours = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # this package's folder
        return PRELOAD if os.path.samefile(theirs, ours) else []
    except (OSError, ImportError, ValueError):  # a working directory since removed, or unreadable
        return []


class ParsePool:
    """A function run in a small process pool, started on first use and kept.

    Falls back to the calling thread when processes cannot start or the pool
    breaks; an exception raised in a worker arrives as itself.
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
                    context: BaseContext
                    if "forkserver" in multiprocessing.get_all_start_methods():
                        forkserver = multiprocessing.get_context("forkserver")
                        forkserver.set_forkserver_preload(preload())
                        context = forkserver
                    else:
                        context = multiprocessing.get_context("spawn")
                    with _real_stderr():
                        writer = context.Lock()
                        self._executor = ProcessPoolExecutor(
                            self.workers, mp_context=context, initializer=_start_worker, initargs=(writer, os.getpid())
                        )
                except (OSError, ValueError, ImportError, NotImplementedError):
                    self._broken = True
                    return None
            return self._executor

    def run(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a worker (both must pickle), or here when the pool cannot."""
        executor = self._get()
        if executor is not None:
            try:
                future = executor.submit(function, *args)
            except (BrokenProcessPool, OSError, RuntimeError):  # RuntimeError: shut down meanwhile
                self._give_up()
            else:
                try:
                    return future.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory): work here instead
                    self._give_up()
        return function(*args)

    def _give_up(self) -> None:
        with self._lock:
            self._broken = True

    def shutdown(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
            self._broken = False


@contextmanager
def _real_stderr() -> Iterator[None]:
    """multiprocessing starts its resource tracker with sys.stderr's file descriptor: under
    Textual, sys.stderr is a capture object whose fileno() is -1, and the start fails."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        yield
        return
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        yield
    finally:
        sys.stderr = captured


_WRITER: Any = None  # in a worker: the lock its writes to the store take (see one_writer)


def one_writer() -> AbstractContextManager[object]:
    """In a worker, the pool's lock for writing to the store, else a context that does nothing.

    SQLite keeps one writer at a time on its own, but a writer that finds the file busy
    sleeps (1, 2, 5, 10 ms...) before it tries again: two workers taking turns left the
    cores idle a third of the time. Waiting on this lock wakes as soon as it is free."""
    return _WRITER if _WRITER is not None else nullcontext()


# How often a worker looks whether the process that started the pool is still there.
PARENT_CHECK_SECONDS = 1.0


def _start_worker(writer: Any, parent: int) -> None:
    global _WRITER
    _WRITER = writer
    _quiet()
    threading.Thread(target=_exit_without, args=(parent,), name="parent watch", daemon=True).start()


def _exit_without(parent: int) -> None:
    """End this worker once ``parent`` is gone. A pool's workers are the forkserver's children,
    not their user's: a refresh killed outright (SIGKILL, the OOM killer) never shuts its pool
    down, and its workers would wait for work for ever, ~100 MB each."""
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(0)
        except OSError:  # there, but not ours to signal
            pass


def _quiet() -> None:
    """A worker writes nothing to the terminal (a warning there would draw over the app)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


POOL = ParsePool()
atexit.register(POOL.shutdown)
