"""Sync accounts, as ``Library.accounts``: which there are, adding and removing one, the
subscription changes sent to a server, and which account owns what.

The sync package is imported on the first call (``lazy_import.load``): it is a tenth of a
second of start-up that most commands and the app's first frame never need.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsreader.config import Config
from newsreader.lazy_import import load

if TYPE_CHECKING:
    from newsreader.store import RemovedSource
    from newsreader.sync import Account, AccountResult


@dataclass
class AccountRemoved:
    """What removing an account did: how many of its subscriptions went, and how many of its
    bookmarked articles stay as local copies."""

    sources: int
    local_copies: int


class Accounts:
    """The sync accounts on the library's store."""

    def __init__(self, store: Any, config: Config) -> None:
        self._store = store
        self._config = config

    def all(self) -> list[Account]:
        """Every account, with its status and the changes still to send."""
        return list(load("newsreader.sync").all_accounts(self._store))

    def exist(self) -> bool:
        """Whether any account is set up (an empty library with one is not new: a sync fills it)."""
        return bool(self.all())

    def find(self, name: str) -> Account | None:
        account: Account | None = load("newsreader.sync").find_account(self._store, name)
        return account

    def names(self, source_ids: list[int] | None = None) -> list[str]:
        """The names of the accounts a refresh of ``source_ids`` (None: everything) syncs."""
        sync = load("newsreader.sync")
        if source_ids is None:
            return [account.name for account in sync.all_accounts(self._store)]
        owners = sync.account_of_sources(self._store)
        return sorted({owners[i] for i in source_ids if i in owners})

    def of_articles(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The name of the account that owns each of these articles (articles of none are absent)."""
        return dict(load("newsreader.sync").account_of_articles(self._store, list(article_ids)))

    def add(self, kind: str, url: str, user: str, *, password_command: str | None = None,
            name: str | None = None) -> Account:  # fmt: skip
        """Log in to the server and keep the account (never its password); SyncError says why not."""
        login = load("newsreader.sync.login")
        account: Account = login.add_account(self._store, self._config, kind, url, user,
                                             password_command=password_command, name=name)  # fmt: skip
        return account

    def remove(self, account: Account) -> AccountRemoved:
        """Remove the account, its subscriptions and their articles; kept ones stay as local copies."""
        before = self._synced_bookmarks()
        sources = load("newsreader.sync.accounts").remove_account(self._store, account)
        return AccountRemoved(sources, before - self._synced_bookmarks())

    def _synced_bookmarks(self) -> int:
        return sum(1 for headline in self._store.bookmarks() if headline.source_id is not None)

    def subscribe(self, account: Account, url: str) -> AccountResult:
        """Subscribe to ``url`` on the account's server, then sync the account."""
        result: AccountResult = load("newsreader.sync.subscriptions").subscribe(self._store, self._config, account, url)
        return result

    def unsubscribe(self, source_id: int) -> RemovedSource | None:
        """Unsubscribe on the server; the source goes here too (its kept articles stay)."""
        removed: RemovedSource | None = load("newsreader.sync.subscriptions").unsubscribe(
            self._store, self._config, source_id
        )
        return removed

    def rename(self, source_id: int, title: str) -> None:
        """Rename the subscription on its server, then here."""
        load("newsreader.sync.subscriptions").rename(self._store, self._config, source_id, title)

    def move(self, source_id: int, folder: str | None) -> None:
        """Move the subscription to ``folder`` on its server (None or "": out of its folder), then here."""
        load("newsreader.sync.subscriptions").move(self._store, self._config, source_id, folder)
