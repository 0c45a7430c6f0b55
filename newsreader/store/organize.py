"""The store's side of the query language: queries run, tags, hidden articles, unread counts.

A mixin of ``Store`` (the methods use its ``_db``), kept apart so the facade
stays about articles and sources. Queries are parsed and compiled by
``newsreader.query``; everything a user typed reaches SQLite as a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from newsreader.dates import now_text
from newsreader.document.clean import clean_inline
from newsreader.query import Compiled, QueryError, compile_query, parse
from newsreader.store.database import Database, in_chunks, placeholders
from newsreader.store.fts import hit, ranked, snippet_sql
from newsreader.store.models import Headline, SearchHit, View
from newsreader.store.views import (
    HEADLINE_COLUMNS,
    HEADLINE_FROM,
    NOT_HIDDEN,
    headline_from_row,
    page_query,
    view_filter,
)

TAG_LENGTH = 100  # characters of a tag name kept
VIEW_NAME_LENGTH = 100  # characters of a saved view's name kept


@dataclass(frozen=True)
class SavedView:
    name: str
    query: str

    def to_json(self, unread: int | None) -> dict[str, Any]:
        """The docs/cli.md shape of ``view list --json``: ``unread`` is None when the query no longer reads."""
        return {"name": self.name, "query": self.query, "unread": unread}


def clean_tag(name: str) -> str:
    """A tag as kept: one line, no controls, no surrounding spaces ('' when nothing is left)."""
    return (clean_inline(name) or "").strip()[:TAG_LENGTH]


ID_CHUNK = 500  # ids bound per statement: well under SQLite's limit on parameters


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    """``ids`` without repeats, ID_CHUNK at a time."""
    yield from (list(chunk) for chunk in in_chunks(list(dict.fromkeys(ids)), ID_CHUNK))


class Organizing:
    """Queries, tags and hidden articles (mixed into ``Store``)."""

    _db: Database
    _hiding: bool = True  # the store has hidden_articles (see Store.__init__)

    # -- queries -----------------------------------------------------------------

    def source_rows(self) -> list[tuple[int, str | None, str]]:
        """(id, title, address) of every source: what ``source:NAME`` is matched against."""
        with self._db.reading() as db:
            return [tuple(row) for row in db.execute("SELECT id, title, address FROM sources ORDER BY id")]

    def compile_query(self, text: str, now: datetime | None = None) -> Compiled:
        """``text`` in the query language, ready to run (``newsreader.query.Compiled``).

        Raises ``newsreader.query.QueryError`` (a ValueError) for a malformed query.
        """
        return compile_query(text, parse(text, now), self.source_rows, self.tag_owners)

    def tag_owners(self, tag: str) -> tuple[list[int], bool]:
        """(the sources with ``tag``, its folder or one of its tags; whether an article has it)."""
        tag = clean_tag(tag)
        with self._db.reading() as db:
            ids = [row[0] for row in db.execute(
                "SELECT source_id FROM source_tags WHERE tag = ? UNION SELECT id FROM sources WHERE folder = ? COLLATE NOCASE"
                " ORDER BY 1", (tag, tag),
            )]  # fmt: skip
            articles = db.execute("SELECT 1 FROM article_tags WHERE tag = ? LIMIT 1", (tag,)).fetchone() is not None
        return ids, articles

    def query_view(self, text: str, now: datetime | None = None, base: View | None = None) -> View:
        """A View of the articles ``text`` matches (and ``base``'s filters), newest first."""
        return replace(base or View(), query=self.compile_query(text, now))

    def any_hidden(self) -> bool:
        with self._db.reading() as db:
            return bool(db.execute("SELECT EXISTS (SELECT 1 FROM hidden_articles)").fetchone()[0] == 1)

    def find(
        self, text: str, limit: int = 50, view: View | None = None, now: datetime | None = None
    ) -> list[SearchHit]:
        """The articles ``text`` matches: by relevance when it has words, else newest first.

        Raises QueryError for a malformed query (``search`` reads those as plain words).
        """
        compiled = self.compile_query(text, now)
        if compiled.empty or limit <= 0:
            return []
        base = replace(view or View(), query=None)
        if compiled.match is None:
            sql, params = page_query(replace(base, query=compiled), None, newer=False, limit=limit, hiding=self._hiding)
            sql = sql.replace(
                f"SELECT {HEADLINE_COLUMNS}", f"SELECT {HEADLINE_COLUMNS}, substr(body_text(a.body), 1, 200)", 1
            )
            with self._searching() as db:  # type: ignore[attr-defined]
                rows = db.execute(sql, params).fetchall()
            return [hit(headline_from_row(row), row[12]) for row in rows]
        rest = replace(compiled, where=compiled.rest, params=compiled.rest_params, empty=compiled.rest == "1")
        conditions, params = view_filter(replace(base, query=rest), self._hiding)
        with self._searching() as db:  # type: ignore[attr-defined]
            if conditions[-1:] == [NOT_HIDDEN] and not db.execute("SELECT 1 FROM hidden_articles LIMIT 1").fetchone():
                conditions = conditions[:-1]  # the index's own best-first walk, with nothing to leave out
            rows = ranked(db, f"{HEADLINE_COLUMNS}, {snippet_sql()}", compiled.match, limit, conditions, params)
        return [hit(headline_from_row(row), row[12]) for row in rows]

    def unread_counts(self, view: View | None = None) -> tuple[int, list[tuple[int, str, int]]]:
        """Unread articles in ``view`` (all when None): the total, and (id, name, unread) of each
        source that has some, most unread first."""
        if view is None or view == View():
            with self._db.reading() as db:
                rows = db.execute(
                    "SELECT id, COALESCE(title, address), unread_count FROM sources WHERE unread_count > 0"
                    " ORDER BY unread_count DESC, id"
                ).fetchall()
                loose = db.execute(
                    f"SELECT count(*) FROM articles AS a WHERE a.read = 0 AND a.source_id IS NULL AND {NOT_HIDDEN}"
                ).fetchone()[0]
            hidden_unread = self._hidden_unread_by_source()
            counted = [(i, n, c - hidden_unread.get(i, 0)) for i, n, c in rows]
            counted = [row for row in counted if row[2] > 0]
            return sum(row[2] for row in counted) + loose, counted
        conditions, params = view_filter(replace(view, unread=True))
        with self._db.reading() as db:
            rows = db.execute(
                "SELECT a.source_id, COALESCE(s.title, s.address), count(*) FROM articles AS a"
                " LEFT JOIN sources AS s ON s.id = a.source_id WHERE " + " AND ".join(conditions) +
                " GROUP BY a.source_id ORDER BY count(*) DESC, a.source_id",
                params,
            ).fetchall()  # fmt: skip
        total = sum(row[2] for row in rows)
        return total, [(row[0], row[1], row[2]) for row in rows if row[0] is not None]

    def _hidden_unread_by_source(self) -> dict[int, int]:
        """Hidden articles marked unread again (a hidden article is read when hidden)."""
        with self._db.reading() as db:
            return dict(db.execute(
                "SELECT a.source_id, count(*) FROM hidden_articles AS h JOIN articles AS a ON a.seq = h.seq"
                " WHERE a.read = 0 AND a.source_id IS NOT NULL GROUP BY a.source_id"
            ).fetchall())  # fmt: skip

    def matching_ids(self, view: View, among: Sequence[str] | None = None) -> list[str]:
        """The ids of every article of ``view`` (only those of ``among``, when given)."""
        conditions, params = view_filter(view)
        if among is not None:
            found: list[str] = []
            for chunk in _chunks(among):
                sql = f"SELECT a.id FROM articles AS a WHERE {' AND '.join([*conditions, f'a.id IN ({placeholders(chunk)})'])}"
                with self._db.reading() as db:
                    found.extend(row[0] for row in db.execute(sql, [*params, *chunk]))
            return found
        with self._db.reading() as db:
            sql = (
                f"SELECT a.id FROM articles AS a WHERE {' AND '.join(conditions)} ORDER BY a.sort_time DESC, a.id DESC"
            )
            return [row[0] for row in db.execute(sql, params)]

    # -- saved views -----------------------------------------------------------------

    def save_view(self, name: str, query: str) -> bool:
        """Keep ``query`` under ``name`` (replacing the query of a view so named); True when new.

        Raises QueryError for a malformed query and ValueError for an empty name.
        """
        name = (clean_inline(name) or "").strip()[:VIEW_NAME_LENGTH]
        if not name:
            raise ValueError("a view needs a name")
        self.compile_query(query)
        with self._db.writing("saving a view in") as db:
            changed = db.execute("UPDATE saved_views SET query = ? WHERE name = ?", (query, name)).rowcount
            if not changed:
                db.execute("INSERT INTO saved_views (name, query, added) VALUES (?, ?, ?)", (name, query, now_text()))
        return not changed

    def saved_views(self) -> list[SavedView]:
        with self._db.reading() as db:
            return [SavedView(*row) for row in db.execute("SELECT name, query FROM saved_views ORDER BY rowid")]

    def saved_view(self, name: str) -> SavedView | None:
        with self._db.reading() as db:
            row = db.execute("SELECT name, query FROM saved_views WHERE name = ?", (name.strip(),)).fetchone()
        return SavedView(*row) if row else None

    def remove_view(self, name: str) -> bool:
        with self._db.writing("removing a view from") as db:
            return db.execute("DELETE FROM saved_views WHERE name = ?", (name.strip(),)).rowcount > 0

    def saved_view_counts(self, now: datetime | None = None) -> list[tuple[SavedView, int | None]]:
        """Each saved view with its unread count (None when its query no longer reads)."""
        counted: list[tuple[SavedView, int | None]] = []
        for saved in self.saved_views():
            try:
                view = self.query_view(saved.query, now, View(unread=True))
            except QueryError:
                counted.append((saved, None))
                continue
            counted.append((saved, self.count(view)))  # type: ignore[attr-defined]
        return counted

    # -- hidden articles ------------------------------------------------------------

    def hide(self, ids: Iterable[str]) -> int:
        """Hide articles (marking them read): they show only in queries with ``hidden``. Returns how many."""
        changed = 0
        with self._db.writing("hiding articles in") as db:
            for chunk in _chunks(ids):
                changed += db.execute(
                    f"INSERT OR IGNORE INTO hidden_articles (seq) SELECT seq FROM articles WHERE id IN ({placeholders(chunk)})",
                    chunk,
                ).rowcount
                db.execute(f"UPDATE articles SET read = 1 WHERE read = 0 AND id IN ({placeholders(chunk)})", chunk)
        return changed

    def unhide(self, ids: Iterable[str]) -> int:
        changed = 0
        with self._db.writing("showing articles in") as db:
            for chunk in _chunks(ids):
                changed += db.execute(
                    f"DELETE FROM hidden_articles WHERE seq IN (SELECT seq FROM articles WHERE id IN ({placeholders(chunk)}))",
                    chunk,
                ).rowcount
        return changed

    # -- tags -----------------------------------------------------------------------

    def tag_source(self, source_id: int, tags: Iterable[str]) -> list[str]:
        """Add tags to a source; returns the tags it has now. StoreError-free: unknown source -> []."""
        names = [t for t in map(clean_tag, tags) if t]
        with self._db.writing("tagging a source in") as db:
            if db.execute("SELECT 1 FROM sources WHERE id = ?", (source_id,)).fetchone() is None:
                return []
            db.executemany(
                "INSERT OR IGNORE INTO source_tags (source_id, tag) VALUES (?, ?)", [(source_id, t) for t in names]
            )
        return self.tags_of_source(source_id)

    def untag_source(self, source_id: int, tags: Iterable[str]) -> int:
        """Take tags off a source (its folder too, when one is named); returns how many went."""
        names = [t for t in map(clean_tag, tags) if t]
        removed = 0
        with self._db.writing("untagging a source in") as db:
            for name in names:
                removed += db.execute(
                    "DELETE FROM source_tags WHERE source_id = ? AND tag = ?", (source_id, name)
                ).rowcount
                removed += db.execute(
                    "UPDATE sources SET folder = NULL WHERE id = ? AND folder = ? COLLATE NOCASE", (source_id, name)
                ).rowcount
        return removed

    def tag_articles(self, ids: Iterable[str], tags: Iterable[str]) -> int:
        """Add tags to articles (those that exist); returns how many (article, tag) pairs are new."""
        names = [t for t in map(clean_tag, tags) if t]
        added = 0
        with self._db.writing("tagging articles in") as db:
            for chunk in _chunks(ids):
                for name in names:
                    added += db.execute(
                        "INSERT OR IGNORE INTO article_tags (article_id, tag)"
                        f" SELECT id, ? FROM articles WHERE id IN ({placeholders(chunk)})",
                        [name, *chunk],
                    ).rowcount
        return added

    def untag_articles(self, ids: Iterable[str], tags: Iterable[str]) -> int:
        names = [t for t in map(clean_tag, tags) if t]
        removed = 0
        with self._db.writing("untagging articles in") as db:
            for article_id in dict.fromkeys(ids):
                for name in names:
                    removed += db.execute(
                        "DELETE FROM article_tags WHERE article_id = ? AND tag = ?", (article_id, name)
                    ).rowcount
        return removed

    def tags_of_source(self, source_id: int) -> list[str]:
        """A source's tags, its folder first when it has one."""
        return self.source_tags().get(source_id, [])

    def source_tags(self) -> dict[int, list[str]]:
        """Every source's tags (its folder first, then the others by name); untagged sources left out."""
        tags: dict[int, list[str]] = {}
        with self._db.reading() as db:
            for source_id, folder in db.execute("SELECT id, folder FROM sources WHERE folder IS NOT NULL ORDER BY id"):
                tags[source_id] = [folder]
            for source_id, tag in db.execute("SELECT source_id, tag FROM source_tags ORDER BY source_id, tag"):
                have = tags.setdefault(source_id, [])
                if tag.casefold() not in (t.casefold() for t in have):
                    have.append(tag)
        return tags

    def tags_of_article(self, article_id: str) -> list[str]:
        """An article's own tags (not its source's), by name."""
        with self._db.reading() as db:
            return [
                row[0]
                for row in db.execute("SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag", (article_id,))
            ]

    def set_web_pages(self, pages: dict[int, str | None]) -> None:
        """Each source's web page (OPML's htmlUrl); None forgets it."""
        with self._db.writing("saving web pages in") as db:
            db.executemany(
                "UPDATE sources SET html_url = ? WHERE id = ?",
                [(u or None, i) for i, u in pages.items()],  # OPML's door cleaned them,
            )

    def web_pages(self) -> dict[int, str]:
        with self._db.reading() as db:
            return dict(db.execute("SELECT id, html_url FROM sources WHERE html_url IS NOT NULL").fetchall())

    def last_seq(self) -> int:
        """The newest article's row number: articles stored later have higher ones."""
        with self._db.reading() as db:
            return int(db.execute("SELECT COALESCE(max(seq), 0) FROM articles").fetchone()[0])

    def ids_after(self, seq: int) -> list[str]:
        """The articles stored since ``last_seq`` answered ``seq`` (a range of the rowid)."""
        with self._db.reading() as db:
            return [row[0] for row in db.execute("SELECT id FROM articles WHERE seq > ? ORDER BY seq", (seq,))]

    def headlines_after(self, seq: int) -> list[Headline]:
        """The headlines of the articles stored since ``last_seq`` answered ``seq``, in the order
        they were stored; hidden ones (a rule's ``hide``) left out."""
        conditions = ["a.seq > ?", *([NOT_HIDDEN] if self._hiding else [])]
        with self._db.reading() as db:
            rows = db.execute(
                f"SELECT {HEADLINE_COLUMNS} FROM {HEADLINE_FROM} WHERE {' AND '.join(conditions)} ORDER BY a.seq",
                (seq,),
            ).fetchall()
        return [headline_from_row(row) for row in rows]

    def source_id_of(self, article_id: str) -> int | None:
        with self._db.reading() as db:
            row = db.execute("SELECT source_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None
