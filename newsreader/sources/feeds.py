"""Feed bytes to articles: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by hand.

feedparser is only ever given bytes in a BytesIO (given a str it may read a
local file or a URL). Before it sees them, documents that declare entities
(billion laughs, XXE) are refused. A feed that does not parse gets one
repaired second try for known real-world breakage.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Collection
from typing import Any, TypedDict
from urllib.parse import urlsplit

import feedparser

from newsreader.document.blocks import Block, Document, Image, RelatedLink
from newsreader.document.clean import clean_inline
from newsreader.document.feed_blocks import html_blocks, plain_blocks, with_images
from newsreader.document.html.images import is_tracking_address
from newsreader.sources.discover import COMMON_FEED_PATHS, discover_feeds
from newsreader.sources.entries import (
    FeedError,
    ParsedFeed,
    clean_title,
    iso_from_text,
    iso_utc,
    title_from_blocks,
    web_url,
)
from newsreader.sources.fastfeed import read_simple_feed
from newsreader.sources.jsonfeed import looks_like_json, parse_json_feed
from newsreader.sources.xmlencoding import bom_wins
from newsreader.sources.xmlsafety import declares_entities
from newsreader.store import NewArticle
from newsreader.store.documents import LazyDocument, quick_reading

__all__ = ["COMMON_FEED_PATHS", "FeedError", "ParsedFeed", "declares_entities", "discover_feeds", "parse_feed"]


_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def _is_html(kind: str | None) -> bool:
    if not kind:
        return False
    return any(t in kind for t in _HTML_TYPES)


def _chosen_body(entry: Any) -> tuple[bool, str] | None:
    """(is HTML, the text) of content:encoded / content when it is HTML, else the summary,
    else plain content; None when the entry has no body."""
    contents = [c for c in entry.get("content") or [] if isinstance(c.get("value"), str) and c["value"].strip()]
    rich = [c for c in contents if _is_html(c.get("type"))]
    if rich:
        return True, max(rich, key=lambda c: len(c["value"]))["value"]
    summary = entry.get("summary")
    if isinstance(summary, str) and summary.strip():
        return _is_html((entry.get("summary_detail") or {}).get("type")), summary
    if contents:
        return False, max(contents, key=lambda c: len(c["value"]))["value"]
    return None


def _body(entry: Any, base: str | None) -> list[Block]:
    """The entry's body as blocks (``_chosen_body``)."""
    chosen = _chosen_body(entry)
    if chosen is None:
        return []
    is_html, text = chosen
    return html_blocks(text, base) if is_html else plain_blocks(text)


# A feed item's body kept as it came: its HTML, its words, its related-story links, the layout of its own texts.
KeptBody = tuple[str, str, list[RelatedLink], list[list[int]]]


def refresh_body(entry: Any, base: str | None, images: list[Image]) -> KeptBody | list[Block]:
    """What a refresh makes of the entry's body: (its HTML, its words, its related-story links,
    the layout of its own texts)
    when the HTML can be kept as it came (``store.documents.quick_reading``), else its blocks,
    lead images first."""
    chosen = _chosen_body(entry)
    if chosen is not None and chosen[0]:
        reading = quick_reading(chosen[1], base)
        if reading is not None:
            return (chosen[1], *reading)
    return with_images(_body(entry, base), images)


def _images(entry: Any, base: str | None) -> list[Image]:
    """Image enclosures (all), else the first media:content image, else the first thumbnail."""
    found: list[str] = []
    for enclosure in entry.get("enclosures") or []:
        if str(enclosure.get("type", "")).startswith("image/"):
            found.append(enclosure.get("href") or enclosure.get("url"))
    if not found:
        for media in entry.get("media_content") or []:
            if media.get("medium") == "image" or str(media.get("type", "")).startswith("image/"):
                found.append(media.get("url"))
                break
    if not found:
        for thumb in entry.get("media_thumbnail") or []:
            found.append(thumb.get("url"))
            break
    images: list[Image] = []
    for raw in found:
        url = web_url(raw, base)
        if url and not is_tracking_address(url) and all(i.url != url for i in images):
            images.append(Image("", url))
    return images


# Part of every entry fingerprint: raise it when what we make of an entry changes, so
# that stored articles are read again from their feeds.
# 2: links of list items kept; tracking pixels dropped.
READER_VERSION = "2"


