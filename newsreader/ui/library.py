"""The library side of the main screen: refresh, add sources, mark all, the browser.

Each slow step runs in an app worker and answers with a message; failures of
any worker are reported by the app's one ``on_worker_state_changed``. A refresh
error belongs to its source: it is listed in the sources pane, never raised.
"""

from __future__ import annotations

import threading
from typing import Any

from newsreader.document.clean import clean_inline
from newsreader.lazy_import import load
from newsreader.library import AccountEvent, Library, RefreshReport
from newsreader.links import open_in_browser
from newsreader.ui.browser import no_display, refusal, terminal_argv, terminal_browser
from newsreader.ui.messages import (
    BookmarksCompleted,
    LibraryChanged,
    RefreshFinished,
    RefreshProgress,
    SourceRefreshed,
    SourceRemoved,
    SourceRenamed,
    MarkReadUndone,
    NotifyFailed,
    ViewMarkedRead,
    WebLinkChosen,
)
from newsreader.ui.sources import source_label


class ProgressTally:
    """What the ``on_progress`` events of one refresh add up to.

    ``refresh_all`` reports one event per finished source (``done``, ``total``,
    ``name``, ``status`` and an error ``message``), from its worker threads.
    """

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.errors: list[tuple[str, str]] = []
        self.last_name = ""
        self.changed = False

    def record(self, event: Any) -> None:
        self.done = int(getattr(event, "done", self.done + 1))
        self.total = int(getattr(event, "total", self.total))
        self.last_name = clean_inline(str(getattr(event, "name", "") or ""))
        status = getattr(event, "status", None)
        if status == "error":
            error = getattr(event, "error", None) or getattr(event, "message", None) or "failed"
            self.errors.append((self.last_name or "source", clean_inline(str(error))))
        self.changed = status == "ok"


def _amount(value: Any) -> int:
    if isinstance(value, int):
        return value
    try:
        return len(value)
    except TypeError:
        return 0


def result_errors(results: list[Any]) -> list[tuple[str, str]]:
    return [
        (clean_inline(str(getattr(r, "name", "") or "source")), clean_inline(str(getattr(r, "error", "") or "failed")))
        for r in results
        if getattr(r, "status", None) == "error"
    ]


