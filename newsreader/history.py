"""Where the reader has been: a browser-style back/forward trail.

Following related links is the point of this reader, so the way back must be
exact. Visiting something new drops the forward entries (as a browser does);
visiting the current item again changes nothing. The trail is capped so a
long session cannot grow it without bound, and it round-trips through a plain
list for the state file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_CAP = 200


class History(Generic[T]):
    """A list of visited items and a cursor into it."""

    def __init__(self, items: Iterable[T] = (), *, cap: int = DEFAULT_CAP) -> None:
        if cap < 1:
            raise ValueError("cap must be at least 1")
        self._cap = cap
        self._items: list[T] = []
        self._index = -1
        for item in items:
            self.visit(item)

    # --- moving ---------------------------------------------------------------

    def visit(self, item: T) -> None:
        """Go to ``item``: forward entries are dropped; the current item again is a no-op."""
        if self._index >= 0 and self._items[self._index] == item:
            return
        del self._items[self._index + 1 :]
        self._items.append(item)
        overflow = len(self._items) - self._cap
        if overflow > 0:
            del self._items[:overflow]
        self._index = len(self._items) - 1

    def back(self) -> T | None:
        """Step back and return the item there, or None (and stay) at the start."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._items[self._index]

    def forward(self) -> T | None:
        """Step forward and return the item there, or None (and stay) at the end."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._items[self._index]

    def clear(self) -> None:
        self._items.clear()
        self._index = -1

    # --- looking --------------------------------------------------------------

    @property
    def current(self) -> T | None:
        return self._items[self._index] if self._index >= 0 else None

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return 0 <= self._index < len(self._items) - 1

    @property
    def cap(self) -> int:
        return self._cap

    def trail(self, n: int) -> list[T]:
        """The last ``n`` items up to and including the current one (a breadcrumb)."""
        if n <= 0 or self._index < 0:
            return []
        start = max(0, self._index + 1 - n)
        return self._items[start : self._index + 1]

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"History({self._items!r}, index={self._index})"

    # --- persistence ----------------------------------------------------------

    @property
    def index(self) -> int:
        """The cursor: the position of ``current`` in ``to_list()`` (-1 when empty)."""
        return self._index

    def to_list(self) -> list[T]:
        """Every item, oldest first; save it with ``index`` to restore the cursor."""
        return list(self._items)

    @classmethod
    def from_list(cls, items: object, index: object = None, *, cap: int = DEFAULT_CAP) -> History[T]:
        """Rebuild from ``to_list()`` (and ``index``; without it the cursor is at the end).

        Bad shapes from a damaged state file give an empty or clamped history,
        never an exception: losing the trail is better than not starting. When
        there are more items than ``cap``, the oldest go.
        """
        history: History[T] = cls(cap=cap)
        if not isinstance(items, list) or not items:
            return history
        if not isinstance(index, int) or isinstance(index, bool):
            index = len(items) - 1
        index = min(max(index, 0), len(items) - 1)
        overflow = max(0, len(items) - cap)
        history._items = list(items[overflow:])
        history._index = max(0, index - overflow)
        return history
