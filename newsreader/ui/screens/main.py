"""The reading screen: its layout (three panes when wide, one when narrow), its keys and
which of them apply now.

The panes and what acts on them are ``MainPanes`` (``main_panes.py``); each key goes to the
part that does it: ``Views`` (the view shown and its counts), ``Reader`` (opening, following,
moving, read marks), ``Keeper`` (bookmarks and whole texts), ``SourceActions`` (refresh, add,
remove, rename, tags), ``SourceSettingsActions`` (a source's settings, due refreshes) and
``Addresses`` (the browser).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING

from textual import events
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widgets import Footer, Header

from newsreader.ui.messages import ArticleHighlighted
from newsreader.ui.screens.bindings import MAIN_BINDINGS, MEDIUM_WIDTH, NARROW_WIDTH, footer_bindings
from newsreader.ui.screens.key_rules import key_applies
from newsreader.ui.screens.main_panes import MainPanes
from newsreader.ui.syncing import has_accounts
from newsreader.ui.view import ALL, BOOKMARKS, View
from newsreader.ui.widgets.article import OpenArticle

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.timer import Timer

    from newsreader.config import Config
    from newsreader.library import Library
    from newsreader.ui.dates import Clock
    from newsreader.ui.trail import ReadingTrail
    from newsreader.ui.widgets.article import ArticleView
    from newsreader.ui.widgets.headlines import HeadlineList
    from newsreader.ui.widgets.sources import SourcesPane
    from newsreader.ui.workers import Workers


def forward(call: Callable[[MainScreen], object]) -> Callable[[MainScreen], None]:
    """An ``action_…`` method that only hands its key to the part of the screen that does it."""

    def action(screen: MainScreen) -> None:
        call(screen)

    return action


class MainScreen(Screen[None]):
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
    BINDINGS = MAIN_BINDINGS

    def __init__(
        self,
        library: Library,
        config: Config,
        clock: Clock,
        trail: ReadingTrail,
        workers: Workers,
        load_demo: Callable[[], object] | None,
        on_first_paint: Callable[[], object],
    ) -> None:
        super().__init__()
        self.trail, self.on_first_paint = trail, on_first_paint
        panes = self.main_panes = MainPanes(
            library,
            config,
            clock,
            trail,
            workers,
            load_demo=load_demo,
            id="panes",
            show_reading=self.show_reading,
            show_list=self.action_show_list,
        )
        self.headlines: HeadlineList = panes.headlines
        self.article_view: ArticleView = panes.article
        self.sources_pane: SourcesPane = panes.sources
        self.views, self.reader, self.keeper = panes.views, panes.reader, panes.keeper
        self.source_actions, self.addresses = panes.source_actions, panes.addresses
        self._footer_kept = self._footer_read = False  # what "b" and "m" said when the footer was last drawn

    def compose(self) -> ComposeResult:
        yield Header()
        yield self.main_panes
        yield Footer()

    def on_mount(self) -> None:
        # The first frame needs one page of headlines and nothing else from the store:
        # the counts, the view's length and the article read last follow once it is painted.
        self.views.show(ALL, count=False)
        self.headlines.focus()
        library = self.views.panes.library
        if not self.headlines.count and not library.sources.all() and not has_accounts(library):
            self.source_actions.welcome()
        self.call_after_refresh(self.after_first_paint)

    def after_first_paint(self) -> None:
        self.on_first_paint()
        self.views.count_view()
        self.views.update_counts()
        self.reader.restore_history()
        self.main_panes.watcher.start()

    # -- what the app, the palette and the tests ask of this one ---------------------------

    @property
    def view_key(self) -> str:
        return str(self.views.current)

    @property
    def refreshing(self) -> bool:
        return self.source_actions.refreshing

    @property
    def _open(self) -> dict[str, object] | None:
        """The open article's marks by name (``ArticleView.opened``)."""
        opened = self.article_view.opened
        return asdict(opened) if opened is not None else None

    @_open.setter
    def _open(self, marks: dict[str, object]) -> None:
        self.article_view.opened = OpenArticle(**marks)  # type: ignore[arg-type]

    @property
    def _read_timer(self) -> Timer | None:
        return self.reader.read_timer

    @property
    def _store_timer(self) -> Timer | None:
        return self.main_panes.watcher.timer

    def check_store(self) -> bool:
        return self.main_panes.watcher.check()

    def choose_view(self, view: View | str) -> None:
        self.views.choose(View.parse(view) if isinstance(view, str) else view)

    def open_article(self, article_id: str, *, record: bool = True) -> bool:
        return self.reader.open(article_id, record=record)

    def update_counts(self) -> None:
        self.views.update_counts()

    def add_source(self, spec: str | None) -> None:
        self.source_actions.add(spec)

    # -- layout --------------------------------------------------------------------------

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

    def on_article_highlighted(self, message: ArticleHighlighted) -> None:
        if self.keeper.target_kept() != self._footer_kept or self.reader.target_read() != self._footer_read:
            self.refresh_bindings()

    # -- keys: each to the part that does it --------------------------------------------------

    def action_follow_number(self, number: int) -> None:
        self.article_view.action_follow_number(number)

    action_next_article = forward(lambda screen: screen.reader.step(1))
    action_previous_article = forward(lambda screen: screen.reader.step(-1))
    action_next_unread = forward(lambda screen: screen.reader.next_unread())
    action_back = forward(lambda screen: screen.reader.back())
    action_forward = forward(lambda screen: screen.reader.forward())
    action_story = forward(lambda screen: screen.reader.story())
    action_search = forward(lambda screen: screen.reader.search())
    action_toggle_read = forward(lambda screen: screen.reader.toggle_read())
    action_toggle_bookmark = forward(lambda screen: screen.keeper.toggle_bookmark())
    action_fulltext = forward(lambda screen: screen.keeper.fulltext())
    action_toggle_feed_text = forward(lambda screen: screen.keeper.toggle_feed_text())
    action_mark_all_read = forward(lambda screen: screen.views.mark_all_read())
    action_undo = forward(lambda screen: screen.views.undo())
    action_refresh = forward(
        lambda screen: screen.source_actions.start_refresh(screen.source_actions.source_ids_in_view())
    )
    action_refresh_all = forward(lambda screen: screen.source_actions.start_refresh(None))
    action_add_source = forward(lambda screen: screen.source_actions.ask_to_add())
    action_remove_source = forward(lambda screen: screen.source_actions.remove())
    action_rename_source = forward(lambda screen: screen.source_actions.rename())
    action_tag = forward(lambda screen: screen.source_actions.tag())
    action_source_settings = forward(lambda screen: screen.main_panes.source_settings.edit())
    action_open_in_browser = forward(lambda screen: screen.addresses.open(screen.addresses.chosen_url()))
    action_copy_address = forward(lambda screen: screen.addresses.copy())

    def action_bookmarks(self) -> None:
        self.views.choose(BOOKMARKS)
        self.headlines.focus()

    # -- which keys apply now ------------------------------------------------------------------

    def focused_pane(self) -> str:
        """Which pane has focus: "article", "sources" or "list" (the key of ``FOOTER_KEYS``)."""
        focused = self.focused
        for name, pane in (("article", self.article_view), ("sources", self.sources_pane)):
            if focused is not None and (focused is pane or pane in focused.ancestors):
                return name
        return "list"

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings = super().active_bindings
        if not self.is_mounted:
            return bindings
        self._footer_kept, self._footer_read = self.keeper.target_kept(), self.reader.target_read()
        return footer_bindings(
            bindings,
            self.focused_pane(),
            kept=self._footer_kept,
            read=self._footer_read,
            width=self.size.width,
            compact=self.narrow,
            key_display=self.app.get_key_display,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return key_applies(self, action, parameters) if self.is_mounted else True
