"""The sources pane: All, Unread, Bookmarks, then each source by tag (folders are tags),
then the saved views (queries with a name).

Each entry shows its unread count (the entries and their grouping: ``source_entries``).
During a refresh a progress bar shows how many sources are done; afterwards the sources
that failed are listed with their error. Choosing an entry posts ``ViewChosen`` with its key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from newsreader.ui.dates import Clock
from newsreader.ui.messages import ViewChosen
from newsreader.ui.source_status import failure_note
from newsreader.ui.view import View
from newsreader.ui.widgets.source_entries import entries, source_label, view_key

if TYPE_CHECKING:
    from textual.widgets import ProgressBar

    from newsreader.store import SavedView, Source


class SourceList(OptionList):
    """The list part of the pane (its own class so TCSS and keys can target it).

    It moves with the headline list's keys as well as the arrows. Removing and renaming act on
    the highlighted source; the screen does the work (``SourceActions``), so the keys name its
    actions."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="sources_down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="sources_up"),
        Binding("g,home", "first", "Top", show=False, id="sources_top"),
        Binding("G,end", "last", "Bottom", show=False, id="sources_bottom"),
        Binding(
            "d,delete",
            "screen.remove_source",
            "Remove",
            id="remove_source",
            tooltip="Remove the selected source or saved view (asks first; bookmarks stay)",
        ),
        Binding(
            "e,f2",
            "screen.rename_source",
            "Rename",
            id="rename_source",
            tooltip="Give the selected source a title of your own",
        ),
        Binding(
            "S",
            "screen.source_settings",
            "Settings",
            id="source_settings",
            tooltip="The selected source's own settings: refresh interval, articles kept, headers, full text",
        ),
    ]


class SourcesPane(Vertical):
    """Saved views and sources; refresh progress and errors below them."""

    COMPONENT_CLASSES = {
        "sources--count",
        "sources--folder",
        "sources--error-mark",
        "sources--error-name",
        "sources--error-text",
    }

    def __init__(self, clock: Clock, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock  # when a failed source is tried again is said against it
        self.sources: dict[int, Source] = {}  # the sources shown, by id

    def style_of(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def compose(self):
        # The progress bar and the error list are mounted when a refresh first needs them.
        yield SourceList(id="source-list")

    def on_mount(self) -> None:
        self.show_sources([], 0, 0, View())  # the saved views at once; sources and counts come from a worker

    def _progress_bar(self) -> ProgressBar:
        from textual.widgets import ProgressBar  # imported with the first refresh

        bars = self.query("#refresh-progress")
        if bars:
            return bars.first(ProgressBar)
        bar = ProgressBar(id="refresh-progress", show_eta=False)
        self.mount(bar, after=self.query_one(SourceList))
        return bar

    def _error_box(self) -> Static:
        boxes = self.query("#refresh-errors")
        if boxes:
            return boxes.first(Static)
        box = Static(id="refresh-errors", markup=False)
        self.mount(box)
        return box

    def show_sources(
        self,
        sources: list[Source],
        unread_total: int,
        bookmarks: int,
        current: View,
        views: Sequence[tuple[SavedView, int | None]] = (),
        tags: dict[int, list[str]] | None = None,
    ) -> None:
        """Rebuild the entries (there are few), keeping the highlight where it was."""
        self.sources = {source.id: source for source in sources}
        option_list = self.query_one(SourceList)
        highlighted = option_list.highlighted
        keep = option_list.get_option_at_index(highlighted).id if highlighted is not None else str(current)
        option_list.clear_options()
        option_list.add_options(entries(sources, unread_total, bookmarks, self.style_of, views, tags))
        try:
            option_list.highlighted = option_list.get_option_index(keep or str(current))
        except Exception:
            option_list.highlighted = 0
        self._show_detail()

    def source_of(self, key: str | None) -> Source | None:
        """The source of an entry's key ("source:3"), as last shown."""
        kind, _, number = (view_key(key) or "").partition(":")
        return self.sources.get(int(number)) if kind == "source" and number.isdigit() else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        """Under the list, why the highlighted source failed (its entry only says "!")."""
        option_list = self.query_one(SourceList)
        highlighted = option_list.highlighted
        key = option_list.get_option_at_index(highlighted).id if highlighted is not None else None
        source = self.source_of(key)
        note = failure_note(source, self.clock()) if source is not None else None
        boxes = self.query("#source-detail").results(Static)
        box = next(iter(boxes), None)
        if note is None or source is None:
            if box is not None:
                box.display = False
            return
        if box is None:
            box = Static(id="source-detail", markup=False)
            self.mount(box, after=option_list)
        text = Text()
        text.append(f"✗ {source_label(source)}\n", self.style_of("sources--error-name"))
        text.append(note, self.style_of("sources--error-text"))
        box.update(text)
        box.display = True

    def focused_view(self) -> View | None:
        """The view of the highlighted entry while the list has focus (what "r" refreshes)."""
        option_list = self.query_one(SourceList)
        if not option_list.has_focus or option_list.highlighted is None:
            return None
        return View.parse(option_list.get_option_at_index(option_list.highlighted).id)

    def highlighted_source(self) -> Source | None:
        """The source whose entry is highlighted (None on a saved view or a folder)."""
        option_list = self.query_one(SourceList)
        if option_list.highlighted is None:
            return None
        return self.source_of(view_key(option_list.get_option_at_index(option_list.highlighted).id))

    def highlighted_view(self) -> str | None:
        """The name of the saved view whose entry is highlighted (None on anything else)."""
        option_list = self.query_one(SourceList)
        if option_list.highlighted is None:
            return None
        key = option_list.get_option_at_index(option_list.highlighted).id or ""
        return key.removeprefix("view:") if key.startswith("view:") else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ViewChosen(View.parse(event.option.id)))

    def show_progress(self, done: int, total: int) -> None:
        bar = self._progress_bar()
        bar.display = True
        bar.update(total=max(total, 1), progress=done)

    def hide_progress(self) -> None:
        for bar in self.query("#refresh-progress"):
            bar.display = False

    def show_errors(self, errors: list[tuple[str, str]]) -> None:
        """Per-source failures of the last refresh: name, then the error, dimmed."""
        if not errors:
            for box in self.query("#refresh-errors").results(Static):
                box.display = False
                box.update("")
            return
        box = self._error_box()
        text = Text()
        text.append(
            f"{len(errors)} source{'s' if len(errors) != 1 else ''} failed:\n", self.style_of("sources--error-name")
        )
        for name, error in errors:
            text.append(f"✗ {name}\n", self.style_of("sources--error-name"))
            text.append(f"  {error}\n", self.style_of("sources--error-text"))
        text.rstrip()
        box.update(text)
        box.display = True
