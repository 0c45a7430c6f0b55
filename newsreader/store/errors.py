"""One exception for every way the store can fail, with a message a user can act on.

sqlite3 speaks in codes ("database or disk is full", "file is not a database");
callers (CLI, UI) should not need to know sqlite3 to tell the user what happened.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


class StoreError(Exception):
    """The store cannot do what was asked: corrupt, foreign, locked, read-only, disk full."""


def describe(error: sqlite3.Error, where: str) -> str:
    """A one-line message for an sqlite3 error met while using the store at ``where``."""
    text = str(error)
    lowered = text.lower()
    name = getattr(error, "sqlite_errorname", "") or ""
    if "full" in lowered or name == "SQLITE_FULL":
        return f"the disk holding the store is full ({where}); nothing from the last change was kept"
    if "readonly" in lowered or "read-only" in lowered or name.startswith("SQLITE_READONLY"):
        return f"the store is read-only ({where}): check the permissions of the file and its folder"
    if "locked" in lowered or "busy" in lowered or name.startswith("SQLITE_BUSY"):
        return f"the store is busy: another program has held it locked for too long ({where})"
    if "not a database" in lowered or "malformed" in lowered or name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return f"the store is damaged or is not a newsreader store ({where}): {text}"
    if "unable to open" in lowered or name.startswith("SQLITE_CANTOPEN"):
        return f"cannot open the store ({where}): check that the folder exists and is writable"
    if name == "SQLITE_INTERRUPT":
        return f"the store stopped a request that took too long ({where})"
    if "disk i/o" in lowered or name.startswith("SQLITE_IOERR"):
        return f"the store could not be read or written ({where}): disk I/O error"
    return f"store error ({where}): {text}"


@contextmanager
def as_store_error(where: str) -> Iterator[None]:
    """Turn sqlite3 failures (not our own programming errors) into StoreError."""
    try:
        yield
    except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
        raise
    except sqlite3.Error as error:
        raise StoreError(describe(error, where)) from error
