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
  ``— Name`` line, the caption of its ``<figure>``, or a paragraph right after
  it that is only ``— Name, title`` (em dash, en dash or ``--``). Nested
  blockquotes join the outer one. An empty one (a tweet embed) leaves its link.
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

The package, one concept a module: ``tolerant`` (the stdlib parser made safe and fast),
``builder`` (tags streamed into blocks), ``invisible`` (what is skipped), ``inline``
(runs, spans, addresses), ``images`` (what an <img> shows), ``frames`` (open quotes,
lists, figures), ``attribution`` (who said a quote), ``top_level`` (related links,
quote blocks, speakers, list leads), ``related`` (related-story recognition),
``metadata`` (a page's title, date, author) and ``main_text`` (a page's article container).
"""

from __future__ import annotations

import re
from html import unescape

from ..blocks import Block, Document, Heading, Paragraph, Span
from ..clean import clean_inline
from .builder import BlockBuilder
from .inline import IMAGE_SCHEMES, safe_url
from .main_text import PlacedBlocks, main_blocks
from .metadata import page_author, page_date, page_title
from .tolerant import prepare_html

__all__ = ["parse_html", "parse_html_page"]


def _build(html: object, base_url: str | None, page: bool) -> BlockBuilder:
    """A builder that has read all of ``html``; whatever went wrong, it keeps what it read."""
    builder = BlockBuilder(base_url if isinstance(base_url, str) and base_url else None, page)
    try:
        builder.feed(prepare_html(html))
        builder.close()
    except Exception:
        pass
    try:
        builder.close_all()
    except Exception:
        pass
    return builder


def _fallback_blocks(html: object) -> list[Block]:
    """The text without its tags, as one paragraph: for when the builder itself failed."""
    try:
        text = clean_inline(unescape(re.sub(r"<[^>]*>", " ", str(html))))
    except Exception:
        return []
    return [Paragraph([Span(text)])] if text else []


def parse_html(html: str, base_url: str | None = None) -> list[Block]:
    """The blocks of a feed item's HTML body. Never raises."""
    try:
        return _build(html, base_url, page=False).out
    except Exception:
        return _fallback_blocks(html)


def parse_html_page(html: str, base_url: str | None = None) -> Document:
    """A whole saved page as a Document: title, date, canonical URL and the article's blocks.

    Only the article's part of the page is kept: the container that scores
    best on its paragraphs, readability-style (see ``main_blocks``), with
    ``<article>``, ``<main>``, ``itemprop=articleBody`` and article-like
    class names counting in its favour, and menus, sidebars and share bars
    against.
    """
    try:
        builder = _build(html, base_url, page=True)
        return _page_document(builder, base_url)
    except Exception:
        return Document(blocks=_fallback_blocks(html))


def _page_document(builder: BlockBuilder, base_url: str | None) -> Document:
    metadata = builder.metadata
    meta = metadata.meta
    placed = builder.out
    assert isinstance(placed, PlacedBlocks)  # a page is built with placed blocks
    blocks = main_blocks(placed)
    site = clean_inline(meta.get("og:site_name", "")) or None
    title = page_title(metadata, site)
    if title:
        for index, block in enumerate(blocks[:3]):
            if isinstance(block, Heading) and block.text == title:
                del blocks[index]
                break
    date, published = page_date(metadata)
    url = safe_url(metadata.canonical, base_url, IMAGE_SCHEMES)
    if url is None:
        url = safe_url(meta.get("og:url"), base_url, IMAGE_SCHEMES)
    if url is None and base_url:
        url = safe_url(base_url, None, IMAGE_SCHEMES)
    author = page_author(metadata)
    return Document(title=title, blocks=blocks, date=date, published=published, source=site, url=url, author=author)
