"""HTML from feeds and saved pages -> typed blocks.

Feed items carry HTML bodies (``content:encoded``, ``description``) and saved
pages are whole HTML documents; both are written by strangers. This module
reads them the way a browser would lay them out (whitespace collapsed, block
elements as boundaries, scripts and forms invisible) and keeps only what a
terminal reader shows: paragraphs with emphasis, links and quotes, headings,
quotations with their speaker, lists, related-story links, images (alt text
and address), preformatted text and rules.

Decisions:

* The stdlib ``html.parser`` streams tags; this module never recurses, so
  depth costs nothing (10,000 nested ``<div>`` or ``<blockquote>`` are fine)
  and time is linear in the input. Any input is accepted; nothing raises.
* Every piece of text passes through ``newsreader.document.clean``: character
  references are decoded first (``&#27;`` becomes ESC) and then stripped.
* Links keep only ``http``, ``https`` and ``mailto`` addresses, resolved
  against ``base_url``; anything else (``javascript:``, ``data:``, relative
  without a base) is plain text. Images keep ``http``/``https`` only.
* ``<br>`` ends a paragraph (a line in a quote, a space in a list item, a
  table cell or a heading). Table rows become paragraphs, cells joined by
  ``" | "``.
* A ``<blockquote>`` becomes one ``Quote``; its paragraphs join with ``"\\n"``;
  the speaker comes from a ``<footer>``, a trailing ``<cite>``, a trailing
  ``— Name`` line, or the caption of its ``<figure>``. Nested blockquotes
  join the outer one. An empty one (a tweet embed) leaves its link.
* Lists flatten: items of a nested list follow their parent item, each
  prefixed with ``"◦ "`` and two spaces per extra level (indent capped).
  A paragraph ending with ``:`` right before a list becomes its lead.
* ``Read more: <a>Headline</a> - Source`` (also ``Read also:``, ``See also:``,
  ``Related:``, ``Also read:``) and the link-only items or paragraphs that
  follow a "Related stories"-like heading or paragraph become ``RelatedLink``.
* Quotations inside paragraphs come from ``newsreader.document.quotes``; link,
  emphasis, strong and code spans stay as they are, the plain text inside a
  quotation becomes quote spans. A link-free paragraph that is one quotation
  becomes a ``Quote`` block (``as_quote_block``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from typing import Callable
from urllib.parse import urljoin, urlsplit

from .blocks import (
    Block,
    BulletList,
    Document,
    Heading,
    Image,
    Paragraph,
    Preformatted,
    Quote,
    RelatedLink,
    Rule,
    Span,
)
from .clean import clean_inline, clean_preformatted, strip_controls
from .quotes import as_quote_block, quote_spans

__all__ = ["parse_html", "parse_html_page"]

# Elements whose whole content is invisible to a reader.
_SKIP = frozenset(
    """script style iframe object embed form input button select textarea svg math
    noscript template nav title canvas audio video map datalist frameset frame applet""".split()
)
_HEAD_CONTENT = frozenset("title meta link script style base noscript template object".split())
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
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_IMAGE_SCHEMES = frozenset({"http", "https"})
_MAX_INDENT = 3  # nested list levels shown by indentation; deeper ones share the last

_C0_AND_SPACE = "".join(chr(c) for c in range(33))
_MAX_QUOTE_BLOCK = 4000  # a paragraph longer than this is not "one quotation"
_MAX_CONTAINERS = 12  # open quotes/lists inside each other; deeper ones only separate text
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_URL_JUNK = re.compile(r"[\t\n\r]")
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_LONE_LT = re.compile(r"<(?![A-Za-z/!?])")
_COMMENT_CLOSE = re.compile(r"--!?\s*>")

_RELATED_PREFIX = re.compile(
    r"^\s*(?:read\s+more|read\s+also|also\s+read|see\s+also|related(?:\s+(?:story|stories|article|articles))?)"
    r"\s*[:：]\s*",
    re.IGNORECASE,
)
_RELATED_MARKER = re.compile(
    r"^\s*(?:related(?:\s+(?:stories|story|articles|article|links|news|content|coverage|reading|posts|topics))?"
    r"|read\s+(?:more|also|next)|also\s+read|see\s+also|more\s+on\s+this(?:\s+(?:story|topic))?"
    r"|further\s+reading|recommended(?:\s+(?:reading|stories))?|more\s+stories|you\s+may\s+also\s+like)"
    r"\s*[:：]?\s*$",
    re.IGNORECASE,
)
_GENERIC_LINK = re.compile(
    r"^\W*(?:continue\s+reading|read\s+(?:more|on|the\s+full\s+(?:story|article))|more|click\s+here|full\s+story)\W*$",
    re.IGNORECASE,
)
_SOURCE_SEPARATORS = (" - ", " – ", " — ")
_DASH_LINE = re.compile(r"^\s*(?:[—–―~]\s*|--?\s+)(\S.*)$")
_TRAILING_DASH_NAME = re.compile(r"^(.*\S)\s+[—–―]\s*([^—–―]+)$", re.DOTALL)
_TRAILING_DATE = re.compile(
    r"\s*,?\s*(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})$"
)
_CONTROL_REF = re.compile(r"&#(?:0*(\d{1,7})|[xX]0*([0-9a-fA-F]{1,6}));?")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{4,40})"')
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ")

# Choosing a page's main text (see _main_blocks): the hints are readability's, plus a few.
_POSITIVE_HINT = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", re.I
)
_NEGATIVE_HINT = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta"
    r"|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget"
    r"|navigation|menu|login|social|newsletter|breadcrumb|trending|popular",
    re.I,
)
_TAG_SCORES = {
    "div": 5, "pre": 3, "td": 3, "blockquote": 3,
    "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
    "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
}  # fmt: skip
_INLINE_CONTAINERS = frozenset("p span a em strong b i font li".split())
_COMMAS = (",", "，", "、", "،")
_MAX_HOPS = 200  # ancestors looked at from a block; deeper nesting than this is not a real page
_MAX_CLIMB = 50  # how far the chosen container may move up from the best-scored one
_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")
_FURNITURE = re.compile(
    r"^\W*(?:advertisement|advertising|continue reading(?: the main story)?|supported by"
    r"|share(?: this(?: page| article| story)?)?|photo|skip to (?:main )?content|loading\.*|read more|sponsored)\W*$",
    re.I,
)


# --- text helpers -----------------------------------------------------------


def _clean_run(text: str) -> str:
    """One inline run, cleaned, keeping one space at either edge if it had one."""
    core = clean_inline(text)
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    if not core:
        return " " if (lead or trail) else ""
    return lead + core + trail


def _merge(spans: list[Span]) -> list[Span]:
    """Adjacent spans of the same kind become one; empty spans go; edges trimmed."""
    out: list[Span] = []
    for span in spans:
        text = span.text
        if out and out[-1].text.endswith(" ") and text.startswith(" "):
            text = text.lstrip(" ")
        if not text:
            continue
        if out and (out[-1].kind, out[-1].url, out[-1].speaker) == (span.kind, span.url, span.speaker):
            out[-1] = Span(out[-1].text + text, span.kind, span.url, span.speaker)
        else:
            out.append(Span(text, span.kind, span.url, span.speaker))
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        first = out[0]
        out[0] = Span(first.text.lstrip(), first.kind, first.url, first.speaker)
        last = out[-1]
        out[-1] = Span(last.text.rstrip(), last.kind, last.url, last.speaker)
    return out


def _safe_url(raw: str | None, base_url: str | None, schemes: frozenset[str]) -> str | None:
    """``raw`` resolved against ``base_url`` when its scheme is allowed, else None."""
    if not raw:
        return None
    url = _URL_JUNK.sub("", raw).strip(_C0_AND_SPACE)
    if not url or url != strip_controls(url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
        if not scheme and base_url:
            url = urljoin(base_url, url)
            scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in schemes or url != strip_controls(url):
        return None
    return url.replace(" ", "%20")


def _split_source(text: str) -> tuple[str, str | None]:
    """``Headline - Source`` -> (headline, source); the LAST separator splits."""
    best = -1
    width = 0
    for sep in _SOURCE_SEPARATORS:
        at = text.rfind(sep)
        if at > best:
            best, width = at, len(sep)
    if best <= 0:
        return text, None
    title, source = text[:best].strip(), text[best + width :].strip().rstrip(".")
    if not title or not source or len(source) > 60 or len(source.split()) > 6 or source[0].islower():
        return text, None
    return title, source


def _speaker_from(text: str) -> str | None:
    """A speaker name from attribution text: dashes off, a trailing date off."""
    name = text.strip().lstrip("—–―~-").strip()
    name = _TRAILING_DATE.sub("", name).strip(" ,;")
    name = clean_inline(name)
    if not name or len(name) > 120:
        return None
    return name


def _looks_like_name(text: str, strict: bool = True) -> bool:
    """Short, and (strict) capitalised without a sentence end: an attribution, not prose."""
    if len(text) > 200:
        return False
    name = _TRAILING_DATE.sub("", text.strip()).strip(" ,")
    words = name.split()
    if not words or len(name) > 120 or len(words) > (8 if strict else 15):
        return False
    if strict:
        return (name[0].isupper() or name[0] == "@") and name[-1] not in ".!?…\"”»"
    return True


def _with_quotes(spans: list[Span]) -> list[Span]:
    """Mark quoted words: plain text inside a quotation becomes quote spans."""
    text = "".join(s.text for s in spans)
    found = quote_spans(text)
    ranges: list[tuple[int, int, str | None]] = []
    pos = 0
    for piece in found:
        if piece.kind == "quote":
            ranges.append((pos, pos + len(piece.text), piece.speaker))
        pos += len(piece.text)
    if not ranges or pos != len(text):
        return spans
    out: list[Span] = []
    offset = 0
    r = 0
    for span in spans:
        start, end = offset, offset + len(span.text)
        offset = end
        if span.kind != "text":
            out.append(span)
            continue
        cursor = start
        while cursor < end:
            while r < len(ranges) and ranges[r][1] <= cursor:
                r += 1
            if r >= len(ranges) or ranges[r][0] >= end:
                out.append(Span(text[cursor:end]))
                break
            q_start, q_end, speaker = ranges[r]
            if q_start > cursor:
                out.append(Span(text[cursor:q_start]))
                cursor = q_start
            stop = min(q_end, end)
            out.append(Span(text[cursor:stop], "quote", speaker=speaker))
            cursor = stop
    return _merge_keep_edges(out)


def _merge_keep_edges(spans: list[Span]) -> list[Span]:
    """Adjacent spans of the same kind become one; nothing is trimmed."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if out and (out[-1].kind, out[-1].url, out[-1].speaker) == (span.kind, span.url, span.speaker):
            out[-1] = Span(out[-1].text + span.text, span.kind, span.url, span.speaker)
        else:
            out.append(span)
    return out


