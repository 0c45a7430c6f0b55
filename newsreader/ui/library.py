"""The library side of the main screen: refresh, add sources, mark all, the browser.

Each slow step runs in an app worker and answers with a message; failures of
any worker are reported by the app's one ``on_worker_state_changed``. A refresh
error belongs to its source: it is listed in the sources pane, never raised.
"""

from __future__ import annotations

import threading
from typing import Any

from newsreader.document.clean import clean_inline
from newsreader.links import open_in_browser
from newsreader.ui.browser import no_browser_reason, refusal
from newsreader.ui.messages import (
    BookmarksCompleted,
    LibraryChanged,
    RefreshFinished,
    RefreshProgress,
    SourceRefreshed,
    ViewMarkedRead,
)


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
        refresh_all = self.app.refresh_all
        if refresh_all is None:
            self.notify("Refreshing is not available here.", severity="warning", markup=False)
            return
        if self.refreshing:
            self.notify("A refresh is already running.", markup=False)
            return
        store, config = self.app.store, self.app.config
        total = len(source_ids) if source_ids is not None else len(store.sources())
        self.refreshing = True
        self.sources_pane.show_progress(0, total)
        self.refresh_bindings()
        cancel = self.app.refresh_cancel = threading.Event()
        fetch = {"fetch": self.app.fetch} if self.app.fetch is not None else {}

        def refresh() -> None:
            from newsreader.keep import complete_bookmarks  # the page fetcher, needed only after a refresh

            tally = ProgressTally(total)

            def on_progress(event: Any) -> None:
                tally.record(event)
                self.post_message(RefreshProgress(tally.done, tally.total, tally.last_name, list(tally.errors)))
                if tally.changed:
                    self.post_message(SourceRefreshed())

            before = store.last_seq()
            try:
                results = refresh_all(store, config, source_ids=source_ids, on_progress=on_progress,
                                      cancel=cancel, **fetch)
            except BaseException as error:
                self.post_message(RefreshFinished([], [*tally.errors, ("refresh", clean_inline(str(error)))]))
                raise
            errors = result_errors(list(results or [])) or tally.errors
            if config.rules:
                from newsreader.rules import apply_rules

                apply_rules(store, config.rules, before)  # before the list is shown again
            resolve_new_links(store, results)
            self.post_message(RefreshFinished(list(results or []), errors))
            kept = complete_bookmarks(store, config, cancel=cancel, **fetch)  # whole texts still missing
            if kept:
                self.post_message(BookmarksCompleted(list(kept)))

        self.app.start_worker(refresh, name="refresh", group="refresh")

    def action_mark_all_read(self) -> None:
        store, view = self.app.store, self.headlines.view

        def mark() -> None:
            self.post_message(ViewMarkedRead(store.mark_view_read(view)))

        self.app.start_worker(mark, name="mark all read")

    def on_view_marked_read(self, message: ViewMarkedRead) -> None:
        self.headlines.patch_all(read=True)
        self.headlines.reload()
        self.update_counts()
        self.notify(f"Marked {message.count} article{'s' if message.count != 1 else ''} read.", markup=False)

    # -- adding sources --------------------------------------------------------

    def action_add_source(self) -> None:
        from newsreader.ui.dialogs import AddSourceScreen

        self.app.push_screen(AddSourceScreen(), self.add_source)

    def add_source(self, spec: str | None) -> None:
        add_sources = self.app.add_sources
        if not spec:
            return
        if add_sources is None:
            self.notify("Adding sources is not available here.", severity="warning", markup=False)
            return
        store, config = self.app.store, self.app.config
        fetch = {"fetch": self.app.fetch} if self.app.fetch is not None else {}
        self.notify(f"Adding {clean_inline(spec)} …", markup=False)

        def add() -> None:
            results = list(add_sources(store, config, [spec], **fetch) or [])
            resolve_new_links(store, results)
            errors = result_errors(results)
            note = "Could not add the source." if errors and len(errors) == len(results) else "Source added."
            self.post_message(LibraryChanged(note, errors))

        self.app.start_worker(add, name="add source")

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

    # -- the article's web address --------------------------------------------

    def action_open_in_browser(self) -> None:
        url = self.target_article_url()
        reason = refusal(url) or no_browser_reason(self.app.config.reader.open_command)
        if reason or url is None:
            self.notify(reason or "No address.", severity="warning", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                command = self.app.config.reader.open_command
                self.app.start_worker(lambda: open_in_browser(url, command), name="open in browser")

        from newsreader.ui.dialogs import ConfirmOpenScreen

        self.app.push_screen(ConfirmOpenScreen(url), answered)

    def action_copy_address(self) -> None:
        url = self.target_article_url()
        if not url:
            self.notify("This article has no web address.", markup=False)
            return
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {clean_inline(url)}", markup=False)

    def action_help(self) -> None:
        from newsreader.ui.dialogs import HelpScreen

        self.app.push_screen(HelpScreen(self.app.help_sections()))


def resolve_new_links(store: Any, results: Any) -> None:
    """Resolve the related links that new articles bring or answer (runs in the worker)."""
    if any(getattr(r, "added", 0) or getattr(r, "updated", 0) for r in results or []):
        from newsreader.related import resolve_all
        from newsreader.sources.parse_pool import POOL

        resolve_all(store, workers=POOL)
