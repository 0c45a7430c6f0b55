"""The library service: what a refresh or an add does after the sources are fetched, in one place.

Every front end (the command line, the demo launcher, the app's workers) calls ``Library``
for these jobs and nothing below it; each keeps its own output (progress bars, JSON,
messages). A refresh is, in order:

1. the sources (``refresh.refresh_all``), then every sync account the refresh covers;
2. the config's rules, on the articles stored since the refresh began (``rules``);
3. the related-link pass, when any source or account added or updated articles;
4. ``on_refreshed(report)``: the articles are stored and can be shown;
5. the notify command, when the refresh stored new articles (``notify``);
6. the whole texts of bookmarks that still need them (``keep.complete_bookmarks``).

An add is steps 1 (``refresh.add_sources``), 2 and 3. A ``sync`` of the accounts alone is
steps 1 (the accounts), 3 and 6. Beside these, the jobs that read or write the sources' own
formats: ``read_file`` (a file read as an add reads it, not stored), ``import_opml`` and
``export_opml``. Runs in worker threads: the modules that cost start-up time are imported
through ``lazy_import.load``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.config import Config
from newsreader.document.clean import clean_inline
from newsreader.lazy_import import load
from newsreader.rules import RuleResult, apply_rules

if TYPE_CHECKING:
    from newsreader.document.blocks import Document
    from newsreader.sources.opml import SkippedOutline
    from newsreader.store.models import Source


class LibraryError(Exception):
    """A job that failed in an expected way (a file that cannot be read): the message, one
    line naming the file, is for the person who asked."""


@dataclass
class AccountEvent:
    """A sync account's progress within a refresh: ``message`` while it syncs (``result``
    None), then once with its ``result`` when it is done."""

    name: str
    message: str = ""
    result: Any | None = None

    @property
    def error(self) -> str | None:
        """Why the finished account failed (one line, controls removed), or None."""
        if self.result is None or self.result.ok:
            return None
        return clean_inline(self.result.error or "") or None


@dataclass
class RefreshReport:
    """What one refresh or add did: what every front end prints or shows."""

    sources: list[Any] = field(default_factory=list)  # refresh.SourceResult, one per source
    accounts: list[Any] = field(default_factory=list)  # sync.AccountResult, one per account synced
    rules: list[RuleResult] = field(default_factory=list)
    links_resolved: bool = False  # whether the related-link pass ran
    notify_error: str | None = None  # why the notify command failed, when it did
    kept: list[Any] = field(default_factory=list)  # keep.KeepResult, one per bookmark completed

    @property
    def changed(self) -> bool:
        """Whether any source or account added or updated articles."""
        return any(getattr(r, "added", 0) or getattr(r, "updated", 0) for r in [*self.sources, *self.accounts])


@dataclass
class FileArticle:
    """An article read from a file without storing it: no id, unread, not kept."""

    document: Document
    origin: str  # the file's absolute path
    feed: str | None = None  # the feed's title, when the file is a feed

    def to_json(self) -> dict[str, Any]:
        """The CLI.md shape of an article in a list, for ``show FILE --json``."""
        document = self.document
        return {
            "id": None,
            "title": document.title,
            "date": document.date,
            "published": document.published,
            "source": document.source,
            "feed": self.feed,
            "origin": self.origin,
            "url": document.url,
            "read": False,
            "bookmarked": False,
        }


@dataclass
class FileReading:
    """A file read as ``add`` reads it (a feed by its content): a feed's title and articles in
    feed order, or the one article it is."""

    is_feed: bool
    title: str | None
    articles: list[FileArticle]
    day: str | None = None  # an article file without a date of its own: the day it was last changed


@dataclass
class OpmlReport:
    """What ``import_opml`` did: the feeds subscribed, those already here, the outlines left out."""

    added: list[Source] = field(default_factory=list)
    existing: list[Source] = field(default_factory=list)
    skipped: list[SkippedOutline] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The CLI.md shape of ``import-opml --json``."""
        return {
            "added": [source.to_subscription_json() for source in self.added],
            "existing": [source.to_subscription_json() for source in self.existing],
            "skipped": [outline.to_json() for outline in self.skipped],
        }


