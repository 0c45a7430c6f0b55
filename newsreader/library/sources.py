"""The sources as the front ends list, find, remove and rename them, as ``Library.sources``.

Removing or renaming a sync account's subscription is a change on its server first (removed
only here, the next sync would bring it back): ``newsreader remove``/``rename`` and the app's
``d``/``e`` on a source go through the same steps here. The sync package is imported only for
such a source (it is a tenth of a second of start-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsreader.config import Config
from newsreader.lazy_import import load

if TYPE_CHECKING:
    from newsreader.store import RemovedSource, Source


class Sources:
    """The sources: feeds, files, folders and sync accounts' subscriptions."""

    def __init__(self, store: Any, config: Config) -> None:
        self._store = store
        self._config = config

    def all(self) -> list[Source]:
        """Every source with its article counts, in the order added."""
        return list(self._store.sources())

    def get(self, source_id: int) -> Source | None:
        """The source with that id, None when there is none."""
        source: Source | None = self._store.get_source(source_id)
        return source

    def _synced(self, source_id: int) -> bool:
        source = self.get(source_id)
        return source is not None and source.kind == "synced"

    def remove(self, source_id: int) -> RemovedSource | None:
        """Remove the source and its articles (kept ones stay); None when it was gone already.
        An account's subscription is unsubscribed on its server first; SyncError when the server
        says no, and nothing changes."""
        if not self._synced(source_id):
            removed: RemovedSource | None = self._store.remove_source(source_id)
            return removed
        subscriptions = load("newsreader.sync.subscriptions")
        removed = subscriptions.remove_source(self._store, self._config, source_id)
        return removed

    def rename(self, source_id: int, title: str) -> bool:
        """Give the source a title of the user's own (kept when it is refreshed); an account's
        subscription is renamed on its server (SyncError when it says no). False when there is
        no such source."""
        if not self._synced(source_id):
            return bool(self._store.rename_source(source_id, title))
        return bool(load("newsreader.sync.subscriptions").rename_source(self._store, self._config, source_id, title))
