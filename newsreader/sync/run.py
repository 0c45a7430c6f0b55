"""One sync of an account, both ways: subscriptions, local changes out, new items and states in.

The order matters: pending local changes are sent before the server's state is
read, so a change the server took comes back as its state; a change it refused
stays pending, and a pending change wins over the server's state of that item.
Each step is written as it completes (items batch by batch, sent changes as the
server takes them), so a sync cut off half way resumes where it stopped and
sends nothing twice.

Each protocol's order of steps is here (``GReaderSync``, ``FeverSync``); the steps they
share are ``steps``, the logged-in client ``session``.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from newsreader.config import Config
from newsreader.dates import now_text
from newsreader.document.clean import error_line
from newsreader.store import Store
from newsreader.sync import accounts as tables
from newsreader.sync.accounts import Account
from newsreader.sync.errors import LoginError, NotSupported, ServerError, SyncError
from newsreader.sync.fever import as_id
from newsreader.sync.greader import (
    READ,
    READING_LIST,
    STARRED,
    Subscription,
    item_number,
    item_states,
)
from newsreader.sync.items import fever_article, greader_article
from newsreader.sync.password import read_password
from newsreader.sync.session import Session, make_client
from newsreader.sync.steps import AccountResult, AccountSync, Progress
from newsreader.sync.transport import Transport

CONTENTS_STEP = 1000  # items fetched (in server batches) and stored per step
NEW_ITEMS_OVERLAP = 600  # seconds before the last sync that "new since" looks back (clocks differ)


class GReaderSync(AccountSync):
    STATES = {"read": READ, "starred": STARRED}

    def send(self) -> None:
        pending = tables.pending_changes(self.store, self.account.id)
        groups: dict[tuple[str, bool], list[tables.Pending]] = defaultdict(list)
        for change in pending:
            groups[(change.field, change.value)].append(change)
        client = self.session.greader()
        for (field, value), changes in groups.items():
            for start in range(0, len(changes), 250):
                self.check_cancel()
                batch = changes[start : start + 250]
                try:
                    self.session.call(client.edit_tag, [c.remote_id for c in batch], self.STATES[field], value)
                except ServerError as error:
                    self.note_failure(error, len(batch))
                    continue
                tables.clear_sent(self.store, [c.seq for c in batch])
                self.result.sent += len(batch)

    def ids(self, stream: str, **filters: Any) -> list[str]:
        client = self.session.greader()
        ids: list[str] = self.session.call(lambda: [n for page in client.item_ids(stream, **filters) for n in page])
        return ids

    def run(self) -> AccountResult:
        client = self.session.greader()
        started = int(time.time())
        self.progress("subscriptions")
        self.apply_subscriptions(self.session.call(client.subscriptions))
        self.send()
        self.progress("unread and starred items")
        unread = set(self.ids(READING_LIST, exclude=READ))
        starred = set(self.ids(STARRED))
        wanted = unread | starred
        # Items that came since the last sync, read or not (read elsewhere already, they would be
        # missed by the unread list); on the first sync, those of the last minutes, so that the
        # next sync does not take them for new.
        last = self.account.state.get("last_seconds")
        since = last if isinstance(last, int) and last > 0 else started
        wanted.update(self.ids(READING_LIST, newer_than=max(0, since - NEW_ITEMS_OVERLAP)))
        known = tables.known_items(self.store, self.account.id)
        unknown = sorted(wanted - known, key=int, reverse=True)  # newest first
        for start in range(0, len(unknown), CONTENTS_STEP):
            self.check_cancel()
            step = unknown[start : start + CONTENTS_STEP]
            self.progress(f"items {start + len(step)} of {len(unknown)}")
            items = self.session.call(client.contents, step)
            entries = []
            for item in items:
                number = item_number(item.get("id"))
                if number is None:
                    continue
                origin = item.get("origin") if isinstance(item.get("origin"), dict) else {}
                feed = origin.get("streamId") if isinstance(origin.get("streamId"), str) else None
                if feed and feed not in self.titles and isinstance(origin.get("title"), str):
                    self.titles[feed] = origin["title"]
                read, star = item_states(item)
                entries.append((number, feed, item, read, star))
            self.store_items(entries, greader_article)
            given = {entry[0] for entry in entries}
            self.missing([number for number in step if number not in given])
        tables.apply_states(self.store, self.account.id, unread, starred)
        self.account.state["last_seconds"] = started
        return self.result


class FeverSync(AccountSync):
    MARKS = {
        ("read", True): "read",
        ("read", False): "unread",
        ("starred", True): "saved",
        ("starred", False): "unsaved",
    }

    def send(self) -> None:
        client = self.session.fever()
        for change in tables.pending_changes(self.store, self.account.id):
            self.check_cancel()
            try:
                self.session.call(client.mark, change.remote_id, self.MARKS[(change.field, change.value)])
            except ServerError as error:
                self.note_failure(error, 1)
                continue
            tables.clear_sent(self.store, [change.seq])
            self.result.sent += 1

    def subscriptions(self) -> list[Subscription]:
        client = self.session.fever()
        _, folders = self.session.call(client.groups)
        found = []
        for feed in self.session.call(client.feeds):
            feed_id = as_id(feed.get("id"))
            url = feed.get("url") if isinstance(feed.get("url"), str) else None
            title = feed.get("title") if isinstance(feed.get("title"), str) else ""
            found.append(Subscription(feed_id, title, url, folders.get(feed_id, [])))  # type: ignore[arg-type]
        return found

    def run(self) -> AccountResult:
        client = self.session.fever()
        self.progress("subscriptions")
        self.apply_subscriptions(self.subscriptions())
        self.send()
        since = str(self.account.state.get("since_id") or "0")
        known = tables.known_items(self.store, self.account.id)
        fetched = 0
        while True:
            self.check_cancel()
            pages = self.session.call(client.items_after, since)
            if not pages:
                break
            entries = []
            for item in pages:
                item_id = as_id(item.get("id"))
                if item_id is None or item_id in known:
                    continue
                feed = as_id(item.get("feed_id"))
                entries.append((item_id, feed, item, str(item.get("is_read")) == "1", str(item.get("is_saved")) == "1"))
            self.store_items(entries, fever_article)
            fetched += len(pages)
            self.progress(f"items: {fetched}")
            highest = max(int(as_id(item.get("id")) or 0) for item in pages)
            if highest <= int(since):
                break
            since = str(highest)
            self.account.state["since_id"] = since
            tables.update_account(self.store, self.account.id, state=self.account.state)
        self.progress("unread and saved items")
        unread = self.session.call(client.id_set, "unread_item_ids")
        saved = self.session.call(client.id_set, "saved_item_ids")
        tables.apply_states(self.store, self.account.id, unread, saved)
        return self.result


def sync_account(
    store: Store,
    config: Config,
    account: Account,
    *,
    transport: Transport | None = None,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> AccountResult:
    """Sync one account both ways. Never raises: a failure is the result's error, the pending
    changes stay queued, and what was stored before it stays stored."""
    transport = transport or Transport(config.refresh, max_bytes=max(config.limits.max_bytes, 50_000_000))
    session = Session(store, account, make_client(account, transport), lambda: read_password(account.password_command))
    sync = (GReaderSync if account.kind == "greader" else FeverSync)(store, config, session, on_progress, cancel)
    try:
        result = sync.run()
    except (SyncError, LoginError) as error:
        result = sync.result
        result.ok = False
        result.error = str(error) or type(error).__name__  # a SyncError's message is a clean line
    except Exception as error:  # a store failure or a surprise: this account's error, not the caller's
        result = sync.result
        result.ok = False
        result.error = f"{type(error).__name__}: {error_line(error)}"
    finally:
        transport.close()
    if result.ok and sync.failures:
        result.ok = False
    if sync.failures:
        result.error = "; ".join(filter(None, [result.error, *sync.failures]))
    result.requests = transport.requests
    result.pending = tables.pending_count(store, account.id)
    fields: dict[str, Any] = {
        "state": account.state,
        "status": "ok" if result.ok else "error",
        "last_error": result.error,
    }
    if result.ok:
        fields["last_sync"] = now_text()
    try:
        tables.update_account(store, account.id, **fields)
    except Exception:
        pass
    return result


def sync_all(
    store: Store,
    config: Config,
    *,
    names: list[str] | None = None,
    on_progress: Callable[[str, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[AccountResult]:
    """Sync every account (or those named), one after another; one result each."""
    results = []
    for account in tables.all_accounts(store):
        if names is not None and account.name not in names:
            continue
        report = (lambda message, name=account.name: on_progress(name, message)) if on_progress else None
        results.append(sync_account(store, config, account, on_progress=report, cancel=cancel))
    return results


__all__ = ["AccountResult", "NotSupported", "Session", "make_client", "sync_account", "sync_all"]
