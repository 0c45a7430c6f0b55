"""A Fever API client (FreshRSS, Miniflux, Tiny Tiny RSS with its plugin, yarr, CommaFeed, coldsweat).

The account's URL is the endpoint (``https://HOST/api/fever.php``, ``https://HOST/fever/``);
every call is a POST of ``api_key = md5("user:password")`` to ``URL?api&<command>``.
Commands go in the query string (coldsweat ignores them in the body) and ``mark``
in the body (coldsweat reads it only there); both servers accept that split. The
api_key is the session token kept by the account: Fever has no other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from newsreader.sync.errors import LoginError, NotSupported, NotThatApi, ServerError, SyncError
from newsreader.sync.transport import Form, Transport, json_list

ITEMS_PAGE = 50  # what Fever servers send per items call
WITH_IDS_MOST = 50


def api_key(user: str, password: str) -> str:
    return hashlib.md5(f"{user}:{password}".encode()).hexdigest()


def id_list(value: Any) -> list[str]:
    """ "1,2,3" (or a list, as some servers send) as decimal strings; junk left out."""
    if isinstance(value, list):
        parts = [str(v) for v in value if isinstance(v, (int, str)) and not isinstance(v, bool)]
    elif isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, int) and not isinstance(value, bool):
        parts = [str(value)]
    else:
        return []
    return [str(int(p.strip())) for p in parts if p.strip().isdigit()]


def as_id(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return str(value)
    if isinstance(value, str) and value.strip().isdigit():
        return str(int(value.strip()))
    return None


class FeverClient:
    kind = "fever"

    def __init__(self, url: str, transport: Transport, auth: str | None = None) -> None:
        self.url = url.strip()
        self.transport = transport
        self.auth = auth  # the api_key

    def login(self, user: str, password: str) -> str:
        self.auth = api_key(user, password)
        try:
            self.call([])
        except LoginError:
            raise LoginError(f"the server refused user {user!r} and this password (Fever auth 0; FreshRSS wants the "
                             "API password)") from None  # fmt: skip
        return self.auth

    def call(self, words: Form, body: Form | None = None, what: str = "the Fever API") -> dict[str, Any]:
        """POST ``api_key`` (and ``body``) to ``URL?api&words``; the JSON answer, checked for auth."""
        if not self.auth:
            raise LoginError("not logged in")
        query = "api" + ("&" + urlencode(words) if words else "")
        separator = "&" if "?" in self.url else "?"
        reply = self.transport.post(f"{self.url}{separator}{query}", [("api_key", self.auth), *(body or [])])
        if reply.status >= 400 and reply.status not in (401, 403) and not words:  # the login's probe
            raise NotThatApi(f"no Fever API at {self.url} (HTTP {reply.status}; FreshRSS: https://HOST/api/fever.php, "
                             "Miniflux: https://HOST/fever/)")  # fmt: skip
        if reply.status in (401, 403):
            raise LoginError(f"{what}: HTTP {reply.status}")
        if reply.status >= 400:
            raise ServerError(f"{what}: HTTP {reply.status}")
        try:
            data = reply.json(what)
        except SyncError:
            if not words:
                raise NotThatApi(f"{self.url} answered, but not as a Fever API (not JSON)") from None
            raise
        if not isinstance(data, dict) or "api_version" not in data and "auth" not in data:
            raise NotThatApi(f"{self.url} answered, but not as a Fever API (no api_version)")
        if str(data.get("auth")) != "1":
            raise LoginError(f"{what}: the server refused the api key (auth 0)")
        return data

    def groups(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """(group id -> title, feed id -> group titles)."""
        data = self.call([("groups", "")], what="listing groups")
        names: dict[str, str] = {}
        for group in json_list(data.get("groups")):
            group_id = as_id(group.get("id")) if isinstance(group, dict) else None
            if group_id and isinstance(group.get("title"), str):
                names[group_id] = group["title"]
        folders: dict[str, list[str]] = {}
        for link in json_list(data.get("feeds_groups")):
            if isinstance(link, dict):
                name = names.get(as_id(link.get("group_id")) or "")
                for feed_id in id_list(link.get("feed_ids")):
                    if name:
                        folders.setdefault(feed_id, []).append(name)
        return names, folders

    def feeds(self) -> list[dict[str, Any]]:
        data = self.call([("feeds", "")], what="listing feeds")
        return [f for f in json_list(data.get("feeds")) if isinstance(f, dict) and as_id(f.get("id"))]

    def items_after(self, since_id: str) -> list[dict[str, Any]]:
        """One page (up to 50) of the items newer than ``since_id``, ascending."""
        data = self.call([("items", ""), ("since_id", str(int(since_id or 0)))], what="fetching items")
        items = data.get("items")
        return [i for i in items if isinstance(i, dict) and as_id(i.get("id"))] if isinstance(items, list) else []

    def items_since(self, since_id: str) -> Iterator[list[dict[str, Any]]]:
        """Pages of items newer than ``since_id``, ascending, until the server has no more."""
        current = int(since_id or 0)
        while True:
            items = self.items_after(str(current))
            if not items:
                return
            yield items
            highest = max(int(as_id(i["id"])) for i in items)  # type: ignore[arg-type]
            if highest <= current:
                return  # a server that ignores since_id would loop forever
            current = highest

    def id_set(self, command: str) -> set[str]:
        """``unread_item_ids`` or ``saved_item_ids``."""
        data = self.call([(command, "")], what=f"listing {command.split('_')[0]} items")
        return set(id_list(data.get(command)))

    def mark(self, item_id: str, state: str) -> None:
        """``state``: read, unread, saved or unsaved; one item per request."""
        self.call([], [("mark", "item"), ("as", state), ("id", item_id)], what=f"marking an item {state}")

    @staticmethod
    def cannot(what: str) -> NotSupported:
        return NotSupported(f"the Fever API cannot {what}: do it on the server's own pages")
