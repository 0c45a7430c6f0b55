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
from collections.abc import Iterable
from datetime import datetime, timedelta

from newsreader.dates import utc_text
from newsreader.store.database import Database
from newsreader.store.errors import StoreError
from newsreader.store.identity import PreparedArticle, PreparedBatch, prepare_batch
from newsreader.store.item_memos import keep_memo, memo_of
from newsreader.store.models import IngestResult, NewArticle
from newsreader.store.search_queue import file_for_search, index_pending, newest_seq

INGEST_CHUNK = 500  # articles per transaction: short enough that readers and other writers never wait long

INSERT = """
INSERT INTO articles (
    id, source_id, origin, guid, url, title, published, date, outlet, sort_time,
    body, has_related, content_hash, first_seen, updated, folder, entry_hash
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


UPDATE = """
UPDATE articles SET
    source_id = COALESCE(source_id, ?), guid = ?, url = ?, title = ?, published = ?, date = ?,
    outlet = ?, sort_time = COALESCE(?, first_seen),
    body = CASE WHEN full_document IS NULL THEN ? ELSE pack_body(body_document(?), body_text(body)) END,
    has_related = ?, content_hash = ?, updated = ?, entry_hash = ?
WHERE id = ?
"""


def write_chunk(
    connection: sqlite3.Connection,
    source_id: int,
    articles: list[PreparedArticle],
    batch_time: datetime,
    first_index: int,
) -> tuple[list[str], list[str], int]:
    """Store one chunk inside the caller's transaction; returns (added ids, updated ids, unchanged).
    The caller files the new rows for search (``file_for_search``)."""
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
    inserts: list[tuple[object, ...]] = []  # each a row's SQL parameters
    updates: list[tuple[object, ...]] = []
    adopted: list[tuple[object, ...]] = []
    fingerprinted: list[tuple[object, ...]] = []  # unchanged articles stored before fingerprints (or under another)
    added: list[str] = []  # the ids of inserts
    updated: list[str] = []  # the ids of updates
    unchanged = 0
    for offset, article in enumerate(articles):
        known = existing.get(article.id)
        if known is None and article.id in pruned:
            unchanged += 1  # retention removed it; a feed still listing it does not bring it back
        elif known is None:
            # Items earlier in a feed are newer: keep that order among undated items.
            first_seen = utc_text(batch_time - timedelta(microseconds=first_index + offset))
            added.append(article.id)
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
                    article.body,
                    article.has_related,
                    article.content_hash,
                    first_seen,
                    now,
                    folder,
                    article.entry_hash,
                )
            )
        elif known[0] != article.content_hash:
            updated.append(article.id)
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
                    article.body,
                    article.body,  # a kept whole text keeps its words: the new document, the old words
                    article.has_related,
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
        connection.executemany(INSERT, inserts)
    if updates:
        connection.executemany(UPDATE, updates)
        connection.executemany(
            "DELETE FROM related_targets WHERE article_id = ?", [(article_id,) for article_id in updated]
        )
    if adopted:
        connection.executemany("UPDATE articles SET source_id = ? WHERE id = ? AND source_id IS NULL", adopted)
    if fingerprinted:
        connection.executemany("UPDATE articles SET entry_hash = ? WHERE id = ?", fingerprinted)
    return added, updated, unchanged


class Ingesting:
    """Articles written as their sources hand them over (mixed into ``Store``)."""

    _db: Database

    def ingest(self, source_id: int, items: Iterable[NewArticle]) -> IngestResult:
        """Add new articles and update changed ones, INGEST_CHUNK per transaction; deletes nothing.

        The same article twice is one row; identity is origin + guid, else url,
        else content hash (see identity.assign_ids). Read state and bookmarks
        survive updates.
        """
        return self.ingest_prepared(source_id, prepare_batch(items))

    def source_origin(self, source_id: int) -> str | None:
        """The origin the source's articles were stored under (their ids hash it): the address
        the feed had then, which a permanent redirect may since have changed."""
        with self._db.reading() as db:
            row = db.execute("SELECT origin FROM articles WHERE source_id = ? LIMIT 1", (source_id,)).fetchone()
        return row[0] if row else None

    def item_memo(self, source_id: int) -> str | None:
        """The memo of the feed's items' bytes from its last read (``sources.known_items``)."""
        with self._db.reading() as db:
            return memo_of(db, source_id)

    def entry_hashes(self, source_id: int) -> frozenset[str]:
        """The fingerprints of the feed entries this source's articles were made from (an index read)."""
        with self._db.reading() as db:
            rows = db.execute(
                "SELECT entry_hash FROM articles WHERE source_id = ? AND entry_hash IS NOT NULL", (source_id,)
            ).fetchall()
        return frozenset(row[0] for row in rows)

    def ingest_prepared(self, source_id: int, batch: PreparedBatch, index: bool = True) -> IngestResult:
        """``ingest`` for items already prepared (``identity.prepare_batch``, maybe in another
        process); ``index`` as ``ingest_many``'s."""
        prepared = batch.articles
        result = IngestResult(unchanged=batch.listed - len(prepared))
        if not prepared:
            if batch.item_memo is not None:
                with self._db.writing("saving articles to") as db:
                    keep_memo(db, source_id, batch.item_memo)
            return result
        with self._db.reading() as db:
            if db.execute("SELECT 1 FROM sources WHERE id = ?", (source_id,)).fetchone() is None:
                raise StoreError(f"there is no source with id {source_id}")
        for start in range(0, len(prepared), INGEST_CHUNK):
            chunk = prepared[start : start + INGEST_CHUNK]
            with self._db.writing("saving articles to") as db:
                before = newest_seq(db)
                added, updated, unchanged = write_chunk(db, source_id, chunk, batch.batch_time, start)
                file_for_search(db, before, index)
                if start + INGEST_CHUNK >= len(prepared):  # with the last chunk: all of it stored
                    keep_memo(db, source_id, batch.item_memo)
            result.added.extend(added)
            result.updated.extend(updated)
            result.unchanged += unchanged
        return result

    def ingest_many(
        self, batches: list[tuple[int, PreparedBatch]], index: bool = True
    ) -> list[IngestResult | Exception]:
        """``ingest_prepared`` for several sources, their small batches together in one
        transaction (up to INGEST_CHUNK articles); one result or error per source, in order.
        Never raises: a failed transaction is the error of its sources only. With ``index``
        false the new articles wait in the search index's queue: the caller, a bulk write,
        calls ``index_pending`` at its end.

        The search index writes a new segment at each commit and merges segments as
        they pile up: a transaction per 30-item feed made it the larger part of a cold
        refresh's writing. A source removed meanwhile is found inside the transaction
        and left out, its error its own.
        """
        results: list[IngestResult | Exception | None] = [None] * len(batches)
        group: list[int] = []
        size = 0

        def write_group() -> None:
            try:
                with self._db.writing("saving articles to") as db:
                    wanted = sorted({batches[position][0] for position in group})
                    marks = ",".join("?" * len(wanted))
                    present = {row[0] for row in db.execute(f"SELECT id FROM sources WHERE id IN ({marks})", wanted)}
                    for position in group:
                        source_id, batch = batches[position]
                        if source_id in present:
                            # Filed before the next batch's writes: a later batch that changes a
                            # row this one inserted (an article shared through its origin) finds
                            # it indexed or queued, as the update trigger expects.
                            before = newest_seq(db)
                            results[position] = self._write_whole(db, source_id, batch)
                            file_for_search(db, before, index)
                        else:
                            results[position] = StoreError(
                                f"there is no source with id {source_id} (removed meanwhile?)"
                            )
            except Exception as error:  # nothing of the group was kept
                for position in group:
                    results[position] = error

        for position, (source_id, batch) in enumerate(batches):
            count = len(batch.articles)
            if count > INGEST_CHUNK:  # a big one alone, chunk by chunk
                try:
                    results[position] = self.ingest_prepared(source_id, batch, index)
                except Exception as error:
                    results[position] = error
                continue
            if size + count > INGEST_CHUNK and group:
                write_group()
                group, size = [], 0
            group.append(position)
            size += count
        if group:
            write_group()
        return results  # type: ignore[return-value]

    def index_pending(self) -> int:
        """Index the queued articles (``ingest_many(index=False)``); returns how many
        (``search_queue.index_pending``)."""
        return index_pending(self._db)

    @staticmethod
    def _write_whole(db: sqlite3.Connection, source_id: int, batch: PreparedBatch) -> IngestResult:
        added, updated, unchanged = (
            write_chunk(db, source_id, batch.articles, batch.batch_time, 0) if batch.articles else ([], [], 0)
        )
        keep_memo(db, source_id, batch.item_memo)
        return IngestResult(added, updated, batch.listed - len(batch.articles) + unchanged)
