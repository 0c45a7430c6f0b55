"""The breadcrumb over an article: the last steps of the reading history, as many as fit.

``fit_steps`` decides what is shown for a width: every step when they fit (each title
shortened after a whole word when the room is short), else the newest steps after a
"… ›" that stands for the rest. ``Breadcrumb`` draws it for its own width, so a wider
pane shows more.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widget import Widget

from newsreader.document.clean import edge_guard

START = "‹ "
ELIDED = "… › "
SEPARATOR = " › "
EARLIER_MIN = 12  # cells an earlier step needs to still say which story it was
CURRENT_MIN = 16  # the open story's step (its whole title is the heading below)


def shorten(title: str, width: int) -> str:
    """``title`` in ``width`` cells, cut after a whole word when there is one in the last two
    thirds (a step is a reminder: "Housing to…" reads better than "Housing to pla…")."""
    if cell_len(title) <= width:
        return title
    if width < 2:
        return "…"[:width]
    cut = set_cell_size(title, width - 1).rstrip()
    if not title[len(cut) : len(cut) + 1].isspace():
        space = cut.rfind(" ")
        if space >= max(3, width // 3):
            cut = cut[:space]
    return cut.rstrip(" ,;:–—-(") + "…"


def _shares(lengths: list[int], minimums: list[int], room: int) -> list[int]:
    """Cells for each step: its minimum (or less when it is shorter), then the rest of
    ``room`` shared out evenly among the steps that are still cut."""
    shares = [min(length, least) for length, least in zip(lengths, minimums)]
    extra = room - sum(shares)
    while extra > 0:
        cut = [i for i, length in enumerate(lengths) if shares[i] < length]
        if not cut:
            break
        each = max(1, extra // len(cut))
        for i in cut:
            grant = min(each, lengths[i] - shares[i], extra)
            shares[i] += grant
            extra -= grant
            if extra <= 0:
                break
    return shares


def fit_steps(titles: list[str], width: int, earlier: bool = False) -> tuple[list[str], bool]:
    """The steps to show in ``width`` cells (oldest first, each shortened to its share) and
    whether some were left out (shown as "…"). ``earlier``: the history has steps before ``titles``."""
    steps = [edge_guard(title) or "…" for title in titles]
    if not steps:
        return [], False
    lengths = [cell_len(step) for step in steps]
    for count in range(len(steps), 0, -1):
        elided = earlier or count < len(steps)
        room = width - cell_len(START) - (cell_len(ELIDED) if elided else 0) - cell_len(SEPARATOR) * (count - 1)
        minimums = [EARLIER_MIN] * (count - 1) + [CURRENT_MIN]
        chosen = lengths[-count:]
        if sum(min(length, least) for length, least in zip(chosen, minimums)) <= room or count == 1:
            shares = _shares(chosen, minimums, max(1, room))
            return [shorten(step, share) for step, share in zip(steps[-count:], shares)], elided
    raise AssertionError("unreachable: one step is always shown")


class Breadcrumb(Widget):
    """ "‹ Earlier › Current", fitted to the widget's width each time it is drawn."""

    COMPONENT_CLASSES = {"breadcrumb--step", "breadcrumb--current"}
    DEFAULT_CSS = "Breadcrumb { height: auto; max-height: 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles: list[str] = []
        self.earlier = False

    def show(self, titles: list[str], earlier: bool = False) -> None:
        """The history's last steps, oldest first; shown when there are two or more."""
        self.titles = list(titles)
        self.earlier = earlier
        self.display = len(self.titles) > 1
        self.refresh(layout=True)

    def render(self) -> Text:
        if len(self.titles) < 2:
            return Text("")
        width = self.content_region.width or self.size.width or 60
        shown, elided = fit_steps(self.titles, width, self.earlier)
        text = Text(START + (ELIDED if elided else ""), no_wrap=True, overflow="ellipsis", end="")
        for position, step in enumerate(shown):
            last = position == len(shown) - 1
            text.append(
                step, self.get_component_rich_style("breadcrumb--current" if last else "breadcrumb--step", partial=True)
            )
            if not last:
                text.append(SEPARATOR)
        return text
