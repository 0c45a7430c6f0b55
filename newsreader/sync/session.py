"""An account's server client, logged in, and logged in again once when the server forgets
the session (a password from the environment or the account's command, never stored)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsreader.store import Store
from newsreader.sync import accounts as tables
from newsreader.sync.accounts import Account
from newsreader.sync.errors import LoginError, SessionExpired
from newsreader.sync.fever import FeverClient
from newsreader.sync.greader import GReaderClient
from newsreader.sync.password import PASSWORD_ENV
from newsreader.sync.transport import Transport

__all__ = ["Session", "make_client"]


def make_client(account: Account, transport: Transport) -> GReaderClient | FeverClient:
    if account.kind == "greader":
        return GReaderClient(account.url, transport, account.token)
    return FeverClient(account.url, transport, account.token)


class Session:
    """An account's client, logged in again once when the server forgets the session."""

    def __init__(
        self, store: Store, account: Account, client: GReaderClient | FeverClient, password: Callable[[], str | None]
    ) -> None:
        self.store = store
        self.account = account
        self.client = client
        self.password = password
        self.relogged = False

    def greader(self) -> GReaderClient:
        """The client of a Google Reader account (a GReaderSync's)."""
        assert isinstance(self.client, GReaderClient)
        return self.client

    def fever(self) -> FeverClient:
        """The client of a Fever account (a FeverSync's)."""
        assert isinstance(self.client, FeverClient)
        return self.client

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
