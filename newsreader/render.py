"""A Document as Rich renderables, for ``newsreader show`` and exports to the terminal.

Every piece of outside text becomes a ``rich.text.Text`` with styles set by us,
never a markup string, so "[bold]" or "[link=...]" in an article shows literally.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule as RichRule
from rich.text import Text

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
    Rule,
)

QUOTE_STYLE = "italic yellow"
SPEAKER_STYLE = "dim"
LINK_STYLE = "underline cyan"
RELATED_STYLE = "bold cyan"
UNRESOLVED_STYLE = "dim cyan"


def paragraph_text(paragraph: Paragraph) -> Text:
    """Inline spans with quotes highlighted and the speaker after each quote."""
    text = Text()
    for span in paragraph.spans:
        if span.kind == "quote":
            text.append(span.text, QUOTE_STYLE)
        elif span.kind == "link":
            text.append(span.text, LINK_STYLE)
        elif span.kind == "emphasis":
            text.append(span.text, "italic")
        elif span.kind == "strong":
            text.append(span.text, "bold")
        elif span.kind == "code":
            text.append(span.text, "reverse")
        else:
            text.append(span.text)
    speakers = [s.speaker for s in paragraph.quotes if s.speaker]
    if speakers:
        text.append(f"  — {', '.join(dict.fromkeys(speakers))}", SPEAKER_STYLE)
    return text


def related_text(link: RelatedLink, number: int | None) -> Text:
    text = Text()
    if number is not None:
        text.append(f"[{number}] ", "bold")
    resolved = link.target is not None
    text.append("↗ ", RELATED_STYLE if resolved else UNRESOLVED_STYLE)
    text.append(link.title, RELATED_STYLE if resolved else UNRESOLVED_STYLE)
    if link.source:
        text.append(f" — {link.source}", "cyan" if resolved else "dim")
    if not resolved:
        text.append("  (not in your library)", "dim italic")
    return text


def block_renderable(block: Block, link_numbers: dict[int, int]) -> RenderableType:
    if isinstance(block, Paragraph):
        return paragraph_text(block)
    if isinstance(block, Quote):
        quote = Text(block.text, QUOTE_STYLE)
        if block.speaker:
            quote.append(f"\n— {block.speaker}", SPEAKER_STYLE)
        return Padding(quote, (0, 0, 0, 2), style="")
    if isinstance(block, BulletList):
        lines = Text()
        if block.lead:
            lines.append(block.lead + "\n")
        for index, item in enumerate(block.items, start=1):
            marker = f"{index}. " if block.ordered else "• "
            lines.append(f"  {marker}", "bold")
            lines.append(item)
            if index < len(block.items):
                lines.append("\n")
        return lines
    if isinstance(block, RelatedLink):
        return related_text(block, link_numbers.get(id(block)))
    if isinstance(block, Heading):
        return Text(block.text, "bold underline" if block.level <= 2 else "bold")
    if isinstance(block, Image):
        text = Text("[image] ", "dim")
        text.append(block.alt or "(no description)", "italic")
        if block.url:
            text.append(f" — {block.url}", "dim")
        return text
    if isinstance(block, Preformatted):
        return Padding(Text(block.text, "green"), (0, 0, 0, 2))
    if isinstance(block, Rule):
        return RichRule(style="dim")
    return Text(str(block))


def header_text(document: Document) -> Text:
    title = Text(document.title or "(untitled)", "bold")
    meta = " · ".join(part for part in (document.date, document.source, document.author) if part)
    if meta:
        title.append("\n" + meta, "dim")
    if document.url:
        title.append("\n" + document.url, "dim underline")
    return title


def document_renderables(document: Document) -> Iterator[RenderableType]:
    """Header, then each block with a blank line between, then the numbered related stories."""
    links = document.related_links
    numbers = {id(link): index for index, link in enumerate(links, start=1)}
    yield header_text(document)
    for block in document.blocks:
        yield Text("")
        yield block_renderable(block, numbers)
    if links:
        yield Text("")
        yield Text("Related stories", "bold underline")
        for link in links:
            yield related_text(link, numbers[id(link)])


def render_document(document: Document) -> Group:
    return Group(*document_renderables(document))
