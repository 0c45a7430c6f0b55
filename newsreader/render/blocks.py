"""How each kind of article block looks: small functions from a block to a Rich renderable.

Every renderer builds ``rich.text.Text`` from the block's plain strings, so text from a feed
shows as the characters it is ("[bold]" stays "[bold]"), and takes its colours from
``style_of`` (``render.styles``). One table, ``BLOCK_RENDERERS``, maps block types to
renderers for the app and ``newsreader show`` both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from newsreader.document.blocks import (
    BulletList,
    Heading,
    Image,
    Paragraph,
    Preformatted,
    Quote,
    RelatedLink,
    Rule,
    Span,
)
from newsreader.render.lines import LeftBar, RuleLine
from newsreader.render.links import is_numbered_link
from newsreader.render.styles import StyleOf


def render_paragraph(
    block: Paragraph, style_of: StyleOf, numbers: Sequence[int] | None = None, focused: int | None = None
) -> Text:
    """Running text with quoted passages in their own colour and each speaker marked.

    The speaker is marked where the attribution names them ("… ," Ortis said);
    one the text does not name is added at the end, dim. With ``numbers``, each
    link is followed by its number ("budget[3]"); link ``focused`` (counted in
    the block) is highlighted.
    """
    text = Text()
    ends = append_spans(text, block.spans, style_of, numbers, focused, 0)
    speakers = [(span.speaker, end) for span, end in zip(block.spans, ends) if span.kind == "quote" and span.speaker]
    unnamed: list[str] = []
    for speaker, after in speakers:
        found = text.plain.find(speaker, after)
        if found < 0:
            found = text.plain.rfind(speaker, 0, after)
        if found >= 0:
            text.stylize(style_of("paragraph--speaker"), found, found + len(speaker))
        elif speaker not in unnamed:
            unnamed.append(speaker)
    if unnamed:
        text.append(f" — {', '.join(unnamed)}", style_of("paragraph--speaker"))
    return text


def append_spans(
    text: Text, spans: Sequence[Span], style_of: StyleOf, numbers: Sequence[int] | None, focused: int | None, first: int
) -> list[int]:
    """``spans`` appended to ``text``, styled by kind, each link followed by its number from
    ``numbers`` (link ``first`` is the first link here; ``focused`` is highlighted).
    Returns where each span ends in ``text``."""
    ends: list[int] = []
    index = first
    for span in spans:
        kind = span.kind if span.kind in ("quote", "link", "emphasis", "strong", "code") else None
        style = style_of(f"paragraph--{kind}") if kind else Style()
        link = is_numbered_link(span)
        if link and focused is not None and index == focused:
            style = style + style_of("paragraph--link-focused")
        text.append(span.text, style)
        ends.append(len(text))
        if link:
            if numbers is not None and index < len(numbers):
                text.append(f"[{numbers[index]}]", style_of("paragraph--link-number"))
            index += 1
    return ends


def render_quote(block: Quote, style_of: StyleOf) -> RenderableType:
    """A paragraph that is one quotation: a bar down the left, then "— speaker"."""
    text = Text(block.text, style_of("quote--text"))
    if block.speaker:
        text.append(f"\n— {block.speaker}", style_of("quote--speaker"))
    return LeftBar(text, style_of("quote--bar"))


def render_list(
    block: BulletList, style_of: StyleOf, numbers: Sequence[int] | None = None, focused: int | None = None
) -> RenderableType:
    """A lead-in line, then bullets or numbers with the items wrapped under their first word;
    the links of the items numbered as a paragraph's are."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(ratio=1)
    linked = block.item_spans is not None
    first = 0
    for number, item in enumerate(block.items, start=1):
        if linked:
            spans = block.spans_of(number - 1)
            text = Text()
            append_spans(text, spans, style_of, numbers, focused, first)
            first += sum(1 for span in spans if is_numbered_link(span))
        else:
            text = Text(item)
        grid.add_row(Text(f"{number}." if block.ordered else "•", style_of("list--bullet")), text)
    if block.lead:
        return Group(Text(block.lead, style_of("list--lead")), grid)
    return grid


def render_heading(block: Heading, style_of: StyleOf) -> Text:
    text = Text(block.text, style_of("heading--text"))
    if block.level <= 2:
        text.stylize(Style(underline=True))
    return text


IMAGE_MARK = "▣ "


def render_image(
    block: Image, style_of: StyleOf, numbers: Sequence[int] | None = None, focused: int | None = None
) -> Text:
    """ "▣ The bridge at dusk[4]": the picture's description, its address a numbered link
    (listed at the end of ``show``; opened with ``o`` in the app), never printed inline."""
    text = Text(IMAGE_MARK, style_of("image--label"))
    style = style_of("paragraph--link-focused") if focused == 0 and block.url else Style()
    text.append(block.alt or "image", style)
    if block.url and numbers:
        text.append(f"[{numbers[0]}]", style_of("paragraph--link-number"))
    return text


def render_preformatted(block: Preformatted, style_of: StyleOf) -> RenderableType:
    return LeftBar(Text(block.text, style_of("preformatted--text")), style_of("rule--line"), "  ")


def render_rule(block: Rule, style_of: StyleOf) -> RenderableType:
    return RuleLine(style_of("rule--line"))


def render_link(link: RelatedLink, target: str | None, number: int | None, style_of: StyleOf) -> Text:
    """ "[1] ● ↗ Headline — Source": the dot when the story is in the library."""
    text = Text()
    text.append(f"[{number}] " if number is not None else "    ", style_of("link--number"))
    text.append("● " if target else "  ", style_of("link--mark"))
    title = link.title or link.url or "(untitled)"
    text.append(f"↗ {title}", style_of("link--title"))
    source = link.source or ""
    if source and source != title:  # a file's "source" is sometimes its own first line
        text.append(f" — {source}", style_of("link--source"))
    return text


def spaced(renderables: Iterable[RenderableType]) -> Group:
    """Blocks one under another with a blank line between them."""
    items: list[RenderableType] = []
    for renderable in renderables:
        if items:
            items.append(Text(""))
        items.append(renderable)
    return Group(*items)


LINKED_RENDERERS: dict[type, Callable[..., RenderableType]] = {
    Paragraph: render_paragraph,
    BulletList: render_list,
    Image: render_image,
}

BLOCK_RENDERERS: dict[type, Callable[[Any, StyleOf], RenderableType]] = {
    Paragraph: render_paragraph,
    Quote: render_quote,
    BulletList: render_list,
    RelatedLink: lambda block, style_of: render_link(block, block.target, None, style_of),
    Heading: render_heading,
    Image: render_image,
    Preformatted: render_preformatted,
    Rule: render_rule,
}


def render_block(
    block: Any, style_of: StyleOf, numbers: Sequence[int] | None = None, focused: int | None = None
) -> RenderableType:
    """One block by its renderer; paragraphs, lists and pictures with their links' numbers."""
    if numbers and isinstance(block, (Paragraph, BulletList, Image)):
        return LINKED_RENDERERS[type(block)](block, style_of, numbers, focused)
    return BLOCK_RENDERERS[type(block)](block, style_of)
