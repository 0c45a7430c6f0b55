"""Opening the store's SQLite file safely, and one connection per thread.

A file that is not ours (random bytes, a text file, another program's SQLite
database) is refused before anything is written to it: journal mode and
migrations come only after the file has been recognised as a newsreader store
or as new and empty. ``":memory:"`` is one connection shared by all threads
under a lock, since an in-memory database lives and dies with its connection.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newsreader.store.bodies import BODY_PACKED, register
from newsreader.store.errors import StoreError, as_store_error
from newsreader.store.old_text import clean_old_text
from newsreader.store.schema import APPLICATION_ID, MIGRATIONS, migrate, schema_version

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
MEMORY = ":memory:"
# A new store's page: an article's row (its compressed body, ~2 kB) fits SQLite's 4 KiB page
# once with much of a second left empty, which made the store a third larger; 16 KiB pages
# hold seven with a few hundred bytes to spare (a file keeps the page size it was made with).
PAGE_SIZE = 16384


def check_file(path: Path) -> None:
    """Refuse paths that cannot hold our store, without writing anything."""
    where = str(path)
    if path.exists():
        if not path.is_file():
            raise StoreError(f"the store path is not a file: {where}")
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise StoreError(f"cannot read the store {where}: {error.strerror}") from error
        if header and header != SQLITE_HEADER:
            raise StoreError(f"{where} is not a newsreader store (not an SQLite database); it was left untouched")
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise StoreError(f"the store is read-only ({where}): check the permissions of the file and its folder")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the folder for the store {where}: {error.strerror}") from error
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"the store's folder is read-only ({path.parent}): cannot create {path.name}")


def check_ours(connection: sqlite3.Connection, where: str, known_versions: int) -> None:
    """Refuse a foreign or too-new database; only reads."""
    application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
    version = schema_version(connection)
    objects = int(connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    if application_id == 0 and version == 0 and objects == 0:
        return  # new and empty
    if application_id != APPLICATION_ID:
        raise StoreError(
            f"{where} is an SQLite database of another program, not a newsreader store; it was left untouched"
        )
    if version > known_versions:
        raise StoreError(
            f"{where} was written by a newer newsreader (schema {version}, this one knows {known_versions})"
        )


def configure(connection: sqlite3.Connection) -> None:
    """Per-connection settings: wait for locks, enforce references, sync at WAL checkpoints;
    the functions that unpack an article's body (``store.bodies``)."""
    register(connection)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA cache_size = -32000")
    connection.execute("PRAGMA journal_size_limit = 67108864")  # the WAL shrinks back to 64 MB after a checkpoint


# The version at which bodies were packed (store.bodies): a file migrated past it is compacted once.
_PACKED = MIGRATIONS.index(BODY_PACKED) + 1


def compact(connection: sqlite3.Connection) -> None:
    """Give a store's free pages back to the disk, its pages made the size of a new store's: once,
    after its bodies were packed (their old columns freed ~60% of the file; a store of 35,000
    articles went from 357 to 177 MB, in 1.2 s). The page size changes only outside WAL mode, so
    the file leaves it for the VACUUM. Skipped when another process has the store open: the
    space is then reused by the articles to come."""
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        connection.execute("VACUUM")
    except sqlite3.OperationalError:
        pass
    finally:
        connection.execute("PRAGMA journal_mode = WAL")


def _close_quietly(connection: sqlite3.Connection) -> None:
    try:
        connection.close()
    except sqlite3.Error:
        pass


@contextmanager
def time_limit(connection: sqlite3.Connection, seconds: float) -> Iterator[None]:
    """Statements running past ``seconds`` are interrupted (sqlite3.OperationalError, SQLITE_INTERRUPT)."""
    deadline = time.monotonic() + seconds
    connection.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
    try:
        yield
    finally:
        connection.set_progress_handler(None, 0)


