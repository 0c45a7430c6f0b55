"""A Document as the store keeps it: compact JSON, or a feed item's HTML as it came.

The CLI shape (``Document.to_dict``) repeats each paragraph's text three ways
(text, quotes and links, spans); the spans alone are enough to rebuild it, so
the store keeps only those, and stored articles are a third smaller.

A feed item whose HTML is simple (``quick_reading``: plain tags, nothing hidden, no
image, nothing the HTML reader would move aside) is kept as that HTML (``"html"``
in place of ``"blocks"``): turning it into blocks was the largest part of a
refresh's work, and nothing at refresh needs the blocks. The list needs the
title and dates; search the words (``quick_entries``, the same text
``Document.plain_text`` gives); the related-link resolver the related-story
links (kept beside the HTML, read by the HTML reader from the paragraph where
one may start) and the article's own texts (``own_layout``: which lines of the
search text make them). ``document_from_json`` builds the blocks when the
article is read, with the functions a refresh used to run, so an article reads
the same either way; building one takes ~0.2 ms, so they are built each time
rather than kept.
"""

from __future__ import annotations

import json
import re
import unicodedata
from html import unescape
from typing import Any

from newsreader.document.blocks import (
    Block,
    BulletList,
    Document,
    Heading,
    Image,
    Paragraph,
    Preformatted,
    Quote,
    RelatedLink,
    block_to_dict,
)
from newsreader.document.clean import strip_controls
from newsreader.lazy_import import load


def _block(block: Any) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "spans": [span.to_dict() for span in block.spans]}
    return block_to_dict(block)


_FIELDS = ("title", "date", "published", "source", "url", "author")


class LazyDocument(Document):
    """A Document whose blocks are built from a feed item's HTML when first asked for.

    ``text`` is the body's words and ``related`` its related-story links as ``quick_reading``
    found them, for the search index and the link resolver.
    Equal to a Document with the same fields and blocks.
    """

    def __init__(
        self,
        html: str = "",
        base: str | None = None,
        images: list[str] | None = None,
        text: str = "",
        related: list[RelatedLink] | None = None,
        layout: list[list[int]] | None = None,
        **fields: Any,
    ) -> None:
        self.html = html
        self.base = base
        self.images = list(images or [])
        self.text = text
        self.related = list(related or [])  # its related-story links, as the built blocks will have them
        self.layout = list(layout or [])  # which lines of ``text`` make its own texts (``own_layout``)
        self._blocks: list[Block] | None = None
        super().__init__(**fields)

    @property
    def built(self) -> bool:
        return self._blocks is not None

    @property
    def blocks(self) -> list[Block]:
        if self._blocks is None:
            self._blocks = build_blocks(self.html, self.base, self.images)
        return self._blocks

    @blocks.setter
    def blocks(self, value: list[Block]) -> None:
        # Document.__init__ sets the default (an empty list): that is "not built yet" here.
        self._blocks = value if value else (None if self.html else [])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in (*_FIELDS, "blocks"))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazyDocument(title={self.title!r}, url={self.url!r}, built={self.built})"


def build_blocks(html: str, base: str | None, images: list[str]) -> list[Block]:
    """The blocks a refresh would have made of the item: its HTML's, its lead images first."""
    feed_blocks = load("newsreader.document.feed_blocks")  # the HTML reader: not needed to open a store
    blocks: list[Block] = feed_blocks.with_images(feed_blocks.html_blocks(html, base), [Image("", u) for u in images])
    return blocks


def document_to_json(document: Document) -> str:
    if isinstance(document, LazyDocument) and not document.built:
        data: dict[str, Any] = {name: getattr(document, name) for name in _FIELDS}
        data["html"] = document.html
        data["base"] = document.base
        if document.images:
            data["images"] = document.images
        if document.related:  # for the resolver (related_links_in), which reads no HTML
            data["related"] = [block_to_dict(link) for link in document.related]
        if document.layout:
            data["own"] = document.layout
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    data = {name: getattr(document, name) for name in _FIELDS}
    data["blocks"] = [_block(block) for block in document.blocks]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_from_json(text: str) -> Document:
    """The stored document, its blocks built now when it was kept as HTML: every reader of a
    stored document (the article view, export, bookmarks, related links, ``show``) comes here."""
    data = json.loads(text)
    if "html" in data and "blocks" not in data:
        return Document(
            blocks=build_blocks(data["html"] or "", data.get("base"), list(data.get("images") or [])),
            **{name: data.get(name) if name != "title" else (data.get("title") or "") for name in _FIELDS},
        )
    return Document.from_dict(data)


