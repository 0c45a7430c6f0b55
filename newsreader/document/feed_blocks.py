"""A feed item's body as blocks: its HTML through the HTML reader (plain paragraphs when that
fails), its plain text as paragraphs with their quotations marked, its lead images first.

Shared by the feed readers (``sources``) and by the store, which builds the blocks of an item
kept as HTML when the article is first read (``store.documents``).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from newsreader.document.blocks import Block, Image, Paragraph, Span
from newsreader.document.clean import clean_inline, clean_text
from newsreader.lazy_import import load

__all__ = ["html_blocks", "html_to_text", "plain_blocks", "with_images"]


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("p", "br", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr"):
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        elif tag in ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr"):
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Tags out, entities decoded once; paragraph breaks kept as blank lines."""
    parser = _TextOnly()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    return "".join(parser.parts)


def _paragraph(line: str) -> Block:
    """A paragraph with its quotations marked, or a Quote when it is one quotation (as in HTML)."""
    quotes = load("newsreader.document.quotes")
    try:
        return quotes.as_quote_block(line) or Paragraph(quotes.quote_spans(line))
    except Exception:
        return Paragraph([Span(line)])


def plain_blocks(text: str) -> list[Block]:
    """Plain text as paragraphs, one per blank-line-separated run."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", clean_text(text)):
        line = clean_inline(chunk)
        if line:
            blocks.append(_paragraph(line))
    return blocks


def html_blocks(markup: str, base_url: str | None) -> list[Block]:
    """Feed HTML as blocks through the document HTML parser; plain paragraphs if it fails."""
    parse_html = load("newsreader.document.html").parse_html
    try:
        return list(parse_html(markup, base_url))
    except Exception:  # one odd item must not cost the feed: keep its words
        return plain_blocks(html_to_text(markup))


def with_images(blocks: list[Block], images: list[Image]) -> list[Block]:
    shown = {b.url for b in blocks if isinstance(b, Image)}
    lead = [i for i in images if i.url not in shown]
    return lead + blocks