def _related_links(spans: list[Span], start: int, strict: bool) -> list[RelatedLink] | None:
    """RelatedLinks from the spans after character ``start``.

    ``strict``: only when the text is nothing but links (each maybe followed by
    ``- Source``); otherwise None. Not strict: a text without links is one
    headline.
    """
    pieces: list[tuple[str, str, str | None]] = []  # (kind, text, url) after start
    offset = 0
    for span in spans:
        end = offset + len(span.text)
        if end > start:
            cut = max(0, start - offset)
            pieces.append((span.kind, span.text[cut:], span.url if span.kind == "link" else None))
        offset = end
    links = [i for i, p in enumerate(pieces) if p[0] == "link"]
    if not links:
        if strict:
            return None
        rest = clean_inline("".join(p[1] for p in pieces))
        if not rest:
            return None
        title, source = _split_source(rest)
        return [RelatedLink(title, source, None)]
    if strict and any(_GENERIC_LINK.match(pieces[i][1]) for i in links):
        return None
    before = clean_inline("".join(p[1] for p in pieces[: links[0]]))
    if strict and len(before.strip("•·*-–—►»>|,;:")) > 0:
        return None
    result: list[RelatedLink] = []
    for n, index in enumerate(links):
        following = links[n + 1] if n + 1 < len(links) else len(pieces)
        between = clean_inline("".join(p[1] for p in pieces[index + 1 : following])).strip(" ,;|·•")
        title = clean_inline(pieces[index][1])
        source = None
        if between:
            match = re.match(r"^(?:[-–—]\s*(.+?)|\((.+?)\))\.?$", between)
            if match and len(match.group(1) or match.group(2)) <= 60:
                source = clean_inline(match.group(1) or match.group(2))
            elif strict:
                return None
            else:
                title = clean_inline(f"{title} {between}")
        if source is None:
            title, source = _split_source(title)
        if title:
            result.append(RelatedLink(title, source, pieces[index][2]))
    return result or None


