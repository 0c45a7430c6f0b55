"""The sync tables of the store: accounts, their feeds and items, and the pending changes.

Tables and triggers are in ``newsreader.store.migrations`` (SYNC_ACCOUNTS). A local
change of read state or bookmark on an account's article is queued there by a
trigger, whoever made it; ``applying_server_state`` is how the sync changes the
same columns without queueing its own changes back.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from newsreader.dates import now_text
from newsreader.document.clean import clean_inline
from newsreader.store import Store, StoreError

KINDS = ("greader", "fever")
SYNCED_KIND = "synced"  # the kind of an account's sources
CHUNK = 500
ACCOUNT_COLUMNS = "id, name, kind, url, user, password_command, token, state, status, last_error, last_sync, added"


@dataclass
class Account:
    id: int
    name: str
    kind: str  # "greader" | "fever"
    url: str
    user: str
    password_command: str | None = None
    token: str | None = None
    state: dict[str, Any] = field(default_factory=dict)
    status: str | None = None  # "ok" | "error" | None (never synced)
    last_error: str | None = None
    last_sync: str | None = None
    added: str | None = None
    pending: int = 0

    def to_json(self) -> dict[str, Any]:
        """The docs/cli.md shape of ``account list --json``."""
        status = self.status or "never synced"
        if self.status == "error" and self.last_error:
            status = f"error: {self.last_error}"
        return {
            "name": self.name, "kind": self.kind, "url": self.url, "user": self.user,
            "last_sync": self.last_sync, "status": status, "pending": self.pending,
        }  # fmt: skip


@dataclass
class Pending:
    seq: int
    remote_id: str
    field: str  # "read" | "starred"
    value: bool


def _account(row: tuple[Any, ...], pending: int = 0) -> Account:
    values = list(row)
    try:
        values[7] = json.loads(values[7] or "{}")
    except ValueError:
        values[7] = {}
    return Account(*values, pending=pending)  # type: ignore[misc]  # the row holds every field but pending


def all_accounts(store: Store) -> list[Account]:
    with store.reading() as db:
        rows = db.execute(f"SELECT {ACCOUNT_COLUMNS} FROM sync_accounts ORDER BY name").fetchall()
        counts = dict(db.execute("SELECT account_id, count(*) FROM sync_pending GROUP BY account_id").fetchall())
    return [_account(row, counts.get(row[0], 0)) for row in rows]


def find_account(store: Store, name: str) -> Account | None:
    with store.reading() as db:
        row = db.execute(f"SELECT {ACCOUNT_COLUMNS} FROM sync_accounts WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        pending = db.execute("SELECT count(*) FROM sync_pending WHERE account_id = ?", (row[0],)).fetchone()[0]
    return _account(row, pending)


def add_account(store: Store, name: str, kind: str, url: str, user: str, password_command: str | None,
                token: str | None) -> Account:  # fmt: skip
    if kind not in KINDS:
        raise ValueError(f"unknown account kind {kind!r}")
    keep_private(store)
    try:
        with store.writing("adding an account to") as db:
            db.execute(
                "INSERT INTO sync_accounts (name, kind, url, user, password_command, token, added) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, kind, url, user, password_command, token, now_text()),
            )
    except StoreError as error:
        if isinstance(error.__cause__, sqlite3.IntegrityError):
            raise StoreError(f"there is already an account named {name!r}") from None
        raise
    found = find_account(store, name)
    assert found is not None
    return found


def keep_private(store: Store) -> None:
    """Make the store's files readable by the user alone: they hold the accounts' session
    tokens (Fever's is a hash of the password). SQLite gives a new -wal or -shm file the
    database file's mode."""
    if store.path is None or os.name != "posix":
        return
    for suffix in ("", "-wal", "-shm"):
        try:
            os.chmod(f"{store.path}{suffix}", 0o600)
        except OSError:  # gone, or not the owner's (a shared store): left as it is
            pass


def update_account(store: Store, account_id: int, **fields: Any) -> None:
    allowed = {"token", "state", "status", "last_error", "last_sync", "password_command"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not account fields: {', '.join(sorted(unknown))}")
    if "state" in fields:
        fields["state"] = json.dumps(fields["state"])
    assignments = ", ".join(f"{name} = ?" for name in fields)
    with store.writing("saving an account in") as db:
        db.execute(f"UPDATE sync_accounts SET {assignments} WHERE id = ?", [*fields.values(), account_id])


def remove_account(store: Store, account: Account) -> int:
    """Remove the account, its sources and their articles except kept ones (they stay, without a
    source, as local copies); returns how many sources went."""
    source_ids = [source_id for source_id, _ in account_feeds(store, account.id).values()]
    for source_id in source_ids:
        forget_source_items(store, account.id, source_id)
        store.remove_source(source_id)
    with store.writing("removing an account from") as db:
        db.execute("DELETE FROM sync_accounts WHERE id = ?", (account.id,))
    return len(source_ids)


# -- feeds ------------------------------------------------------------------------


def account_feeds(store: Store, account_id: int) -> dict[str, tuple[int, str | None]]:
    """remote feed id -> (source id, feed URL)."""
    with store.reading() as db:
        rows = db.execute(
            "SELECT remote_id, source_id, url FROM sync_feeds WHERE account_id = ?", (account_id,)
        ).fetchall()
    return {remote: (source_id, url) for remote, source_id, url in rows}


def link_feed(store: Store, account_id: int, remote_id: str, source_id: int, url: str | None) -> None:
    with store.writing("saving a subscription in") as db:
        db.execute(
            "INSERT OR REPLACE INTO sync_feeds (account_id, remote_id, source_id, url) VALUES (?, ?, ?, ?)",
            (account_id, remote_id, source_id, url),
        )


def feed_of_source(store: Store, source_id: int) -> tuple[Account, str] | None:
    """(account, remote feed id) of a synced source; None for a source of no account."""
    with store.reading() as db:
        row = db.execute(
            "SELECT a.name, f.remote_id FROM sync_feeds AS f JOIN sync_accounts AS a ON a.id = f.account_id "
            "WHERE f.source_id = ?",
            (source_id,),
        ).fetchone()
    if row is None:
        return None
    account = find_account(store, row[0])
    return (account, row[1]) if account else None


def set_source_tags(store: Store, source_id: int, tags: Iterable[str]) -> None:
    cleaned = sorted({clean_inline(tag) for tag in tags if clean_inline(tag)})
    with store.writing("saving tags in") as db:
        db.execute("DELETE FROM source_tags WHERE source_id = ?", (source_id,))
        db.executemany("INSERT INTO source_tags (source_id, tag) VALUES (?, ?)", [(source_id, t) for t in cleaned])


def source_tags(store: Store, source_id: int) -> list[str]:
    with store.reading() as db:
        return [
            row[0] for row in db.execute("SELECT tag FROM source_tags WHERE source_id = ? ORDER BY tag", (source_id,))
        ]


def account_of_sources(store: Store) -> dict[int, str]:
    """source id -> account name, for every synced source (the app's sources pane)."""
    with store.reading() as db:
        rows = db.execute(
            "SELECT f.source_id, a.name FROM sync_feeds AS f JOIN sync_accounts AS a ON a.id = f.account_id"
        ).fetchall()
    return dict(rows)


def account_of_articles(store: Store, article_ids: Iterable[str]) -> dict[str, str]:
    """article id -> account name, for those of ``article_ids`` an account owns."""
    listed = list(article_ids)
    found: dict[str, str] = {}
    with store.reading() as db:
        for start in range(0, len(listed), CHUNK):
            chunk = listed[start : start + CHUNK]
            found.update(db.execute(
                "SELECT i.article_id, a.name FROM sync_items AS i JOIN sync_accounts AS a ON a.id = i.account_id "
                f"WHERE i.article_id IN ({','.join('?' * len(chunk))})", chunk,
            ).fetchall())  # fmt: skip
    return found


# -- items ------------------------------------------------------------------------


def forget_source_items(store: Store, account_id: int, source_id: int) -> None:
    """The articles of a subscription that is going stop being the account's: a kept one stays as a
    local copy, which the server's state (the server dropped the items with the feed) must not
    change, and which nothing sends changes of."""
    with store.writing("forgetting synced items in") as db:
        db.execute(
            "DELETE FROM sync_items WHERE account_id = ? AND article_id IN (SELECT id FROM articles WHERE source_id = ?)",
            (account_id, source_id),
        )


def known_items(store: Store, account_id: int) -> set[str]:
    """The remote ids of every item the account has stored (or pruned, or left out as too old)."""
    with store.reading() as db:
        return {row[0] for row in db.execute("SELECT remote_id FROM sync_items WHERE account_id = ?", (account_id,))}


def record_items(store: Store, account_id: int, pairs: list[tuple[str, str]]) -> None:
    """Remember (remote id, article id) pairs: those items are known from now on."""
    with store.writing("saving synced items in") as db:
        db.executemany(
            "INSERT OR REPLACE INTO sync_items (account_id, remote_id, article_id) VALUES (?, ?, ?)",
            [(account_id, remote, article) for remote, article in pairs],
        )


@contextmanager
def applying_server_state(store: Store) -> Iterator[sqlite3.Connection]:
    """A write transaction whose read-state and bookmark changes are not queued for the server."""
    with store.writing("applying the server's state in") as db:
        db.execute("INSERT INTO sync_applying (running) VALUES (1)")
        try:
            yield db
        finally:
            db.execute("DELETE FROM sync_applying")


def apply_states(store: Store, account_id: int, unread: set[str] | None, starred: set[str] | None,
                 only: set[str] | None = None) -> tuple[int, int]:  # fmt: skip
    """Make the account's articles read/unread and kept/not kept as the server's id sets say,
    except items with a pending change of that state (the pending change wins). ``only``:
    just those remote ids (the new items). Returns (read changes, bookmark changes)."""
    with applying_server_state(store) as db:
        for table in ("sync_set_unread", "sync_set_starred", "sync_set_only"):
            db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (remote_id TEXT PRIMARY KEY) WITHOUT ROWID")
            db.execute(f"DELETE FROM temp.{table}")
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS sync_scope (article_id TEXT PRIMARY KEY, unread INTEGER, starred INTEGER,"
            " read_pending INTEGER, star_pending INTEGER) WITHOUT ROWID"
        )
        db.execute("DELETE FROM temp.sync_scope")
        db.executemany("INSERT OR IGNORE INTO temp.sync_set_unread VALUES (?)", [(r,) for r in unread or ()])
        db.executemany("INSERT OR IGNORE INTO temp.sync_set_starred VALUES (?)", [(r,) for r in starred or ()])
        limit = ""
        if only is not None:
            db.executemany("INSERT OR IGNORE INTO temp.sync_set_only VALUES (?)", [(r,) for r in only])
            limit = "AND i.remote_id IN (SELECT remote_id FROM temp.sync_set_only)"
        db.execute(
            "INSERT OR IGNORE INTO temp.sync_scope SELECT i.article_id,"
            " i.remote_id IN (SELECT remote_id FROM temp.sync_set_unread),"
            " i.remote_id IN (SELECT remote_id FROM temp.sync_set_starred),"
            " EXISTS (SELECT 1 FROM sync_pending AS p WHERE p.account_id = i.account_id AND p.remote_id = i.remote_id"
            "  AND p.field = 'read'),"
            " EXISTS (SELECT 1 FROM sync_pending AS p WHERE p.account_id = i.account_id AND p.remote_id = i.remote_id"
            "  AND p.field = 'starred')"
            f" FROM sync_items AS i WHERE i.account_id = ? {limit}",
            (account_id,),
        )
        changed_read = changed_star = 0
        if unread is not None:
            changed_read = db.execute(
                "UPDATE articles SET read = NOT s.unread FROM temp.sync_scope AS s"
                " WHERE articles.id = s.article_id AND NOT s.read_pending AND articles.read = s.unread"
            ).rowcount
        if starred is not None:
            changed_star = db.execute(
                "UPDATE articles SET bookmarked_at = ? FROM temp.sync_scope AS s WHERE articles.id = s.article_id"
                " AND NOT s.star_pending AND s.starred AND articles.bookmarked_at IS NULL",
                (now_text(),),
            ).rowcount
            changed_star += db.execute(
                "UPDATE articles SET bookmarked_at = NULL FROM temp.sync_scope AS s WHERE articles.id = s.article_id"
                " AND NOT s.star_pending AND NOT s.starred AND articles.bookmarked_at IS NOT NULL"
            ).rowcount
    return changed_read, changed_star


# -- pending changes ------------------------------------------------------------------


def pending_changes(store: Store, account_id: int) -> list[Pending]:
    with store.reading() as db:
        rows = db.execute(
            "SELECT seq, remote_id, field, value FROM sync_pending WHERE account_id = ? ORDER BY seq", (account_id,)
        ).fetchall()
    return [Pending(seq, remote, name, bool(value)) for seq, remote, name, value in rows]


def pending_count(store: Store, account_id: int) -> int:
    with store.reading() as db:
        return int(db.execute("SELECT count(*) FROM sync_pending WHERE account_id = ?", (account_id,)).fetchone()[0])


def clear_sent(store: Store, seqs: Iterable[int]) -> None:
    """The server has these changes: forget them (a change made meanwhile has a new seq and stays)."""
    listed = list(seqs)
    with store.writing("clearing sent changes in") as db:
        for start in range(0, len(listed), CHUNK):
            chunk = listed[start : start + CHUNK]
            db.execute(f"DELETE FROM sync_pending WHERE seq IN ({','.join('?' * len(chunk))})", chunk)