# --- the refresh's cheap reading of simple HTML ---------------------------------------------

# Tags whose text a reader sees as it is, with nothing dropped or moved aside:
# the HTML reader makes the same words of them as this pass does.
_BREAKING = frozenset("p div li ul ol h1 h2 h3 h4 h5 h6 br blockquote section article header footer main aside".split())
_INLINE = frozenset("a em strong b i u code kbd samp tt dfn var span small mark abbr cite".split())
_TAG_NAMES = re.compile(r"<(?:/?)([A-Za-z][A-Za-z0-9]*)")
_RISKY_ATTRIBUTE = re.compile(r"<[^<>]*\b(?:hidden|style)\b")  # on the text in lower case
# A whole tag, its name captured: ``split`` gives the text between tags and their names in turn.
_TAG = re.compile(_TAG_NAMES.pattern + r"\b[^<>]*>")  # the same names as _TAG_NAMES finds
# A quotation with its speaker in a <footer> at its end (the speaker is no words of the body).
_QUOTATION = re.compile(
    r"<blockquote\s*>((?:(?!</?blockquote|<footer).)*)<footer\s*>\s*[^\s<>&][^<>&]{0,99}</footer\s*>\s*</blockquote\s*>",
    re.IGNORECASE | re.DOTALL,
)
# Words that may open a related-story line (document/html/related.py), tags, entities and signs
# allowed between them; (first word, the words), each searched for only where its first word is
# (a scan for all of them at once cost a fifth of the whole pass). On the HTML in lower case.
_GAP = r"(?:[\W_]|<[^<>]*>|&#?\w+;)*"
_RELATED_WORDS = tuple(
    # the first word as a literal, then "no letter before it" (a literal first lets re skip ahead)
    (first, re.compile(first + rf"(?<!\w{first})" + words[len(first) :].replace(" ", _GAP) + r"\b"))
    for first, words in (
        ("related", "related"),
        ("recommended", "recommended"),
        ("read", "read (?:more|also|next|on)"),
        ("also", "also read"),
        ("see", "see also"),
        ("more", "more (?:on this|stories)"),
        ("further", "further reading"),
        ("you", "you may also like"),
    )
)
# A list whose items hold only inline markup (a <br> or a paragraph in an item, a nested list,
# text between items: the HTML reader joins or marks them, so build those).
_LIST = re.compile(r"<(ul|ol)\b[^<>]*>(.*?)</\1\s*>", re.DOTALL)
_LIST_TEXT_BETWEEN = re.compile(r"</li\s*>\s*[^\s<]")
_LIST_INLINE = _INLINE | {"li"}
# Where a top-level block may start: the related-story part is read from there by the HTML reader.
_BLOCK_START = re.compile(r"<(?:p|h[1-6])[\s>]")
_CONTAINERS = ("blockquote", "ul", "ol", "div", "section", "article", "main", "aside", "header", "footer", "li")
_QUOTE_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a\u2039\u203a]')
_DASH_START = re.compile("^(?:[\u2014\u2013\u2015~-])")
# Marks put into the text where tags were (private-use characters, refused in the input):
_LINE, _QUOTE_ENDS, _QUOTE_STARTS = "\ue000", "\ue001", "\ue002"
# What a tag leaves in the words; any other name (a <blockquote> left unmarked too): build it.
_TAG_MARKS = {**dict.fromkeys(_INLINE, ""), **dict.fromkeys(_BREAKING - {"blockquote"}, _LINE)}


_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+))")


def _odd_reference(match: re.Match[str]) -> bool:
    """A numeric character reference to a control character, a surrogate or nothing at all."""
    try:
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    except ValueError:
        return True
    return code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF


def _quotes() -> Any:
    return load("newsreader.document.quotes")


