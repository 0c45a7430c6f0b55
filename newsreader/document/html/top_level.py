"""The top level of a body: where a finished block becomes what the reader sees.

Blocks arrive one by one, in order, once no container holds them. Here a
``Read more:`` paragraph or the link list after a "Related stories" heading
becomes ``RelatedLink`` blocks, a paragraph that is one quotation becomes a
``Quote``, a ``— Name, title`` paragraph after a quotation becomes its speaker,
and a paragraph ending with ``:`` becomes the lead of the list after it.
"""

from __future__ import annotations

import re

from ..blocks import Block, BulletList, Heading, Paragraph, Quote, RelatedLink, Span
from ..quotes import _MARK as QUOTE_MARK  # the quotation marks quote_spans looks for
from ..quotes import as_quote_block, quote_spans
from .attribution import attribution_line
from .inline import with_quotes
from .related import RELATED_PREFIX, is_related_marker, related_links

_MAX_QUOTE_BLOCK = 4000  # a paragraph longer than this is not "one quotation"


def _characters_of(pattern: re.Pattern[str]) -> str | None:
    """The characters of a pattern that is one plain character class (``["“”«»„]``), else None."""
    source = pattern.pattern
    inside = source[1:-1]
    plain = not pattern.flags & (re.IGNORECASE | re.VERBOSE) and not any(c in inside for c in "[]\\^-")
    if len(source) > 2 and source[0] == "[" and source[-1] == "]" and plain:
        return inside
    return None


_QUOTE_MARKS = _characters_of(QUOTE_MARK)
_ASCII_QUOTE_MARKS = "".join(mark for mark in _QUOTE_MARKS or "" if mark.isascii())


def has_quote_mark(text: str) -> bool:
    """``QUOTE_MARK.search(text)``, by looking for each mark (much faster on text without them)."""
    if _QUOTE_MARKS is None:
        return QUOTE_MARK.search(text) is not None
    for mark in _ASCII_QUOTE_MARKS if text.isascii() else _QUOTE_MARKS:
        if mark in text:
            return True
    return False


class TopLevelBlocks:
    """The body's finished blocks, with the state that decides the next one (a run of related links)."""

    def __init__(self, out: list[Block]) -> None:
        self.out = out
        self.related_run = False  # the blocks just added open or continue a list of related stories

    def add(self, block: Block) -> None:
        """A finished top-level block: related links, quotes and list leads decided here."""
        if isinstance(block, Paragraph):
            self.add_paragraph(block, block.text)
            return
        if isinstance(block, Heading):
            self.out.append(block)
            self.related_run = is_related_marker(block.text)
            return
        self.related_run = False
        self.out.append(block)

    def add_paragraph(self, block: Paragraph, text: str) -> None:
        """A finished top-level paragraph whose text is ``text`` (``block.text``)."""
        if self._attributes_quote(block, text):
            self.related_run = False
            return
        if self._add_related(block, text):
            return
        self.related_run = False
        self.out.append(self._quoted(block, text))

    def _add_related(self, block: Paragraph, text: str) -> bool:
        """A paragraph that is, opens or continues a list of related stories (added here); else False."""
        out = self.out
        prefix = RELATED_PREFIX.match(text)
        if prefix:
            if not text[prefix.end() :].strip():
                out.append(block)
                self.related_run = True
                return True
            related = related_links(block.spans, prefix.end(), strict=False)
            if related:
                out.extend(related)
                self.related_run = True
                return True
        if self.related_run:
            related = related_links(block.spans, 0, strict=True)
            if related:
                if out and isinstance(out[-1], Paragraph) and is_related_marker(out[-1].text):
                    out.pop()
                out.extend(related)
                return True
        if is_related_marker(text):
            out.append(block)
            self.related_run = True
            return True
        return False

    @staticmethod
    def _quoted(block: Paragraph, text: str) -> Paragraph | Quote:
        """The paragraph with its quotations marked, or a ``Quote`` when it is one quotation."""
        if not has_quote_mark(text):  # then quote_spans would give the text as one plain span
            return block
        found = quote_spans(text)
        if not any(span.kind == "quote" for span in found):
            return block
        if not block.links and len(text) <= _MAX_QUOTE_BLOCK:
            quote = as_quote_block(text, found)
            if quote is not None:
                return quote
        return Paragraph(with_quotes(block.spans, text, found))

    def add_list(self, block: BulletList, item_spans: list[list[Span]]) -> None:
        """A finished top-level list: related links after a marker, or a list with its lead."""
        out = self.out
        previous = out[-1] if out else None
        if self.related_run and isinstance(previous, (Heading, Paragraph, RelatedLink)):
            related: list[RelatedLink] = []
            for spans in item_spans:
                found = related_links(spans, 0, strict=False)
                if found:
                    related.extend(found)
            if related:
                if isinstance(previous, Paragraph):
                    out.pop()
                out.extend(related)
                return
        self.related_run = False
        if isinstance(previous, Paragraph) and previous.text.rstrip().endswith((":", "：")):
            out.pop()
            block.lead = previous.text.strip()
        out.append(block)

    def _attributes_quote(self, block: Paragraph, text: str) -> bool:
        """``— Name, title`` right after a quotation without a speaker: it becomes that speaker."""
        previous = self.out[-1] if self.out else None
        if not isinstance(previous, Quote) or previous.speaker is not None or block.links:
            return False
        speaker = attribution_line(text)
        if speaker is None:
            return False
        previous.speaker = speaker
        return True
