"""The article's body as widgets: runs of blocks, blocks holding links, a line per related link.

``body_widgets`` makes them lazily, so a long article is mounted in batches; ``OpenArticle``
is what the article pane knows of the article it shows (its marks and address).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.widget import Widget

from newsreader.document.blocks import Block, RelatedLink

if TYPE_CHECKING:
    from newsreader.store import Article, Headline

RUN_SIZE = 20  # blocks drawn by one widget


@dataclass
class OpenArticle:
    """The article open in the pane, as the keys that act on it need it (no store read)."""

    id: str
    read: bool
    bookmarked: bool
    url: str | None

    @classmethod
    def of(cls, article: Article) -> OpenArticle:
        return cls(article.id, article.read, article.bookmarked, article.url or article.document.url)


Suggest = Callable[[RelatedLink], list["Headline"]]  # an unresolved link -> the headlines it may mean, best first


def body_widgets(blocks: list[Block], targets: list[str | None], suggest: Suggest | None = None) -> Iterator[Widget]:
    """The article body as widgets, made lazily: runs of blocks without links, a focusable widget
    for each block holding links and a focusable line per related link, every link numbered in
    reading order (``newsreader.render.numbered_links``); under an unresolved related link a
    focusable "Perhaps:" line for each story it may mean."""
    from newsreader.render import BLOCK_RENDERERS, links_of
    from newsreader.ui.widgets.block_widgets import BlockRun, LinkedBlock, LinkLine, SuggestionLine

    run: list[Block] = []
    related = 0
    number = 0
    last_line: LinkLine | None = None  # the last line of links in a row: text after it keeps a blank line

    def end_of_links() -> None:
        nonlocal last_line
        if last_line is not None:
            last_line.add_class("-before-text")
            last_line = None

    for block in blocks:
        if isinstance(block, RelatedLink):
            if run:
                yield BlockRun(run, BLOCK_RENDERERS)
                run = []
            related += 1
            number += 1
            target = targets[related - 1] if related <= len(targets) else None
            last_line = LinkLine(block, target, number)
            yield last_line
            if target is None and suggest is not None:
                for headline in suggest(block):
                    last_line = SuggestionLine(headline)
                    yield last_line
            continue
        links = links_of(block)
        if links:
            end_of_links()
            if run:
                yield BlockRun(run, BLOCK_RENDERERS)
                run = []
            yield LinkedBlock(block, links, list(range(number + 1, number + 1 + len(links))))
            number += len(links)
        elif type(block) in BLOCK_RENDERERS:
            end_of_links()
            run.append(block)
            if len(run) >= RUN_SIZE:
                yield BlockRun(run, BLOCK_RENDERERS)
                run = []
    if run:
        yield BlockRun(run, BLOCK_RENDERERS)


@dataclass(frozen=True)
class WebLink:
    """A link of the article's text, or a picture's address: it opens in a browser."""

    title: str
    url: str | None


def headline_lines(
    title: str, headlines: list[Headline], first: int | None
) -> tuple[list[Widget], list[tuple[RelatedLink, str | None]]]:
    """A section of stored articles under ``title``, each a followable line (numbered from
    ``first`` unless it is None), and the links the lines stand for."""
    from rich.text import Text
    from textual.widgets import Static

    from newsreader.ui.widgets.block_widgets import LinkLine

    lines: list[Widget] = [Static(Text(title), classes="section-title", markup=False)]
    links: list[tuple[RelatedLink, str | None]] = []
    for offset, headline in enumerate(headlines):
        link = RelatedLink(headline.title, headline.source or headline.feed, headline.url, headline.id)
        links.append((link, headline.id))
        lines.append(LinkLine(link, headline.id, None if first is None else first + offset))
    return lines, links


def take(widgets: Iterator[Widget], count: int) -> list[Widget]:
    batch: list[Widget] = []
    for widget in widgets:
        batch.append(widget)
        if len(batch) >= count:
            break
    return batch
