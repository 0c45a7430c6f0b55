"""The headline list: a virtual list that draws only the rows on screen.

It is a Line-API ``ScrollView``: its virtual height is the number of articles
in the view, and ``render_line`` asks ``HeadlinePages`` for the one row it
draws (drawn by ``headline_row``). Opening a view of 100,000 articles costs one count and one page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsreader.ui.dates import Clock, system_clock
from newsreader.ui.messages import ArticleHighlighted, ArticleOpened
from newsreader.ui.widgets.headline_pages import HeadlinePages, HeadlineSource, Marks
from newsreader.ui.widgets.headline_row import RowStyles, row_segments, row_text, title_width
from newsreader.ui.widgets.headline_text import SOURCE_FROM_WIDTH, TITLE_ROOM

if TYPE_CHECKING:
    from newsreader.store import Headline, View


class HeadlineList(ScrollView, can_focus=True):
    """Headlines of the current view, newest first, with a cursor."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="cursor_down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="cursor_up"),
        Binding("g,home", "cursor_top", "Top", show=False, id="cursor_top"),
        Binding("G,end", "cursor_bottom", "Bottom", show=False, id="cursor_bottom"),
        Binding("pageup", "cursor_page_up", "Page up", show=False, id="cursor_page_up"),
        Binding("pagedown", "cursor_page_down", "Page down", show=False, id="cursor_page_down"),
        Binding("enter", "open", "Open", id="open", tooltip="Open the article"),
        Binding(
            "space",
            "open_or_page",
            "Open/page",
            show=False,
            id="open_or_page",
            tooltip="Open the article, then page down through it",
        ),
    ]

    DEFAULT_CSS = "HeadlineList { overflow-x: hidden; overflow-y: auto; }"
    COMPONENT_CLASSES = {
        "headline--cursor",
        "headline--unread",
        "headline--read",
        "headline--mark",
        "headline--bookmark",
        "headline--source",
        "headline--date",
        "headline--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    def __init__(self, headline_source: HeadlineSource, *, clock: Clock = system_clock, id: str | None = None) -> None:
        super().__init__(id=id)
        self.headline_source = headline_source
        self.clock = clock
        self.pages: HeadlinePages | None = None
        self.empty_message = "No articles here."
        self._height = 1  # lines per headline, as the virtual size was last set (see ``row_height``)

    # -- what the list shows -------------------------------------------------

    def show_view(self, view: View, select: str | None = None, *, count: bool = True) -> None:
        """Show ``view`` from its first row (or the row of ``select``).

        ``count=False`` reads only the first page; the owner counts the view
        later (off the event loop) and passes the number to ``settle_count``.
        """
        self.pages = HeadlinePages(self.headline_source, view, count=count)
        self._resize_virtual()
        index = self.pages.index_of(select) if select else None
        self._set_cursor(index or 0, announce=False)
        self.scroll_to(y=max(0, (index or 0) * self._height - self.size.height // 2), animate=False)
        self.refresh()

    def reload(self) -> None:
        """Re-read the view (new articles arrived), keeping the cursor on its article."""
        if self.pages is None:
            return
        current = self.highlighted
        self.pages = HeadlinePages(self.headline_source, self.pages.view)
        self._resize_virtual()
        index = self.pages.index_of(current.id) if current else None
        self._set_cursor(index if index is not None else min(self.cursor, max(0, self.count - 1)), announce=False)
        self.refresh()

    @property
    def counted(self) -> bool:
        """Whether ``count`` is the view's real number of rows (not only the first page's)."""
        return self.pages is None or self.pages.exact

    def settle_count(self, view: View, count: int) -> None:
        """The real count of ``view``, if it is still the view shown and was not counted yet."""
        if self.pages is None or self.pages.exact or self.pages.view != view:
            return
        self.pages.settle_count(count)
        self._resize_virtual()
        self.refresh()

    def patch(self, article_id: str, **changes: Unpack[Marks]) -> None:
        if self.pages is not None:
            self.pages.patch(article_id, **changes)
            self.refresh()

    def patch_all(self, **changes: Unpack[Marks]) -> None:
        if self.pages is not None:
            self.pages.patch_all(**changes)
            self.refresh()

    @property
    def view(self) -> View | None:
        return self.pages.view if self.pages else None

    @property
    def count(self) -> int:
        return self.pages.count if self.pages else 0

    @property
    def highlighted(self) -> Headline | None:
        return self.pages.row(self.cursor) if self.pages else None

    def select_article(self, article_id: str) -> bool:
        """Put the cursor on an article if it is in this view."""
        if self.pages is None:
            return False
        index = self.pages.index_of(article_id)
        if index is None:
            return False
        self._set_cursor(index, announce=False)
        return True

    def headline_at(self, index: int) -> Headline | None:
        return self.pages.row(index) if self.pages else None

    @property
    def row_height(self) -> int:
        """Lines per headline: 2 when one line would leave the title fewer than ``TITLE_ROOM`` cells.

        Decided on the widget's outer width (not the region inside a scrollbar, which comes
        and goes with the virtual height), so the choice never feeds back on itself.
        """
        width = self.size.width
        if not width:
            return 1
        return 2 if title_width(width, self._shows_source(width)) < TITLE_ROOM else 1

    def _shows_source(self, width: int) -> bool:
        return width >= SOURCE_FROM_WIDTH and (self.view is None or self.view.source_id is None)

    def _resize_virtual(self) -> None:
        self._height = self.row_height
        self.virtual_size = Size(0, self.count * self._height)

    def on_resize(self, event: events.Resize) -> None:
        if self.row_height != self._height:
            self._resize_virtual()
            self._scroll_cursor_into_view()
            self.refresh()

    # -- the cursor ----------------------------------------------------------

    def _set_cursor(self, index: int, announce: bool = True) -> None:
        index = max(0, min(index, self.count - 1)) if self.count else 0
        self.set_reactive(HeadlineList.cursor, index)
        self._scroll_cursor_into_view()
        self.refresh()
        headline = self.highlighted
        if announce and headline is not None:
            self.post_message(ArticleHighlighted(headline.id))

    def _scroll_cursor_into_view(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        first, last = self.cursor * self._height, (self.cursor + 1) * self._height - 1
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif last >= top + height:
            self.scroll_to(
                y=max(first, last - height + 1) if self._height <= height else first, animate=False, immediate=True
            )

    def action_cursor_down(self) -> None:
        self._set_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._set_cursor(self.cursor - 1)

    def action_cursor_top(self) -> None:
        self._set_cursor(0)

    def action_cursor_bottom(self) -> None:
        self._set_cursor(self.count - 1)

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // self._height - 1)

    def action_cursor_page_down(self) -> None:
        self._set_cursor(self.cursor + self._page_rows())

    def action_cursor_page_up(self) -> None:
        self._set_cursor(self.cursor - self._page_rows())

    def action_open(self) -> None:
        headline = self.highlighted
        if headline is not None:
            self.post_message(ArticleOpened(headline.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "open_or_page"):
            return True if self.count else None
        return True

    def action_open_or_page(self) -> None:
        headline = self.highlighted
        if headline is not None:
            self.post_message(ArticleOpened(headline.id, page=True))

    def move_to(self, index: int) -> Headline | None:
        """Move the cursor (used by next / previous article) and return the row there."""
        self._set_cursor(index)
        return self.highlighted

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self.pages is None:
            return
        index = (round(self.scroll_y) + offset.y) // self._height
        if 0 <= index < self.count:
            self._set_cursor(index)
            self.action_open()

    # -- drawing -------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index, line = divmod(round(self.scroll_y) + y, self._height)
        if self.count == 0 and y == 0:
            style = base + self.get_component_rich_style("headline--empty")
            return self._strip(Text(f" {self.empty_message}", style=style), width, base)
        headline = self.headline_at(index)
        if headline is None:
            return Strip.blank(width, base)
        rows = self._row_segments(headline, width, index == self.cursor, lines=self._height)
        return Strip(Segment.simplify(rows[line])).adjust_cell_length(width, base)

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        segments = list(text.render(self.app.console, end=""))
        return Strip(segments).adjust_cell_length(width, base)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _row_text(self, headline: Headline, width: int, is_cursor: bool, lines: int = 1) -> Text:
        """One row as Text (its lines joined by newlines): what ``render_line`` draws (as segments)."""
        return row_text(self._row_segments(headline, width, is_cursor, lines=lines))

    def _row_segments(self, headline: Headline, width: int, is_cursor: bool, lines: int = 1) -> list[list[Segment]]:
        styles = RowStyles(self.rich_style, self._style)
        return row_segments(headline, width, styles, is_cursor, self._shows_source(width), self.clock(), lines=lines)
