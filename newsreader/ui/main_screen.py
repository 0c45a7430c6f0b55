"""The reading screen: sources | headlines | article, and the keys that drive them.

Widgets post what happened (a view chosen, an article opened, a link followed);
this screen decides what that means for the store and tells each pane what to
show. Slow work (refresh, search, mark-all, bookmarks) goes to app workers that
answer with messages; the reading-side actions live in ``reading.py``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import events
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from newsreader.ui.article import ArticleView
from newsreader.ui.headlines import HeadlineList
from newsreader.ui.keeping import KeepingActions
from newsreader.ui.messages import (
    ArticleOpened,
    ArticleSelected,
    LinkFollowed,
    RefreshFinished,
    RefreshProgress,
    SimilarFound,
    SourceRefreshed,
    ViewChosen,
)
from newsreader.ui.reading import ReadingActions
from newsreader.ui.tagging import TaggingActions
from newsreader.ui.source_settings import SourceSettingsActions
from newsreader.ui.sources import SourcesPane
from newsreader.ui.store_watch import StoreWatching
from newsreader.ui.syncing import has_accounts

if TYPE_CHECKING:
    from newsreader.ui.app import NewsReaderApp

NARROW_WIDTH = 100
MEDIUM_WIDTH = 140  # below this the sources pane waits behind `s`, so the article keeps room

# What the footer shows, by the pane that has focus, in this order: the keys that apply there
# and can be used now (every other key still works; `?` lists them all). Each set, all of it
# usable at once, fits the compact footer of an 80-column terminal beside the palette's key.
FOOTER_KEYS = {
    "list": ("open", "toggle_read", "undo", "toggle_bookmark", "search", "refresh_all", "toggle_sources", "help",
             "quit"),
    "article": ("show_list", "follow_link", "next_article", "back", "toggle_bookmark", "toggle_feed_text", "help"),
    "sources": ("show_list", "refresh", "add_source", "remove_source", "rename_source", "toggle_sources", "help",
                "quit"),
}

# Shorter names where the pane says the rest: in the sources pane every key acts on a source.
FOOTER_LABELS = {"sources": {"refresh": "Refresh", "add_source": "Add"}}
READ_LABEL = "Unread"  # "m" on a read article: as short as "Read", so the footer keeps its fit
KEPT_LABEL = "Unbookmark"  # "b" on a kept article (★): the word of the `unbookmark` command and of "Bookmark removed."
# Left out first, in this order, when the footer's keys would not fit the width (a longer label,
# keys of the user's own): what every reader knows without being told.
FOOTER_SPARE = ("open", "show_list", "next_article", "back")


class MainScreen(ReadingActions, KeepingActions, TaggingActions, SourceSettingsActions, StoreWatching, Screen[None]):
    """Three panes when wide; list or article (sources on demand) when narrow."""

    DEFAULT_CSS = """
    MainScreen #panes { height: 1fr; }
    MainScreen #sources { width: 28; }
    MainScreen #headlines-pane { width: 6fr; }
    MainScreen #headlines { height: 1fr; }
    MainScreen #view-note { display: none; }
    MainScreen #view-note.-shown { display: block; }
    MainScreen #article { width: 5fr; }
    MainScreen.-sources-hidden #sources { display: none; }
    MainScreen.-medium #sources { display: none; }
    MainScreen.-medium.-sources-open #sources { display: block; }
    MainScreen.-narrow #sources { display: none; }
    MainScreen.-narrow.-sources-open #sources { display: block; width: 30; }
    MainScreen.-narrow #article { display: none; }
    MainScreen.-narrow.-reading #article { display: block; width: 1fr; }
    MainScreen.-narrow.-reading #headlines-pane { display: none; }
    """

    BINDINGS = [
        Binding("escape", "show_list", "List", id="show_list", tooltip="Back to the headline list"),
        Binding("question_mark", "help", "Help", id="help", tooltip="This list of keys"),
        Binding("n", "next_article", "Next", id="next_article", tooltip="Next article"),
        Binding("p", "previous_article", "Prev", id="previous_article", tooltip="Previous article"),
        Binding("slash", "search", "Search", id="search", tooltip="Search the library as you type"),
        Binding("backspace,alt+left", "back", "Back", id="back", tooltip="Back to the article read before"),
        Binding("alt+right", "forward", "Forward", id="forward", tooltip="Forward again"),
        Binding("N", "next_unread", "Next unread", id="next_unread", tooltip="Next unread article"),
        Binding("b", "toggle_bookmark", "Bookmark", id="toggle_bookmark",
                tooltip="Keep the article (or drop the bookmark)"),
        Binding("t", "toggle_feed_text", "Whole/feed", id="toggle_feed_text",
                tooltip="Switch between an article's whole text (kept, or fetched with f) and the feed's own text"),
        Binding("f", "fulltext", "Full text", show=False, id="fulltext",
                tooltip="Fetch the article's page and show its whole text in place of the feed's"),
        Binding("m", "toggle_read", "Read", id="toggle_read", tooltip="Mark the article read or unread"),
        Binding("T", "story", "Story", show=False, id="story",
                tooltip="The story line: the articles linked to and from this one, in date order"),
        Binding("A", "mark_all_read", "Mark all read", show=False, id="mark_all_read",
                tooltip="Mark every article in the view read"),
        Binding("u", "undo", "Undo", id="undo", tooltip="Unread again what the last mark-all-read marked"),
        Binding("B", "bookmarks", "Bookmarks", show=False, id="bookmarks", tooltip="Show the bookmarks"),
        Binding("number_sign", "tag", "Tags", show=False, id="tag",
                tooltip="Tag the article, or the source chosen in the sources pane"),
        Binding("r", "refresh", "Refresh source", id="refresh", tooltip="Refresh the selected source"),
        Binding("R", "refresh_all", "Refresh", id="refresh_all", tooltip="Refresh every source"),
        Binding("a", "add_source", "Add source", id="add_source",
                tooltip="Add a feed, a web page, a file or a folder"),
        Binding("o", "open_in_browser", "Browser", show=False, id="open_in_browser",
                tooltip="Open the focused link, else the article, in the browser (asks first)"),
        Binding("y", "copy_address", "Copy URL", show=False, id="copy_address", tooltip="Copy the focused link's address, else the article's"),
        Binding("s", "toggle_sources", "Sources", id="toggle_sources",
                tooltip="Show or hide the sources pane"),
        Binding("q", "app.quit", "Quit", id="quit", tooltip="Quit"),
        *[
            Binding(str(n), f"follow_number({n})", "Follow link n", id=f"follow_{n}",
                    group=Binding.Group("Link", compact=True), show=False)
            for n in range(1, 10)
        ],
    ]

    app: NewsReaderApp
    _article_view: ArticleView | None = None  # the panes, kept from compose (they are asked for on every key)

    def compose(self):
        self._sources_pane = SourcesPane(id="sources")
        self._headlines = HeadlineList(self.app.store, clock=self.app.clock, id="headlines")
        self._article_view = ArticleView(id="article")
        yield Header()
        with Horizontal(id="panes"):
            yield self._sources_pane
            with Vertical(id="headlines-pane"):
                yield Static(id="view-note", markup=False)  # why the source shown failed, when it did
                yield self._headlines
            yield self._article_view
        yield Footer()

    def on_mount(self) -> None:
        # The first frame needs one page of headlines and nothing else from the store:
        # the counts, the view's length and the article read last follow once it is painted.
        self.show_view("all", count=False)
        self.headlines.focus()
        if not self.headlines.count and not self.app.store.sources() and not has_accounts(self.app.store):
            self.app.welcome()
        self.call_after_refresh(self.after_first_paint)

    def after_first_paint(self) -> None:
        self.app.first_frame_painted()
        self.count_view()
        self.update_counts()
        self.restore_history()
        self.watch_store()
        self.start_due_timer()

    @property
    def headlines(self) -> HeadlineList:
        return self._headlines

    @property
    def article_view(self) -> ArticleView:
        assert self._article_view is not None
        return self._article_view

    @property
    def sources_pane(self) -> SourcesPane:
        return self._sources_pane

    # -- layout --------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(NARROW_WIDTH <= event.size.width < MEDIUM_WIDTH, "-medium")
        self.query_one(Footer).compact = self.narrow
        self.refresh_bindings()

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    def action_toggle_sources(self) -> None:
        if self.narrow or self.has_class("-medium"):
            self.toggle_class("-sources-open")
            if self.has_class("-sources-open"):
                self.sources_pane.query_one("#source-list").focus()
            else:
                self.headlines.focus()
        else:
            self.toggle_class("-sources-hidden")

    def action_show_list(self) -> None:
        self.remove_class("-reading")
        self.remove_class("-sources-open")
        self.headlines.focus()
        self.refresh_bindings()

    def show_reading(self) -> None:
        """In the narrow layout, switch from the list to the article."""
        if self.narrow:
            self.add_class("-reading")
            self.remove_class("-sources-open")
            self.article_view.focus()
            self.refresh_bindings()

    # -- messages from the panes ---------------------------------------------

    def action_follow_number(self, number: int) -> None:
        self.article_view.action_follow_number(number)

    def on_view_chosen(self, message: ViewChosen) -> None:
        self.choose_view(message.key)
        self.remove_class("-sources-open")
        self.remove_class("-reading")
        self.headlines.focus()

    def on_article_opened(self, message: ArticleOpened) -> None:
        if message.page and message.article_id == self.article_view.article_id:
            self.article_view.scroll_page_down(animate=False)
            self.show_reading()
            return
        self.open_article(message.article_id)
        self.show_reading()

    def on_article_selected(self, message: ArticleSelected) -> None:
        """An article chosen outside the list (the palette, search): the list's cursor goes to it,
        in all articles when the view shown does not hold it, so the list and the article agree
        (Enter on the list then opens the same article, not the row the cursor was left on)."""
        if self.open_article(message.article_id):
            highlighted = self.headlines.highlighted
            if highlighted is None or highlighted.id != message.article_id:
                self.choose_view("all")
            self.show_reading()

    def on_link_followed(self, message: LinkFollowed) -> None:
        self.follow_link(message.link, message.target)

    def on_similar_found(self, message: SimilarFound) -> None:
        self.article_view.show_similar(message.article_id, message.headlines)

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        self.sources_pane.show_progress(message.done, message.total)
        self.sources_pane.show_errors(message.errors)

    def on_source_refreshed(self, message: SourceRefreshed) -> None:
        self.headlines.reload()
        self.update_counts()

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        self.refreshing = False
        self.sources_pane.hide_progress()
        self.sources_pane.show_errors(message.errors)
        self.headlines.reload()
        self.update_counts()
        failed = len(message.errors)
        added = sum(len(getattr(r, "added", []) or []) if not isinstance(getattr(r, "added", 0), int)
                    else getattr(r, "added", 0) for r in message.results)
        summary = f"Refreshed {len(message.results)} source{'s' if len(message.results) != 1 else ''}: {added} new"
        if failed:
            summary += f", {failed} failed"
        self.notify(summary, severity="warning" if failed else "information", markup=False)
        self.refresh_bindings()

    # -- which actions apply now ---------------------------------------------

    def _reading_focus(self) -> bool:
        """Focus is in the article pane (on it or one of its links): Esc goes back to the list."""
        focused = self.focused
        return focused is not None and (focused is self.article_view or self.article_view in focused.ancestors)

    def _focused_pane(self) -> str:
        """Which pane has focus: "article", "sources" or "list" (the key of ``FOOTER_KEYS``)."""
        if self._reading_focus():
            return "article"
        focused = self.focused
        if focused is not None and (focused is self.sources_pane or self.sources_pane in focused.ancestors):
            return "sources"
        return "list"

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The bindings as the footer sees them: only those of ``FOOTER_KEYS`` for the focused pane
        that can be used now are shown, first and in that order (the rest stay active, unshown)."""
        bindings = super().active_bindings
        if not self.is_mounted or self._article_view is None:
            return bindings
        wanted = FOOTER_KEYS[self._focused_pane()]
        shown = {key: active for key, active in bindings.items()
                 if active.binding.show and active.enabled and active.binding.id in wanted}
        self._footer_kept = self.target_kept()
        self._footer_read = self.target_read()
        labels = FOOTER_LABELS.get(self._focused_pane(), {})
        if self._footer_kept:  # "b" on a kept article drops the bookmark: say so
            labels = {**labels, "toggle_bookmark": KEPT_LABEL}
        if self._footer_read:  # "m" on a read article marks it unread
            labels = {**labels, "toggle_read": READ_LABEL}
        shown = {key: active._replace(binding=replace(active.binding, description=labels[active.binding.id]))
                 if active.binding.id in labels else active for key, active in shown.items()}
        ordered = self._fitting(sorted(shown.items(), key=lambda item: wanted.index(item[1].binding.id)))
        shown = dict(ordered)
        unshown = {key: active._replace(binding=replace(active.binding, show=False)) if active.binding.show else active
                   for key, active in bindings.items() if key not in shown}
        return {**dict(ordered), **unshown}

    def _fitting(self, ordered: list[tuple[str, ActiveBinding]]) -> list[tuple[str, ActiveBinding]]:
        """``ordered`` without the spare keys (``FOOTER_SPARE``) the footer has no room for:
        a footer too wide for the terminal loses its last keys (Quit, Help) at the edge."""
        from rich.cells import cell_len

        compact = self.narrow  # the compact footer: "k Label" and one space; else " k " "Label "
        def width(items: list[tuple[str, ActiveBinding]]) -> int:
            first = {}  # the footer shows one key per action (Backspace, not Alt+← too)
            for _, active in items:
                first.setdefault(active.binding.action, active.binding)
            keys = sum(cell_len(self.app.get_key_display(binding)) + cell_len(binding.description)
                       + (2 if compact else 3) for binding in first.values())
            return keys + (12 if compact else 14)  # the palette's key: "▏^p palette "

        for spare in FOOTER_SPARE:
            if width(ordered) <= self.size.width:
                break
            ordered = [item for item in ordered if item[1].binding.id != spare]
        return ordered

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted or self._article_view is None:
            return True
        if action == "back":
            return True if self.app.history.can_go_back else None
        if action == "forward":
            return True if self.app.history.can_go_forward else None
        if action == "show_list":
            return self.narrow and self.has_class("-reading") or self.has_class("-sources-open") or self._reading_focus()
        if action == "follow_number":
            return bool(parameters) and isinstance(parameters[0], int) and parameters[0] <= len(self.article_view.links)
        if action == "toggle_sources":
            return True
        if action == "story":
            return True if self.article_view.article_id else None
        if action == "undo":
            return True if self._read_undo else None
        if action == "toggle_feed_text":
            if self.article_view.article_id is None:
                return False
            return True if self.article_view.has_whole_text else None
        if action in ("open_in_browser", "copy_address"):
            return True if self.chosen_url() else None
        if action in ("refresh", "refresh_all"):
            return None if self.refreshing or self.app.refresh_all is None else True
        if action in ("next_article", "previous_article", "next_unread", "toggle_read", "toggle_bookmark",
                      "mark_all_read", "fulltext"):
            return True if self.headlines.count or self.article_view.article_id else None
        return True
