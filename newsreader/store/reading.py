"""Reading stored articles: one whole, pages of a view's headlines, counts and positions.

A mixin of ``Store`` (its methods use ``_db`` and ``_hiding``). Pages are keyset pages
(``views.page_query``), so the thousandth page costs what the first does.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsreader.document.blocks import Document
from newsreader.store import related_links
from newsreader.store.bodies import unpack_body
from newsreader.store.database import Database, in_chunks
from newsreader.store.documents import document_from_json
from newsreader.store.models import Article, Headline, SortKey, View
from newsreader.store.views import (
    HEADLINE_COLUMNS,
    HEADLINE_FROM,
    count_query,
    headline_from_row,
    headlines_by_id,
    page_query,
    view_filter,
    where_clause,
)

CHUNK = 500  # ids per IN (...) list


class ArticleReading:
    """Articles and headlines as stored (mixed into ``Store``)."""

    _db: Database
    _hiding: bool  # whether the store has hidden articles to leave out of views

    def article(self, article_id: str) -> Article | None:
        """The whole article, its related links' targets filled in from related_targets."""
        with self._db.reading() as db:
            row = db.execute(
                f"SELECT {HEADLINE_COLUMNS}, a.body, a.full_document, a.first_seen, a.bookmarked_at, "
                "a.full_error, a.full_attempted "
                f"FROM {HEADLINE_FROM} WHERE a.id = ?",
                (article_id,),
            ).fetchone()
            if row is None:
                return None
            targets = related_links.related_targets_of(db, [article_id]).get(article_id, [])
            suggestions = related_links.suggestions_of(db, [article_id]).get(article_id, [])
        headline = headline_from_row(row)
        stored, words = unpack_body(row[12])
        document = document_from_json(stored)
        for link, target in zip(document.related_links, targets):
            link.target = target
        for link, suggested in zip(document.related_links, suggestions):
            link.suggestions = suggested if link.target is None else ()
        full = document_from_json(row[13]) if row[13] else None
        return Article(
            **headline.__dict__, document=document, full_document=full, text=words, first_seen=row[14],
            bookmarked_at=row[15], full_error=row[16], full_attempted=row[17],
        )  # fmt: skip

    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are stored articles (an index read, in chunks)."""
        found: set[str] = set()
        with self._db.reading() as db:
            for chunk in in_chunks(list(ids), CHUNK):
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

    def headlines_of(self, ids: Sequence[str]) -> dict[str, Headline]:
        """The headlines of the stored articles among ``ids``, by id."""
        with self._db.reading() as db:
            return {head.id: head for head in headlines_by_id(db, list(dict.fromkeys(ids)), CHUNK)}

    def documents(self, ids: Sequence[str]) -> dict[str, Document]:
        """The stored documents (the feed's version) of ``ids``; ids not stored are left out.
        For "Related in your library", which reads the candidates' own text."""
        listed = list(dict.fromkeys(ids))
        found: dict[str, Document] = {}
        with self._db.reading() as db:
            for chunk in in_chunks(listed, CHUNK):
                marks = ",".join("?" * len(chunk))
                for article_id, body in db.execute(f"SELECT id, body FROM articles WHERE id IN ({marks})", list(chunk)):
                    found[article_id] = document_from_json(unpack_body(body)[0])
        return found
