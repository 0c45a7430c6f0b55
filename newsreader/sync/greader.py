"""A Google Reader API client (FreshRSS, Miniflux, Inoreader, The Old Reader, BazQux).

The account's URL is the API's base: ``https://HOST/api/greader.php`` for
FreshRSS, ``https://HOST`` for Miniflux; the client adds ``/accounts/ClientLogin``
and ``/reader/api/0/...``. What the servers really do (ids in two forms, the
``T`` token, one state per ``edit-tag``, JSON sent as text/html) is written in
SYNC_SERVERS.md of the project notes and in the comments below.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from newsreader.document.clean import clean_inline
from newsreader.sync.errors import LoginError, NotThatApi, ServerError, SessionExpired, SyncError
from newsreader.sync.transport import Form, Reply, Transport, json_list

READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LABEL = "user/-/label/"
ITEM_PREFIX = "tag:google.com,2005:reader/item/"
IDS_PAGE = 10_000  # ids per stream/items/ids page (FreshRSS has no cap; Miniflux neither)
CONTENTS_BATCH = 250  # ids per stream/items/contents POST
EDIT_BATCH = 250  # ids per edit-tag POST


def item_number(value: Any) -> str | None:
    """An item id as its decimal number: stream/items/ids gives "1234" (decimal), contents give
    "tag:google.com,2005:reader/item/00000000000004d2" (the same number in hex)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if text.startswith(ITEM_PREFIX):
            return str(int(text[len(ITEM_PREFIX) :], 16))
        if text.isdigit():
            return str(int(text))
        if text.startswith("-") and text[1:].isdigit():  # some servers send signed 64-bit numbers
            return str(int(text) & 0xFFFFFFFFFFFFFFFF)
    except ValueError:
        return None
    return None


def long_item_id(number: str) -> str:
    return f"{ITEM_PREFIX}{int(number):016x}"


@dataclass
class Subscription:
    remote_id: str  # "feed/12"
    title: str
    url: str | None
    folders: list[str] = field(default_factory=list)  # label names, categories first


