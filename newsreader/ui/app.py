"""The newsreader app: it receives its store, config and helpers; nothing is global.

``build_app`` wires the dependencies in. The app itself owns what outlives a
screen: the reading history (saved to ``paths.state``), the theme (saved with
``config.save_theme``), the key map from ``config.keys``, the command palette
and the one handler that reports every failed worker.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from newsreader.config import Config, save_theme
from newsreader.document.clean import clean_inline
from newsreader.lazy_import import load
from newsreader.history import History
from newsreader.paths import Paths
from newsreader.ui.article import ArticleView
from newsreader.ui.dates import Clock, system_clock
from newsreader.ui.headlines import HeadlineList
from newsreader.ui.main_screen import MainScreen
from newsreader.ui.messages import ArticleSelected
from newsreader.ui.sources import SourceList

FOLLOW_N = "Follow link n"
EXTRA_HELP = [("esc", "Close a dialog; in search, go back where you were"),
              ("tab / shift+tab", "Next / previous pane or link"), ("ctrl+p", "Commands, sources, articles, themes")]

# What the first screen does not need is imported when it is first used (the
# launch path imports only what paints the headlines): the palette's providers,
# the search and welcome screens, the link widgets, refresh and its network code.


def help_groups() -> list[tuple[str, list[type]]]:
    """The bindings shown by the help screen, by the part of the app they belong to."""
    from newsreader.ui.block_widgets import LinkedBlock, LinkLine
    from newsreader.ui.search import SearchScreen

    return [
        ("Headline list", [HeadlineList]),
        ("Sources", [SourceList]),
        ("Reading", [MainScreen]),
        ("Article", [ArticleView, LinkedBlock, LinkLine]),
        ("Search", [SearchScreen]),
    ]


def _sources_provider() -> type:
    from newsreader.ui.commands import SourcesProvider

    return SourcesProvider


def _articles_provider() -> type:
    from newsreader.ui.commands import ArticlesProvider

    return ArticlesProvider


class NewsReaderApp(App[None]):
    """A terminal news reader over one store."""

    CSS_PATH = "newsreader.tcss"
    TITLE = "newsreader"
    COMMANDS = App.COMMANDS | {_sources_provider, _articles_provider}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, id="app_quit")]

    def __init__(
        self,
        store: Any,
        config: Config,
        *,
        paths: Paths | None = None,
        fetch: Callable[..., Any] | None = None,
        refresh_all: Callable[..., Any] | None = None,
        add_sources: Callable[..., Any] | None = None,
        load_demo: Callable[[], Any] | None = None,
        clock: Clock = system_clock,
        on_first_paint: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.config = config
        self.paths = paths
        self.fetch = fetch
        self.refresh_all = refresh_all
        self.add_sources = add_sources
        self.load_demo = load_demo
        self.clock = clock
        self.on_first_paint = on_first_paint
        self.history: History[str] = self._load_history()
        self.titles: dict[str, str] = {}
        self.refresh_cancel = threading.Event()

    # -- start and stop --------------------------------------------------------

    def _warn_unknown_actions(self) -> None:
        """A [keys] entry that names no action would silently do nothing: say so."""
        known = {binding.id for _, classes in help_groups() for cls in (*classes, type(self))
                 for binding in cls.BINDINGS if isinstance(binding, Binding) and binding.id}
        unknown = sorted(set(self.config.keys) - known)
        if unknown:
            names = ", ".join(clean_inline(name) for name in unknown)
            self.notify(f"config: [keys] {names}: no such action (the README lists them)",
                        severity="error", markup=False, timeout=15)

    def on_mount(self) -> None:
        if self.config.keys:
            self.set_keymap(dict(self.config.keys))
        if self.config.reader.theme in self.available_themes:
            self.theme = self.config.reader.theme
        elif self.config.reader.theme:
            self.notify(f"config: reader.theme: no theme named {clean_inline(self.config.reader.theme)!r}; "
                        "choose one with Ctrl+P", severity="warning", markup=False, timeout=10)
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def get_default_screen(self) -> Screen:
        """The reading screen is the first screen (not one pushed over a blank default): its
        headlines are the first frame painted."""
        return MainScreen()

    def first_frame_painted(self) -> None:
        """Called by the main screen once its headlines are on the screen: what could wait, now."""
        if self.config.keys:
            self._warn_unknown_actions()
        if self.on_first_paint is not None:
            self.on_first_paint()

    def welcome(self) -> None:
        """The store is empty: offer to add a source or load the demo."""
        from newsreader.ui.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen(self.load_demo is not None), self._welcome_done)

    def _welcome_done(self, choice: str | None) -> None:
        screen = self._main_screen()
        if screen is None:
            return
        if choice == "add":
            screen.action_add_source()
        elif choice == "demo":
            screen.load_demo()

    def _main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def on_unmount(self) -> None:
        self.refresh_cancel.set()
        self._save_history()

    def _load_history(self) -> History[str]:
        if self.paths is None:
            return History()
        try:
            state = json.loads(Path(self.paths.state).read_text("utf-8"))
        except (OSError, ValueError):
            return History()
        if not isinstance(state, dict):
            return History()
        items = state.get("history")
        if isinstance(items, list):
            items = [item for item in items if isinstance(item, str)]
        return History.from_list(items, state.get("history_index"))

    def _save_history(self) -> None:
        if self.paths is None:
            return
        state = {"history": self.history.to_list(), "history_index": self.history.index}
        target = Path(self.paths.state)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(".json.tmp")
            temporary.write_text(json.dumps(state), "utf-8")
            temporary.replace(target)
        except OSError as error:
            self.log.error(f"could not save the reading history: {error}")

    def _remember_theme(self, theme: Any) -> None:
        if self.paths is None:
            return
        try:
            save_theme(Path(self.paths.config), theme.name)
        except OSError as error:
            self.notify(f"Could not save the theme: {error}", severity="warning", markup=False)

    # -- workers -------------------------------------------------------------

    def start_worker(self, work: Callable[[], Any], *, name: str, group: str = "default",
                     exclusive: bool = False) -> Worker[Any]:
        """Run ``work`` in a thread; a failure is reported, never fatal."""
        return self.run_worker(work, name=name, group=group, exclusive=exclusive, thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            message = clean_inline(str(error)) or type(error).__name__
            self.notify(f"{event.worker.name or 'A task'} failed: {message}", severity="error", markup=False,
                        timeout=8)

    # -- helpers for screens ---------------------------------------------------

    def title_of(self, article_id: str) -> str:
        if article_id not in self.titles:
            article = self.store.article(article_id)
            self.titles[article_id] = article.title if article else ""
        return self.titles[article_id]

    def open_article(self, article_id: str) -> None:
        """Show an article chosen outside the main screen (the command palette)."""
        screen = self._main_screen()
        if screen is not None:
            screen.post_message(ArticleSelected(article_id))

    def choose_view(self, key: str) -> None:
        screen = self._main_screen()
        if screen is not None:
            screen.choose_view(key)
            screen.headlines.focus()

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every binding with the keys in force (after ``config.keys``)."""
        sections = []
        for title, classes in help_groups():
            rows = []
            for cls in classes:
                for binding in cls.BINDINGS:
                    if not isinstance(binding, Binding):
                        continue
                    keys = self._keymap.get(binding.id, binding.key) if binding.id else binding.key
                    shown = ", ".join(self.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
                    rows.append((shown, binding.tooltip or binding.description))
            sections.append((title, _merge_number_rows(rows)))
        sections.append(("Everywhere", EXTRA_HELP))
        return sections

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own "Keys" panel is left out: it docks beside the screen where Esc cannot
        # close it, and our `?` help screen lists every key.
        help_panel = (self.action_show_help_panel, self.action_hide_help_panel)
        yield from (command for command in super().get_system_commands(screen) if command.callback not in help_panel)
        main = self._main_screen()
        if main is None:
            return
        yield SystemCommand("Refresh all sources", "Fetch every feed and rescan files", main.action_refresh_all)
        yield SystemCommand("Add a source", "A feed, a web page, a file or a folder", main.action_add_source)
        yield SystemCommand("Search", "Full-text search of the library", main.action_search)
        yield SystemCommand("Show bookmarks", "The articles you kept", main.action_bookmarks)
        yield SystemCommand("Show unread", "Only unread articles", lambda: self.choose_view("unread"))
        yield SystemCommand("Show all articles", "Every article", lambda: self.choose_view("all"))
        yield SystemCommand("Mark all in view read", "Every article in the list", main.action_mark_all_read)
        yield SystemCommand("Help", "Every key", main.action_help)


def _merge_number_rows(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The nine "follow link n" bindings as one row."""
    numbered = [row for row in rows if row[1] == FOLLOW_N]
    others = [row for row in rows if row[1] != FOLLOW_N]
    if numbered:
        others.append((f"{numbered[0][0]} … {numbered[-1][0]}", "Follow the n-th link"))
    return others


def build_app(
    store: Any,
    config: Config,
    *,
    paths: Paths | None = None,
    fetch: Callable[..., Any] | None = None,
    refresh_all: Callable[..., Any] | None = None,
    add_sources: Callable[..., Any] | None = None,
    load_demo: Callable[[], Any] | None = None,
    clock: Clock = system_clock,
    on_first_paint: Callable[[], Any] | None = None,
) -> NewsReaderApp:
    """The app over ``store``; ``refresh_all``/``add_sources`` default to newsreader.refresh's."""
    if (refresh_all is None or add_sources is None) and importlib.util.find_spec("newsreader.refresh") is not None:
        refresh_all = refresh_all or _from_refresh("refresh_all")
        add_sources = add_sources or _from_refresh("add_sources")
    return NewsReaderApp(store, config, paths=paths, fetch=fetch, refresh_all=refresh_all,
                         add_sources=add_sources, load_demo=load_demo, clock=clock, on_first_paint=on_first_paint)


def _from_refresh(name: str) -> Callable[..., Any]:
    """``newsreader.refresh.<name>``, imported on its first call (the feed and HTTP code is not needed to paint)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(load("newsreader.refresh"), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call
