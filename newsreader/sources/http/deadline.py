"""A fetch's total time budget: one watchdog thread shuts the socket of a fetch whose time is up,
so a server that drips one byte a second still ends."""

from __future__ import annotations

import heapq
import socket
import threading
import time

from newsreader.sources.http.errors import FetchError, seconds_text

__all__ = ["Deadline", "Watchdog", "shutdown"]


class Watchdog:
    """One thread for every fetch's deadline: a Timer thread per fetch cost ~0.16 ms
    (a thread start) each, a tenth of a conditional GET on loopback."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._due: list[tuple[float, int, Deadline]] = []  # a heap by end time
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._count = 0

    def add(self, deadline: Deadline) -> None:
        with self._lock:
            self._count += 1
            heapq.heappush(self._due, (deadline.ends, self._count, deadline))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="fetch-deadlines", daemon=True)
                self._thread.start()
            elif self._due[0][2] is deadline:
                self._wake.set()  # the new deadline is the nearest: wait for it instead

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._due and (self._due[0][2].done or self._due[0][0] <= time.monotonic()):
                    _, _, deadline = heapq.heappop(self._due)
                    if not deadline.done:
                        deadline.expire()
                wait = self._due[0][0] - time.monotonic() if self._due else 60.0
                self._wake.clear()
            self._wake.wait(max(wait, 0.0))


class Deadline:
    """The total time budget of one fetch; the socket is shut when it runs out."""

    WATCHDOG = Watchdog()

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self.done = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self.WATCHDOG.add(self)

    def passed(self) -> bool:
        return self.expired or time.monotonic() >= self.ends - 0.01

    def remaining(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            self.expired = True
            raise FetchError(f"timed out after {seconds_text(self.seconds)} s")
        return left

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
            if self.expired and sock is not None:
                shutdown(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                shutdown(self._sock)

    def cancel(self) -> None:
        self.done = True  # the watchdog drops it when it comes up


def shutdown(sock: socket.socket) -> None:
    try:  # the plain-socket shutdown, also for TLS sockets: wakes a blocked recv
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass
