"""The library service: what a refresh or an add does after the sources are fetched, in one place.

Every front end (the command line, the demo launcher, the app's workers) calls ``Library``
for these jobs and nothing below it; each keeps its own output (progress bars, JSON,
messages). A refresh is, in order:

1. the sources (``refresh.refresh_all``), then every sync account the refresh covers;
2. the config's rules, on the articles stored since the refresh began (``rules``);
3. the related-link pass, when any source or account added or updated articles;
4. ``on_refreshed(report)``: the articles are stored and can be shown;
5. the notify command, when the refresh stored new articles (``notify``);
6. the whole texts of the new articles of sources whose settings ask for ``full_text``
   (``keep.fetch_whole_texts``);
7. the whole texts of bookmarks that still need them (``keep.complete_bookmarks``).

A source's own settings (``newsreader.source_settings``) are read and changed here too
(``source_settings``, ``change_source_settings``), and ``due_sources`` names the sources
whose refresh ``interval`` has passed (``refresh --due``, the app's timer).

An add is steps 1 (``refresh.add_sources``), 2 and 3. A ``sync`` of the accounts alone is
steps 1 (the accounts), 3 and 6. Beside these, the jobs that read or write the sources' own
formats: ``read_file`` (a file read as an add reads it, not stored), ``import_opml`` and
``export_opml``, ``import_newsboat``. Runs in worker threads: the modules that cost start-up
time are imported through ``lazy_import.load``.

The front ends hold no store: what they read and organise goes through the collaborators here,
one module each: ``articles`` (articles, headlines, counts, story lines), ``views`` (queries,
saved views, the rules tried), ``tags``, ``sources`` (remove and rename, an account's on its
server first) and ``accounts`` (sync accounts). tests/core/test_core_boundary.py holds them to it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.config import Config
from newsreader.lazy_import import load
from newsreader.library.accounts import AccountRemoved, Accounts
from newsreader.library.articles import Articles
from newsreader.library.files import FileArticle, FileReading, LibraryError, OpmlReport, read_file
from newsreader.library.reports import AccountEvent, Reading, RefreshReport
from newsreader.library.sources import Sources
from newsreader.library.tags import TagChange, Tags
from newsreader.library.views import Views
from newsreader.rules import apply_rules
from newsreader.source_settings import SettingError, SourceSettings, apply, from_store

if TYPE_CHECKING:
    from newsreader.imports.newsboat import NewsboatFiles, NewsboatReport
    from newsreader.keep import KeepResult
    from newsreader.store import SearchHit, Source


def _held_back(retry_at: str | None, now: datetime) -> bool:
    """Whether the source's server asked (Retry-After) not to be asked again before a time still to come."""
    if not retry_at:
        return False
    try:
        until = datetime.fromisoformat(retry_at)
    except ValueError:
        return False
    if until.tzinfo is None or now.tzinfo is None:
        until, now = until.replace(tzinfo=None), now.replace(tzinfo=None)
    return until > now


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
        self.articles = Articles(store)  # reading: articles, headlines, counts, story lines
        self.views = Views(store, config)  # queries, saved views, the rules tried
        self.tags = Tags(store)
        self.sources = Sources(store, config)  # listing, removing, renaming sources
        self.accounts = Accounts(store, config)  # sync accounts and their subscriptions

    def _fetch(self) -> dict[str, Any]:
        return {"fetch": self.fetch} if self.fetch is not None else {}

    # -- reading ------------------------------------------------------------------------

    def open(self, article_id: str, *, neighbours: bool = True) -> Reading | None:
        """The article to read, None when it is gone; ``neighbours``: its suggestions and
        backlinks too (one query each)."""
        store = self.store
        article = store.article(article_id)
        if article is None:
            return None
        reading = Reading(article, store.article_by_url)
        if neighbours:
            suggested = {(link.title, link.url): link.suggestions for link in article.document.related_links}
            linked = store.links.linked_from(article.id)
            heads = store.headlines_of([*linked, *(i for ids in suggested.values() for i in ids)])
            reading.suggestions = {
                key: [heads[i] for i in ids if i in heads and i != article.id] for key, ids in suggested.items()
            }
            reading.linked_from = [heads[i] for i in linked if i in heads]
        return reading

    # -- sync accounts ------------------------------------------------------------

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
        names = self.accounts.names(source_ids)  # chosen before the sources change
        report = RefreshReport()
        report.sources = list(self._refresh_all(store, self.config, source_ids=source_ids, on_progress=on_progress,
                                                cancel=cancel, **self._fetch()) or [])  # fmt: skip
        report.accounts = self._sync(names, on_account, cancel) if names else []
        self._after_storing(report, before)
        if on_refreshed is not None:
            on_refreshed(report)
        report.notify_error = self._notify(before)
        report.full_texts = self._full_texts(before, cancel)
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

    # -- per-source settings -------------------------------------------------------------

    def source_settings(self, source_id: int) -> SourceSettings:
        """The source's own settings (every key at its default when it has none)."""
        return from_store(self.store.source_settings_of(source_id))

    def all_source_settings(self) -> dict[int, SourceSettings]:
        """Every source's settings, by id (sources with none are absent: all defaults)."""
        return {source_id: from_store(text) for source_id, text in self.store.source_settings().items()}

    def change_source_settings(
        self, source_id: int, changes: Iterable[tuple[str, str]] | SourceSettings
    ) -> SourceSettings:
        """Make ``changes`` (``KEY=VALUE`` pairs, an empty value resetting the key, or whole new
        settings) to the source's settings and keep them, all or nothing: SettingError names the
        first bad key and nothing is changed; LookupError when there is no such source. A new
        title is kept as ``rename`` keeps one; no title gives the source its feed's again."""
        if self.store.get_source(source_id) is None:
            raise LookupError(f"no source with id {source_id}")
        old = self.source_settings(source_id)
        new = changes if isinstance(changes, SourceSettings) else apply(old, list(changes))
        title: dict[str, Any] = {"title": new.title} if new.title != old.title else {}
        if not self.store.save_source_settings(source_id, new.to_store(), **title):
            raise LookupError(f"no source with id {source_id}")
        return new

    def disabled_sources(self) -> set[int]:
        """The sources whose own settings leave them out of refreshes."""
        return {source_id for source_id, settings in self.all_source_settings().items() if not settings.enabled}

    def sources_shown(self) -> list[Source]:
        """Every source with its counts, each marked ``enabled`` as its settings say (for a list)."""
        off = self.disabled_sources()
        return [replace(source, enabled=False) if source.id in off else source for source in self.store.sources()]

    def due_sources(self, now: datetime | None = None) -> list[int]:
        """The sources whose ``interval`` has passed since their last refresh (or that were
        never refreshed), enabled ones with an interval only, in the order added."""
        now = now or datetime.now(UTC)
        settings = self.all_source_settings()
        return [s.id for s in self.store.sources()
                if s.kind != "synced" and s.id in settings and settings[s.id].is_due(s.last_refreshed, now)
                and not _held_back(s.retry_at, now)]  # fmt: skip

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
        report.accounts = self._sync(list(names) if names is not None else self.accounts.names(), on_account, cancel)
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

    def import_newsboat(self, files: NewsboatFiles, *, config_path: Path | None = None, dry_run: bool = False,
                        progress: Callable[[str], None] | None = None) -> NewsboatReport:  # fmt: skip
        """Import newsboat's feeds, tags, query feeds, items and read state (``dry_run``: say what
        would be imported, change nothing); ImportError_ when it cannot start."""
        extra: dict[str, Any] = {"progress": progress} if progress is not None else {}
        importer = load("newsreader.imports.newsboat")  # the cache reader: slow to import
        report: NewsboatReport = importer.import_newsboat(self.store, files, config_path=config_path,
                                                          dry_run=dry_run, **extra)  # fmt: skip
        return report

    def export_opml(self) -> str:
        """The feed subscriptions as an OPML document, with their folders, tags and web pages."""
        feeds = [source for source in self.store.sources() if source.kind == "feed"]
        write_opml = load("newsreader.sources.opml").write_opml
        return write_opml(feeds, tags=self.store.source_tags(), web_pages=self.store.web_pages())

    # -- marks, keeping and finding ------------------------------------------------------

    def set_read(self, ids: Iterable[str], read: bool = True) -> None:
        """Mark articles read or unread (a synced article's change is queued for its server)."""
        self.store.set_read(ids, read)

    def bookmark(self, article_id: str, keep: bool = True) -> bool:
        """Keep an article, or stop keeping it: whether that changed anything."""
        return self.store.bookmark(article_id) if keep else self.store.unbookmark(article_id)

    def fetch_whole_text(self, article_id: str, *, force: bool = False) -> KeepResult:
        """Fetch the article's page and keep its main text with it (``force``: whatever its feed
        gave); a failure is stored with the article and the feed's text stays."""
        keep = load("newsreader.keep")  # the page fetcher and the extractor
        result: KeepResult = keep.fetch_whole_text(self.store, article_id, self.config, force=force, **self._fetch())
        return result

    def search(self, query: str, limit: int = 50, *, typing: bool = False) -> list[SearchHit]:
        """The articles whose words match ``query``, best first (``typing``: its last word may be
        half typed)."""
        return self.store.search(query, limit, typing=typing)

    def load_demo(self, folder_title: str) -> list[Any]:
        """Add the bundled demo articles and feed files, their folder named ``folder_title``."""
        folder, *feeds = load("newsreader.demo").demo_sources()
        results = self.add([str(folder), *map(str, feeds)]).sources
        added = self.store.find_source(str(folder))
        if added is not None:
            self.store.update_source(added.id, title=folder_title)
        return results

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

    def _full_texts(self, before: int, cancel: threading.Event | None) -> list[Any]:
        """The whole text of every article stored since ``before`` whose source asks for it."""
        wanting = {i: s for i, s in self.all_source_settings().items() if s.full_text and s.enabled}
        if not wanting:
            return []
        new = [h for h in self.store.headlines_after(before) if h.source_id in wanting and h.url]
        new = [h for h in new if h.url.lower().startswith(("http://", "https://"))]
        if not new:
            return []
        keep = load("newsreader.keep")
        base = self.fetch or load("newsreader.sources.http").fetch

        def fetcher(settings: SourceSettings) -> Callable[..., Any]:
            extra = settings.request_headers()
            return partial(base, headers=extra) if extra else base

        wanted = [(h.id, h.url, fetcher(wanting[h.source_id])) for h in new]
        return list(keep.fetch_whole_texts(self.store, self.config, wanted, cancel=cancel) or [])

    def _complete_bookmarks(self, cancel: threading.Event | None) -> list[Any]:
        if not self.store.kept_needing_text():  # the page fetcher is imported only when some need it
            return []
        keep = load("newsreader.keep")
        return list(keep.complete_bookmarks(self.store, self.config, cancel=cancel, **self._fetch()) or [])


__all__ = [
    "AccountEvent",
    "AccountRemoved",
    "Accounts",
    "Articles",
    "FileArticle",
    "FileReading",
    "Library",
    "LibraryError",
    "OpmlReport",
    "Reading",
    "RefreshReport",
    "SettingError",
    "Sources",
    "TagChange",
    "Tags",
    "Views",
    "read_file",
]
