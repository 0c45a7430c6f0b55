"""Applying the store's schema: the migrations of ``store.migrations``, in order.

``PRAGMA user_version`` says how many migrations a file has had; opening a
store applies the rest, each in its own transaction. ``PRAGMA application_id``
marks the file as ours, so a foreign SQLite file is refused, never altered.
Never edit a migration that has shipped: add a new one (``store.migrations``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from newsreader.store.migrations import MIGRATIONS

__all__ = ["APPLICATION_ID", "MIGRATIONS", "migrate", "schema_version", "split_statements"]

APPLICATION_ID = 0x4E575352  # "NWSR"


def split_statements(script: str) -> list[str]:
    """The statements of ``script``, triggers kept whole (sqlite3.complete_statement decides)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        if not pending and (not line.strip() or line.lstrip().startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, migrations: Sequence[str] = MIGRATIONS) -> int:
    """Apply the migrations the file has not had yet; returns the version reached.

    Each runs in one BEGIN IMMEDIATE transaction that re-reads the version
    first, so two processes opening a new store at once do not both apply it.
    """
    if schema_version(connection) >= len(migrations):
        return schema_version(connection)
    for number, script in enumerate(migrations, start=1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(connection) < number:
                for statement in split_statements(script):
                    connection.execute(statement)
                if number == 1:
                    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version = {number}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    return schema_version(connection)
