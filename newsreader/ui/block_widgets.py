"""The widgets of the article body: runs of blocks, and related links that take focus.

A run draws many blocks as one renderable, so a megabyte-long article is a
few hundred widgets rather than thousands (every widget costs layout time).
Related links are widgets of their own: each takes focus and follows on Enter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

from newsreader.document.blocks import RelatedLink
from newsreader.document.clean import clean_inline
from newsreader.render import BLOCK_CLASSES, LINK_CLASSES, render_link, spaced
from newsreader.ui.messages import LinkFollowed

Renderer = Callable[[Any, Callable[[str], Style]], RenderableType]


class BlockRun(Widget):
    """Consecutive blocks of an article, drawn together, each by its renderer."""

    DEFAULT_CSS = "BlockRun { height: auto; }"
    COMPONENT_CLASSES = BLOCK_CLASSES

    def __init__(self, blocks: list[Any], renderers: dict[type, Renderer]) -> None:
        super().__init__()
        self.blocks = blocks
        self.renderers = renderers

    def style_of(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def build(self) -> RenderableType:
        return spaced(self.renderers[type(block)](block, self.style_of) for block in self.blocks)

    def render(self) -> RenderableType:
        return self.build()


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

    def __init__(self, headline: Any) -> None:
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
    title = clean_inline(link.title) or "(untitled)"
    text.append(title, style_of("link--title"))
    source = clean_inline(link.source or "")
    if source and source != title:
        text.append(f" — {source}", style_of("link--source"))
    return text
