"""The newsreader app: it receives its library, config and clock; nothing is global.

``build_app`` wires it. The app owns what outlives a screen: the reading trail (history
saved to ``paths.state``), the theme (saved with ``config.save_theme``), the key map from
``config.keys``, the workers, the command palette and the one handler that reports every
failed worker. The main screen (``screens/main.py``) does the reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from newsreader.config import Config, save_theme
from newsreader.document.clean import error_line
from newsreader.library import Library
from newsreader.ui.dates import Clock, system_clock
from newsreader.ui.keys import help_sections, known_actions
from newsreader.ui.messages import ArticleSelected
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.screens.source_settings import DUE_CHECK_SECONDS
from newsreader.ui.trail import ReadingTrail
from newsreader.ui.view import View
from newsreader.ui.workers import Workers

if TYPE_CHECKING:
    from textual.theme import Theme

    from newsreader.paths import Paths
    from newsreader.store import Store

# What the first screen does not need is imported when it is first used (the
# launch path imports only what paints the headlines): the palette's providers,
# the search and welcome screens, the link widgets, refresh and its network code.


def _sources_provider() -> type:
    from newsreader.ui.commands import SourcesProvider

    return SourcesProvider


def _articles_provider() -> type:
    from newsreader.ui.commands import ArticlesProvider

    return ArticlesProvider


class NewsReaderApp(App[None]):
    """A terminal news reader over one library."""

    CSS_PATH = "newsreader.tcss"
    TITLE = "newsreader"
    COMMANDS = App.COMMANDS | {_sources_provider, _articles_provider}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, id="app_quit")]
    due_check_seconds = DUE_CHECK_SECONDS  # how often sources whose own interval passed are looked for

    def __init__(
        self,
        library: Library,
        config: Config,
        clock: Clock = system_clock,
        *,
        paths: Paths | None = None,
        load_demo: Callable[[], object] | None = None,
        on_first_paint: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.config = config
        self.clock = clock
        self.paths = paths
        self.load_demo = load_demo
        self._first_paint_hook = on_first_paint
        self.trail = ReadingTrail(library.articles, paths)
        self.jobs = Workers(self, library)

    @property
    def refresh_all(self) -> Callable[..., object]:
        """The step that fetches the sources (``newsreader.refresh.refresh_all`` unless replaced)."""
        return self.library._refresh_all

    @property
    def add_sources(self) -> Callable[..., object]:
        return self.library._add_sources

    # -- start and stop --------------------------------------------------------

    def _warn_unknown_actions(self) -> None:
        """A [keys] entry that names no action would silently do nothing: say so."""
        unknown = sorted(set(self.config.keys) - known_actions(self))
        if unknown:
            names = ", ".join(unknown)
            self.notify(
                f"config: [keys] {names}: no such action (the README lists them)",
                severity="error",
                markup=False,
                timeout=15,
            )

    def on_mount(self) -> None:
        if self.config.keys:
            self.set_keymap(dict(self.config.keys))
        if self.config.reader.theme in self.available_themes:
            self.theme = self.config.reader.theme
        elif self.config.reader.theme:
            self.notify(
                f"config: reader.theme: no theme named {self.config.reader.theme!r}; choose one with Ctrl+P",
                severity="warning",
                markup=False,
                timeout=10,
            )
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def get_default_screen(self) -> Screen[None]:
        """The reading screen is the first screen (not one pushed over a blank default): its
        headlines are the first frame painted."""
        return MainScreen(
            self.library, self.config, self.clock, self.trail, self.jobs, self.load_demo, self.first_frame_painted
        )

    def first_frame_painted(self) -> None:
        """The main screen's headlines are on the screen: what could wait, now."""
        if self.config.keys:
            self._warn_unknown_actions()
        if self._first_paint_hook is not None:
            self._first_paint_hook()
        main = self._main_screen()
        if main is not None:
            main.main_panes.source_settings.start_timer(self.due_check_seconds)

    def _main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def on_unmount(self) -> None:
        self.jobs.sources.refresh_cancel.set()
        error = self.trail.save()
        if error:
            self.log.error(f"could not save the reading history: {error}")

    def _remember_theme(self, theme: Theme) -> None:
        if self.paths is None:
            return
        try:
            save_theme(Path(self.paths.config), theme.name)
        except OSError as error:
            self.notify(f"Could not save the theme: {error_line(error)}", severity="warning", markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            message = error_line(error)
            self.notify(f"{event.worker.name or 'A task'} failed: {message}", severity="error", markup=False, timeout=8)

    # -- what the palette asks -------------------------------------------------------

    def open_article(self, article_id: str) -> None:
        """Show an article chosen outside the main screen (the command palette)."""
        screen = self._main_screen()
        if screen is not None:
            screen.main_panes.post_message(ArticleSelected(article_id))

    def choose_view(self, view: View | str) -> None:
        screen = self._main_screen()
        if screen is not None:
            screen.choose_view(view)
            screen.headlines.focus()

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every binding with the keys in force (after ``config.keys``)."""
        return help_sections(self)

    def action_show_keys(self) -> None:
        """``?``: every key, grouped by where it works."""
        from newsreader.ui.screens.dialogs import HelpScreen

        self.push_screen(HelpScreen(self.help_sections()))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
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
        yield SystemCommand("Show unread", "Only unread articles", lambda: self.choose_view(View("unread")))
        yield SystemCommand("Show all articles", "Every article", lambda: self.choose_view(View()))
        yield SystemCommand("Mark all in view read", "Every article in the list", main.action_mark_all_read)
        yield SystemCommand("Help", "Every key", self.action_show_keys)


def build_app(
    library: Library | Store,
    config: Config,
    clock: Clock = system_clock,
    *,
    paths: Paths | None = None,
    load_demo: Callable[[], object] | None = None,
    on_first_paint: Callable[[], object] | None = None,
    fetch: Callable[..., object] | None = None,
    refresh_all: Callable[..., object] | None = None,
    add_sources: Callable[..., object] | None = None,
) -> NewsReaderApp:
    """The app over ``library``. A bare store is put in a ``Library`` with ``fetch`` and the
    steps that fetch the sources (``refresh_all``, ``add_sources``: newsreader.refresh's unless given,
    imported on their first call: the feed and HTTP code is not needed to paint)."""
    if not isinstance(library, Library):
        library = Library(library, config, fetch, refresh_all=refresh_all, add_sources=add_sources)
    return NewsReaderApp(library, config, clock, paths=paths, load_demo=load_demo, on_first_paint=on_first_paint)
