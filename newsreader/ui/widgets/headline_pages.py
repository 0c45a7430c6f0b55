"""Rows of a view, fetched from the store a page at a time and kept in a small cache.

The list never holds every headline: it asks for the page under the viewport
with keyset paging (``Store.headlines(view, after=sort_key)``), remembers the
key that starts each page it has seen, and keeps only the last few pages.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, TypedDict, Unpack

if TYPE_CHECKING:
    from newsreader.store import Headline, SortKey, View

PAGE_SIZE = 100
PAGES_KEPT = 8


class Marks(TypedDict, total=False):
    """The marks of a row that change in place (``HeadlinePages.patch``)."""

    read: bool
    bookmarked: bool


class HeadlineSource(Protocol):
    """What the pages read: the store's paging queries (a test may stand in for it)."""

    def count(self, view: View) -> int: ...
    def headlines(self, view: View, *, after: SortKey | None = None, limit: int = ...) -> Sequence[Headline]: ...
    def headlines_before(self, view: View, before: SortKey | None, limit: int) -> Sequence[Headline]: ...
    def position(self, view: View, article_id: str) -> int | None: ...


class HeadlinePages:
    """Random access by row number over a store view, by pages.

    With ``count=False`` the view is not counted up front: the first page is
    read (one query, enough to paint) and ``count`` is the rows it holds until
    ``settle_count`` gives the real number (``exact`` says which it is). On
    a store of 100,000 articles that keeps the count off the way to the first frame.
    """

    def __init__(
        self, headline_source: HeadlineSource, view: View, page_size: int = PAGE_SIZE, *, count: bool = True
    ) -> None:
        self.headline_source = headline_source
        self.view = view
        self.page_size = page_size
        self._pages: OrderedDict[int, list[Headline]] = OrderedDict()
        self._starts: dict[int, SortKey | None] = {0: None}  # page number -> the sort_key it comes after
        if count:
            self.count = headline_source.count(view)
            self.exact = True
        else:
            first = self._fetch(0)
            self.count = len(first)
            self.exact = len(first) < page_size  # a short first page is the whole view

    def settle_count(self, count: int) -> None:
        """The view's real number of rows, counted after the first page was shown."""
        self.count = count
        self.exact = True

    def row(self, index: int) -> Headline | None:
        """The headline at row ``index`` or None past the end."""
        if index < 0 or index >= self.count:
            return None
        number, offset = divmod(index, self.page_size)
        page = self._page(number)
        return page[offset] if offset < len(page) else None

    def _page(self, number: int) -> list[Headline]:
        if number in self._pages:
            self._pages.move_to_end(number)
            return self._pages[number]
        following = self._pages.get(number + 1)
        if number not in self._starts and following:
            page = list(self.headline_source.headlines_before(self.view, following[0].sort_key, self.page_size))
            if page:
                self._starts[number + 1] = page[-1].sort_key
            self._remember(number, page)
            return page
        if number not in self._starts:
            last = (self.count - 1) // self.page_size
            known = max(n for n in self._starts if n < number)
            if last - number < number - known:
                return self._fetch_from_end(number)
            self._walk_to(number)
        return self._fetch(number)

    def _fetch_from_end(self, number: int) -> list[Headline]:
        """Page ``number`` counted from the oldest headline (one query, for G and the scrollbar's end)."""
        first_row = number * self.page_size
        rows = list(self.headline_source.headlines_before(self.view, None, max(0, self.count - first_row)))
        for offset in range(0, len(rows), self.page_size):
            page_rows = rows[offset : offset + self.page_size]
            self._starts[number + offset // self.page_size + 1] = page_rows[-1].sort_key
        page = rows[: self.page_size]
        self._remember(number, page)
        return page

    def _walk_to(self, number: int) -> None:
        """Learn where page ``number`` starts, from the nearest page before it."""
        known = max(n for n in self._starts if n < number)
        after = self._starts[known]
        if known > 0 and after is None:
            return
        rows = list(self.headline_source.headlines(self.view, after=after, limit=(number - known) * self.page_size))
        for step in range(known + 1, number + 1):
            last = (step - known) * self.page_size - 1
            if last >= len(rows):
                break
            self._starts[step] = rows[last].sort_key

    def _fetch(self, number: int) -> list[Headline]:
        after = self._starts.get(number)
        if number > 0 and after is None:
            return []
        page = list(self.headline_source.headlines(self.view, after=after, limit=self.page_size))
        if page:
            self._starts[number + 1] = page[-1].sort_key
        self._remember(number, page)
        return page

    def _remember(self, number: int, page: list[Headline]) -> None:
        self._pages[number] = page
        while len(self._pages) > PAGES_KEPT:
            self._pages.popitem(last=False)

    def index_of(self, article_id: str) -> int | None:
        """The row of an article in this view, from the pages we have or the store."""
        for number, page in self._pages.items():
            for offset, headline in enumerate(page):
                if headline.id == article_id:
                    return number * self.page_size + offset
        return self.headline_source.position(self.view, article_id)

    def patch(self, article_id: str, **changes: Unpack[Marks]) -> None:
        """Change a cached row in place (read or bookmark marks) without a query."""
        for page in self._pages.values():
            for offset, headline in enumerate(page):
                if headline.id == article_id:
                    page[offset] = replace(headline, **changes)

    def patch_all(self, **changes: Unpack[Marks]) -> None:
        for page in self._pages.values():
            page[:] = [replace(headline, **changes) for headline in page]
