"""Store: the one object the rest of newsreader uses to keep and find articles.

Built from small parts (see the package docstring). Every method is safe to
call from any thread; writes are short BEGIN IMMEDIATE transactions, so a
reader (another thread or process) never sees half a write.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from newsreader.document.blocks import Document
from newsreader.document.clean import clean_inline
from newsreader.query import QueryError, ends_in_filter
from newsreader.store import related_links
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
from newsreader.store.identity import PreparedBatch, now_text, prepare_batch, searchable_text, utc_text
from newsreader.store.ingest import write_chunk
from newsreader.store.models import (
    Article,
    Headline,
    IngestResult,
    NewArticle,
    RemovedSource,
    SearchHit,
    SortKey,
    Source,
    View,
)
from newsreader.store.organize import Organizing
from newsreader.store.schema import MIGRATIONS
from newsreader.store.settings import SourceSettingsStore
from newsreader.store.views import (
    HEADLINE_COLUMNS,
    HEADLINE_FROM,
    NOT_HIDDEN,
    count_query,
    headline_from_row,
    page_query,
    view_filter,
    where_clause,
)

# Articles that retention and source removal leave alone: bookmarks, and the stories a
# bookmark's related links lead to (a bookmark is read offline, links included).
KEPT = (
    "(bookmarked_at IS NOT NULL OR id IN (SELECT r.target_id FROM related_targets AS r"
    " JOIN articles AS b ON b.id = r.article_id WHERE b.bookmarked_at IS NOT NULL AND r.target_id IS NOT NULL))"
)
PRUNED_MEMORY_DAYS = 180  # how long a pruned article stays pruned when its feed still lists it
SEARCH_SECONDS = 5.0  # a search still running after this is abandoned (StoreError)
INGEST_CHUNK = 500  # articles per transaction: short enough that readers and other writers never wait long
SOURCE_KINDS = ("feed", "file", "folder", "synced")  # synced: a sync account's subscription (newsreader.sync)
SOURCE_FIELDS = (
    "title", "address", "folder", "etag", "last_modified", "body_hash",
    "last_status", "last_error", "last_refreshed", "retry_at",
)  # fmt: skip
SOURCE_COLUMNS = (
    "id, kind, address, title, folder, etag, last_modified, body_hash, last_status, last_error, last_refreshed,"
    " article_count, unread_count, added, retry_at"
)  # the order of Source's fields


CLEANED_FIELDS = ("title", "folder", "last_error")  # may hold a stranger's text (a feed title, a server's message)


def _clean(value: str | None) -> str | None:
    """Outside text for one line, or None when nothing is left of it."""
    if value is None:
        return None
    return clean_inline(value) or None


def _source_from_row(row: Sequence[Any]) -> Source:
    return Source(*row)


def as_typed(query: str) -> str:
    """The query that search as you type runs for ``query``: its last word as a prefix
    (``bangl`` is ``bangl*``), unless it ends in a filter (``unread``, ``tag:x``). A view
    saved from the search screen keeps this, so it lists what the search showed."""
    return query if ends_in_filter(query) else last_word_as_prefix(query)


class Store(Organizing, SourceSettingsStore):
    """Articles, sources, read state, bookmarks and search, in one SQLite file (or in memory)."""

    KEPT = KEPT

    def __init__(self, path: str | os.PathLike[str], *, migrations: Sequence[str] = MIGRATIONS) -> None:
        self._db = Database(path, migrations)
        self.path = self._db.path  # None for ":memory:"
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

    # -- sources ---------------------------------------------------------------

    def add_source(self, kind: str, address: str, title: str | None = None, folder: str | None = None) -> Source:
        """The source at ``address``, added if new (an existing one is returned as it is)."""
        if kind not in SOURCE_KINDS:
            raise ValueError(f"unknown source kind: {kind!r}")
        address = address.strip()
        with self._db.writing("adding a source to") as db:
            db.execute(
                "INSERT INTO sources (kind, address, title, folder, added) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(address) DO NOTHING",
                (kind, address, _clean(title), _clean(folder), now_text()),
            )
        source = self.find_source(address)
        assert source is not None
        return source

    def get_source(self, source_id: int) -> Source | None:
        return self._one_source("id = ?", source_id)

    def find_source(self, address: str) -> Source | None:
        return self._one_source("address = ?", address)

    def _one_source(self, condition: str, value: Any) -> Source | None:
        with self._db.reading() as db:
            row = db.execute(f"SELECT {SOURCE_COLUMNS} FROM sources WHERE {condition}", (value,)).fetchone()
        return _source_from_row(row) if row is not None else None

    def sources(self) -> list[Source]:
        """Every source, in the order added, with its article and unread counts."""
        with self._db.reading() as db:
            rows = db.execute(f"SELECT {SOURCE_COLUMNS} FROM sources ORDER BY id").fetchall()
        return [_source_from_row(row) for row in rows]

    def update_source(self, source_id: int, **fields: Any) -> None:
        """Change some of a source's fields (see SOURCE_FIELDS); unknown names are a ValueError."""
        self.update_sources([(source_id, fields)])

    def update_sources(self, changes: Sequence[tuple[int, dict[str, Any]]]) -> None:
        """``update_source`` for many sources in one transaction (a refresh's statuses:
        one transaction each cost ~0.3 ms, a third of a refresh where every feed answers 304)."""
        statements = []
        for source_id, fields in changes:
            unknown = set(fields) - set(SOURCE_FIELDS)
            if unknown:
                raise ValueError(f"not source fields: {', '.join(sorted(unknown))}")
            if fields:
                fields = {name: _clean(value) if name in CLEANED_FIELDS else value for name, value in fields.items()}
                assignments = ", ".join(f"{name} = ?" for name in fields)
                statements.append((f"UPDATE sources SET {assignments} WHERE id = ?", [*fields.values(), source_id]))
        if not statements:
            return
        try:
            with self._db.writing("updating a source in") as db:
                for sql, values in statements:
                    db.execute(sql, values)
        except StoreError as error:
            if isinstance(error.__cause__, sqlite3.IntegrityError):
                addresses = [fields.get("address") for _, fields in changes if fields.get("address")]
                raise StoreError(
                    f"another source already has the address {addresses[0]!r}" if addresses else str(error)
                ) from error
            raise

    def remove_source(self, source_id: int) -> RemovedSource | None:
        """Remove a source and its articles, except kept ones (see KEPT), which stay without a source:
        local copies, whole text and all, still listed, searchable and named after the source
        (its title becomes their outlet when they name none). None when there is no such source."""
        with self._db.writing("removing a source from") as db:
            row = db.execute("SELECT title, address FROM sources WHERE id = ?", (source_id,)).fetchone()
            if row is None:
                return None
            removed = db.execute(f"DELETE FROM articles WHERE source_id = ? AND NOT {KEPT}", (source_id,)).rowcount
            bookmarked = db.execute(
                "SELECT count(*) FROM articles WHERE source_id = ? AND bookmarked_at IS NOT NULL", (source_id,)
            ).fetchone()[0]
            kept = db.execute(
                "UPDATE articles SET source_id = NULL, outlet = COALESCE(outlet, ?) WHERE source_id = ?",
                (row[0], source_id),
            ).rowcount
            db.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        return RemovedSource(source_id, row[0] or row[1], removed, bookmarked, kept - bookmarked)

    def rename_source(self, source_id: int, title: str) -> bool:
        """Give a source a title of the user's own (a refresh names only a source without one);
        False when there is no such source. An empty title is a ValueError."""
        cleaned = _clean(title)
        if not cleaned:
            raise ValueError("a title cannot be empty")
        with self._db.writing("renaming a source in") as db:
            if db.execute("UPDATE sources SET title = ? WHERE id = ?", (cleaned, source_id)).rowcount == 0:
                return False
            self._remember_title(db, source_id, cleaned)
            return True

    # -- ingest ----------------------------------------------------------------

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

    def entry_hashes(self, source_id: int) -> frozenset[str]:
        """The fingerprints of the feed entries this source's articles were made from (an index read)."""
        with self._db.reading() as db:
            rows = db.execute(
                "SELECT entry_hash FROM articles WHERE source_id = ? AND entry_hash IS NOT NULL", (source_id,)
            ).fetchall()
        return frozenset(row[0] for row in rows)

    def ingest_prepared(self, source_id: int, batch: PreparedBatch) -> IngestResult:
        """``ingest`` for items already prepared (``identity.prepare_batch``, maybe in another process)."""
        prepared = batch.articles
        result = IngestResult(unchanged=batch.listed - len(prepared))
        if not prepared:
            return result
        with self._db.reading() as db:
            if db.execute("SELECT 1 FROM sources WHERE id = ?", (source_id,)).fetchone() is None:
                raise StoreError(f"there is no source with id {source_id}")
        for start in range(0, len(prepared), INGEST_CHUNK):
            chunk = prepared[start : start + INGEST_CHUNK]
            with self._db.writing("saving articles to") as db:
                added, updated, unchanged = write_chunk(db, source_id, chunk, batch.batch_time, start)
            result.added.extend(added)
            result.updated.extend(updated)
            result.unchanged += unchanged
        return result

    def ingest_many(self, batches: list[tuple[int, PreparedBatch]]) -> list[IngestResult | Exception]:
        """``ingest_prepared`` for several sources, their small batches together in one
        transaction (up to INGEST_CHUNK articles); one result or error per source, in order.
        Never raises: a failed transaction is the error of its sources only.

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
                    wanted = sorted({batches[index][0] for index in group})
                    marks = ",".join("?" * len(wanted))
                    present = {row[0] for row in db.execute(f"SELECT id FROM sources WHERE id IN ({marks})", wanted)}
                    for index in group:
                        source_id, batch = batches[index]
                        if source_id in present:
                            results[index] = self._write_whole(db, source_id, batch)
                        else:
                            results[index] = StoreError(f"there is no source with id {source_id} (removed meanwhile?)")
            except Exception as error:  # nothing of the group was kept
                for index in group:
                    results[index] = error

        for index, (source_id, batch) in enumerate(batches):
            count = len(batch.articles)
            if count > INGEST_CHUNK:  # a big one alone, chunk by chunk
                try:
                    results[index] = self.ingest_prepared(source_id, batch)
                except Exception as error:
                    results[index] = error
                continue
            if size + count > INGEST_CHUNK and group:
                write_group()
                group, size = [], 0
            group.append(index)
            size += count
        if group:
            write_group()
        return results  # type: ignore[return-value]

    @staticmethod
    def _write_whole(db: sqlite3.Connection, source_id: int, batch: PreparedBatch) -> IngestResult:
        added, updated, unchanged = (
            write_chunk(db, source_id, batch.articles, batch.batch_time, 0) if batch.articles else ([], [], 0)
        )
        return IngestResult(added, updated, batch.listed - len(batch.articles) + unchanged)

    # -- reading ---------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        """The whole article, its related links' targets filled in from related_targets."""
        with self._db.reading() as db:
            row = db.execute(
                f"SELECT {HEADLINE_COLUMNS}, a.document, a.full_document, a.text, a.first_seen, a.bookmarked_at, "
                "a.full_error, a.full_attempted "
                f"FROM {HEADLINE_FROM} WHERE a.id = ?",
                (article_id,),
            ).fetchone()
            if row is None:
                return None
            targets = self._related_targets(db, article_id)
            suggestions = related_links.suggestions_of(db, [article_id]).get(article_id, [])
        headline = headline_from_row(row)
        document = document_from_json(row[12])
        for link, target in zip(document.related_links, targets):
            link.target = target
        for link, suggested in zip(document.related_links, suggestions):
            link.suggestions = suggested if link.target is None else ()
        full = document_from_json(row[13]) if row[13] else None
        return Article(
            **headline.__dict__, document=document, full_document=full, text=row[14], first_seen=row[15],
            bookmarked_at=row[16], full_error=row[17], full_attempted=row[18],
        )  # fmt: skip

    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are stored articles (an index read, in chunks)."""
        found: set[str] = set()
        with self._db.reading() as db:
            for chunk in in_chunks(list(ids), 500):
                marks = ",".join("?" * len(chunk))
                found.update(
                    row[0] for row in db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", list(chunk))
                )
        return found

    def article_by_url(self, url: str) -> str | None:
        """The id of a stored article with this address (the most recent one, if several)."""
        with self._db.reading() as db:
            row = db.execute(
                "SELECT id FROM articles WHERE url = ? ORDER BY sort_time DESC, id DESC LIMIT 1", (url,)
            ).fetchone()
        return row[0] if row else None

    def headlines(self, view: View | None = None, after: SortKey | None = None, limit: int = 200) -> list[Headline]:
        """A page of ``view``, newest first, starting below the headline whose sort_key is ``after``."""
        sql, params = page_query(view or View(), after, newer=False, limit=limit, hiding=self._hiding)
        with self._db.reading() as db:
            return [headline_from_row(row) for row in db.execute(sql, params)]

    def headlines_before(self, view: View | None, before: SortKey, limit: int = 200) -> list[Headline]:
        """The page just above the headline whose sort_key is ``before``, newest first (as shown)."""
        sql, params = page_query(view or View(), before, newer=True, limit=limit, hiding=self._hiding)
        with self._db.reading() as db:
            rows = [headline_from_row(row) for row in db.execute(sql, params)]
        rows.reverse()
        return rows

    def count(self, view: View | None = None) -> int:
        sql, params = count_query(view or View(), hiding=self._hiding)
        with self._db.reading() as db:
            return int(db.execute(sql, params).fetchone()[0])

    def position(self, view: View | None, article_id: str) -> int | None:
        """The 0-based row of ``article_id`` in ``view``; None when the view does not hold it."""
        view = view or View()
        conditions, params = view_filter(view, self._hiding)
        with self._db.reading() as db:
            row = db.execute(
                f"SELECT a.sort_time, a.id FROM articles AS a {where_clause([*conditions, 'a.id = ?'])}",
                [*params, article_id],
            ).fetchone()
            if row is None:
                return None
            sql, params = count_query(view, after=(row[0], row[1]), hiding=self._hiding)
            return int(db.execute(sql, params).fetchone()[0])

    def unread_total(self) -> int:
        with self._db.reading() as db:
            return int(db.execute("SELECT count(*) FROM articles WHERE read = 0").fetchone()[0])

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

    def documents(self, ids: Sequence[str]) -> dict[str, Document]:
        """The stored documents (the feed's version) of ``ids``; ids not stored are left out.
        For "Related in your library", which reads the candidates' own text."""
        listed = list(dict.fromkeys(ids))
        found: dict[str, Document] = {}
        with self._db.reading() as db:
            for chunk in in_chunks(listed, INGEST_CHUNK):
                marks = ",".join("?" * len(chunk))
                for article_id, text in db.execute(
                    f"SELECT id, document FROM articles WHERE id IN ({marks})", list(chunk)
                ):
                    found[article_id] = document_from_json(text)
        return found

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
                    "UPDATE articles SET full_document = ?, text = ? WHERE id = ?",
                    (document_to_json(document), searchable_text(document), article_id),
                )
                return
            row = db.execute("SELECT document FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is not None:
                db.execute(
                    "UPDATE articles SET full_document = NULL, text = ? WHERE id = ?",
                    (searchable_text(document_from_json(row[0])), article_id),
                )

    def set_full_error(self, article_id: str, message: str | None) -> None:
        """Record an attempt at the whole text: why it failed, or None for a success."""
        with self._db.writing("saving an article's fetch error in") as db:
            db.execute(
                "UPDATE articles SET full_error = ?, full_attempted = ? WHERE id = ?",
                (_clean(message), now_text(), article_id),
            )

    def kept_needing_text(self) -> list[str]:
        """Bookmarked articles without a whole text yet (never fetched, or failed), most recently kept first."""
        with self._db.reading() as db:
            rows = db.execute(
                "SELECT id FROM articles WHERE bookmarked_at IS NOT NULL AND full_document IS NULL "
                "ORDER BY bookmarked_at DESC, id DESC"
            ).fetchall()
        return [row[0] for row in rows]

    def set_related_targets(
        self, article_id: str, targets: list[str | None], suggestions: Sequence[Sequence[str]] | None = None
    ) -> None:
        """Where each of the article's related links leads (by position), None for unresolved;
        ``suggestions``, by position, the closest stories (ids, best first) of those unresolved."""
        with self._db.writing("saving related links in") as db:
            related_links.write_targets(db, [(article_id, targets)], {article_id: suggestions} if suggestions else None)

    def set_related_targets_many(
        self,
        targets: Sequence[tuple[str, Sequence[str | None]]],
        suggestions: Mapping[str, Sequence[Sequence[str]]] | None = None,
    ) -> None:
        """``set_related_targets`` for each (article id, targets), in one transaction."""
        if targets:
            with self._db.writing("saving related links in") as db:
                related_links.write_targets(db, targets, suggestions)

    def related_suggestions(self, article_id: str) -> list[tuple[str, ...]]:
        """The stored suggestions of each related link, by position (ids still stored, best first)."""
        with self._db.reading() as db:
            return related_links.suggestions_of(db, [article_id]).get(article_id, [])

    def story(self, article_id: str, limit: int = 500) -> list[tuple[Headline, list[str]]]:
        """The story line of an article: every stored article reachable from it through
        resolved related links, either way (itself included), oldest first, each with the
        ids its own links resolve to (in its link order). Empty when it is not stored.
        At most ``limit`` articles, the nearest in links first found."""
        with self._db.reading() as db:
            if db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                return []
            seen: dict[str, None] = {article_id: None}
            links_to: dict[str, list[str]] = {}
            frontier = [article_id]
            while frontier and len(seen) < limit:
                found: list[str] = []
                for source, target in related_links.resolved_edges(db, frontier):
                    if source in seen and target not in links_to.setdefault(source, []):
                        links_to[source].append(target)
                    for end in (source, target):
                        if end not in seen and len(seen) < limit:
                            seen[end] = None
                            found.append(end)
                frontier = found
            for source, target in related_links.resolved_edges(db, list(seen)):  # the last ring's own links
                if source in seen and target in seen and target not in links_to.setdefault(source, []):
                    links_to[source].append(target)
            heads: list[Headline] = []
            listed = list(seen)
            for start in range(0, len(listed), INGEST_CHUNK):
                chunk = listed[start : start + INGEST_CHUNK]
                rows = db.execute(
                    f"SELECT {HEADLINE_COLUMNS} FROM {HEADLINE_FROM} WHERE a.id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                heads.extend(headline_from_row(row) for row in rows)
        heads.sort(key=lambda h: h.sort_key)
        return [(h, [t for t in links_to.get(h.id, []) if t in seen]) for h in heads]

    def headlines_of(self, ids: Sequence[str]) -> dict[str, Headline]:
        """The headlines of the stored articles among ``ids``, by id."""
        listed = list(dict.fromkeys(ids))
        found: dict[str, Headline] = {}
        with self._db.reading() as db:
            for start in range(0, len(listed), INGEST_CHUNK):
                chunk = listed[start : start + INGEST_CHUNK]
                rows = db.execute(
                    f"SELECT {HEADLINE_COLUMNS} FROM {HEADLINE_FROM} WHERE a.id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                found.update((head.id, head) for head in map(headline_from_row, rows))
        return found

    def linked_from(self, article_id: str) -> list[str]:
        """The stored articles with a related link resolved to this one, newest first."""
        with self._db.reading() as db:
            return related_links.linked_from(db, article_id)

    def resolver_rows(self, ids: Sequence[str]) -> list[related_links.ResolverRow]:
        """What the related-link resolver reads of each article of ``ids`` (those that exist, in
        that order): title, date and related links with their targets, its own text on demand;
        without decoding whole documents."""
        with self._db.reading() as db:
            return related_links.resolver_rows(db, ids)

    def articles_by_urls(self, urls: Iterable[str]) -> dict[str, str]:
        """``article_by_url`` for many addresses at once: each one found, with its article id."""
        with self._db.reading() as db:
            return related_links.articles_by_urls(db, urls)

    def related_titles(self) -> list[tuple[str, str, str | None, str | None]]:
        """(id, title, date, source) of every article, newest first: for the resolver's title index."""
        with self._db.reading() as db:
            return related_links.title_rows(db)

    def articles_with_unresolved_links(self) -> list[str]:
        """Articles with a related link that leads nowhere: not resolved since the article
        was added or changed, resolved to nothing, or to an article since removed
        (schema.RELATED_LOOKUPS forgets a removed target). See ``related_links.unresolved``.
        """
        with self._db.reading() as db:
            return related_links.unresolved(db)

    def articles_pending_related(self) -> list[str]:
        """Articles added or changed since ``clear_pending_related`` last named them."""
        with self._db.reading() as db:
            return related_links.pending(db)

    def clear_pending_related(self, ids: Iterable[str]) -> None:
        """The related-link resolver has seen these articles (their links, and them as targets)."""
        listed = list(ids)
        with self._db.writing("saving related links in") as db:
            for chunk in in_chunks(listed, INGEST_CHUNK):
                db.execute(
                    "DELETE FROM related_pending WHERE seq IN"
                    f" (SELECT seq FROM articles WHERE id IN ({','.join('?' * len(chunk))}))",
                    list(chunk),
                )

    def related_targets(self, article_id: str) -> list[str | None]:
        """The stored targets, by position; a target that has since been removed reads as None."""
        with self._db.reading() as db:
            return self._related_targets(db, article_id)

    @staticmethod
    def _related_targets(db: sqlite3.Connection, article_id: str) -> list[str | None]:
        rows = db.execute(
            "SELECT r.position, t.id FROM related_targets AS r LEFT JOIN articles AS t ON t.id = r.target_id "
            "WHERE r.article_id = ? ORDER BY r.position",
            (article_id,),
        ).fetchall()
        if not rows:
            return []
        targets: list[str | None] = [None] * (rows[-1][0] + 1)
        for position, target in rows:
            targets[position] = target
        return targets

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