def _quotation(match: re.Match[str]) -> str:
    return f"{_LINE}{_QUOTE_STARTS}{match.group(1)}{_LINE}{_QUOTE_ENDS}"


def _first_related(lower: str) -> int:
    """Where the first word that may open a related-story line starts in ``lower``; -1 if none does."""
    first = -1
    for word, words in _RELATED_WORDS:
        if word in lower:
            found = words.search(lower)
            if found is not None and (first < 0 or found.start() < first):
                first = found.start()
    return first


def quick_reading(html: str, base: str | None) -> tuple[str, list[RelatedLink], list[list[int]]] | None:
    """What a refresh needs of a feed item's HTML, without building its blocks: its words, one
    block a line, as ``Document.plain_text`` has them; its related-story links as the HTML
    reader finds them; and where the lines are not one own text block each (``own_layout``).
    None when the body holds anything the HTML reader treats otherwise (``quick_entries``):
    build that one.

    The part from the top-level paragraph or heading where a related-story line may start to the
    end is read by the HTML reader (a related-story line is often the body's last paragraph); the
    part before it by ``quick_entries``.
    """
    lower = html.lower()
    start = _first_related(lower)
    if start < 0:
        entries = quick_entries(html, lower, related_checked=True)
        if entries is None:
            return None
        return _reading([(entry, True) for entry in entries], [])
    split = -1
    for match in _BLOCK_START.finditer(lower, 0, start + 1):
        split = match.start()
    if split <= 0:
        return None
    head = lower[:split]
    if any(head.count(f"<{name}") != head.count(f"</{name}") for name in _CONTAINERS if f"<{name}" in head):
        return None  # the related part is inside a container: build it all
    entries = quick_entries(html[:split], head, related_checked=True)  # none starts before ``start``
    if entries is None:
        return None
    if "&#" in head and _first_related("\n".join(entries).lower()) >= 0:
        return None  # a related word spelled with character references
    tail = load("newsreader.document.feed_blocks").html_blocks(html[split:], base)
    return _reading(
        [(entry, True) for entry in entries] + block_entries(tail), [b for b in tail if isinstance(b, RelatedLink)]
    )


def _reading(
    entries: list[tuple[str, bool]], related: list[RelatedLink]
) -> tuple[str, list[RelatedLink], list[list[int]]]:
    return "\n".join(text for text, _ in entries), related, own_layout(entries)


def block_entries(blocks: list[Block]) -> list[tuple[str, bool]]:
    """(text, own) of each piece of text of ``blocks``, in order: ``Document.plain_text`` joins the
    texts, ``related.own_texts`` keeps the own ones (related-link headlines and image captions are not)."""
    entries: list[tuple[str, bool]] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Quote, Heading, Preformatted)):
            entries.append((block.text, True))
        elif isinstance(block, BulletList):
            if block.lead:
                entries.append((block.lead, True))
            entries.extend((item, True) for item in block.items)
        elif isinstance(block, RelatedLink):
            entries.append((block.title, False))
        elif isinstance(block, Image) and block.alt:
            entries.append((block.alt, False))
    return entries


def own_layout(entries: list[tuple[str, bool]]) -> list[list[int]]:
    """Where the lines of the joined ``entries`` are not one own text each: [first line, n] for n
    lines that make one own text, [first line, -n] for n lines that are no own text."""
    layout: list[list[int]] = []
    line = 0
    for text, own in entries:
        count = text.count("\n") + 1
        if count != 1 or not own:
            layout.append([line, count if own else -count])
        line += count
    return layout


def own_texts_from(text: str, layout: list[list[int]]) -> list[str]:
    """The own texts (``related.own_texts``) of a document kept as HTML, from its words (``text``)
    and their ``own_layout``, without building its blocks."""
    lines = text.split("\n")
    exceptions = {entry[0]: entry[1] for entry in layout}  # line -> lines in it (negative: not own)
    texts: list[str] = []
    index = 0
    while index < len(lines):
        count = exceptions.get(index, 1)
        if count > 0:
            texts.append("\n".join(lines[index : index + count]))
            index += count
        else:
            index -= count
    return [text for text in texts if text]


