"""Sync with a Google Reader API server: a loopback one that answers as FreshRSS does
(tests/support/greader_server.py), driven through the CLI and the sync package."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from support.greader_server import GReaderServer

from newsreader.cli import main
from newsreader.store import Store
from newsreader.sync import accounts as tables
from newsreader.sync.greader import GReaderClient, item_number, long_item_id
from newsreader.sync.transport import Transport

PASSWORD = "api-secret"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def server():
    with GReaderServer(api_password=PASSWORD) as running:
        tech = running.add_feed("Tech news", category="Tech")
        world = running.add_feed("World", category="World")
        running.add_many(tech, 12)
        running.add_item(world, "Kept there", "<p>A starred story with <a href='https://x.example/a'>a link</a>.</p>",
                         starred=True, read=True)  # fmt: skip
        running.add_item(world, "Read there", read=True)
        yield running


@pytest.fixture
def account(server, home, capsys, monkeypatch):
    monkeypatch.setenv("NEWSREADER_PASSWORD", PASSWORD)
    code, _, err = run(capsys, "account", "add", "greader", server.url, "--user", "alice", "--name", "fresh")
    assert code == 0, err
    return "fresh"


def store_of(home: Path) -> Store:
    from newsreader.paths import resolve_paths

    return Store(resolve_paths(str(home)).store)


def listed(capsys, *extra: str) -> list[dict]:
    code, out, _ = run(capsys, "list", "--json", "--limit", "1000", *extra)
    assert code == 0
    return json.loads(out)


def by_title(capsys) -> dict[str, dict]:
    return {a["title"]: a for a in listed(capsys)}


def item_of(server: GReaderServer, title: str):
    return next(i for i in server.items.values() if i.title == title)


# -- accounts ------------------------------------------------------------------------


def test_add_logs_in_at_once_and_says_why_not(server, home, capsys, monkeypatch) -> None:
    monkeypatch.setenv("NEWSREADER_PASSWORD", "the-web-password")
    code, _, err = run(capsys, "account", "add", "greader", server.url, "--user", "alice")
    assert code == 1 and "refused user 'alice'" in err and "API password" in err
    monkeypatch.setenv("NEWSREADER_PASSWORD", PASSWORD)
    code, _, err = run(
        capsys, "account", "add", "greader", server.url.replace("greader.php", "nothing.php"), "--user", "alice"
    )
    assert code == 1 and "no Google Reader API" in err
    code, _, err = run(
        capsys, "account", "add", "greader", server.url.replace("http://", "https://"), "--user", "alice"
    )
    assert code == 1 and "TLS" in err
    code, _, err = run(capsys, "account", "add", "greader", "http://127.0.0.1:9/api/greader.php", "--user", "alice")
    assert code == 1 and "connection refused" in err
    code, _, err = run(capsys, "account", "add", "greader", "ftp://example.org/", "--user", "alice")
    assert code == 1 and "not a web address" in err
    monkeypatch.delenv("NEWSREADER_PASSWORD")
    code, _, err = run(capsys, "account", "add", "greader", server.url, "--user", "alice")
    assert code == 1 and "no password" in err
    code, out, _ = run(capsys, "account", "list", "--json")
    assert json.loads(out) == []


def test_password_comes_from_a_command_and_is_never_stored(server, home, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("NEWSREADER_PASSWORD", raising=False)
    script = tmp_path / "secret tool.py"
    script.write_text(f"import sys\nprint({PASSWORD!r})\nprint('second line')\n")
    command = f"{sys.executable} '{script}' --with an-arg; echo not-a-shell"
    code, out, err = run(capsys, "account", "add", "greader", server.url, "--user", "alice", "--name", "fresh",
                         "--password-command", command, "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["name"] == "fresh"
    home_bytes = b"".join(p.read_bytes() for p in home.rglob("*") if p.is_file())
    assert PASSWORD.encode() not in home_bytes
    server.expire_sessions()  # the next sync logs in again through the command
    code, _, err = run(capsys, "sync")
    assert code == 0, err
    assert len(server.calls("ClientLogin")) == 2
    code, _, err = run(capsys, "account", "add", "greader", server.url, "--user", "alice", "--name", "other",
                       "--password-command", "false")  # fmt: skip
    assert code == 1 and "password command failed (exit 1)" in err


# -- the first sync ----------------------------------------------------------------------


def test_first_sync_brings_subscriptions_folders_articles_and_states(server, account, home, capsys) -> None:
    code, out, err = run(capsys, "sync", "--json")
    assert code == 0, err
    (result,) = json.loads(out)["accounts"]
    assert result == {"name": "fresh", "ok": True, "subscriptions": 2, "added": 14, "updated": 0, "sent": 0,
                      "pending": 0, "error": None}  # fmt: skip
    code, out, _ = run(capsys, "sources", "--json")
    sources = {s["title"]: s for s in json.loads(out)}
    assert sources["Tech news"]["folder"] == "Tech" and sources["World"]["folder"] == "World"
    assert sources["Tech news"]["kind"] == "synced" and sources["Tech news"]["articles"] == 12
    articles = by_title(capsys)
    kept = articles["Kept there"]
    assert kept["read"] is True and kept["bookmarked"] is True and kept["account"] == "fresh"
    assert kept["origin"] == server.feeds[2].url
    assert articles["Read there"]["read"] is True and articles["Read there"]["bookmarked"] is False
    assert articles["Item 3"]["read"] is False
    code, out, _ = run(capsys, "show", kept["id"], "--json", "--feed-text")
    shown = json.loads(out)
    assert shown["blocks"][0]["links"] == [{"text": "a link", "url": "https://x.example/a"}]
    code, out, _ = run(capsys, "search", "starred", "--json")
    assert [hit["id"] for hit in json.loads(out)] == [kept["id"]]
    code, out, _ = run(capsys, "account", "list", "--json")
    (listed_account,) = json.loads(out)
    assert listed_account["status"] == "ok" and listed_account["last_sync"] and listed_account["pending"] == 0


def test_incremental_sync_with_nothing_new_asks_little(server, account, capsys) -> None:
    assert run(capsys, "sync")[0] == 0
    before = len(server.log)
    assert run(capsys, "sync")[0] == 0
    calls = [c.path for c in server.log[before:]]
    assert len(calls) <= 6, calls
    assert "stream/items/contents" not in calls and "ClientLogin" not in calls


def test_new_items_come_in_incrementally(server, account, capsys) -> None:
    assert run(capsys, "sync")[0] == 0
    server.add_item(server.feeds[1], "Fresh item")
    server.add_item(server.feeds[1], "Fresh and already read", read=True)
    before = len(server.log)
    code, out, _ = run(capsys, "sync", "--json")
    assert json.loads(out)["accounts"][0]["added"] == 2
    contents = [c for c in server.log[before:] if c.path == "stream/items/contents"]
    assert len(contents) == 1 and len([v for n, v in contents[0].form if n == "i"]) == 2
    articles = by_title(capsys)
    assert articles["Fresh item"]["read"] is False and articles["Fresh and already read"]["read"] is True


# -- both ways -----------------------------------------------------------------------


def test_read_and_star_go_both_ways(server, account, capsys) -> None:
    assert run(capsys, "sync")[0] == 0
    articles = by_title(capsys)
    code, _, err = run(capsys, "read", articles["Item 1"]["id"], articles["Item 2"]["id"])
    assert code == 0 and "queued for fresh" in err
    assert run(capsys, "unread", articles["Kept there"]["id"])[0] == 0
    assert run(capsys, "bookmark", articles["Item 5"]["id"])[0] == 0
    assert run(capsys, "unbookmark", articles["Kept there"]["id"])[0] == 0
    code, out, _ = run(capsys, "account", "list", "--json")
    assert json.loads(out)[0]["pending"] == 5
    assert not item_of(server, "Item 1").read  # nothing sent before the sync: offline first
    code, out, _ = run(capsys, "sync", "--json")
    result = json.loads(out)["accounts"][0]
    assert result["sent"] == 5 and result["pending"] == 0
    assert item_of(server, "Item 1").read and item_of(server, "Item 2").read
    assert not item_of(server, "Kept there").read
    assert item_of(server, "Item 5").starred and not item_of(server, "Kept there").starred
    edits = server.calls("edit-tag")
    assert all(len([n for n, _ in c.form if n in ("a", "r")]) == 1 for c in edits)  # one state per request
    # and the other way: changes made on the server
    item_of(server, "Item 7").read = True
    item_of(server, "Item 1").read = False
    item_of(server, "Item 8").starred = True
    assert run(capsys, "sync")[0] == 0
    articles = by_title(capsys)
    assert articles["Item 7"]["read"] and not articles["Item 1"]["read"] and articles["Item 8"]["bookmarked"]
    assert articles["Item 5"]["bookmarked"] and not articles["Kept there"]["bookmarked"]


def test_a_pending_change_wins_over_the_server_state(server, account, capsys, home) -> None:
    assert run(capsys, "sync")[0] == 0
    articles = by_title(capsys)
    assert run(capsys, "read", articles["Item 4"]["id"])[0] == 0
    server.fail_edit_tags = {server.edit_tags_seen + 1}  # the server will not take it this time
    code, out, _ = run(capsys, "sync", "--json")
    result = json.loads(out)["accounts"][0]
    assert code == 1 and not result["ok"] and "1 change not sent" in result["error"] and "HTTP 500" in result["error"]
    assert result["pending"] == 1
    assert by_title(capsys)["Item 4"]["read"] is True  # the server still says unread: the pending change wins
    assert run(capsys, "sync")[0] == 0
    assert item_of(server, "Item 4").read


def test_one_failed_edit_tag_keeps_only_its_changes(server, account, capsys) -> None:
    assert run(capsys, "sync")[0] == 0
    articles = by_title(capsys)
    run(capsys, "read", articles["Item 1"]["id"])
    run(capsys, "bookmark", articles["Item 2"]["id"])
    server.fail_edit_tags = {server.edit_tags_seen + 1}
    code, out, _ = run(capsys, "sync", "--json")
    result = json.loads(out)["accounts"][0]
    assert code == 1 and result["sent"] == 1 and result["pending"] == 1
    assert item_of(server, "Item 2").starred != item_of(server, "Item 1").read  # one of the two went
    assert run(capsys, "sync")[0] == 0
    assert item_of(server, "Item 1").read and item_of(server, "Item 2").starred


def test_server_down_mid_sync_keeps_changes_and_sends_them_once(server, account, capsys) -> None:
    assert run(capsys, "sync")[0] == 0
    articles = by_title(capsys)
    run(capsys, "read", articles["Item 1"]["id"])
    run(capsys, "bookmark", articles["Item 2"]["id"])
    server.drop_after = 3  # subscription/list, token, the first edit-tag: then the server is gone
    code, out, err = run(capsys, "sync", "--json")
    result = json.loads(out)["accounts"][0]
    assert code == 1 and not result["ok"] and "edit-tag: connection" in result["error"]
    assert result["sent"] == 1 and result["pending"] == 1  # the change the server took is not queued again
    server.drop_after = None
    sent_before = len(server.calls("edit-tag"))
    assert run(capsys, "sync")[0] == 0
    assert len(server.calls("edit-tag")) == sent_before + 1
    assert item_of(server, "Item 1").read and item_of(server, "Item 2").starred
    assert by_title(capsys)["Item 1"]["read"] is True


def test_an_expired_session_logs_in_again_once(server, account, capsys, monkeypatch) -> None:
    assert run(capsys, "sync")[0] == 0
    run(capsys, "read", by_title(capsys)["Item 1"]["id"])
    server.expire_sessions()
    assert run(capsys, "sync")[0] == 0
    assert len(server.calls("ClientLogin")) == 2 and item_of(server, "Item 1").read
    server.expire_sessions()
    monkeypatch.delenv("NEWSREADER_PASSWORD")
    run(capsys, "unread", by_title(capsys)["Item 1"]["id"])
    code, out, _ = run(capsys, "sync", "--json")
    result = json.loads(out)["accounts"][0]
    assert code == 1 and "no password is at hand" in result["error"] and result["pending"] == 1
    server.user = "somebody-else"  # a password that no longer works: one try, a clear error
    monkeypatch.setenv("NEWSREADER_PASSWORD", PASSWORD)
    code, out, _ = run(capsys, "sync", "--json")
    result = json.loads(out)["accounts"][0]
    assert code == 1 and "refused" in result["error"] and result["pending"] == 1
    assert len(server.calls("ClientLogin")) == 3


def test_malformed_json_is_a_clear_error(server, account, capsys) -> None:
    server.malformed.add("stream/items/ids")
    code, out, _ = run(capsys, "sync", "--json")
    result = json.loads(out)["accounts"][0]
    assert code == 1 and "malformed answer to listing items: not JSON" in result["error"]
    server.malformed.clear()
    assert run(capsys, "sync")[0] == 0
    assert len(listed(capsys)) == 14


def test_hostile_item_text_is_cleaned(server, account, capsys) -> None:
    feed = server.feeds[1]
    server.add_item(feed, "Evil \x1b]8;;https://evil.example\x07title\x1b[2J \u202egnp.exe",
                    "<p onclick='x()'>Text<script>alert(1)</script> <a href='javascript:alert(1)'>click</a>"
                    " <img src='data:image/png;base64,AAAA'>\x1b[31mred\x1b[0m</p>",
                    url="javascript:alert(1)")  # fmt: skip
    assert run(capsys, "sync")[0] == 0
    evil = next(a for a in listed(capsys) if a["title"].startswith("Evil"))
    assert "\x1b" not in evil["title"] and "\u202e" not in evil["title"] and evil["url"] is None
    code, out, _ = run(capsys, "show", evil["id"], "--json")
    text = json.dumps(json.loads(out)["blocks"])
    assert "alert" not in text and "\\u001b" not in text and "javascript" not in text and "data:" not in text
    code, out, _ = run(capsys, "show", evil["id"])
    assert "\x1b" not in out


def test_fifty_thousand_ids_follow_the_continuation(server) -> None:
    feed = server.add_feed("Busy")
    server.add_many(feed, 50_000)
    client = GReaderClient(server.url, Transport())
    client.login("alice", PASSWORD)
    pages = list(client.item_ids("user/-/state/com.google/reading-list", exclude="user/-/state/com.google/read"))
    numbers = [n for page in pages for n in page]
    assert len(pages) == 6 and len(numbers) == len(set(numbers)) == 50_012
    assert client.transport.requests == 7


def test_item_ids_in_both_forms() -> None:
    assert item_number("1700000001000003") == "1700000001000003"
    assert item_number(long_item_id("1700000001000003")) == "1700000001000003"
    assert item_number("tag:google.com,2005:reader/item/00000000000004d2") == "1234"
    assert item_number("-1") == str(2**64 - 1)
    assert item_number("junk") is None and item_number(None) is None and item_number(True) is None


# -- subscriptions -------------------------------------------------------------------------


def test_subscription_changes_go_to_the_server(server, account, capsys) -> None:
    assert run(capsys, "sync")[0] == 0
    code, _, err = run(capsys, "add", "https://feeds.example/new.xml", "--account", "fresh")
    assert code == 0, err
    assert any(f.url == "https://feeds.example/new.xml" for f in server.feeds.values())
    code, _, err = run(capsys, "add", "https://feeds.example/404.xml", "--account", "fresh")
    assert code == 1 and "HTTP 400" in err
    code, _, err = run(capsys, "account", "rename", "Tech news", "Technology")
    assert code == 0, err
    assert server.feeds[1].title == "Technology"
    code, _, err = run(capsys, "account", "move", "Technology", "Reading")
    assert code == 0, err
    assert server.feeds[1].category == "Reading"
    code, out, _ = run(capsys, "sources", "--json")
    assert {s["title"]: s["folder"] for s in json.loads(out)}["Technology"] == "Reading"
    kept = by_title(capsys)["Kept there"]["id"]
    code, _, err = run(capsys, "account", "unsubscribe", "World")
    assert code == 0, err
    assert all(f.title != "World" for f in server.feeds.values())
    code, out, _ = run(capsys, "bookmarks", "--json")
    assert [a["id"] for a in json.loads(out)] == [kept]  # kept, as a local copy


def test_an_unsubscribe_on_the_server_removes_the_source_here(server, account, capsys) -> None:
    assert run(capsys, "sync")[0] == 0
    server.edit_subscription([("s", "feed/2"), ("ac", "unsubscribe")])  # as on the server's pages
    assert run(capsys, "sync")[0] == 0
    code, out, _ = run(capsys, "sources", "--json")
    assert [s["title"] for s in json.loads(out)] == ["Tech news"]
    assert list(by_title(capsys)) == ["Kept there"] + [f"Item {n}" for n in range(11, -1, -1)]
    code, out, _ = run(capsys, "bookmarks", "--json")
    (kept,) = json.loads(out)  # the server dropped the item with its feed; kept here, as a local copy
    assert kept["title"] == "Kept there" and kept["account"] is None
    assert run(capsys, "sync")[0] == 0
    code, out, _ = run(capsys, "bookmarks", "--json")
    assert [a["title"] for a in json.loads(out)] == ["Kept there"]


def test_removing_an_account_keeps_bookmarks_as_local_copies(server, account, capsys) -> None:
    assert run(capsys, "sync")[0] == 0
    run(capsys, "read", by_title(capsys)["Item 1"]["id"])
    code, _, err = run(capsys, "account", "remove", "fresh")
    assert code == 0 and "1 change never sent" in err
    assert [a["title"] for a in listed(capsys)] == ["Kept there"]
    assert listed(capsys)[0]["account"] is None
    code, out, _ = run(capsys, "account", "list", "--json")
    assert json.loads(out) == []
    code, _, err = run(capsys, "account", "remove", "fresh")
    assert code == 1 and "no account named 'fresh'" in err


def test_retention_leaves_old_items_on_the_server(server, account, capsys, home) -> None:
    server.add_item(server.feeds[1], "Ancient", published=1_000_000_000)
    from newsreader.paths import resolve_paths

    config = resolve_paths(str(home)).config
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[retention]\nmax_age_days = 30\n")
    assert run(capsys, "sync")[0] == 0
    assert "Ancient" not in by_title(capsys)
    before = len(server.log)
    assert run(capsys, "sync")[0] == 0
    assert "stream/items/contents" not in [c.path for c in server.log[before:]]  # not asked for again


def test_refresh_syncs_accounts_after_the_sources(server, account, capsys, tmp_path) -> None:
    article = tmp_path / "note.txt"
    article.write_text("A local note.\n\nWith words.\n")
    assert run(capsys, "add", str(article))[0] == 0
    code, out, err = run(capsys, "refresh", "--json")
    assert code == 0, err
    results = json.loads(out)
    assert [r.get("account") for r in results] == [None, "fresh"]
    assert results[1]["added"] == 14


def test_pending_changes_are_queued_by_the_store_whoever_makes_them(server, account, capsys, home) -> None:
    assert run(capsys, "sync")[0] == 0
    with store_of(home) as store:
        store.mark_view_read()
        account_row = tables.find_account(store, "fresh")
        assert account_row is not None and account_row.pending == 12  # every unread one
        store.set_read([a.id for a in store.headlines()], False)  # and back: one pending change each, the last
        assert tables.find_account(store, "fresh").pending == 14
    assert run(capsys, "sync")[0] == 0
    assert all(not i.read for i in server.items.values())


def test_remove_and_rename_of_a_synced_source_go_to_the_server(server, account, capsys) -> None:
    """``remove`` and ``rename`` work on an account's subscriptions as on any source: the change
    is made on the server, so the next sync neither brings the source back nor its old title."""
    assert run(capsys, "sync")[0] == 0
    code, _, err = run(capsys, "rename", "Tech news", "Technology")
    assert code == 0, err
    assert server.feeds[1].title == "Technology"
    code, _, err = run(capsys, "remove", "World")
    assert code == 0, err
    assert all(f.title != "World" for f in server.feeds.values())
    assert run(capsys, "sync")[0] == 0
    code, out, _ = run(capsys, "sources", "--json")
    assert [s["title"] for s in json.loads(out)] == ["Technology"]


def test_remove_of_a_synced_source_that_cannot_reach_the_server_changes_nothing(server, account, capsys) -> None:
    assert run(capsys, "sync")[0] == 0
    server.drop_after = 0  # the server takes no call
    code, _, err = run(capsys, "remove", "World")
    assert code == 1 and "connection" in err
    server.drop_after = None
    code, out, _ = run(capsys, "sources", "--json")
    assert sorted(s["title"] for s in json.loads(out)) == ["Tech news", "World"]
    assert any(f.title == "World" for f in server.feeds.values())


def test_a_password_in_the_address_is_refused_and_never_kept(server, home, capsys, monkeypatch) -> None:
    monkeypatch.setenv("NEWSREADER_PASSWORD", PASSWORD)
    with_password = server.url.replace("http://", f"http://alice:{PASSWORD}@")
    code, _, err = run(capsys, "account", "add", "greader", with_password, "--user", "alice")
    assert code == 1 and "--password-command" in err
    assert PASSWORD not in err
    home_bytes = b"".join(p.read_bytes() for p in home.rglob("*") if p.is_file())
    assert PASSWORD.encode() not in home_bytes


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_store_that_keeps_a_session_token_is_the_users_alone(server, account, home) -> None:
    """The session token logs in as the user (Fever's is a hash of the password): only the user
    may read the files that hold it."""
    import stat

    files = [p for p in home.rglob("*") if p.is_file() and ".db" in p.name]
    assert files
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in files), [oct(p.stat().st_mode) for p in files]


def test_fields_of_the_wrong_type_lose_only_themselves(server, account, capsys) -> None:
    """A server whose JSON has the right shape but a field of another type (a number for a
    list): the field is left out, the rest of the sync goes on."""

    def odd_subscriptions(data):
        for entry in data["subscriptions"]:
            entry["categories"] = 5
        return data

    def odd_items(data):
        data["items"][0]["categories"] = 7
        data["items"][1]["alternate"] = 3
        data["items"][2].update(title=5, published="soon", author=["x"], content={"content": 5}, origin=[])
        return data

    server.rewrite = {"subscription/list": odd_subscriptions, "stream/items/contents": odd_items}
    code, out, _ = run(capsys, "sync", "--json")
    result = json.loads(out)["accounts"][0]
    assert code == 0 and result["ok"], result
    assert len(listed(capsys)) == 14
