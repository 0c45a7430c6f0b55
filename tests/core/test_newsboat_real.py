"""The real newsboat (Debian's 2.21, installed by .ci/run) builds a cache from feeds on a loopback
server; items are marked read and flagged in that cache the way newsboat stores them; then the
import carries all of it, and the first refresh after it is answered 304 where newsboat kept an ETag."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from support.loopback import LoopbackServer

from benchmarks.data import make_feed
from newsreader.config import Config, RefreshConfig, RetentionConfig
from newsreader.imports.newsboat import import_newsboat, locate_files
from newsreader.refresh import refresh_all
from newsreader.store import Store, View

NEWSBOAT = shutil.which("newsboat")
pytestmark = pytest.mark.skipif(
    NEWSBOAT is None and not os.environ.get("CI"), reason="newsboat is not installed (apt-get install newsboat)"
)
FEEDS, ITEMS = 3, 6


@pytest.fixture
def server():
    with LoopbackServer() as running:
        for index in range(FEEDS):
            running.static(
                f"/feed/{index}.xml", make_feed(index, ITEMS), etag=f'"v{index}"', content_type="application/rss+xml"
            )
        yield running


def newsboat_reload(tmp_path: Path, server: LoopbackServer) -> tuple[Path, Path]:
    assert NEWSBOAT, "CI installs newsboat: .ci/run"
    urls = tmp_path / "urls"
    lines = [
        f'{server.url("/feed/0.xml")} tech "long reads" ~Zero',
        f"{server.url('/feed/1.xml')} tech",
        f"{server.url('/feed/2.xml')}",
        '"query:Unread tech:unread = \\"yes\\" and tags # \\"tech\\""',
    ]
    urls.write_text("\n".join(lines) + "\n", "utf-8")
    cache = tmp_path / "cache.db"
    config = tmp_path / "newsboat-config"
    config.write_text("", "utf-8")
    env = {**os.environ, "HOME": str(tmp_path)}
    for _ in range(2):  # newsboat keeps a feed's validators from its second reload on (the first adds the feed)
        done = subprocess.run(
            [NEWSBOAT, "-u", str(urls), "-c", str(cache), "-C", str(config), "-x", "reload"],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stderr
    return urls, cache


def test_a_cache_built_by_newsboat_comes_over_whole(tmp_path: Path, server: LoopbackServer) -> None:
    urls, cache = newsboat_reload(tmp_path, server)
    db = sqlite3.connect(cache)
    guids = [row[0] for row in db.execute("SELECT guid FROM rss_item ORDER BY guid")]
    assert len(guids) == FEEDS * ITEMS
    read, flagged = guids[:5], guids[5:8]
    db.executemany("UPDATE rss_item SET unread = 0 WHERE guid = ?", [(g,) for g in read])  # as newsboat marks read
    db.executemany("UPDATE rss_item SET flags = 'sx' WHERE guid = ?", [(g,) for g in flagged])  # as edit-flags writes
    db.commit()
    etags = dict(db.execute("SELECT rssurl, etag FROM rss_feed"))
    db.close()

    store = Store(tmp_path / "store.sqlite")
    try:
        report = import_newsboat(store, locate_files(str(urls), str(cache)))
        assert report.articles_added == FEEDS * ITEMS and report.marked_read == 5 and report.bookmarked == 3
        headlines = store.headlines(limit=100)
        assert len(headlines) == FEEDS * ITEMS
        assert len(store.headlines(View(unread=True), limit=100)) == FEEDS * ITEMS - 5
        assert len(store.headlines(View(bookmarked=True), limit=100)) == 3
        sources = {s.address: s for s in store.sources()}
        assert sources[server.url("/feed/0.xml")].title == "Zero"
        assert sources[server.url("/feed/1.xml")].title == "Bench feed 1"  # newsboat's title of the feed
        assert store.tags_of_source(sources[server.url("/feed/1.xml")].id) == ["tech"]
        assert store.saved_view("Unread tech").query == "unread tag:tech"
        in_view = store.headlines(store.query_view("unread tag:tech"), limit=100)
        assert len(in_view) == 2 * ITEMS - sum(1 for g in read if not g.startswith("feed2-"))
        for address, source in sources.items():
            assert source.etag == (etags[address] or None)

        # The first refresh: 304 wherever newsboat kept the validator, and no article twice.
        config = Config(
            refresh=RefreshConfig(concurrency=2, total_timeout=10), retention=RetentionConfig(max_articles_per_source=0)
        )
        results = refresh_all(store, config, parse_in_processes=False)
        kept = [r for r in results if etags.get(sources_by_id(store)[r.source_id])]
        assert kept, "newsboat kept no ETag: the loopback server sends them"
        assert all(r.status == "unchanged" for r in kept), [(r.name, r.status, r.error) for r in results]
        assert len(store.headlines(limit=100)) == FEEDS * ITEMS

        # Refreshed whole (validators forgotten): the same articles, the same read state.
        for source in store.sources():
            store.update_source(source.id, etag=None, last_modified=None, body_hash=None)
        refresh_all(store, config, parse_in_processes=False)
        assert len(store.headlines(limit=100)) == FEEDS * ITEMS
        assert len(store.headlines(View(unread=True), limit=100)) == FEEDS * ITEMS - 5
    finally:
        store.close()


def sources_by_id(store: Store) -> dict[int, str]:
    return {s.id: s.address for s in store.sources()}