def entry_fingerprint(entry: Any, feed_url: str, feed_title: str | None, feed_link: str | None) -> str:
    """A hash of what ``_article`` reads of an entry: the same fingerprint, the same article.

    A refresh skips the entries whose fingerprint the store already holds for the
    source, before their HTML is parsed (most entries of a changed feed are old).
    """

    def detail(key: str) -> Any:  # "title_detail" of a "title" that says something
        value = entry.get(key)
        return value.get("type") if isinstance(value, dict) and entry.get(key[: -len("_detail")]) else None

    def items(key: str, *fields: str) -> list[list[str]]:
        # dict.get: feedparser's dicts answer "url" with "href" (a key map), ours do not
        return [[str(dict.get(part, f)) for f in fields] for part in entry.get(key) or [] if isinstance(part, dict)]

    parts = [
        READER_VERSION,
        feed_url,
        feed_title,
        feed_link,
        entry.get("title") or "",
        detail("title_detail"),
        entry.get("link"),
        entry.get("id"),
        items("content", "type", "value"),
        entry.get("summary") or "",
        detail("summary_detail"),
        dict.get(entry, "published"),
        dict.get(entry, "updated"),
        entry.get("author") or "",
        items("enclosures", "href", "url", "type"),
        items("media_content", "url", "type", "medium"),
        items("media_thumbnail", "url"),
    ]
    digest = hashlib.blake2b(digest_size=12)
    _hash_into(digest, parts)
    return digest.hexdigest()


def _hash_into(digest: Any, value: Any) -> None:
    """Feed ``value`` (strings, None, nested lists) to ``digest``, each string with its length
    before it, so no two different values give the same bytes. Not JSON: escaping the entry's
    HTML for json.dumps was a tenth of reading a feed."""
    if isinstance(value, list):
        digest.update(b"[%d" % len(value))
        for part in value:
            _hash_into(digest, part)
        return
    if value is None:
        digest.update(b"N")
        return
    data = (value if isinstance(value, str) else str(value)).encode("utf-8", "surrogatepass")
    digest.update(b"S%d:" % len(data))
    digest.update(data)


class _DocumentFields(TypedDict):
    """What an article's document says of it besides its body."""

    title: str
    date: str | None
    published: str | None
    source: str | None
    url: str | None
    author: str | None


def _article(
    entry: Any, feed_url: str, feed_title: str | None, feed_link: str | None, fingerprint: str | None = None
) -> NewArticle:
    document_base = feed_url if urlsplit(feed_url).scheme in ("http", "https") else feed_link
    link = web_url(entry.get("link"), document_base)
    base = link or document_base
    title = clean_title(entry.get("title"), (entry.get("title_detail") or {}).get("type"))
    images = _images(entry, base)
    body: KeptBody | list[Block]
    if title:
        body = refresh_body(entry, base, images)
    else:
        blocks = with_images(_body(entry, base), images)
        title = title_from_blocks(blocks) or (link or "")
        body = blocks
    published = iso_utc(dict.get(entry, "published_parsed")) or iso_utc(dict.get(entry, "updated_parsed"))
    if not published:
        published = iso_from_text(dict.get(entry, "published")) or iso_from_text(dict.get(entry, "updated"))
    guid = entry.get("id")
    guid = clean_inline(guid) if isinstance(guid, str) and guid.strip() else None
    author = entry_author(entry)
    fields: _DocumentFields = {
        "title": title,
        "date": published[:10] if published else None,
        "published": published,
        "source": feed_title or None,
        "url": link,
        "author": author or None,
    }
    if isinstance(body, tuple):  # kept as it came: the blocks are built when the article is read
        html_text, words, related, layout = body
        document: Document = LazyDocument(
            html_text, base, [image.url for image in images if image.url], words, related, layout, **fields
        )
    else:
        document = Document(blocks=body, **fields)
    return NewArticle(
        title=title,
        document=document,
        origin=feed_url,
        guid=guid,
        url=link,
        published=published,
        entry_hash=fingerprint,
    )


def _not_a_feed(body: bytes, result: Any) -> FeedError:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.strip():
        return FeedError("not a feed: the document is empty")
    if head.startswith(b"<!doctype html") or b"<html" in head or b"<head" in head or b"<body" in head:
        return FeedError("not a feed: looks like an HTML page")
    problem = result.get("bozo_exception")
    if problem is not None:
        line = getattr(problem, "getLineNumber", lambda: None)()
        where = f" (line {line})" if line else ""
        message = str(problem).splitlines()[0] if str(problem) else type(problem).__name__
        return FeedError(f"not a feed: {message}{where}")
    return FeedError("not a feed: no RSS, Atom or JSON Feed found")


_BROKEN_DECLARATION = re.compile(rb"<\?xml\??xml([^>]*?)\?*\?>")
_UNDECLARED_RSS_PREFIX = re.compile(rb"(</?|\s)rss:(?=[A-Za-z])")


