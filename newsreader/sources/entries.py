"""From feed entries to article parts: dates, links, titles and body blocks.

Shared by the XML feed reader (feeds.py) and the JSON Feed reader
(jsonfeed.py). Everything a feed says is treated as untrusted text: cleaned,
links kept only when http(s), dates read without ever raising.
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from newsreader.document.blocks import Block
from newsreader.document.clean import clean_inline
from newsreader.document.feed_blocks import html_to_text
from newsreader.lazy_import import load

if TYPE_CHECKING:
    from newsreader.store import NewArticle


class FeedError(Exception):
    """Bytes that are not a usable feed; the message says why in one line."""


@dataclass
class ParsedFeed:
    title: str
    link: str | None = None
    items: list[NewArticle] = field(default_factory=list)
    skipped: int = 0  # entries left out as already stored, unchanged


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