class Database:
    """The open store file: a connection per thread, and read/write transactions."""

    def __init__(self, path: str | os.PathLike[str], migrations: Sequence[str] = MIGRATIONS) -> None:
        self.memory = str(path) == MEMORY
        self.path = None if self.memory else Path(path).expanduser().absolute()
        self.where = MEMORY if self.path is None else str(self.path)
        self._local = threading.local()
        self._lock = threading.RLock() if self.memory else None
        # Every connection with the thread that owns it: a dead thread's is closed at the next connect
        # (Textual starts a thread per worker; their connections must not pile up).
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._connections_lock = threading.Lock()
        self._closed = False
        if self.path is not None:
            check_file(self.path)
        try:
            with as_store_error(f"opening {self.where}"):
                first = self._connect()
                check_ours(first, self.where, len(migrations))
                before = schema_version(first)
                if not self.memory:
                    if before == 0:
                        first.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # a new file: before its first table
                    first.execute("PRAGMA journal_mode = WAL")
                migrate(first, migrations)
                if not self.memory and 0 < before < _PACKED <= schema_version(first):
                    compact(first)
                clean_old_text(first)
        except BaseException:
            self.close()
            raise
        if self.memory:
            self._shared = first
        else:
            self._local.connection = first

    def _connect(self) -> sqlite3.Connection:
        if self.path is None:
            connection = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
        else:
            uri = f"file:{quote(str(self.path))}?mode=rwc"
            connection = sqlite3.connect(
                uri, uri=True, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
        configure(connection)
        with self._connections_lock:
            finished = [pair for pair in self._connections if not pair[0].is_alive()]
            self._connections = [pair for pair in self._connections if pair[0].is_alive()]
            self._connections.append((threading.current_thread(), connection))
        for _, old in finished:
            _close_quietly(old)
        return connection

    def open_connections(self) -> int:
        """How many connections are open (for tests: dead threads' ones are reclaimed)."""
        with self._connections_lock:
            return len(self._connections)

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (the shared one for ``:memory:``)."""
        if self._closed:
            raise StoreError(f"the store is closed ({self.where})")
        if self.memory:
            return self._shared
        connection = getattr(self._local, "connection", None)
        if connection is None:
            with as_store_error(f"opening {self.where}"):
                connection = self._connect()
            self._local.connection = connection
        return connection

    def _guard(self) -> AbstractContextManager[object]:
        return self._lock if self._lock is not None else nullcontext()

    @contextmanager
    def reading(self, what: str = "reading") -> Iterator[sqlite3.Connection]:
        """One consistent snapshot for several SELECTs (joins a transaction already open)."""
        with self._guard(), as_store_error(f"{what} {self.where}"):
            connection = self.connection()
            if connection.in_transaction:
                yield connection
                return
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                if connection.in_transaction:
                    connection.execute("COMMIT")

    @contextmanager
    def writing(self, what: str = "writing") -> Iterator[sqlite3.Connection]:
        """A short BEGIN IMMEDIATE transaction: all of it is kept, or none of it."""
        with self._guard(), as_store_error(f"{what} {self.where}"):
            connection = self.connection()
            if connection.in_transaction:
                raise RuntimeError("store transactions do not nest")
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    try:
                        connection.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise

    @contextmanager
    def cache_of(self, kib: int) -> Iterator[None]:
        """This thread's connection with a page cache of ``kib`` KiB for a while: a pass that reads
        each page once (indexing a refresh's articles) would only fill the usual cache, and the
        process's memory with it."""
        with self._guard():
            connection = self.connection()
            usual = int(connection.execute("PRAGMA cache_size").fetchone()[0])
            connection.execute(f"PRAGMA cache_size = -{int(kib)}")
        try:
            yield
        finally:
            with self._guard():
                connection.execute(f"PRAGMA cache_size = {usual}")

    @contextmanager
    def untransacted(self, what: str) -> Iterator[sqlite3.Connection]:
        """The connection outside any transaction, for statements such as VACUUM."""
        with self._guard(), as_store_error(f"{what} {self.where}"):
            connection = self.connection()
            if connection.in_transaction:
                raise RuntimeError(f"{what}: a transaction is open")
            yield connection

    def close(self) -> None:
        """Close every thread's connection; further use raises StoreError."""
        if self._closed:
            return
        self._closed = True
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for _, connection in connections:
            _close_quietly(connection)


def in_chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """``items``, ``size`` at a time: an ``IN (...)`` list binds at most that many parameters."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def placeholders(items: Sequence[Any]) -> str:
    """ "?,?,?": one parameter marker for each of ``items``, for an ``IN (...)`` list."""
    return ",".join("?" * len(items))