# --- containers ---------------------------------------------------------------


@dataclass
class _QuoteFrame:
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
        lines = [line for line in self.lines if line.strip()]
        speaker = None
        if self.footers:
            speaker = _speaker_from(" ".join(self.footers))
        if speaker is None and lines:
            last = lines[-1]
            dash = _DASH_LINE.match(last)
            if dash and len(lines) > 1 and _looks_like_name(dash.group(1), strict=False):
                speaker = _speaker_from(dash.group(1))
                lines.pop()
            else:
                for cite in reversed(self.cites):
                    stripped = last.rstrip(" .")
                    if cite and stripped.endswith(cite) and (len(stripped) > len(cite) or len(lines) > 1):
                        head = stripped[: -len(cite)].rstrip()
                        head = re.sub(r"(?:\s*[—–―~-]+|,)$", "", head).rstrip()
                        if head:
                            lines[-1] = head
                        else:
                            lines.pop()
                        speaker = _speaker_from(cite)
                        break
                else:
                    tail = _TRAILING_DASH_NAME.match(last[-200:]) if len(last) > 200 else _TRAILING_DASH_NAME.match(last)
                    if tail and _looks_like_name(tail.group(2)):
                        speaker = _speaker_from(tail.group(2))
                        lines[-1] = last[: len(last) - len(tail.group(0))] + tail.group(1)
        text = "\n".join(lines).strip()
        after = list(self.deferred)
        if not text:
            links = [Paragraph([Span(url, "link", url)]) for url in dict.fromkeys(self.urls)]
            return None, links + after
        return Quote(text, speaker), after


