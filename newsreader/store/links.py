"""The link-resolution queries of the store, as ``store.links``: where each related link
leads, the suggestions of those that lead nowhere, the articles still to be resolved, and
the story line and backlinks those links make. ``newsreader.related`` reads and writes them
through this object, each call one transaction (the SQL is ``related_links``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from newsreader.store import related_links
from newsreader.store.database import Database, in_chunks, placeholders
from newsreader.store.models import Headline
from newsreader.store.related_links import CHUNK, ResolverRow, TitleRow
from newsreader.store.views import headlines_by_id

T = TypeVar("T")


class RelatedLinks:
    """The related links of the stored articles (``Store.links``)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def targets(self, article_id: str) -> list[str | None]:
        """The stored targets, by position; a target that has since been removed reads as None."""
        with self._db.reading() as db:
            return related_links.related_targets_of(db, [article_id]).get(article_id, [])

    def set_targets(
        self, article_id: str, targets: list[str | None], suggestions: Sequence[Sequence[str]] | None = None
    ) -> None:
        """Where each of the article's related links leads (by position), None for unresolved;
        ``suggestions``, by position, the closest stories (ids, best first) of those unresolved."""
        with self._db.writing("saving related links in") as db:
            related_links.write_targets(db, [(article_id, targets)], {article_id: suggestions} if suggestions else None)

    def set_targets_many(
        self,
        targets: Sequence[tuple[str, Sequence[str | None]]],
        suggestions: Mapping[str, Sequence[Sequence[str]]] | None = None,
    ) -> None:
        """``set_targets`` for each (article id, targets), in one transaction."""
        if targets:
            with self._db.writing("saving related links in") as db:
                related_links.write_targets(db, targets, suggestions)

    def suggestions(self, article_id: str) -> list[tuple[str, ...]]:
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
            heads = headlines_by_id(db, list(seen), CHUNK)
        heads.sort(key=lambda h: h.sort_key)
        return [(h, [t for t in links_to.get(h.id, []) if t in seen]) for h in heads]

    def linked_from(self, article_id: str) -> list[str]:
        """The stored articles with a related link resolved to this one, newest first."""
        with self._db.reading() as db:
            return related_links.linked_from(db, article_id)

    def resolver_rows(self, ids: Sequence[str]) -> list[ResolverRow]:
        """What the related-link resolver reads of each article of ``ids`` (those that exist, in
        that order): title, date and related links with their targets, its own text on demand;
        without decoding whole documents."""
        with self._db.reading() as db:
            return related_links.resolver_rows(db, ids)

    def articles_by_urls(self, urls: Iterable[str]) -> dict[str, str]:
        """``Store.article_by_url`` for many addresses at once: each one found, with its article id."""
        with self._db.reading() as db:
            return related_links.articles_by_urls(db, urls)

    def titles(self) -> list[TitleRow]:
        """(id, title, date, source) of every article, newest first: for the resolver's title index."""
        return self.read_titles(list)

    def read_titles(self, reader: Callable[[Iterable[TitleRow]], T]) -> T:
        """``reader`` given the rows of ``titles`` one by one, inside one read: an index built
        from them never holds every row at once as well (at 35,000 articles the list alone was
        ~19 MB, in each of a pass's two processes)."""
        with self._db.reading() as db:
            return reader(related_links.title_rows(db))

    def unresolved(self) -> list[str]:
        """Articles with a related link that leads nowhere: not resolved since the article
        was added or changed, resolved to nothing, or to an article since removed
        (schema.RELATED_LOOKUPS forgets a removed target). See ``related_links.unresolved``.
        """
        with self._db.reading() as db:
            return related_links.unresolved(db)

    def pending(self) -> list[str]:
        """Articles added or changed since ``clear_pending`` last named them."""
        with self._db.reading() as db:
            return related_links.pending(db)

    def clear_pending(self, ids: Iterable[str]) -> None:
        """The related-link resolver has seen these articles (their links, and them as targets)."""
        listed = list(ids)
        with self._db.writing("saving related links in") as db:
            for chunk in in_chunks(listed, CHUNK):
                db.execute(
                    "DELETE FROM related_pending WHERE seq IN"
                    f" (SELECT seq FROM articles WHERE id IN ({placeholders(chunk)}))",
                    list(chunk),
                )
