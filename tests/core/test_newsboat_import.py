"""import-newsboat on hand-made newsboat files: every item of a subscribed feed with its state,
odd rows, a cache that is locked, damaged or not newsboat's, idempotence, the config, the CLI."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from support.newsboat_cache import make_cache

from newsreader.cli import main
from newsreader.config import load_config
from newsreader.imports.newsboat import ImportError_, import_newsboat, locate_files
from newsreader.store import Store, View

A = "https://a.example/feed.xml"
B = "https://b.example/rss"
GONE = "https://gone.example/feed"  # in the cache, no longer in the urls file


@pytest.fixture
def store(tmp_path: Path):
    opened = Store(tmp_path / "store.sqlite")
    yield opened
    opened.close()


@pytest.fixture
def newsboat(tmp_path: Path) -> Path:
    folder = tmp_path / "newsboat"
    folder.mkdir()
    (folder / "urls").write_text(f'{A} tech "long reads" ~Alpha\n{B}\n"query:Unread:unread = \\"yes\\""\n', "utf-8")
    make_cache(
        folder / "cache.db",
        feeds=[
            {
                "rssurl": A,
                "url": "https://a.example/",
                "title": "A's own title",
                "etag": '"a1"',
                "lastmodified": 1767225600,
            },
            {"rssurl": B, "url": "https://b.example/", "title": "Bee"},
            {"rssurl": GONE, "title": "Gone"},
        ],
        items=[
            {"guid": "a-1", "title": "First of A", "url": "https://a.example/1", "feedurl": A, "unread": 0},
            {"guid": "a-2", "title": "Second of A", "url": "https://a.example/2", "feedurl": A, "flags": "s"},
            {"guid": "a-3", "title": "Deleted of A", "url": "https://a.example/3", "feedurl": A, "deleted": 1},
            {
                "guid": "b-1",
                "title": "Only of B",
                "url": "https://b.example/1",
                "feedurl": B,
                "unread": 0,
                "flags": "ab",
                "author": "Jo Reed",
                "enclosure_url": "https://b.example/1.mp3",
                "enclosure_type": "audio/mpeg",
            },
            {"guid": "gone-1", "title": "Of a feed no longer subscribed", "feedurl": GONE},
        ],
    )
    return folder


def files(folder: Path, **kw):
    return locate_files(str(folder / "urls"), str(folder / "cache.db"), kw.get("config"))


def titles(store: Store, **view) -> set[str]:
    return {h.title for h in store.headlines(View(**view), limit=1000)}


def test_every_item_of_a_subscribed_feed_with_its_read_state_and_flags(store: Store, newsboat: Path) -> None:
    report = import_newsboat(store, files(newsboat))
    assert titles(store) == {
        "First of A",
        "Second of A",
        "Only of B",
    }  # not the deleted one, not the unsubscribed feed's
    assert titles(store, unread=True) == {"Second of A"}
    assert titles(store, bookmarked=True) == {"Second of A", "Only of B"}
    assert (report.articles_added, report.marked_read, report.bookmarked) == (3, 2, 2)
    sources = {s.address: s for s in store.sources()}
    assert set(sources) == {A, B}
    assert sources[A].title == "Alpha" and sources[B].title == "Bee"  # ~title first, else newsboat's
    assert sources[A].etag == '"a1"' and sources[A].last_modified == "Thu, 01 Jan 2026 00:00:00 GMT"
    only_b = next(h for h in store.headlines(limit=10) if h.title == "Only of B")
    article = store.article(only_b.id)
    assert article.document.author == "Jo Reed"
    assert article.document.date == "2026-01-01"
    assert sorted(store.tags_of_source(sources[A].id), key=str.casefold) == ["long reads", "tech"]
    assert store.tags_of_source(sources[B].id) == []
    assert sorted(store.tags_of_article(only_b.id)) == ["flag:a", "flag:b"]
    second = next(h for h in store.headlines(limit=10) if h.title == "Second of A")
    assert store.tags_of_article(second.id) == ["flag:s"]
    assert store.saved_view("Unread").query == "unread"
    assert (report.source_tags, report.views_added) == (2, ["Unread"])
    assert [h.title for h in store.headlines(store.query_view('tag:"long reads" unread'), limit=10)] == ["Second of A"]


def test_a_second_import_changes_nothing_and_keeps_what_was_changed_here(store: Store, newsboat: Path) -> None:
    import_newsboat(store, files(newsboat))
    first = next(h for h in store.headlines(limit=10) if h.title == "First of A")
    store.set_read([first.id], False)  # read in newsboat, unread again here
    again = import_newsboat(store, files(newsboat))
    assert (again.articles_added, again.marked_read, again.bookmarked, len(again.feeds_added)) == (0, 0, 0, 0)
    assert again.articles_existing == 3 and len(again.feeds_existing) == 2
    assert (again.source_tags, again.views_added, again.views_existing) == (0, [], ["Unread"])
    assert titles(store, unread=True) == {"First of A", "Second of A"}
    assert len(store.headlines(limit=100)) == 3


def test_a_dry_run_counts_the_same_and_changes_nothing(store: Store, newsboat: Path) -> None:
    dry = import_newsboat(store, files(newsboat), dry_run=True)
    assert store.sources() == [] and store.headlines(limit=10) == []
    real = import_newsboat(store, files(newsboat))
    assert (dry.articles_added, dry.marked_read, dry.bookmarked, dry.feeds_added) == (
        real.articles_added,
        real.marked_read,
        real.bookmarked,
        real.feeds_added,
    )


def test_the_cache_is_never_changed(store: Store, newsboat: Path) -> None:
    cache = newsboat / "cache.db"
    before = hashlib.sha256(cache.read_bytes()).hexdigest()
    import_newsboat(store, files(newsboat))
    assert hashlib.sha256(cache.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in newsboat.iterdir()) == ["cache.db", "urls"]  # no journal, no lock left behind


def test_odd_rows_nulls_huge_content_and_bytes_that_are_not_utf8(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "urls").write_text(f"{A}\n", "utf-8")
    huge = "<p>" + "word " * 400_000 + "</p>"  # 2 MB
    cache = make_cache(
        folder / "cache.db",
        feeds=[{"rssurl": A, "title": "A"}],
        items=[
            {"guid": "huge", "title": "Huge", "feedurl": A, "content": huge},
            {
                "guid": "nulls",
                "title": "Nulls",
                "feedurl": A,
                "flags": None,
                "enclosure_url": None,
                "enclosure_type": None,
            },
            {"guid": "empty", "title": "", "feedurl": A, "content": "", "url": "https://a.example/empty"},
            {"guid": "nodate", "title": "No date", "feedurl": A, "pubDate": 0},
            {"guid": "control", "title": "Bell\x07 and \x1b[31mred", "feedurl": A},
        ],
    )
    db = sqlite3.connect(cache)  # text columns holding bytes that are not UTF-8, as old caches can
    db.execute(
        "INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread)"
        " VALUES (?, ?, ?, '', ?, 0, ?, 1)",
        (b"latin", b"Caf\xe9 cr\xe8me", b"\xff", A, b"<p>na\xefve</p>"),
    )
    db.commit()
    db.close()
    report = import_newsboat(store, files(folder))
    assert report.articles_added == 6
    shown = titles(store)
    assert "Huge" in shown and "Nulls" in shown and "No date" in shown
    assert "Caf\ufffd cr\ufffdme" in shown
    assert "Bell and red" in shown  # the controls and the escape sequence are gone
    huge_id = next(h.id for h in store.headlines(limit=10) if h.title == "Huge")
    assert len(store.article(huge_id).document.plain_text()) > 1_000_000


def test_a_damaged_cache_is_refused_and_nothing_is_imported(store: Store, newsboat: Path) -> None:
    cache = newsboat / "cache.db"
    data = bytearray(cache.read_bytes())
    data[len(data) // 2 :] = b"\xff" * (len(data) - len(data) // 2)  # the header stays: it opens, its pages do not read
    cache.write_bytes(bytes(data))
    with pytest.raises(ImportError_, match="damaged|not an SQLite"):
        import_newsboat(store, files(newsboat))
    assert store.sources() == []


def test_a_file_that_is_no_database_is_refused(store: Store, newsboat: Path) -> None:
    (newsboat / "cache.db").write_bytes(b"this is not SQLite at all" * 100)
    with pytest.raises(ImportError_, match="damaged or not an SQLite"):
        import_newsboat(store, files(newsboat))
    assert store.sources() == []


def test_a_database_that_is_not_newsboats_is_refused(store: Store, newsboat: Path) -> None:
    other = newsboat / "other.db"
    sqlite3.connect(other).executescript("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
    with pytest.raises(ImportError_, match="not a newsboat cache"):
        import_newsboat(store, locate_files(str(newsboat / "urls"), str(other)))
    assert store.sources() == []


def test_a_locked_cache_says_so_and_nothing_is_imported(store: Store, newsboat: Path) -> None:
    holder = sqlite3.connect(newsboat / "cache.db", check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")  # as a writer in the middle of a reload holds it
    try:
        with pytest.raises(ImportError_, match="locked"):
            import_newsboat(store, files(newsboat))
    finally:
        holder.rollback()
        holder.close()
    assert store.sources() == []


def test_config_keys_settings_and_rules_go_to_config_toml_once(tmp_path: Path, store: Store, newsboat: Path) -> None:
    (newsboat / "config").write_text(
        'bind-key j down\nbind-key ^R reload-all\nbind-key / search\nreload-threads 3\nbrowser "w3m %u"\n'
        'ignore-article * "title =~ \\"sponsored\\""\n'
        f'ignore-article "{A}" "author = \\"Ads Desk\\""\n'
        'ignore-article * "title =~ \\"^Re:\\""\n',
        "utf-8",
    )
    target = tmp_path / "config" / "config.toml"
    target.parent.mkdir()
    target.write_text('# mine\n[keys]\nsearch = "f"\n\n[reader]\ntheme = "nord"\n', "utf-8")
    report = import_newsboat(store, files(newsboat, config=str(newsboat / "config")), config_path=target)
    assert report.config_keys_added == 4  # search is already set by the user: left alone
    loaded = load_config(target)
    assert loaded.keys == {"search": "f", "cursor_down": "j", "refresh_all": "ctrl+r"}
    assert loaded.refresh.concurrency == 3 and loaded.reader.open_command == "w3m" and loaded.reader.theme == "nord"
    source_a = next(s.id for s in store.sources() if s.address == A)
    assert [(r.query, r.action) for r in loaded.rules] == [
        ("title:sponsored", "hide"),
        (f'source:{source_a} (author:"Ads Desk")', "hide"),
    ]
    assert report.rules_added == 2
    assert any(line.line == 8 and "regular expressions" in line.reason for name, line in report.skipped)
    assert target.read_text("utf-8").startswith("# mine\n")
    text = target.read_text("utf-8")
    again = import_newsboat(store, files(newsboat, config=str(newsboat / "config")), config_path=target)
    assert again.config_keys_added == 0 and again.rules_added == 0 and target.read_text("utf-8") == text


def test_default_locations_dot_newsboat_then_xdg(tmp_path: Path, newsboat: Path) -> None:
    home = tmp_path / "user"
    xdg = home / ".config" / "newsboat"
    xdg.mkdir(parents=True)
    (xdg / "urls").write_text(f"{A}\n", "utf-8")
    found = locate_files(environ={"HOME": str(home)})
    assert found.urls == xdg / "urls" and found.cache is None and found.config is None
    data = home / ".local" / "share" / "newsboat"
    data.mkdir(parents=True)
    (data / "cache.db").write_bytes((newsboat / "cache.db").read_bytes())
    assert locate_files(environ={"HOME": str(home)}).cache == data / "cache.db"
    dot = home / ".newsboat"
    dot.mkdir()
    (dot / "urls").write_text(f"{B}\n", "utf-8")
    assert locate_files(environ={"HOME": str(home)}).urls == dot / "urls"
    with pytest.raises(ImportError_, match="no such file"):
        locate_files(urls=str(tmp_path / "nope"), environ={"HOME": str(home)})
    with pytest.raises(ImportError_, match="no newsboat urls file"):
        locate_files(environ={"HOME": str(tmp_path / "empty")})


def test_cli_json_and_exit_status(home: Path, newsboat: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["import-newsboat", "--urls", str(newsboat / "urls"), "--cache", str(newsboat / "cache.db"), "--json"]
    assert main([*argv, "--dry-run"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["dry_run"] is True and dry["articles"]["added"] == 3
    assert main(argv) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["feeds"] == {"added": 2, "existing": 0}
    assert done["articles"] == {"added": 3, "existing": 0, "read": 2, "bookmarked": 2}
    assert main(["import-newsboat", "--urls", str(newsboat / "missing")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_cli_text_names_what_was_skipped(home: Path, newsboat: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open(newsboat / "urls", "a", encoding="utf-8") as urls:
        urls.write('exec:~/bin/feed\n"query:Odd:title =~ \\"^x\\""\n')
    assert main(["import-newsboat", "--urls", str(newsboat / "urls"), "--cache", str(newsboat / "cache.db")]) == 0
    err = capsys.readouterr().err
    assert "3 new articles" in err and "2 read" in err
    assert "urls:4: exec:~/bin/feed: exec: feeds run a program" in err
    assert "urls:5:" in err and "regular expressions" in err


def test_cli_text_counts_settings_not_keys(home: Path, newsboat: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two bind-keys and a browser line are three settings, not "3 keys" (the browser is none)."""
    (newsboat / "config").write_text('bind-key j down\nbind-key k up\nbrowser "w3m %u"\n', "utf-8")
    argv = ["import-newsboat", "--urls", str(newsboat / "urls"), "--config", str(newsboat / "config"), "--dry-run"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "config: 3 settings and 0 rules would be added" in err
    assert "3 keys" not in err
