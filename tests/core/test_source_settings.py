"""Per-source settings (source_settings.py): parsed and checked in one place, kept in the store,
changed with ``source set`` (all or nothing), shown by ``sources --json``, and obeyed by a refresh
against the loopback server: due sources, headers, pruning, disabled sources, full text."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.loopback import LoopbackServer
from support.paths import FIXTURE_ROOT

from newsreader.cli import main
from newsreader.config import Config
from newsreader.library import Library
from newsreader.paths import resolve_paths
from newsreader.source_settings import (
    DEFAULT,
    SettingError,
    SourceSettings,
    apply,
    as_fields,
    format_interval,
    from_fields,
    from_store,
    parse_interval,
    split_assignment,
)
from newsreader.sources.http import FetchError, fetch
from newsreader.store import Store

FIXTURES = FIXTURE_ROOT / "keep"
WHOLE = "first Monday of April"  # only on the timetable's page, never in the feed


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def rss(title: str, items: list[tuple[str, str]], base: str = "https://example.org") -> str:
    """An RSS feed of (guid, title) items, newest first, an hour apart."""
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    entries = "".join(
        f'<item><title>{name}</title><link>{base}/{guid}</link><guid isPermaLink="false">{guid}</guid>'
        f"<pubDate>{(start - timedelta(hours=n)).strftime('%a, %d %b %Y %H:%M:%S GMT')}</pubDate>"
        f"<description>About {name}.</description></item>"
        for n, (guid, name) in enumerate(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><link>{base}/</link>{entries}</channel></rss>'


@pytest.fixture
def server():
    running = LoopbackServer().start()
    yield running
    if not running.stopping.is_set():
        running.stop()


def sources_json(capsys) -> list[dict]:
    code, out, err = run(["sources", "--json"], capsys)
    assert code == 0, err
    return json.loads(out)


def add_feed(server: LoopbackServer, capsys, path: str = "/feed.xml", title: str = "Harbour News",
             items: list[tuple[str, str]] | None = None) -> int:  # fmt: skip
    server.static(path, rss(title, items if items is not None else [("a", "Ferry timetable")]),
                  content_type="application/rss+xml")  # fmt: skip
    code, _, err = run(["add", server.url(path)], capsys)
    assert code == 0, err
    return next(s["id"] for s in sources_json(capsys) if s["address"] == server.url(path))


# --- the settings themselves -----------------------------------------------------------------


@pytest.mark.parametrize("text, seconds", [("30m", 1800), ("2h", 7200), ("1d", 86400), ("1w", 604800),
                                           ("1h30m", 5400), (" 2H ", 7200), ("90s", 90)])  # fmt: skip
def test_intervals_are_read_and_written_back(text: str, seconds: int) -> None:
    assert parse_interval(text) == seconds
    assert parse_interval(format_interval(seconds)) == seconds


@pytest.mark.parametrize("text", ["", "2", "h", "2x", "-1h", "1.5h", "30s", "400d", "1h; DROP TABLE", "2h 3"])
def test_bad_intervals_are_refused_naming_the_key(text: str) -> None:
    with pytest.raises(SettingError) as error:
        parse_interval(text) if text else apply(DEFAULT, [("interval", "nonsense")])
    assert error.value.key == "interval"


@pytest.mark.parametrize("header", ["X-Token: a\r\nHost: evil", "X-Token: a\nb", "Bad Name: x", "X(y): z",
                                    "Host: example.org", "Content-Length: 0", "User-Agent: x", "no colon",
                                    ": empty name", "X-Bell: \x07", "X-Wide: \u2603"])  # fmt: skip
def test_bad_headers_are_refused(header: str) -> None:
    with pytest.raises(SettingError) as error:
        apply(DEFAULT, [("header", header)])
    assert error.value.key == "header"


def test_user_agent_refuses_line_breaks() -> None:
    with pytest.raises(SettingError) as error:
        apply(DEFAULT, [("user_agent", "bot\r\nX-Evil: 1")])
    assert error.value.key == "user_agent"


def test_assignments_apply_in_order_and_an_empty_value_resets() -> None:
    settings = apply(DEFAULT, [("interval", "2h"), ("max_articles", "10"), ("header", "X-Token: abc"),
                               ("header", "Accept-Language: fr"), ("full_text", "yes"), ("enabled", "off"),
                               ("user_agent", "my reader/1.0"), ("title", "  My \x1b[31mtitle ")])  # fmt: skip
    assert settings == SourceSettings("My title", 7200, 10, "my reader/1.0",
                                      (("X-Token", "abc"), ("Accept-Language", "fr")), True, False)  # fmt: skip
    assert settings.request_headers()[0] == ("User-Agent", "my reader/1.0")
    assert apply(settings, [("header", "x-token:")]).headers == (("Accept-Language", "fr"),)  # Name: drops one
    reset = apply(settings, [(key, "") for key in ("title", "interval", "max_articles", "user_agent", "header",
                                                   "full_text", "enabled")])  # fmt: skip
    assert reset == DEFAULT and reset.to_store() is None
    assert from_store(settings.to_store()) == settings
    assert from_fields(DEFAULT, as_fields(settings)) == settings


def test_kept_settings_are_checked_again_when_read() -> None:
    assert from_store('{"headers": [["X-A", "ok"], ["X-B", "bad\\r\\nHost: x"]], "interval": 5, "enabled": false}') \
        == SourceSettings(headers=(("X-A", "ok"),), enabled=False)  # fmt: skip
    assert from_store("not json") == DEFAULT and from_store("[1]") == DEFAULT


def test_unknown_keys_and_malformed_assignments_are_named() -> None:
    with pytest.raises(SettingError) as error:
        split_assignment("colour=red")
    assert error.value.key == "colour" and "unknown setting" in str(error.value)
    with pytest.raises(SettingError):
        split_assignment("interval")
    assert split_assignment("max-articles=5") == ("max_articles", "5")


def test_due_needs_an_interval_and_counts_from_the_last_refresh() -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    hourly = SourceSettings(interval=3600)
    assert hourly.is_due(None, now)
    assert hourly.is_due((now - timedelta(hours=2)).isoformat(), now)
    assert not hourly.is_due((now - timedelta(minutes=10)).isoformat(), now)
    assert not DEFAULT.is_due(None, now)  # no interval: refreshed only with all
    assert not SourceSettings(interval=3600, enabled=False).is_due(None, now)


def test_the_fetcher_refuses_a_header_that_would_split_the_request() -> None:
    with pytest.raises(FetchError):
        fetch("http://127.0.0.1:9/", headers=[("X-A", "1\r\nHost: evil")])


# --- the command line ----------------------------------------------------------------------------


def test_source_set_changes_settings_and_sources_json_shows_them(home: Path, server: LoopbackServer, capsys) -> None:
    source_id = add_feed(server, capsys)
    (before,) = sources_json(capsys)
    assert before["settings"] == {"title": None, "interval": None, "interval_seconds": None, "max_articles": None,
                                  "user_agent": None, "headers": {}, "full_text": False, "enabled": True}  # fmt: skip
    code, _, err = run(["source", "set", str(source_id), "interval=2h", "max_articles=50", "header=X-Token: abc",
                        "user_agent=harbour-bot/2", "full_text=true", "title=The Harbour"], capsys)  # fmt: skip
    assert code == 0, err
    assert "abc" not in err  # a header's value may be a secret: only names are said
    (after,) = sources_json(capsys)
    assert after["settings"] == {"title": "The Harbour", "interval": "2h", "interval_seconds": 7200, "max_articles": 50,
                                 "user_agent": "harbour-bot/2", "headers": {"X-Token": "abc"}, "full_text": True,
                                 "enabled": True}  # fmt: skip
    assert after["title"] == "The Harbour"  # the title setting is the source's title, as rename gives
    # Every field docs/cli.md names is still there, unchanged in kind; settings only extends it.
    assert {k: v for k, v in after.items() if k not in ("settings", "title")} == \
        {k: v for k, v in before.items() if k not in ("settings", "title")}  # fmt: skip
    code, out, _ = run(["source", "show", "The Harbour", "--json"], capsys)
    assert code == 0 and json.loads(out)["settings"] == after["settings"]
    code, out, _ = run(["source", "show", str(source_id)], capsys)
    assert code == 0 and "2h" in out and "X-Token: abc" in out
    # KEY= resets: the title goes back to the feed's after the next refresh.
    code, _, err = run(["source", "set", server.url("/feed.xml"), "title=", "interval=", "header="], capsys)
    assert code == 0, err
    (reset,) = sources_json(capsys)
    assert reset["settings"]["title"] is None and reset["settings"]["interval"] is None
    assert reset["settings"]["headers"] == {} and reset["settings"]["max_articles"] == 50
    assert run(["refresh"], capsys)[0] == 0
    assert sources_json(capsys)[0]["title"] == "Harbour News"


def test_rename_is_the_title_setting(home: Path, server: LoopbackServer, capsys) -> None:
    source_id = add_feed(server, capsys)
    assert run(["rename", str(source_id), "My harbour"], capsys)[0] == 0
    assert sources_json(capsys)[0]["settings"]["title"] == "My harbour"


@pytest.mark.parametrize("assignment, key", [("colour=red", "colour"), ("interval=soon", "interval"),
                                             ("max_articles=-3", "max_articles"), ("enabled=maybe", "enabled"),
                                             ("max_articles=99999999999999999999", "max_articles"),
                                             ("header=X-A: 1\r\nHost: evil", "header"), ("header=Bad Name: 1", "header"),
                                             ("user_agent=a\nb", "user_agent"), ("nonsense", "nonsense")])  # fmt: skip
def test_a_bad_setting_exits_2_names_the_key_and_changes_nothing(home: Path, server: LoopbackServer, capsys,
                                                                 assignment: str, key: str) -> None:  # fmt: skip
    source_id = add_feed(server, capsys)
    (before,) = sources_json(capsys)
    code, out, err = run(["source", "set", str(source_id), "interval=1d", "full_text=true", assignment], capsys)
    assert code == 2 and out == ""
    assert key in err and "nothing was changed" in err
    assert "\r" not in err and "Traceback" not in err
    assert sources_json(capsys) == [before]  # all or nothing: the good ones before it were not kept either


def test_an_unknown_or_ambiguous_source_is_named(home: Path, server: LoopbackServer, capsys) -> None:
    add_feed(server, capsys, "/one.xml", "Harbour News")
    add_feed(server, capsys, "/two.xml", "Harbour Weather")
    code, _, err = run(["source", "set", "Harbour", "interval=1h"], capsys)
    assert code == 1 and "Harbour News" in err and "Harbour Weather" in err
    code, _, err = run(["source", "set", "no such thing", "interval=1h"], capsys)
    assert code == 1 and "no source named" in err
    assert all(s["settings"]["interval"] is None for s in sources_json(capsys))


def test_refresh_due_fetches_only_the_due_sources_with_their_headers(
    home: Path, server: LoopbackServer, capsys
) -> None:
    hourly = add_feed(server, capsys, "/hourly.xml", "Hourly")
    add_feed(server, capsys, "/plain.xml", "Plain")  # no interval: never due
    daily = add_feed(server, capsys, "/daily.xml", "Daily")
    assert run(["source", "set", str(hourly), "interval=1h", "user_agent=harbour-bot/2",
                "header=X-Token: abc", "header=Accept-Language: fr"], capsys)[0] == 0  # fmt: skip
    assert run(["source", "set", str(daily), "interval=1d"], capsys)[0] == 0
    code, out, err = run(["refresh", "--due", "--json"], capsys)
    assert code == 0 and json.loads(out) == [] and "no source is due" not in err  # all refreshed by add just now
    with Store(resolve_paths(str(home)).store) as store:  # the hourly one was last refreshed two hours ago
        store.update_source(hourly, last_refreshed=(datetime.now(UTC) - timedelta(hours=2)).isoformat())
    before = len(server.requests)
    code, out, err = run(["refresh", "--due", "--json"], capsys)
    assert code == 0, err
    assert [r["source_id"] for r in json.loads(out)] == [hourly]
    requests = server.requests[before:]
    assert [r.path for r in requests] == ["/hourly.xml"]
    assert requests[0].headers["user-agent"] == "harbour-bot/2"
    assert requests[0].headers["x-token"] == "abc" and requests[0].headers["accept-language"] == "fr"
    assert run(["refresh"], capsys)[0] == 0  # a plain refresh: every source, our User-Agent where none is set
    assert any(r.path == "/plain.xml" and r.headers["user-agent"].startswith("newsreader/") for r in server.requests)


def test_max_articles_prunes_the_oldest_but_keeps_bookmarks(home: Path, server: LoopbackServer, capsys) -> None:
    items = [(f"i{n}", f"Story {n}") for n in range(6)]  # i0 newest
    source_id = add_feed(server, capsys, items=items)
    code, out, _ = run(["list", "--json", "--limit", "50"], capsys)
    by_title = {a["title"]: a["id"] for a in json.loads(out)}
    assert run(["bookmark", by_title["Story 5"]], capsys)[0] == 0  # the oldest, kept
    assert run(["source", "set", str(source_id), "max_articles=2"], capsys)[0] == 0
    server.static("/feed.xml", rss("Harbour News", [("new", "Story new"), *items]), content_type="application/rss+xml")
    assert run(["refresh"], capsys)[0] == 0
    code, out, _ = run(["list", "--json", "--limit", "50"], capsys)
    assert sorted(a["title"] for a in json.loads(out)) == ["Story 0", "Story 5", "Story new"]
    assert sources_json(capsys)[0]["articles"] == 3
    assert run(["refresh"], capsys)[0] == 0  # the pruned stay pruned though the feed still lists them
    code, out, _ = run(["list", "--json", "--limit", "50"], capsys)
    assert len(json.loads(out)) == 3


def test_a_disabled_source_is_skipped_by_refresh_and_shown_disabled(home: Path, server: LoopbackServer, capsys) -> None:
    off = add_feed(server, capsys, "/off.xml", "Switched off")
    add_feed(server, capsys, "/on.xml", "Still on")
    assert run(["source", "set", str(off), "enabled=false", "interval=1h"], capsys)[0] == 0
    hits = server.hits("/off.xml")
    code, out, err = run(["refresh", "--json"], capsys)
    assert code == 0, err
    assert [r["name"] for r in json.loads(out)] == ["Still on"]
    assert server.hits("/off.xml") == hits
    with Store(resolve_paths(str(home)).store) as store:
        store.update_source(off, last_refreshed=None)
    code, out, _ = run(["refresh", "--due", "--json"], capsys)
    assert json.loads(out) == [] and server.hits("/off.xml") == hits  # not due while disabled
    code, out, _ = run(["sources"], capsys)
    assert re.search(r"Switched off.*disabled", out)
    assert run(["source", "set", str(off), "enabled="], capsys)[0] == 0
    run(["refresh"], capsys)
    assert server.hits("/off.xml") == hits + 1


def test_full_text_fetches_each_new_items_page_at_refresh(home: Path, server: LoopbackServer, capsys) -> None:
    feed = (FIXTURES / "feed.xml").read_text("utf-8").replace("{BASE}", server.url(""))
    empty = re.sub(r"<item>.*</item>", "", feed, flags=re.S)
    server.static("/feed.xml", empty, content_type="application/rss+xml")
    assert run(["add", server.url("/feed.xml")], capsys)[0] == 0
    assert run(["source", "set", "Velmont Courier", "full_text=on", "header=X-Token: abc"], capsys)[0] == 0
    server.static("/feed.xml", feed, content_type="application/rss+xml")
    server.static("/news/ferry-timetable.html", (FIXTURES / "ferry-timetable.html").read_bytes(),
                  content_type="text/html; charset=utf-8")  # fmt: skip
    server.error("/news/ferry-strike.html", 500)  # this one fails: said and recorded, the summary stays
    code, _, err = run(["refresh"], capsys)
    assert code == 0, err
    assert "whole text fetched for 1 new article" in err
    assert "ferry-strike.html" in err and "500" in err
    pages = [r for r in server.requests if r.path.startswith("/news/")]
    assert {r.path for r in pages} == {"/news/ferry-timetable.html", "/news/ferry-strike.html"}
    assert all(r.headers.get("x-token") == "abc" for r in pages)  # the source's headers go with its pages too
    code, out, _ = run(["search", "first Monday", "--json"], capsys)
    assert code == 0 and len(json.loads(out)) == 1  # the whole text is kept and searched
    code, out, _ = run(["list", "--json"], capsys)
    strike = next(a["id"] for a in json.loads(out) if a["title"] == "Ferry workers call off strike")
    code, out, _ = run(["show", strike, "--json"], capsys)
    assert code == 0 and "called off their strike" in out  # nothing lost


def test_library_settings_are_all_or_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        source = store.add_source("feed", "https://example.org/feed.xml", "Example")
        library = Library(store, Config())
        library.change_source_settings(source.id, [("interval", "2h")])
        with pytest.raises(SettingError):
            library.change_source_settings(source.id, [("max_articles", "5"), ("interval", "never")])
        assert library.source_settings(source.id) == SourceSettings(interval=7200)
        with pytest.raises(LookupError):
            library.change_source_settings(999, [("interval", "2h")])
        assert library.due_sources() == [source.id]  # never refreshed
        store.remove_source(source.id)
        assert store.source_settings() == {}  # they go with their source


def test_a_sources_own_max_articles_replaces_the_configs_limit(server: LoopbackServer, tmp_path: Path) -> None:
    from newsreader.refresh import refresh_all

    config = Config()
    config.retention.max_articles_per_source = 2
    items = [(f"i{n}", f"Story {n}") for n in range(4)]
    server.static("/own.xml", rss("Own limit", items), content_type="application/rss+xml")
    server.static("/config.xml", rss("Config's limit", items), content_type="application/rss+xml")
    with Store(tmp_path / "s.db") as store:
        own = store.add_source("feed", server.url("/own.xml"))
        other = store.add_source("feed", server.url("/config.xml"))
        Library(store, config).change_source_settings(own.id, [("max_articles", "3")])
        refresh_all(store, config, parse_in_processes=False)
        assert store.get_source(own.id).article_count == 3
        assert store.get_source(other.id).article_count == 2
        Library(store, config).change_source_settings(own.id, [("max_articles", "0")])  # any number
        server.static("/own.xml", rss("Own limit", [("new", "Story new"), *items]), content_type="application/rss+xml")
        refresh_all(store, config, parse_in_processes=False)
        assert store.get_source(own.id).article_count == 4  # the new one; the pruned stay pruned
