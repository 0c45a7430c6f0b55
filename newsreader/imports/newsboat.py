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
"""

from __future__ import annotations

import os
import threading
import time
import tomllib
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from newsreader.config_write import ConfigAdditions, add_to_config
from newsreader.document.clean import clean_inline
from newsreader.imports.newsboat_cache import CacheError, CacheFeed, CacheItem, NewsboatCache
from newsreader.imports.newsboat_config import NewsboatConfig, parse_config
from newsreader.imports.newsboat_filters import FilterError, translate_filter
from newsreader.imports.newsboat_urls import Skipped, UrlsFile, parse_urls
from newsreader.query import QueryError
from newsreader.sources.feeds import feed_item_article
from newsreader.sources.parse_pool import POOL
from newsreader.store.identity import PreparedBatch, article_id, assign_ids, prepare
from newsreader.store.ingest import INGEST_CHUNK
from newsreader.store.models import NewArticle

POOL_FROM_ITEMS = 2000  # below this, starting the parse pool costs more than it saves
READ_AHEAD = 32  # feeds read ahead of the writes (about 1,000 articles)

__all__ = ["ImportError_", "NewsboatFiles", "NewsboatReport", "import_newsboat", "locate_files"]


class ImportError_(Exception):
    """The import cannot start (a file missing, unreadable, locked or corrupt); nothing was changed."""


@dataclass
class NewsboatFiles:
    urls: Path
    cache: Path | None
    config: Path | None


def locate_files(
    urls: str | None = None,
    cache: str | None = None,
    config: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> NewsboatFiles:
    """The files named, else newsboat's own: ``~/.newsboat/`` when it exists, else the XDG folders.

    A file named on the command line must exist; a default one may be absent
    (no cache: feeds only; no config: nothing of it). The urls file is needed.
    """
    env = os.environ if environ is None else environ
    home = Path(env.get("HOME") or Path.home())
    dotdir = home / ".newsboat"
    if dotdir.is_dir():
        defaults = {"urls": dotdir / "urls", "cache": dotdir / "cache.db", "config": dotdir / "config"}
    else:
        config_home = Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "newsboat"
        data_home = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share") / "newsboat"
        defaults = {"urls": config_home / "urls", "cache": data_home / "cache.db", "config": config_home / "config"}

    def pick(given: str | None, name: str) -> Path | None:
        if given:
            path = Path(given).expanduser()
            if not path.is_file():
                raise ImportError_(f"{path}: no such file")
            return path
        return defaults[name] if defaults[name].is_file() else None

    urls_path = pick(urls, "urls")
    if urls_path is None:
        raise ImportError_(f"no newsboat urls file at {defaults['urls']} (name one with --urls FILE)")
    return NewsboatFiles(urls=urls_path, cache=pick(cache, "cache"), config=pick(config, "config"))


@dataclass
class NewsboatReport:
    """What the import did (or, in a dry run, would do)."""

    dry_run: bool
    files: NewsboatFiles
    feeds_added: list[str] = field(default_factory=list)
    feeds_existing: list[str] = field(default_factory=list)
    articles_added: int = 0
    articles_existing: int = 0
    marked_read: int = 0
    bookmarked: int = 0
    source_tags: int = 0
    views_added: list[str] = field(default_factory=list)
    views_existing: list[str] = field(default_factory=list)
    rules_added: int = 0
    config_keys_added: int = 0  # [keys] entries and settings written to config.toml
    skipped: list[tuple[str, Skipped]] = field(default_factory=list)  # (file, line)

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "files": {
                "urls": str(self.files.urls),
                "cache": str(self.files.cache) if self.files.cache else None,
                "config": str(self.files.config) if self.files.config else None,
            },
            "feeds": {"added": len(self.feeds_added), "existing": len(self.feeds_existing)},
            "articles": {
                "added": self.articles_added,
                "existing": self.articles_existing,
                "read": self.marked_read,
                "bookmarked": self.bookmarked,
            },
            "tags": self.source_tags,
            "views": {"added": self.views_added, "existing": self.views_existing},
            "config": {"keys": self.config_keys_added, "rules": self.rules_added},
            "skipped": [{"file": name, **line.to_json()} for name, line in self.skipped],
        }


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError as error:
        raise ImportError_(f"{path}: {error.strerror or error}") from None


def _entry(item: CacheItem) -> dict[str, Any]:
    """A cached item in the shape a feed parser hands over, so it is read as a refresh reads it."""
    guid: str | None = item.guid or None
    if guid and item.url and guid.startswith(item.url) and guid != item.url:
        guid = None  # newsboat made it from link + date: the feed gave none, and a refresh will key on the link
    entry: dict[str, Any] = {"title": item.title, "link": item.url or None, "id": guid, "author": item.author or None}
    if item.content.strip():
        entry["content"] = [{"type": "text/html", "value": item.content}]
    if item.published > 0:
        entry["published_parsed"] = time.gmtime(item.published)
    if item.enclosure_url:
        entry["enclosures"] = [{"href": item.enclosure_url, "type": item.enclosure_type}]
    return entry


def prepare_items(
    feed_url: str, feed: CacheFeed, items: list[CacheItem], now: datetime
) -> tuple[PreparedBatch, list[tuple[str, CacheItem]]]:
    """One feed's cached items as store rows (ids assigned), each paired with the id it got.
    Runs in a parse-pool worker: arguments and result are plain data."""
    made: list[tuple[NewArticle, CacheItem]] = []
    for item in items:
        try:
            article = feed_item_article(_entry(item), feed_url, feed.title or None, feed.link or None)
        except Exception:  # one odd row must not cost the feed
            continue
        if article.title or article.document.blocks:
            made.append((article, item))
    prepared = [prepare(article, now) for article, _ in made]
    batch = PreparedBatch(assign_ids(prepared), len(prepared), now)
    return batch, [(row.id, item) for (row, _), (_, item) in zip(prepared, made)]


class _Importer:
    def __init__(
        self,
        store: Any,
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
        self.cache_lock = threading.Lock()  # one sqlite connection, read from the pool's feeding threads

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

    def _tag(self, source_id: int, tags: list[str]) -> None:
        """The urls file's tags on a source: added, never taken away (a second import adds none)."""
        fresh = [t for t in tags if t.casefold() not in {h.casefold() for h in self.store.tags_of_source(source_id)}]
        self.report.source_tags += len(fresh)
        if fresh and not self.dry_run:
            self.store.tag_source(source_id, fresh)

    def items(self, urls: UrlsFile, cache: NewsboatCache, cache_feeds: Mapping[str, CacheFeed]) -> None:
        """Every subscribed feed's items, read as a refresh reads them (in the parse pool when there
        are many), written INGEST_CHUNK articles a transaction, their state carried when they are new."""
        wanted = [feed for feed in urls.feeds if feed.url in cache_feeds]
        sizes = {feed.url: cache.count_items(feed.url) for feed in wanted}
        in_pool = sum(sizes.values()) >= POOL_FROM_ITEMS
        now = datetime.now(UTC)

        def read(feed_url: str) -> tuple[PreparedBatch, list[tuple[str, CacheItem]]]:
            cached = cache_feeds[feed_url]
            with self.cache_lock:
                items = list(cache.items(feed_url))
            items = self._not_stored(feed_url, items)
            if in_pool:
                return POOL.run(prepare_items, feed_url, cached, items, now)
            return prepare_items(feed_url, cached, items, now)

        pending: list[tuple[int, PreparedBatch, list[tuple[str, CacheItem]]]] = []
        waiting = 0
        with ThreadPoolExecutor(max_workers=2 if in_pool else 1) as threads:
            # At most READ_AHEAD feeds read and not written yet: the writes are the slower part,
            # and what the readers made ahead of them waited in memory (all of it, at 30,000 items).
            ahead: deque = deque()
            upcoming = iter(wanted)
            for feed in islice(upcoming, READ_AHEAD):
                ahead.append((feed, threads.submit(read, feed.url)))
            done = 0
            while ahead:
                feed, future = ahead.popleft()
                batch, made = future.result()
                following = next(upcoming, None)
                if following is not None:
                    ahead.append((following, threads.submit(read, following.url)))
                done += 1
                self.progress(f"{done}/{len(wanted)} feeds read")
                pending.append((self.source_ids.get(feed.url, 0), batch, made))
                waiting += len(batch.articles)
                if waiting >= INGEST_CHUNK:
                    self._write(pending)
                    pending, waiting = [], 0
        self._write(pending)

    def _not_stored(self, feed_url: str, items: list[CacheItem]) -> list[CacheItem]:
        """The items not stored yet, found without reading their HTML: an item with a guid of its
        own has the id ``origin + guid`` (identity.article_id), so a second import reads nothing again."""
        keyed = {}
        for item in items:
            guid = _entry(item)["id"]
            if guid and clean_inline(guid):
                keyed[article_id(clean_inline(feed_url), f"guid:{clean_inline(guid)}")] = item
        stored = self.store.existing_ids(list(keyed)) if keyed else set()
        if not stored:
            return items
        self.report.articles_existing += len(stored)
        skip = {id(keyed[i]) for i in stored}
        return [item for item in items if id(item) not in skip]

    def _write(self, pending: list[tuple[int, PreparedBatch, list[tuple[str, CacheItem]]]]) -> None:
        if not pending:
            return
        ids = [row.id for _, batch, _ in pending for row in batch.articles]
        present = self.store.existing_ids(ids)
        fresh = set(ids) - present
        self.report.articles_added += len(fresh)
        self.report.articles_existing += len(present)
        read = sorted({i for _, _, made in pending for i, item in made if i in fresh and not item.unread})
        flagged = sorted({i for _, _, made in pending for i, item in made if i in fresh and item.flags})
        self.report.marked_read += len(read)
        self.report.bookmarked += len(flagged)
        if self.dry_run:
            return
        for error in self.store.ingest_many([(source_id, batch) for source_id, batch, _ in pending]):
            if isinstance(error, Exception):
                raise ImportError_(f"the store refused the articles: {error}")
        if read:
            self.store.set_read(read, True)
        for kept in flagged:
            self.store.bookmark(kept)
        flags: dict[str, list[str]] = {}
        for _, _, made in pending:
            for made_id, item in made:
                if made_id in fresh:
                    for flag in item.flags:
                        flags.setdefault(f"flag:{flag}", []).append(made_id)
        for tag, ids in flags.items():
            self.store.tag_articles(ids, [tag])

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
    store: Any,
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
