"""An article's links numbered in reading order, and the list of their addresses ``show`` prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from newsreader.document.blocks import BulletList, Image, Paragraph, RelatedLink, Span
from newsreader.render.lines import Unbroken
from newsreader.render.styles import StyleOf, terminal_style


def is_numbered_link(span: Span) -> bool:
    return span.kind == "link" and bool(span.url)


@dataclass(frozen=True)
class NumberedLink:
    """One link of an article, numbered in reading order: a link in a paragraph or a list item,
    a picture's address, or a related story (``related``). ``block`` is where it stands in the
    blocks shown and ``index`` which of that block's links it is."""

    number: int
    text: str
    url: str | None
    block: int
    index: int
    related: RelatedLink | None = None


def links_of(block: Any) -> list[tuple[str, str | None]]:
    """(text, address) of each link ``block`` holds, in order."""
    if isinstance(block, Paragraph):
        return [(span.text, span.url) for span in block.spans if is_numbered_link(span)]
    if isinstance(block, BulletList):
        return [(span.text, span.url) for _, span in block.links]
    if isinstance(block, Image):
        return [(block.alt or "image", block.url)] if block.url else []
    if isinstance(block, RelatedLink):
        return [(block.title, block.url)]
    return []


def numbered_links(blocks: Sequence[Any]) -> list[NumberedLink]:
    """Every link of ``blocks``, numbered from 1 in reading order."""
    out: list[NumberedLink] = []
    for position, block in enumerate(blocks):
        for index, (text, url) in enumerate(links_of(block)):
            related = block if isinstance(block, RelatedLink) else None
            out.append(NumberedLink(len(out) + 1, text, url, position, index, related))
    return out


def link_list(links: Sequence[NumberedLink], style_of: StyleOf = terminal_style) -> RenderableType | None:
    """ "Links", then "[1] https://…" a line for each link with an address, as newsboat lists them;
    an address is never broken across lines (``Unbroken``)."""
    lines: list[RenderableType] = [Text("Links", style_of("heading--text"))]
    for link in links:
        if link.url:
            line = Text(f"[{link.number}] ", style_of("link--number"))
            line.append(link.url, style_of("meta"))
            lines.append(Unbroken(line))
    return Group(*lines) if len(lines) > 1 else None
