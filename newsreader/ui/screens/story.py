"""The story line (key ``T``): every article reachable from the open one through
resolved related links, either way, in date order, the open one marked. Enter opens
the highlighted article as following a link does (back and forward return)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from newsreader.library import Articles
    from newsreader.store import Headline


def story_text(headline: Headline, links: int, current: bool, style: Callable[[str], Style]) -> Text:
    """ "▶ 2025-10-27  Title — Source · links to 2": the date, the headline, how many articles
    of the line its own links lead to."""
    text = Text(no_wrap=False)
    text.append("▶ " if current else "  ", style("story--mark"))
    text.append(f"{headline.date or '          '}  ", style("story--meta"))
    title = headline.title or "(untitled)"
    text.append(title, style("story--current" if current else "story--title"))
    source = headline.source or headline.feed or ""
    if source and source != title:
        text.append(f" — {source}", style("story--meta"))
    if links:
        text.append(f" · links to {links}", style("story--meta"))
    return text


class StoryScreen(ModalScreen[str | None]):
    """The articles of one story line, oldest first; Enter opens one, Esc goes back."""

    BINDINGS = [Binding("escape,T", "close", "Back", id="story_back")]
    COMPONENT_CLASSES = {"story--mark", "story--title", "story--current", "story--meta"}

    def __init__(self, articles: Articles, article_id: str) -> None:
        super().__init__()
        self.articles = articles
        self.article_id = article_id

    def compose(self):
        with Vertical(id="story-dialog", classes="dialog"):
            yield Static(Text("Story line"), classes="dialog-title", markup=False)
            yield OptionList(id="story-list")
            yield Static(Text("Enter opens · Esc back"), classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        line = self.articles.story(self.article_id)

        def style(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        options = self.query_one("#story-list", OptionList)
        current = 0
        for index, (headline, links) in enumerate(line):
            options.add_option(
                Option(story_text(headline, len(links), headline.id == self.article_id, style), id=headline.id)
            )
            if headline.id == self.article_id:
                current = index
        if len(line) <= 1:
            options.add_option(Option(Text("No stored article links here, and this one links to none."), disabled=True))
        options.highlighted = current
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
