"""The jobs that change which sources there are and what they hold: refresh, add, remove,
rename, a source's settings, the check for sources due, the demo library.

They run like every job of the app (``Workers.start``: a thread worker whose failure the app
reports) and answer ``reply`` with a typed message; a refresh reports its progress as it goes
and can be cancelled (``refresh_cancel``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from newsreader.document.clean import clean_inline, edge_guard, error_line
from newsreader.source_settings import SettingError, SourceSettings
from newsreader.ui.messages import (
    BookmarksCompleted,
    DueSources,
    LibraryChanged,
    NotifyFailed,
    RefreshFinished,
    RefreshProgress,
    SourceRefreshed,
    SourceRemoved,
    SourceRenamed,
    SourceSettingsSaved,
)

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from newsreader.library import AccountEvent, Library, RefreshReport
    from newsreader.refresh import ProgressEvent, SourceResult


class StartJob(Protocol):
    """How a job is started (``Workers.start``)."""

    def __call__(self, work: Callable[[], object], *, name: str, group: str = ..., exclusive: bool = ...) -> None: ...


class ProgressTally:
    """What the ``on_progress`` events of one refresh add up to (from its worker threads)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.errors: list[tuple[str, str]] = []
        self.last_name = ""
        self.changed = False

    def record(self, event: ProgressEvent) -> None:
        self.done = event.done
        self.total = event.total
        self.last_name = edge_guard(event.name or "")
        if event.status == "error":
            self.errors.append((self.last_name or "source", edge_guard(event.message or "failed")))
        self.changed = event.status == "ok"


def result_errors(results: list[SourceResult]) -> list[tuple[str, str]]:
    """(name, error) of each source that failed, one line each."""
    return [(r.name or "source", r.error or "failed") for r in results if r.status == "error"]


def added_note(results: list[SourceResult]) -> str:
    """What adding one source came to: added, known already, or failed."""
    errors = result_errors(results)
    if errors and len(errors) == len(results):
        return "Could not add the source."
    known = [r for r in results if r.existing and r.status != "error"]
    if known and len(known) == len(results):
        return f"Already subscribed: {', '.join(r.name for r in known)}."
    return "Source added."


class SourceJobs:
    """The source jobs, started by ``start`` on ``library``."""

    def __init__(self, start: StartJob, library: Library) -> None:
        self.start = start
        self.library = library
        self.refresh_cancel = threading.Event()

    def refresh(self, reply: MessagePump, source_ids: list[int] | None, accounts: int, total: int) -> None:
        """Refresh ``source_ids`` (None: all) and then ``accounts`` sync accounts, reporting
        progress as it goes; ``total`` is what the progress bar starts from."""
        library = self.library
        cancel = self.refresh_cancel = threading.Event()

        def refresh() -> None:
            tally = ProgressTally(total)

            def on_progress(event: ProgressEvent) -> None:
                tally.record(event)
                tally.total += accounts  # the events count the sources; the accounts come after
                reply.post_message(RefreshProgress(tally.done, tally.total, tally.last_name, list(tally.errors)))
                if tally.changed:
                    reply.post_message(SourceRefreshed())

            failed_accounts: list[tuple[str, str]] = []

            def on_account(event: AccountEvent) -> None:
                if event.result is None:
                    return
                name = f"account {event.name}"
                tally.done += 1
                tally.last_name = name
                failed_accounts.extend([(name, event.error)] if event.error else [])
                reply.post_message(RefreshProgress(tally.done, tally.total, name, [*tally.errors, *failed_accounts]))
                reply.post_message(SourceRefreshed())

            finished: list[bool] = []

            def on_refreshed(report: RefreshReport) -> None:  # before the notify command: it may take a while
                finished.append(True)
                errors = (result_errors(report.sources) or tally.errors) + failed_accounts
                reply.post_message(RefreshFinished(report.sources, errors))

            try:
                report = library.refresh(source_ids, on_progress=on_progress, cancel=cancel, on_account=on_account,
                                         on_refreshed=on_refreshed)  # fmt: skip
            except BaseException as error:
                if not finished:
                    reply.post_message(RefreshFinished([], [*tally.errors, ("refresh", error_line(error))]))
                raise
            if report.notify_error:
                reply.post_message(NotifyFailed(report.notify_error))
            if report.kept:
                reply.post_message(BookmarksCompleted(list(report.kept)))

        self.start(refresh, name="refresh", group="refresh")

    def add_source(self, reply: MessagePump, spec: str) -> None:
        library = self.library

        def add() -> None:
            results = library.add([spec]).sources
            reply.post_message(LibraryChanged(added_note(results), result_errors(results)))

        self.start(add, name="add source")

    def remove_source(self, reply: MessagePump, source_id: int) -> None:
        sources = self.library.sources

        def remove() -> None:
            removed = sources.remove(source_id)
            reply.post_message(SourceRemoved(source_id, removed))

        self.start(remove, name="remove source")

    def rename_source(self, reply: MessagePump, source_id: int, title: str) -> None:
        sources = self.library.sources

        def rename() -> None:
            if sources.rename(source_id, title):
                renamed = sources.get(source_id)
                reply.post_message(
                    SourceRenamed(source_id, renamed.title if renamed and renamed.title else clean_inline(title))
                )

        self.start(rename, name="rename source")

    def due_sources(self, reply: MessagePump, now: datetime, done: Callable[[], None]) -> None:
        """Which sources' own refresh interval has passed by ``now`` (``DueSources``, when any)."""
        library = self.library

        def check() -> None:
            try:
                due = library.due_sources(now)
            finally:
                done()
            if due:
                reply.post_message(DueSources(due))

        self.start(check, name="due sources", group="due")

    def save_source_settings(self, reply: MessagePump, source_id: int, name: str, new: SourceSettings) -> None:
        library = self.library

        def save() -> None:
            try:
                library.change_source_settings(source_id, new)
            except (SettingError, LookupError) as error:
                reply.post_message(SourceSettingsSaved(source_id, name, error_line(error)))
                return
            reply.post_message(SourceSettingsSaved(source_id, new.title or name))

        self.start(save, name="save source settings")

    def load_demo(self, reply: MessagePump, load_demo: Callable[[], object]) -> None:
        def load() -> None:
            load_demo()
            reply.post_message(LibraryChanged("The demo library is loaded."))

        self.start(load, name="load demo")
