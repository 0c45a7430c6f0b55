"""Noticing that something else changed the store while the app is open.

The command line (``newsreader add``, ``bookmark``, ``refresh`` from cron) writes to
the same SQLite file. Every ``STORE_POLL_SECONDS`` the main screen asks the store
for ``PRAGMA data_version`` (tens of microseconds, so on the event loop); when it
moved, the sources, counts and the headline list are read again, the cursor kept
on its article. The app's own workers also move it: their changes are already
shown, and the extra reload they cause is harmless.
"""

from __future__ import annotations

from typing import Any

from textual.timer import Timer

STORE_POLL_SECONDS = 2.0


class StoreWatching:
    """For the main screen: poll the store's data version, reload what it shows when it moved."""

    _store_version: int | None = None
    _store_timer: Timer | None = None

    def watch_store(self) -> None:
        """Start polling (after the first frame: the first paint needs none of it)."""
        self._store_version = self._read_version()
        if self._store_timer is None:
            self._store_timer = self.set_interval(STORE_POLL_SECONDS, self.check_store)  # type: ignore[attr-defined]

    def _read_version(self) -> int | None:
        try:
            return int(self.app.store.data_version())  # type: ignore[attr-defined]
        except Exception:  # an in-memory store or a test double has none; a locked file: next time
            return None

    def check_store(self) -> bool:
        """Reload when the store changed since the last look; whether it did."""
        if getattr(self, "refreshing", False):  # a refresh of ours reloads as it goes
            return False
        version = self._read_version()
        if version is None or version == self._store_version:
            return False
        self._store_version = version
        self.store_changed()
        return True

    def store_changed(self) -> None:
        """Sources, counts, the headline list and the open article's marks, read again."""
        self.headlines.reload()  # type: ignore[attr-defined]
        self.update_counts()  # type: ignore[attr-defined]
        self._refresh_open_marks()

    def _refresh_open_marks(self) -> None:
        opened: dict[str, Any] | None = getattr(self, "_open", None)
        if not opened:
            return
        article = self.app.store.article(opened["id"])  # type: ignore[attr-defined]
        if article is None:
            return
        view = self.article_view  # type: ignore[attr-defined]
        whole = getattr(article, "full_document", None) is not None
        if whole != view.has_whole_text and view.article_id == article.id:  # kept whole from the command line
            view.show_article(article, self._link_resolver(article))  # type: ignore[attr-defined]
        elif article.bookmarked != opened["bookmarked"]:
            view.update_status(article)
        opened["read"], opened["bookmarked"] = article.read, article.bookmarked
        self.refresh_bindings()  # type: ignore[attr-defined]
