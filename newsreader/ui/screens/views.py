"""The view shown in the headline list: choosing it, counting it, and the note over it.

``View`` (``ui/view.py``) names the view; the store's ``View`` is the filter it becomes.
Counting runs in workers: the view's length once its first page is painted, and the unread
counts of the sources pane and the header after every change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from newsreader.store import View as StoreView
from newsreader.ui.source_status import failure_note
from newsreader.ui.view import ALL, View

if TYPE_CHECKING:
    from newsreader.store import Source
    from newsreader.ui.messages import CountsRead, MarkReadUndone, ViewMarkedRead
    from newsreader.ui.screens.panes import Panes


class Views:
    """The view shown, its counts and its note; mark all read and its undo."""

    def __init__(self, panes: Panes) -> None:
        self.panes = panes
        self.current: View = ALL
        self.sources_seen: list[Source] = []  # the sources as last counted (what the view's note reads)
        self.read_undo: tuple[str, ...] = ()  # the articles the last mark-all-read changed, for `u`

    def store_view(self, view: View) -> StoreView:
        if view.kind == "unread":
            return StoreView(unread=True)
        if view.kind == "bookmarks":
            return StoreView(bookmarked=True)
        if view.kind == "source":
            return StoreView(source_id=view.id)
        if view.kind == "folder":
            return StoreView(folder=view.name)
        if view.kind in ("view", "tag"):
            return self._query_view(view)
        return StoreView()

    def _query_view(self, view: View) -> StoreView:
        """A saved view's or a tag's articles; nothing (and a note) when the query no longer reads."""
        from newsreader.query import Compiled, QueryError

        views = self.panes.library.views
        if view.kind == "tag":
            query = 'tag:"' + view.name.replace('"', "") + '"'
        else:
            saved = views.saved(view.name)
            query = saved.query if saved else "-hidden hidden"
        try:
            return views.query_view(query)
        except QueryError as error:
            self.panes.notify(f"The view {view.name!r} cannot be read: {error}", severity="warning")
            return StoreView(query=Compiled(query, "0", ()))

    def label(self, view: View) -> str:
        if view.kind == "source" and view.id is not None:
            source = self.panes.library.sources.get(view.id)
            return view.label(source.name if source else None)
        return view.label()

    def choose(self, view: View) -> None:
        self.show(view)
        self.update_counts()

    def show(self, view: View, *, count: bool = True) -> None:
        """The headlines of ``view``; ``count=False`` reads one page and counts later (``count_view``)."""
        panes = self.panes
        self.current = view
        panes.headlines.show_view(self.store_view(view), select=panes.article.article_id, count=count)
        empty = view.kind == "all" and not panes.headlines.count and not panes.library.sources.all()
        panes.headlines.empty_message = view.empty_message(empty)
        self.show_note()
        panes.screen.refresh_bindings()

    def show_note(self) -> None:
        """Over the headlines of a source (or folder) whose last refresh failed: why, and when it
        is tried again. From the sources of the last count (a count follows every view chosen)."""
        failing: list[tuple[Source, str]] = []
        if self.current.kind in ("source", "folder"):
            now = self.panes.clock()
            for source in self.sources_seen:
                if self.current.shows_source(source.id, source.folder):
                    note = failure_note(source, now)
                    if note:
                        failing.append((source, note))
        box = self.panes.screen.query_one("#view-note", Static)
        text = Text(no_wrap=False)
        for source, note in failing:
            if text:
                text.append("\n")
            text.append(f"! {source.name}: ", "bold")
            text.append(note)
        box.update(text)
        box.set_class(bool(failing), "-shown")

    def count_view(self) -> None:
        """Count the view shown, in a worker, when only its first page was read."""
        headlines = self.panes.headlines
        if not headlines.counted and headlines.view is not None:
            self.panes.workers.count_view(self.panes.root, headlines.view)

    def update_counts(self) -> None:
        """Recount unread articles (in a worker: on a big library it takes a moment)."""
        self.panes.workers.count_all(self.panes.root)

    def counts_read(self, message: CountsRead) -> None:
        """Unread counts everywhere at once: the sources pane and the header."""
        panes = self.panes
        self.sources_seen = list(message.sources)
        current = self.current
        if current.kind == "source" and current.id is not None and all(s.id != current.id for s in message.sources):
            if panes.library.sources.get(current.id) is None:
                self.show(ALL)  # its source was removed (from the command line, say)
        panes.sources.show_sources(
            message.sources, message.unread, message.bookmarks, self.current, message.views, message.tags
        )
        self.show_note()
        panes.screen.app.sub_title = f"{self.label(self.current)} · {message.unread} unread"

    # -- mark all read, and undo it --------------------------------------------------

    def mark_all_read(self) -> None:
        view = self.panes.headlines.view
        if view is not None:
            self.panes.workers.mark_view_read(self.panes.root, view)

    def marked_read(self, message: ViewMarkedRead) -> None:
        if message.ids:
            self.read_undo = message.ids
        self.panes.headlines.patch_all(read=True)
        self._changed()
        note = f"Marked {message.count} article{'s' if message.count != 1 else ''} read."
        self.panes.notify(note + (" u undoes it." if message.ids else ""))

    def undo(self) -> None:
        """Unread again exactly the articles the last `A` marked read (not others read since)."""
        ids, self.read_undo = self.read_undo, ()
        self.panes.screen.refresh_bindings()
        if not ids:
            self.panes.notify("Nothing to undo.")
            return
        self.panes.workers.unmark_read(self.panes.root, ids)

    def unmarked(self, message: MarkReadUndone) -> None:
        self._changed()
        self.panes.notify(f"Marked {message.count} article{'s' if message.count != 1 else ''} unread again.")

    def _changed(self) -> None:
        self.panes.headlines.reload()
        self.update_counts()
        self.panes.screen.refresh_bindings()
