"""How each kind of article block looks: small functions from a block to a Rich renderable.

Every renderer builds ``rich.text.Text`` from the block's plain strings, so
text from a feed shows as the characters it is ("[bold]" stays "[bold]"), and
takes its colours from ``style_of``: in the app, TCSS component classes (so
themes restyle everything); in ``newsreader show``, ``TERMINAL_STYLES``. One
table, ``BLOCK_RENDERERS``, maps block types to renderers for both. Pure Rich:
the core may use it, and it knows nothing of Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from newsreader.document.blocks import (
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
    without_title,
)
from newsreader.document.clean import clean_inline, clean_preformatted, clean_text

StyleOf = Callable[[str], Style]

BLOCK_CLASSES = {
    "paragraph--quote", "paragraph--speaker", "paragraph--link", "paragraph--emphasis", "paragraph--strong",
    "paragraph--code", "quote--bar", "quote--text", "quote--speaker", "list--lead", "list--bullet",
    "heading--text", "image--label", "image--url", "preformatted--text", "rule--line",
    "paragraph--link-number", "paragraph--link-focused",
}
LINK_CLASSES = {"link--number", "link--mark", "link--title", "link--source"}


class LeftBar:
    """A renderable set off by a bar down its left side (a quotation's border-left)."""

    def __init__(self, renderable: RenderableType, bar_style: Style, bar: str = "▌ ") -> None:
        self.renderable = renderable
        self.bar_style = bar_style
        self.bar = bar

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - len(self.bar))
        lines = console.render_lines(self.renderable, options.update_width(width), pad=False)
        for line in lines:
            yield Segment(self.bar, self.bar_style)
            yield from line
            yield Segment.line()


def inline(text: str) -> str:
    """Span text: controls out and newlines folded, but the space at either edge kept."""
    cleaned = clean_inline(text)
    if not cleaned:
        return " " if text[:1].isspace() else ""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return f"{lead}{cleaned}{trail}"


def render_paragraph(block: Paragraph, style_of: StyleOf, numbers: Sequence[int] | None = None,
                     focused: int | None = None) -> Text:
    """Running text with quoted passages in their own colour and each speaker marked.

    The speaker is marked where the attribution names them ("… ," Ortis said);
    one the text does not name is added at the end, dim. With ``numbers``, each
    link is followed by its number ("budget[3]"); link ``focused`` (counted in
    the block) is highlighted.
    """
    text = Text()
    ends = append_spans(text, block.spans, style_of, numbers, focused, 0)
    speakers = [(clean_inline(span.speaker), end) for span, end in zip(block.spans, ends)
                if span.kind == "quote" and span.speaker]
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


def is_numbered_link(span: Span) -> bool:
    return span.kind == "link" and bool(span.url)


def append_spans(text: Text, spans: Sequence[Span], style_of: StyleOf, numbers: Sequence[int] | None,
                 focused: int | None, first: int) -> list[int]:
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
        text.append(inline(span.text), style)
        ends.append(len(text))
        if link:
            if numbers is not None and index < len(numbers):
                text.append(f"[{numbers[index]}]", style_of("paragraph--link-number"))
            index += 1
    return ends


def render_quote(block: Quote, style_of: StyleOf) -> RenderableType:
    """A paragraph that is one quotation: a bar down the left, then "— speaker"."""
    text = Text(clean_text(block.text), style_of("quote--text"))
    if block.speaker:
        text.append(f"\n— {clean_inline(block.speaker)}", style_of("quote--speaker"))
    return LeftBar(text, style_of("quote--bar"))


def render_list(block: BulletList, style_of: StyleOf, numbers: Sequence[int] | None = None,
                focused: int | None = None) -> RenderableType:
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
            text = Text(clean_text(item))
        grid.add_row(Text(f"{number}." if block.ordered else "•", style_of("list--bullet")), text)
    if block.lead:
        return Group(Text(clean_inline(block.lead), style_of("list--lead")), grid)
    return grid


def render_heading(block: Heading, style_of: StyleOf) -> Text:
    text = Text(clean_inline(block.text), style_of("heading--text"))
    if block.level <= 2:
        text.stylize(Style(underline=True))
    return text


