"""The values the store hands out and takes in: plain dataclasses, no database handles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsreader.document.blocks import Document
from newsreader.document.clean import clean_inline


@dataclass
class View:
    """Which headlines to show: every filter set narrows the list (they combine with AND)."""

    unread: bool = False
    bookmarked: bool = False
    source_id: int | None = None
    folder: str | None = None
    query: Any = None  # a compiled query (newsreader.query.Compiled): its condition narrows the view too


@dataclass
class NewArticle:
    """An article as a parser found it, before the store gives it an id."""

    title: str
    document: Document
    origin: str  # the feed URL or the absolute path of the file
    guid: str | None = None
    url: str | None = None
    published: str | None = None  # ISO-8601 or None
    entry_hash: str | None = None  # the feed entry as read (feeds.entry_fingerprint): unchanged means skip it
    file_time: str | None = None  # ISO-8601: when an article file without a date of its own was last changed


@dataclass
class Source:
    id: int
    kind: str  # "feed" | "file" | "folder"
    address: str
    title: str | None = None
    folder: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_status: str | None = None  # "ok" | "unchanged" | "error" | None
    last_error: str | None = None
    last_refreshed: str | None = None  # ISO-8601 UTC
    article_count: int = 0
    unread_count: int = 0
    added: str | None = None  # ISO-8601 UTC
    retry_at: str | None = None  # ISO-8601 UTC: the server asked not to be asked again before then (Retry-After)
    enabled: bool = True  # False when its own settings leave it out of refreshes (``Library.disabled_sources``)

    @property
    def name(self) -> str:
        """What to call the source on screen: its title, else its address made one clean line
        (an address is kept exactly as given, it is how the source is found: a file's path may
        hold anything; a title was cleaned where it came in)."""
        return self.title or clean_inline(self.address)

    def to_json(self, tags: list[str] | None = None) -> dict[str, Any]:
        """The docs/cli.md shape of a source in ``sources --json``, with its ``tags``."""
        return {
            "id": self.id,
            "kind": self.kind,
            "address": self.address,
            "title": self.title,
            "folder": self.folder,
            "articles": self.article_count,
            "unread": self.unread_count,
            "status": self.last_status,
            "error": self.last_error,
            "last_refreshed": self.last_refreshed,
            "retry_at": self.retry_at,  # set while the server's Retry-After holds the next fetch back
            "tags": list(tags or []),
        }

    def to_subscription_json(self) -> dict[str, Any]:
        """The docs/cli.md shape of a subscription in ``import-opml --json``."""
        return {"id": self.id, "address": self.address, "title": self.title, "folder": self.folder}


@dataclass(frozen=True)
class RemovedSource:
    """What ``Store.remove_source`` did: the source's name, the articles that went and those kept."""

    id: int
    name: str
    removed: int  # articles deleted with the source
    kept: int  # bookmarked articles, left as local copies
    linked: int  # articles left because a bookmark's related links lead to them


SortKey = tuple[str, str]  # (sort_time, id): opaque to callers, used for keyset paging


@dataclass
class Headline:
    id: str
    title: str
    date: str | None  # YYYY-MM-DD
    published: str | None  # ISO-8601
    source: str | None  # the outlet named in the article, else the feed's title
    feed: str | None  # the source's title
    origin: str
    url: str | None
    read: bool
    bookmarked: bool
    source_id: int | None
    sort_key: SortKey = field(repr=False, default=("", ""))
    file_date: str | None = None  # YYYY-MM-DD: an undated article file's modification day (it sorts after dated ones)

    def to_json(self) -> dict[str, Any]:
        """The docs/cli.md shape of an article in a list."""
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "published": self.published,
            "source": self.source,
            "feed": self.feed,
            "origin": self.origin,
            "url": self.url,
            "read": self.read,
            "bookmarked": self.bookmarked,
        }


@dataclass
class Article(Headline):
    """A whole stored article: the headline plus its body (and the fetched full text of a bookmark)."""

    document: Document = field(default_factory=Document)
    full_document: Document | None = None
    text: str = ""
    first_seen: str | None = None
    bookmarked_at: str | None = None
    full_error: str | None = None  # why the last fetch of the whole text failed; None after a success
    full_attempted: str | None = None  # when the whole text was last fetched (ISO-8601 UTC)


@dataclass
class SearchHit:
    headline: Headline
    snippet: str  # plain text, no markup
    highlights: list[tuple[int, int]]  # [start, end) character ranges of matches in snippet


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
