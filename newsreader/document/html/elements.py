"""What opening and closing each HTML element does to the blocks being built.

An opener does what opening its element does and returns what closing it does (or None);
``OPENERS`` maps tag names to openers, and any other tag is ``open_other``. Void elements
(``<br>``, ``<hr>``, ``<img>``) act at once (``void_element``). Each takes the
``BlockBuilder`` whose state it changes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from ..blocks import Preformatted, Rule
from ..clean import clean_preformatted
from .frames import Figure, ListFrame, QuoteFrame
from .images import image_alt, image_from, is_emoji, is_tracking_pixel
from .inline import LINK_SCHEMES, clean_line, safe_url

if TYPE_CHECKING:
    from .builder import BlockBuilder

VOID = frozenset("area base br col embed hr img input link meta param source track wbr keygen basefont isindex".split())
# Elements that start and end a block of text (boundaries only, no block of their own).
BOUNDARY = frozenset(
    """p div section article main header footer aside address center details summary dl dt dd
    fieldset legend hgroup body html menu dir li caption thead tbody tfoot table tr dialog
    search optgroup option output noframes""".split()
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_EMPHASIS = frozenset("em i dfn var".split())
_STRONG = frozenset("strong b".split())
_CODE = frozenset("code kbd samp tt".split())

MAX_CONTAINERS = 12  # open quotes/lists inside each other; deeper ones only separate text


def open_link(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    url = safe_url(attr.get("href"), b.base_url, LINK_SCHEMES) if attr else None
    b.inline.open_link(url)
    if url and b.containers and isinstance(b.containers[-1], QuoteFrame):
        b.containers[-1].urls.append(url)
    return b.inline.pop_style


def open_cite(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    b.inline.push_style("em")
    b.inline.cites.append([])
    return partial(end_cite, b)


def open_q(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    b.add_text("“")
    return partial(end_q, b)


def open_heading(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    b.flush()
    if b.heading:
        return None
    b.heading = HEADINGS[tag]
    return partial(end_heading, b)


def open_pre(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    b.flush()
    b.pre_depth += 1
    return partial(end_pre, b)


def open_too_deep(b: BlockBuilder) -> Callable[[], None] | None:
    """A quote or list nested deeper than MAX_CONTAINERS: it only separates text."""
    b.flush()
    if isinstance(b.containers[-1], ListFrame):
        b.containers[-1].end_item()
        return partial(end_li, b)
    return b.flush


def open_blockquote(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    if len(b.containers) >= MAX_CONTAINERS:
        return open_too_deep(b)
    b.flush()
    if b.containers and isinstance(b.containers[-1], QuoteFrame):
        b.containers[-1].depth += 1
    else:
        b.containers.append(QuoteFrame())
    return partial(end_blockquote, b)


def open_list(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    if len(b.containers) >= MAX_CONTAINERS:
        return open_too_deep(b)
    b.flush()
    if b.containers and isinstance(b.containers[-1], ListFrame):
        b.containers[-1].end_item()
    b.containers.append(ListFrame(ordered=tag == "ol"))
    return b.close_container


def open_li(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    b.flush()
    if b.containers and isinstance(b.containers[-1], ListFrame):
        b.containers[-1].end_item()
        return partial(end_li, b)
    return b.flush


def open_cell(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    if b.inline.has_text and not b.pre_depth:
        b.inline.append(" |", "text", None)
        b.inline.space = True
    b.cells += 1
    return partial(end_cell, b)


def open_figure(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    b.flush()
    b.figures.append(Figure())
    return partial(end_figure, b)


def open_figcaption(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    b.flush()
    b.captures.append([])
    return partial(end_figcaption, b)


def open_footer(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    if b.containers and isinstance(b.containers[-1], QuoteFrame):
        b.flush()
        b.captures.append([])
        return partial(end_footer, b)
    return open_other(b, tag, attr)


def open_boundary(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    """An element that starts and ends a block of text (``<p>``, ``<div>``, ``<tr>`` …)."""
    b.flush()
    return b.flush


def open_other(b: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
    """Any other element: a boundary when it is one, or a page's article body; else nothing."""
    if tag in BOUNDARY:
        b.flush()
        return b.flush
    if b.page and attr:
        body = "articlebody" in (attr.get("itemprop", "").lower(), attr.get("property", "").lower())
        if body or attr.get("role", "").lower() == "main":
            b.flush()
            return b.flush
    return None


