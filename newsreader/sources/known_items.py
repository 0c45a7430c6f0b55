"""A feed's items known by their bytes: a changed feed's old items skipped before its XML is read.

A refresh skips the entries whose fingerprint the store holds (``entries.entry_fingerprint``),
but only after reading the whole feed to work the fingerprints out: in a daily refresh, where
5 items of 30 are new, reading the 25 old ones was the larger part of the parse workers' time.
This module cuts a feed into its channel and its items' bytes (``split_items``), and keeps with
each source the fingerprint each item's bytes gave (the memo: column ``sources.item_memo``,
``store.item_memos``). Bytes seen before under the same channel, whose fingerprint the store
still holds, are left out of the document the parser is given; the others are read as before.

What besides an item's bytes decides its fingerprint is in the memo's ``context``: the readers'
versions (ours and feedparser's), the feed's address, its HTTP content type, and its channel's
bytes outside the items with their dates left out (a channel that says when it was built
changes at each new item).
Any other change to the channel (a namespace, a title, an xml:base) makes a new context, and
every item is read again. A cut that is not certain (an item tag inside a CDATA section or a
comment, items not side by side) gives no split, and only UTF-8 documents fastfeed reads
whole are cut: otherwise the feed is read whole, as before.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

__all__ = ["Split", "context_of", "item_key", "memo_text", "read_memo", "split_items"]

_OPENING = {b"item": re.compile(rb"<item[\s>]"), b"entry": re.compile(rb"<entry[\s>]")}
# Channel elements that change whenever an item does, and say nothing about the items.
_CHANNEL_DATES = re.compile(
    rb"<(lastBuildDate|pubDate|updated|dc:date|sy:updateBase)(?:\s[^>]*)?>[^<]*</\1\s*>", re.IGNORECASE
)
# Markup whose text is no element: a CDATA section, a comment, a processing instruction.
_NOT_ELEMENTS = ((b"<![CDATA[", b"]]>"), (b"<!--", b"-->"), (b"<?", b"?>"))
MEMO_FORMAT = 1


@dataclass(frozen=True)
class Split:
    """A feed's bytes as its channel (``head`` before the first item, ``tail`` after the last)
    and its items, in order, each with the white space after it but the last; head + items +
    tail is the feed."""

    head: bytes
    items: list[bytes]
    tail: bytes

    def without(self, left_out: list[bool]) -> bytes:
        """The feed with the items whose ``left_out`` is true taken out."""
        kept = [item for item, out in zip(self.items, left_out) if not out]
        return self.head + b"".join(kept) + self.tail


def split_items(body: bytes) -> Split | None:
    """The feed's channel and items, cut at the item tags (RSS ``item``, Atom ``entry``);
    None when the cut is not certain: both kinds of tag, an opening without its closing,
    items that are not side by side (only white space between them), a tag count that
    does not add up or a tag inside a CDATA section, a comment or a processing instruction.
    Cut only what fastfeed reads: a UTF-8, well-formed document (feedparser reads an
    ill-formed one loosely as a whole, and carries an item's xml:base into the items after)."""
    kinds = [name for name in _OPENING if b"<" + name in body]
    if len(kinds) != 1:
        return None
    name = kinds[0]
    closing = b"</" + name + b">"
    starts = [match.start() for match in _OPENING[name].finditer(body)]
    if (
        not starts
        or _hides_tags(body, name)
        or body.count(closing) != len(starts)
        or body.count(b"<" + name) != len(starts) + body.count(b"<" + name + b"s")
    ):
        return None
    ends = []
    for start, following in zip(starts, [*starts[1:], len(body)]):
        end = body.find(closing, start, following)  # before the next opening: linear in the feed
        if end < 0:
            return None
        ends.append(end + len(closing))
    for end, following in zip(ends, starts[1:]):
        if body[end:following].strip():
            return None
    items = [body[start:following] for start, following in zip(starts, starts[1:])]  # each with the space after it
    items.append(body[starts[-1] : ends[-1]])
    return Split(body[: starts[0]], items, body[ends[-1] :])


def _hides_tags(body: bytes, name: bytes) -> bool:
    """Whether an item tag is written inside a CDATA section, a comment or a processing
    instruction (or one of them never ends): there the tags would be cut at that are no tags.
    Each kind is looked for on its own, so one inside another is looked into too (no cut)."""
    tags = (b"<" + name, b"</" + name)
    for opening, closing in _NOT_ELEMENTS:
        start = body.find(opening)
        while start >= 0:
            end = body.find(closing, start + len(opening))
            if end < 0 or any(body.find(tag, start, end) >= 0 for tag in tags):
                return True
            start = body.find(opening, end + len(closing))
    return False


def item_key(item: bytes) -> str:
    """The memo's name for an item's bytes (the space after it left out: the last item has none)."""
    return hashlib.blake2b(item.rstrip(), digest_size=12).hexdigest()


def context_of(split: Split, url: str, headers: dict[str, str] | None, reader_version: str) -> str:
    """What besides an item's bytes decides its fingerprint (the module's docstring)."""
    digest = hashlib.blake2b(digest_size=12)
    content_type = next((v for k, v in (headers or {}).items() if k.lower() == "content-type"), "")
    for part in (str(MEMO_FORMAT), reader_version, url, content_type):
        encoded = part.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(encoded) + encoded)
    channel = _CHANNEL_DATES.sub(b"", split.head) + b"\0" + split.tail
    digest.update(channel)
    return digest.hexdigest()


def read_memo(text: str | None, context: str) -> dict[str, str]:
    """The memo's fingerprints by item key, when it was made under ``context``; else none."""
    if not text:
        return {}
    try:
        memo = json.loads(text)
    except (ValueError, TypeError, RecursionError):  # not JSON, not text, nested past the parser's depth
        return {}
    if not isinstance(memo, dict) or memo.get("context") != context or not isinstance(memo.get("items"), dict):
        return {}
    return {k: v for k, v in memo["items"].items() if isinstance(k, str) and isinstance(v, str)}


def memo_text(context: str, fingerprints: dict[str, str]) -> str:
    """The memo to keep with the source: each item key of this read with its fingerprint."""
    return json.dumps({"context": context, "items": fingerprints}, separators=(",", ":"))
