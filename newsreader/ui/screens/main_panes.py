"""The three panes of the main screen, and the parts that act on them.

``MainPanes`` holds the sources pane, the headline list (under the note of a failing
source) and the article pane, and makes the parts that drive them. What the panes post
(a view chosen, an article opened, a link followed) bubbles up to it, and the workers answer
to it; each message goes to the part it concerns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from newsreader.ui import messages as m
from newsreader.ui.screens.addresses import Addresses
from newsreader.ui.screens.keeping import Keeper
from newsreader.ui.screens.panes import Panes
from newsreader.ui.screens.reading import Reader
from newsreader.ui.screens.source_actions import SourceActions
from newsreader.ui.screens.source_settings import SourceSettingsActions
from newsreader.ui.screens.store_watch import StoreWatcher
from newsreader.ui.screens.views import Views
from newsreader.ui.view import ALL
from newsreader.ui.widgets.article import ArticleView
from newsreader.ui.widgets.headlines import HeadlineList
from newsreader.ui.widgets.sources import SourcesPane

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult

    from newsreader.config import Config
    from newsreader.library import Library
    from newsreader.ui.dates import Clock
    from newsreader.ui.trail import ReadingTrail
    from newsreader.ui.workers import Workers


class MainPanes(Horizontal):
    """Sources | headlines | article, and the parts: ``views``, ``reader``, ``keeper``,
    ``source_actions``, ``source_settings``, ``addresses`` and ``watcher``."""

    def __init__(
        self,
        library: Library,
        config: Config,
        clock: Clock,
        trail: ReadingTrail,
        workers: Workers,
        *,
        load_demo: Callable[[], object] | None,
        show_reading: Callable[[], None],
        show_list: Callable[[], None],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.sources = SourcesPane(clock, id="sources")
        self.headlines = HeadlineList(library.articles, clock=clock, id="headlines")
        self.article = ArticleView(id="article")
        panes = Panes(
            self,
            self.headlines,
            self.article,
            self.sources,
            library,
            config,
            clock,
            trail,
            workers,
            show_reading,
            show_list,
        )
        self.views = Views(panes)
        self.reader = Reader(panes, self.views)
        self.keeper = Keeper(panes, self.views, self.reader)
        self.source_actions = SourceActions(panes, self.views, load_demo)
        self.addresses = Addresses(panes)
        self.source_settings = SourceSettingsActions(panes, self.views, self.source_actions)
        self.watcher = StoreWatcher(panes, self.views, self.reader, lambda: self.source_actions.refreshing)

    def compose(self) -> ComposeResult:
        yield self.sources
        with Vertical(id="headlines-pane"):
            yield Static(id="view-note", markup=False)  # why the source shown failed, when it did
            yield self.headlines
        yield self.article

    # -- from the panes ------------------------------------------------------------------

    def on_view_chosen(self, message: m.ViewChosen) -> None:
        self.views.choose(message.view)
        self.views.panes.show_list()

    def on_article_opened(self, message: m.ArticleOpened) -> None:
        if message.page and message.article_id == self.article.article_id:
            self.article.scroll_page_down(animate=False)
        else:
            self.reader.open(message.article_id)
        self.views.panes.show_reading()

    def on_article_selected(self, message: m.ArticleSelected) -> None:
        """An article chosen outside the list (the palette, search): the list's cursor goes to it,
        in all articles when the view shown does not hold it, so the list and the article agree
        (Enter on the list then opens the same article, not the row the cursor was left on)."""
        if self.reader.open(message.article_id):
            highlighted = self.headlines.highlighted
            if highlighted is None or highlighted.id != message.article_id:
                self.views.choose(ALL)
            self.views.panes.show_reading()

    def on_link_followed(self, message: m.LinkFollowed) -> None:
        self.reader.follow_link(message.link, message.target)

    def on_web_link_chosen(self, message: m.WebLinkChosen) -> None:
        self.addresses.open(message.url)

    # -- from the workers ------------------------------------------------------------------

    def on_similar_found(self, message: m.SimilarFound) -> None:
        self.article.show_similar(message.article_id, message.headlines)

    def on_view_counted(self, message: m.ViewCounted) -> None:
        self.headlines.settle_count(message.view, message.count)

    def on_counts_read(self, message: m.CountsRead) -> None:
        self.views.counts_read(message)

    def on_view_marked_read(self, message: m.ViewMarkedRead) -> None:
        self.views.marked_read(message)

    def on_mark_read_undone(self, message: m.MarkReadUndone) -> None:
        self.views.unmarked(message)

    def on_bookmark_changed(self, message: m.BookmarkChanged) -> None:
        self.keeper.bookmark_changed(message)

    def on_bookmarks_completed(self, message: m.BookmarksCompleted) -> None:
        self.keeper.bookmarks_completed(message)

    def on_full_text_fetched(self, message: m.FullTextFetched) -> None:
        self.keeper.full_text_fetched(message)

    def on_refresh_progress(self, message: m.RefreshProgress) -> None:
        self.sources.show_progress(message.done, message.total)
        self.sources.show_errors(message.errors)

    def on_source_refreshed(self, message: m.SourceRefreshed) -> None:
        self.headlines.reload()
        self.views.update_counts()

    def on_refresh_finished(self, message: m.RefreshFinished) -> None:
        self.source_actions.refresh_finished(message)

    def on_notify_failed(self, message: m.NotifyFailed) -> None:
        self.notify(message.text, title="Notify command", severity="warning", markup=False)

    def on_library_changed(self, message: m.LibraryChanged) -> None:
        self.source_actions.library_changed(message)

    def on_source_removed(self, message: m.SourceRemoved) -> None:
        self.source_actions.source_removed(message)

    def on_source_renamed(self, message: m.SourceRenamed) -> None:
        self.source_actions.source_renamed(message)

    def on_source_settings_saved(self, message: m.SourceSettingsSaved) -> None:
        self.source_settings.saved(message)

    def on_due_sources(self, message: m.DueSources) -> None:
        self.source_settings.due(message)
