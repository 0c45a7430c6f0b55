"""Where Tab stops in the article pane: each link of each block holding links, each link line,
in reading order; moving between them (``next_link``, ``previous_link``); and the address of
the focused link (what ``o`` and ``y`` act on)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

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


async def next_link(view: ScrollableContainer, mount_more: Callable[[], Awaitable[bool]]) -> None:
    """Tab: the next link in reading order, then whatever follows the article. ``mount_more``
    mounts more of a long article to reach it (False: everything is mounted)."""
    stops = link_stops(view)
    here = stop_here(view, stops)
    following = 0 if here is None else here + 1
    while following >= len(stops) and await mount_more():
        stops = link_stops(view)
    if following < len(stops):
        go_to_stop(view, *stops[following])
    else:
        view.screen.focus_next()


def previous_link(view: ScrollableContainer) -> None:
    """Shift+Tab: the previous link; from the first, the article itself; from none, what comes before."""
    stops = link_stops(view)
    here = stop_here(view, stops)
    if here is None:
        view.screen.focus_previous()
    elif here == 0:
        view.focus()
    else:
        go_to_stop(view, *stops[here - 1])
