"""The search index's queue: a bulk write's new articles indexed together at its end.

A refresh of many feeds or a newsboat import writes thousands of articles a few hundred a
transaction. Indexed in each of those transactions, FTS5 wrote a segment per commit and
merged them as they piled up: 120 µs an article, the largest cost of the writes. Queued
(``search_pending``) and indexed at the end 5,000 a transaction, 47 µs (``python -m
benchmarks --only refresh --profile``, 1,000 feeds × 30). Until then search does not find
them; a write that stops before its end (killed, the disk full) leaves them queued for the
next bulk write. Single writes (adding a source, a sync) index in their own transaction.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the migrations list this module's SQL, and the database runs them
    from newsreader.store.database import Database

# A row still queued is not in the index: deleting it tells the index nothing, and changing
# it waits for the queue (the triggers below, replacing migrations.FULL_TEXT's). The index
# keeps up to 16 MB of terms in memory before it writes a segment (FTS5's ``hashsize``, 1 MB
# by default), so a queue's chunk is one segment. A 'rebuild' of the index (FULL_TEXT's,
# before the queue existed) indexes queued rows too: one made later must empty
# search_pending in the same transaction, or index_pending adds them twice.
SEARCH_QUEUE = """
CREATE TABLE search_pending (seq INTEGER PRIMARY KEY);

DROP TRIGGER articles_fts_delete;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        SELECT 'delete', old.seq, old.title, old.text
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE seq = old.seq);
    DELETE FROM search_pending WHERE seq = old.seq;
END;

DROP TRIGGER articles_fts_update;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles
WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE seq = old.seq) BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 16777216);
"""

# Queued articles indexed per transaction: one segment of the search index each (the
# in-memory limit above holds their terms), about 0.3 s of writing, so a reader or writer
# waits no longer than that.
SEARCH_CHUNK = 5000
# The page cache while the queue is indexed: each article's row is read once, and the usual
# 32 MB cache only held memory (30,000 articles indexed: 1.24 s and +43 MB with it, 1.16 s
# and +13 MB with 2 MB).
INDEX_CACHE_KIB = 2000

# The search index entries of the rows just inserted, all in one statement: new rows take
# seq = max + 1 (no AUTOINCREMENT), so they are the ones above the largest seq before the
# insert, within the writer's transaction. Changes and deletes are indexed by the triggers.
INDEX_TEXT = (
    "INSERT INTO articles_fts (rowid, title, text) SELECT seq, title, body_text(body) FROM articles WHERE seq > ?"
)
QUEUE_TEXT = "INSERT INTO search_pending (seq) SELECT seq FROM articles WHERE seq > ?"
INDEX_QUEUED = """
INSERT INTO articles_fts (rowid, title, text)
SELECT a.seq, a.title, body_text(a.body) FROM search_pending AS p CROSS JOIN articles AS a ON a.seq = p.seq WHERE p.seq <= ?
"""


def newest_seq(connection: sqlite3.Connection) -> int:
    """The largest seq stored: the rows a transaction inserts after asking are the ones above it."""
    return int(connection.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0])


def file_for_search(connection: sqlite3.Connection, before: int, index: bool) -> None:
    """The rows inserted above seq ``before`` in this transaction, indexed now or queued."""
    connection.execute(INDEX_TEXT if index else QUEUE_TEXT, (before,))


def index_queued(connection: sqlite3.Connection, last: int) -> int:
    """Index the queued articles up to seq ``last`` inside the caller's transaction; returns
    how many. A row changed while queued is indexed as it is now (its update trigger waited
    for this), one deleted has left the queue."""
    connection.execute(INDEX_QUEUED, (last,))
    return int(connection.execute("DELETE FROM search_pending WHERE seq <= ?", (last,)).rowcount)


def index_pending(db: Database) -> int:
    """Index the queue, SEARCH_CHUNK a transaction, with a small page cache; returns how many."""
    done = 0
    with db.cache_of(INDEX_CACHE_KIB):
        while True:
            with db.writing("indexing articles for search in") as connection:
                row = connection.execute(
                    "SELECT seq FROM search_pending ORDER BY seq LIMIT 1 OFFSET ?", (SEARCH_CHUNK - 1,)
                ).fetchone()
                last = row[0] if row else connection.execute("SELECT max(seq) FROM search_pending").fetchone()[0]
                if last is None:
                    return done
                done += index_queued(connection, last)
