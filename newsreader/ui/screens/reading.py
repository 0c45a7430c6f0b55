"""Reading: opening articles, following links, moving between articles, read marks.

Opening reads one article through ``Library.open`` on the event loop (a single-row read);
the related articles come from a worker. The article pane keeps what is open
(``ArticleView.opened``); the app's ``ReadingTrail`` keeps the history for back and forward.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from newsreader.store import View as StoreView
from newsreader.ui.messages import ArticleSelected

if TYPE_CHECKING:
    from textual.timer import Timer

    from newsreader.document.blocks import RelatedLink
    from newsreader.ui.screens.panes import Panes
    from newsreader.ui.screens.views import Views


class Reader:
    """Open, follow, step through and mark articles."""

    def __init__(self, panes: Panes, views: Views) -> None:
        self.panes = panes
        self.views = views
        self.read_timer: Timer | None = None

    def open(self, article_id: str, *, record: bool = True) -> bool:
        panes = self.panes
        reading = panes.library.open(article_id)
        if reading is None:
            panes.notify("That article is no longer in the library.", severity="warning")
            return False
        article = reading.article
        self.stop_read_timer()
        if record:
            panes.trail.history.visit(article_id)
        panes.trail.titles[article_id] = article.title
        panes.article.show_reading(reading)
        panes.article.set_breadcrumb(*panes.trail.breadcrumb())
        panes.headlines.select_article(article_id)
        if not article.read:
            delay = panes.config.reader.mark_read_after
            self.read_timer = panes.screen.set_timer(delay, partial(self.set_read, article_id, True))
        panes.workers.similar(panes.root, article_id)
        panes.screen.refresh_bindings()
        return True

    def open_and_show(self, article_id: str | None) -> None:
        """Open ``article_id`` as a followed link does (recorded for back and forward)."""
        if article_id and self.open(article_id):
            self.panes.show_reading()

    def show_again(self, article_id: str, *, whole: bool) -> None:
        """Re-read the open article after its bookmark or whole text changed."""
        reading = self.panes.library.open(article_id, neighbours=False)
        if reading is None:
            return
        if whole:
            self.panes.article.show_article(reading.article, reading.target)
        else:
            self.panes.article.update_status(reading.article)
        self.panes.screen.refresh_bindings()

    def stop_read_timer(self) -> None:
        if self.read_timer is not None:
            self.read_timer.stop()
            self.read_timer = None

    # -- links, the story line, search ----------------------------------------------------

    def follow_link(self, link: RelatedLink, target: str | None) -> None:
        """A stored story opens here; one not in the library opens the search for it."""
        if target and self.open(target):
            self.panes.show_reading()
            return
        self.search(link.title)

    def story(self) -> None:
        """The story line of the open article (``T``); the article chosen there opens as a
        followed link does, recorded in the history for back and forward."""
        article_id = self.panes.article.article_id
        if article_id is None:
            return
        from newsreader.ui.screens.story import StoryScreen

        def chosen(target: str | None) -> None:
            if target != self.panes.article.article_id:
                self.open_and_show(target)

        self.panes.screen.app.push_screen(StoryScreen(self.panes.library.articles, article_id), chosen)

    def search(self, query: str = "") -> None:
        from newsreader.ui.screens.search import SearchScreen

        screen = SearchScreen(self.panes.library.views, self.panes.workers, query)
        self.panes.screen.app.push_screen(screen, self._opened_from_search)

    def _opened_from_search(self, article_id: str | None) -> None:
        if article_id:
            self.panes.root.post_message(ArticleSelected(article_id))
        self.views.update_counts()  # a search may have been saved as a view

    def restore_history(self) -> None:
        """The article read last, open again once the first frame is painted (unless one was opened since)."""
        current = self.panes.trail.history.current
        if self.panes.article.article_id is not None:
            return
        if current is not None and self.panes.library.articles.position(StoreView(), current) is not None:
            self.open(current, record=False)

    # -- moving between articles ---------------------------------------------------------

    def back(self) -> None:
        article_id = self.panes.trail.history.back()
        if article_id is not None:
            self.open(article_id, record=False)

    def forward(self) -> None:
        article_id = self.panes.trail.history.forward()
        if article_id is not None:
            self.open(article_id, record=False)

    def _open_row(self, index: int) -> None:
        headline = self.panes.headlines.move_to(index)
        if headline is not None:
            self.open(headline.id)
            self.panes.show_reading()

    def step(self, delta: int) -> None:
        headlines = self.panes.headlines
        highlighted = headlines.highlighted
        if highlighted is None:
            return
        if self.panes.article.article_id != highlighted.id:
            self._open_row(headlines.cursor)
            return
        index = headlines.cursor + delta
        if 0 <= index < headlines.count:
            self._open_row(index)
        else:
            self.panes.notify("No more articles this way.")

    def next_unread(self) -> None:
        headlines = self.panes.headlines
        count, start, current = headlines.count, headlines.cursor, self.panes.article.article_id
        for step in range(1, count + 1):
            index = (start + step) % count
            headline = headlines.headline_at(index)
            if headline is not None and not headline.read and headline.id != current:
                self._open_row(index)
                return
        self.panes.notify("No unread articles here.")

    # -- read marks -----------------------------------------------------------------------

    def is_read(self, article_id: str) -> bool:
        return self.panes.marks(article_id)[0]

    def set_read(self, article_id: str, read: bool) -> None:
        self.panes.library.set_read([article_id], read)
        self.panes.headlines.patch(article_id, read=read)
        opened = self.panes.article.opened
        if opened is not None and opened.id == article_id:
            opened.read = read
        self.views.update_counts()
        self.panes.screen.refresh_bindings()  # "m Read" or "m Unread"

    def toggle_read(self) -> None:
        article_id = self.panes.target_id()
        if article_id is None:
            return
        if article_id == self.panes.article.article_id:
            self.stop_read_timer()  # an explicit choice wins over the timer
        self.set_read(article_id, not self.is_read(article_id))

    def target_read(self) -> bool:
        """Whether the article ``m`` acts on is read, from what the panes hold (no store read):
        the footer then offers to mark it unread."""
        return self.panes.target_marks()[0]