class LibraryActions:
    """Refresh, add, mark all read, open or copy the address, help."""

    refreshing = False

    def app_library(self) -> Library:
        """The library service over the app's store, config, fetcher and refresh steps."""
        app = self.app
        return Library(app.store, app.config, app.fetch, refresh_all=app.refresh_all, add_sources=app.add_sources)

    def _source_ids_in_view(self) -> list[int] | None:
        """The sources "r" refreshes: the entry chosen in the sources pane, else the open view's,
        else the source of the highlighted article; None (all) when there is none."""
        key = self.sources_pane.focused_key() or self.view_key
        if key.startswith("source:"):
            return [int(key.split(":", 1)[1])]
        if key.startswith("folder:"):
            folder = key.split(":", 1)[1]
            return [s.id for s in self.app.store.sources() if s.folder == folder]
        highlighted = self.headlines.highlighted
        if highlighted is not None and highlighted.source_id is not None:
            return [highlighted.source_id]
        return None

    def action_refresh(self) -> None:
        self.start_refresh(self._source_ids_in_view())

    def action_refresh_all(self) -> None:
        self.start_refresh(None)

    def start_refresh(self, source_ids: list[int] | None) -> None:
        if self.app.refresh_all is None:
            self.notify("Refreshing is not available here.", severity="warning", markup=False)
            return
        if self.refreshing:
            self.notify("A refresh is already running.", markup=False)
            return
        library = self.app_library()
        accounts = library.accounts(source_ids)  # synced after the sources
        wanted = set(source_ids) if source_ids is not None else None
        sources = library.store.sources()
        off = {i for i, s in library.all_source_settings().items() if not s.enabled}  # refresh leaves them out
        total = sum(1 for s in sources if s.kind != "synced" and s.id not in off and (wanted is None or s.id in wanted))
        total += len(accounts)
        self.refreshing = True
        self.sources_pane.show_progress(0, total)
        self.refresh_bindings()
        cancel = self.app.refresh_cancel = threading.Event()

        def refresh() -> None:
            tally = ProgressTally(total)

            def on_progress(event: Any) -> None:
                tally.record(event)
                tally.total += len(accounts)  # the events count the sources; the accounts come after
                self.post_message(RefreshProgress(tally.done, tally.total, tally.last_name, list(tally.errors)))
                if tally.changed:
                    self.post_message(SourceRefreshed())

            failed_accounts: list[tuple[str, str]] = []

            def on_account(event: AccountEvent) -> None:
                if event.result is None:
                    return
                name = f"account {clean_inline(event.name)}"
                tally.done += 1
                tally.last_name = name
                failed_accounts.extend([(name, event.error)] if event.error else [])
                self.post_message(RefreshProgress(tally.done, tally.total, name, [*tally.errors, *failed_accounts]))
                self.post_message(SourceRefreshed())

            finished: list[bool] = []

            def on_refreshed(report: RefreshReport) -> None:  # before the notify command: it may take a while
                finished.append(True)
                errors = (result_errors(report.sources) or tally.errors) + failed_accounts
                self.post_message(RefreshFinished(report.sources, errors))

            try:
                report = library.refresh(source_ids, on_progress=on_progress, cancel=cancel, on_account=on_account,
                                         on_refreshed=on_refreshed)  # fmt: skip
            except BaseException as error:
                if not finished:
                    self.post_message(RefreshFinished([], [*tally.errors, ("refresh", clean_inline(str(error)))]))
                raise
            if report.notify_error:
                self.post_message(NotifyFailed(report.notify_error))
            if report.kept:
                self.post_message(BookmarksCompleted(list(report.kept)))

        self.app.start_worker(refresh, name="refresh", group="refresh")

    def on_notify_failed(self, message: NotifyFailed) -> None:
        self.notify(message.text, title="Notify command", severity="warning", markup=False)

    # The articles the last mark-all-read changed, for `u` (one level of undo).
    _read_undo: tuple[str, ...] = ()

    def action_mark_all_read(self) -> None:
        store, view = self.app.store, self.headlines.view

        def mark() -> None:
            ids = tuple(store.mark_view_read_ids(view))
            self.post_message(ViewMarkedRead(len(ids), ids))

        self.app.start_worker(mark, name="mark all read")

    def on_view_marked_read(self, message: ViewMarkedRead) -> None:
        if message.ids:
            self._read_undo = message.ids
        self.headlines.patch_all(read=True)
        self.headlines.reload()
        self.update_counts()
        self.refresh_bindings()
        note = f"Marked {message.count} article{'s' if message.count != 1 else ''} read."
        self.notify(note + (" u undoes it." if message.ids else ""), markup=False)

    def action_undo(self) -> None:
        """Unread again exactly the articles the last `A` marked read (not others read since)."""
        ids, self._read_undo = self._read_undo, ()
        self.refresh_bindings()
        if not ids:
            self.notify("Nothing to undo.", markup=False)
            return
        store = self.app.store

        def unmark() -> None:
            store.set_read(ids, False)
            self.post_message(MarkReadUndone(len(ids)))

        self.app.start_worker(unmark, name="undo mark all read")

    def on_mark_read_undone(self, message: MarkReadUndone) -> None:
        self.headlines.reload()
        self.update_counts()
        self.refresh_bindings()
        self.notify(f"Marked {message.count} article{'s' if message.count != 1 else ''} unread again.",
                    markup=False)

    # -- adding sources --------------------------------------------------------

    def action_add_source(self) -> None:
        from newsreader.ui.dialogs import AddSourceScreen

        self.app.push_screen(AddSourceScreen(), self.add_source)

    def add_source(self, spec: str | None) -> None:
        if not spec:
            return
        if self.app.add_sources is None:
            self.notify("Adding sources is not available here.", severity="warning", markup=False)
            return
        library = self.app_library()
        self.notify(f"Adding {clean_inline(spec)} …", markup=False)

        def add() -> None:
            results = library.add([spec]).sources
            self.post_message(LibraryChanged(added_note(results), result_errors(results)))

        self.app.start_worker(add, name="add source")

    # -- removing and renaming sources ------------------------------------------

    def _chosen_source(self, doing: str) -> Any | None:
        source = self.sources_pane.highlighted_source()
        if source is None:
            self.notify(f"Choose a source in the sources pane to {doing}.", markup=False)
        return source

    def action_remove_source(self) -> None:
        view = self.sources_pane.highlighted_view()
        if view is not None:
            self._remove_view(view)
            return
        source = self._chosen_source("remove")
        if source is None:
            return
        from newsreader.ui.dialogs import ConfirmRemoveScreen

        store, config = self.app.store, self.app.config

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def remove() -> None:
                removed = load("newsreader.sync.subscriptions").remove_source(store, config, source.id)
                self.post_message(SourceRemoved(source.id, removed))

            self.app.start_worker(remove, name="remove source")

        self.app.push_screen(ConfirmRemoveScreen(source_label(source), source.article_count), answered)

    def _remove_view(self, name: str) -> None:
        """Drop a saved view, after asking (as `newsreader view remove NAME`)."""
        from newsreader.ui.dialogs import ConfirmRemoveScreen

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.app.store.remove_view(name)
            if self.view_key == f"view:{name}":
                self.show_view("all")
            self.update_counts()
            self.notify(f"Removed the view {clean_inline(name)!r}.", markup=False)

        self.app.push_screen(ConfirmRemoveScreen(clean_inline(name), 0, view=True), answered)

    def on_source_removed(self, message: SourceRemoved) -> None:
        removed = message.removed
        if self.view_key == f"source:{message.source_id}":
            self.show_view("all")
        else:
            self.headlines.reload()
        open_id = self.article_view.article_id
        if open_id is not None and self.app.store.article(open_id) is None:
            self.article_view.clear()
        self.update_counts()
        if removed is None:
            self.notify("That source was removed already.", markup=False)
            return
        note = f"Removed {clean_inline(removed.name)} and {removed.removed} article{'' if removed.removed == 1 else 's'}."
        if removed.kept:
            note += f" {removed.kept} bookmark{' stays' if removed.kept == 1 else 's stay'} in Bookmarks."
        self.notify(note, markup=False)

    def action_rename_source(self) -> None:
        source = self._chosen_source("rename")
        if source is None:
            return
        from newsreader.ui.dialogs import RenameSourceScreen

        store, config = self.app.store, self.app.config

        def answered(title: str | None) -> None:
            if not title:
                return

            def rename() -> None:
                if load("newsreader.sync.subscriptions").rename_source(store, config, source.id, title):
                    renamed = store.get_source(source.id)
                    self.post_message(SourceRenamed(source.id, renamed.title if renamed else title))

            self.app.start_worker(rename, name="rename source")

        self.app.push_screen(RenameSourceScreen(source_label(source)), answered)

    def on_source_renamed(self, message: SourceRenamed) -> None:
        self.update_counts()  # the sources pane, rebuilt with the new name
        self.headlines.reload()  # the headlines name their feed
        self.notify(f"Renamed to {clean_inline(message.title)}.", markup=False)

    def load_demo(self) -> None:
        load_demo = self.app.load_demo
        if load_demo is None:
            return

        def load() -> None:
            load_demo()
            self.post_message(LibraryChanged("The demo library is loaded."))

        self.app.start_worker(load, name="load demo")

    def on_library_changed(self, message: LibraryChanged) -> None:
        self.sources_pane.show_errors(message.errors)
        self.headlines.reload()
        self.update_counts()
        self.notify(message.note, severity="warning" if message.errors else "information", markup=False)

    # -- web addresses: the focused link's, else the article's ------------------

    def chosen_url(self) -> str | None:
        """The address ``o`` and ``y`` act on: the focused link's, else the article's."""
        return self.article_view.focused_url or self.target_article_url()

    def action_open_in_browser(self) -> None:
        self.open_address(self.chosen_url())

    def on_web_link_chosen(self, message: WebLinkChosen) -> None:
        self.open_address(message.url)

    def open_address(self, url: str | None) -> None:
        """Ask, then open ``url`` in a browser: the configured command or the system's; with no
        display, a browser that runs in this terminal while the app is suspended; with none of
        those, the address is shown and copied."""
        reason = refusal(url)
        if reason or url is None:
            self.notify(reason or "No address.", severity="warning", markup=False)
            return
        command = self.app.config.reader.open_command
        in_terminal = terminal_browser() if no_display(command) else None
        if no_display(command) and in_terminal is None:
            self.app.copy_to_clipboard(url)
            self.notify(f"No browser here (no display; no $BROWSER, w3m, lynx or elinks). Copied {clean_inline(url)}",
                        severity="warning", markup=False, timeout=10)
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if in_terminal is not None:
                self.run_terminal_browser(in_terminal, url)
            else:
                self.app.start_worker(lambda: open_in_browser(url, command), name="open in browser")

        from newsreader.ui.dialogs import ConfirmOpenScreen

        self.app.push_screen(ConfirmOpenScreen(url), answered)

    def run_terminal_browser(self, browser: list[str], url: str) -> None:
        """Run ``browser`` on ``url`` in this terminal, the app suspended until it exits."""
        import subprocess

        from textual.app import SuspendNotSupported

        argv = terminal_argv(browser, url)
        try:
            with self.app.suspend():
                subprocess.run(argv, check=False)
        except SuspendNotSupported:
            self.app.copy_to_clipboard(url)
            self.notify(f"This terminal cannot be handed to {clean_inline(browser[0])}. Copied {clean_inline(url)}",
                        severity="warning", markup=False)
        except OSError as error:
            self.notify(f"Could not run {clean_inline(browser[0])}: {clean_inline(str(error))}",
                        severity="error", markup=False)

    def action_copy_address(self) -> None:
        url = self.chosen_url()
        if not url:
            self.notify("This article has no web address.", markup=False)
            return
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {clean_inline(url)}", markup=False)

    def action_help(self) -> None:
        from newsreader.ui.dialogs import HelpScreen

        self.app.push_screen(HelpScreen(self.app.help_sections()))


def added_note(results: list[Any]) -> str:
    """What adding one source came to: added, known already, or failed."""
    errors = result_errors(results)
    if errors and len(errors) == len(results):
        return "Could not add the source."
    known = [r for r in results if getattr(r, "existing", False) and getattr(r, "status", None) != "error"]
    if known and len(known) == len(results):
        return f"Already subscribed: {', '.join(clean_inline(str(r.name)) for r in known)}."
    return "Source added."

