"""Where Tab stops in the article pane: each link of each block holding links, each link line,
in reading order; and the address of the focused link (what ``o`` and ``y`` act on)."""

from __future__ import annotations

from textual.containers import ScrollableContainer
from textual.widget import Widget


def link_stops(view: Widget) -> list[tuple[Widget, int]]:
    """Every place Tab stops, in reading order: each link of each mounted link block, each line."""
    from newsreader.ui.widgets.block_widgets import LinkedBlock, LinkLine

    stops: list[tuple[Widget, int]] = []
    for widget in view.query("LinkedBlock, LinkLine"):
        if isinstance(widget, LinkedBlock):
            stops.extend((widget, index) for index in range(len(widget.links)))
        elif isinstance(widget, LinkLine):
            stops.append((widget, 0))
    return stops


def stop_here(view: Widget, stops: list[tuple[Widget, int]]) -> int | None:
    """Which stop has the focus (None when the focus is on no link of the article)."""
    from newsreader.ui.widgets.block_widgets import LinkedBlock

    focused = view.screen.focused if view.is_mounted else None
    for position, (widget, index) in enumerate(stops):
        if widget is focused and (not isinstance(widget, LinkedBlock) or widget.current == index):
            return position
    return None


def go_to_stop(view: ScrollableContainer, widget: Widget, index: int) -> None:
    from newsreader.ui.widgets.block_widgets import LinkedBlock

    if isinstance(widget, LinkedBlock):
        widget.show_link(index)
    widget.focus()
    view.scroll_to_widget(widget, animate=False)


def focused_url(view: Widget) -> str | None:
    """The address of the focused link, when a link of the article has the focus and has one."""
    from newsreader.ui.widgets.block_widgets import LinkedBlock, LinkLine

    focused = view.screen.focused if view.is_mounted else None
    if focused is None or view not in focused.ancestors:
        return None
    if isinstance(focused, LinkedBlock):
        return focused.url
    if isinstance(focused, LinkLine):
        return focused.link.url
    return None
