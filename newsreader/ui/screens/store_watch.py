"""Noticing that something else changed the store while the app is open.

The command line (``newsreader add``, ``bookmark``, ``refresh`` from cron) writes to
the same SQLite file. Every ``STORE_POLL_SECONDS`` the main screen asks the store
for ``PRAGMA data_version`` (tens of microseconds, so on the event loop); when it
moved, the sources, counts and the headline list are read again, the cursor kept
on its article. The app's own workers also move it: their changes are already
shown, and the extra reload they cause is harmless.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.timer import Timer

    from newsreader.ui.screens.panes import Panes
    from newsreader.ui.screens.reading import Reader
    from newsreader.ui.screens.views import Views

STORE_POLL_SECONDS = 2.0


class StoreWatcher:
    """Poll the store's data version; reload what the screen shows when it moved."""

    def __init__(self, panes: Panes, views: Views, reader: Reader, busy: Callable[[], bool]) -> None:
        self.panes = panes
        self.views = views
        self.reader = reader
        self.busy = busy  # a refresh of ours is running: it reloads as it goes
        self.version: int | None = None
        self.timer: Timer | None = None

    def start(self) -> None:
        """Start polling (after the first frame: the first paint needs none of it)."""
        self.version = self._read_version()
        if self.timer is None:
            self.timer = self.panes.screen.set_interval(STORE_POLL_SECONDS, self.check)

    def _read_version(self) -> int | None:
        try:
            return self.panes.library.articles.data_version()
        except Exception:  # an in-memory store or a test double has none; a locked file: next time
            return None

    def check(self) -> bool:
        """Reload when the store changed since the last look; whether it did."""
        if self.busy():
            return False
        version = self._read_version()
        if version is None or version == self.version:
            return False
        self.version = version
        self.changed()
        return True

    def changed(self) -> None:
        """Sources, counts, the headline list and the open article's marks, read again."""
        self.panes.headlines.reload()
        self.views.update_counts()
        self._refresh_open_marks()

    def _refresh_open_marks(self) -> None:
        view = self.panes.article
        opened = view.opened
        if opened is None:
            return
        article = self.panes.library.articles.article(opened.id)
        if article is None:
            return
        whole = article.full_document is not None
        if whole != view.has_whole_text and view.article_id == article.id:  # kept whole from the command line
            self.reader.show_again(article.id, whole=True)
        elif article.bookmarked != opened.bookmarked:
            view.update_status(article)
        opened.read, opened.bookmarked = article.read, article.bookmarked
        self.panes.screen.refresh_bindings()
