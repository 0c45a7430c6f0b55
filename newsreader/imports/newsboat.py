"""Coming from newsboat: its feeds, tags, titles, query feeds, items and read state, in one move.

``import_newsboat`` reads newsboat's three files (``urls``, ``cache.db``,
``config``), works out everything it would change, and then — unless it is a
dry run — writes it: sources with their titles and tags, every cached item of
a subscribed feed as an article (through the same reading as a refresh, so a
later refresh finds the same articles), their read state and flags, the feeds'
validators (so the first refresh can be answered 304), saved views for the
query feeds, and ``[keys]``/rules/settings in config.toml.

It is idempotent: what is already here is left as it is. Read state and flags
are carried only for articles this import adds, so a second import never undoes
what was read or kept here since.

This module runs the import and decides the feeds, tags, views and config; where the
files are and the report are in newsboat_report.py, the items in newsboat_items.py.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

from newsreader.config_write import ConfigAdditions, add_to_config
from newsreader.imports.newsboat_cache import CacheError, CacheFeed, NewsboatCache
from newsreader.imports.newsboat_config import NewsboatConfig, parse_config
from newsreader.imports.newsboat_filters import FilterError, translate_filter
from newsreader.imports.newsboat_items import ItemImport
from newsreader.imports.newsboat_report import ImportError_, NewsboatFiles, NewsboatReport, locate_files
from newsreader.imports.newsboat_urls import Skipped, UrlsFile, parse_urls
from newsreader.query import QueryError
from newsreader.store import Store

__all__ = ["ImportError_", "NewsboatFiles", "NewsboatReport", "import_newsboat", "locate_files"]


class _Importer:
    def __init__(
        self,
        store: Store,
        config_path: Path | None,
        dry_run: bool,
        report: NewsboatReport,
        progress: Callable[[str], None],
    ) -> None:
        self.store = store
        self.config_path = config_path
        self.dry_run = dry_run
        self.report = report
        self.progress = progress
        self.source_ids: dict[str, int] = {}

    def feeds(self, urls: UrlsFile, cache_feeds: Mapping[str, CacheFeed]) -> None:
        known = {s.address: s for s in self.store.sources()}
        for feed in urls.feeds:
            if feed.hidden:
                self.report.skipped.append(
                    (
                        "urls",
                        Skipped(
                            feed.line,
                            feed.url,
                            "! (hidden from the feed list): "
                            "newsreader lists every source, so this one is imported shown",
                        ),
                    )
                )
            existing = known.get(feed.url)
            if existing is not None:
                self.report.feeds_existing.append(feed.url)
                self.source_ids[feed.url] = existing.id
                self._tag(existing.id, feed.tags)
                continue
            self.report.feeds_added.append(feed.url)
            if self.dry_run:
                self.report.source_tags += len(feed.tags)
                continue
            cached = cache_feeds.get(feed.url)
            title = feed.title or (cached.title if cached else None) or None
            source = self.store.add_source("feed", feed.url, title=title)
            self.source_ids[feed.url] = source.id
            if cached and (cached.etag or cached.last_modified):
                self.store.update_source(source.id, etag=cached.etag, last_modified=cached.last_modified)
            self._tag(source.id, feed.tags)

    def items(self, urls: UrlsFile, cache: NewsboatCache, cache_feeds: Mapping[str, CacheFeed]) -> None:
        """Every subscribed feed's cached items, as articles (see newsboat_items.py)."""
        ItemImport(self.store, self.source_ids, self.dry_run, self.report, self.progress).run(urls, cache, cache_feeds)

    def _tag(self, source_id: int, tags: list[str]) -> None:
        """The urls file's tags on a source: added, never taken away (a second import adds none)."""
        fresh = [t for t in tags if t.casefold() not in {h.casefold() for h in self.store.tags_of_source(source_id)}]
        self.report.source_tags += len(fresh)
        if fresh and not self.dry_run:
            self.store.tag_source(source_id, fresh)

    def queries(self, urls: UrlsFile) -> None:
        for query in urls.queries:
            try:
                translated = translate_filter(query.expression, self._source_term)
            except FilterError as error:
                self.report.skipped.append(
                    (
                        "urls",
                        Skipped(
                            query.line,
                            f"query:{query.name}:{query.expression}",
                            f"the query cannot be said in newsreader's language: {error}",
                        ),
                    )
                )
                continue
            existing = self.store.saved_view(query.name)
            if existing is not None:
                self.report.views_existing.append(query.name)
                continue
            try:
                self.store.compile_query(translated)
            except QueryError as error:
                self.report.skipped.append(
                    (
                        "urls",
                        Skipped(
                            query.line,
                            f"query:{query.name}:{query.expression}",
                            f"its translation {translated!r} does not read: {error}",
                        ),
                    )
                )
                continue
            self.report.views_added.append(query.name)
            if not self.dry_run:
                self.store.save_view(query.name, translated)

    def _source_term(self, url: str) -> str | None:
        source_id = self.source_ids.get(url)
        if source_id is None and self.dry_run and url in self.report.feeds_added:
            return "NEW"  # the id it will have is not known before it is added
        return str(source_id) if source_id is not None else None

    def config(self, newsboat: NewsboatConfig) -> None:
        """bind-key lines as [keys], ignore-article lines as rules that hide, and the settings we share."""
        additions = ConfigAdditions()
        for action, keys in newsboat.keys.items():
            additions.set("keys", action, keys[0] if len(keys) == 1 else keys)
        for (table, key), value in newsboat.settings.items():
            additions.set(table, key, value)
        for ignore in newsboat.ignores:
            try:
                query = translate_filter(ignore.expression, self._source_term)
                if ignore.feed != "*":
                    feed = self._source_term(ignore.feed)
                    if feed is None:
                        raise FilterError(f"{ignore.feed}: not a feed of the urls file")
                    query = f"source:{feed} ({query})"
            except FilterError as error:
                self.report.skipped.append(
                    ("config", Skipped(ignore.line, ignore.text, f"cannot be said as a rule: {error}"))
                )
                continue
            additions.append("rules", {"query": query, "action": "hide"})
        if not additions or self.config_path is None:
            return
        existing, arrays = _config_tables(self.config_path)
        if self.dry_run:
            self.keys_and_settings_counted(additions, existing, arrays)
            return
        try:
            added_keys, added_rules = add_to_config(self.config_path, additions, existing, arrays)
        except Exception as error:
            self.report.skipped.append(
                ("config", Skipped(0, str(self.config_path), f"the config was left as it was: {error}"))
            )
            return
        self.report.config_keys_added = added_keys
        self.report.rules_added = added_rules

    def keys_and_settings_counted(
        self,
        additions: ConfigAdditions,
        existing: Mapping[str, Mapping[str, object]],
        arrays: Mapping[str, list[Mapping[str, object]]],
    ) -> None:
        self.report.config_keys_added = sum(
            1 for table, values in additions.tables.items() for key in values if key not in existing.get(table, {})
        )
        there = [dict(e) for e in arrays.get("rules", [])]
        self.report.rules_added = sum(1 for e in additions.arrays.get("rules", []) if dict(e) not in there)


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError as error:
        raise ImportError_(f"{path}: {error.strerror or error}") from None


