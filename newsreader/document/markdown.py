"""Markdown articles to a Document, with markdown-it-py.

Markdown already says what is a heading, a list or a quotation, so this maps
its syntax tree onto our blocks and adds what plain text teaches us to see:
quoted speech inside paragraphs (``quote_spans``), "Read more: [headline](url)
- Source" pointers, a leading ``date YYYY-MM-DD`` line, the outlet in
"…, X reports.". Raw HTML is never interpreted: markdown-it runs with HTML
off, so tags arrive as literal text and are shown as such. Inline nodes become spans in
``document.markdown_spans``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from .article_format import find_source, parse_dateline, parse_related_link
from .blocks import (
    Block,
    BulletList,
    Document,
    Heading,
    Image,
    Paragraph,
    Preformatted,
    Quote,
    Rule,
    Span,
)
from .clean import clean_inline, clean_preformatted, strip_controls
from .markdown_spans import inline_spans, plain_text, quoted_spans, tidy_spans
from .plaintext import parse_plaintext
from .quotes import as_quote_block
from .sentences import title_from_lede

__all__ = ["parse_markdown"]

_ATTRIBUTION = re.compile(r"^(?:—|–|--|-)\s*(\S.*)$")
_DEEP_QUOTE = re.compile(r"^((?:[ \t]{0,3}>){8})(?:[ \t]*>)+", re.MULTILINE)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def parse_markdown(text: str) -> Document:
    """Parse a Markdown article; never raises on odd input, drops no words.

    Title: the first level-1 heading (which then is not repeated as a block),
    else the first sentence of the first paragraph. Date: a first line
    ``date YYYY-MM-DD``, as in the plain-text format.
    """
    if not text:
        return Document()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    date, text = _take_dateline(text)
    # Per line: an escape sequence left open must not swallow the rest of the article.
    text = "\n".join(strip_controls(line) for line in text.split("\n"))
    # markdown-it silently drops what is nested deeper than its limit: flatten deeper quotes.
    text = _DEEP_QUOTE.sub(r"\1", text)
    try:
        tree = SyntaxTreeNode(_parser().parse(text))
        blocks = _attach_leads(list(_blocks(tree.children)))
    except RecursionError:  # thousands of nested emphasis markers or brackets: keep the words as plain text
        return parse_plaintext(text if date is None else f"date {date}\n{text}")
    title = ""
    byline: tuple[str | None, str | None, str | None] = (None, None, None)
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level == 1 and block.text:
            title = block.text
            del blocks[index]
            found = _byline(blocks[index]) if index < len(blocks) else None
            if found:
                byline = found
                del blocks[index]
            else:
                header = _export_header(blocks, index)
                if header:
                    date = header[0] or date
                    byline = header[1:]
            break
    if not title:
        title = title_from_lede(_first_text(blocks))
    source, author, url = byline
    for block in blocks:
        if source is None and isinstance(block, Paragraph):
            source = find_source(block.text)
    return Document(title=title, blocks=blocks, date=date, source=source, author=author, url=url)


def _byline(block: Block) -> tuple[str | None, str | None, str | None] | None:
    """``(source, author, url)`` of a line ``Outlet · Author · <url>`` right under the title.

    This is how our own Markdown export writes an article's metadata; any
    one or two of the fields may be missing, but a line with neither a " · "
    nor an address is an ordinary first paragraph.
    """
    if not isinstance(block, Paragraph) or not block.spans:
        return None
    spans = list(block.spans)
    url = None
    last = spans[-1]
    if last.kind == "link" and last.url and last.text.strip() in (last.url, unquote(last.url)):
        url = last.url
        spans.pop()
    if any(span.kind not in ("text", "quote") for span in spans):
        return None
    rest = "".join(span.text for span in spans).strip().removesuffix("·").strip()
    fields = [field.strip() for field in rest.split(" · ")] if rest else []
    if any(not field for field in fields) or len(fields) > 2 or (url is None and len(fields) < 2):
        return None
    return (fields[0] if fields else None, fields[1] if len(fields) > 1 else None, url)


_LONG_DATE = re.compile(r"^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _export_header(blocks: list[Block], index: int) -> tuple[str | None, str | None, str | None, str | None] | None:
    """``(date, source, author, url)`` of the header our export writes under the title, taken out of
    ``blocks``: an emphasised "12 March 2026 · Source · By Author" line, then a lone "<address>"."""
    date = source = author = url = None
    taken = 0
    first = blocks[index] if index < len(blocks) else None
    if isinstance(first, Paragraph) and first.spans and all(s.kind == "emphasis" for s in first.spans):
        for part in "".join(s.text for s in first.spans).split(" · "):
            part = part.strip()
            day = _LONG_DATE.match(part)
            if day and day.group(2) in _MONTHS and date is None:
                date = f"{day.group(3)}-{_MONTHS.index(day.group(2)) + 1:02d}-{int(day.group(1)):02d}"
            elif part.startswith("By ") and author is None:
                author = part[3:].strip() or None
            elif part and source is None:
                source = part
        taken = 1
    following = blocks[index + taken] if index + taken < len(blocks) else None
    if isinstance(following, Paragraph) and len(following.spans) == 1:
        span = following.spans[0]
        if span.kind == "link" and span.url and span.text.strip() in (span.url, unquote(span.url)):
            url = span.url
            taken += 1
    if not taken:
        return None
    del blocks[index : index + taken]
    return date, source, author, url


def _take_dateline(text: str) -> tuple[str | None, str]:
    """The date of a leading ``date YYYY-MM-DD`` line, and the text without that prefix."""
    lines = text.split("\n", 64)  # the dateline is the first non-blank line, near the top
    for index, line in enumerate(lines[:-1] if len(lines) > 64 else lines):
        if line.strip(" \t\ufeff"):
            date, rest = parse_dateline(line.lstrip("\ufeff"))
            if date is None:
                return None, text
            lines[index] = rest.strip()
            return date, "\n".join(lines)
    return None, text


def _first_text(blocks: list[Block]) -> str:
    for block in blocks:
        if isinstance(block, (Paragraph, Quote)) and block.text:
            return block.text
        if isinstance(block, BulletList):
            return block.lead or (block.items[0] if block.items else "")
    return ""


# --- blocks -------------------------------------------------------------------


def _blocks(nodes: list[SyntaxTreeNode]) -> Iterator[Block]:
    for node in nodes:
        kind = node.type
        if kind == "heading":
            text = clean_inline(plain_text(node))
            if text:
                yield Heading(text, int(node.tag[1:]) if node.tag[1:].isdigit() else 2)
        elif kind == "paragraph":
            yield from _paragraph_blocks(node)
        elif kind == "blockquote":
            quote = _blockquote(node)
            if quote is not None:
                yield quote
        elif kind in ("bullet_list", "ordered_list"):
            items = [clean_inline(item) for item in _list_items(node)]
            items = [item for item in items if item]
            if items:
                yield BulletList(items=items, ordered=kind == "ordered_list")
        elif kind in ("code_block", "fence"):
            code = clean_preformatted(node.content)
            if code:
                yield Preformatted(code)
        elif kind == "hr":
            yield Rule()
        elif kind in ("html_block", "html_inline"):  # only if HTML is ever switched on
            text = clean_inline(node.content)
            if text:
                yield Paragraph([Span(text)])
        elif node.children:
            yield from _blocks(node.children)


def _attach_leads(blocks: list[Block]) -> list[Block]:
    """A paragraph ending in ':' right before a list becomes the list's lead."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            isinstance(block, BulletList)
            and block.lead is None
            and isinstance(previous, Paragraph)
            and not previous.links
            and previous.text.endswith(":")
            and not (previous.spans and previous.spans[-1].kind == "quote")
        ):
            block.lead = previous.text
            out.pop()
        out.append(block)
    return out


