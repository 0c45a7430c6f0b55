"""One sync of an account, both ways: subscriptions, local changes out, new items and states in.

The order matters: pending local changes are sent before the server's state is
read, so a change the server took comes back as its state; a change it refused
stays pending, and a pending change wins over the server's state of that item.
Each step is written as it completes (items batch by batch, sent changes as the
server takes them), so a sync cut off half way resumes where it stopped and
sends nothing twice.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

from newsreader.config import Config
from newsreader.document.clean import clean_inline
from newsreader.store import Store, prepare_batch
from newsreader.store.identity import now_text, parse_time
from newsreader.sync import accounts as tables
from newsreader.sync.accounts import SYNCED_KIND, Account
from newsreader.sync.errors import LoginError, NotSupported, ServerError, SessionExpired, SyncError
from newsreader.sync.fever import FeverClient, as_id
from newsreader.sync.greader import READ, READING_LIST, STARRED, GReaderClient, Subscription, item_number, item_states
from newsreader.sync.items import fever_article, greader_article
from newsreader.sync.password import PASSWORD_ENV, read_password
from newsreader.sync.transport import Transport

CONTENTS_STEP = 1000  # items fetched (in server batches) and stored per step
NEW_ITEMS_OVERLAP = 600  # seconds before the last sync that "new since" looks back (clocks differ)

Progress = Callable[[str], None]


@dataclass
class AccountResult:
    name: str
    ok: bool
    subscriptions: int = 0
    added: int = 0
    updated: int = 0
    sent: int = 0
    pending: int = 0
    error: str | None = None
    requests: int = 0

    def to_json(self) -> dict[str, Any]:
        """The CLI.md shape of an account in ``sync --json``."""
        return {
            "name": self.name, "ok": self.ok, "subscriptions": self.subscriptions, "added": self.added,
            "updated": self.updated, "sent": self.sent, "pending": self.pending, "error": self.error,
        }  # fmt: skip

    def to_refresh_json(self) -> dict[str, Any]:
        """The CLI.md shape of an account's sync in ``refresh --json``, beside the sources' results."""
        return {
            "source_id": None, "name": self.name, "status": "ok" if self.ok else "error", "added": self.added,
            "updated": self.updated, "error": self.error, "account": self.name,
        }  # fmt: skip


def make_client(account: Account, transport: Transport):
    cls = GReaderClient if account.kind == "greader" else FeverClient
    return cls(account.url, transport, account.token)


def source_address(account_name: str, remote_id: str) -> str:
    """A synced source's address: unique per account and feed; nothing fetches it."""
    return f"sync://{quote(account_name, safe='')}/{remote_id}"


class Session:
    """An account's client, logged in again once when the server forgets the session."""

    def __init__(self, store: Store, account: Account, client, password: Callable[[], str | None]) -> None:
        self.store = store
        self.account = account
        self.client = client
        self.password = password
        self.relogged = False

    def login(self) -> None:
        secret = self.password()
        if secret is None:
            raise LoginError(
                "the server no longer accepts the stored session and no password is at hand: "
                f"set {PASSWORD_ENV} or give the account a password command (account add … --password-command CMD)"
            )
        token = self.client.login(self.account.user, secret)
        self.account.token = token
        tables.update_account(self.store, self.account.id, token=token)

    def call(self, function: Callable[..., Any], *args: Any) -> Any:
        if not self.client.auth:
            self.login()
            self.relogged = True
        try:
            return function(*args)
        except (SessionExpired, LoginError):
            if self.relogged:
                raise
        self.relogged = True
        self.login()
        return function(*args)


