"""Each feed source's memo of its items' bytes (``sources.known_items``): kept with the source,
written in the transaction that stores the articles read with it."""

from __future__ import annotations

import sqlite3

# The memo of the source's last read: JSON of its context and each item key's fingerprint.
ITEM_MEMO = """
ALTER TABLE sources ADD COLUMN item_memo TEXT;
"""


def memo_of(db: sqlite3.Connection, source_id: int) -> str | None:
    row = db.execute("SELECT item_memo FROM sources WHERE id = ?", (source_id,)).fetchone()
    return row[0] if row else None


def keep_memo(db: sqlite3.Connection, source_id: int, memo: str | None) -> None:
    """The memo of this read in place of the last one (None: this read made none; the last stays)."""
    if memo is not None:
        db.execute("UPDATE sources SET item_memo = ? WHERE id = ?", (memo, source_id))
