"""The sources: refresh, add, remove, rename and tag them, and load the demo library.

Each slow step runs in a worker (``ui/workers.py``) and answers with a message; a refresh
error belongs to its source: it is listed in the sources pane, never raised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsreader.document.clean import clean_inline
from newsreader.ui.view import ALL, View
from newsreader.ui.widgets.sources import source_label

if TYPE_CHECKING:
    from collections.abc import Callable

    from newsreader.store import Source
    from newsreader.ui.messages import LibraryChanged, RefreshFinished, SourceRemoved, SourceRenamed
    from newsreader.ui.screens.panes import Panes
    from newsreader.ui.screens.views import Views


class SourceActions:
    """What the keys of the sources pane (and ``r``, ``R``, ``a``, ``#``) do."""

    def __init__(self, panes: Panes, views: Views, load_demo: Callable[[], object] | None) -> None:
        self.panes = panes
        self.views = views
        self.load_demo_library = load_demo
        self.refreshing = False

    # -- refresh -------------------------------------------------------------------------

    def source_ids_in_view(self) -> list[int] | None:
        """The sources "r" refreshes: the entry chosen in the sources pane, else the open view's,
        else the source of the highlighted article; None (all) when there is none."""
        view = self.panes.sources.focused_view() or self.views.current
        if view.kind == "source" and view.id is not None:
            return [view.id]
        if view.kind == "folder":
            return [s.id for s in self.panes.library.sources.all() if s.folder == view.name]
        highlighted = self.panes.headlines.highlighted
        if highlighted is not None and highlighted.source_id is not None:
            return [highlighted.source_id]
        return None

    def start_refresh(self, source_ids: list[int] | None) -> None:
        panes = self.panes
        if self.refreshing:
            panes.notify("A refresh is already running.")
            return
        accounts = panes.library.accounts.names(source_ids)  # synced after the sources
        wanted = set(source_ids) if source_ids is not None else None
        off = panes.library.disabled_sources()  # a refresh leaves them out
        total = len(accounts) + sum(
            1
            for s in panes.library.sources.all()
            if s.kind != "synced" and s.id not in off and (wanted is None or s.id in wanted)
        )
        self.refreshing = True
        panes.sources.show_progress(0, total)
        panes.screen.refresh_bindings()
        panes.workers.sources.refresh(panes.root, source_ids, len(accounts), total)

    def refresh_finished(self, message: RefreshFinished) -> None:
        panes = self.panes
        self.refreshing = False
        panes.sources.hide_progress()
        panes.sources.show_errors(message.errors)
        panes.headlines.reload()
        self.views.update_counts()
        failed = len(message.errors)
        added = sum(result.added for result in message.results)
        count = len(message.results)
        summary = f"Refreshed {count} source{'s' if count != 1 else ''}: {added} new"
        if failed:
            summary += f", {failed} failed"
        panes.notify(summary, severity="warning" if failed else "information")
        panes.screen.refresh_bindings()

    # -- adding, removing, renaming ------------------------------------------------------

    def welcome(self) -> None:
        """The store is empty: offer to add a source or load the demo."""
        from newsreader.ui.screens.welcome import WelcomeScreen

        def chosen(choice: str | None) -> None:
            if choice == "add":
                self.ask_to_add()
            elif choice == "demo":
                self.load_demo()

        self.panes.screen.app.push_screen(WelcomeScreen(self.load_demo_library is not None), chosen)

    def ask_to_add(self) -> None:
        from newsreader.ui.screens.dialogs import AddSourceScreen

        self.panes.screen.app.push_screen(AddSourceScreen(), self.add)

    def add(self, spec: str | None) -> None:
        if not spec:
            return
        self.panes.notify(f"Adding {clean_inline(spec)} …")
        self.panes.workers.sources.add_source(self.panes.root, spec)

    def load_demo(self) -> None:
        if self.load_demo_library is not None:
            self.panes.workers.sources.load_demo(self.panes.root, self.load_demo_library)

    def library_changed(self, message: LibraryChanged) -> None:
        self.panes.sources.show_errors(message.errors)
        self.panes.headlines.reload()
        self.views.update_counts()
        self.panes.notify(message.note, severity="warning" if message.errors else "information")

    def chosen_source(self, doing: str) -> Source | None:
        source = self.panes.sources.highlighted_source()
        if source is None:
            self.panes.notify(f"Choose a source in the sources pane to {doing}.")
        return source

    def remove(self) -> None:
        from newsreader.ui.screens.dialogs import ConfirmRemoveScreen

        name = self.panes.sources.highlighted_view()
        if name is not None:
            self._remove_view(name)
            return
        source = self.chosen_source("remove")
        if source is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.panes.workers.sources.remove_source(self.panes.root, source.id)

        self.panes.screen.app.push_screen(ConfirmRemoveScreen(source_label(source), source.article_count), answered)

    def _remove_view(self, name: str) -> None:
        """Drop a saved view, after asking (as `newsreader view remove NAME`)."""
        from newsreader.ui.screens.dialogs import ConfirmRemoveScreen

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.panes.library.views.remove(name)
            if self.views.current == View("view", name=name):
                self.views.show(ALL)
            self.views.update_counts()
            self.panes.notify(f"Removed the view {name!r}.")

        self.panes.screen.app.push_screen(ConfirmRemoveScreen(name, 0, view=True), answered)

    def source_removed(self, message: SourceRemoved) -> None:
        panes, removed = self.panes, message.removed
        if self.views.current == View.source(message.source_id):
            self.views.show(ALL)
        else:
            panes.headlines.reload()
        open_id = panes.article.article_id
        if open_id is not None and panes.library.articles.article(open_id) is None:
            panes.article.clear()
        self.views.update_counts()
        if removed is None:
            panes.notify("That source was removed already.")
            return
        note = f"Removed {removed.name} and {removed.removed} article{'' if removed.removed == 1 else 's'}."
        if removed.kept:
            note += f" {removed.kept} bookmark{' stays' if removed.kept == 1 else 's stay'} in Bookmarks."
        panes.notify(note)

    def rename(self) -> None:
        from newsreader.ui.screens.dialogs import RenameSourceScreen

        source = self.chosen_source("rename")
        if source is None:
            return

        def answered(title: str | None) -> None:
            if title:
                self.panes.workers.sources.rename_source(self.panes.root, source.id, title)

        self.panes.screen.app.push_screen(RenameSourceScreen(source_label(source)), answered)

    def source_renamed(self, message: SourceRenamed) -> None:
        self.views.update_counts()  # the sources pane, rebuilt with the new name
        self.panes.headlines.reload()  # the headlines name their feed
        self.panes.notify(f"Renamed to {message.title}.")

    # -- tags --------------------------------------------------------------------------

    def tag(self) -> None:
        """``#``: the tags of the source chosen in the sources pane, else of the highlighted article."""
        from newsreader.ui.screens.tags import TagScreen

        panes, library = self.panes, self.panes.library
        chosen = panes.sources.focused_view()
        if chosen is not None and chosen.kind == "source" and chosen.id is not None:
            source = library.sources.get(chosen.id)
            if source is None:
                return
            current = library.tags.of_source(source.id)

            def edited_source(tags: list[str] | None) -> None:
                if tags is None:
                    return
                library.tags.replace_source(source.id, current, tags)
                self.views.update_counts()
                panes.notify(f"Tags of {source.name}: {', '.join(tags) or 'none'}")

            panes.screen.app.push_screen(TagScreen(source.name, current), edited_source)
            return
        highlighted = panes.headlines.highlighted
        if highlighted is None:
            panes.notify("No article to tag.")
            return
        article_id = highlighted.id
        current = library.tags.of_article(article_id)

        def edited_article(tags: list[str] | None) -> None:
            if tags is None:
                return
            library.tags.replace_article(article_id, current, tags)
            panes.notify(f"Tags: {', '.join(tags) or 'none'}")

        panes.screen.app.push_screen(TagScreen(highlighted.title or "the article", current), edited_article)
