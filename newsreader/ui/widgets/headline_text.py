"""Titles fitted to a number of terminal cells: cut after a whole word with "…", or split
over two lines (for display only: the article pane shows the whole title)."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

UNREAD_MARK = "●"
BOOKMARK_MARK = "★"
DATE_WIDTH = 6  # "18 Nov", "23h", "2025"
SOURCE_WIDTH = 14
SOURCE_FROM_WIDTH = 56  # narrower than this, the row is marks, title and date
# A one-line row that leaves the title fewer cells than this becomes two lines: the title
# wraps onto the second, beside the source and date, so a 70-character headline is read whole.
TITLE_ROOM = 72


def display_title(title: str, width: int) -> str:
    """``title`` to fit ``width`` cells, cut after a whole word with "…" (lede titles are whole sentences).

    For display only: the article pane shows the whole title.
    """
    if cell_len(title) <= width:
        return title
    if width < 2:
        return "…"[:width]
    cut = set_cell_size(title, width - 1).rstrip()
    ends_a_word = title.startswith(cut) and title[len(cut) : len(cut) + 1].isspace()
    space = cut.rfind(" ")
    if not ends_a_word and space > width * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:–—-(") + "…"


def _take_cells(text: str, width: int) -> str:
    """The longest start of ``text`` that fits ``width`` cells (never half a wide character)."""
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return text[:index]
    return text


def split_title(title: str, first: int, second: int) -> tuple[str, str]:
    """``title`` over two lines of ``first`` and ``second`` cells: broken after a whole word
    where one is near, the second line shortened with "…" if even two lines are too few."""
    if cell_len(title) <= first:
        return title, ""
    head = _take_cells(title, first)
    space = head.rfind(" ")
    if not title[len(head) : len(head) + 1].isspace() and space > first // 2:
        head = head[:space]
    rest = title[len(head) :].strip()
    return head.rstrip(), display_title(rest, second) if rest else ""


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: padded with spaces, or cut with "…"."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 0 else ""
    return set_cell_size(text, width)
