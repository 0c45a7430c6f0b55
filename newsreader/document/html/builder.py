"""Tags streamed into blocks: the parser that lays an HTML body out the way a reader sees it.

Open elements sit on an explicit stack with what to do when each closes, so
depth costs nothing. Inline text gathers in ``InlineText`` until a boundary
ends the paragraph; finished blocks go to the innermost open quote or list
(``frames``), else to the top level (``top_level``).
"""

from __future__ import annotations

import unicodedata
from typing import Callable

from ..blocks import Block, BulletList, Heading, Paragraph, Preformatted, Rule, Span
from ..clean import clean_preformatted, strip_controls
from .frames import Figure, ListFrame, QuoteFrame
from .images import image_alt, image_from, is_emoji, is_tracking_pixel
from .inline import IMAGE_SCHEMES, LINK_SCHEMES, InlineText, clean_line, safe_url, spans_of_runs
from .invisible import HEAD_CONTENT, INVISIBLE, SkippedElement, is_invisible
from .main_text import INLINE_CONTAINERS, Element, PlacedBlocks, element_weight
from .metadata import PageMetadata
from .tolerant import TolerantParser
from .top_level import TopLevelBlocks

_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen basefont isindex".split()
)
# Elements that start and end a block of text (boundaries only, no block of their own).
_BOUNDARY = frozenset(
    """p div section article main header footer aside address center details summary dl dt dd
    fieldset legend hgroup body html menu dir li caption thead tbody tfoot table tr dialog
    search optgroup option output noframes""".split()
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_EMPHASIS = frozenset("em i dfn var".split())
_STRONG = frozenset("strong b".split())
_CODE = frozenset("code kbd samp tt".split())

_MAX_CONTAINERS = 12  # open quotes/lists inside each other; deeper ones only separate text
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
        self._inline = InlineText(self._run_started if page else None)
        self._heading = 0
        self._pre_depth = 0
        self._pre: list[str] = []
        self._cells = 0
        # where blocks go
        self._containers: list[QuoteFrame | ListFrame] = []
        self._captures: list[list[Paragraph]] = []
        self._figures: list[Figure] = []

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
        elif tag == "head" and not self.out and not self._inline.runs:
            self._in_head = True
            return
        if tag in _VOID:
            self._void(tag, attr)
            return
        if (attr or tag in INVISIBLE) and is_invisible(tag, attr, self.page):
            self._skipped = SkippedElement(tag, attr, want_title=not self.metadata.title_parts)
            return
        opener = _OPENERS.get(tag)
        closer = opener(self, tag, attr) if opener is not None else self._open_other(tag, attr)
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
        elif tag not in _VOID:
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
                self._break()
            elif tag in _BOUNDARY or tag in _HEADINGS:
                self._flush()
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
        elif not self._pre_depth and not data.strip(" \t\n\r\f"):
            # only HTML whitespace (between blocks, most often): a space is due
            if self._inline.has_text:
                self._inline.space = True
            return
        else:
            data = strip_controls(data.replace("\x0c", " "))
            if not data:
                return
            printable = data.isprintable()
        if self._pre_depth:
            self._pre.append(data)
            return
        self._inline.add(data, printable)

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
        self._flush()
        while self._containers:
            self._close_container()

    # --- skipping ------------------------------------------------------------

    def _end_skip(self) -> None:
        skipped, self._skipped = self._skipped, None
        if skipped is not None and skipped.kind == "title":
            self.metadata.title_parts.append(skipped.text)
        elif skipped is not None and skipped.kind == "ld":
            self.metadata.read_ld_json(skipped.text)

    # --- opening elements --------------------------------------------------------

    # Each opener does what opening its element does, and returns what closing it does.

    def _open_link(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        url = safe_url(attr.get("href"), self.base_url, LINK_SCHEMES) if attr else None
        self._inline.open_link(url)
        if url and self._containers and isinstance(self._containers[-1], QuoteFrame):
            self._containers[-1].urls.append(url)
        return self._inline.pop_style

    def _open_cite(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        self._inline.push_style("em")
        self._inline.cites.append([])
        return self._end_cite

    def _open_q(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        self._add_text("“")
        return self._end_q

    def _open_heading(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        self._flush()
        if self._heading:
            return None
        self._heading = _HEADINGS[tag]
        return self._end_heading

    def _open_pre(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        self._flush()
        self._pre_depth += 1
        return self._end_pre

    def _open_too_deep(self) -> Callable[[], None] | None:
        """A quote or list nested deeper than _MAX_CONTAINERS: it only separates text."""
        self._flush()
        if isinstance(self._containers[-1], ListFrame):
            self._containers[-1].end_item()
            return self._end_li
        return self._flush

    def _open_blockquote(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        if len(self._containers) >= _MAX_CONTAINERS:
            return self._open_too_deep()
        self._flush()
        if self._containers and isinstance(self._containers[-1], QuoteFrame):
            self._containers[-1].depth += 1
        else:
            self._containers.append(QuoteFrame())
        return self._end_blockquote

    def _open_list(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        if len(self._containers) >= _MAX_CONTAINERS:
            return self._open_too_deep()
        self._flush()
        if self._containers and isinstance(self._containers[-1], ListFrame):
            self._containers[-1].end_item()
        self._containers.append(ListFrame(ordered=tag == "ol"))
        return self._close_container

    def _open_li(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        self._flush()
        if self._containers and isinstance(self._containers[-1], ListFrame):
            self._containers[-1].end_item()
            return self._end_li
        return self._flush

    def _open_cell(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        if self._inline.has_text and not self._pre_depth:
            self._inline.append(" |", "text", None)
            self._inline.space = True
        self._cells += 1
        return self._end_cell

    def _open_figure(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        self._flush()
        self._figures.append(Figure())
        return self._end_figure

    def _open_figcaption(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        self._flush()
        self._captures.append([])
        return self._end_figcaption

    def _open_footer(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        if self._containers and isinstance(self._containers[-1], QuoteFrame):
            self._flush()
            self._captures.append([])
            return self._end_footer
        return self._open_other(tag, attr)

    def _open_boundary(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        """An element that starts and ends a block of text (``<p>``, ``<div>``, ``<tr>`` …)."""
        self._flush()
        return self._flush

    def _open_other(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        """Any other element: a boundary when it is one, or a page's article body; else nothing."""
        if tag in _BOUNDARY:
            self._flush()
            return self._flush
        if self.page and attr:
            body = "articlebody" in (attr.get("itemprop", "").lower(), attr.get("property", "").lower())
            if body or attr.get("role", "").lower() == "main":
                self._flush()
                return self._flush
        return None

    def _void(self, tag: str, attr: dict[str, str]) -> None:
        if tag == "br":
            self._break()
        elif tag == "hr":
            self._flush()
            self._deliver(Rule())
        elif tag == "img":
            self._image(attr)

    def _break(self) -> None:
        if self._pre_depth:
            self._pre.append("\n")
        elif self._heading or self._cells or (self._containers and isinstance(self._containers[-1], ListFrame)):
            if self._inline.has_text:
                self._inline.space = True
        else:
            self._flush()

    def _image(self, attr: dict[str, str]) -> None:
        if self._pre_depth or is_tracking_pixel(attr):
            return
        if is_emoji(attr):
            self._add_text(image_alt(attr))
            return
        image = image_from(attr, self.base_url)
        if image is None:
            return
        self._flush()
        if self._figures:
            self._figures[-1].images.append(image)
        self._deliver(image)

    # --- closing elements ------------------------------------------------------------

    def _end_cite(self) -> None:
        self._inline.pop_style()
        parts = self._inline.cites.pop() if self._inline.cites else []
        if self._containers and isinstance(self._containers[-1], QuoteFrame):
            text = clean_line("".join(parts))
            if text:
                self._containers[-1].cites.append(text)

    def _end_q(self) -> None:
        self._add_text("”")

    def _end_heading(self) -> None:
        self._flush()
        self._heading = 0

    def _end_pre(self) -> None:
        self._pre_depth -= 1
        if self._pre_depth > 0:
            return
        text = "".join(self._pre)
        self._pre = []
        if text.startswith("\n"):
            text = text[1:]
        text = clean_preformatted(unicodedata.normalize("NFC", text))
        if text.strip():
            self._deliver(Preformatted(text))

    def _end_blockquote(self) -> None:
        self._flush()
        if self._containers and isinstance(self._containers[-1], QuoteFrame) and self._containers[-1].depth > 1:
            self._containers[-1].depth -= 1
            return
        self._close_container()

    def _end_li(self) -> None:
        self._flush()
        if self._containers and isinstance(self._containers[-1], ListFrame):
            self._containers[-1].end_item()

    def _end_cell(self) -> None:
        self._cells = max(0, self._cells - 1)

    def _end_figure(self) -> None:
        self._flush()
        if self._figures:
            self._figures.pop()

    def _end_figcaption(self) -> None:
        self._flush()
        paragraphs = self._captures.pop() if self._captures else []
        caption = clean_line(" ".join(p.text for p in paragraphs))
        if not caption:
            return
        if self._figures and self._figures[-1].take_caption(caption):
            return
        for paragraph in paragraphs:
            self._deliver(paragraph)

    def _end_footer(self) -> None:
        self._flush()
        paragraphs = self._captures.pop() if self._captures else []
        text = clean_line(" ".join(p.text for p in paragraphs))
        if text and self._containers and isinstance(self._containers[-1], QuoteFrame):
            self._containers[-1].footers.append(text)

    def _close_container(self) -> None:
        self._flush()
        if not self._containers:
            return
        frame = self._containers.pop()
        if isinstance(frame, QuoteFrame):
            quote, after = frame.finish()
            if quote is not None:
                if self._figures:
                    self._figures[-1].quotes.append(quote)
                self._deliver(quote)
            for block in after:
                self._deliver(block)
            return
        frame.end_item()
        if frame.items:
            linked = any(span.kind == "link" for spans in frame.item_spans for span in spans)
            block = BulletList(frame.items, None, frame.ordered, frame.item_spans if linked else None)
            if self._containers:
                self._containers[-1].take(block)
            else:
                self.top.add_list(block, frame.item_spans)
        for block in frame.deferred:
            self._deliver(block)

    # --- inline text -------------------------------------------------------------------

    def _run_started(self) -> None:
        if self._elements:
            self._run_element = self._elements[-1]

    def _add_text(self, text: str) -> None:
        if not text:
            return
        if self._pre_depth:
            self._pre.append(text)
            return
        self._inline.add(text, text.isprintable())

    def _flush(self) -> None:
        """End the current run of inline text: it becomes a paragraph or heading."""
        if self._pre_depth:
            if self._pre and not self._pre[-1].endswith("\n"):
                self._pre.append("\n")
            return
        inline = self._inline
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

    def _deliver_runs(self, runs: list[list], printable: bool) -> None:
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
        if self._heading:
            text = clean_line(text)
            if self._captures:
                self._captures[-1].append(Paragraph([Span(text)]))
                return
            if self._heading == 1 and self.metadata.first_h1 is None:
                self.metadata.first_h1 = text
            self._deliver(Heading(text, self._heading))
            return
        paragraph = Paragraph(spans)
        if self._captures:
            self._captures[-1].append(paragraph)
            return
        if self._containers:
            self._containers[-1].take(paragraph)
            return
        self.top.add_paragraph(paragraph, text)

    # --- delivering blocks ---------------------------------------------------------

    def _deliver(self, block: Block) -> None:
        if self._containers:
            self._containers[-1].take(block)
            return
        self.top.add(block)


Opener = Callable[[BlockBuilder, str, "dict[str, str]"], "Callable[[], None] | None"]


def _opens_style(style: str) -> Opener:
    """The opener of an inline element that only styles its text (em, strong, code)."""

    def open_style(builder: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None]:
        builder._inline.push_style(style)
        return builder._inline.pop_style

    return open_style


_OPENERS: dict[str, Opener] = {
    "a": BlockBuilder._open_link,
    **dict.fromkeys(_EMPHASIS, _opens_style("em")),
    **dict.fromkeys(_STRONG, _opens_style("strong")),
    **dict.fromkeys(_CODE, _opens_style("code")),
    "cite": BlockBuilder._open_cite,
    "q": BlockBuilder._open_q,
    **dict.fromkeys(_HEADINGS, BlockBuilder._open_heading),
    **dict.fromkeys(("pre", "listing", "xmp", "plaintext"), BlockBuilder._open_pre),
    "blockquote": BlockBuilder._open_blockquote,
    "ul": BlockBuilder._open_list,
    "ol": BlockBuilder._open_list,
    "li": BlockBuilder._open_li,
    "td": BlockBuilder._open_cell,
    "th": BlockBuilder._open_cell,
    "tr": BlockBuilder._open_boundary,
    "figure": BlockBuilder._open_figure,
    "figcaption": BlockBuilder._open_figcaption,
    "footer": BlockBuilder._open_footer,
}
for _tag in _BOUNDARY:
    _OPENERS.setdefault(_tag, BlockBuilder._open_boundary)
