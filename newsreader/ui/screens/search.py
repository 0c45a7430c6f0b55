"""The search screen: results as you type, matches highlighted, Escape goes back.

The word being typed matches as a prefix (``bangl`` finds Bangladesh); the words
before it, phrases and operators are the CLI's search syntax.

Typing restarts a short timer; when it fires the query runs in a worker (the
store's full-text search may take a moment on a big library) and the results
come back as a ``SearchResults`` message. Only the newest query's results show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsreader.document.clean import clean_inline, strip_controls
from newsreader.ui.messages import SearchResults

if TYPE_CHECKING:
    from newsreader.library import Views
    from newsreader.store import SearchHit
    from newsreader.ui.workers import Workers

DEBOUNCE_SECONDS = 0.15


def hit_text(hit: SearchHit, styles: Callable[[str], Style]) -> Text:
    """Title — source, then the snippet with its matched ranges styled."""
    headline = hit.headline
    text = Text(no_wrap=False)
    title = headline.title or "(untitled)"
    text.append(title, styles("search--title"))
    source = headline.source or headline.feed or ""
    if source and source != title:
        text.append(f" — {source}", styles("search--meta"))
    if headline.date:
        text.append(f"  {headline.date}", styles("search--meta"))
    snippet = Text(strip_controls(hit.snippet).replace("\n", " "))
    match = styles("search--match")
    for start, end in hit.highlights:
        if 0 <= start < end <= len(snippet.plain):
            snippet.stylize(match, start, end)
    text.append("\n")
    text.append_text(snippet)
    return text


class SearchScreen(ModalScreen[str | None]):
    """Find an article by its words; Enter opens the highlighted result."""

    BINDINGS = [
        Binding("escape", "dismiss_search", "Back", id="search_back"),
        Binding("down", "focus_results", "Results", show=False, id="search_results"),
        Binding("ctrl+s", "save_view", "Save as view", id="search_save_view"),
    ]
    COMPONENT_CLASSES = {"search--match", "search--title", "search--meta"}

    def __init__(self, views: Views, workers: Workers, query: str = "") -> None:
        super().__init__()
        self.views = views
        self.jobs = workers
        self.initial_query = query
        self._timer: Timer | None = None
        self._hits: list[SearchHit] = []

    def compose(self):
        with Vertical(id="search-dialog"):
            yield Static(Text("Search"), classes="dialog-title", markup=False)
            yield Input(value=self.initial_query, placeholder="Words to find…", id="search-input")
            yield OptionList(id="search-results")
            yield Static(
                Text("Enter opens · ↓ results · Ctrl+S saves as a view · Esc back"), classes="dialog-hint", markup=False
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial_query:
            self._run_search()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._run_search)

    def _run_search(self) -> None:
        query = self.query_one(Input).value.strip()
        if not query:
            self._show([], "")
            return
        self.jobs.search(self, query)

    def on_search_results(self, message: SearchResults) -> None:
        if message.query == self.query_one(Input).value.strip():
            self._show(message.hits, message.query)

    def _show(self, hits: list[SearchHit], query: str) -> None:
        self._hits = hits
        results = self.query_one("#search-results", OptionList)
        results.clear_options()

        def style(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        for number, hit in enumerate(hits):
            if number:
                results.add_option(None)
            results.add_option(Option(hit_text(hit, style), id=hit.headline.id))
        if not hits and query:
            results.add_option(Option(Text(f"Nothing matches “{query}”."), disabled=True))
        if hits:
            results.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        results = self.query_one("#search-results", OptionList)
        if self._hits:
            option = results.get_option_at_index(results.highlighted or 0)
            if option.id:
                self.dismiss(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def action_focus_results(self) -> None:
        self.query_one("#search-results", OptionList).focus()

    def action_save_view(self) -> None:
        """Keep the query as a saved view (it is shown under the sources), asking for its name."""
        from newsreader.query import QueryError
        from newsreader.ui.screens.dialogs import NameViewScreen

        typed = self.query_one(Input).value.strip()
        if not typed:
            self.notify("Type a query first.", markup=False)
            return
        query = self.views.as_typed(typed)  # the query whose results are shown: the view lists the same articles
        try:
            self.views.compile(query)
        except QueryError as error:
            self.notify(f"Not saved: {error}", severity="warning", markup=False)
            return

        def named(name: str | None) -> None:
            if name:
                new = self.views.save(name, query)
                self.notify(f"{'Saved' if new else 'Changed'} the view {clean_inline(name)!r}.", markup=False)

        self.app.push_screen(NameViewScreen(query), named)

    def action_dismiss_search(self) -> None:
        self.dismiss(None)