@dataclass
class _ListFrame:
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
        spans = _merge(self.current)
        self.current = []
        text = clean_inline("".join(s.text for s in spans))
        if text:
            self.items.append(text)
            self.item_spans.append(spans)

    def take(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.add_piece(block.spans)
        elif isinstance(block, (Heading, Preformatted, Quote)):
            self.add_piece([Span(clean_inline(block.text))])
        elif isinstance(block, RelatedLink):
            self.add_piece([Span(block.title, "link", block.url) if block.url else Span(block.title)])
        elif isinstance(block, BulletList):
            self.end_item()
            nested = ([block.lead] if block.lead else []) + block.items
            for item in nested:
                depth = len(item) - len(item.lstrip(" "))
                if item.lstrip(" ").startswith("◦ "):
                    item = ("  " if depth < 2 * (_MAX_INDENT - 1) else "") + item
                else:
                    item = "◦ " + item
                self.items.append(item)
                self.item_spans.append([Span(item)])
        elif isinstance(block, Image):
            self.deferred.append(block)


@dataclass
class _Figure:
    images: list[Image] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass(eq=False)
class _Element:
    """An open element of a page, kept to tell which container each block came from."""

    tag: str
    weight: int  # what its class and id suggest: + for article-like, - for page furniture
    parent: _Element | None
    children: int = 0  # child elements opened so far


class _PlacedBlocks(list):
    """The builder's top-level blocks, each remembered with the element it was written in."""

    def __init__(self, builder: _BlockBuilder) -> None:
        super().__init__()
        self.builder = builder
        self.where: list[_Element | None] = []

    def append(self, block: Block) -> None:  # type: ignore[override]
        super().append(block)
        self.where.append(self.builder.element())

    def extend(self, blocks) -> None:  # type: ignore[override]
        for block in blocks:
            self.append(block)

    def pop(self, index: int = -1) -> Block:  # type: ignore[override]
        self.where.pop(index)
        return super().pop(index)


# --- the parser -----------------------------------------------------------------


class _BlockBuilder(HTMLParser):
    """Streams tags into blocks. Keeps an explicit stack: no recursion anywhere."""

    def __init__(self, base_url: str | None, page: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.page = page
        self.out: list[Block] = _PlacedBlocks(self) if page else []
        # open elements, with what to do when each closes
        self._stack: list[tuple[str, Callable[[], None] | None]] = []
        self._elements: list[_Element] = []  # pages only: beside _stack, for choosing the main text
        self._run_element: _Element | None = None  # where the pending inline text started
        self._placing: _Element | None = None  # where the block being delivered was written
        self._open: dict[str, int] = {}
        # skipping invisible content
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._skip_capture: list[str] | None = None
        self._skip_kind = ""
        self._in_head = False
        # the inline buffer
        self._runs: list[list] = []  # [kind, url, [parts]]
        self._has_text = False
        self._space = False
        self._em = 0
        self._strong = 0
        self._code = 0
        self._links: list[str | None] = []
        self._styles: list[str] = []
        self._cites: list[list[str]] = []
        self._heading = 0
        self._pre_depth = 0
        self._pre: list[str] = []
        self._cells = 0
        # where blocks go
        self._containers: list[_QuoteFrame | _ListFrame] = []
        self._captures: list[list[Paragraph]] = []
        self._figures: list[_Figure] = []
        self._related_run = False
        # page metadata
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.first_h1: str | None = None
        self.canonical: str | None = None
        self.times: list[tuple[int, str]] = []  # (priority, datetime)
        self.ld_dates: list[str] = []
        self._cdata_close: tuple[int, int] = (-1, -1)
        self._comment_close: tuple[int, int] = (-1, -1)

    # --- parser robustness ---------------------------------------------------

    def parse_html_declaration(self, i: int) -> int:
        """``<![...`` without ever reaching _markupbase's assertions; CDATA kept as text."""
        rawdata = self.rawdata
        if rawdata.startswith("<![", i):
            if rawdata.startswith("<![CDATA[", i):
                close = self._last(rawdata, "]]>", "_cdata_close")
                if close > i:
                    j = rawdata.find("]]>", i + 9)
                    self.handle_data(rawdata[i + 9 : j])
                    return j + 3
            j = rawdata.find(">", i + 3)
            return -1 if j < 0 else j + 1
        return super().parse_html_declaration(i)

    def parse_comment(self, i: int, report: int = 1) -> int:  # type: ignore[override]
        """Comments are dropped; an unclosed one is not searched for again and again."""
        rawdata = self.rawdata
        if self._last_comment_close(rawdata) < i:
            return -1
        match = _COMMENT_CLOSE.search(rawdata, i + 4)
        return -1 if match is None else match.end()

    def _last(self, rawdata: str, needle: str, attr: str) -> int:
        key, value = getattr(self, attr)
        if key != id(rawdata) + len(rawdata):
            value = rawdata.rfind(needle)
            setattr(self, attr, (id(rawdata) + len(rawdata), value))
        return value

    def _last_comment_close(self, rawdata: str) -> int:
        """Where the last ``-->`` (or ``--!>``, ``-- >``) ends; -1 when there is none. Cached."""
        key, value = self._comment_close
        if key != id(rawdata) + len(rawdata):
            at = rawdata.rfind(">")
            while at >= 0:
                j = at - 1
                while j >= 0 and at - j < 64 and rawdata[j] in " \t\n\r\f":
                    j -= 1
                if j >= 0 and rawdata[j] == "!":
                    j -= 1
                if j >= 1 and rawdata[j - 1 : j + 1] == "--":
                    break
                at = rawdata.rfind(">", 0, at)
            value = at
            self._comment_close = (id(rawdata) + len(rawdata), value)
        return value

    # --- tags ----------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {}
        for name, value in attrs:
            attr.setdefault(name, value or "")
        if tag in ("meta", "link", "time", "base") or "itemprop" in attr:
            self._metadata(tag, attr)
        if self._skip_tag is not None:
            if tag == self._skip_tag and tag not in _VOID:
                self._skip_depth += 1
            return
        if self._in_head:
            if tag not in _HEAD_CONTENT:
                self._in_head = False  # <body> or any body element ends an unclosed <head>
        elif tag == "head" and not self.out and not self._runs:
            self._in_head = True
            return
        if tag in _VOID:
            self._void(tag, attr)
            return
        if tag in _SKIP and not (tag == "form" and self.page):
            self._start_skip(tag, attr)
            return
        if "hidden" in attr or _DISPLAY_NONE.search(attr.get("style", "")):
            self._start_skip(tag, attr)
            return
        closer = self._open_element(tag, attr)
        self._stack.append((tag, closer))
        self._open[tag] = self._open.get(tag, 0) + 1
        if self.page:
            parent = self._elements[-1] if self._elements else None
            if parent is not None:
                parent.children += 1
            self._elements.append(_Element(tag, _element_weight(tag, attr), parent))

    def element(self) -> _Element | None:
        """Where the block being delivered was written: its text's element, else the innermost open one.

        Inline elements and paragraphs are looked through, so a paragraph counts
        for its container (pages only)."""
        element = self._placing or (self._elements[-1] if self._elements else None)
        while element is not None and element.tag in _INLINE_CONTAINERS and element.parent is not None:
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
        if tag == "head" and self._skip_tag is None:
            self._in_head = False
            return
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth <= 0:
                    self._end_skip()
            return
        if not self._open.get(tag):
            if tag == "br":
                self._break()
            elif tag in _BOUNDARY or tag in _HEADINGS:
                self._flush()
            return
        while self._stack:
            name, closer = self._stack.pop()
            self._open[name] -= 1
            if self._elements:
                self._elements.pop()
            if closer is not None:
                closer()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip_tag is not None:
            if self._skip_capture is not None:
                self._skip_capture.append(data)
            return
        if self._in_head:
            return
        self._add_text(strip_controls(data.replace("\x0c", " ")))

    def close_all(self) -> None:
        """End of input: close what is still open, innermost first."""
        self._skip_tag = None
        self._skip_capture = None
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

    def _start_skip(self, tag: str, attr: dict[str, str]) -> None:
        self._skip_tag = tag
        self._skip_depth = 1
        self._skip_kind = ""
        self._skip_capture = None
        if tag == "title" and not self.title_parts:
            self._skip_kind = "title"
            self._skip_capture = []
        elif tag == "script" and "ld+json" in attr.get("type", "").lower():
            self._skip_kind = "ld"
            self._skip_capture = []

    def _end_skip(self) -> None:
        if self._skip_capture is not None:
            text = "".join(self._skip_capture)
            if self._skip_kind == "title":
                self.title_parts.append(text)
            elif self._skip_kind == "ld":
                self.ld_dates.extend(_LD_DATE.findall(text[:200_000]))
        self._skip_tag = None
        self._skip_depth = 0
        self._skip_capture = None

    # --- metadata --------------------------------------------------------------

    def _metadata(self, tag: str, attr: dict[str, str]) -> None:
        if tag == "meta":
            key = (attr.get("property") or attr.get("name") or attr.get("itemprop") or "").strip().lower()
            content = attr.get("content")
            if key and content and key not in self.meta:
                self.meta[key] = content
        elif tag == "base":
            if self.page and self.base_url is None and attr.get("href"):
                self.base_url = _safe_url(attr["href"], None, _IMAGE_SCHEMES)
        elif tag == "link":
            rel = attr.get("rel", "").lower().split()
            if "canonical" in rel and attr.get("href") and self.canonical is None:
                self.canonical = attr["href"]
        if tag == "time" and attr.get("datetime"):
            prop = attr.get("itemprop", "").lower()
            priority = 0 if (prop == "datepublished" or "pubdate" in attr) else 1
            self.times.append((priority, attr["datetime"]))
        elif attr.get("itemprop", "").lower() == "datepublished":
            value = attr.get("content") or attr.get("datetime")
            if value:
                self.times.append((0, value))

    # --- opening elements --------------------------------------------------------

    def _open_element(self, tag: str, attr: dict[str, str]) -> Callable[[], None] | None:
        if tag == "a":
            url = _safe_url(attr.get("href"), self.base_url, _LINK_SCHEMES)
            self._links.append(url)
            if url and self._containers and isinstance(self._containers[-1], _QuoteFrame):
                self._containers[-1].urls.append(url)
            self._styles.append("a")
            return self._pop_style
        if tag in _EMPHASIS or tag in _STRONG or tag in _CODE:
            kind = "em" if tag in _EMPHASIS else "strong" if tag in _STRONG else "code"
            self._push_style(kind)
            return self._pop_style
        if tag == "cite":
            self._push_style("em")
            self._cites.append([])
            return self._end_cite
        if tag == "q":
            self._add_text("“")
            return self._end_q
        if tag in _HEADINGS:
            self._flush()
            if self._heading:
                return None
            self._heading = _HEADINGS[tag]
            return self._end_heading
        if tag == "pre" or tag == "listing" or tag == "xmp" or tag == "plaintext":
            self._flush()
            self._pre_depth += 1
            return self._end_pre
        if tag in ("blockquote", "ul", "ol") and len(self._containers) >= _MAX_CONTAINERS:
            self._flush()
            if isinstance(self._containers[-1], _ListFrame):
                self._containers[-1].end_item()
                return self._end_li
            return self._flush
        if tag == "blockquote":
            self._flush()
            if self._containers and isinstance(self._containers[-1], _QuoteFrame):
                self._containers[-1].depth += 1
            else:
                self._containers.append(_QuoteFrame())
            return self._end_blockquote
        if tag in ("ul", "ol"):
            self._flush()
            if self._containers and isinstance(self._containers[-1], _ListFrame):
                self._containers[-1].end_item()
            self._containers.append(_ListFrame(ordered=tag == "ol"))
            return self._close_container
        if tag == "li":
            self._flush()
            if self._containers and isinstance(self._containers[-1], _ListFrame):
                self._containers[-1].end_item()
                return self._end_li
            return self._flush
        if tag in ("td", "th"):
            if self._has_text and not self._pre_depth:
                self._append(" |", "text", None)
                self._space = True
            self._cells += 1
            return self._end_cell
        if tag == "tr":
            self._flush()
            return self._flush
        if tag == "figure":
            self._flush()
            self._figures.append(_Figure())
            return self._end_figure
        if tag == "figcaption":
            self._flush()
            self._captures.append([])
            return self._end_figcaption
        if tag == "footer" and self._containers and isinstance(self._containers[-1], _QuoteFrame):
            self._flush()
            self._captures.append([])
            return self._end_footer
        body = "articlebody" in (attr.get("itemprop", "").lower(), attr.get("property", "").lower())
        if tag in _BOUNDARY or (self.page and (body or attr.get("role", "").lower() == "main")):
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
        elif tag == "wbr":
            pass

    def _break(self) -> None:
        if self._pre_depth:
            self._pre.append("\n")
        elif self._heading or self._cells or (self._containers and isinstance(self._containers[-1], _ListFrame)):
            if self._has_text:
                self._space = True
        else:
            self._flush()

    def _image(self, attr: dict[str, str]) -> None:
        if self._pre_depth:
            return
        if attr.get("width", "").strip() in ("0", "1") or attr.get("height", "").strip() in ("0", "1"):
            return  # a tracking pixel
        alt = clean_inline(strip_controls(attr.get("alt", "")))
        if "emoji" in attr.get("class", "") or "smiley" in attr.get("class", ""):
            if alt:
                self._add_text(alt)
            return
        url = None
        candidates = [attr.get(k) for k in ("src", "data-src", "data-lazy-src", "data-original")]
        srcset = attr.get("srcset") or attr.get("data-srcset")
        if srcset:
            candidates.append(srcset.strip().split(",")[0].strip().split(" ")[0])
        for candidate in candidates:
            url = _safe_url(candidate, self.base_url, _IMAGE_SCHEMES)
            if url:
                break
        if not url and not alt:
            return
        self._flush()
        image = Image(alt, url)
        if self._figures:
            self._figures[-1].images.append(image)
        self._deliver(image)

    # --- closing elements ------------------------------------------------------------

    def _push_style(self, kind: str) -> None:
        if kind == "em":
            self._em += 1
        elif kind == "strong":
            self._strong += 1
        else:
            self._code += 1
        self._styles.append(kind)

    def _pop_style(self) -> None:
        if not self._styles:
            return
        kind = self._styles.pop()
        if kind == "a":
            if self._links:
                self._links.pop()
        elif kind == "em":
            self._em -= 1
        elif kind == "strong":
            self._strong -= 1
        else:
            self._code -= 1

    def _end_cite(self) -> None:
        self._pop_style()
        parts = self._cites.pop() if self._cites else []
        if self._containers and isinstance(self._containers[-1], _QuoteFrame):
            text = clean_inline("".join(parts))
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
        if self._containers and isinstance(self._containers[-1], _QuoteFrame) and self._containers[-1].depth > 1:
            self._containers[-1].depth -= 1
            return
        self._close_container()

    def _end_li(self) -> None:
        self._flush()
        if self._containers and isinstance(self._containers[-1], _ListFrame):
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
        caption = clean_inline(" ".join(p.text for p in paragraphs))
        if not caption:
            return
        figure = self._figures[-1] if self._figures else None
        if figure is not None:
            for quote in figure.quotes:
                if quote.speaker is None:
                    quote.speaker = _speaker_from(caption)
                    return
            for image in figure.images:
                if not image.alt:
                    image.alt = caption
                    return
                if image.alt == caption:
                    return
        for paragraph in paragraphs:
            self._deliver(paragraph)

    def _end_footer(self) -> None:
        self._flush()
        paragraphs = self._captures.pop() if self._captures else []
        text = clean_inline(" ".join(p.text for p in paragraphs))
        if text and self._containers and isinstance(self._containers[-1], _QuoteFrame):
            self._containers[-1].footers.append(text)

    def _close_container(self) -> None:
        self._flush()
        if not self._containers:
            return
        frame = self._containers.pop()
        if isinstance(frame, _QuoteFrame):
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
            block = BulletList(frame.items, None, frame.ordered)
            if self._containers:
                self._containers[-1].take(block)
            else:
                self._emit_list(block, frame.item_spans)
        for block in frame.deferred:
            self._deliver(block)

    # --- inline text -------------------------------------------------------------------

    def _kind(self) -> tuple[str, str | None]:
        if self._links and self._links[-1]:
            return "link", self._links[-1]
        if self._code:
            return "code", None
        if self._strong:
            return "strong", None
        if self._em:
            return "emphasis", None
        return "text", None

    def _append(self, text: str, kind: str, url: str | None) -> None:
        if not self._runs and self._elements:
            self._run_element = self._elements[-1]
        if self._runs and self._runs[-1][0] == kind and self._runs[-1][1] == url:
            self._runs[-1][2].append(text)
        else:
            self._runs.append([kind, url, [text]])

    def _add_text(self, text: str) -> None:
        if not text:
            return
        if self._pre_depth:
            self._pre.append(text)
            return
        collapsed = _HTML_SPACE.sub(" ", text)
        core = collapsed.strip(" ")
        if not core:
            if self._has_text:
                self._space = True
            return
        if collapsed[0] == " " and self._has_text:
            self._space = True
        kind, url = self._kind()
        if self._space and self._has_text:
            # the space between words belongs to plain text, not to a link or emphasis
            if kind == "text":
                core = " " + core
            else:
                self._append(" ", "text", None)
        self._append(core, kind, url)
        for parts in self._cites:
            parts.append(core)
        self._has_text = True
        self._space = collapsed[-1] == " "

    def _flush(self) -> None:
        """End the current run of inline text: it becomes a paragraph or heading."""
        if self._pre_depth:
            if self._pre and not self._pre[-1].endswith("\n"):
                self._pre.append("\n")
            return
        runs, self._runs = self._runs, []
        self._has_text = False
        self._space = False
        if not runs:
            return
        self._placing, self._run_element = self._run_element, None
        try:
            self._deliver_runs(runs)
        finally:
            self._placing = None

    def _deliver_runs(self, runs: list[list]) -> None:
        spans = _merge([Span(_clean_run("".join(parts)), kind, url) for kind, url, parts in runs])
        if not spans:
            return
        if self._heading:
            text = clean_inline("".join(s.text for s in spans))
            if self._captures:
                self._captures[-1].append(Paragraph([Span(text)]))
                return
            if self._heading == 1 and self.first_h1 is None:
                self.first_h1 = text
            self._deliver(Heading(text, self._heading))
            return
        paragraph = Paragraph(spans)
        if self._captures:
            self._captures[-1].append(paragraph)
            return
        self._deliver(paragraph)

    # --- delivering blocks ---------------------------------------------------------

    def _deliver(self, block: Block) -> None:
        if self._containers:
            self._containers[-1].take(block)
            return
        self._emit(block)

    def _emit(self, block: Block) -> None:
        """A finished top-level block: related links, quotes and list leads decided here."""
        out = self.out
        if isinstance(block, Paragraph):
            text = block.text
            prefix = _RELATED_PREFIX.match(text)
            if prefix:
                if not text[prefix.end() :].strip():
                    out.append(block)
                    self._related_run = True
                    return
                related = _related_links(block.spans, prefix.end(), strict=False)
                if related:
                    out.extend(related)
                    self._related_run = True
                    return
            if self._related_run:
                related = _related_links(block.spans, 0, strict=True)
                if related:
                    if out and isinstance(out[-1], Paragraph) and _is_marker(out[-1].text):
                        out.pop()
                    out.extend(related)
                    return
            if _is_marker(text):
                out.append(block)
                self._related_run = True
                return
            self._related_run = False
            if not block.links and len(text) <= _MAX_QUOTE_BLOCK:
                quote = as_quote_block(text)
                if quote is not None:
                    out.append(quote)
                    return
            out.append(Paragraph(_with_quotes(block.spans)))
            return
        if isinstance(block, Heading):
            out.append(block)
            self._related_run = _is_marker(block.text)
            return
        self._related_run = False
        out.append(block)

    def _emit_list(self, block: BulletList, item_spans: list[list[Span]]) -> None:
        out = self.out
        previous = out[-1] if out else None
        if self._related_run and isinstance(previous, (Heading, Paragraph, RelatedLink)):
            related: list[RelatedLink] = []
            for spans in item_spans:
                found = _related_links(spans, 0, strict=False)
                if found:
                    related.extend(found)
            if related:
                if isinstance(previous, Paragraph):
                    out.pop()
                out.extend(related)
                return
        self._related_run = False
        if isinstance(previous, Paragraph) and previous.text.rstrip().endswith((":", "：")):
            out.pop()
            block.lead = previous.text.strip()
        out.append(block)


def _is_marker(text: str) -> bool:
    return len(text) <= 60 and _RELATED_MARKER.match(text) is not None


# --- entry points -------------------------------------------------------------------


def _prepare(html: object) -> str:
    """Text the parser can finish in linear time: a tag cut off by the end is dropped."""
    if not isinstance(html, str):
        if isinstance(html, (bytes, bytearray)):
            html = bytes(html).decode("utf-8", "replace")
        else:
            html = "" if html is None else str(html)
    html = _CONTROL_REF.sub(_control_ref, html)
    last = html.rfind(">")
    tail = _TAG_START.search(html, last + 1)
    if tail is not None:
        html = html[: tail.start()]
    return _LONE_LT.sub("&lt;", html)


def _control_ref(match: re.Match[str]) -> str:
    """``&#27;`` -> ESC itself, so the sanitiser removes the whole escape sequence it starts.

    ``html.unescape`` would drop the ESC alone and leave the rest of the sequence
    (``]52;c;...``) as text.
    """
    try:
        value = int(match[1]) if match[1] is not None else int(match[2], 16)
    except ValueError:
        return match[0]
    if 0 < value < 32 and value not in (9, 10, 13) or value == 127:
        return chr(value)
    return match[0]


def _build(html: object, base_url: str | None, page: bool) -> _BlockBuilder:
    builder = _BlockBuilder(base_url if isinstance(base_url, str) and base_url else None, page)
    try:
        builder.feed(_prepare(html))
        builder.close()
    except Exception:  # noqa: BLE001 - never fail on a stranger's HTML; keep what was read
        pass
    try:
        builder.close_all()
    except Exception:  # noqa: BLE001
        pass
    return builder


def _fallback_blocks(html: object) -> list[Block]:
    try:
        text = re.sub(r"<[^>]*>", " ", str(html))
        from html import unescape

        text = clean_inline(unescape(text))
    except Exception:  # noqa: BLE001
        return []
    return [Paragraph([Span(text)])] if text else []


def parse_html(html: str, base_url: str | None = None) -> list[Block]:
    """The blocks of a feed item's HTML body. Never raises."""
    try:
        return _build(html, base_url, page=False).out
    except Exception:  # noqa: BLE001
        return _fallback_blocks(html)


def parse_html_page(html: str, base_url: str | None = None) -> Document:
    """A whole saved page as a Document: title, date, canonical URL and the article's blocks.

    Only the article's part of the page is kept: the container that scores
    best on its paragraphs, readability-style (see ``_main_blocks``), with
    ``<article>``, ``<main>``, ``itemprop=articleBody`` and article-like
    class names counting in its favour, and menus, sidebars and share bars
    against.
    """
    try:
        builder = _build(html, base_url, page=True)
        return _page_document(builder, base_url)
    except Exception:  # noqa: BLE001
        return Document(blocks=_fallback_blocks(html))


def _page_document(builder: _BlockBuilder, base_url: str | None) -> Document:
    meta = builder.meta
    blocks = _main_blocks(builder)
    site = clean_inline(strip_controls(meta.get("og:site_name", ""))) or None
    title = _page_title(builder, site)
    if title:
        for index, block in enumerate(blocks[:3]):
            if isinstance(block, Heading) and block.text == title:
                del blocks[index]
                break
    date, published = _page_date(builder)
    url = _safe_url(builder.canonical, base_url, frozenset({"http", "https"}))
    if url is None:
        url = _safe_url(meta.get("og:url"), base_url, frozenset({"http", "https"}))
    if url is None and base_url:
        url = _safe_url(base_url, None, frozenset({"http", "https"}))
    author = None
    for key in ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author"):
        value = clean_inline(strip_controls(meta.get(key, "")))
        if value and "://" not in value:
            author = value.removeprefix("By ").removeprefix("by ")
            break
    return Document(
        title=title, blocks=blocks, date=date, published=published, source=site, url=url, author=author
    )


def _main_blocks(builder: _BlockBuilder) -> list[Block]:
    """The article's part of a page: the best-scored container, readability-style.

    Each paragraph of 25 characters or more scores points (one, plus its commas,
    plus one per 100 characters up to three) for the element it was written in
    and, less and less, for four ancestors. An element's score starts from what
    its tag and its class and id suggest (``story-body`` up, ``sidebar`` down),
    and is scaled by the share of its text that is not links. The best element
    is kept, with the siblings that scored nearly as well and the plain
    paragraphs written beside it. Page furniture left inside (``Advertisement``,
    ``Continue reading the main story``) goes. A page with no such paragraph is
    kept whole.
    """
    blocks = list(builder.out)
    where = getattr(builder.out, "where", None)
    if not blocks or where is None:
        return blocks
    scores: dict[_Element, float] = {}
    text_size: dict[_Element, int] = {}
    link_size: dict[_Element, int] = {}
    for block, element in zip(blocks, where):
        length, links = _text_and_links(block)
        node, hops = element, 0
        while node is not None and hops < _MAX_HOPS:
            text_size[node] = text_size.get(node, 0) + length
            link_size[node] = link_size.get(node, 0) + links
            node, hops = node.parent, hops + 1
        if length < 25 or not isinstance(block, (Paragraph, Quote, Preformatted)):
            continue
        text = _block_text(block)
        points = 1 + sum(text.count(comma) for comma in _COMMAS) + min(length // 100, 3)
        node = element
        for level in range(5):
            if node is None:
                break
            if node not in scores:
                scores[node] = float(node.weight + _TAG_SCORES.get(node.tag, 0))
            scores[node] += points / (1 if level == 0 else 2 if level == 1 else level * 3)
            node = node.parent
    if not scores:
        return _without_furniture(blocks)
    final = {node: score * (1 - _density(node, text_size, link_size)) for node, score in scores.items()}
    top = _top_container(final)
    threshold = max(10.0, final.get(top, 0.0) * 0.2)
    kept = {top}
    if top.parent is not None:
        kept.update(n for n, score in final.items() if n.parent is top.parent and score >= threshold)
    chosen = []
    for block, element in zip(blocks, where):
        inside, in_furniture = _placement(element, kept)
        if inside and not (in_furniture and _link_list(block)):
            chosen.append(block)
        elif top.parent is not None and element is top.parent and _plain_prose(block):
            chosen.append(block)
    if not any(_text_and_links(block)[0] >= 25 for block in chosen):
        chosen = blocks  # nothing readable chosen (a pathological page): keep it all rather than lose it
    return _without_furniture(chosen)


def _top_container(final: dict[_Element, float]) -> _Element:
    """The best-scored element, moved up where the article evidently spans more (Mozilla Readability's rules)."""
    ranked = sorted(final, key=lambda node: final[node], reverse=True)
    top = ranked[0]
    best = final[top]
    # several near-best candidates under one ancestor: the ancestor holds the article
    rivals = [_ancestors(node) for node in ranked[1:5] if best > 0 and final[node] / best >= 0.75]
    if len(rivals) >= 3:
        node, hops = top.parent, 0
        while node is not None and node.tag not in ("body", "html") and hops < _MAX_CLIMB:
            hops += 1
            if sum(node in ancestry for ancestry in rivals) >= 3:
                top = node
                break
            node = node.parent
    # a score that rises on the way up means more of the article sits higher
    last, node, hops = final.get(top, 0.0), top.parent, 0
    while node is not None and node.tag not in ("body", "html") and hops < _MAX_CLIMB:
        hops += 1
        if node in final:
            if final[node] < best / 3:
                break
            if final[node] > last:
                top = node
                break
            last = final[node]
        node = node.parent
    hops = 0
    while top.parent is not None and top.parent.tag not in ("body", "html") and hops < _MAX_CLIMB and (
        top.parent.children == 1 or top.tag in _INLINE_CONTAINERS
    ):
        top, hops = top.parent, hops + 1
    return top


def _ancestors(node: _Element) -> set[_Element]:
    found: set[_Element] = set()
    node_ = node.parent
    while node_ is not None and len(found) < _MAX_HOPS:
        found.add(node_)
        node_ = node_.parent
    return found


def _text_and_links(block: Block) -> tuple[int, int]:
    if isinstance(block, Paragraph):
        return len(block.text), sum(len(span.text) for span in block.spans if span.kind == "link")
    if isinstance(block, RelatedLink):
        return len(block.title), len(block.title)
    return len(_block_text(block)), 0


def _density(node: _Element, text_size: dict[_Element, int], link_size: dict[_Element, int]) -> float:
    total = text_size.get(node, 0)
    return link_size.get(node, 0) / total if total else 0.0


def _placement(element: _Element | None, kept: set[_Element]) -> tuple[bool, bool]:
    """(inside one of ``kept``, inside furniture within it: an element whose class says share, ad, menu…)."""
    furniture, hops = False, 0
    while element is not None and hops < _MAX_HOPS:
        if element in kept:
            return True, furniture
        furniture = furniture or element.weight < 0
        element, hops = element.parent, hops + 1
    return False, furniture


def _link_list(block: Block) -> bool:
    """Mostly links, or a list: what share bars, menus and 'more stories' boxes are made of."""
    if isinstance(block, (BulletList, RelatedLink)):
        return True
    length, links = _text_and_links(block)
    return isinstance(block, Paragraph) and length > 0 and links / length > 0.5


def _plain_prose(block: Block) -> bool:
    """A paragraph beside the article's container that reads as part of it (readability's rule)."""
    if not isinstance(block, Paragraph):
        return False
    length, links = _text_and_links(block)
    if length > 80:
        return links / length < 0.25
    return links == 0 and _SENTENCE_END.search(block.text) is not None


def _without_furniture(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if not (isinstance(b, Paragraph) and _FURNITURE.match(b.text))]


def _element_weight(tag: str, attr: dict[str, str]) -> int:
    weight = 0
    for name in ("class", "id"):
        value = attr.get(name, "")
        if not value:
            continue
        if _NEGATIVE_HINT.search(value):
            weight -= 25
        if _POSITIVE_HINT.search(value):
            weight += 25
    if "articlebody" in (attr.get("itemprop", "").lower(), attr.get("property", "").lower()):
        weight += 50
    elif tag in ("article", "main") or attr.get("role", "").lower() == "main":
        weight += 25
    return weight


def _block_text(block: Block) -> str:
    if isinstance(block, (Paragraph, Quote, Heading, Preformatted)):
        return block.text
    if isinstance(block, BulletList):
        return " ".join(block.items)
    if isinstance(block, RelatedLink):
        return block.title
    return ""


def _page_title(builder: _BlockBuilder, site: str | None) -> str:
    meta = builder.meta
    h1 = builder.first_h1
    titles = [meta.get(key, "") for key in ("og:title", "twitter:title", "headline", "dc.title")]
    titles.append("".join(builder.title_parts))
    for raw in titles:
        title = clean_inline(strip_controls(raw))
        if not title:
            continue
        if h1 and title != h1 and title.startswith(h1) and title[len(h1) :].startswith(_TITLE_SEPARATORS):
            return h1
        if site:
            for sep in _TITLE_SEPARATORS:
                if title.endswith(sep + site) and len(title) > len(sep + site):
                    return title[: -len(sep + site)].strip()
        return title
    return h1 or ""


def _page_date(builder: _BlockBuilder) -> tuple[str | None, str | None]:
    meta = builder.meta
    candidates: list[str] = []
    for key in (
        "article:published_time",
        "og:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date.issued",
        "dc.date",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "published_time",
    ):
        if meta.get(key):
            candidates.append(meta[key])
    candidates.extend(builder.ld_dates)
    candidates.extend(value for _, value in sorted(builder.times, key=lambda t: t[0]))
    for raw in candidates:
        found = _parse_date(clean_inline(strip_controls(raw)))
        if found != (None, None):
            return found
    return None, None


def _parse_date(value: str) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, ISO-8601 or None) from a date or date-time string."""
    if not value:
        return None, None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is not None:
        date = moment.date().isoformat()
        has_time = "T" in text or " " in text.strip() or ":" in text
        return date, (moment.isoformat() if has_time else None)
    match = _ISO_DATE.search(text)
    if match:
        try:
            return datetime(int(match[1]), int(match[2]), int(match[3])).date().isoformat(), None
        except ValueError:
            return None, None
    return None, None
