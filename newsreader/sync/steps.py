"""The steps of a sync both protocols share: the server's subscriptions as sources, its items
stored as articles (with their read and starred states), and the result an account's sync
fills in (``AccountResult``). ``run`` holds each protocol's order of steps."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from newsreader.config import Config
from newsreader.dates import parse_time, utc_now
from newsreader.document.clean import clean_inline
from newsreader.store import NewArticle, Store, prepare_batch
from newsreader.sync import accounts as tables
from newsreader.sync.accounts import SYNCED_KIND
from newsreader.sync.errors import SyncError
from newsreader.sync.greader import Subscription
from newsreader.sync.session import Session

__all__ = ["AccountResult", "AccountSync", "Progress", "source_address"]


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
        """The docs/cli.md shape of an account in ``sync --json``."""
        return {
            "name": self.name, "ok": self.ok, "subscriptions": self.subscriptions, "added": self.added,
            "updated": self.updated, "sent": self.sent, "pending": self.pending, "error": self.error,
        }  # fmt: skip

    def to_refresh_json(self) -> dict[str, Any]:
        """The docs/cli.md shape of an account's sync in ``refresh --json``, beside the sources' results."""
        return {
            "source_id": None, "name": self.name, "status": "ok" if self.ok else "error", "added": self.added,
            "updated": self.updated, "error": self.error, "account": self.name,
        }  # fmt: skip


def source_address(account_name: str, remote_id: str) -> str:
    """A synced source's address: unique per account and feed; nothing fetches it."""
    return f"sync://{quote(account_name, safe='')}/{remote_id}"


class AccountSync:
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
        self.oldest = utc_now() - timedelta(days=max_age) if max_age else None

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
                source = self.store.add_source(
                    SYNCED_KIND, source_address(self.account.name, sub.remote_id), title, folder
                )
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

    def store_items(
        self, entries: list[tuple[str, str | None, Any, bool, bool]], build: Callable[..., NewArticle]
    ) -> None:
        """Store new items: (remote id, remote feed id, item, read, starred) each; ``build`` makes
        the NewArticle. Items older than the retention are only remembered, not stored."""
        by_source: dict[int, list[tuple[str, NewArticle]]] = defaultdict(list)
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
        starred_ids = {remote for remote, (_, star) in states.items() if star}
        tables.apply_states(self.store, self.account.id, unread, starred_ids, only=set(states))

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
