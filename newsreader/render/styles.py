"""The names article blocks are styled by, and their look on a plain terminal.

Renderers take their colours from ``style_of(name)``: in the app, the TCSS component classes
of these names (so themes restyle everything); in ``newsreader show``, ``TERMINAL_STYLES``.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style

StyleOf = Callable[[str], Style]

BLOCK_CLASSES = {
    "paragraph--quote",
    "paragraph--speaker",
    "paragraph--link",
    "paragraph--emphasis",
    "paragraph--strong",
    "paragraph--code",
    "quote--bar",
    "quote--text",
    "quote--speaker",
    "list--lead",
    "list--bullet",
    "heading--text",
    "image--label",
    "image--url",
    "preformatted--text",
    "rule--line",
    "paragraph--link-number",
    "paragraph--link-focused",
}

LINK_CLASSES = {"link--number", "link--mark", "link--title", "link--source"}

# The look of ``newsreader show`` on a terminal, by the same names the app's TCSS styles.
TERMINAL_STYLES: dict[str, Style] = {
    "paragraph--quote": Style(color="yellow", italic=True),
    "paragraph--speaker": Style(bold=True),
    "paragraph--link": Style(color="cyan", underline=True),
    "paragraph--emphasis": Style(italic=True),
    "paragraph--strong": Style(bold=True),
    "paragraph--code": Style(reverse=True),
    "quote--bar": Style(color="yellow"),
    "quote--text": Style(color="yellow", italic=True),
    "quote--speaker": Style(dim=True),
    "list--lead": Style(),
    "list--bullet": Style(bold=True),
    "heading--text": Style(bold=True),
    "image--label": Style(dim=True),
    "image--url": Style(dim=True),
    "preformatted--text": Style(color="green"),
    "rule--line": Style(dim=True),
    "link--number": Style(bold=True),
    "link--mark": Style(color="cyan"),
    "link--title": Style(color="cyan", bold=True),
    "link--source": Style(dim=True),
    "title": Style(bold=True),
    "meta": Style(dim=True),
}


def terminal_style(name: str) -> Style:
    return TERMINAL_STYLES.get(name, Style())
