"""A newsboat cache.db made by hand, with the schema newsboat 2.21 creates, for rows newsboat would
never write itself (NULLs, odd bytes) and for tests that need no newsboat installed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE rss_feed (rssurl VARCHAR(1024) PRIMARY KEY NOT NULL, url VARCHAR(1024) NOT NULL,
  title VARCHAR(1024) NOT NULL, lastmodified INTEGER(11) NOT NULL DEFAULT 0, is_rtl INTEGER(1) NOT NULL DEFAULT 0,
  etag VARCHAR(128) NOT NULL DEFAULT "");
CREATE TABLE rss_item (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, guid VARCHAR(64) NOT NULL,
  title VARCHAR(1024) NOT NULL, author VARCHAR(1024) NOT NULL, url VARCHAR(1024) NOT NULL,
  feedurl VARCHAR(1024) NOT NULL, pubDate INTEGER NOT NULL, content VARCHAR(65535) NOT NULL,
  unread INTEGER(1) NOT NULL, enclosure_url VARCHAR(1024), enclosure_type VARCHAR(1024),
  enqueued INTEGER(1) NOT NULL DEFAULT 0, flags VARCHAR(52), deleted INTEGER(1) NOT NULL DEFAULT 0,
  base VARCHAR(128) NOT NULL DEFAULT "");
CREATE TABLE metadata (db_schema_version_major INTEGER NOT NULL, db_schema_version_minor INTEGER NOT NULL);
"""


def make_cache(path: Path, feeds: list[dict], items: list[dict]) -> Path:
    """``feeds``: rssurl, url, title, etag, lastmodified; ``items``: the rss_item columns (defaults filled)."""
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    for feed in feeds:
        db.execute(
            "INSERT INTO rss_feed (rssurl, url, title, lastmodified, etag) VALUES (?, ?, ?, ?, ?)",
            (
                feed["rssurl"],
                feed.get("url", ""),
                feed.get("title", ""),
                feed.get("lastmodified", 0),
                feed.get("etag", ""),
            ),
        )
    for number, item in enumerate(items):
        row = {
            "guid": f"guid-{number}",
            "title": f"Item {number}",
            "author": "",
            "url": "",
            "pubDate": 1767225600 + number,
            "content": "<p>Body.</p>",
            "unread": 1,
            "enclosure_url": None,
            "enclosure_type": None,
            "flags": None,
            "deleted": 0,
            **item,
        }
        columns = ", ".join(row)
        db.execute(f"INSERT INTO rss_item ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    db.commit()
    db.close()
    return path