def _config_tables(path: Path) -> tuple[dict[str, dict[str, object]], dict[str, list[Mapping[str, object]]]]:
    """The config's tables and arrays of tables, as written (empty when there is no file)."""
    try:
        data = tomllib.loads(path.read_text("utf-8-sig"))
    except FileNotFoundError:
        return {}, {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ImportError_(f"{path}: cannot add to the config: {error}") from None
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    arrays = {k: v for k, v in data.items() if isinstance(v, list) and all(isinstance(e, dict) for e in v)}
    return tables, arrays


def import_newsboat(
    store: Store,
    files: NewsboatFiles,
    *,
    config_path: Path | None = None,
    dry_run: bool = False,
    progress: Callable[[str], None] = lambda line: None,
) -> NewsboatReport:
    """Import newsboat's files into ``store`` (see the module's docstring); ImportError_ when it cannot start."""
    urls = parse_urls(_read_text(files.urls))
    newsboat_config = parse_config(_read_text(files.config)) if files.config else NewsboatConfig()
    report = NewsboatReport(dry_run=dry_run, files=files)
    report.skipped.extend(("urls", line) for line in urls.skipped)
    report.skipped.extend(("config", line) for line in newsboat_config.skipped)
    importer = _Importer(store, config_path, dry_run, report, progress)
    cache = None
    try:
        if files.cache is not None:
            cache = NewsboatCache(files.cache)
            cache_feeds = cache.feeds()
        else:
            cache_feeds = {}
        importer.feeds(urls, cache_feeds)
        if cache is not None:
            importer.items(urls, cache, cache_feeds)
    except CacheError as error:
        raise ImportError_(str(error)) from None
    finally:
        if cache is not None:
            cache.close()
    importer.queries(urls)
    importer.config(newsboat_config)
    return report
