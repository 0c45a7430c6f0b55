"""The top level of a body: where a finished block becomes what the reader sees.

Blocks arrive one by one, in order, once no container holds them. Here a
``Read more:`` paragraph or the link list after a "Related stories" heading
becomes ``RelatedLink`` blocks, a paragraph that is one quotation becomes a
``Quote``, a ``— Name, title`` paragraph after a quotation becomes its speaker,
and a paragraph ending with ``:`` becomes the lead of the list after it.
"""

from __future__ import annotations

from newsreader.document.blocks import Block, BulletList, Heading, Paragraph, Quote, RelatedLink, Span
from newsreader.document.quotes import as_quote_block, quote_spans
from .attribution import attribution_line
from .inline import with_quotes
from .related import RELATED_PREFIX, is_related_marker, related_links

_MAX_QUOTE_BLOCK = 4000  # a paragraph longer than this is not "one quotation"


class TopLevelBlocks:
    """The body's finished blocks, with the state that decides the next one (a run of related links)."""

    def __init__(self, out: list[Block]) -> None:
        self.out = out
        self.related_run = False  # the blocks just added open or continue a list of related stories

    def add(self, block: Block) -> None:
        """A finished top-level block: related links, quotes and list leads decided here."""
        if isinstance(block, Paragraph):
            self._add_paragraph(block)
            return
        if isinstance(block, Heading):
            self.out.append(block)
            self.related_run = is_related_marker(block.text)
            return
        self.related_run = False
        self.out.append(block)

    def _add_paragraph(self, block: Paragraph) -> None:
        text = block.text
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