def read_file(path: Path, config: Config) -> FileReading:
    """The articles of the file at ``path``, read as ``add`` reads it (the same test of a
    feed by its content, so the two agree) but not stored. LibraryError, one line naming
    the file, when it cannot be read. It needs no store: ``show FILE`` opens none."""
    files = load("newsreader.sources.files")
    feeds = load("newsreader.sources.feeds")
    origin = str(path.resolve())
    try:
        data = files.read_bytes(path, config.limits.max_bytes)
        if files.reads_as_feed(path, data):
            parsed = feeds.parse_feed(data, origin)
            title = parsed.title or None
            return FileReading(True, title, [FileArticle(item.document, origin, title) for item in parsed.items])
        document = files.parse_article(data, path)
    except files.SourceError as error:  # names the file already
        raise LibraryError(str(error)) from None
    except feeds.FeedError as error:  # "not a feed: …", "refused: …"
        raise LibraryError(f"{path}: {error}") from None
    except Exception as error:  # a parser's surprise is one line too, as for add
        raise LibraryError(f"{path}: cannot read it ({type(error).__name__}: {error})") from None
    changed = None if document.date or document.published else load("newsreader.refresh").modified_time(path)
    return FileReading(False, document.title, [FileArticle(document, origin)], changed[:10] if changed else None)