class GReaderClient:
    kind = "greader"

    def __init__(self, url: str, transport: Transport, auth: str | None = None) -> None:
        self.base = url.rstrip("/")
        self.transport = transport
        self.auth = auth  # the session token ("Auth=" of ClientLogin)
        self._write_token: str | None = None

    # -- session ---------------------------------------------------------------

    def login(self, user: str, password: str) -> str:
        """Log in; the session token (kept by the account). LoginError / NotThatApi say why not."""
        url = f"{self.base}/accounts/ClientLogin"
        reply = self.transport.post(url, [("Email", user), ("Passwd", password)])
        if reply.status in (401, 403):
            raise LoginError(
                f"the server refused user {user!r} and this password (HTTP {reply.status}; "
                "FreshRSS wants the API password set in its profile page)"
            )
        if reply.status == 404:
            raise NotThatApi(f"no Google Reader API at {self.base} (HTTP 404; FreshRSS: https://HOST/api/greader.php, "
                             "Miniflux: https://HOST)")  # fmt: skip
        if reply.status >= 400:
            raise SyncError(f"logging in: HTTP {reply.status} from {self.base}")
        auth = None
        for line in reply.text.splitlines():
            if line.startswith("Auth="):
                auth = line[5:].strip()
        if not auth:
            raise NotThatApi(f"{self.base} answered the login, but not as a Google Reader API (no Auth= in the answer)")
        self.auth = auth
        self._write_token = None
        return auth

    def _headers(self) -> dict[str, str]:
        if not self.auth:
            raise SessionExpired("not logged in")
        return {"Authorization": f"GoogleLogin auth={self.auth}"}

    def _checked(self, reply: Reply, what: str) -> Reply:
        if reply.status == 401:
            raise SessionExpired(f"{what}: the server no longer accepts the session (HTTP 401)")
        if reply.status == 404:
            raise NotThatApi(f"{what}: HTTP 404 (is {self.base} a Google Reader API?)")
        if reply.status >= 400:
            raise ServerError(f"{what}: HTTP {reply.status}")
        return reply

    def _get(self, path: str, params: Form, what: str) -> Any:
        reply = self.transport.get(f"{self.base}/reader/api/0/{path}", params, self._headers())
        return self._checked(reply, what).json(what)

    def write_token(self) -> str:
        if self._write_token is None:
            reply = self.transport.get(f"{self.base}/reader/api/0/token", None, self._headers())
            token = self._checked(reply, "getting the write token").text.strip()
            if not token or len(token) > 200:
                raise SyncError("getting the write token: the server sent none")
            self._write_token = token
        return self._write_token

    def _post(self, path: str, form: Form, what: str) -> Reply:
        """A POST with the T token; a 401 is first taken for a stale T (fetched again, once)."""
        for attempt in (1, 2):
            token = self.write_token()
            reply = self.transport.post(f"{self.base}/reader/api/0/{path}", [*form, ("T", token)], self._headers())
            if reply.status == 401 and attempt == 1:
                self._write_token = None
                continue
            return self._checked(reply, what)
        raise AssertionError("unreachable")

    def check(self) -> None:
        """One cheap authenticated request: the stored session still works."""
        self._get("user-info", [("output", "json")], "checking the session")

    # -- subscriptions ---------------------------------------------------------

    def subscriptions(self) -> list[Subscription]:
        data = self._get("subscription/list", [("output", "json")], "listing subscriptions")
        entries = data.get("subscriptions") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise SyncError("listing subscriptions: the answer has no subscription list")
        found = []
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            folders = []
            for category in json_list(entry.get("categories")):
                if isinstance(category, dict):
                    label = category.get("label") or _label_name(category.get("id"))
                    if isinstance(label, str) and label.strip():
                        folders.append(label)
            url = entry.get("url") if isinstance(entry.get("url"), str) else None
            if url is None and entry["id"].startswith("feed/") and "://" in entry["id"]:
                url = entry["id"][5:]
            title = entry["title"] if isinstance(entry.get("title"), str) else ""
            found.append(Subscription(entry["id"], title, url, folders))
        return found

    def folder_names(self) -> list[str]:
        """The labels of type folder (FreshRSS categories), and untyped labels."""
        data = self._get("tag/list", [("output", "json")], "listing folders")
        tags = data.get("tags") if isinstance(data, dict) else None
        names = []
        for tag in tags if isinstance(tags, list) else []:
            if isinstance(tag, dict):
                name = _label_name(tag.get("id"))
                if name:
                    names.append(name)
        return names

    def subscribe(self, url: str) -> str:
        """Subscribe on the server; the new stream id ("feed/12")."""
        reply = self._post("subscription/quickadd", [("quickadd", url)], "subscribing")
        data = reply.json("subscribing")
        stream = data.get("streamId") if isinstance(data, dict) else None
        if not isinstance(stream, str) or not stream:
            error = data.get("error") if isinstance(data, dict) else None
            raise SyncError(f"the server did not subscribe to {url}" + (f": {error}" if isinstance(error, str) else ""))
        return stream

    def edit_subscription(self, remote_id: str, *, unsubscribe: bool = False, title: str | None = None,
                          add_folder: str | None = None, remove_folder: str | None = None) -> None:  # fmt: skip
        form: Form = [("s", remote_id), ("ac", "unsubscribe" if unsubscribe else "edit")]
        if title is not None:
            form.append(("t", title))
        if add_folder:
            form.append(("a", LABEL + add_folder))
        if remove_folder:
            form.append(("r", LABEL + remove_folder))
        self._post("subscription/edit", form, "changing a subscription")

    # -- items -----------------------------------------------------------------

    def item_ids(
        self, stream: str, *, exclude: str | None = None, newer_than: int | None = None
    ) -> Iterator[list[str]]:
        """Pages of item numbers of ``stream``, following the continuation."""
        continuation = None
        seen_continuations = set()
        while True:
            params: Form = [("s", stream), ("n", str(IDS_PAGE)), ("output", "json")]
            if exclude:
                params.append(("xt", exclude))
            if newer_than:
                params.append(("ot", str(newer_than)))
            if continuation:
                params.append(("c", continuation))
            data = self._get("stream/items/ids", params, "listing items")
            refs = data.get("itemRefs") if isinstance(data, dict) else None
            if refs is None and isinstance(data, dict):
                refs = []
            if not isinstance(refs, list):
                raise SyncError("listing items: the answer has no item list")
            page = [
                number for ref in refs if isinstance(ref, dict) for number in [item_number(ref.get("id"))] if number
            ]
            yield page
            continuation = data.get("continuation")
            if not isinstance(continuation, str) or not continuation or not refs or continuation in seen_continuations:
                return
            seen_continuations.add(continuation)

    def contents(self, numbers: list[str]) -> list[dict[str, Any]]:
        """The items of ``numbers`` (POST, as FreshRSS requires), in batches."""
        items: list[dict[str, Any]] = []
        for start in range(0, len(numbers), CONTENTS_BATCH):
            batch = numbers[start : start + CONTENTS_BATCH]
            reply = self._post("stream/items/contents", [("output", "json"), *(("i", long_item_id(n)) for n in batch)],
                               "fetching items")  # fmt: skip
            data = reply.json("fetching items")
            found = data.get("items") if isinstance(data, dict) else None
            if not isinstance(found, list):
                raise SyncError("fetching items: the answer has no items")
            items.extend(item for item in found if isinstance(item, dict))
        return items

    def edit_tag(self, numbers: list[str], state: str, add: bool) -> None:
        """Add or remove one state on items: one state per request (FreshRSS applies only the last)."""
        for start in range(0, len(numbers), EDIT_BATCH):
            batch = numbers[start : start + EDIT_BATCH]
            form: Form = [("i", long_item_id(n)) for n in batch]
            form.append(("a" if add else "r", state))
            reply = self._post("edit-tag", form, "sending a change")
            if reply.text.strip() not in ("OK", ""):
                raise ServerError(f"sending a change: the server answered {_shown(reply.text)!r}, not OK")


def _label_name(value: Any) -> str | None:
    """ "user/-/label/Tech" (or "user/1234/label/Tech") -> "Tech"; states and others -> None."""
    if not isinstance(value, str):
        return None
    marker = "/label/"
    if value.startswith("user/") and marker in value:
        return value.split(marker, 1)[1] or None
    return None


def item_states(item: dict[str, Any]) -> tuple[bool, bool]:
    """(read, starred) as the item's categories say."""
    categories = [c for c in json_list(item.get("categories")) if isinstance(c, str)]
    read = any(c.endswith("/state/com.google/read") for c in categories)
    starred = any(c.endswith("/state/com.google/starred") for c in categories)
    return read, starred


def _shown(text: str) -> str:
    return clean_inline(text.strip()[:40])
