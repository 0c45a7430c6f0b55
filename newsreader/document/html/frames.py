"""Open containers: a <blockquote>, a <ul>/<ol> or a <figure> collecting what is written inside it.

A frame takes finished blocks and, when its element closes, gives back what
the reader sees: one ``Quote`` with its speaker, one flattened ``BulletList``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..blocks import Block, BulletList, Heading, Image, Paragraph, Preformatted, Quote, RelatedLink, Span
from .attribution import DASH_LINE, TRAILING_DASH_NAME, looks_like_name, speaker_from
from .inline import clean_line, merge_spans

_MAX_INDENT = 3  # nested list levels shown by indentation; deeper ones share the last


@dataclass
class QuoteFrame:
    """An open <blockquote>: its lines, its speaker candidates, what comes after it."""

    lines: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    deferred: list[Block] = field(default_factory=list)
    depth: int = 1

    def take(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.lines.append(block.text)
            self.urls.extend(s.url for s in block.links if s.url)
        elif isinstance(block, (Heading, Preformatted, Quote)):
            self.lines.append(block.text)
        elif isinstance(block, BulletList):
            if block.lead:
                self.lines.append(block.lead)
            self.lines.extend(f"• {item}" for item in block.items)
        elif isinstance(block, RelatedLink):
            self.lines.append(block.title)
        elif isinstance(block, Image):
            self.deferred.append(block)

    def finish(self) -> tuple[Quote | None, list[Block]]:
        """The Quote (None when it holds no words: then its links) and the blocks that follow it."""
        lines = [line for line in self.lines if line.strip()]
        speaker = speaker_from(" ".join(self.footers)) if self.footers else None
        if speaker is None and lines:
            speaker = self._speaker_at_end(lines)
        text = "\n".join(lines).strip()
        after = list(self.deferred)
        if not text:
            links = [Paragraph([Span(url, "link", url)]) for url in dict.fromkeys(self.urls)]
            return None, links + after
        return Quote(text, speaker), after

    def _speaker_at_end(self, lines: list[str]) -> str | None:
        """Who the quote's last line names: a ``— Name`` line, a trailing <cite> or a trailing
        ``— Name``. The attribution is taken out of ``lines``."""
        last = lines[-1]
        dash = DASH_LINE.match(last)
        if dash and len(lines) > 1 and looks_like_name(dash.group(1), strict=False):
            lines.pop()
            return speaker_from(dash.group(1))
        stripped = last.rstrip(" .")
        for cite in reversed(self.cites):
            if cite and stripped.endswith(cite) and (len(stripped) > len(cite) or len(lines) > 1):
                head = re.sub(r"(?:\s*[—–―~-]+|,)$", "", stripped[: -len(cite)].rstrip()).rstrip()
                if head:
                    lines[-1] = head
                else:
                    lines.pop()
                return speaker_from(cite)
        tail = TRAILING_DASH_NAME.match(last[-200:] if len(last) > 200 else last)
        if tail and looks_like_name(tail.group(2)):
            lines[-1] = last[: len(last) - len(tail.group(0))] + tail.group(1)
            return speaker_from(tail.group(2))
        return None


@dataclass
class ListFrame:
    """An open <ul>/<ol>: finished items, the item being written, what comes after."""

    ordered: bool = False
    items: list[str] = field(default_factory=list)
    item_spans: list[list[Span]] = field(default_factory=list)
    current: list[Span] = field(default_factory=list)
    deferred: list[Block] = field(default_factory=list)

    def add_piece(self, spans: list[Span]) -> None:
        if self.current and spans:
            self.current.append(Span(" "))
        self.current.extend(spans)

    def end_item(self) -> None:
        spans = merge_spans(self.current)
        self.current = []
        joined = "".join(s.text for s in spans)
        text = clean_line(joined)
        if text:
            self.items.append(text)
            # the spans must spell the item's text (``BulletList.spans_of``); else its words alone
            self.item_spans.append(spans if text == joined else [Span(text)])

    def take(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.add_piece(block.spans)
        elif isinstance(block, (Heading, Preformatted, Quote)):
            self.add_piece([Span(clean_line(block.text))])
        elif isinstance(block, RelatedLink):
            self.add_piece([Span(block.title, "link", block.url) if block.url else Span(block.title)])
        elif isinstance(block, BulletList):
            self.end_item()
            nested = ([(block.lead, [Span(block.lead)])] if block.lead else []) + [
                (item, block.spans_of(index)) for index, item in enumerate(block.items)
            ]
            for item, spans in nested:
                depth = len(item) - len(item.lstrip(" "))
                if item.lstrip(" ").startswith("◦ "):
                    prefix = "  " if depth < 2 * (_MAX_INDENT - 1) else ""
                else:
                    prefix = "◦ "
                self.items.append(prefix + item)
                if prefix and spans and spans[0].kind == "text":
                    spans = [Span(prefix + spans[0].text), *spans[1:]]
                elif prefix:
                    spans = [Span(prefix), *spans]
                self.item_spans.append(spans)
        elif isinstance(block, Image):
            self.deferred.append(block)


@dataclass
class Figure:
    """An open <figure>: the images and quotes in it, waiting for its caption."""

    images: list[Image] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def take_caption(self, caption: str) -> bool:
        """The caption names a quote's speaker or gives an image its alt text; False when it stays text."""
        for quote in self.quotes:
            if quote.speaker is None:
                quote.speaker = speaker_from(caption)
                return True
        for image in self.images:
            if not image.alt:
                image.alt = caption
                return True
            if image.alt == caption:
                return True
        return False
