"""Adding an account: the address checked, the password read, the server logged in to at once."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsreader.config import Config
from newsreader.document.clean import clean_inline
from newsreader.store import Store
from newsreader.sync import accounts as tables
from newsreader.sync.accounts import KINDS, Account
from newsreader.sync.errors import SyncError
from newsreader.sync.password import PASSWORD_ENV, read_password
from newsreader.sync.session import make_client
from newsreader.sync.transport import Transport


def default_name(url: str) -> str:
    host = urlsplit(url).hostname or "account"
    return host


def check_name(name: str) -> str:
    name = clean_inline(name)
    if not name or not re.fullmatch(r"[\w.@+-]+( [\w.@+-]+)*", name):
        raise SyncError(f"an account name is letters, digits and . _ - @ + (not {name!r})")
    return name


def check_url(url: str, kind: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        example = "https://HOST/api/greader.php" if kind == "greader" else "https://HOST/api/fever.php"
        raise SyncError(f"not a web address: {url!r} (for example {example})")
    if parts.password is not None:  # kept with the account and shown in errors: never a password
        raise SyncError(f"leave the password out of the address ({parts.scheme}://{parts.hostname}/…): give it "
                        f"with --password-command CMD or ${PASSWORD_ENV}")  # fmt: skip
    return url


def add_account(store: Store, config: Config, kind: str, url: str, user: str, *, password_command: str | None = None,
                name: str | None = None, transport: Transport | None = None) -> Account:  # fmt: skip
    """Log in to the server and keep the account (its session token, and the password command when
    given; never the password). SyncError says why not: no password, wrong password, not that API,
    a server that cannot be reached or whose TLS certificate is not valid."""
    if kind not in KINDS:
        raise SyncError(f"unknown account kind {kind!r} (greader or fever)")
    url = check_url(url, kind)
    name = check_name(name if name is not None else default_name(url))
    if tables.find_account(store, name) is not None:
        raise SyncError(f"there is already an account named {name!r} (give another: --name NAME)")
    if not user.strip():
        raise SyncError("the user name is empty")
    password = read_password(password_command)
    if password is None:
        raise SyncError(
            f"no password: give --password-command CMD (its first line is the password) or set {PASSWORD_ENV}"
        )
    transport = transport or Transport(config.refresh)
    probe = Account(0, name, kind, url, user, password_command)
    client = make_client(probe, transport)
    try:
        token = client.login(user, password)
    except SyncError as error:
        raise type(error)(f"cannot log in to {url}: {error}") from None
    finally:
        transport.close()
    return tables.add_account(store, name, kind, url, user, password_command, token)
