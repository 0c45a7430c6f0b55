"""The sources articles come from: adding, finding, changing and removing them.

A mixin of ``Store`` (its methods use ``_db``), as ``organize`` and ``settings`` are. A
source's title, folder and last error may hold a stranger's text: cleaned as they enter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from newsreader.dates import now_text
from newsreader.document.clean import clean_inline
from newsreader.store.database import Database
from newsreader.store.errors import StoreError
from newsreader.store.models import RemovedSource, Source

# Articles that retention and source removal leave alone: bookmarks, and the stories a
# bookmark's related links lead to (a bookmark is read offline, links included).
KEPT = (
    "(bookmarked_at IS NOT NULL OR id IN (SELECT r.target_id FROM related_targets AS r"
    " JOIN articles AS b ON b.id = r.article_id WHERE b.bookmarked_at IS NOT NULL AND r.target_id IS NOT NULL))"
)
SOURCE_KINDS = ("feed", "file", "folder", "synced")  # synced: a sync account's subscription (newsreader.sync)
SOURCE_FIELDS = (
    "title", "address", "folder", "etag", "last_modified", "body_hash",
    "last_status", "last_error", "last_refreshed", "retry_at",
)  # fmt: skip
SOURCE_COLUMNS = (
    "id, kind, address, title, folder, etag, last_modified, body_hash, last_status, last_error, last_refreshed,"
    " article_count, unread_count, added, retry_at"
)  # the order of Source's fields


CLEANED_FIELDS = ("title", "folder", "last_error")  # may hold a stranger's text (a feed title, a server's message)


def one_line(value: str | None) -> str | None:
    """Outside text for one line, or None when nothing is left of it."""
    if value is None:
        return None
    return clean_inline(value) or None


def _source_from_row(row: Sequence[Any]) -> Source:
    return Source(*row)


class SourceKeeping:
    """Sources and their fields (mixed into ``Store``)."""

    _db: Database

    if TYPE_CHECKING:  # ``SourceSettingsStore._remember_title``, beside this mixin in Store's bases

        @staticmethod
        def _remember_title(db: sqlite3.Connection, source_id: int, title: str) -> None: ...

    def add_source(self, kind: str, address: str, title: str | None = None, folder: str | None = None) -> Source:
        """The source at ``address``, added if new (an existing one is returned as it is)."""
        if kind not in SOURCE_KINDS:
            raise ValueError(f"unknown source kind: {kind!r}")
        address = address.strip()
        with self._db.writing("adding a source to") as db:
            db.execute(
                "INSERT INTO sources (kind, address, title, folder, added) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(address) DO NOTHING",
                (kind, address, one_line(title), one_line(folder), now_text()),
            )
        source = self.find_source(address)
        assert source is not None
        return source

    def get_source(self, source_id: int) -> Source | None:
        return self._one_source("id = ?", source_id)

    def find_source(self, address: str) -> Source | None:
        return self._one_source("address = ?", address)

    def _one_source(self, condition: str, value: Any) -> Source | None:
        with self._db.reading() as db:
            row = db.execute(f"SELECT {SOURCE_COLUMNS} FROM sources WHERE {condition}", (value,)).fetchone()
        return _source_from_row(row) if row is not None else None

    def sources(self) -> list[Source]:
        """Every source, in the order added, with its article and unread counts."""
        with self._db.reading() as db:
            rows = db.execute(f"SELECT {SOURCE_COLUMNS} FROM sources ORDER BY id").fetchall()
        return [_source_from_row(row) for row in rows]

    def update_source(self, source_id: int, **fields: Any) -> None:
        """Change some of a source's fields (see SOURCE_FIELDS); unknown names are a ValueError."""
        self.update_sources([(source_id, fields)])

    def update_sources(self, changes: Sequence[tuple[int, dict[str, Any]]]) -> None:
        """``update_source`` for many sources in one transaction (a refresh's statuses:
        one transaction each cost ~0.3 ms, a third of a refresh where every feed answers 304)."""
        statements = []
        for source_id, fields in changes:
            unknown = set(fields) - set(SOURCE_FIELDS)
            if unknown:
                raise ValueError(f"not source fields: {', '.join(sorted(unknown))}")
            if fields:
                fields = {name: one_line(value) if name in CLEANED_FIELDS else value for name, value in fields.items()}
                assignments = ", ".join(f"{name} = ?" for name in fields)
                statements.append((f"UPDATE sources SET {assignments} WHERE id = ?", [*fields.values(), source_id]))
        if not statements:
            return
        try:
            with self._db.writing("updating a source in") as db:
                for sql, values in statements:
                    db.execute(sql, values)
        except StoreError as error:
            if isinstance(error.__cause__, sqlite3.IntegrityError):
                addresses = [fields.get("address") for _, fields in changes if fields.get("address")]
                raise StoreError(
                    f"another source already has the address {addresses[0]!r}" if addresses else str(error)
                ) from error
            raise

    def remove_source(self, source_id: int) -> RemovedSource | None:
        """Remove a source and its articles, except kept ones (see KEPT), which stay without a source:
        local copies, whole text and all, still listed, searchable and named after the source
        (its title becomes their outlet when they name none). None when there is no such source."""
        with self._db.writing("removing a source from") as db:
            row = db.execute("SELECT title, address FROM sources WHERE id = ?", (source_id,)).fetchone()
            if row is None:
                return None
            removed = db.execute(f"DELETE FROM articles WHERE source_id = ? AND NOT {KEPT}", (source_id,)).rowcount
            bookmarked = db.execute(
                "SELECT count(*) FROM articles WHERE source_id = ? AND bookmarked_at IS NOT NULL", (source_id,)
            ).fetchone()[0]
            kept = db.execute(
                "UPDATE articles SET source_id = NULL, outlet = COALESCE(outlet, ?) WHERE source_id = ?",
                (row[0], source_id),
            ).rowcount
            db.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        return RemovedSource(source_id, row[0] or row[1], removed, bookmarked, kept - bookmarked)

    def rename_source(self, source_id: int, title: str) -> bool:
        """Give a source a title of the user's own (a refresh names only a source without one);
        False when there is no such source. An empty title is a ValueError."""
        cleaned = one_line(title)
        if not cleaned:
            raise ValueError("a title cannot be empty")
        with self._db.writing("renaming a source in") as db:
            if db.execute("UPDATE sources SET title = ? WHERE id = ?", (cleaned, source_id)).rowcount == 0:
                return False
            self._remember_title(db, source_id, cleaned)
            return True