def quick_entries(html: str, lower: str | None = None, *, related_checked: bool = False) -> list[str] | None:
    """The text of each block of a simple item body, as the HTML reader would make them (a
    quotation's paragraphs one text, on lines of their own); None when the body holds anything the HTML reader treats otherwise (hidden or invisible
    elements, images, tables, comments, an attribution it would take out of a quotation, a
    related-story line, a stray ``<``): build that one. Whole-string passes, and one lookup a
    tag (a loop over the tags in Python cost about as much as the HTML reader's own pass)."""
    lower = html.lower() if lower is None else lower
    if any(mark in html for mark in (_LINE, _QUOTE_ENDS, _QUOTE_STARTS)):
        return None  # (comments, declarations and stray "<" are found by what is left of "<" below)
    if ("hidden" in lower or "style" in lower) and _RISKY_ATTRIBUTE.search(lower):
        return None
    if not related_checked and _first_related(lower) >= 0:
        return None
    if "<ul" in lower or "<ol" in lower:
        found = 0
        for match in _LIST.finditer(lower):
            found += 1
            inner = match.group(2).strip()
            if (
                not _LIST_INLINE.issuperset(_TAG_NAMES.findall(inner))
                or not inner.startswith("<li")
                or _LIST_TEXT_BETWEEN.search(inner)
            ):
                return None
        if found != lower.count("<ul") + lower.count("<ol"):
            return None
    text = html
    if "<blockquote" in lower:
        text, found = _QUOTATION.subn(_quotation, text)
        if found != lower.count("<blockquote"):
            return None  # nested, or its speaker may be its last line's end: build it
    parts = _TAG.split(text)  # text, name, text, name, ..., text
    if len(parts) > 1:
        try:
            parts[1::2] = [_TAG_MARKS[name] for name in "\n".join(parts[1::2]).lower().split("\n")]
        except KeyError:
            return None  # an image, a table, a <blockquote> that is no simple quotation...
        text = "".join(parts)
    if "<" in text or ">" in text:  # a stray one, or an attribute holding one: as the HTML reader reads it
        return None
    if "&" in text:
        if "&#" in text and any(_odd_reference(match) for match in _NUMERIC_REFERENCE.finditer(text)):
            return None  # a control character by reference: the HTML reader strips what follows it too
        text = unescape(text)
    if "\r" in text:
        text = text.replace("\r", " ")
    cleaned = strip_controls(text)
    if cleaned is not text and cleaned != text:
        return None  # control characters or escape sequences: the HTML reader strips them piece by piece
    text = unicodedata.normalize("NFC", text).replace("\n", " ")
    out: list[str] = []
    quotation: list[str] | None = None  # the lines of the quotation being read
    marked = _QUOTE_STARTS in text
    after_quote = in_quote = False
    for line in [piece for piece in text.split(_LINE) if piece and not piece.isspace()]:  # (a mark is no space)
        if marked and (_QUOTE_STARTS in line or _QUOTE_ENDS in line):
            if _QUOTE_STARTS in line:
                in_quote, quotation = True, []
                line = line.replace(_QUOTE_STARTS, "")
            if _QUOTE_ENDS in line:
                in_quote, after_quote = False, True
                line = line.replace(_QUOTE_ENDS, "")
                if quotation:
                    out.append("\n".join(quotation))
                quotation = None
        if "  " in line or "\t" in line or not line.isascii():
            line = " ".join(line.split())  # every space folded (str.split: all of them), as clean_inline does
        else:
            line = line.strip()
        if not line:
            continue
        if after_quote and _DASH_START.match(line):
            return None  # "— Name, title" after a quotation: its speaker
        after_quote = False
        if not in_quote and _QUOTE_MARKS.search(line) and _quotes().as_quote_block(line) is not None:
            return None  # one quotation with its attribution: the attribution is no words of the body
        (quotation if in_quote and quotation is not None else out).append(line)
    if "&#" in html and _first_related("\n".join(out).lower()) >= 0:
        return None  # a related word spelled with character references
    return out


def quick_text(html: str) -> str | None:
    """The words of a simple item body, one block a line, as ``Document.plain_text`` has them;
    None when the HTML reader is needed (``quick_entries``)."""
    entries = quick_entries(html)
    return None if entries is None else "\n".join(entries)
