"""Writing a batch of prepared articles: insert the new, update the changed, keep the rest.

Nothing here deletes: an empty or partial feed leaves every stored article
where it was. Articles that retention pruned (table ``pruned``) are not
brought back. Read state, bookmarks, first_seen and fetched full text survive
an update; related-link targets of a changed article are dropped, to be
resolved again against its new links. A kept article with its whole text
keeps that text's words in the search index.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from newsreader.dates import utc_text
from newsreader.store.errors import StoreError
from newsreader.store.identity import PreparedArticle

INSERT = """
INSERT INTO articles (
    id, source_id, origin, guid, url, title, published, date, outlet, sort_time,
    document, text, content_hash, first_seen, updated, folder, entry_hash
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

# The search index entries of the rows just inserted, all in one statement: new rows take
# seq = max + 1 (no AUTOINCREMENT), so they are the ones above the largest seq before the
# insert, within the writer's transaction. Changes and deletes are indexed by triggers
# (migrations.FULL_TEXT).
INDEX_TEXT = "INSERT INTO articles_fts (rowid, title, text) SELECT seq, title, text FROM articles WHERE seq > ?"

UPDATE = """
UPDATE articles SET
    source_id = COALESCE(source_id, ?), guid = ?, url = ?, title = ?, published = ?, date = ?,
    outlet = ?, sort_time = COALESCE(?, first_seen), document = ?,
    text = CASE WHEN full_document IS NULL THEN ? ELSE text END, content_hash = ?, updated = ?,
    entry_hash = ?
WHERE id = ?
"""


def write_chunk(
    connection: sqlite3.Connection,
    source_id: int,
    articles: list[PreparedArticle],
    batch_time: datetime,
    first_index: int,
) -> tuple[list[str], list[str], int]:
    """Store one chunk inside the caller's transaction; returns (added ids, updated ids, unchanged)."""
    placeholders = ",".join("?" * len(articles))
    existing = {
        row[0]: (row[1], row[2], row[3])
        for row in connection.execute(
            f"SELECT id, content_hash, source_id, entry_hash FROM articles WHERE id IN ({placeholders})",
            [article.id for article in articles],
        )
    }
    pruned = {
        row[0]
        for row in connection.execute(
            f"SELECT id FROM pruned WHERE id IN ({placeholders})", [article.id for article in articles]
        )
    }
    source = connection.execute("SELECT folder FROM sources WHERE id = ?", (source_id,)).fetchone()
    if source is None:
        raise StoreError(f"there is no source with id {source_id} (removed during the ingest?)")
    folder = source[0]
    now = utc_text(batch_time)
    inserts: list[tuple] = []
    updates: list[tuple] = []
    adopted: list[tuple] = []
    fingerprinted: list[tuple] = []  # unchanged articles stored before fingerprints (or under another)
    unchanged = 0
    for offset, article in enumerate(articles):
        known = existing.get(article.id)
        if known is None and article.id in pruned:
            unchanged += 1  # retention removed it; a feed still listing it does not bring it back
        elif known is None:
            # Items earlier in a feed are newer: keep that order among undated items.
            first_seen = utc_text(batch_time - timedelta(microseconds=first_index + offset))
            inserts.append(
                (
                    article.id,
                    source_id,
                    article.origin,
                    article.guid,
                    article.url,
                    article.title,
                    article.published,
                    article.date,
                    article.outlet,
                    article.published_sort or first_seen,
                    article.document_json,
                    article.text,
                    article.content_hash,
                    first_seen,
                    now,
                    folder,
                    article.entry_hash,
                )
            )
        elif known[0] != article.content_hash:
            updates.append(
                (
                    source_id,
                    article.guid,
                    article.url,
                    article.title,
                    article.published,
                    article.date,
                    article.outlet,
                    article.published_sort,
                    article.document_json,
                    article.text,
                    article.content_hash,
                    now,
                    article.entry_hash,
                    article.id,
                )
            )
        else:
            unchanged += 1
            if article.entry_hash and known[2] != article.entry_hash:
                fingerprinted.append((article.entry_hash, article.id))
            if known[1] is None:
                adopted.append((source_id, article.id))
    if inserts:
        before = connection.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]
        connection.executemany(INSERT, inserts)
        connection.execute(INDEX_TEXT, (before,))
    if updates:
        connection.executemany(UPDATE, updates)
        connection.executemany("DELETE FROM related_targets WHERE article_id = ?", [(u[-1],) for u in updates])
    if adopted:
        connection.executemany("UPDATE articles SET source_id = ? WHERE id = ? AND source_id IS NULL", adopted)
    if fingerprinted:
        connection.executemany("UPDATE articles SET entry_hash = ? WHERE id = ?", fingerprinted)
    return [row[0] for row in inserts], [row[-1] for row in updates], unchanged
