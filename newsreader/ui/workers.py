"""Every background job of the app, each answering with a typed message.

A job runs in a thread worker of the app (``exit_on_error=False``: a failure is reported by
the app's one ``on_worker_state_changed``, never fatal) and posts what it found to ``reply``,
the widget or screen that asked. Store and network work happens here, never on the event loop.
Here: counting, finding, marks, bookmarks and whole texts; the jobs on sources (refresh, add,
remove, rename, settings) are ``source_jobs.SourceJobs``, as ``Workers.sources``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from newsreader.links import open_in_browser
from newsreader.store import View as StoreView
from newsreader.ui.messages import (
    BookmarkChanged,
    CountsRead,
    FullTextFetched,
    MarkReadUndone,
    SearchResults,
    SimilarFound,
    ViewCounted,
    ViewMarkedRead,
)
from newsreader.ui.source_jobs import SourceJobs

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

    from newsreader.library import Library


class Workers:
    """The jobs, started in threads of ``app`` on ``library``."""

    def __init__(self, app: App[None], library: Library) -> None:
        self.app = app
        self.library = library
        self.sources = SourceJobs(self.start, library)  # refresh, add, remove, rename, settings

    def start(self, work: Callable[[], object], *, name: str, group: str = "default", exclusive: bool = False) -> None:
        self.app.run_worker(work, name=name, group=group, exclusive=exclusive, thread=True, exit_on_error=False)

    # -- counting and finding ------------------------------------------------------

    def count_view(self, reply: MessagePump, view: StoreView) -> None:
        articles = self.library.articles
        self.start(
            lambda: reply.post_message(ViewCounted(view, articles.count(view))),
            name="counting headlines",
            group="view-count",
            exclusive=True,
        )

    def count_all(self, reply: MessagePump) -> None:
        library = self.library

        def count() -> None:
            reply.post_message(
                CountsRead(
                    library.sources_shown(),
                    library.articles.unread_total(),
                    library.articles.count(StoreView(bookmarked=True)),
                    library.views.counts(),
                    library.tags.by_source(),
                )
            )

        self.start(count, name="counting unread articles", group="counts", exclusive=True)

    def similar(self, reply: MessagePump, article_id: str) -> None:
        articles = self.library.articles  # the similarity code is imported on the first call
        self.start(
            lambda: reply.post_message(SimilarFound(article_id, articles.similar(article_id, limit=5))),
            name="related articles",
            group="similar",
            exclusive=True,
        )

    def search(self, reply: MessagePump, query: str) -> None:
        library = self.library

        def search() -> None:
            hits = library.search(query, limit=50, typing=True)  # the last word may be half typed
            reply.post_message(SearchResults(query, hits))

        self.start(search, exclusive=True, group="search", name=f"search {query!r}")

    # -- marks -----------------------------------------------------------------------

    def mark_view_read(self, reply: MessagePump, view: StoreView) -> None:
        articles = self.library.articles

        def mark() -> None:
            ids = tuple(articles.mark_view_read(view))
            reply.post_message(ViewMarkedRead(len(ids), ids))

        self.start(mark, name="mark all read")

    def unmark_read(self, reply: MessagePump, ids: tuple[str, ...]) -> None:
        library = self.library

        def unmark() -> None:
            library.set_read(ids, False)
            reply.post_message(MarkReadUndone(len(ids)))

        self.start(unmark, name="undo mark all read")

    def bookmark(self, reply: MessagePump, article_id: str, keep: bool) -> None:
        """Keep (and fetch the whole page of a summary, for offline) or drop a bookmark."""
        library = self.library

        def change() -> None:
            if not keep:
                library.bookmark(article_id, keep=False)
                reply.post_message(BookmarkChanged(article_id, False, "Bookmark removed."))
                return
            library.bookmark(article_id)
            reply.post_message(BookmarkChanged(article_id, True, "Bookmarked."))
            result = library.fetch_whole_text(article_id)
            if result.status == "kept":
                note = f"Saved the whole text for offline reading ({result.words} words)."
                reply.post_message(BookmarkChanged(article_id, True, note, whole_text=True))
            elif result.status == "failed":
                note = f"Kept the feed's text; the whole page could not be saved: {result.error or ''}"
                reply.post_message(BookmarkChanged(article_id, True, note))

        self.start(change, name="bookmark")

    def full_text(self, reply: MessagePump, article_id: str) -> None:
        library = self.library

        def fetch_page() -> None:
            result = library.fetch_whole_text(article_id, force=True)
            if result.status == "kept":
                note = f"Whole text fetched ({result.words} words); t shows the feed's text."
            elif result.status == "not needed":
                note = "This article has no web page (http or https) to fetch."
            else:
                note = f"Could not fetch the whole text: {result.error or ''}. The feed's text is kept."
            reply.post_message(FullTextFetched(article_id, result.status == "kept", note))

        self.start(fetch_page, name="full text")

    def open_in_browser(self, url: str, command: str) -> None:
        self.start(lambda: open_in_browser(url, command), name="open in browser")