IMAGE_MARK = "▣ "


def render_image(block: Image, style_of: StyleOf, numbers: Sequence[int] | None = None,
                 focused: int | None = None) -> Text:
    """ "▣ The bridge at dusk[4]": the picture's description, its address a numbered link
    (listed at the end of ``show``; opened with ``o`` in the app), never printed inline."""
    text = Text(IMAGE_MARK, style_of("image--label"))
    style = style_of("paragraph--link-focused") if focused == 0 and block.url else Style()
    text.append(clean_inline(block.alt) or "image", style)
    if block.url and numbers:
        text.append(f"[{numbers[0]}]", style_of("paragraph--link-number"))
    return text


def render_preformatted(block: Preformatted, style_of: StyleOf) -> RenderableType:
    return LeftBar(Text(clean_preformatted(block.text), style_of("preformatted--text")), style_of("rule--line"), "  ")


def render_rule(block: Rule, style_of: StyleOf) -> RenderableType:
    return RuleLine(style_of("rule--line"))


class RuleLine:
    """A horizontal line as wide as the space it is given."""

    def __init__(self, style: Style) -> None:
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Segment("─" * options.max_width, self.style)
        yield Segment.line()


def render_link(link: RelatedLink, target: str | None, number: int | None, style_of: StyleOf) -> Text:
    """ "[1] ● ↗ Headline — Source": the dot when the story is in the library."""
    text = Text()
    text.append(f"[{number}] " if number is not None else "    ", style_of("link--number"))
    text.append("● " if target else "  ", style_of("link--mark"))
    title = clean_inline(link.title) or clean_inline(link.url or "") or "(untitled)"
    text.append(f"↗ {title}", style_of("link--title"))
    source = clean_inline(link.source or "")
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

# The look of ``newsreader show`` on a terminal, by the same names the app's TCSS styles.
TERMINAL_STYLES: dict[str, Style] = {
    "paragraph--quote": Style(color="yellow", italic=True),
    "paragraph--speaker": Style(bold=True),
    "paragraph--link": Style(color="cyan", underline=True),
    "paragraph--emphasis": Style(italic=True),
    "paragraph--strong": Style(bold=True),
    "paragraph--code": Style(reverse=True),
    "quote--bar": Style(color="yellow"),
    "quote--text": Style(color="yellow", italic=True),
    "quote--speaker": Style(dim=True),
    "list--lead": Style(),
    "list--bullet": Style(bold=True),
    "heading--text": Style(bold=True),
    "image--label": Style(dim=True),
    "image--url": Style(dim=True),
    "preformatted--text": Style(color="green"),
    "rule--line": Style(dim=True),
    "link--number": Style(bold=True),
    "link--mark": Style(color="cyan"),
    "link--title": Style(color="cyan", bold=True),
    "link--source": Style(dim=True),
    "title": Style(bold=True),
    "meta": Style(dim=True),
}


def terminal_style(name: str) -> Style:
    return TERMINAL_STYLES.get(name, Style())


def header_text(document: Document, style_of: StyleOf = terminal_style, file_date: str | None = None) -> RenderableType:
    """Title, then "date · source · author", then the web address (on a line of its own, unbroken).
    An article file with no date of its own says when the file was changed: "file date 2026-03-12"."""
    text = Text(clean_inline(document.title) or "(untitled)", style_of("title"))
    day = document.date or (f"file date {file_date}" if file_date else None)
    meta = " · ".join(clean_inline(part) for part in (day, document.source, document.author) if part)
    if meta:
        text.append("\n" + meta, style_of("meta"))
    if document.url:
        return Group(text, Unbroken(Text(clean_inline(document.url), style_of("meta"))))
    return text


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


def shown_blocks(document: Document, title: str | None = None) -> list[Any]:
    """The blocks drawn under the heading (``title``, else the document's): never the title twice."""
    return without_title(document.title if title is None else title, document.blocks)


