"""refresh_all and add_sources: a real store in tmp_path, feeds on the loopback server."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC
from pathlib import Path

import pytest
from support.loopback import LoopbackServer
from support.paths import FIXTURE_ROOT

from benchmarks.data import make_feed
from newsreader.config import Config, RefreshConfig, RetentionConfig
from newsreader.refresh import ProgressEvent, add_sources, refresh_all
from newsreader.store import Store, View

FEEDS = FIXTURE_ROOT / "feeds"


@pytest.fixture
def server():
    with LoopbackServer() as running:
        yield running


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "store.sqlite")
    yield opened
    opened.close()


@pytest.fixture
def config():
    return Config(
        refresh=RefreshConfig(concurrency=4, per_host=2, connect_timeout=1, read_timeout=0.4, total_timeout=2),
        retention=RetentionConfig(max_age_days=0, max_articles_per_source=0),
    )


def by_name(results):
    return {r.name: r for r in results}


def run(store, config, **kw):
    kw.setdefault("parse_in_processes", False)
    return refresh_all(store, config, **kw)


def test_mixed_sources_refresh_independently(server, store, config):
    server.static("/ok.xml", make_feed(1, 5, title="Ok"), etag='"ok1"')
    server.static("/same.xml", make_feed(2, 4, title="Same"))  # no validators: downloaded again, unchanged
    server.static("/flaky.xml", make_feed(3, 3, title="Flaky"))
    server.stall("/slow.xml", seconds=5)
    ids = {name: store.add_source("feed", server.url(f"/{name}.xml")).id for name in ("ok", "same", "flaky", "slow")}

    first = run(store, config)
    assert [r.source_id for r in first] == [ids["ok"], ids["same"], ids["flaky"], ids["slow"]]
    assert [r.status for r in first] == ["ok", "ok", "ok", "error"]
    assert first[0].added == 5 and first[2].added == 3
    assert first[3].error == "timed out after 0.4 s"
    assert store.get_source(ids["ok"]).title == "Ok"  # a source without a title takes the feed's
    slow = store.get_source(ids["slow"])
    assert slow.last_status == "error" and slow.last_error == "timed out after 0.4 s"

    server.error("/flaky.xml", 500)
    second = run(store, config)
    assert [r.status for r in second] == ["unchanged", "unchanged", "error", "error"]
    assert server.last_request("/ok.xml").headers["if-none-match"] == '"ok1"'
    flaky = store.get_source(ids["flaky"])
    assert flaky.last_status == "error" and flaky.last_error == "HTTP 500 Internal Server Error"
    assert flaky.article_count == 3  # the failed source keeps its articles
    assert store.count(View(source_id=ids["flaky"])) == 3
    assert store.get_source(ids["same"]).last_status == "unchanged"


def test_changed_feed_adds_new_items(server, store, config):
    server.static("/f.xml", make_feed(1, 3))
    source = store.add_source("feed", server.url("/f.xml"))
    assert run(store, config)[0].added == 3
    server.static("/f.xml", make_feed(1, 5))
    result = run(store, config)[0]
    assert result.status == "ok" and result.added == 2
    assert store.get_source(source.id).article_count == 5


def test_not_a_feed_is_an_error(server, store, config):
    server.static("/page", "<!DOCTYPE html><html><body>hi</body></html>", content_type="text/html")
    store.add_source("feed", server.url("/page"))
    (result,) = run(store, config)
    assert result.status == "error" and result.error == "not a feed: looks like an HTML page"


def test_permanent_redirect_updates_address(server, store, config):
    server.static("/new.xml", make_feed(1, 2))
    server.redirect("/old.xml", "/new.xml", status=301)
    source = store.add_source("feed", server.url("/old.xml"))
    assert run(store, config)[0].status == "ok"
    assert store.get_source(source.id).address == server.url("/new.xml")


def test_a_moved_feed_does_not_bring_its_items_back_as_new(server, store, config):
    server.static("/new.xml", rss_feed([("a", "Alpha"), ("b", "Beta")]))
    server.redirect("/old.xml", "/new.xml", status=301)
    source = store.add_source("feed", server.url("/old.xml"))
    (first,) = run(store, config)
    assert first.added == 2 and store.get_source(source.id).address == server.url("/new.xml")
    server.static("/new.xml", rss_feed([("c", "Gamma"), ("a", "Alpha"), ("b", "Beta")]))
    (second,) = run(store, config)  # from the new address now
    assert second.added == 1 and sorted(h.title for h in store.headlines()) == ["Alpha", "Beta", "Gamma"]


def test_progress_events(server, store, config):
    for i in range(5):
        server.static(f"/{i}.xml", make_feed(i, 1))
        store.add_source("feed", server.url(f"/{i}.xml"))
    events: list[ProgressEvent] = []
    threads: set[str] = set()

    def progress(event):
        events.append(event)
        threads.add(threading.current_thread().name)

    run(store, config, on_progress=progress)
    assert sorted(e.done for e in events) == [1, 2, 3, 4, 5]
    assert {e.total for e in events} == {5} and {e.status for e in events} == {"ok"}
    assert all(name.startswith("refresh") for name in threads)  # called from worker threads


def test_cancel_before_start(server, store, config):
    server.static("/a.xml", make_feed(1, 1))
    source = store.add_source("feed", server.url("/a.xml"))
    cancel = threading.Event()
    cancel.set()
    (result,) = run(store, config, cancel=cancel)
    assert result.status == "cancelled" and server.hits("/a.xml") == 0
    assert store.get_source(source.id).last_status is None


def test_cancel_between_sources(server, store, config):
    config.refresh.concurrency = 1
    for i in range(4):
        server.static(f"/{i}.xml", make_feed(i, 1))
        store.add_source("feed", server.url(f"/{i}.xml"))
    cancel = threading.Event()
    results = run(store, config, cancel=cancel, on_progress=lambda event: cancel.set())
    assert [r.status for r in results] == ["ok", "cancelled", "cancelled", "cancelled"]


def test_cancel_stops_the_sources_waiting_to_fetch_in_the_pool(server, store, config, monkeypatch):
    """With the pool, more threads than ``concurrency`` run (some wait to store their feed):
    those still waiting for their turn to fetch when the refresh is cancelled do not fetch."""
    from support.loopback import Reply

    import newsreader.refresh as refresh

    monkeypatch.setattr(refresh.POOL, "run", lambda function, *args: function(*args))
    config.refresh.concurrency = 1
    cancel = threading.Event()

    def cancelled_meanwhile(n):  # the user cancels while the first feed (whichever it is) downloads
        def answer(request):
            cancel.set()
            return Reply(200, make_feed(n, 1), {"Content-Type": "application/rss+xml"})

        return answer

    for i in range(20):
        server.route(f"/{i}.xml", cancelled_meanwhile(i))
        store.add_source("feed", server.url(f"/{i}.xml"))
    results = refresh_all(store, config, cancel=cancel, parse_in_processes=True)
    assert sum(server.hits(f"/{i}.xml") for i in range(20)) == 1
    assert sorted(r.status for r in results) == ["cancelled"] * 19 + ["ok"]


def test_per_host_limit(server, store, config):
    config.refresh.concurrency = 8
    config.refresh.per_host = 2
    active = 0
    peak = 0
    lock = threading.Lock()
    body = make_feed(1, 1)

    def handler(request):
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)  # holds the request a while, so requests that overlapped would be counted
        with lock:
            active -= 1
        from support.loopback import Reply

        return Reply(200, body, {"Content-Type": "application/rss+xml"})

    for i in range(6):
        server.route(f"/{i}.xml", handler)
        store.add_source("feed", server.url(f"/{i}.xml"))
    run(store, config)
    assert peak == 2


def test_a_server_that_says_retry_after_is_not_asked_again_before_then(server, store, config):
    from datetime import datetime, timedelta

    server.error("/busy.xml", 429, headers={"Retry-After": "120"})
    source = store.add_source("feed", server.url("/busy.xml"))
    (first,) = run(store, config)
    assert first.status == "error" and "retry after 120 s" in first.error
    waiting_until = datetime.fromisoformat(store.get_source(source.id).retry_at)
    assert timedelta(seconds=100) < waiting_until - datetime.now(UTC) <= timedelta(seconds=120)
    (second,) = run(store, config)
    assert server.hits("/busy.xml") == 1  # not asked again
    assert second.status == "error" and "not asked again before" in second.error and "429" in second.error
    assert store.get_source(source.id).last_error == first.error  # left as it was
    store.update_source(source.id, retry_at=(datetime.now(UTC) - timedelta(seconds=1)).isoformat())
    server.static("/busy.xml", make_feed(1, 2))
    (third,) = run(store, config)
    assert third.status == "ok" and server.hits("/busy.xml") == 2
    assert store.get_source(source.id).retry_at is None


def test_retry_after_is_followed_for_a_day_at_most(server, store, config):
    from datetime import datetime, timedelta

    server.error("/gone.xml", 503, headers={"Retry-After": "999999999"})
    source = store.add_source("feed", server.url("/gone.xml"))
    run(store, config)
    waiting_until = datetime.fromisoformat(store.get_source(source.id).retry_at)
    assert waiting_until - datetime.now(UTC) <= timedelta(days=1)


def test_retention_prunes_after_refresh(server, store, config):
    config.retention.max_articles_per_source = 2
    server.static("/f.xml", make_feed(1, 5))
    source = store.add_source("feed", server.url("/f.xml"))
    run(store, config)
    assert store.get_source(source.id).article_count == 2


def test_parsing_in_the_process_pool(server, store, config):
    server.static("/f.xml", make_feed(1, 3))
    source = store.add_source("feed", server.url("/f.xml"))
    (result,) = refresh_all(store, config, parse_in_processes=True)
    assert result.status == "ok" and result.added == 3
    server.static("/bad.xml", b"<html><body>not a feed</body></html>", content_type="text/html")
    store.add_source("feed", server.url("/bad.xml"))
    results = refresh_all(store, config, parse_in_processes=True)
    assert results[1].error == "not a feed: looks like an HTML page"  # FeedError crosses the process boundary
    assert store.get_source(source.id).article_count == 3


# ---------------------------------------------------------------------------- files and folders


def write(path: Path, text: str, when: float | None = None) -> Path:
    path.write_text(text, "utf-8")
    if when is not None:
        os.utime(path, (when, when))
    return path


def test_file_source_reread_when_changed(tmp_path, store, config):
    article = write(tmp_path / "story.txt", "The headline\n\nThe lead sentence.\n")
    (added,) = add_sources(store, config, [str(article)], parse_in_processes=False)
    assert added.status == "ok" and added.added == 1
    source = store.get_source(added.source_id)
    assert source.kind == "file" and source.address == str(article.resolve())
    assert run(store, config)[0].status == "unchanged"
    write(article, "The headline\n\nA changed lead sentence.\n", time.time() + 5)
    result = run(store, config)[0]
    assert result.status == "ok" and result.updated == 1 and result.added == 0


def test_feed_file_source(tmp_path, store, config):
    feed = tmp_path / "saved.rss"
    feed.write_bytes((FEEDS / "rss2_basic.xml").read_bytes())
    (result,) = add_sources(store, config, [str(feed)], parse_in_processes=False)
    assert result.status == "ok" and result.added == 1
    assert store.get_source(result.source_id).title == "Example News"


def test_folder_rescan(tmp_path, store, config):
    folder = tmp_path / "library"
    folder.mkdir()
    write(folder / "one.txt", "First story\n\nIts lead.\n")
    (folder / "sub").mkdir()
    write(folder / "sub" / "two.md", "# Second story\n\nIts lead.\n")
    write(folder / ".hidden.txt", "Hidden\n\nNot read.\n")
    (result,) = add_sources(store, config, [str(folder)], parse_in_processes=False)
    assert result.status == "ok" and result.added == 2, result
    source_id = result.source_id
    assert store.get_source(source_id).kind == "folder"

    assert run(store, config)[0].status == "unchanged"
    write(folder / "three.txt", "Third story\n\nIts lead.\n")
    (folder / "one.txt").unlink()  # a vanished file forgets nothing
    result = run(store, config)[0]
    assert result.status == "ok" and result.added == 1
    assert store.get_source(source_id).article_count == 3


def test_missing_file_is_an_error_and_keeps_articles(tmp_path, store, config):
    article = write(tmp_path / "story.txt", "Headline\n\nLead.\n")
    (added,) = add_sources(store, config, [str(article)], parse_in_processes=False)
    article.unlink()
    (result,) = run(store, config)
    assert result.status == "error" and "no such file" in result.error
    assert store.get_source(added.source_id).article_count == 1


def test_file_too_large(tmp_path, store, config):
    config.limits.max_bytes = 100
    big = write(tmp_path / "big.txt", "Headline\n\n" + "word " * 100)
    (result,) = add_sources(store, config, [str(big)], parse_in_processes=False)
    assert result.status == "error" and result.error.endswith("file larger than 100 bytes")


# ---------------------------------------------------------------------------- adding


def test_add_feed_url(server, store, config):
    server.static("/feed.xml", make_feed(1, 4, title="Added"), etag='"e"')
    (result,) = add_sources(store, config, [server.url("/feed.xml")], parse_in_processes=False)
    assert result.status == "ok" and result.added == 4 and result.name == "Added"
    source = store.get_source(result.source_id)
    assert source.kind == "feed" and source.etag == '"e"' and source.last_status == "ok"


def test_add_web_page_discovers_its_feed(server, store, config):
    page = '<html><head><link rel="alternate" type="application/rss+xml" href="/blog/feed.rss"></head></html>'
    server.static("/", page, content_type="text/html")
    server.static("/blog/feed.rss", make_feed(1, 2, title="Blog"))
    (result,) = add_sources(store, config, [server.url("/")], parse_in_processes=False)
    assert result.status == "ok" and result.added == 2
    assert store.get_source(result.source_id).address == server.url("/blog/feed.rss")


def test_add_web_page_finds_common_path(server, store, config):
    server.static("/", "<html><head><title>No links</title></head></html>", content_type="text/html")
    server.static("/index.xml", make_feed(1, 1))
    (result,) = add_sources(store, config, [server.url("/")], parse_in_processes=False)
    assert result.status == "ok" and store.get_source(result.source_id).address == server.url("/index.xml")


def test_add_failures_are_per_spec(server, store, config, tmp_path):
    server.static("/", "<html><body>nothing here</body></html>", content_type="text/html")
    server.static("/good.xml", make_feed(1, 1))
    results = add_sources(
        store,
        config,
        [
            server.url("/"),
            server.url("/missing.xml"),
            str(tmp_path / "nope.txt"),
            "ftp://x.example/feed",
            server.url("/good.xml"),
        ],
        parse_in_processes=False,
    )
    statuses = [r.status for r in results]
    assert statuses == ["error", "error", "error", "error", "ok"]
    assert results[0].error.startswith("no feed found")
    assert results[1].error == "HTTP 404 Not Found"
    assert results[2].error.endswith("no such file or folder")
    assert "unsupported address" in results[3].error
    assert [s.address for s in store.sources()] == [server.url("/good.xml")]  # failures are not added


def test_add_existing_source_refreshes_it(server, store, config):
    server.static("/feed.xml", make_feed(1, 2))
    first, again = add_sources(
        store, config, [server.url("/feed.xml")] * 1 + [server.url("/feed.xml")], parse_in_processes=False
    )
    assert {first.status, again.status} <= {"ok", "unchanged"}
    assert len(store.sources()) == 1


def test_in_the_process_pool_the_workers_write_the_articles_and_follow_a_store_made_anew(server, tmp_path, config):
    from newsreader.refresh.context import Run
    from newsreader.refresh.parsing import where_to_parse
    from newsreader.sources.http import fetch

    server.static("/f.xml", rss_feed([("a", "Alpha"), ("b", "Beta")]))
    path = tmp_path / "store.sqlite"
    for attempt in range(2):  # the second store is a new file at the same path
        with Store(path) as store:
            source = store.add_source("feed", server.url("/f.xml"))
            run_ = Run(store, config, fetch, None, None, 1, where_to_parse(True, 1))
            assert run_.in_processes
            (result,) = refresh_all(store, config, parse_in_processes=True)
            assert (result.status, result.added) == ("ok", 2), attempt
            assert sorted(h.title for h in store.headlines()) == ["Alpha", "Beta"]
            assert store.get_source(source.id).last_status == "ok" and store.entry_hashes(source.id)
            server.static("/f.xml", rss_feed([("c", "Gamma"), ("a", "Alpha"), ("b", "Beta")]))
            (again,) = refresh_all(store, config, parse_in_processes=True)
            assert (again.added, again.updated) == (1, 0)
            server.static("/f.xml", rss_feed([("a", "Alpha"), ("b", "Beta")]))
        path.unlink()
        for extra in ("-wal", "-shm"):
            (tmp_path / f"store.sqlite{extra}").unlink(missing_ok=True)


def test_store_feeds_gives_each_feed_its_own_result_or_error(tmp_path):
    from newsreader.refresh import StoredFeed, store_feeds
    from newsreader.sources.feeds import FeedError

    path = tmp_path / "store.sqlite"
    with Store(path) as store:
        one = store.add_source("feed", "http://127.0.0.1:1/one.xml")
        two = store.add_source("feed", "http://127.0.0.1:1/two.xml")
        results = store_feeds(str(path), [
            (one.id, rss_feed([("a", "Alpha"), ("b", "Beta")]), one.address, {}),
            (two.id, b"<html><body>no feed</body></html>", two.address, {}),
            (9999, rss_feed([("c", "Gamma")]), "http://127.0.0.1:1/gone.xml", {}),  # removed meanwhile
            (two.id, rss_feed([("d", "Delta")]), two.address, {}),
        ])  # fmt: skip
        assert isinstance(results[0], StoredFeed) and results[0].added == 2
        assert isinstance(results[1], FeedError) and "HTML page" in str(results[1])
        assert isinstance(results[2], Exception) and "no source" in str(results[2])
        assert isinstance(results[3], StoredFeed) and results[3].added == 1
        assert sorted(h.title for h in store.headlines()) == ["Alpha", "Beta", "Delta"]


def test_many_feeds_in_the_pool_are_stored_in_groups_each_with_its_own_outcome(tmp_path, config, monkeypatch):
    import newsreader.refresh as refresh

    sizes = []
    real = refresh.store_feeds

    def recording(store_path, feeds):
        sizes.append(len(feeds))
        if len(sizes) <= 2:
            time.sleep(0.3)  # both workers busy a while: the feeds fetched meanwhile wait together
        return real(store_path, feeds)

    monkeypatch.setattr(refresh.context, "store_feeds", recording)  # where the groups are sent from
    monkeypatch.setattr(refresh.POOL, "run", lambda function, *args: function(*args))  # here, to see the groups
    monkeypatch.setattr(refresh.run, "where_to_parse", lambda *_: refresh.POOL.run)
    with LoopbackServer() as server, Store(tmp_path / "store.sqlite") as store:
        server.keep_alive = True
        for n in range(40):
            if n == 7:
                server.static(f"/f{n}.xml", b"<html><body>no feed</body></html>", content_type="text/html")
            else:
                server.static(f"/f{n}.xml", rss_feed([(f"{n}-a", f"Feed {n} A"), (f"{n}-b", f"Feed {n} B")]))
            store.add_source("feed", server.url(f"/f{n}.xml"))
        results = refresh_all(store, config)
        assert [r.status for r in results].count("ok") == 39
        assert results[7].status == "error" and "HTML page" in results[7].error
        assert all(r.added == 2 for i, r in enumerate(results) if i != 7)
        assert store.count() == 78
        assert sum(sizes) == 40 and 1 < max(sizes) <= refresh.STORE_GROUP
        assert server.connections <= config.refresh.concurrency  # kept alive between feeds


def test_parse_pool_falls_back_to_this_thread():
    from concurrent.futures import ProcessPoolExecutor

    from newsreader.refresh import ParsePool, read_feed

    pool = ParsePool()
    dead = ProcessPoolExecutor(1)
    dead.shutdown()
    pool._executor = dead  # a pool that can no longer take work
    read = pool.run(read_feed, make_feed(1, 2), "https://x.example.org/feed")
    assert len(read.batch.articles) == 2 and pool._get() is None  # and it is not tried again


# ---------------------------------------------------------------------------- unchanged entries are not parsed again


def rss_feed(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><guid>{guid}</guid><description>&lt;p&gt;{title} in full.&lt;/p&gt;</description></item>"
        for guid, title in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{entries}</channel></rss>'.encode()


@pytest.fixture
def articles_built(monkeypatch):
    """The titles of the entries made into articles (their HTML parsed), in order."""
    import newsreader.sources.feeds as feeds

    built: list[str] = []
    real = feeds.entry_article

    def counting(entry, *args, **kwargs):
        built.append(entry.get("title"))
        return real(entry, *args, **kwargs)

    monkeypatch.setattr(feeds, "entry_article", counting)
    return built


def test_a_changed_feed_has_only_its_new_and_changed_entries_parsed(server, store, config, articles_built):
    server.static("/f.xml", rss_feed([("a", "Alpha"), ("b", "Beta"), ("c", "Gamma")]))
    source = store.add_source("feed", server.url("/f.xml"))
    (first,) = run(store, config)
    assert first.added == 3 and articles_built == ["Alpha", "Beta", "Gamma"]
    articles_built.clear()
    server.static("/f.xml", rss_feed([("d", "Delta"), ("a", "Alpha"), ("b", "Beta revised"), ("c", "Gamma")]))
    (second,) = run(store, config)
    assert articles_built == ["Delta", "Beta revised"]  # Alpha and Gamma were known, unchanged: not parsed
    assert (second.added, second.updated) == (1, 1)
    titles = [h.title for h in store.headlines()]
    assert (
        sorted(titles) == ["Alpha", "Beta revised", "Delta", "Gamma"] and store.get_source(source.id).article_count == 4
    )


def test_articles_stored_before_fingerprints_get_theirs_on_the_next_refresh(server, store, config, articles_built):
    server.static("/f.xml", rss_feed([("a", "Alpha"), ("b", "Beta")]))
    source = store.add_source("feed", server.url("/f.xml"))
    run(store, config)
    with store._db.writing("test") as db:  # as a store migrated from before ENTRY_FINGERPRINTS holds them
        db.execute("UPDATE articles SET entry_hash = NULL")
    store.update_source(source.id, body_hash=None)
    articles_built.clear()
    (again,) = run(store, config)
    assert articles_built == ["Alpha", "Beta"] and (again.added, again.updated) == (0, 0)  # parsed, unchanged
    store.update_source(source.id, body_hash=None)
    articles_built.clear()
    run(store, config)
    assert articles_built == []  # and now they are known


def test_a_new_reader_version_reads_every_entry_again(server, store, config, articles_built, monkeypatch):
    import newsreader.sources.entries as entries

    server.static("/f.xml", rss_feed([("a", "Alpha")]))
    source = store.add_source("feed", server.url("/f.xml"))
    run(store, config)
    monkeypatch.setattr(entries, "READER_VERSION", entries.READER_VERSION + "-next")
    store.update_source(source.id, body_hash=None)
    articles_built.clear()
    run(store, config)
    assert articles_built == ["Alpha"]