def _paragraph_blocks(node: SyntaxTreeNode) -> Iterator[Block]:
    """A paragraph, split around its images; a "Read more:" paragraph is a RelatedLink."""
    inline = node.children[0] if node.children else None
    if inline is None:
        return
    spans: list[Span] = []
    for item in inline_spans(inline.children):
        if isinstance(item, Image):
            yield from _text_blocks(spans)
            spans = []
            yield item
        else:
            spans.append(item)
    yield from _text_blocks(spans)


def _text_blocks(spans: list[Span]) -> Iterator[Block]:
    spans = tidy_spans(spans)
    if not spans:
        return
    text = "".join(span.text for span in spans)
    related = parse_related_link(text)
    if related is not None:
        links = [span for span in spans if span.kind == "link"]
        if links:
            related.url = links[0].url
        yield related
        return
    if all(span.kind == "text" for span in spans):
        quote = as_quote_block(text)
        if quote is not None:
            yield quote
            return
    yield Paragraph(quoted_spans(spans))


def _blockquote(node: SyntaxTreeNode) -> Quote | None:
    """A Markdown blockquote; a last line "— Name" (or an attribution) names the speaker."""
    parts = [clean_inline(part) for part in _texts(node)]
    parts = [part for part in parts if part]
    if not parts:
        return None
    speaker = None
    last_lines = _last_paragraph_lines(node)
    if last_lines:
        match = _ATTRIBUTION.match(last_lines[-1].strip())
        if match and len(match.group(1).split()) <= 8:
            speaker = clean_inline(match.group(1))
            remaining = clean_inline(" ".join(last_lines[:-1]))
            parts[-1] = remaining
            parts = [part for part in parts if part]
    text = " ".join(parts)
    if speaker is None:
        block = as_quote_block(text)
        if block is not None:
            return block
    if not text:  # only "— Name": keep the words
        return Quote(speaker or "", None)
    return Quote(text, speaker)


def _last_paragraph_lines(node: SyntaxTreeNode) -> list[str]:
    last = node.children[-1] if node.children else None
    if last is None or last.type != "paragraph" or not last.children:
        return []
    return plain_text(last.children[0], softbreak="\n").split("\n")


def _texts(node: SyntaxTreeNode) -> Iterator[str]:
    """The text of every block inside ``node`` (blockquotes, lists and code flattened)."""
    for child in node.children:
        if child.type == "inline":
            yield plain_text(child)
        elif child.type in ("code_block", "fence", "html_block"):
            yield child.content
        else:
            yield from _texts(child)


def _list_items(node: SyntaxTreeNode) -> Iterator[str]:
    """Each item's own text; a nested list's items follow as items of their own."""
    for item in node.children:
        own: list[str] = []
        nested: list[SyntaxTreeNode] = []
        for child in item.children:
            if child.type in ("bullet_list", "ordered_list"):
                nested.append(child)
            else:
                own.extend(_texts(child) if child.children else [child.content])
        yield " ".join(own)
        for sub in nested:
            yield from _list_items(sub)
