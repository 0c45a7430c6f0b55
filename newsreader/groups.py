"""Handing work to a few workers in groups: whatever waits when a worker comes free.

A refresh stores each feed from the thread that fetched it. Sent to the parse
pool one feed at a time, every feed was one write transaction; the search
index writes a segment per transaction and merges them as they pile up, and
that made writing the larger part of a cold refresh. ``Groups`` sends what has
gathered while both workers were busy as one piece of work, so the groups grow
exactly when the workers fall behind, and a lone feed (a refresh of a few
sources, a slow network) still goes at once, alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class _Waiting(Generic[Item]):
    __slots__ = ("item", "size", "outcome", "done")

    def __init__(self, item: Item, size: int) -> None:
        self.item = item
        self.size = size
        self.outcome: object = None
        self.done = False


class Groups(Generic[Item, Result]):
    """``submit(item)`` blocks until ``run(group)`` has handled the item, in some group.

    ``run`` takes a list of items and returns one result or exception per item, in
    order (an exception it raises becomes every item's). At most ``workers`` groups
    run at once, each of at most ``most`` items and, past its first item, ``most_size``
    in total size (bodies held in memory). The calling threads run the groups: the
    first one to find a worker free takes what waits, its own item or others'. So
    ``run`` must not itself submit (with every worker busy, it would wait for ever).
    """

    def __init__(
        self, run: Callable[[list[Item]], list[Result | Exception]], workers: int, most: int, most_size: int
    ) -> None:
        self._run = run
        self._workers = workers
        self._most = most
        self._most_size = most_size
        self._busy = 0
        self._waiting: list[_Waiting[Item]] = []
        self._waiting_size = 0
        self._changed = threading.Condition()

    def wait_for_room(self, size: int) -> None:
        """Return once less than ``size`` waits to be run (or nothing does): a caller
        about to fetch another body waits here, so waiting bodies stay within bounds."""
        with self._changed:
            while self._waiting and self._waiting_size >= size:
                self._changed.wait()

    def submit(self, item: Item, size: int = 0) -> Result:
        mine = _Waiting(item, size)
        with self._changed:
            self._waiting.append(mine)
            self._waiting_size += size
            while not mine.done:
                if self._busy < self._workers and self._waiting:
                    self._lead()
                else:
                    self._changed.wait()
        if isinstance(mine.outcome, BaseException):
            raise mine.outcome
        return mine.outcome  # type: ignore[return-value]

    def _lead(self) -> None:
        """Run one group from the front of the queue (called holding the condition's lock)."""
        group = self._take()
        self._busy += 1
        self._changed.notify_all()  # room for more: wait_for_room's callers may go on
        self._changed.release()
        outcomes: list | None = None
        try:
            outcomes = list(self._run([waiting.item for waiting in group]))
            if len(outcomes) != len(group):
                raise RuntimeError(f"a group of {len(group)} gave {len(outcomes)} results")
        except Exception as error:
            outcomes = [error] * len(group)
        finally:
            self._changed.acquire()
            self._busy -= 1
            if outcomes is None:  # interrupted: the others must not wait for ever
                outcomes = [RuntimeError("interrupted")] * len(group)
            for waiting, outcome in zip(group, outcomes):
                waiting.outcome = outcome
                waiting.done = True
            self._changed.notify_all()

    def _take(self) -> list[_Waiting[Item]]:
        group = [self._waiting[0]]
        size = group[0].size
        for waiting in self._waiting[1 : self._most]:
            if size + waiting.size > self._most_size:
                break
            group.append(waiting)
            size += waiting.size
        del self._waiting[: len(group)]
        self._waiting_size -= size
        return group
