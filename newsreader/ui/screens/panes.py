"""What the parts of the main screen share: its panes, and the services behind them.

``MainPanes`` builds one ``Panes`` and hands it to each part (``Views``, ``Reader``,
``Keeper``, ``SourceActions``, ``Addresses``, ``StoreWatcher``): plain objects, each with one
concern, that tell the panes what to show. Workers answer to ``root`` (the ``MainPanes``
widget), which passes each message to the part it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.widget import Widget

    from newsreader.config import Config
    from newsreader.library import Library
    from newsreader.ui.dates import Clock
    from newsreader.ui.trail import ReadingTrail
    from newsreader.ui.widgets.article import ArticleView
    from newsreader.ui.widgets.headlines import HeadlineList
    from newsreader.ui.widgets.sources import SourcesPane
    from newsreader.ui.workers import Workers


@dataclass
class Panes:
    """The main screen's widgets and services (``show_reading``: the narrow layout's switch to
    the article; ``show_list``: back to the list)."""

    root: Widget
    headlines: HeadlineList
    article: ArticleView
    sources: SourcesPane
    library: Library
    config: Config
    clock: Clock
    trail: ReadingTrail
    workers: Workers
    show_reading: Callable[[], None]
    show_list: Callable[[], None]

    @property
    def screen(self) -> Screen[object]:
        return self.root.screen

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """A notification, never parsed as markup (the text may come from outside)."""
        self.screen.notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def held_marks(self, article_id: str) -> tuple[bool, bool] | None:
        """(read, bookmarked) of an article from what the panes hold (no store read); None when
        neither the list's row nor the open article is it."""
        for shown in (self.headlines.highlighted, self.article.opened):
            if shown is not None and shown.id == article_id:
                return shown.read, shown.bookmarked
        return None

    def marks(self, article_id: str) -> tuple[bool, bool]:
        """(read, bookmarked) of an article, from what the panes hold, else its headline row
        (one indexed read, not the whole article)."""
        held = self.held_marks(article_id)
        if held is not None:
            return held
        headline = self.library.articles.headlines_of([article_id]).get(article_id)
        return (headline.read, headline.bookmarked) if headline else (False, False)

    def target_marks(self) -> tuple[bool, bool]:
        """(read, bookmarked) of the article a mark applies to, from what the panes hold: what
        the footer offers (mark unread, drop the bookmark) is decided without a store read."""
        article_id = self.target_id()
        held = self.held_marks(article_id) if article_id is not None else None
        return held or (False, False)

    def target_id(self) -> str | None:
        """The article a mark applies to: the list's row when the list has focus, else the open one."""
        highlighted = self.headlines.highlighted
        if self.screen.focused is self.headlines and highlighted is not None:
            return highlighted.id
        return self.article.article_id or (highlighted.id if highlighted else None)
