"""Reading what is stored: articles, pages of headlines, counts, bookmarks, story lines and
similar stories, as ``Library.articles``.

Thin on purpose: the store answers each of these in one query; the front ends reach them here
so that nothing in them holds the store (the app's headline pages read through this object).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from newsreader.lazy_import import load

if TYPE_CHECKING:
    from newsreader.store import Article, Headline, SortKey, View


class Articles:
    """The stored articles as the front ends read them."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def article(self, article_id: str) -> Article | None:
        """The whole article, None when there is none with that id."""
        found: Article | None = self._store.article(article_id)
        return found

    def headlines(self, view: View | None = None, *, after: SortKey | None = None, limit: int = 200) -> list[Headline]:
        """A page of the view's headlines, newest first, after the row ``after`` (None: the first)."""
        return list(self._store.headlines(view, after=after, limit=limit))

    def headlines_before(self, view: View | None, before: SortKey | None, limit: int = 200) -> list[Headline]:
        """The ``limit`` headlines just above the row ``before`` (paging upwards)."""
        return list(self._store.headlines_before(view, before, limit))

    def headlines_of(self, ids: Sequence[str]) -> dict[str, Headline]:
        """The headline rows of these articles, by id (gone ones are absent)."""
        return dict(self._store.headlines_of(ids))

    def position(self, view: View | None, article_id: str) -> int | None:
        """The article's row in the view, None when the view does not hold it."""
        row: int | None = self._store.position(view, article_id)
        return row

    def count(self, view: View | None = None) -> int:
        """How many articles the view holds."""
        return int(self._store.count(view))

    def unread_total(self) -> int:
        """How many articles are unread, in all."""
        return int(self._store.unread_total())

    def unread_counts(self, view: View | None = None) -> tuple[int, list[tuple[int, str, int]]]:
        """Unread articles (of ``view``): the total, and (id, title, unread) per source."""
        counts: tuple[int, list[tuple[int, str, int]]] = self._store.unread_counts(view)
        return counts

    def bookmarks(self) -> list[Headline]:
        """The kept articles, newest kept first."""
        return list(self._store.bookmarks())

    def kept_articles(self) -> list[Article]:
        """Every kept article, whole, newest kept first (for an export)."""
        found = (self._store.article(headline.id) for headline in self._store.bookmarks())
        return [article for article in found if article is not None]

    def mark_view_read(self, view: View | None = None) -> list[str]:
        """Mark every unread article of the view read; the ids marked (to undo it)."""
        return list(self._store.mark_view_read_ids(view))

    def story(self, article_id: str) -> list[tuple[Headline, list[str]]]:
        """The story line: every article reachable through resolved links, oldest first, each
        with the ids it links to (empty when there is no such article)."""
        return list(self._store.links.story(article_id))

    def linked_from(self, article_id: str) -> list[str]:
        """The ids of the stored articles that link to this one."""
        return list(self._store.links.linked_from(article_id))

    def similar(self, article_id: str, limit: int = 5) -> list[Headline]:
        """Stored stories sharing this one's distinctive content, best first (the similarity
        code is imported on the first call: the first screen does not need it)."""
        return list(load("newsreader.related").similar_articles(self._store, article_id, limit=limit))

    def data_version(self) -> int:
        """A number that changes when another connection (another newsreader) changed the store."""
        return int(self._store.data_version())
