"""Store: the one object the rest of newsreader uses to keep and find articles.

Built from small parts (see the package docstring). Every method is safe to
call from any thread; writes are short BEGIN IMMEDIATE transactions, so a
reader (another thread or process) never sees half a write.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from newsreader.dates import now_text, utc_text
from newsreader.document.blocks import Document
from newsreader.query import QueryError, ends_in_filter
from newsreader.store.database import Database, in_chunks, time_limit
from newsreader.store.documents import document_from_json, document_to_json
from newsreader.store.errors import StoreError
from newsreader.store.fts import (
    any_term_query,
    hit,
    last_word_as_prefix,
    plain_words_query,
    ranked,
    snippet_sql,
    widen_short_prefixes,
)
from newsreader.store.identity import searchable_text
from newsreader.store.ingest import INGEST_CHUNK, Ingesting
from newsreader.store.links import RelatedLinks
from newsreader.store.models import Headline, SearchHit, View
from newsreader.store.organize import Organizing
from newsreader.store.reading import ArticleReading
from newsreader.store.schema import MIGRATIONS
from newsreader.store.settings import SourceSettingsStore
from newsreader.store.sources import KEPT, SourceKeeping, one_line
from newsreader.store.views import (
    HEADLINE_COLUMNS,
    HEADLINE_FROM,
    NOT_HIDDEN,
    headline_from_row,
    view_filter,
    where_clause,
)

__all__ = ["INGEST_CHUNK", "KEPT", "SEARCH_SECONDS", "Store", "as_typed"]  # INGEST_CHUNK: named here as before

PRUNED_MEMORY_DAYS = 180  # how long a pruned article stays pruned when its feed still lists it
SEARCH_SECONDS = 5.0  # a search still running after this is abandoned (StoreError)


def as_typed(query: str) -> str:
    """The query that search as you type runs for ``query``: its last word as a prefix
    (``bangl`` is ``bangl*``), unless it ends in a filter (``unread``, ``tag:x``). A view
    saved from the search screen keeps this, so it lists what the search showed."""
    return query if ends_in_filter(query) else last_word_as_prefix(query)


class Store(ArticleReading, SourceKeeping, Ingesting, Organizing, SourceSettingsStore):
    """Articles, sources, read state, bookmarks and search, in one SQLite file (or in memory).

    Its parts: ``reading`` (articles and pages of headlines), ``sources``, ``ingest``,
    ``organize`` (queries, tags, hiding), ``settings`` (per source), and ``links``, the
    related links' targets, as an object of its own (``store.links``)."""

    KEPT = KEPT

    def __init__(self, path: str | os.PathLike[str], *, migrations: Sequence[str] = MIGRATIONS) -> None:
        self._db = Database(path, migrations)
        self.path = self._db.path  # None for ":memory:"
        self.links = RelatedLinks(self._db)
        with self._db.reading() as db:  # a store opened with fewer migrations (tests of old files) has none
            self._hiding = (
                db.execute("SELECT 1 FROM sqlite_master WHERE name = 'hidden_articles'").fetchone() is not None
            )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def data_version(self) -> int:
        """A number that changes when another connection commits to the file (another process,
        such as the command line, or another thread's connection): cheap to poll. Compare only
        numbers read on one thread; this thread's own writes do not change it."""
        with self._db.reading("checking") as db:
            return int(db.execute("PRAGMA data_version").fetchone()[0])

    def reading(self, what: str = "reading") -> AbstractContextManager[sqlite3.Connection]:
        """A read transaction on the store's file, for the tables other parts keep in it (the
        sync tables, ``newsreader.sync.accounts``): one consistent snapshot for several SELECTs."""
        return self._db.reading(what)

    def writing(self, what: str = "writing") -> AbstractContextManager[sqlite3.Connection]:
        """A write transaction on the store's file, for the tables other parts keep in it: all
        of it is kept, or none of it. ``what`` names the job in a StoreError ("saving an account in")."""
        return self._db.writing(what)

    def cache_of(self, kib: int) -> AbstractContextManager[None]:
        """This thread's connection with a page cache of ``kib`` KiB for a while: for a pass that
        reads each article once (the related-link pass), which would only fill the usual 32 MB."""
        return self._db.cache_of(kib)

    # -- search ----------------------------------------------------------------

    def search(self, query: str, limit: int = 50, view: View | None = None, *, typing: bool = False) -> list[SearchHit]:
        """Best matches first (bm25, titles weigh more) in the query language (``find``);
        a query it cannot read is searched as its plain words. ``typing``: the query is being
        typed, so its last word is searched as a prefix (``last_word_as_prefix``), unless it is
        a filter (``unread``, ``tag:x``). The query is always a parameter, never SQL text.

        Raises StoreError only for the store's own failures, or for a search
        still running after SEARCH_SECONDS (a pathological query).
        """
        if not query or not query.strip() or limit <= 0:
            return []
        if typing:
            query = as_typed(query)
        try:
            return self.find(query, limit, view)
        except QueryError:
            pass
        query = widen_short_prefixes(query)
        plain = plain_words_query(query)
        return self._search(plain, limit, view) if plain else []

    def _search(self, match: str, limit: int, view: View | None) -> list[SearchHit]:
        conditions, params = view_filter(view, self._hiding)
        with self._searching() as db:
            if conditions[-1:] == [NOT_HIDDEN] and not db.execute("SELECT 1 FROM hidden_articles LIMIT 1").fetchone():
                conditions = conditions[:-1]  # the index's own best-first walk, with nothing to leave out
            rows = ranked(db, f"{HEADLINE_COLUMNS}, {snippet_sql()}", match, limit, conditions, params)
        return [hit(headline_from_row(row), row[12]) for row in rows]

    def candidates(self, terms: list[str], limit: int = 50, *, all_of: Sequence[Sequence[str]] = ()) -> list[Headline]:
        """Articles matching any of ``terms`` (each taken literally), best first: for the related resolver.

        With ``all_of``, only those that also match a term of every one of its groups.
        """
        match = " AND ".join(f"({query})" for query in map(any_term_query, [terms, *all_of]) if query)
        if not match or limit <= 0:
            return []
        with self._searching() as db:
            return [headline_from_row(row) for row in ranked(db, HEADLINE_COLUMNS, match, limit, [], [])]

    def term_counts(self, words: Sequence[str]) -> dict[str, int]:
        """How many articles hold each word, as the full-text index spells words (lower case,
        no diacritics); a word it does not hold is left out. For the related resolver's rare words."""
        listed = list(dict.fromkeys(words))
        counts: dict[str, int] = {}
        with self._db.reading() as db:
            for chunk in in_chunks(listed, INGEST_CHUNK):
                marks = ",".join("?" * len(chunk))
                counts.update(
                    db.execute(f"SELECT term, doc FROM articles_fts_vocab WHERE term IN ({marks})", list(chunk))
                )
        return counts

    @contextmanager
    def _searching(self) -> Iterator[sqlite3.Connection]:
        """A read transaction that SQLite abandons after SEARCH_SECONDS."""
        try:
            with self._db.reading("searching") as db, time_limit(db, SEARCH_SECONDS):
                yield db
        except StoreError as error:
            if getattr(error.__cause__, "sqlite_errorname", "") == "SQLITE_INTERRUPT":
                raise StoreError(
                    f"the search took longer than {SEARCH_SECONDS:g} s: try longer or fewer words"
                ) from error
            raise

    # -- read state, bookmarks, related ------------------------------------------

    def set_read(self, ids: Iterable[str], read: bool = True) -> None:
        listed = list(ids)
        with self._db.writing("marking articles in") as db:
            for chunk in in_chunks(listed, INGEST_CHUNK):
                db.execute(
                    f"UPDATE articles SET read = ? WHERE read != ? AND id IN ({','.join('?' * len(chunk))})",
                    [int(read), int(read), *chunk],
                )

    def mark_view_read(self, view: View | None = None) -> int:
        """Mark every unread headline of ``view`` read; returns how many changed."""
        conditions, params = view_filter(view or View(), self._hiding)
        with self._db.writing("marking articles in") as db:
            return db.execute(
                f"UPDATE articles AS a SET read = 1 {where_clause([*conditions, 'a.read = 0'])}", params
            ).rowcount

    def mark_view_read_ids(self, view: View | None = None) -> list[str]:
        """Mark every unread headline of ``view`` read; returns the ids of exactly those that
        changed (so the marking can be undone without touching articles read otherwise)."""
        conditions, params = view_filter(view or View(), self._hiding)
        with self._db.writing("marking articles in") as db:
            rows = db.execute(
                f"UPDATE articles AS a SET read = 1 {where_clause([*conditions, 'a.read = 0'])} RETURNING id",
                params,
            ).fetchall()
        return [row[0] for row in rows]

    def bookmark(self, article_id: str) -> bool:
        """Keep the article (and its place in the bookmarks); False when there is no such article."""
        with self._db.writing("bookmarking in") as db:
            db.execute(
                "UPDATE articles SET bookmarked_at = ? WHERE id = ? AND bookmarked_at IS NULL", (now_text(), article_id)
            )
            return db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def unbookmark(self, article_id: str) -> bool:
        """Stop keeping the article; False when it was not bookmarked."""
        with self._db.writing("removing a bookmark in") as db:
            return (
                db.execute(
                    "UPDATE articles SET bookmarked_at = NULL WHERE id = ? AND bookmarked_at IS NOT NULL", (article_id,)
                ).rowcount
                > 0
            )

    def bookmarks(self) -> list[Headline]:
        """The kept articles, the most recently kept first."""
        with self._db.reading() as db:
            rows = db.execute(
                f"SELECT {HEADLINE_COLUMNS} FROM {HEADLINE_FROM} WHERE a.bookmarked_at IS NOT NULL "
                "ORDER BY a.bookmarked_at DESC, a.id DESC"
            ).fetchall()
        return [headline_from_row(row) for row in rows]

    def set_full_document(self, article_id: str, document: Document | None) -> None:
        """Keep the whole text fetched for an article (a bookmark read offline); its words
        become the article's searchable text (the feed's summary is usually a part of it)."""
        with self._db.writing("saving an article's full text in") as db:
            if document is not None:
                db.execute(
                    "UPDATE articles SET full_document = ?, body = pack_body(body_document(body), ?) WHERE id = ?",
                    (document_to_json(document), searchable_text(document), article_id),
                )
                return
            row = db.execute("SELECT body_document(body) FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is not None:
                db.execute(
                    "UPDATE articles SET full_document = NULL, body = pack_body(body_document(body), ?) WHERE id = ?",
                    (searchable_text(document_from_json(row[0])), article_id),
                )

    def set_full_error(self, article_id: str, message: str | None) -> None:
        """Record an attempt at the whole text: why it failed, or None for a success."""
        with self._db.writing("saving an article's fetch error in") as db:
            db.execute(
                "UPDATE articles SET full_error = ?, full_attempted = ? WHERE id = ?",
                (one_line(message), now_text(), article_id),
            )

    def kept_needing_text(self) -> list[str]:
        """Bookmarked articles without a whole text yet (never fetched, or failed), most recently kept first."""
        with self._db.reading() as db:
            rows = db.execute(
                "SELECT id FROM articles WHERE bookmarked_at IS NOT NULL AND full_document IS NULL "
                "ORDER BY bookmarked_at DESC, id DESC"
            ).fetchall()
        return [row[0] for row in rows]

    # -- retention -------------------------------------------------------------

    def prune(self, max_age_days: int = 0, max_articles_per_source: int = 0, exempt: Sequence[int] = ()) -> int:
        """Delete old articles (0: no limit of that kind), never kept ones (see KEPT). Returns how many went.

        Pruned ids are remembered (table ``pruned``) for PRUNED_MEMORY_DAYS or
        twice max_age_days, so a feed still listing them does not bring them
        back as unread. Articles left without a source and no longer kept go too.
        The sources ``exempt`` have a limit of their own (``prune_source``): not this one.
        """
        now = datetime.now(UTC)
        doomed: list[str] = []
        params: list[Any] = []
        if max_age_days and max_age_days > 0:
            # An undated file's sort time is no age (it sorts below every date): it goes by first_seen.
            doomed.append("(sort_time < ? AND sort_time >= '0' OR sort_time < '0' AND first_seen < ?)")
            params.extend([utc_text(now - timedelta(days=max_age_days))] * 2)
        if max_articles_per_source and max_articles_per_source > 0:
            # Only sources over the limit are looked at (their counts are kept by triggers):
            # numbering every article of the store took ~85 ms at 30,000, on every refresh.
            doomed.append(
                "seq IN (SELECT seq FROM (SELECT seq, row_number() OVER"
                " (PARTITION BY source_id ORDER BY sort_time DESC, id DESC) AS place"
                " FROM articles WHERE source_id IN (SELECT id FROM sources WHERE article_count > ?"
                + (f" AND id NOT IN ({', '.join(str(int(i)) for i in exempt)})" if exempt else "")
                + "))"
                " WHERE place > ?)"
            )
            params.extend([max_articles_per_source, max_articles_per_source])
        forget_before = utc_text(now - timedelta(days=max(PRUNED_MEMORY_DAYS, 2 * (max_age_days or 0))))
        with self._db.writing("pruning") as db:
            removed = db.execute(f"DELETE FROM articles WHERE source_id IS NULL AND NOT {KEPT}").rowcount
            if doomed:
                condition = f"({' OR '.join(doomed)}) AND NOT {KEPT}"
                db.execute(
                    f"INSERT OR REPLACE INTO pruned (id, at) SELECT id, ? FROM articles WHERE {condition}",
                    [utc_text(now), *params],
                )
                removed += db.execute(f"DELETE FROM articles WHERE {condition}", params).rowcount
            db.execute("DELETE FROM pruned WHERE at < ?", (forget_before,))
        return removed

    def vacuum(self) -> None:
        """Give freed space back to the disk: merge the search index, VACUUM, truncate the WAL."""
        with self._db.writing("optimising") as db:
            db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
        with self._db.untransacted("compacting") as db:
            db.execute("VACUUM")
            if self.path is not None:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
