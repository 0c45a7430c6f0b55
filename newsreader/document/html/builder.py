"""Tags streamed into blocks: the parser that lays an HTML body out the way a reader sees it.

Open elements sit on an explicit stack with what to do when each closes, so
depth costs nothing. Inline text gathers in ``InlineText`` until a boundary
ends the paragraph; finished blocks go to the innermost open quote or list
(``frames``), else to the top level (``top_level``). What opening and closing each
element does is ``elements``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..blocks import Block, BulletList, Heading, Paragraph, Span
from ..clean import strip_controls
from .elements import BOUNDARY, HEADINGS, OPENERS, VOID, line_break, open_other, void_element
from .frames import Figure, ListFrame, QuoteFrame
from .inline import IMAGE_SCHEMES, InlineText, clean_line, safe_url, spans_of_runs
from .invisible import HEAD_CONTENT, INVISIBLE, SkippedElement, is_invisible
from .main_text import INLINE_CONTAINERS, Element, PlacedBlocks, element_weight
from .metadata import PageMetadata
from .tolerant import TolerantParser
from .top_level import TopLevelBlocks

_METADATA_TAGS = frozenset(("meta", "link", "time"))


class BlockBuilder(TolerantParser):
    """Streams tags into blocks. Keeps an explicit stack: no recursion anywhere."""

    def __init__(self, base_url: str | None, page: bool) -> None:
        super().__init__()
        self.base_url = base_url
        self.page = page
        self.out: list[Block] = PlacedBlocks(self.element) if page else []
        self.top = TopLevelBlocks(self.out)
        self.metadata = PageMetadata()
        # open elements, with what to do when each closes
        self._stack: list[tuple[str, Callable[[], None] | None]] = []
        self._elements: list[Element] = []  # pages only: beside _stack, for choosing the main text
        self._run_element: Element | None = None  # where the pending inline text started
        self._placing: Element | None = None  # where the block being delivered was written
        self._open: dict[str, int] = {}
        # skipping invisible content
        self._skipped: SkippedElement | None = None
        self._in_head = False
        self.inline = InlineText(self._run_started if page else None)
        self.heading = 0
        self.pre_depth = 0
        self.pre: list[str] = []
        self.cells = 0
        # where blocks go
        self.containers: list[QuoteFrame | ListFrame] = []
        self.captures: list[list[Paragraph]] = []
        self.figures: list[Figure] = []

    # --- tags ----------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr: dict[str, str] = {}
        if attrs:
            for name, value in attrs:
                if name not in attr:
                    attr[name] = value or ""
            if tag == "base":
                if self.page and self.base_url is None and attr.get("href"):
                    self.base_url = safe_url(attr["href"], None, IMAGE_SCHEMES)
            elif tag in _METADATA_TAGS or "itemprop" in attr:
                self.metadata.read_tag(tag, attr)
        elif tag in _METADATA_TAGS:
            self.metadata.read_tag(tag, attr)
        if self._skipped is not None:
            self._skipped.opened(tag)
            return
        if self._in_head:
            if tag not in HEAD_CONTENT:
                self._in_head = False  # <body> or any body element ends an unclosed <head>
        elif tag == "head" and not self.out and not self.inline.runs:
            self._in_head = True
            return
        if tag in VOID:
            void_element(self, tag, attr)
            return
        if (attr or tag in INVISIBLE) and is_invisible(tag, attr, self.page):
            self._skipped = SkippedElement(tag, attr, want_title=not self.metadata.title_parts)
            return
        opener = OPENERS.get(tag)
        closer = opener(self, tag, attr) if opener is not None else open_other(self, tag, attr)
        self._stack.append((tag, closer))
        self._open[tag] = self._open.get(tag, 0) + 1
        if self.page:
            parent = self._elements[-1] if self._elements else None
            if parent is not None:
                parent.children += 1
            self._elements.append(Element(tag, element_weight(tag, attr), parent))

    def element(self) -> Element | None:
        """Where the block being delivered was written: its text's element, else the innermost open one.

        Inline elements and paragraphs are looked through, so a paragraph counts
        for its container (pages only)."""
        element = self._placing or (self._elements[-1] if self._elements else None)
        while element is not None and element.tag in INLINE_CONTAINERS and element.parent is not None:
            element = element.parent
        return element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """``<x/>``: XHTML feeds mean an empty element, except that ``<script/>`` and
        ``<style/>`` open raw text, as in a browser, so their content never shows."""
        self.handle_starttag(tag, attrs)
        if tag in self.CDATA_CONTENT_ELEMENTS:
            self.set_cdata_mode(tag)
        elif tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipped is not None:
            if self._skipped.closed(tag):
                self._end_skip()
            return
        if tag == "head":
            self._in_head = False
            return
        open_ = self._open
        if not open_.get(tag):
            if tag == "br":
                line_break(self)
            elif tag in BOUNDARY or tag in HEADINGS:
                self.flush()
            return
        stack = self._stack
        elements = self._elements
        while stack:
            name, closer = stack.pop()
            open_[name] -= 1
            if elements:
                elements.pop()
            if closer is not None:
                closer()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skipped is not None:
            self._skipped.add(data)
            return
        if self._in_head:
            return
        if data.isprintable():  # printable text holds nothing strip_controls removes
            if not data:
                return
            printable = True
        elif not self.pre_depth and not data.strip(" \t\n\r\f"):
            # only HTML whitespace (between blocks, most often): a space is due
            if self.inline.has_text:
                self.inline.space = True
            return
        else:
            data = strip_controls(data.replace("\x0c", " "))
            if not data:
                return
            printable = data.isprintable()
        if self.pre_depth:
            self.pre.append(data)
            return
        self.inline.add(data, printable)

    def close_all(self) -> None:
        """End of input: close what is still open, innermost first."""
        self._skipped = None
        while self._stack:
            name, closer = self._stack.pop()
            self._open[name] -= 1
            if self._elements:
                self._elements.pop()
            if closer is not None:
                closer()
        self.flush()
        while self.containers:
            self.close_container()

    # --- skipping ------------------------------------------------------------

    def _end_skip(self) -> None:
        skipped, self._skipped = self._skipped, None
        if skipped is not None and skipped.kind == "title":
            self.metadata.title_parts.append(skipped.text)
        elif skipped is not None and skipped.kind == "ld":
            self.metadata.read_ld_json(skipped.text)

    def close_container(self) -> None:
        self.flush()
        if not self.containers:
            return
        frame = self.containers.pop()
        if isinstance(frame, QuoteFrame):
            quote, after = frame.finish()
            if quote is not None:
                if self.figures:
                    self.figures[-1].quotes.append(quote)
                self.deliver(quote)
            for block in after:
                self.deliver(block)
            return
        frame.end_item()
        if frame.items:
            linked = any(span.kind == "link" for spans in frame.item_spans for span in spans)
            block = BulletList(frame.items, None, frame.ordered, frame.item_spans if linked else None)
            if self.containers:
                self.containers[-1].take(block)
            else:
                self.top.add_list(block, frame.item_spans)
        for block in frame.deferred:
            self.deliver(block)

    # --- inline text -------------------------------------------------------------------

    def _run_started(self) -> None:
        if self._elements:
            self._run_element = self._elements[-1]

    def add_text(self, text: str) -> None:
        if not text:
            return
        if self.pre_depth:
            self.pre.append(text)
            return
        self.inline.add(text, text.isprintable())

    def flush(self) -> None:
        """End the current run of inline text: it becomes a paragraph or heading."""
        if self.pre_depth:
            if self.pre and not self.pre[-1].endswith("\n"):
                self.pre.append("\n")
            return
        inline = self.inline
        if not inline.runs:  # nothing written since the last paragraph
            return
        printable = inline.printable
        runs = inline.take()
        if not self.page:  # only pages place blocks by element
            self._deliver_runs(runs, printable)
            return
        self._placing, self._run_element = self._run_element, None
        try:
            self._deliver_runs(runs, printable)
        finally:
            self._placing = None

    def _deliver_runs(self, runs: list[list[Any]], printable: bool) -> None:
        if len(runs) == 1:  # most paragraphs: one run of one kind, nothing to merge
            kind, url, parts = runs[0]
            text = parts[0] if len(parts) == 1 else "".join(parts)
            if not (printable and text.isascii()):
                # (printable ASCII is clean already: InlineText joins words with single spaces)
                text = clean_line(text, printable or None)
                if not text:
                    return
            spans = [Span(text, kind, url)]
        else:
            spans = spans_of_runs(runs, printable)
            if not spans:
                return
            text = spans[0].text if len(spans) == 1 else "".join([s.text for s in spans])
        if self.heading:
            text = clean_line(text)
            if self.captures:
                self.captures[-1].append(Paragraph([Span(text)]))
                return
            if self.heading == 1 and self.metadata.first_h1 is None:
                self.metadata.first_h1 = text
            self.deliver(Heading(text, self.heading))
            return
        paragraph = Paragraph(spans)
        if self.captures:
            self.captures[-1].append(paragraph)
            return
        if self.containers:
            self.containers[-1].take(paragraph)
            return
        self.top.add_paragraph(paragraph, text)

    # --- delivering blocks ---------------------------------------------------------

    def deliver(self, block: Block) -> None:
        if self.containers:
            self.containers[-1].take(block)
            return
        self.top.add(block)
