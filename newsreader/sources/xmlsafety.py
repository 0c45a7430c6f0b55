"""Refusing XML that declares entities, before any parser sees it.

A document type with ``<!ENTITY`` declarations is how billion-laughs
expansion and external-entity (XXE) reads are done; no real feed or OPML
list needs one, so such documents are refused outright.
"""

from __future__ import annotations

import re

_ROOT_START = re.compile(rb"<[A-Za-z_]")
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.DOTALL)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def prolog(body: bytes) -> bytes:
    """The bytes before the root element (NULs of UTF-16/32 removed), where a DTD can live.

    The whole body is searched: a DOCTYPE pushed far down by padding is still found.
    """
    head = _COMMENT.sub(b"", body.replace(b"\0", b""))  # "<!-- <x -->" must not end it early
    match = _ROOT_START.search(head)
    return head[: match.start()] if match else head


# feedparser re-encodes a document to UTF-8 by its own declaration (or an EBCDIC start)
# before parsing, so a DTD written in UTF-7 ("+ADw-!ENTITY") or EBCDIC must be looked
# for in that reading too.
_DECLARED_ENCODING = re.compile(rb"""\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_EBCDIC_START = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC


def readings(body: bytes) -> list[bytes]:
    """The bytes as given, plus the document decoded by its declared encoding or EBCDIC start."""
    found = [body]

    def add(name: str) -> None:
        try:
            found.append(body.decode(name, "replace").encode("utf-8", "replace"))
        except Exception:  # unknown codec, or not a text codec: feedparser cannot use it either
            pass

    if body.startswith(_EBCDIC_START):
        add("cp037")  # enough to read the declaration of any EBCDIC code page
    for head in list(found):
        declared = _DECLARED_ENCODING.match(head[:512].replace(b"\0", b"").lstrip(b"\xef\xbb\xbf\xfe\xff"))
        if declared:
            add(declared.group(1).decode("ascii"))
    return found


def declares_entities(body: bytes) -> bool:
    """True when the document type declares entities: billion laughs and XXE live there."""
    return any(_ENTITY_DECL.search(prolog(reading)) for reading in readings(body))
