"""Tags on articles and sources, as ``Library.tags``.

``newsreader tag``/``untag`` and the app's tag dialog (``#``) change them here: the command
line adds or takes off names and says what was there before and after (``TagChange``); the
dialog gives the whole new list (``replace_*``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class TagChange:
    """An owner's tags before a change and after it."""

    before: list[str]
    now: list[str]

    def missing(self, names: Iterable[str]) -> list[str]:
        """The ``names`` the owner did not have before (case aside): what an untag could not take off."""
        had = {tag.casefold() for tag in self.before}
        return [name for name in names if name.casefold() not in had]


def _left_out(old: Iterable[str], new: Iterable[str]) -> list[str]:
    kept = {name.casefold() for name in new}
    return [tag for tag in old if tag.casefold() not in kept]


class Tags:
    """The tags of the articles and the sources."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def by_source(self) -> dict[int, list[str]]:
        """Every source's tags, by source id (sources without tags are absent)."""
        return dict(self._store.source_tags())

    def of_source(self, source_id: int) -> list[str]:
        return list(self._store.tags_of_source(source_id))

    def of_article(self, article_id: str) -> list[str]:
        return list(self._store.tags_of_article(article_id))

    def change_article(self, article_id: str, names: Sequence[str], *, adding: bool) -> TagChange:
        """Add ``names`` to the article's tags (``adding``) or take them off."""
        before = self.of_article(article_id)
        if adding:
            self._store.tag_articles([article_id], names)
        else:
            self._store.untag_articles([article_id], names)
        return TagChange(before, self.of_article(article_id))

    def change_source(self, source_id: int, names: Sequence[str], *, adding: bool) -> TagChange:
        """Add ``names`` to the source's tags (``adding``) or take them off."""
        before = self.of_source(source_id)
        if adding:
            self._store.tag_source(source_id, names)
        else:
            self._store.untag_source(source_id, names)
        return TagChange(before, self.of_source(source_id))

    def replace_article(self, article_id: str, old: Sequence[str], new: Sequence[str]) -> None:
        """Make the article's tags ``new`` where they were ``old`` (as the dialog showed them)."""
        self._store.untag_articles([article_id], _left_out(old, new))
        self._store.tag_articles([article_id], new)

    def replace_source(self, source_id: int, old: Sequence[str], new: Sequence[str]) -> None:
        """Make the source's tags ``new`` where they were ``old`` (as the dialog showed them)."""
        self._store.untag_source(source_id, _left_out(old, new))
        self._store.tag_source(source_id, new)
