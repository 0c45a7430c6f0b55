"""From a feed entry to its article, in one pass: dates, links, title, author, images, body.

The XML feed reader (feeds.py) hands each parsed entry to ``entry_article``; the
JSON Feed reader (jsonfeed.py) and a sync server's items (sync/items.py) use the
same field readers. Everything a feed says is untrusted text and is cleaned
here, at the door (titles, authors, ids, addresses); what leaves is clean.
Links are kept only when http(s), dates are read without ever raising.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypedDict
from urllib.parse import urljoin, urlsplit

from newsreader.document.blocks import Block, Document, Image, RelatedLink
from newsreader.document.clean import OneLineError, clean_inline
from newsreader.document.feed_blocks import html_blocks, html_to_text, plain_blocks, with_images
from newsreader.document.html.images import is_tracking_address
from newsreader.lazy_import import load
from newsreader.store import NewArticle
from newsreader.store.documents import LazyDocument, quick_reading


class FeedError(OneLineError):
    """Bytes that are not a usable feed; the message says why in one clean line (it may quote the parser)."""


@dataclass
class ParsedFeed:
    title: str
    link: str | None = None
    items: list[NewArticle] = field(default_factory=list)
    skipped: int = 0  # entries left out as already stored, unchanged
    # How it was read, not what it holds (left out of ==): each entry's fingerprint in order
    # (None: unreadable) when fastfeed read it, and the memo of its items' bytes (known_items).
    fingerprints: list[str | None] | None = field(default=None, compare=False)
    memo: str | None = field(default=None, compare=False)


def iso_utc(parsed: time.struct_time | tuple[int, ...] | None) -> str | None:
    """A feedparser UTC struct_time as ISO-8601 ("2024-05-01T09:30:00+00:00"), None if absent or absurd."""
    if not parsed:
        return None
    try:
        stamp = calendar.timegm(tuple(parsed)[:6] + (0, 0, 0))
        when = datetime.fromtimestamp(stamp, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    if not 1900 <= when.year <= 2200:
        return None
    return when.isoformat(timespec="seconds")


def iso_from_text(value: Any) -> str | None:
    """An RFC 3339 / RFC 822 / other date string as ISO-8601 UTC, None when unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        when = None
    if when is not None:
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        try:
            return iso_utc(when.astimezone(UTC).timetuple())
        except (ValueError, OverflowError):
            return None
    parse_date = load("feedparser.datetimes")._parse_date  # outside the try: a failed import is not an unreadable date
    try:
        return iso_utc(parse_date(text))
    except Exception:
        return None


def web_url(value: Any, base: str | None = None) -> str | None:
    """An absolute http(s) address, or None (javascript:, data:, file: and junk are dropped)."""
    if not isinstance(value, str):
        return None
    url = clean_inline(value)
    if not url:
        return None
    try:
        if base and urlsplit(base).scheme in ("http", "https"):
            url = urljoin(base, url)
        if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).hostname:
            return None
    except ValueError:  # "http://[broken" and other addresses urllib cannot split
        return None
    return url


def clean_title(value: Any, kind: str | None = None) -> str:
    """A title on one line: tags and entities of HTML titles resolved, controls out."""
    if not isinstance(value, str):
        return ""
    if (kind and "html" in kind) or re.search(r"<[A-Za-z/!]|&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);", value):
        value = html_to_text(value)
    return clean_inline(value)


def title_from_blocks(blocks: list[Block]) -> str:
    """A headline for an untitled item: its first words."""
    for block in blocks:
        text = getattr(block, "text", "")
        if text:
            text = clean_inline(text)
            return text if len(text) <= 80 else text[:77].rsplit(" ", 1)[0] + "…"
    return ""


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
    """A hash of what ``entry_article`` reads of an entry: the same fingerprint, the same article.

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


def entry_article(
    entry: Any, feed_url: str, feed_title: str | None, feed_link: str | None, fingerprint: str | None = None
) -> NewArticle:
    """One feed entry (feedparser's shape) as the article a refresh of ``feed_url`` stores:
    every field read and cleaned here, in one pass."""
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
    return entry_article(entry, feed_url, feed_title, feed_link)
