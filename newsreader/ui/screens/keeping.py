"""Bookmarks: keeping an article, its whole text, and which version is read.

Keeping an article fetches its page in a worker; after every refresh the library fetches
what is still missing and the refresh reports it with ``BookmarksCompleted``. The article
pane is told what to show through its ``feed_text`` reactive and ``show_article`` /
``update_status``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsreader.keep import KeepResult
    from newsreader.ui.messages import BookmarkChanged, BookmarksCompleted, FullTextFetched
    from newsreader.ui.screens.panes import Panes
    from newsreader.ui.screens.reading import Reader
    from newsreader.ui.screens.views import Views


def completion_summary(results: list[KeepResult]) -> tuple[str, bool] | None:
    """The notification for one round of whole-text fetching, and whether it is a warning."""
    kept = sum(1 for result in results if result.status == "kept")
    failed = sum(1 for result in results if result.status == "failed")
    if not kept and not failed:
        return None
    parts = []
    if kept:
        parts.append(f"Saved the whole text of {kept} bookmark{'s' if kept != 1 else ''} for offline reading.")
    if failed:
        parts.append(
            f"{failed} bookmark{'s' if failed != 1 else ''} kept the feed's text: "
            "the page could not be saved (retried on the next refresh)."
        )
    return " ".join(parts), bool(failed) and not kept


class Keeper:
    """Bookmark, whole text versus the feed's text."""

    def __init__(self, panes: Panes, views: Views, reader: Reader) -> None:
        self.panes = panes
        self.views = views
        self.reader = reader

    def is_kept(self, article_id: str) -> bool:
        return self.panes.marks(article_id)[1]

    def target_kept(self) -> bool:
        """Whether the article ``b`` acts on is kept, from what the panes hold (no store read):
        the footer then offers to drop the bookmark instead of keeping it again."""
        return self.panes.target_marks()[1]

    def toggle_bookmark(self) -> None:
        article_id = self.panes.target_id()
        if article_id is not None:
            self.panes.workers.bookmark(self.panes.root, article_id, not self.is_kept(article_id))

    def bookmark_changed(self, message: BookmarkChanged) -> None:
        panes = self.panes
        panes.headlines.patch(message.article_id, bookmarked=message.bookmarked)
        opened = panes.article.opened
        if opened is not None and opened.id == message.article_id:
            opened.bookmarked = message.bookmarked
        panes.screen.refresh_bindings()
        self.views.update_counts()
        panes.notify(message.note)
        if message.article_id == panes.article.article_id:
            self.reader.show_again(message.article_id, whole=message.whole_text)

    def bookmarks_completed(self, message: BookmarksCompleted) -> None:
        """Whole texts fetched after a refresh: say how many, and show the open one's new text."""
        summary = completion_summary(message.results)
        if summary is not None:
            note, warning = summary
            self.panes.notify(note, severity="warning" if warning else "information")
        open_id = self.panes.article.article_id
        if open_id is not None and any(result.article_id == open_id for result in message.results):
            self.reader.show_again(open_id, whole=True)

    def fulltext(self) -> None:
        """Fetch the article's page now and show its whole text (kept with the article and
        searched; `t` goes back to the feed's text). A failure is said; nothing stored is lost."""
        article_id = self.panes.target_id()
        if article_id is None:
            return
        self.panes.notify("Fetching the whole text…")
        self.panes.workers.full_text(self.panes.root, article_id)

    def full_text_fetched(self, message: FullTextFetched) -> None:
        self.panes.notify(message.note, severity="information" if message.kept else "warning")
        if message.kept and message.article_id == self.panes.article.article_id:
            self.reader.show_again(message.article_id, whole=True)
            self.panes.article.feed_text = False  # the text just fetched, even if the feed's was chosen
            self.panes.screen.refresh_bindings()

    def toggle_feed_text(self) -> None:
        if self.panes.article.has_whole_text:
            self.panes.article.feed_text = not self.panes.article.feed_text
