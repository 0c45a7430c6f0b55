"""A whole article for the terminal (``newsreader show``): its header, its blocks with every link
numbered where it stands, then the addresses of its links; and a feed file's articles in order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from newsreader.document.blocks import Document, RelatedLink, without_title
from newsreader.render.blocks import render_block, render_link, spaced
from newsreader.render.lines import LabelledRule, Unbroken
from newsreader.render.links import link_list, numbered_links
from newsreader.render.styles import StyleOf, terminal_style


def header_text(document: Document, style_of: StyleOf = terminal_style, file_date: str | None = None) -> RenderableType:
    """Title, then "date · source · author", then the web address (on a line of its own, unbroken).
    An article file with no date of its own says when the file was changed: "file date 2026-03-12"."""
    text = Text(document.title or "(untitled)", style_of("title"))
    day = document.date or (f"file date {file_date}" if file_date else None)
    meta = " · ".join(part for part in (day, document.source, document.author) if part)
    if meta:
        text.append("\n" + meta, style_of("meta"))
    if document.url:
        return Group(text, Unbroken(Text(document.url, style_of("meta"))))
    return text


def shown_blocks(document: Document, title: str | None = None) -> list[Any]:
    """The blocks drawn under the heading (``title``, else the document's): never the title twice."""
    return without_title(document.title if title is None else title, document.blocks)


def body_renderables(
    document: Document, style_of: StyleOf = terminal_style, blocks: Sequence[Any] | None = None
) -> list[RenderableType]:
    """The blocks in reading order, every link numbered where it stands, as the app's
    article view shows it; consecutive related stories stay together, one a line."""
    blocks = shown_blocks(document) if blocks is None else blocks
    numbers: dict[int, list[int]] = {}
    for link in numbered_links(blocks):
        numbers.setdefault(link.block, []).append(link.number)
    body: list[RenderableType] = []
    links: list[Text] = []
    for position, block in enumerate(blocks):
        if isinstance(block, RelatedLink):
            links.append(render_link(block, block.target, numbers[position][0], style_of))
            continue
        if links:
            body.append(Group(*links))
            links = []
        body.append(render_block(block, style_of, numbers.get(position)))
    if links:
        body.append(Group(*links))
    return body


def render_document(document: Document, style_of: StyleOf = terminal_style, file_date: str | None = None) -> Group:
    """A whole article for the terminal: the header, its blocks (``body_renderables``), then the
    addresses of its links, numbered."""
    blocks = shown_blocks(document)
    listed = link_list(numbered_links(blocks), style_of)
    return spaced(
        [
            header_text(document, style_of, file_date),
            *body_renderables(document, style_of, blocks),
            *([listed] if listed is not None else []),
        ]
    )


def render_feed(title: str | None, documents: list[Document], style_of: StyleOf = terminal_style) -> Group:
    """A feed file's articles in feed order: the feed's title and how many articles, then each
    article as ``render_document`` draws it, under a numbered line ("── 2/6 ───")."""
    head = Text(title or "(untitled feed)", style_of("title"))
    count = len(documents)
    head.append(f" — {count} article{'' if count == 1 else 's'}", style_of("meta"))
    articles = [
        Group(LabelledRule(f"{number}/{count}", style_of("rule--line")), render_document(document, style_of))
        for number, document in enumerate(documents, start=1)
    ]
    return spaced([head, *articles])
