"""A fast reader for the common feed: well-formed RSS 2.0 or Atom 1.0 in a declared encoding.

feedparser reads anything, one SAX event at a time in pure Python: ~0.4 ms an
item, the largest cost of a refresh after the item HTML. Most feeds are plain
RSS 2.0 or Atom, which expat reads into an ElementTree at C speed (a feed in
another encoding than UTF-8 is decoded first, when its HTTP charset and XML
declaration do not disagree).
This reader takes a feed only when it knows what feedparser does with every
element in it, and answers None otherwise; feedparser then reads the feed.
What it gives is shaped like feedparser's result (the parts ``feeds.py``
reads) and must equal it: tests/core/test_fastfeed.py compares the two over every
feed we have. feedparser's quirks that change what we keep are copied, and
marked (fastfeed_elements.py reads the elements; this module decides which bytes
it may read at all).
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from newsreader.sources.fastfeed_elements import ElementReader, NotSimple, known_namespaces

_DECLARATION = re.compile(rb"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_CHARSET = re.compile(r"charset\s*=\s*\"?([A-Za-z0-9._-]+)", re.IGNORECASE)
_PREFIX_DECLARATION = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)\s*=\s*[\"']([^\"']*)[\"']")
_UTF8 = ("utf-8", "utf8")

_ROOTS: dict[str, Callable[[ElementReader, ET.Element], dict[str, Any]]] = {
    "rss": ElementReader.rss,
    "{http://www.w3.org/2005/Atom}feed": ElementReader.atom,
}


def _encoding(body: bytes, headers: dict[str, str] | None) -> str | None:
    """The feed's encoding when the HTTP charset and the XML declaration agree on one
    (or one of them names it alone), as a Python codec name; None when unclear."""
    sent = None
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            charset = _CHARSET.search(value)
            sent = charset.group(1).lower() if charset else None
    head = body[3:200] if body.startswith(b"\xef\xbb\xbf") else body[:200]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
        return None  # UTF-16 and UTF-32: feedparser's own detection
    match = _DECLARATION.match(head)
    declared = match.group(1).decode("ascii").lower() if match else None
    if body.startswith(b"\xef\xbb\xbf") and declared not in (None, *_UTF8):
        return None
    named = {_codec(name) for name in (sent, declared) if name}
    if len(named) > 1 or None in named:
        return None
    return named.pop() if named else "utf-8"


def is_utf8(body: bytes, headers: dict[str, str] | None = None) -> bool:
    """Whether the feed is in UTF-8 by its HTTP charset, BOM and XML declaration (or says
    nothing): there a "<" byte is always a "<", never part of another character."""
    return _encoding(body, headers) == "utf-8"


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _as_utf8(body: bytes, codec: str) -> bytes | None:
    """The feed re-encoded in UTF-8 with its declaration saying so; None if it does not decode."""
    try:
        text = body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    text = re.sub(r"^\s*<\?xml[^>]*\?>", '<?xml version="1.0" encoding="utf-8"?>', text, count=1)
    return text.encode("utf-8")


def _prefixes_agree(body: bytes) -> bool:
    """feedparser names elements of namespaces it does not know by the prefix written: a
    known prefix ("dc", "media") bound to another namespace would fool the names here."""
    known = known_namespaces()
    prefixes = set(known.values())
    for prefix, uri in _PREFIX_DECLARATION.findall(body):
        name = prefix.decode("ascii", "replace").lower()
        if name in prefixes and known.get(uri.decode("utf-8", "replace").lower()) != name:
            return False
    return True


def read_simple_feed(body: bytes, headers: dict[str, str] | None = None) -> dict[str, Any] | None:
    """feedparser's result for a simple feed (the keys feeds.py reads), or None to ask feedparser."""
    if b"xml:base" in body or b"<!DOCTYPE" in body or b"<!doctype" in body:
        return None
    codec = _encoding(body, headers)
    if codec is None:
        return None
    utf8 = codec == "utf-8"
    if not utf8:
        recoded = _as_utf8(body, codec)
        if recoded is None:
            return None
        body = recoded
    try:
        root = ET.fromstring(body)
    except (ET.ParseError, ValueError):
        return None
    read = _ROOTS.get(root.tag)
    if read is None or not _prefixes_agree(body):
        return None
    try:
        result = read(ElementReader(is_rss=root.tag == "rss", utf8=utf8), root)
    except NotSimple:
        return None
    return result if result["entries"] else None
