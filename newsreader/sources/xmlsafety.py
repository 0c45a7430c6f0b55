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


def declares_entities(body: bytes) -> bool:
    """True when the document type declares entities: billion laughs and XXE live there."""
    return bool(_ENTITY_DECL.search(prolog(body)))
