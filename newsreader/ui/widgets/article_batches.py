"""The widgets of an article's body still to mount: a long article is mounted in batches.

The first screenful is mounted at once, the rest a batch at a time as the reader nears the
end of what is mounted (or as Tab looks for the next link), so a megabyte of text never freezes
the screen. Each drawing of an article has its own ``generation``: batches left over from a
drawing that was replaced are never mounted.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.widget import Widget

from newsreader.ui.widgets.article_body import take

FIRST_PIECES = 3  # widgets mounted at once: more than a screenful
LATER_PIECES = 3  # widgets mounted each time the reader nears the end of what is mounted


class PendingWidgets:
    """What is left to mount of the article drawn last."""

    def __init__(self) -> None:
        self.generation = 0
        self._pending: Iterator[Widget] | None = None

    def start(self, widgets: Iterator[Widget]) -> list[Widget]:
        """A new drawing: its first widgets, to mount now; the rest wait."""
        self.generation += 1
        self._pending = widgets
        return take(widgets, FIRST_PIECES)

    def drop(self) -> None:
        """Nothing more to mount (the article was cleared)."""
        self.generation += 1
        self._pending = None

    def next_batch(self) -> list[Widget]:
        """The next few widgets to mount; none once all are mounted."""
        if self._pending is None:
            return []
        batch = take(self._pending, LATER_PIECES)
        if not batch:
            self._pending = None
        return batch

    @property
    def done(self) -> bool:
        return self._pending is None
