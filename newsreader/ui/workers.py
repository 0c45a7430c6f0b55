"""Every background job of the app, each answering with a typed message.

A job runs in a thread worker of the app (``exit_on_error=False``: a failure is reported by
the app's one ``on_worker_state_changed``, never fatal) and posts what it found to ``reply``,
the widget or screen that asked. Store and network work happens here, never on the event loop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from newsreader.document.clean import clean_inline
from newsreader.lazy_import import load
from newsreader.links import open_in_browser
from newsreader.source_settings import SettingError, SourceSettings
from newsreader.store import View as StoreView
from newsreader.ui.messages import (
    BookmarkChanged,
    BookmarksCompleted,
    CountsRead,
    DueSources,
    FullTextFetched,
    LibraryChanged,
    MarkReadUndone,
    NotifyFailed,
    RefreshFinished,
    RefreshProgress,
    SearchResults,
    SimilarFound,
    SourceRefreshed,
    SourceRemoved,
    SourceRenamed,
    SourceSettingsSaved,
    ViewCounted,
    ViewMarkedRead,
)

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

    from newsreader.library import AccountEvent, Library, RefreshReport
    from newsreader.refresh import ProgressEvent, SourceResult


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
        self.last_name = clean_inline(event.name or "")
        if event.status == "error":
            self.errors.append((self.last_name or "source", clean_inline(event.message or "failed")))
        self.changed = event.status == "ok"


def result_errors(results: list[SourceResult]) -> list[tuple[str, str]]:
    """(name, error) of each source that failed, one line each."""
    return [
        (clean_inline(r.name or "source"), clean_inline(r.error or "failed")) for r in results if r.status == "error"
    ]


def added_note(results: list[SourceResult]) -> str:
    """What adding one source came to: added, known already, or failed."""
    errors = result_errors(results)
    if errors and len(errors) == len(results):
        return "Could not add the source."
    known = [r for r in results if r.existing and r.status != "error"]
    if known and len(known) == len(results):
        return f"Already subscribed: {', '.join(clean_inline(str(r.name)) for r in known)}."
    return "Source added."


class Workers:
    """The jobs, started in threads of ``app`` on ``library``."""

    def __init__(self, app: App[None], library: Library) -> None:
        self.app = app
        self.library = library
        self.refresh_cancel = threading.Event()

    def fetch_options(self) -> dict[str, Callable[..., object]]:
        """The library's page fetcher, when it has its own (tests pass one that never goes out)."""
        return {"fetch": self.library.fetch} if self.library.fetch is not None else {}

    def start(self, work: Callable[[], object], *, name: str, group: str = "default", exclusive: bool = False) -> None:
        self.app.run_worker(work, name=name, group=group, exclusive=exclusive, thread=True, exit_on_error=False)

    # -- counting and finding ------------------------------------------------------

    def count_view(self, reply: MessagePump, view: StoreView) -> None:
        store = self.library.store
        self.start(
            lambda: reply.post_message(ViewCounted(view, store.count(view))),
            name="counting headlines",
            group="view-count",
            exclusive=True,
        )

    def count_all(self, reply: MessagePump) -> None:
        store = self.library.store

        def count() -> None:
            reply.post_message(
                CountsRead(
                    self.library.sources_shown(),
                    store.unread_total(),
                    store.count(StoreView(bookmarked=True)),
                    store.saved_view_counts(),
                    store.source_tags(),
                )
            )

        self.start(count, name="counting unread articles", group="counts", exclusive=True)

    def similar(self, reply: MessagePump, article_id: str) -> None:
        similar_articles = load("newsreader.related").similar_articles  # not needed to paint the first screen
        store = self.library.store
        self.start(
            lambda: reply.post_message(SimilarFound(article_id, list(similar_articles(store, article_id, limit=5)))),
            name="related articles",
            group="similar",
            exclusive=True,
        )

    def search(self, reply: MessagePump, query: str) -> None:
        store = self.library.store

        def search() -> None:
            hits = store.search(query, limit=50, typing=True)  # the last word may be half typed
            reply.post_message(SearchResults(query, hits))

        self.start(search, exclusive=True, group="search", name=f"search {query!r}")

    # -- marks -----------------------------------------------------------------------

    def mark_view_read(self, reply: MessagePump, view: StoreView) -> None:
        store = self.library.store

        def mark() -> None:
            ids = tuple(store.mark_view_read_ids(view))
            reply.post_message(ViewMarkedRead(len(ids), ids))

        self.start(mark, name="mark all read")

    def unmark_read(self, reply: MessagePump, ids: tuple[str, ...]) -> None:
        store = self.library.store

        def unmark() -> None:
            store.set_read(ids, False)
            reply.post_message(MarkReadUndone(len(ids)))

        self.start(unmark, name="undo mark all read")

    def bookmark(self, reply: MessagePump, article_id: str, keep: bool) -> None:
        """Keep (and fetch the whole page of a summary, for offline) or drop a bookmark."""
        store, config, fetch = self.library.store, self.library.config, self.fetch_options()

        def change() -> None:
            fetch_whole_text = load("newsreader.keep").fetch_whole_text  # the page fetcher, needed only once keeping
            if not keep:
                store.unbookmark(article_id)
                reply.post_message(BookmarkChanged(article_id, False, "Bookmark removed."))
                return
            store.bookmark(article_id)
            reply.post_message(BookmarkChanged(article_id, True, "Bookmarked."))
            result = fetch_whole_text(store, article_id, config, **fetch)
            if result.status == "kept":
                note = f"Saved the whole text for offline reading ({result.words} words)."
                reply.post_message(BookmarkChanged(article_id, True, note, whole_text=True))
            elif result.status == "failed":
                note = f"Kept the feed's text; the whole page could not be saved: {clean_inline(result.error or '')}"
                reply.post_message(BookmarkChanged(article_id, True, note))

        self.start(change, name="bookmark")

    def full_text(self, reply: MessagePump, article_id: str) -> None:
        store, config, fetch = self.library.store, self.library.config, self.fetch_options()

        def fetch_page() -> None:
            result = load("newsreader.keep").fetch_whole_text(store, article_id, config, force=True, **fetch)
            if result.status == "kept":
                note = f"Whole text fetched ({result.words} words); t shows the feed's text."
            elif result.status == "not needed":
                note = "This article has no web page (http or https) to fetch."
            else:
                note = f"Could not fetch the whole text: {clean_inline(result.error or '')}. The feed's text is kept."
            reply.post_message(FullTextFetched(article_id, result.status == "kept", note))

        self.start(fetch_page, name="full text")

    # -- sources -----------------------------------------------------------------------

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
                name = f"account {clean_inline(event.name)}"
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
                    reply.post_message(RefreshFinished([], [*tally.errors, ("refresh", clean_inline(str(error)))]))
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
        store, config = self.library.store, self.library.config

        def remove() -> None:
            removed = load("newsreader.sync.subscriptions").remove_source(store, config, source_id)
            reply.post_message(SourceRemoved(source_id, removed))

        self.start(remove, name="remove source")

    def rename_source(self, reply: MessagePump, source_id: int, title: str) -> None:
        store, config = self.library.store, self.library.config

        def rename() -> None:
            if load("newsreader.sync.subscriptions").rename_source(store, config, source_id, title):
                renamed = store.get_source(source_id)
                reply.post_message(SourceRenamed(source_id, renamed.title if renamed and renamed.title else title))

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
                reply.post_message(SourceSettingsSaved(source_id, name, str(error)))
                return
            reply.post_message(SourceSettingsSaved(source_id, new.title or name))

        self.start(save, name="save source settings")

    def load_demo(self, reply: MessagePump, load_demo: Callable[[], object]) -> None:
        def load() -> None:
            load_demo()
            reply.post_message(LibraryChanged("The demo library is loaded."))

        self.start(load, name="load demo")

    def open_in_browser(self, url: str, command: str) -> None:
        self.start(lambda: open_in_browser(url, command), name="open in browser")
