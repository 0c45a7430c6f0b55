"""How one headline row is drawn: marks, title, source, date, as segments of exact width.

The list widget (``headlines.HeadlineList``) decides which row goes where and which styles
its TCSS gives; this module turns one ``Headline`` into the line or two lines it takes.
Built as segments, cell widths exact: the rows are most of the first frame.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from newsreader.ui.dates import relative_date
from newsreader.ui.widgets.headline_text import (
    BOOKMARK_MARK,
    DATE_WIDTH,
    SOURCE_WIDTH,
    UNREAD_MARK,
    display_title,
    fit,
    split_title,
)

if TYPE_CHECKING:
    from newsreader.store import Headline


def title_width(width: int, show_source: bool) -> int:
    """Cells left for the title on a row ``width`` wide (marks, source and date take the rest)."""
    return max(4, width - 3 - (SOURCE_WIDTH + 2 if show_source else 0) - (DATE_WIDTH + 1))


@dataclass(frozen=True)
class RowStyles:
    """The list's own style (``base``) and its component styles by name (``headline--…``)."""

    base: Style
    of: Callable[[str], Style]


def row_segments(
    headline: Headline,
    width: int,
    styles: RowStyles,
    is_cursor: bool,
    show_source: bool,
    now: datetime,
    *,
    lines: int = 1,
) -> list[list[Segment]]:
    """One row, as ``lines`` lines of segments: unread mark, bookmark mark, title, source (when
    ``show_source``: not in a one-source view), date. On two lines the title has the whole first
    line and goes on beside the source and date on the second."""
    style = styles.of
    cursor = style("headline--cursor") if is_cursor else Style()
    base = styles.base + style("headline--read" if headline.read else "headline--unread") + cursor
    room = title_width(width, show_source)
    whole = headline.title or "(untitled)"
    marks = [
        Segment(UNREAD_MARK if not headline.read else " ", base + style("headline--mark")),
        Segment(BOOKMARK_MARK if headline.bookmarked else " ", base + style("headline--bookmark")),
    ]
    top: list[Segment]
    if lines == 2:
        first, title = split_title(whole, max(4, width - 3), room)
        top = [*marks, Segment(" " + fit(first, max(4, width - 3)), base)]
        row = [Segment("   " + fit(title, room), base)]
    else:
        title = display_title(whole, room)
        top = []
        row = [*marks, Segment(" " + fit(title, room), base)]
    if show_source:
        source = headline.source or headline.feed or ""
        row.append(Segment("  ", base))
        row.append(Segment(fit(source, SOURCE_WIDTH), base + style("headline--source") + cursor))
    when = relative_date(headline.published, headline.date, now, compact=True)
    row.append(Segment(" " + when.rjust(DATE_WIDTH)[:DATE_WIDTH], base + style("headline--date") + cursor))
    return [top, row] if top else [row]


def row_text(rows: list[list[Segment]]) -> Text:
    """The lines of a row as one Text, joined by newlines (what a test or a copy reads)."""
    return Text("\n").join(
        Text.assemble(*((segment.text, segment.style or "") for segment in segments), no_wrap=True, end="")
        for segments in rows
    )