def render_block(block: Any, style_of: StyleOf, numbers: Sequence[int] | None = None,
                 focused: int | None = None) -> RenderableType:
    """One block by its renderer; paragraphs, lists and pictures with their links' numbers."""
    if numbers and isinstance(block, (Paragraph, BulletList, Image)):
        return LINKED_RENDERERS[type(block)](block, style_of, numbers, focused)
    return BLOCK_RENDERERS[type(block)](block, style_of)


def body_renderables(document: Document, style_of: StyleOf = terminal_style,
                     blocks: Sequence[Any] | None = None) -> list[RenderableType]:
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


def link_list(links: Sequence[NumberedLink], style_of: StyleOf = terminal_style) -> RenderableType | None:
    """ "Links", then "[1] https://…" a line for each link with an address, as newsboat lists them;
    an address is never broken across lines (``Unbroken``)."""
    lines: list[RenderableType] = [Text("Links", style_of("heading--text"))]
    for link in links:
        if link.url:
            line = Text(f"[{link.number}] ", style_of("link--number"))
            line.append(clean_inline(link.url), style_of("meta"))
            lines.append(Unbroken(line))
    return Group(*lines) if len(lines) > 1 else None


def render_document(document: Document, style_of: StyleOf = terminal_style, file_date: str | None = None) -> Group:
    """A whole article for the terminal: the header, its blocks (``body_renderables``), then the
    addresses of its links, numbered."""
    blocks = shown_blocks(document)
    listed = link_list(numbered_links(blocks), style_of)
    return spaced([header_text(document, style_of, file_date), *body_renderables(document, style_of, blocks),
                   *([listed] if listed is not None else [])])


class Unbroken:
    """A line never wrapped nor cut, however narrow the page (a web address to copy or click):
    ``TrimmedLines`` prints it whole and the terminal folds it if it must."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wide = options.update_width(max(options.max_width, self.text.cell_len))
        yield from console.render(self.text, wide)


class LabelledRule:
    """ "── 2/6 ─────": a horizontal line with a label near its left end, as wide as the space given."""

    def __init__(self, label: str, style: Style) -> None:
        self.label = label
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        head = f"── {self.label} "
        yield Segment(head + "─" * max(0, options.max_width - len(head)), self.style)
        yield Segment.line()


def render_feed(title: str | None, documents: list[Document], style_of: StyleOf = terminal_style) -> Group:
    """A feed file's articles in feed order: the feed's title and how many articles, then each
    article as ``render_document`` draws it, under a numbered line ("── 2/6 ───")."""
    head = Text(clean_inline(title or "") or "(untitled feed)", style_of("title"))
    count = len(documents)
    head.append(f" — {count} article{'' if count == 1 else 's'}", style_of("meta"))
    articles = [
        Group(LabelledRule(f"{number}/{count}", style_of("rule--line")), render_document(document, style_of))
        for number, document in enumerate(documents, start=1)
    ]
    return spaced([head, *articles])


class TrimmedLines:
    """A renderable drawn line by line with the spaces at each line's end taken off.

    Rich keeps the space where it wraps a line and pads table cells to their
    width; on a screen that is invisible, but in a pipe or a file it is noise.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self._lines(self.renderable, console, options)

    def _lines(self, renderable: RenderableType, console: Console, options: ConsoleOptions) -> RenderResult:
        if isinstance(renderable, Group):  # looked into, so an Unbroken line in it is found
            for part in renderable.renderables:
                yield from self._lines(part, console, options)
            return
        if isinstance(renderable, Unbroken):
            options = options.update_width(max(options.max_width, renderable.text.cell_len))
        for line in console.render_lines(renderable, options, pad=False):
            yield from rstrip_segments(line)
            yield Segment.line()


def rstrip_segments(line: list[Segment]) -> list[Segment]:
    """One rendered line without the whitespace at its end (styles and control codes kept)."""
    segments = list(line)
    end = len(segments)
    while end:
        segment = segments[end - 1]
        if segment.control:
            end -= 1
            continue
        text = segment.text.rstrip()
        if text:
            segments[end - 1] = Segment(text, segment.style, segment.control)
            break
        del segments[end - 1]
        end -= 1
    return segments
