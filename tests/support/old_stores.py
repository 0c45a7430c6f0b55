"""Articles written into a store opened with only its first migrations, as the ingest of
that time wrote them: today's ingest writes columns that later migrations add."""

from __future__ import annotations

from newsreader.store import PreparedBatch, Store, prepare_batch
from newsreader.store.bodies import unpack_body
from newsreader.store.documents import document_to_json
from newsreader.store.identity import searchable_text

SEEN = "2026-01-01T00:00:00.000000Z"


def add_source_as_then(store: Store, kind: str, address: str) -> int:
    """A source row in a store of an older schema (``Store.add_source`` reads every column
    today's sources have); returns its id."""
    with store._db.writing("test") as db:
        cursor = db.execute("INSERT INTO sources (kind, address, added) VALUES (?, ?, ?)", (kind, address, SEEN))
        return int(cursor.lastrowid)


def ingest_as_then(store: Store, source_id: int, items) -> list[str]:
    """Insert ``items`` (NewArticle) with the columns the store has; returns their ids."""
    return ingest_batch_as_then(store, source_id, prepare_batch(items))


def ingest_batch_as_then(store: Store, source_id: int, batch: PreparedBatch, seen: str = SEEN) -> list[str]:
    """Insert a prepared batch with the columns the store has, first seen at ``seen``; returns
    the articles' ids."""
    with store._db.writing("test") as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
        indexed = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchone() is not None
        for article in batch.articles:
            document_json, words = unpack_body(article.body)
            row = {
                "id": article.id,
                "source_id": source_id,
                "origin": article.origin,
                "guid": article.guid,
                "url": article.url,
                "title": article.title,
                "published": article.published,
                "date": article.date,
                "outlet": article.outlet,
                "sort_time": article.published_sort or seen,
                "document": document_json,
                "text": words,
                "content_hash": article.content_hash,
                "first_seen": seen,
                "updated": seen,
            }
            row = {name: value for name, value in row.items() if name in columns}
            db.execute(
                f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
            )
            if indexed:
                db.execute(
                    "INSERT INTO articles_fts (rowid, title, text) VALUES ((SELECT seq FROM articles WHERE id = ?), ?, ?)",
                    (article.id, article.title, words),
                )
    return [article.id for article in batch.articles]


def keep_whole_text_as_then(store: Store, article_id: str, document) -> None:
    """``Store.set_full_document`` as a store of an older schema took it: the whole text's
    document and, in place of the feed's, its words."""
    with store._db.writing("test") as db:
        db.execute(
            "UPDATE articles SET full_document = ?, text = ? WHERE id = ?",
            (document_to_json(document), searchable_text(document), article_id),
        )
