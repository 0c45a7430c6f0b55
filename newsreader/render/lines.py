"""Renderables drawn line by line: a bar down the left, horizontal rules, a line never broken,
and a whole renderable with the spaces at each line's end taken off (for pipes and files)."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text


class LeftBar:
    """A renderable set off by a bar down its left side (a quotation's border-left)."""

    def __init__(self, renderable: RenderableType, bar_style: Style, bar: str = "▌ ") -> None:
        self.renderable = renderable
        self.bar_style = bar_style
        self.bar = bar

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - len(self.bar))
        lines = console.render_lines(self.renderable, options.update_width(width), pad=False)
        for line in lines:
            yield Segment(self.bar, self.bar_style)
            yield from line
            yield Segment.line()


class RuleLine:
    """A horizontal line as wide as the space it is given."""

    def __init__(self, style: Style) -> None:
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Segment("─" * options.max_width, self.style)
        yield Segment.line()


class LabelledRule:
    """ "── 2/6 ─────": a horizontal line with a label near its left end, as wide as the space given."""

    def __init__(self, label: str, style: Style) -> None:
        self.label = label
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        head = f"── {self.label} "
        yield Segment(head + "─" * max(0, options.max_width - len(head)), self.style)
        yield Segment.line()


class Unbroken:
    """A line never wrapped nor cut, however narrow the page (a web address to copy or click):
    ``TrimmedLines`` prints it whole and the terminal folds it if it must."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wide = options.update_width(max(options.max_width, self.text.cell_len))
        yield from console.render(self.text, wide)


class TrimmedLines:
    """A renderable drawn line by line with the spaces at each line's end taken off.

    Rich keeps the space where it wraps a line and pads table cells to their
    width; on a screen that is invisible, but in a pipe or a file it is noise.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self._lines(self.renderable, console, options)

    def _lines(self, renderable: RenderableType, console: Console, options: ConsoleOptions) -> RenderResult:
        if isinstance(renderable, Group):  # looked into, so an Unbroken line in it is found
            for part in renderable.renderables:
                yield from self._lines(part, console, options)
            return
        if isinstance(renderable, Unbroken):
            options = options.update_width(max(options.max_width, renderable.text.cell_len))
        for line in console.render_lines(renderable, options, pad=False):
            yield from rstrip_segments(line)
            yield Segment.line()


def rstrip_segments(line: list[Segment]) -> list[Segment]:
    """One rendered line without the whitespace at its end (styles and control codes kept)."""
    segments = list(line)
    end = len(segments)
    while end:
        segment = segments[end - 1]
        if segment.control:
            end -= 1
            continue
        text = segment.text.rstrip()
        if text:
            segments[end - 1] = Segment(text, segment.style, segment.control)
            break
        del segments[end - 1]
        end -= 1
    return segments
