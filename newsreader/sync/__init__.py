"""Sync with feed servers: the Google Reader API (FreshRSS, Miniflux, Inoreader…) and Fever.

Offline first: a change of read state or bookmark made here is written to the
store and queued (``accounts``: triggers fill ``sync_pending``); ``sync_account``
sends the queue, then brings subscriptions, new items and the server's read and
starred states in. The modules:

- ``accounts``      the sync tables: accounts, feeds, items, pending changes, applying states
- ``run``           one sync of an account, both ways (``sync_account``, ``sync_all``)
- ``steps``         the steps both protocols share: subscriptions as sources, items as articles
- ``session``       the logged-in client, logged in again once when the session expires
- ``greader``       the Google Reader API client
- ``fever``         the Fever API client
- ``items``         a server's items as articles (the feed item readers' cleaning and HTML)
- ``subscriptions`` subscribe, unsubscribe, rename, move: sent to the server
- ``password``      the password from a command or the environment, never stored
- ``transport``     HTTP GET and form POST to one server
- ``login``         adding an account: log in at once, say clearly why not
"""

from newsreader.sync.accounts import (
    Account,
    account_of_articles,
    account_of_sources,
    all_accounts,
    find_account,
)
from newsreader.sync.errors import LoginError, NotSupported, NotThatApi, SessionExpired, SyncError
from newsreader.sync.run import AccountResult, sync_account, sync_all

__all__ = [
    "Account",
    "AccountResult",
    "LoginError",
    "NotSupported",
    "NotThatApi",
    "SessionExpired",
    "SyncError",
    "account_of_articles",
    "account_of_sources",
    "all_accounts",
    "find_account",
    "sync_account",
    "sync_all",
]
