"""newsboat's cache.db, read and never changed: its feeds, their items and what was read.

The file is opened read-only (``mode=ro``): the import must not touch the
cache of a newsboat that may still be in use. Text columns are read as bytes
and decoded with replacement, since an old cache can hold any bytes; NULL
columns (newsboat's schema allows a few) read as empty.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path
from urllib.request import pathname2url

__all__ = ["CacheError", "CacheFeed", "CacheItem", "NewsboatCache"]


class CacheError(Exception):
    """A cache that cannot be read (missing, locked, corrupt, not newsboat's); the message says which."""


@dataclass
class CacheFeed:
    url: str  # the address in the urls file (newsboat's rssurl)
    link: str  # the site
    title: str
    etag: str | None
    last_modified: str | None  # an HTTP date, as a server sent it


@dataclass
class CacheItem:
    guid: str
    title: str
    author: str
    url: str
    feed_url: str
    published: int  # seconds since the epoch; 0 when newsboat had none
    content: str  # HTML
    unread: bool
    enclosure_url: str
    enclosure_type: str
    flags: str  # one letter per flag, as newsboat keeps them


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _int(value: object) -> int:
    try:
        number: int = int(value)  # type: ignore[call-overload]
        return number
    except (TypeError, ValueError):
        return 0


class NewsboatCache:
    """A newsboat cache file, open for reading. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_file():
            raise CacheError(f"{path}: no such file")
        try:
            self._db = sqlite3.connect(
                f"file:{pathname2url(str(path.resolve()))}?mode=ro", uri=True, timeout=2.0, check_same_thread=False
            )  # read by the import's threads, one at a time
            self._db.text_factory = bytes
            tables = {_text(row[0]) for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as error:
            raise CacheError(self._why(error)) from None
        if not {"rss_feed", "rss_item"} <= tables:
            self._db.close()
            raise CacheError(f"{path}: not a newsboat cache (no rss_feed and rss_item tables)")
        try:  # damage anywhere is found now, before the import changes anything
            check = [_text(row[0]) for row in self._db.execute("PRAGMA quick_check")]
            self._db.execute("SELECT count(*) FROM rss_item").fetchone()
        except sqlite3.Error as error:
            self._db.close()
            raise CacheError(self._why(error)) from None
        if check != ["ok"]:
            self._db.close()
            raise CacheError(f"{path}: the cache is damaged ({'; '.join(check[:3])})")

    def _why(self, error: sqlite3.Error) -> str:
        message = str(error)
        if "locked" in message or "busy" in message:
            return f"{self.path}: the cache is locked (is newsboat running? close it and try again)"
        if "not a database" in message or "malformed" in message or "corrupt" in message:
            return f"{self.path}: the cache is damaged or not an SQLite file ({message})"
        return f"{self.path}: cannot read the cache ({message})"

    def __enter__(self) -> NewsboatCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def feeds(self) -> dict[str, CacheFeed]:
        """Every feed the cache knows, by its address."""
        try:
            rows = self._db.execute("SELECT rssurl, url, title, lastmodified, etag FROM rss_feed").fetchall()
        except sqlite3.Error as error:
            raise CacheError(self._why(error)) from None
        feeds: dict[str, CacheFeed] = {}
        for rssurl, url, title, lastmodified, etag in rows:
            stamp = _int(lastmodified)
            feeds[_text(rssurl)] = CacheFeed(
                url=_text(rssurl),
                link=_text(url),
                title=_text(title),
                etag=_text(etag) or None,
                last_modified=formatdate(stamp, usegmt=True) if stamp > 0 else None,
            )
        return feeds

    def count_items(self, feed_url: str) -> int:
        try:
            row = self._db.execute(
                "SELECT count(*) FROM rss_item WHERE feedurl = ? AND +deleted = 0", (feed_url,)
            ).fetchone()
        except sqlite3.Error as error:
            raise CacheError(self._why(error)) from None
        return int(row[0])

    def items(self, feed_url: str) -> Iterator[CacheItem]:
        """The items of one feed that newsboat has not deleted, oldest first."""
        query = (
            "SELECT guid, title, author, url, feedurl, pubDate, content, unread, enclosure_url, enclosure_type, flags"
            " FROM rss_item WHERE feedurl = ? AND +deleted = 0 ORDER BY pubDate, id"  # +: by the feedurl index, never idx_deleted
        )
        try:
            rows = self._db.execute(query, (feed_url,)).fetchall()
        except sqlite3.Error as error:
            raise CacheError(self._why(error)) from None
        for guid, title, author, url, feedurl, pub, content, unread, enc_url, enc_type, flags in rows:
            yield CacheItem(
                guid=_text(guid),
                title=_text(title),
                author=_text(author),
                url=_text(url),
                feed_url=_text(feedurl),
                published=_int(pub),
                content=_text(content),
                unread=bool(_int(unread)),
                enclosure_url=_text(enc_url),
                enclosure_type=_text(enc_type),
                flags="".join(sorted({ch for ch in _text(flags) if ch.isalpha()})),
            )
