"""Feed bytes to articles: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by hand.

feedparser is only ever given bytes in a BytesIO (given a str it may read a
local file or a URL). Before it sees them, documents that declare entities
(billion laughs, XXE) are refused. A feed that does not parse gets one
repaired second try for known real-world breakage.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection
from typing import Any

import feedparser

from newsreader import __version__
from newsreader.sources.discover import COMMON_FEED_PATHS, discover_feeds
from newsreader.sources.entries import (
    READER_VERSION,
    FeedError,
    ParsedFeed,
    clean_title,
    entry_article,
    entry_fingerprint,
    web_url,
)
from newsreader.sources.fastfeed import is_utf8, read_simple_feed
from newsreader.sources.jsonfeed import looks_like_json, parse_json_feed
from newsreader.sources.known_items import Split, context_of, item_key, memo_text, read_memo, split_items
from newsreader.sources.xmlencoding import bom_wins
from newsreader.sources.xmlsafety import declares_entities

__all__ = ["COMMON_FEED_PATHS", "FeedError", "ParsedFeed", "declares_entities", "discover_feeds", "parse_feed"]


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


def _read_xml(body: bytes, url: str, headers: dict[str, str] | None, fast: bool) -> tuple[Any, list[Any], bool]:
    """The parser's result for ``body``, its entries, and whether ``fastfeed`` read them: the
    document is well-formed and simple, so each item reads the same in any such document."""
    simple = read_simple_feed(body, headers) if fast else None
    result = simple or _feedparser(body, url, headers)
    entries = result.get("entries") or []
    if not entries:
        repaired = repair(body)
        if repaired is not None:
            second = _feedparser(repaired, url, headers)
            if second.get("entries"):
                return second, second["entries"], False
    return result, entries, simple is not None


def _parse_xml(
    body: bytes, url: str, headers: dict[str, str] | None, fast: bool, known: Collection[str], memo: str | None
) -> ParsedFeed:
    if declares_entities(body):
        raise FeedError("refused: the document declares XML entities (possible entity expansion or XXE attack)")
    body = bom_wins(body)
    split = split_items(body) if memo is not None and fast and is_utf8(body, headers) else None
    if split is None:
        return _entries_to_articles(body, url, headers, fast, known)
    # The readers' versions too: another may read the same bytes otherwise (a whole read would see it).
    context = context_of(split, url, headers, f"{READER_VERSION} {__version__} feedparser {feedparser.__version__}")
    keys = [item_key(item) for item in split.items]
    remembered = read_memo(memo, context)
    before = [remembered.get(key) for key in keys]  # each item's fingerprint when its bytes were read last
    left_out = [fingerprint in known for fingerprint in before]
    if all(left_out):
        left_out[0] = False  # one item read, for the channel's title and link
    parsed, found = _read_cut(split, left_out, before, url, headers, known)
    if parsed is None:
        parsed = _entries_to_articles(body, url, headers, fast, known)
        found = (
            parsed.fingerprints if parsed.fingerprints is not None and len(parsed.fingerprints) == len(keys) else None
        )
    if found is not None:
        parsed.memo = memo_text(context, {k: f for k, f in zip(keys, found) if f is not None})
    return parsed


def _read_cut(
    split: Split,
    left_out: list[bool],
    before: list[str | None],
    url: str,
    headers: dict[str, str] | None,
    known: Collection[str],
) -> tuple[ParsedFeed | None, list[str | None] | None]:
    """The feed read without the items ``left_out`` (their fingerprints ``before``), and
    every item's fingerprint in order; (None, None) when nothing is left out or the cut
    document does not read item for item as fastfeed: then the feed is read whole."""
    if not any(left_out):
        return None, None
    try:
        parsed = _entries_to_articles(split.without(left_out), url, headers, True, known)
    except FeedError:  # the items left make no feed here
        return None, None
    if parsed.fingerprints is None or len(parsed.fingerprints) != left_out.count(False):
        return None, None
    read = iter(parsed.fingerprints)
    parsed.skipped += left_out.count(True)
    return parsed, [fingerprint if out else next(read) for fingerprint, out in zip(before, left_out)]


def _entries_to_articles(
    body: bytes, url: str, headers: dict[str, str] | None, fast: bool, known: Collection[str]
) -> ParsedFeed:
    """The feed's new and changed entries as articles, and each entry's fingerprint in order
    (None for one that could not be read) when ``fastfeed`` read them. Only then may a memo be
    made or used: feedparser reads an ill-formed document loosely, and whether it is ill-formed
    may lie in an item the memo cuts out (or a quirk such as its xml:base may carry from one
    entry into the next)."""
    result, entries, simple = _read_xml(body, url, headers, fast)
    if not entries and not result.get("version"):
        raise _not_a_feed(body, result)
    feed = result.get("feed") or {}
    title = clean_title(feed.get("title"), (feed.get("title_detail") or {}).get("type"))
    link = web_url(feed.get("link"), url)
    items = []
    skipped = 0
    fingerprints: list[str | None] = []
    for entry in entries:
        try:
            fingerprint = entry_fingerprint(entry, url, title, link)
        except Exception:  # a broken item is skipped, the rest of the feed stands
            fingerprints.append(None)
            continue
        fingerprints.append(fingerprint)
        if fingerprint in known:
            skipped += 1
            continue
        try:
            item = entry_article(entry, url, title, link, fingerprint)
        except Exception:
            continue
        if item.title or item.document.blocks:  # an empty shell (illegal nesting) is no article
            items.append(item)
    if entries and not items and not skipped:
        raise FeedError("not a feed: no item could be read")
    return ParsedFeed(
        title=title, link=link, items=items, skipped=skipped, fingerprints=fingerprints if simple else None
    )


def parse_feed(
    body: bytes,
    url: str,
    headers: dict[str, str] | None = None,
    *,
    fast: bool = True,
    known: Collection[str] = (),
    memo: str | None = None,
) -> ParsedFeed:
    """Any supported feed in ``body`` as articles; ``url`` is the origin (feed address or file path).

    Simple RSS 2.0 and Atom feeds are read by ``fastfeed`` (``fast=False``:
    always by feedparser, which gives the same articles, only slower).
    Entries whose fingerprint is in ``known`` (stored before, unchanged) are
    skipped, counted in ``skipped``. ``memo``: the source's ``ParsedFeed.memo`` of its last
    read ("" for none yet); given, the items whose bytes it knows are skipped before they
    are parsed, and the new memo comes back in ``ParsedFeed.memo`` (``known_items``).
    Raises FeedError when the bytes are not a
    feed or are refused as unsafe.
    """
    if looks_like_json(body):
        return parse_json_feed(body, url)
    return _parse_xml(body, url, headers, fast, known, memo)
