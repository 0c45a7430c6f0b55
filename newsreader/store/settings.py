"""The store's side of per-source settings (``newsreader.source_settings``).

A mixin of ``Store`` (its methods use ``_db``). A source's settings are one JSON object
in ``source_settings``, only the keys set; what they mean and how they are checked is
``newsreader.source_settings``'s business. A title of the user's own is kept both there
and in ``sources.title`` (what every list shows), in one transaction, as ``rename`` does.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from newsreader.dates import utc_text
from newsreader.store.database import Database

_UNSET = object()


class SourceSettingsStore:
    """Per-source settings and the per-source article limit (mixed into ``Store``)."""

    _db: Database
    KEPT: str  # the SQL condition of the articles pruning leaves alone (Store's)

    def source_settings(self) -> dict[int, str]:
        """Every source's settings as kept (JSON text), by source id; sources without any are absent."""
        with self._db.reading() as db:
            if not _has_table(db):
                return {}
            return dict(db.execute("SELECT source_id, settings FROM source_settings").fetchall())

    def source_settings_of(self, source_id: int) -> str | None:
        with self._db.reading() as db:
            if not _has_table(db):
                return None
            row = db.execute("SELECT settings FROM source_settings WHERE source_id = ?", (source_id,)).fetchone()
        return row[0] if row else None

    def save_source_settings(self, source_id: int, settings: str | None, *, title: object = _UNSET) -> bool:
        """Keep ``settings`` (JSON text; None: every key at its default) for the source; with
        ``title`` also its title: a text is the user's own, None gives the source back its feed's
        (the stored copy is forgotten, so the next refresh reads and names it again). False when
        there is no such source."""
        with self._db.writing("saving a source's settings in") as db:
            if db.execute("SELECT 1 FROM sources WHERE id = ?", (source_id,)).fetchone() is None:
                return False
            if settings is None:
                db.execute("DELETE FROM source_settings WHERE source_id = ?", (source_id,))
            else:
                db.execute("INSERT INTO source_settings (source_id, settings) VALUES (?, ?) "
                           "ON CONFLICT(source_id) DO UPDATE SET settings = excluded.settings", (source_id, settings))  # fmt: skip
            if title is not _UNSET:
                if title:
                    db.execute(
                        "UPDATE sources SET title = ? WHERE id = ?", (str(title), source_id)
                    )  # source_settings cleaned it
                else:
                    db.execute("UPDATE sources SET title = NULL, etag = NULL, last_modified = NULL, body_hash = NULL"
                               " WHERE id = ?", (source_id,))  # fmt: skip
        return True

    @staticmethod
    def _remember_title(db: sqlite3.Connection, source_id: int, title: str) -> None:
        """A rename is the title setting too: kept in the settings, when the store has them."""
        if not _has_table(db):
            return
        row = db.execute("SELECT settings FROM source_settings WHERE source_id = ?", (source_id,)).fetchone()
        try:
            data = json.loads(row[0]) if row else {}
        except ValueError:
            data = {}
        data = data if isinstance(data, dict) else {}
        data["title"] = title
        db.execute("INSERT INTO source_settings (source_id, settings) VALUES (?, ?) ON CONFLICT(source_id) "
                   "DO UPDATE SET settings = excluded.settings", (source_id, json.dumps(data, ensure_ascii=False, sort_keys=True)))  # fmt: skip

    def prune_source(self, source_id: int, keep: int) -> int:
        """Delete the source's articles beyond its ``keep`` newest, never kept ones (bookmarks and
        what they link to); the pruned ids are remembered, as ``prune`` does. Returns how many went."""
        condition = (
            "seq IN (SELECT seq FROM articles WHERE source_id = ? ORDER BY sort_time DESC, id DESC"
            f" LIMIT -1 OFFSET ?) AND NOT {self.KEPT}"
        )
        with self._db.writing("pruning") as db:
            db.execute(f"INSERT OR REPLACE INTO pruned (id, at) SELECT id, ? FROM articles WHERE {condition}",
                       (utc_text(datetime.now(UTC)), source_id, keep))  # fmt: skip
            return db.execute(f"DELETE FROM articles WHERE {condition}", (source_id, keep)).rowcount


def _has_table(db: sqlite3.Connection) -> bool:
    """Whether the store has had the settings migration (a store opened with fewer, in tests, has not)."""
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'source_settings'").fetchone() is not None
