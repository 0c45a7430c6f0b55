"""What happened, told upwards: the messages UI widgets and workers post.

Widgets post these to their parents (messages up); the app reacts by setting
state on the children (reactives down). Refresh progress comes from a worker
thread many times a second, so ``RefreshProgress`` replaces an older one still
waiting in the queue instead of piling up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from newsreader.document.blocks import RelatedLink
from newsreader.ui.view import View

if TYPE_CHECKING:
    from newsreader.keep import KeepResult
    from newsreader.refresh import SourceResult
    from newsreader.store import Headline, RemovedSource, SavedView, SearchHit, Source
    from newsreader.store import View as StoreView


@dataclass
class ArticleHighlighted(Message):
    """The list cursor rests on an article (not opened yet)."""

    article_id: str


@dataclass
class ArticleOpened(Message):
    """The user asked to read an article (Enter / Space / a click in the list).

    ``page`` is set for Space: when that article is already open, page it down.
    """

    article_id: str
    page: bool = False


@dataclass
class ArticleSelected(Message):
    """Show this article in the article pane, from anywhere (palette, search, history)."""

    article_id: str


@dataclass
class LinkFollowed(Message):
    """A related link in the article was followed (Enter on it or its number key)."""

    link: RelatedLink
    target: str | None


@dataclass
class WebLinkChosen(Message):
    """A link of the article's text or a picture's address was chosen (Enter on it or its number key):
    it opens in a browser, once confirmed."""

    url: str


@dataclass
class ViewChosen(Message):
    """A saved view or a source was picked in the sources pane."""

    view: View


@dataclass
class RefreshProgress(Message):
    """Some sources of a refresh are done; a newer progress replaces an older one."""

    done: int
    total: int
    name: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgress)


@dataclass
class SourceRefreshed(Message):
    """One source finished: the list may have new rows (coalesced like progress)."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SourceRefreshed)


@dataclass
class RefreshFinished(Message):
    """A refresh is over; ``results`` are the per-source results of ``refresh_all``."""

    results: list[SourceResult]
    errors: list[tuple[str, str]]


@dataclass
class SearchResults(Message):
    """Results of one search query, from a worker."""

    query: str
    hits: list[SearchHit]


@dataclass
class SimilarFound(Message):
    """'Related in your library' for an article, from a worker."""

    article_id: str
    headlines: list[Headline]


@dataclass
class BookmarkChanged(Message):
    """A bookmark was kept or dropped (in a worker: keeping may fetch the whole text)."""

    article_id: str
    bookmarked: bool
    note: str = ""
    whole_text: bool = False  # the whole text was just saved: show it


@dataclass
class ViewMarkedRead(Message):
    """Every article of the view was marked read (in a worker); ``ids`` are those it changed."""

    count: int
    ids: tuple[str, ...] = ()


@dataclass
class FullTextFetched(Message):
    """``f``: the article's page was fetched (``kept``) or not; ``note`` says what happened."""

    article_id: str
    kept: bool
    note: str


@dataclass
class NotifyFailed(Message):
    """``[refresh] notify_command`` failed after a refresh: why, one line."""

    text: str


@dataclass
class MarkReadUndone(Message):
    """The articles a mark-all-read changed are unread again (in a worker)."""

    count: int


@dataclass
class LibraryChanged(Message):
    """Sources were added or the demo loaded: reload everything; ``note`` says what happened."""

    note: str
    errors: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class SourceRemoved(Message):
    """A source was unsubscribed (from a worker): ``removed`` is the store's ``RemovedSource``."""

    source_id: int
    removed: RemovedSource | None


@dataclass
class SourceRenamed(Message):
    """A source got a title of the user's own (from a worker)."""

    source_id: int
    title: str


@dataclass
class CountsRead(Message):
    """Fresh unread counts (from a worker); a newer count replaces an older one."""

    sources: list[Source]
    unread: int
    bookmarks: int
    views: list[tuple[SavedView, int | None]] = field(default_factory=list)  # (SavedView, unread count or None)
    tags: dict[int, list[str]] = field(default_factory=dict)  # source id -> its tags (folder first)

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CountsRead)


@dataclass
class ViewCounted(Message):
    """The number of headlines in ``view`` (counted in a worker after the first frame)."""

    view: StoreView
    count: int


@dataclass
class BookmarksCompleted(Message):
    """After a refresh, the whole text of kept articles was fetched where missing (``KeepResult`` list)."""

    results: list[KeepResult]


@dataclass
class DueSources(Message):
    """The sources whose own refresh interval has passed (from the due check's worker)."""

    source_ids: list[int]


@dataclass
class SourceSettingsSaved(Message):
    """A source's settings were kept (``error`` None) or refused (``error`` says why)."""

    source_id: int
    name: str
    error: str | None = None