def void_element(b: BlockBuilder, tag: str, attr: dict[str, str]) -> None:
    if tag == "br":
        line_break(b)
    elif tag == "hr":
        b.flush()
        b.deliver(Rule())
    elif tag == "img":
        image(b, attr)


def line_break(b: BlockBuilder) -> None:
    if b.pre_depth:
        b.pre.append("\n")
    elif b.heading or b.cells or (b.containers and isinstance(b.containers[-1], ListFrame)):
        if b.inline.has_text:
            b.inline.space = True
    else:
        b.flush()


def image(b: BlockBuilder, attr: dict[str, str]) -> None:
    if b.pre_depth or is_tracking_pixel(attr):
        return
    if is_emoji(attr):
        b.add_text(image_alt(attr))
        return
    image = image_from(attr, b.base_url)
    if image is None:
        return
    b.flush()
    if b.figures:
        b.figures[-1].images.append(image)
    b.deliver(image)


def end_cite(b: BlockBuilder) -> None:
    b.inline.pop_style()
    parts = b.inline.cites.pop() if b.inline.cites else []
    if b.containers and isinstance(b.containers[-1], QuoteFrame):
        text = clean_line("".join(parts))
        if text:
            b.containers[-1].cites.append(text)


def end_q(b: BlockBuilder) -> None:
    b.add_text("”")


def end_heading(b: BlockBuilder) -> None:
    b.flush()
    b.heading = 0


def end_pre(b: BlockBuilder) -> None:
    b.pre_depth -= 1
    if b.pre_depth > 0:
        return
    text = "".join(b.pre)
    b.pre = []
    if text.startswith("\n"):
        text = text[1:]
    text = clean_preformatted(unicodedata.normalize("NFC", text))
    if text.strip():
        b.deliver(Preformatted(text))


def end_blockquote(b: BlockBuilder) -> None:
    b.flush()
    if b.containers and isinstance(b.containers[-1], QuoteFrame) and b.containers[-1].depth > 1:
        b.containers[-1].depth -= 1
        return
    b.close_container()


def end_li(b: BlockBuilder) -> None:
    b.flush()
    if b.containers and isinstance(b.containers[-1], ListFrame):
        b.containers[-1].end_item()


def end_cell(b: BlockBuilder) -> None:
    b.cells = max(0, b.cells - 1)


def end_figure(b: BlockBuilder) -> None:
    b.flush()
    if b.figures:
        b.figures.pop()


def end_figcaption(b: BlockBuilder) -> None:
    b.flush()
    paragraphs = b.captures.pop() if b.captures else []
    caption = clean_line(" ".join(p.text for p in paragraphs))
    if not caption:
        return
    if b.figures and b.figures[-1].take_caption(caption):
        return
    for paragraph in paragraphs:
        b.deliver(paragraph)


def end_footer(b: BlockBuilder) -> None:
    b.flush()
    paragraphs = b.captures.pop() if b.captures else []
    text = clean_line(" ".join(p.text for p in paragraphs))
    if text and b.containers and isinstance(b.containers[-1], QuoteFrame):
        b.containers[-1].footers.append(text)


Opener = Callable[["BlockBuilder", str, "dict[str, str]"], "Callable[[], None] | None"]


def _opens_style(style: str) -> Opener:
    """The opener of an inline element that only styles its text (em, strong, code)."""

    def open_style(builder: BlockBuilder, tag: str, attr: dict[str, str]) -> Callable[[], None]:
        builder.inline.push_style(style)
        return builder.inline.pop_style

    return open_style


OPENERS: dict[str, Opener] = {
    "a": open_link,
    **dict.fromkeys(_EMPHASIS, _opens_style("em")),
    **dict.fromkeys(_STRONG, _opens_style("strong")),
    **dict.fromkeys(_CODE, _opens_style("code")),
    "cite": open_cite,
    "q": open_q,
    **dict.fromkeys(HEADINGS, open_heading),
    **dict.fromkeys(("pre", "listing", "xmp", "plaintext"), open_pre),
    "blockquote": open_blockquote,
    "ul": open_list,
    "ol": open_list,
    "li": open_li,
    "td": open_cell,
    "th": open_cell,
    "tr": open_boundary,
    "figure": open_figure,
    "figcaption": open_figcaption,
    "footer": open_footer,
}
for _tag in BOUNDARY:
    OPENERS.setdefault(_tag, open_boundary)