def repair(body: bytes) -> bytes | None:
    """A second chance for real-world breakage feedparser cannot read: a doubled
    ``<?xml?xml ... ??>`` declaration, blank lines or comments before it, and
    ``rss:`` prefixes that no namespace declares. None when nothing applies."""
    fixed = _BROKEN_DECLARATION.sub(rb"<?xml\1?>", body)
    declaration = re.search(rb"<\?xml[^>]*\?>", fixed[:4096])
    if declaration and declaration.start() > 0:
        fixed = declaration.group(0) + fixed[: declaration.start()] + fixed[declaration.end() :]
    if b"xmlns:rss" not in fixed[:4096]:
        fixed = _UNDECLARED_RSS_PREFIX.sub(rb"\1", fixed)
    return fixed if fixed != body else None


def _feedparser(body: bytes, url: str, headers: dict[str, str] | None) -> Any:
    # No Content-Location: feedparser would "resolve" plain guids like "a1" into URLs.
    response_headers = {k.lower(): v for k, v in (headers or {}).items() if k.lower() != "content-location"}
    try:
        return feedparser.parse(
            io.BytesIO(body),
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as error:  # feedparser's own bugs on broken input end as this feed's error
        raise FeedError(f"not a feed: the parser failed ({type(error).__name__})") from None


def _parse_xml(body: bytes, url: str, headers: dict[str, str] | None, fast: bool, known: Collection[str]) -> ParsedFeed:
    if declares_entities(body):
        raise FeedError("refused: the document declares XML entities (possible entity expansion or XXE attack)")
    body = bom_wins(body)
    result = (read_simple_feed(body, headers) if fast else None) or _feedparser(body, url, headers)
    entries = result.get("entries") or []
    if not entries:
        repaired = repair(body)
        if repaired is not None:
            second = _feedparser(repaired, url, headers)
            if second.get("entries"):
                result, entries = second, second["entries"]
    if not entries and not result.get("version"):
        raise _not_a_feed(body, result)
    feed = result.get("feed") or {}
    title = clean_title(feed.get("title"), (feed.get("title_detail") or {}).get("type"))
    link = web_url(feed.get("link"), url)
    items = []
    skipped = 0
    for entry in entries:
        try:
            fingerprint = entry_fingerprint(entry, url, title, link)
            if fingerprint in known:
                skipped += 1
                continue
            item = _article(entry, url, title, link, fingerprint)
        except Exception:  # a broken item is skipped, the rest of the feed stands
            continue
        if item.title or item.document.blocks:  # an empty shell (illegal nesting) is no article
            items.append(item)
    if entries and not items and not skipped:
        raise FeedError("not a feed: no item could be read")
    return ParsedFeed(title=title, link=link, items=items, skipped=skipped)


def parse_feed(
    body: bytes, url: str, headers: dict[str, str] | None = None, *, fast: bool = True, known: Collection[str] = ()
) -> ParsedFeed:
    """Any supported feed in ``body`` as articles; ``url`` is the origin (feed address or file path).

    Simple RSS 2.0 and Atom feeds are read by ``fastfeed`` (``fast=False``:
    always by feedparser, which gives the same articles, only slower).
    Entries whose fingerprint is in ``known`` (stored before, unchanged) are
    skipped, counted in ``skipped``. Raises FeedError when the bytes are not a
    feed or are refused as unsafe.
    """
    if looks_like_json(body):
        return parse_json_feed(body, url)
    return _parse_xml(body, url, headers, fast, known)


def entry_author(entry: Any) -> str | None:
    """The author's name: RSS gives "jo@example.org (Jo Reed)"; a reader wants "Jo Reed".

    feedparser's own split of that form can cut the name, so read it ourselves.
    """
    raw = entry.get("author")
    if isinstance(raw, str):
        match = _EMAIL_AND_NAME.match(raw.strip())
        name = match.group(1) if match else raw
    else:
        detail = entry.get("author_detail")
        name = detail.get("name") if isinstance(detail, dict) else None
    if not isinstance(name, str):
        return None
    return clean_inline(name) or None


_EMAIL_AND_NAME = re.compile(r"^[^\s@()]+@[^\s()]+\s*\((.+)\)$")


def feed_item_article(entry: Any, feed_url: str, feed_title: str | None, feed_link: str | None) -> Any:
    """One entry (feedparser's shape: a dict of title, link, id, content, published_parsed …)
    as the article a refresh of ``feed_url`` makes of it: the same reading, the same id.
    For entries that come from elsewhere than a feed's bytes (another reader's cache)."""
    return _article(entry, feed_url, feed_title, feed_link)