class _Sync:
    """The steps both protocols share; a subclass speaks its protocol."""

    def __init__(self, store: Store, config: Config, session: Session, progress: Progress | None,
                 cancel: threading.Event | None) -> None:  # fmt: skip
        self.store = store
        self.config = config
        self.session = session
        self.account = session.account
        self.progress = progress or (lambda message: None)
        self.cancel = cancel
        self.result = AccountResult(self.account.name, ok=True)
        self.failures: list[str] = []
        self.feeds: dict[str, tuple[int, str | None]] = {}
        self.titles: dict[str, str] = {}
        max_age = config.retention.max_age_days
        self.oldest = datetime.now(timezone.utc) - timedelta(days=max_age) if max_age else None

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise SyncError("cancelled")

    # -- subscriptions -----------------------------------------------------------

    def apply_subscriptions(self, subscriptions: list[Subscription]) -> None:
        """Sources for the server's subscriptions (titles and folders as the server has them);
        sources of subscriptions the server no longer has go, their kept articles stay."""
        known = tables.account_feeds(self.store, self.account.id)
        listed = set()
        for sub in subscriptions:
            listed.add(sub.remote_id)
            title = clean_inline(sub.title) or None
            folder = clean_inline(sub.folders[0]) if sub.folders else None
            self.titles[sub.remote_id] = title or sub.url or sub.remote_id
            if sub.remote_id in known:
                source_id, url = known[sub.remote_id]
                source = self.store.get_source(source_id)
                if source is not None and (source.title != title or source.folder != folder):
                    self.store.update_source(source_id, title=title, folder=folder)
                if url != sub.url:
                    tables.link_feed(self.store, self.account.id, sub.remote_id, source_id, sub.url)
            else:
                source = self.store.add_source(SYNCED_KIND, source_address(self.account.name, sub.remote_id), title, folder)
                tables.link_feed(self.store, self.account.id, sub.remote_id, source.id, sub.url)
            tables.set_source_tags(self.store, tables.account_feeds(self.store, self.account.id)[sub.remote_id][0],
                                   sub.folders[1:])  # fmt: skip
        for remote_id, (source_id, _) in known.items():
            if remote_id not in listed:
                tables.forget_source_items(self.store, self.account.id, source_id)
                self.store.remove_source(source_id)
        self.feeds = tables.account_feeds(self.store, self.account.id)
        self.result.subscriptions = len(subscriptions)

    def source_for(self, remote_feed: str | None, title: str | None) -> tuple[int, str]:
        """(source id, origin) of an item's feed; a feed the subscription list did not name (an item
        starred before its feed was dropped) gets a source of its own until the next sync."""
        remote_feed = remote_feed or "unknown"
        if remote_feed not in self.feeds:
            source = self.store.add_source(SYNCED_KIND, source_address(self.account.name, remote_feed),
                                           clean_inline(title or "") or remote_feed)  # fmt: skip
            tables.link_feed(self.store, self.account.id, remote_feed, source.id, None)
            self.feeds[remote_feed] = (source.id, None)
        source_id, url = self.feeds[remote_feed]
        return source_id, url or source_address(self.account.name, remote_feed)

    # -- items -------------------------------------------------------------------

    def too_old(self, published: str | None, starred: bool) -> bool:
        if self.oldest is None or starred or not published:
            return False
        moment = parse_time(published)
        return moment is not None and moment < self.oldest

    def store_items(self, entries: list[tuple[str, str | None, Any, bool, bool]], build) -> None:
        """Store new items: (remote id, remote feed id, item, read, starred) each; ``build`` makes
        the NewArticle. Items older than the retention are only remembered, not stored."""
        by_source: dict[int, list] = defaultdict(list)
        states: dict[str, tuple[bool, bool]] = {}
        pairs: list[tuple[str, str]] = []
        for remote_id, remote_feed, item, read, starred in entries:
            source_id, origin = self.source_for(remote_feed, self.titles.get(remote_feed or ""))
            article = build(self.account.name, remote_id, item, origin, self.titles.get(remote_feed or ""))
            states[remote_id] = (read, starred)
            if self.too_old(article.published, starred):
                pairs.append((remote_id, ""))
                continue
            by_source[source_id].append((remote_id, article))
        for source_id, items in by_source.items():
            batch = prepare_batch([article for _, article in items])
            by_guid = {prepared.guid: prepared.id for prepared in batch.articles}
            result = self.store.ingest_prepared(source_id, batch)
            self.result.added += len(result.added)
            self.result.updated += len(result.updated)
            pairs.extend((remote_id, by_guid.get(article.guid, "")) for remote_id, article in items)
        tables.record_items(self.store, self.account.id, pairs)
        unread = {remote for remote, (read, _) in states.items() if not read}
        starred = {remote for remote, (_, star) in states.items() if star}
        tables.apply_states(self.store, self.account.id, unread, starred, only=set(states))

    def missing(self, remote_ids: list[str]) -> None:
        """Items the server listed but would not give: remembered, so they are not asked for again."""
        tables.record_items(self.store, self.account.id, [(remote_id, "") for remote_id in remote_ids])

    # -- the whole sync ------------------------------------------------------------

    def send(self) -> None:
        raise NotImplementedError

    def run(self) -> AccountResult:
        raise NotImplementedError

    def note_failure(self, error: SyncError, count: int) -> None:
        self.failures.append(f"{count} change{'' if count == 1 else 's'} not sent ({error})")


class GReaderSync(_Sync):
    STATES = {"read": READ, "starred": STARRED}

    def send(self) -> None:
        pending = tables.pending_changes(self.store, self.account.id)
        groups: dict[tuple[str, bool], list[tables.Pending]] = defaultdict(list)
        for change in pending:
            groups[(change.field, change.value)].append(change)
        client: GReaderClient = self.session.client
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
        client: GReaderClient = self.session.client
        return self.session.call(lambda: [n for page in client.item_ids(stream, **filters) for n in page])

    def run(self) -> AccountResult:
        client: GReaderClient = self.session.client
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


class FeverSync(_Sync):
    MARKS = {("read", True): "read", ("read", False): "unread", ("starred", True): "saved", ("starred", False): "unsaved"}

    def send(self) -> None:
        client: FeverClient = self.session.client
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
        client: FeverClient = self.session.client
        _, folders = self.session.call(client.groups)
        found = []
        for feed in self.session.call(client.feeds):
            feed_id = as_id(feed.get("id"))
            url = feed.get("url") if isinstance(feed.get("url"), str) else None
            title = feed.get("title") if isinstance(feed.get("title"), str) else ""
            found.append(Subscription(feed_id, title, url, folders.get(feed_id, [])))  # type: ignore[arg-type]
        return found

    def run(self) -> AccountResult:
        client: FeverClient = self.session.client
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
        result.error = clean_inline(str(error)) or type(error).__name__
    except Exception as error:  # a store failure or a surprise: this account's error, not the caller's
        result = sync.result
        result.ok = False
        result.error = clean_inline(f"{type(error).__name__}: {error}")
    finally:
        transport.close()
    if result.ok and sync.failures:
        result.ok = False
    if sync.failures:
        result.error = "; ".join(filter(None, [result.error, *sync.failures]))
    result.requests = transport.requests
    result.pending = tables.pending_count(store, account.id)
    fields: dict[str, Any] = {"state": account.state, "status": "ok" if result.ok else "error", "last_error": result.error}
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


__all__ = ["AccountResult", "NotSupported", "Session", "sync_account", "sync_all"]
