"""Sync with a real Fever server: coldsweat 0.10.2 on 127.0.0.1 (the ``coldsweat`` session fixture)."""

from __future__ import annotations

import json

import pytest

from newsreader.cli import main
from newsreader.config import Config
from newsreader.store import Store
from newsreader.sync import accounts as tables
from newsreader.sync.fever import FeverClient
from newsreader.sync.run import sync_account
from newsreader.sync.transport import Transport


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def user(coldsweat):
    return coldsweat.new_user()


@pytest.fixture
def account(coldsweat, user, home, capsys, monkeypatch):
    monkeypatch.setenv("NEWSREADER_PASSWORD", user.password)
    code, _, err = run(capsys, "account", "add", "fever", coldsweat.url, "--user", user.email, "--name", "cold")
    assert code == 0, err
    return "cold"


def client_for(coldsweat, user) -> FeverClient:
    return FeverClient(coldsweat.url, Transport(), coldsweat.api_key(user))


def articles(capsys) -> dict[str, dict]:
    code, out, _ = run(capsys, "list", "--json", "--limit", "1000")
    assert code == 0
    return {a["title"]: a for a in json.loads(out)}


def server_ids(coldsweat, user) -> dict[str, str]:
    """title -> item id, as the server has them."""
    client = client_for(coldsweat, user)
    return {item["title"]: str(item["id"]) for page in client.items_since("0") for item in page}


def test_add_says_why_not(coldsweat, user, home, capsys, monkeypatch) -> None:
    monkeypatch.setenv("NEWSREADER_PASSWORD", "not-the-password")
    code, _, err = run(capsys, "account", "add", "fever", coldsweat.url, "--user", user.email)
    assert code == 1 and "refused user" in err
    monkeypatch.setenv("NEWSREADER_PASSWORD", user.password)
    code, _, err = run(
        capsys, "account", "add", "fever", coldsweat.url.replace("/fever", "/nothing"), "--user", user.email
    )
    assert code == 1 and "no Fever API" in err


def test_first_sync_folders_items_and_incremental(coldsweat, user, account, capsys) -> None:
    code, out, err = run(capsys, "sync", "--json")
    assert code == 0, err
    (result,) = json.loads(out)["accounts"]
    assert result["ok"] and result["subscriptions"] == 2 and result["added"] == 8
    code, out, _ = run(capsys, "sources", "--json")
    folders = {s["title"]: s["folder"] for s in json.loads(out)}
    assert folders["Feed 1"] == "Tech"
    found = articles(capsys)
    assert found["Feed 1 item 0"]["account"] == "cold" and found["Feed 1 item 0"]["read"] is False
    code, out, _ = run(capsys, "show", found["Feed 2 item 1"]["id"], "--json")
    assert json.loads(out)["blocks"][0]["text"] == "Body 1 of feed 2: words to read."
    with Store(_store_path()) as store:  # an incremental sync with nothing new: a few requests
        again = sync_account(store, Config(), tables.find_account(store, "cold"))
    assert again.ok and again.added == 0 and again.requests <= 6


def _store_path():
    import os

    from newsreader.paths import resolve_paths

    return resolve_paths(os.environ["NEWSREADER_HOME"]).store


def test_read_and_saved_go_both_ways(coldsweat, user, account, capsys) -> None:
    assert run(capsys, "sync")[0] == 0
    found = articles(capsys)
    ids = server_ids(coldsweat, user)
    assert run(capsys, "read", found["Feed 1 item 0"]["id"])[0] == 0
    assert run(capsys, "bookmark", found["Feed 1 item 1"]["id"])[0] == 0
    client = client_for(coldsweat, user)
    assert ids["Feed 1 item 0"] in client.id_set("unread_item_ids")  # not sent before the sync
    code, out, _ = run(capsys, "sync", "--json")
    assert json.loads(out)["accounts"][0]["sent"] == 2
    assert ids["Feed 1 item 0"] not in client.id_set("unread_item_ids")
    assert ids["Feed 1 item 1"] in client.id_set("saved_item_ids")
    client.mark(ids["Feed 2 item 0"], "read")
    client.mark(ids["Feed 2 item 2"], "saved")
    client.mark(ids["Feed 1 item 1"], "unsaved")
    assert run(capsys, "sync")[0] == 0
    found = articles(capsys)
    assert found["Feed 2 item 0"]["read"] is True
    assert found["Feed 2 item 2"]["bookmarked"] is True
    assert found["Feed 1 item 1"]["bookmarked"] is False


def test_a_change_made_while_the_server_is_down_is_sent_when_it_is_back(coldsweat, user, account, capsys, home) -> None:
    assert run(capsys, "sync")[0] == 0
    found = articles(capsys)
    with Store(_store_path()) as store:
        account_row = tables.find_account(store, "cold")
        store._db.connection().execute("UPDATE sync_accounts SET url = 'http://127.0.0.1:9/fever' WHERE id = ?",
                                       (account_row.id,))  # fmt: skip
    assert run(capsys, "read", found["Feed 2 item 1"]["id"])[0] == 0
    code, out, _ = run(capsys, "sync", "--json")
    result = json.loads(out)["accounts"][0]
    assert code == 1 and "connection refused" in result["error"] and result["pending"] == 1
    assert articles(capsys)["Feed 2 item 1"]["read"] is True
    with Store(_store_path()) as store:
        store._db.connection().execute("UPDATE sync_accounts SET url = ?", (coldsweat.url,))
    code, out, _ = run(capsys, "sync", "--json")
    assert json.loads(out)["accounts"][0]["sent"] == 1
    assert server_ids(coldsweat, user)["Feed 2 item 1"] not in client_for(coldsweat, user).id_set("unread_item_ids")


def test_fever_cannot_change_subscriptions_and_says_so(coldsweat, user, account, capsys) -> None:
    assert run(capsys, "sync")[0] == 0
    code, _, err = run(capsys, "account", "unsubscribe", "Feed 1")
    assert code == 1 and "Fever API cannot unsubscribe" in err
    code, _, err = run(capsys, "remove", "Feed 1")  # removed only here, the next sync would bring it back
    assert code == 1 and "Fever API cannot unsubscribe" in err
    code, out, _ = run(capsys, "sources", "--json")
    assert "Feed 1" in [s["title"] for s in json.loads(out)]
    code, _, err = run(capsys, "add", "https://feeds.example/x.xml", "--account", "cold")
    assert code == 1 and "Fever API cannot subscribe" in err
