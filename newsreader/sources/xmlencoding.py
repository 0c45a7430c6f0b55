"""A byte-order mark outranks an XML declaration.

A document that starts with a BOM is in that encoding, whatever its
``<?xml encoding="..."?>`` says; XML parsers (expat, feedparser) believe the
declaration and read such a document as garbage or not at all. So it is
decoded by its BOM and handed on as UTF-8 with the declaration made to agree.
"""

from __future__ import annotations

import codecs
import re

# UTF-32 LE before UTF-16 LE: its BOM starts with the same two bytes.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARATION = re.compile(r"""^(\s*<\?xml[^>]*?)\sencoding\s*=\s*["'][^"']*["']""")


def bom_wins(body: bytes) -> bytes:
    """``body`` as UTF-8 without a BOM when it starts with one (declaration rewritten); else unchanged."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            text = body[len(bom) :].decode(encoding, "replace")
            return _DECLARATION.sub(r'\1 encoding="utf-8"', text, count=1).encode("utf-8")
    return body