def _from_refresh(name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(load("newsreader.refresh"), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


class Library:
    """The store and the config, and the jobs every front end runs on them.

    ``fetch`` is the HTTP fetcher (None: the real one). ``refresh_all`` and ``add_sources``
    are the steps that fetch the sources (None: ``newsreader.refresh``'s); the app passes
    its own, which tests replace.
    """

    def __init__(self, store: Any, config: Config, fetch: Callable[..., Any] | None = None, *,
                 refresh_all: Callable[..., Any] | None = None,
                 add_sources: Callable[..., Any] | None = None) -> None:  # fmt: skip
        self.store = store
        self.config = config
        self.fetch = fetch
        self._refresh_all = refresh_all or _from_refresh("refresh_all")
        self._add_sources = add_sources or _from_refresh("add_sources")

    def _fetch(self) -> dict[str, Any]:
        return {"fetch": self.fetch} if self.fetch is not None else {}

    # -- sync accounts ------------------------------------------------------------

    def accounts(self, source_ids: list[int] | None = None) -> list[str]:
        """The names of the accounts a refresh of ``source_ids`` (None: everything) syncs."""
        sync = load("newsreader.sync")
        if source_ids is None:
            return [account.name for account in sync.all_accounts(self.store)]
        owners = sync.account_of_sources(self.store)
        return sorted({owners[i] for i in source_ids if i in owners})

    def _sync(self, names: Sequence[str], on_account: Callable[[AccountEvent], None] | None,
              cancel: threading.Event | None) -> list[Any]:  # fmt: skip
        sync_all = load("newsreader.sync").sync_all
        results = []
        for name in names:
            report = (lambda account, message: on_account(AccountEvent(account, message))) if on_account else None
            (result,) = sync_all(self.store, self.config, names=[name], on_progress=report, cancel=cancel) or [None]
            if result is None:
                continue
            results.append(result)
            if on_account:
                on_account(AccountEvent(name, "", result))
        return results

    # -- the jobs -------------------------------------------------------------------

    def refresh(
        self,
        source_ids: list[int] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        cancel: threading.Event | None = None,
        on_account: Callable[[AccountEvent], None] | None = None,
        on_refreshed: Callable[[RefreshReport], None] | None = None,
    ) -> RefreshReport:
        """Refresh the sources (all, or ``source_ids``) and the accounts they cover, then the
        rest of the sequence in the module's docstring. ``on_progress`` gets the sources'
        progress events, ``on_account`` the accounts'; ``on_refreshed`` is called once the
        new articles are stored and linked, before the notify command and the bookmarks."""
        store = self.store
        before = store.last_seq()
        names = self.accounts(source_ids)  # chosen before the sources change
        report = RefreshReport()
        report.sources = list(self._refresh_all(store, self.config, source_ids=source_ids, on_progress=on_progress,
                                                cancel=cancel, **self._fetch()) or [])  # fmt: skip
        report.accounts = self._sync(names, on_account, cancel) if names else []
        self._after_storing(report, before)
        if on_refreshed is not None:
            on_refreshed(report)
        report.notify_error = self._notify(before)
        report.kept = self._complete_bookmarks(cancel)
        return report

    def add(
        self,
        specs: Sequence[str],
        on_progress: Callable[[Any], None] | None = None,
    ) -> RefreshReport:
        """Add the sources ``specs`` (addresses, files, folders), then apply the rules and
        resolve the links their articles bring. (Adding is not cancellable: ``add_sources``
        has no stop point.)"""
        before = self.store.last_seq()
        report = RefreshReport()
        extra: dict[str, Any] = {"on_progress": on_progress} if on_progress is not None else {}
        report.sources = list(self._add_sources(self.store, self.config, list(specs), **self._fetch(), **extra) or [])
        self._after_storing(report, before)
        return report

    def sync(
        self,
        names: Sequence[str] | None = None,
        on_account: Callable[[AccountEvent], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> RefreshReport:
        """Sync the accounts (every one, or ``names``) both ways, without the sources: the link
        pass when they added or updated articles, then the whole texts of bookmarks (starred
        there, kept whole here). ``on_account`` gets their progress as in ``refresh``."""
        report = RefreshReport()
        report.accounts = self._sync(list(names) if names is not None else self.accounts(), on_account, cancel)
        self._link_pass(report)
        if report.accounts:
            report.kept = self._complete_bookmarks(cancel)
        return report

    # -- the sources' own formats ------------------------------------------------------

    def read_file(self, path: Path) -> FileReading:
        """The file at ``path`` read as ``add`` reads it, not stored (``read_file``)."""
        return read_file(path, self.config)

    def import_opml(self, path: Path) -> OpmlReport:
        """Subscribe to the feeds of the OPML file at ``path`` (not fetched yet), with their
        folders, categories as tags and web pages; the feeds already here are left as they are."""
        try:
            found = load("newsreader.sources.opml").read_opml_report(path.read_bytes())
        except OSError as error:
            raise LibraryError(f"{path}: {error.strerror or error}") from None
        except Exception as error:
            raise LibraryError(f"{path}: {error}") from None
        store = self.store
        known = {source.address: source for source in store.sources()}
        report = OpmlReport(skipped=list(found.skipped))
        for entry in found.entries:
            if entry.url in known:
                report.existing.append(known[entry.url])
                continue
            source = known[entry.url] = store.add_source("feed", entry.url, title=entry.title, folder=entry.folder)
            report.added.append(source)
            if entry.categories:
                store.tag_source(source.id, entry.categories)
            if entry.html_url:
                store.set_web_pages({source.id: entry.html_url})
        return report

    def export_opml(self) -> str:
        """The feed subscriptions as an OPML document, with their folders, tags and web pages."""
        feeds = [source for source in self.store.sources() if source.kind == "feed"]
        write_opml = load("newsreader.sources.opml").write_opml
        return write_opml(feeds, tags=self.store.source_tags(), web_pages=self.store.web_pages())

    # -- the steps --------------------------------------------------------------------

    def _after_storing(self, report: RefreshReport, before: int) -> None:
        """The rules on what was stored since ``before``, then the link pass when anything changed."""
        if self.config.rules:
            report.rules = apply_rules(self.store, self.config.rules, before)
        self._link_pass(report)

    def _link_pass(self, report: RefreshReport) -> None:
        """Resolve the related links when any source or account added or updated articles."""
        if report.changed:
            pool = load("newsreader.sources.parse_pool").POOL
            load("newsreader.related").resolve_all(self.store, workers=pool)
            report.links_resolved = True

    def _notify(self, before: int) -> str | None:
        command = self.config.refresh.notify_command
        if not command:
            return None
        return load("newsreader.notify").notify_new_articles(self.store, command, before)

    def _complete_bookmarks(self, cancel: threading.Event | None) -> list[Any]:
        if not self.store.kept_needing_text():  # the page fetcher is imported only when some need it
            return []
        keep = load("newsreader.keep")
        return list(keep.complete_bookmarks(self.store, self.config, cancel=cancel, **self._fetch()) or [])


__all__ = ["AccountEvent", "FileArticle", "FileReading", "Library", "LibraryError", "OpmlReport", "RefreshReport", "read_file"]
