"""The plain-text article format (docs/article-format.md) to a Document.

A plain-text article has no markup, but a reader sees its structure at once:
a dateline, a lede whose first sentence is the title, the outlet in
"…, Harbor Daily reports.", quotations, lists, and "Read more:" pointers to
related stories. This module recovers that structure. Anything it does not
recognise stays a paragraph: no words are dropped, and every piece of text
passes through ``newsreader.document.clean``.

The work is done in three passes, each linear in the input:
lines -> groups of consecutive non-blank lines -> units (text, list items,
rules) -> blocks. Sentences and the title are ``document.sentences``; the dateline,
"Read more:" lines and the outlet are ``document.article_format`` (Markdown shares them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .article_format import RELATED_PREFIX, find_source, parse_dateline, parse_related_link
from .blocks import Block, BulletList, Document, Paragraph, Rule
from .clean import clean_inline, strip_controls
from .quotes import as_quote_block, quote_ranges, quote_spans
from .sentences import split_sentences, title_from_clean_lede, title_from_lede

__all__ = [
    "parse_plaintext",
    "title_from_lede",
    "split_sentences",
    "parse_dateline",
    "parse_related_link",
    "find_source",
]

_BULLET = re.compile(r"[-*•—–◦▪‣·]\s+(?=\S)")
_ORDERED = re.compile(r"\d{1,3}[.)]\s+(?=\S)")
_RULE = re.compile(r"[-*_=~#•·]{3,}")

_MAX_ITEM_CHARS = 300  # a ';'-list item longer than this is a paragraph, not an item


# --- lines to units -----------------------------------------------------------


@dataclass
class _Unit:
    """A piece of the article before it becomes a block."""

    kind: str  # "text", "items", "rule"
    lines: list[str] = field(default_factory=list)  # a text unit's lines
    items: list[list[str]] = field(default_factory=list)  # an items unit's items, each its lines
    ordered: bool = False
    lead: str | None = None
    _text: str | None = None

    @property
    def text(self) -> str:
        """The lines joined and cleaned (computed once)."""
        if self._text is None:
            self._text = _join_lines(self.lines)
        return self._text


def _join_lines(lines: list[str]) -> str:
    """Hard-wrapped lines as one paragraph; "well-" + "known" joins as "well-known"."""
    if len(lines) == 1:
        return clean_inline(lines[0])
    pieces: list[str] = []
    previous = ""
    for line in lines:
        if pieces:
            hyphen_wrap = len(previous) > 1 and previous[-1] == "-" and previous[-2].isalpha()
            pieces.append("" if hyphen_wrap and line[:1].islower() else " ")
        pieces.append(line)
        previous = line
    return clean_inline("".join(pieces))


def _clean_line(line: str) -> str:
    """A line without controls or escape sequences, stripped; cheap for plain ASCII lines."""
    if not (line.isascii() and line.isprintable()):
        line = strip_controls(line)
    return line.strip()


def _lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [_clean_line(line) for line in text.split("\n")]


def _groups(lines: list[str]) -> list[list[str]]:
    """Runs of consecutive non-blank lines (a blank line is one with only spaces)."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line and not line.isspace():
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _marker(line: str, after_lead: bool, in_ordered: bool) -> tuple[bool, str] | None:
    """``(ordered, item text)`` when ``line`` starts with a list marker."""
    match = _BULLET.match(line)
    if match:
        return False, line[match.end() :]
    match = _ORDERED.match(line)
    if match and (after_lead or in_ordered):
        return True, line[match.end() :]
    return None


def _units_from_group(lines: list[str]) -> list[_Unit]:
    """One group of lines: usually one text unit, or a list, a rule, a related line."""
    units: list[_Unit] = []
    text_lines: list[str] = []
    items: _Unit | None = None
    related_open = False  # a "Read more:" line still waiting for its " - Source"

    def flush_text() -> None:
        nonlocal text_lines
        if text_lines:
            units.extend(_split_inline_list(text_lines))
            text_lines = []

    for line in lines:
        if _RULE.fullmatch(line.replace(" ", "")) and not any(ch.isalnum() for ch in line):
            flush_text()
            items = None
            units.append(_Unit("rule"))
            continue
        at_start = not text_lines and items is None
        after_lead = at_start or bool(text_lines and text_lines[-1].endswith(":"))
        marker = _marker(line, after_lead, items is not None and items.ordered)
        if marker:
            ordered, body = marker
            flush_text()
            if items is None or items.ordered != ordered:
                items = _Unit("items", ordered=ordered)
                units.append(items)
            items.items.append([body])
            related_open = False
            continue
        if RELATED_PREFIX.match(line):
            flush_text()
            items = None
            text_lines = [line]
            related_open = not _has_separator(line)
            continue
        if items is not None:
            items.items[-1].append(line)  # a wrapped item
            continue
        if text_lines and RELATED_PREFIX.match(text_lines[0]) and not related_open:
            flush_text()
        text_lines.append(line)
        if related_open and _has_separator(line):
            related_open = False
    flush_text()
    return units


