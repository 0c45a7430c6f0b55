"""Subscription changes made here, sent to the account's server: subscribe, unsubscribe,
rename, move to another folder. The Google Reader API can do them all; Fever can do none
(NotSupported says so). The local source changes only once the server has taken the change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsreader.config import Config
from newsreader.document.clean import clean_inline
from newsreader.store import RemovedSource, Store
from newsreader.sync import accounts as tables
from newsreader.sync.accounts import Account
from newsreader.sync.errors import NotSupported, SyncError
from newsreader.sync.password import read_password
from newsreader.sync.run import AccountResult, sync_account
from newsreader.sync.session import Session, make_client
from newsreader.sync.transport import Transport


def _on_server(store: Store, config: Config, account: Account, change: Callable[[Any], object]) -> None:
    """``change(client)`` on the account's server, logged in (again, once, when the session expired)."""
    transport = Transport(config.refresh)
    session = Session(store, account, make_client(account, transport), lambda: read_password(account.password_command))
    try:
        session.call(change, session.client)
    finally:
        transport.close()


def _feed(store: Store, source_id: int, what: str) -> tuple[Account, str]:
    found = tables.feed_of_source(store, source_id)
    if found is None:
        raise SyncError(f"source {source_id} is not a subscription of a sync account")
    account, remote_id = found
    if account.kind == "fever":
        raise FeverClientCannot(what)
    return account, remote_id


class FeverClientCannot(NotSupported):
    def __init__(self, what: str) -> None:
        super().__init__(f"the Fever API cannot {what}: do it on the server's own pages, then sync")


def subscribe(store: Store, config: Config, account: Account, url: str) -> AccountResult:
    """Subscribe on the server, then sync the account (the new feed's items come with it)."""
    if account.kind == "fever":
        raise FeverClientCannot("subscribe to a feed")
    _on_server(store, config, account, lambda client: client.subscribe(url))
    return sync_account(store, config, account)


def unsubscribe(store: Store, config: Config, source_id: int) -> RemovedSource | None:
    """Unsubscribe on the server; the source goes here too (its kept articles stay)."""
    account, remote_id = _feed(store, source_id, "unsubscribe")
    _on_server(store, config, account, lambda client: client.edit_subscription(remote_id, unsubscribe=True))
    tables.forget_source_items(store, account.id, source_id)
    return store.remove_source(source_id)


def rename(store: Store, config: Config, source_id: int, title: str) -> None:
    account, remote_id = _feed(store, source_id, "rename a subscription")
    title = clean_inline(title)
    if not title:
        raise SyncError("a title needs some words")
    _on_server(store, config, account, lambda client: client.edit_subscription(remote_id, title=title))
    store.update_source(source_id, title=title)


def move(store: Store, config: Config, source_id: int, folder: str | None) -> None:
    """Move the subscription to ``folder`` (None or "": out of its folder)."""
    account, remote_id = _feed(store, source_id, "move a subscription to another folder")
    folder = clean_inline(folder or "") or None
    source = store.get_source(source_id)
    old = source.folder if source else None
    removed = old if old != folder else None
    _on_server(store, config, account,
               lambda client: client.edit_subscription(remote_id, add_folder=folder, remove_folder=removed))  # fmt: skip
    store.update_source(source_id, folder=folder)


def remove_source(store: Store, config: Config, source_id: int) -> RemovedSource | None:
    """Remove any source. An account's subscription is unsubscribed on its server first: removed
    only here, the next sync would bring it back. Nothing changes when the server says no."""
    if tables.feed_of_source(store, source_id) is not None:
        return unsubscribe(store, config, source_id)
    return store.remove_source(source_id)  # any other source, or one its account no longer names


def rename_source(store: Store, config: Config, source_id: int, title: str) -> bool:
    """Give any source a title of the user's own; an account's subscription is renamed on its
    server (the next sync takes the server's title). False when there is no such source."""
    if tables.feed_of_source(store, source_id) is not None:
        rename(store, config, source_id, title)
        return True
    return store.rename_source(source_id, title)
