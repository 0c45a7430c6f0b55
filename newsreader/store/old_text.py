"""Short texts a store kept from before every door cleaned them, cleaned once, when it is opened.

Text from outside is cleaned where it enters (``document.clean``) and trusted after: the
store hands out what it holds, and nothing that shows it cleans it again. A file written
before every door cleaned may still hold a control character or an escape sequence in a
short field: a source's title, folder or last error, an article's title, outlet or fetch
error, a tag, a view's name, an account's last error. The migration ``CLEAN_OLD_TEXT``
marks the file; ``clean_old_text`` then cleans those fields in one transaction and
removes the mark, so each file is cleaned once, ever.

Why here and not where rows are read into models: that would clean every title of every
page of headlines on every read, for the few rows of a few old files; this reads each row
once and rewrites only those that change. The migration's own script only sets the mark,
so it stays SQL any SQLite runs; the cleaning needs ``clean_inline``, Python, registered
as an SQL function on this one connection for this one pass. Documents are not rewritten:
they are read back through the document readers, a door of their own.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from newsreader.document.clean import clean_inline

CLEAN_OLD_TEXT = """
CREATE TABLE old_text_to_clean (pending INTEGER NOT NULL);
INSERT INTO old_text_to_clean VALUES (1);
"""

_MARK = "old_text_to_clean"

# (table, column, what an empty result becomes): NULL where the column may hold it.
_FIELDS = (
    ("sources", "title", "NULL"),
    ("sources", "folder", "NULL"),
    ("sources", "last_error", "NULL"),
    ("articles", "title", "'(untitled)'"),
    ("articles", "outlet", "NULL"),
    ("articles", "full_error", "NULL"),
    ("sync_accounts", "last_error", "NULL"),
)
# Names that are keys: a cleaned one that meets its clean twin, or comes out empty, goes.
_NAMES = (("source_tags", "tag"), ("article_tags", "tag"), ("saved_views", "name"))


def _clean(value: Any) -> Any:
    return clean_inline(value) if isinstance(value, str) else value


def clean_old_text(connection: sqlite3.Connection) -> None:
    """Clean the short texts of a file the migration marked, then remove the mark (nothing
    when it is not marked). One BEGIN IMMEDIATE transaction that looks for the mark again,
    so two processes opening the file at once clean it once."""
    if not _marked(connection):
        return
    connection.create_function("clean_line", 1, _clean, deterministic=True)
    connection.execute("BEGIN IMMEDIATE")
    try:
        if _marked(connection):
            for table, column, empty in _FIELDS:
                connection.execute(
                    f"UPDATE {table} SET {column} = COALESCE(NULLIF(clean_line({column}), ''), {empty})"
                    f" WHERE {column} IS NOT NULL AND {column} IS NOT clean_line({column})"
                )
            for table, column in _NAMES:
                changed = f"{column} IS NOT clean_line({column})"
                connection.execute(f"UPDATE OR IGNORE {table} SET {column} = clean_line({column}) WHERE {changed}")
                connection.execute(f"DELETE FROM {table} WHERE {changed} OR {column} = ''")
            connection.execute(f"DROP TABLE {_MARK}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        connection.create_function("clean_line", 1, None)


def _marked(connection: sqlite3.Connection) -> bool:
    found = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_MARK,))
    return found.fetchone() is not None
