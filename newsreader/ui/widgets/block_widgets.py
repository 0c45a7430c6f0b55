"""The widgets of the article body: runs of blocks, blocks holding links, and related links.

A run draws many blocks as one renderable, so a megabyte-long article is a
few hundred widgets rather than thousands (every widget costs layout time).
A block holding links (a paragraph, a list, a picture) is a widget of its own
that takes focus and moves through its links; related links are a widget each.
Enter follows the focused link.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

from newsreader.document.blocks import Block, RelatedLink
from newsreader.render import BLOCK_CLASSES, LINK_CLASSES, render_block, render_link, spaced
from newsreader.ui.messages import LinkFollowed, WebLinkChosen

if TYPE_CHECKING:
    from newsreader.store import Headline

Renderer = Callable[..., RenderableType]  # (its own kind of block, the style of a name) -> what is drawn


class BlockRun(Widget):
    """Consecutive blocks of an article, drawn together, each by its renderer."""

    DEFAULT_CSS = "BlockRun { height: auto; }"
    COMPONENT_CLASSES = BLOCK_CLASSES

    def __init__(self, blocks: list[Block], renderers: dict[type, Renderer]) -> None:
        super().__init__()
        self.blocks = blocks
        self.renderers = renderers

    def style_of(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def build(self) -> RenderableType:
        return spaced(self.renderers[type(block)](block, self.style_of) for block in self.blocks)

    def render(self) -> RenderableType:
        return self.build()


class LinkedBlock(BlockRun, can_focus=True):
    """A block holding links, each numbered; focused, one of its links is (``current``), and
    Enter opens it. The article view moves ``current`` with Tab and Shift+Tab."""

    BINDINGS = [Binding("enter", "follow", "Open link", id="open_link", tooltip="Open the focused link")]

    def __init__(self, block: Block, links: list[tuple[str, str | None]], numbers: list[int]) -> None:
        super().__init__([block], {})
        self.links = links
        self.numbers = numbers
        self.current = 0

    @property
    def block(self) -> Block:
        return self.blocks[0]

    @property
    def url(self) -> str | None:
        """The address of the focused link."""
        return self.links[self.current][1] if self.links else None

    def show_link(self, index: int) -> None:
        self.current = max(0, min(index, len(self.links) - 1))
        self.refresh()

    def build(self) -> RenderableType:
        return render_block(self.block, self.style_of, self.numbers, self.current if self.has_focus else None)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_follow(self) -> None:
        if self.url:
            self.post_message(WebLinkChosen(self.url))


class LinkLine(Widget, can_focus=True):
    """A related story, numbered; Enter (or a click) follows it.

    ``target`` is the id of the stored article it leads to, or None when the
    story is not in the library (the line is dimmed; following it searches).
    """

    DEFAULT_CSS = "LinkLine { height: auto; }"
    BINDINGS = [Binding("enter", "follow", "Follow", id="follow_link", tooltip="Follow the focused link")]
    COMPONENT_CLASSES = LINK_CLASSES

    def __init__(self, link: RelatedLink, target: str | None, number: int | None) -> None:
        super().__init__(classes="-resolved" if target else "-missing")
        self.link = link
        self.target = target
        self.number = number

    def style_of(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def build(self) -> RenderableType:
        return render_link(self.link, self.target, self.number, self.style_of)

    def render(self) -> RenderableType:
        return self.build()

    def action_follow(self) -> None:
        self.post_message(LinkFollowed(self.link, self.target))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_follow()


class SuggestionLine(LinkLine):
    """A stored story that may be the one an unresolved link means: "Perhaps: Headline —
    Source" under that link, styled apart from a link; Enter (or a click) opens it."""

    COMPONENT_CLASSES = LINK_CLASSES | {"link--perhaps"}

    def __init__(self, headline: Headline) -> None:
        link = RelatedLink(headline.title, headline.source or headline.feed, headline.url, headline.id)
        super().__init__(link, headline.id, None)
        self.set_class(False, "-resolved")
        self.add_class("-suggestion")

    def build(self) -> RenderableType:
        return perhaps_line(self.link, self.style_of)


def perhaps_line(link: RelatedLink, style_of: Callable[[str], Style]) -> Text:
    """ "Perhaps: Headline — Source" (outside text as plain text, never markup)."""
    text = Text()
    text.append("Perhaps: ", style_of("link--perhaps"))
    title = link.title or "(untitled)"
    text.append(title, style_of("link--title"))
    source = link.source or ""
    if source and source != title:
        text.append(f" — {source}", style_of("link--source"))
    return text
