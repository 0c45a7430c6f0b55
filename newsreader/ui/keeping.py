"""Bookmarks on the main screen: keeping an article, its whole text, and which version is read.

A mixin for ``MainScreen`` (beside ``ReadingActions``). Keeping an article
fetches its page in a worker; after every refresh the library's workers fetch
what is still missing (``complete_bookmarks``) and report with
``BookmarksCompleted``. The article pane is told what to show through its
``feed_text`` reactive and ``show_article`` / ``update_status``.
"""

from __future__ import annotations

from typing import Any

from newsreader.document.clean import clean_inline
from newsreader.lazy_import import load
from newsreader.ui.messages import ArticleHighlighted, BookmarkChanged, BookmarksCompleted, FullTextFetched


def completion_summary(results: list[Any]) -> tuple[str, bool] | None:
    """The notification for one round of whole-text fetching, and whether it is a warning."""
    kept = sum(1 for result in results if result.status == "kept")
    failed = sum(1 for result in results if result.status == "failed")
    if not kept and not failed:
        return None
    parts = []
    if kept:
        parts.append(f"Saved the whole text of {kept} bookmark{'s' if kept != 1 else ''} for offline reading.")
    if failed:
        parts.append(f"{failed} bookmark{'s' if failed != 1 else ''} kept the feed's text: "
                     "the page could not be saved (retried on the next refresh).")
    return " ".join(parts), bool(failed) and not kept


class KeepingActions:
    """Bookmark, the Bookmarks view, whole text versus the feed's text."""

    def action_toggle_bookmark(self) -> None:
        article_id = self.target_id()
        if article_id is None:
            return
        keep = not self._state_of(article_id, "bookmarked")
        store, config = self.app.store, self.app.config
        fetch = {"fetch": self.app.fetch} if self.app.fetch is not None else {}

        def change() -> None:
            fetch_whole_text = load("newsreader.keep").fetch_whole_text  # the page fetcher, needed only once keeping

            if not keep:
                store.unbookmark(article_id)
                self.post_message(BookmarkChanged(article_id, False, "Bookmark removed."))
                return
            store.bookmark(article_id)
            self.post_message(BookmarkChanged(article_id, True, "Bookmarked."))
            result = fetch_whole_text(store, article_id, config, **fetch)  # a summary's page, for offline
            if result.status == "kept":
                note = f"Saved the whole text for offline reading ({result.words} words)."
                self.post_message(BookmarkChanged(article_id, True, note, whole_text=True))
            elif result.status == "failed":
                note = f"Kept the feed's text; the whole page could not be saved: {clean_inline(result.error or '')}"
                self.post_message(BookmarkChanged(article_id, True, note))

        self.app.start_worker(change, name="bookmark")

    _footer_kept = False  # the footer offers to drop the bookmark (see ``target_kept``)

    def target_kept(self) -> bool:
        """Whether the article ``b`` acts on is kept, from what the panes hold (no store read):
        the footer then offers to drop the bookmark instead of keeping it again."""
        article_id = self.target_id()
        if article_id is None:
            return False
        highlighted = self.headlines.highlighted
        if highlighted is not None and highlighted.id == article_id:
            return bool(highlighted.bookmarked)
        return bool(self._open and self._open["id"] == article_id and self._open["bookmarked"])

    _footer_read = False  # the footer offers to mark the article unread (see ``target_read``)

    def target_read(self) -> bool:
        """Whether the article ``m`` acts on is read, from what the panes hold (no store read):
        the footer then offers to mark it unread."""
        article_id = self.target_id()
        if article_id is None:
            return False
        highlighted = self.headlines.highlighted
        if highlighted is not None and highlighted.id == article_id:
            return bool(highlighted.read)
        return bool(self._open and self._open["id"] == article_id and self._open["read"])

    def on_article_highlighted(self, message: ArticleHighlighted) -> None:
        if self.target_kept() != self._footer_kept or self.target_read() != self._footer_read:
            self.refresh_bindings()

    def on_bookmark_changed(self, message: BookmarkChanged) -> None:
        self.headlines.patch(message.article_id, bookmarked=message.bookmarked)
        if self._open and self._open["id"] == message.article_id:
            self._open["bookmarked"] = message.bookmarked
        self.refresh_bindings()
        self.update_counts()
        self.notify(message.note, markup=False)
        if message.article_id == self.article_view.article_id:
            self._show_again(message.article_id, whole=message.whole_text)

    def on_bookmarks_completed(self, message: BookmarksCompleted) -> None:
        """Whole texts fetched after a refresh: say how many, and show the open one's new text."""
        summary = completion_summary(message.results)
        if summary is not None:
            note, warning = summary
            self.notify(note, severity="warning" if warning else "information", markup=False)
        open_id = self.article_view.article_id
        if open_id is not None and any(result.article_id == open_id for result in message.results):
            self._show_again(open_id, whole=True)

    def _show_again(self, article_id: str, *, whole: bool) -> None:
        """Re-read the open article after its bookmark or whole text changed."""
        article = self.app.store.article(article_id)
        if article is None:
            return
        if whole:
            self.article_view.show_article(article, self._link_resolver(article))
        else:
            self.article_view.update_status(article)
        self.refresh_bindings()

    def action_bookmarks(self) -> None:
        self.choose_view("bookmarks")
        self.headlines.focus()

    def action_fulltext(self) -> None:
        """Fetch the article's page now and show its whole text (kept with the article and
        searched; `t` goes back to the feed's text). A failure is said; nothing stored is lost."""
        article_id = self.target_id()
        if article_id is None:
            return
        store, config = self.app.store, self.app.config
        fetch = {"fetch": self.app.fetch} if self.app.fetch is not None else {}
        self.notify("Fetching the whole text…", markup=False)

        def fetch_page() -> None:
            result = load("newsreader.keep").fetch_whole_text(store, article_id, config, force=True, **fetch)
            if result.status == "kept":
                note = f"Whole text fetched ({result.words} words); t shows the feed's text."
            elif result.status == "not needed":
                note = "This article has no web page (http or https) to fetch."
            else:
                note = f"Could not fetch the whole text: {clean_inline(result.error or '')}. The feed's text is kept."
            self.post_message(FullTextFetched(article_id, result.status == "kept", note))

        self.app.start_worker(fetch_page, name="full text")

    def on_full_text_fetched(self, message: FullTextFetched) -> None:
        self.notify(message.note, severity="information" if message.kept else "warning", markup=False)
        if message.kept and message.article_id == self.article_view.article_id:
            self._show_again(message.article_id, whole=True)
            self.article_view.feed_text = False  # the text just fetched, even if the feed's was chosen
            self.refresh_bindings()

    def action_toggle_feed_text(self) -> None:
        if self.article_view.has_whole_text:
            self.article_view.feed_text = not self.article_view.feed_text
