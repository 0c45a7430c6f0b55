"""A Google Reader API server on 127.0.0.1 that answers as FreshRSS does.

Built from the API as FreshRSS, Miniflux, The Old Reader and BazQux document it,
and from what FreshRSS 1.25 was measured doing (SYNC_SERVERS.md in the project
notes): ClientLogin takes only the API password and answers text/plain with
``Auth=user/<hex>``; every call wants ``Authorization: GoogleLogin auth=…`` (401
otherwise, and for a token the server has forgotten); POSTs want the 57-character
``T`` token (401 when wrong); ``output=json`` is required on subscription/list,
tag/list and unread-count (else 501); ``stream/items/ids`` gives decimal ids,
newest first, ``n`` items a page (20 by default), ``c`` the last id of the page,
absent on the last page; ``stream/items/contents`` works only by POST and gives
``tag:google.com,2005:reader/item/%016x`` ids; ``edit-tag`` applies only the last
``a=`` and the last ``r=``; ``s=…/read`` is not a stream (the whole reading list);
JSON answers come as text/html; categories are ``type: folder`` in tag/list;
quickadd answers 400 for a URL that is not a feed, and so does unsubscribing a
feed that is gone. Faults on demand: a 500 for chosen edit-tags, forgotten
sessions, a malformed JSON answer, the connection closed mid-sync.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

PREFIX = "/api/greader.php"
READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LABEL = "user/-/label/"
LONG = "tag:google.com,2005:reader/item/"


@dataclass
class Feed:
    id: int
    title: str
    url: str
    category: str | None = None


@dataclass
class Item:
    number: int  # microseconds of its crawl time, as FreshRSS's ids are
    feed_id: int
    title: str
    content: str
    url: str
    published: int  # seconds
    read: bool = False
    starred: bool = False
    labels: set[str] = field(default_factory=set)


@dataclass
class Logged:
    method: str
    path: str  # after /reader/api/0/ (or the login path)
    query: list[tuple[str, str]]
    form: list[tuple[str, str]]


class GReaderServer:
    """``with GReaderServer() as server: server.url`` is the account's URL (…/api/greader.php)."""

    def __init__(self, user: str = "alice", api_password: str = "api-secret") -> None:
        self.user = user
        self.api_password = api_password
        self.feeds: dict[int, Feed] = {}
        self.items: dict[int, Item] = {}
        self.sessions: set[str] = set()
        self.write_tokens: dict[str, str] = {}
        self.log: list[Logged] = []
        self.lock = threading.RLock()
        self.fail_edit_tags: set[int] = set()  # the n-th edit-tag requests (1-based) that get a 500
        self.edit_tags_seen = 0
        self.malformed: set[str] = set()  # paths that answer broken JSON
        self.rewrite: dict[str, Callable[[Any], Any]] = {}  # paths whose JSON answer a test changes
        self.drop_after: int | None = None  # close the connection unanswered after this many more API calls
        self._next_feed = 1
        self._clock = 0
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    # -- life --------------------------------------------------------------------

    def __enter__(self) -> GReaderServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    # -- content -------------------------------------------------------------------

    def add_feed(self, title: str, url: str | None = None, category: str | None = None) -> Feed:
        with self.lock:
            feed = Feed(self._next_feed, title, url or f"https://feeds.example/{self._next_feed}.xml", category)
            self.feeds[feed.id] = feed
            self._next_feed += 1
            return feed

    def add_item(self, feed: Feed, title: str, content: str = "<p>Words.</p>", *, read: bool = False,
                 starred: bool = False, published: int | None = None, url: str | None = None) -> Item:  # fmt: skip
        with self.lock:
            self._clock = max(self._clock + 1_000_003, time.time_ns() // 1000)  # ids are crawl times in µs
            item = Item(self._clock, feed.id, title, content, url or f"https://news.example/{self._clock}",
                        published if published is not None else self._clock // 1_000_000, read, starred)  # fmt: skip
            self.items[item.number] = item
            return item

    def add_many(self, feed: Feed, count: int, **kwargs) -> list[Item]:
        return [self.add_item(feed, f"Item {n}", f"<p>Item {n} of {count}: some words to read.</p>", **kwargs)
                for n in range(count)]  # fmt: skip

    def expire_sessions(self) -> None:
        with self.lock:
            self.sessions.clear()
            self.write_tokens.clear()

    def calls(self, path: str | None = None) -> list[Logged]:
        with self.lock:
            return [c for c in self.log if path is None or c.path == path]

    # -- HTTP ----------------------------------------------------------------------

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else ""
                form = parse_qsl(body, keep_blank_values=True) if method == "POST" else []
                query = parse_qsl(parts.query, keep_blank_values=True)
                try:
                    status, kind, payload = server.answer(
                        method, parts.path, query, form, self.headers.get("Authorization")
                    )
                except _Drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                data = payload.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def answer(self, method: str, path: str, query, form, authorization: str | None) -> tuple[int, str, str]:
        with self.lock:
            if not path.startswith(PREFIX):
                return 404, "text/html", "<h1>Not found</h1>"
            path = path[len(PREFIX) :]
            if path == "/accounts/ClientLogin":
                self.log.append(Logged(method, "ClientLogin", query, form))
                return self.client_login(dict(query) | dict(form))
            if not path.startswith("/reader/api/0/"):
                return 404, "text/html", "<h1>Not found</h1>"
            call = path[len("/reader/api/0/") :]
            self.log.append(Logged(method, call, query, form))
            if self.drop_after is not None:
                if self.drop_after <= 0:
                    raise _Drop
                self.drop_after -= 1
            auth = (authorization or "").removeprefix("GoogleLogin auth=")
            if auth not in self.sessions:
                return 401, "text/html", "Unauthorized!"
            params = query + form
            if method == "POST" and call != "token" and dict(params).get("T") != self.write_tokens.get(auth):
                return 401, "text/html", "Unauthorized!"
            status, kind, text = self.route(method, call, params, auth)
            if call in self.malformed:
                text = text[: len(text) // 2]
            if call in self.rewrite:
                text = json.dumps(self.rewrite[call](json.loads(text)))
            return status, kind, text

    def client_login(self, fields: dict[str, str]) -> tuple[int, str, str]:
        if fields.get("Email") != self.user or fields.get("Passwd") != self.api_password:
            return 401, "text/html", "Unauthorized!"
        auth = f"{self.user}/{secrets.token_hex(20)}"
        self.sessions.add(auth)
        return 200, "text/plain; charset=UTF-8", f"SID={auth}\nLSID=null\nAuth={auth}\n"

    def route(self, method: str, call: str, params: list[tuple[str, str]], auth: str) -> tuple[int, str, str]:
        one = dict(params)
        needs_json = call in ("subscription/list", "tag/list", "unread-count")
        if needs_json and one.get("output") != "json":
            return 501, "text/html", "Not implemented!"
        if call == "token":
            token = self.write_tokens.setdefault(auth, hashlib.sha256(auth.encode()).hexdigest()[:57])
            return 200, "text/plain; charset=UTF-8", token + "\n"
        if call == "user-info":
            return _json({"userId": "1", "userName": self.user, "userProfileId": "1", "userEmail": ""})
        if call == "subscription/list":
            return _json({"subscriptions": [self.subscription(f) for f in self.feeds.values()]})
        if call == "tag/list":
            tags = [{"id": STARRED}]
            for name in sorted({f.category for f in self.feeds.values() if f.category}):
                tags.append({"id": LABEL + name, "type": "folder"})
            for name in sorted({label for i in self.items.values() for label in i.labels}):
                tags.append({"id": LABEL + name, "type": "tag"})
            return _json({"tags": tags})
        if call == "stream/items/ids":
            return self.item_ids(params)
        if call == "stream/items/contents":
            if method != "POST":
                return 405, "text/html", "Method not allowed"
            return self.contents([value for name, value in params if name == "i"])
        if method != "POST":
            return 405, "text/html", "Method not allowed"
        if call == "edit-tag":
            self.edit_tags_seen += 1
            if self.edit_tags_seen in self.fail_edit_tags:
                return 500, "text/html", "<h1>Internal Server Error</h1>"
            return self.edit_tag(params)
        if call == "subscription/quickadd":
            return self.quickadd(one.get("quickadd", ""))
        if call == "subscription/edit":
            return self.edit_subscription(params)
        return 404, "text/html", "<h1>Not found</h1>"

    def subscription(self, feed: Feed) -> dict:
        categories = [{"id": LABEL + feed.category, "label": feed.category}] if feed.category else []
        return {"id": f"feed/{feed.id}", "title": feed.title, "categories": categories, "url": feed.url,
                "htmlUrl": feed.url.rsplit("/", 1)[0], "iconUrl": ""}  # fmt: skip

    def selected(self, stream: str, exclude: str | None, newer: int | None) -> list[Item]:
        items = sorted(self.items.values(), key=lambda i: i.number, reverse=True)
        if stream == STARRED:
            items = [i for i in items if i.starred]
        elif stream.startswith("feed/"):
            items = [i for i in items if f"feed/{i.feed_id}" == stream]
        elif stream.startswith(LABEL):
            name = stream[len(LABEL) :]
            items = [i for i in items if self.feeds[i.feed_id].category == name or name in i.labels]
        # READING_LIST, and READ, which FreshRSS takes for the whole reading list
        if exclude == READ:
            items = [i for i in items if not i.read]
        elif exclude == STARRED:
            items = [i for i in items if not i.starred]
        if newer:
            items = [i for i in items if i.number >= newer * 1_000_000]
        return items

    def item_ids(self, params: list[tuple[str, str]]) -> tuple[int, str, str]:
        one = dict(params)
        items = self.selected(one.get("s", READING_LIST), one.get("xt"), int(one["ot"]) if one.get("ot") else None)
        count = int(one.get("n") or 20)
        if one.get("c"):
            after = int(one["c"])
            items = [i for i in items if i.number < after]
        page = items[:count]
        answer: dict = {"itemRefs": [{"id": str(i.number), "directStreamIds": [], "timestampUsec": str(i.number)}
                                     for i in page]}  # fmt: skip
        if len(items) > count:
            answer["continuation"] = str(page[-1].number)
        return _json(answer)

    def contents(self, ids: list[str]) -> tuple[int, str, str]:
        found = []
        for value in ids:
            number = int(value[len(LONG) :], 16) if value.startswith(LONG) else int(value)
            item = self.items.get(number)
            if item is not None:
                found.append(self.item_json(item))
        return _json({"id": READING_LIST, "updated": int(time.time()), "items": found})

    def item_json(self, item: Item) -> dict:
        feed = self.feeds.get(item.feed_id) or Feed(item.feed_id, "(gone)", "https://gone.example/")
        categories = [READING_LIST]
        if item.read:
            categories.append(READ)
        if item.starred:
            categories.append(STARRED)
        if feed.category:
            categories.append(LABEL + feed.category)
        categories.extend(LABEL + label for label in sorted(item.labels))
        return {
            "id": f"{LONG}{item.number:016x}",
            "crawlTimeMsec": str(item.number // 1000),
            "timestampUsec": str(item.number),
            "published": item.published,
            "title": item.title,
            "canonical": [{"href": item.url}],
            "alternate": [{"href": item.url}],
            "categories": categories,
            "origin": {"streamId": f"feed/{feed.id}", "htmlUrl": feed.url, "title": feed.title},
            "summary": {"content": item.content},
            "author": "A. Writer",
        }

    def edit_tag(self, params: list[tuple[str, str]]) -> tuple[int, str, str]:
        ids = [v for n, v in params if n == "i"]
        added = [v for n, v in params if n == "a"][-1:]  # only the last a= and the last r= count
        removed = [v for n, v in params if n == "r"][-1:]
        for value in ids:
            number = int(value[len(LONG) :], 16) if value.startswith(LONG) else int(value)
            item = self.items.get(number)
            if item is None:
                continue
            for state, on in [(s, True) for s in added] + [(s, False) for s in removed]:
                if state == READ:
                    item.read = on
                elif state == STARRED:
                    item.starred = on
                elif state.startswith(LABEL):
                    (item.labels.add if on else item.labels.discard)(state[len(LABEL) :])
        return 200, "text/plain; charset=UTF-8", "OK"

    def quickadd(self, url: str) -> tuple[int, str, str]:
        if not url.startswith(("http://", "https://")) or "404" in url:
            return 400, "text/html", "Bad request!"
        for feed in self.feeds.values():
            if feed.url == url:
                return _json({"numResults": 1, "query": url, "streamId": f"feed/{feed.id}", "streamName": feed.title})
        feed = self.add_feed(f"Feed at {url}", url)
        return _json({"numResults": 1, "query": url, "streamId": f"feed/{feed.id}", "streamName": feed.title})

    def edit_subscription(self, params: list[tuple[str, str]]) -> tuple[int, str, str]:
        one = dict(params)
        stream = one.get("s", "")
        feed = next((f for f in self.feeds.values() if f"feed/{f.id}" == stream or f"feed/{f.url}" == stream), None)
        if feed is None:
            return 400, "text/html", "Bad request!"
        if one.get("ac") == "unsubscribe":
            del self.feeds[feed.id]
            for number in [n for n, i in self.items.items() if i.feed_id == feed.id]:
                del self.items[number]
            return 200, "text/plain; charset=UTF-8", "OK"
        if one.get("t"):
            feed.title = one["t"]
        for name, value in params:
            if name == "a" and value.startswith(LABEL):
                feed.category = value[len(LABEL) :]
            elif name == "r" and value.startswith(LABEL) and feed.category == value[len(LABEL) :]:
                feed.category = None
        return 200, "text/plain; charset=UTF-8", "OK"


class _Drop(Exception):
    """Close the connection without an answer (the server went down mid-sync)."""


def _json(data: object) -> tuple[int, str, str]:
    return 200, "text/html; charset=UTF-8", json.dumps(data)