def _has_separator(line: str) -> bool:
    return " - " in line or " – " in line


def _split_inline_list(lines: list[str]) -> list[_Unit]:
    """Lines "lead:" + "item;" + "item;" + "item." with no blank lines between them."""
    if len(lines) >= 3 and lines[-1].endswith((";", ".")):
        first_item = len(lines) - 1  # items run from here to the end: all but the last end in ';'
        while first_item > 0 and lines[first_item - 1].endswith(";"):
            first_item -= 1
        lead_end = first_item - 1
        if lead_end >= 0 and len(lines) - first_item >= 2 and lines[lead_end].endswith(":"):
            return [_Unit("text", lines[:first_item])] + [_Unit("text", [line]) for line in lines[first_item:]]
    return [_Unit("text", lines)]


# --- units to blocks ------------------------------------------------------------


def _ends_with_colon_outside_quotes(text: str) -> bool:
    """A list lead ends with ':' that is not inside a quotation (closed or still open)."""
    if not text.endswith(":"):
        return False
    ranges = quote_ranges(text)
    tail = text[ranges[-1][1] + 1 :] if ranges else text
    return not any(mark in tail for mark in '"“«„')


def _list_item_text(unit: _Unit) -> str | None:
    if unit.kind != "text":
        return None
    text = unit.text
    if not text or len(text) > _MAX_ITEM_CHARS or RELATED_PREFIX.match(text):
        return None
    return text


def _collect_items(units: list[_Unit], start: int) -> list[str]:
    """The ';'-terminated items from ``units[start]`` on (the last may end in '.')."""
    items: list[str] = []
    index = start
    while index < len(units):
        text = _list_item_text(units[index])
        if text is None:
            break
        if text.endswith(";"):
            items.append(text)
            index += 1
            continue
        if text.endswith(".") and items and _looks_like_item(text, items):
            items.append(text)
        break
    return items if len(items) >= 2 else []


def _looks_like_item(text: str, items: list[str]) -> bool:
    """A final '.' item starts like the others (lower case when they all do)."""
    if all(item[:1].islower() for item in items):
        return text[:1].islower()
    return True


def _assemble_lists(units: list[_Unit]) -> list[_Unit]:
    """Leads join their lists; ';'-lists are recognised; adjacent lists of one kind merge."""
    out: list[_Unit] = []
    index = 0
    while index < len(units):
        unit = units[index]
        if unit.kind == "items":
            previous = out[-1] if out else None
            if previous and previous.kind == "items" and previous.ordered == unit.ordered:
                previous.items.extend(unit.items)
            else:
                if previous and previous.kind == "text" and _ends_with_colon_outside_quotes(previous.text):
                    unit.lead = previous.text
                    out.pop()
                out.append(unit)
            index += 1
            continue
        if unit.kind == "text" and _ends_with_colon_outside_quotes(unit.text):
            items = _collect_items(units, index + 1)
            if items:
                out.append(_Unit("items", items=[[item] for item in items], lead=unit.text))
                index += 1 + len(items)
                continue
        out.append(unit)
        index += 1
    return out


def _block(unit: _Unit) -> Block | None:
    if unit.kind == "rule":
        return Rule()
    if unit.kind == "items":
        items = [_join_lines(item) for item in unit.items]
        items = [item for item in items if item]
        lead = clean_inline(unit.lead) if unit.lead else None
        return BulletList(items=items, lead=lead or None, ordered=unit.ordered) if items else None
    text = unit.text
    if not text:
        return None
    related = parse_related_link(text)
    if related is not None:
        return related
    spans = quote_spans(text)
    quote = as_quote_block(text, spans)
    return quote if quote is not None else Paragraph(spans)


def _first_text(units: list[_Unit]) -> str:
    for unit in units:
        if unit.kind == "text" and unit.text:
            related = parse_related_link(unit.text)
            return related.title if related else unit.text
        if unit.kind == "items":
            return unit.lead or (_join_lines(unit.items[0]) if unit.items else "")
    return ""


def parse_plaintext(text: str) -> Document:
    """Parse an article in the plain-text format; never raises, drops no words.

    ``date`` comes from the dateline (``date YYYY-MM-DD`` on the first line,
    the lede following on the same line), ``title`` from the first sentence
    of the lede (or of the first paragraph when there is no dateline),
    ``source`` from the first "X reports." sentence.
    """
    if not text:
        return Document()
    lines = _lines(text)
    date = None
    for index, line in enumerate(lines):
        if line:
            date, rest = parse_dateline(line)
            if date:
                lines[index] = rest.strip()
            break
    units = _assemble_lists([unit for group in _groups(lines) for unit in _units_from_group(group)])
    blocks = [block for block in (_block(unit) for unit in units) if block is not None]
    source = None
    for block in blocks:
        if isinstance(block, Paragraph):
            source = find_source(block.text)
            if source:
                break
    return Document(title=title_from_clean_lede(_first_text(units)), blocks=blocks, date=date, source=source)
