"""What a reader never sees: scripts, styles, forms, navigation, hidden elements, and a page's <head>.

Their content is skipped up to their end tag. Two of them still say something
about the page: the ``<title>`` and a JSON-LD ``<script>`` (its datePublished),
so their text is kept for the page's metadata.
"""

from __future__ import annotations

import re

# Elements whose whole content is invisible to a reader.
INVISIBLE = frozenset(
    """script style iframe object embed form input button select textarea svg math
    noscript template nav title canvas audio video map datalist frameset frame applet""".split()
)
HEAD_CONTENT = frozenset("title meta link script style base noscript template object".split())
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)


def is_invisible(tag: str, attr: dict[str, str], page: bool) -> bool:
    """An element to skip whole. A page's <form> is kept: some sites wrap the whole article in one."""
    if tag in INVISIBLE and not (tag == "form" and page):
        return True
    return "hidden" in attr or _DISPLAY_NONE.search(attr.get("style", "")) is not None


class SkippedElement:
    """An invisible element being skipped: its nesting depth, and its text when it is worth keeping."""

    def __init__(self, tag: str, attr: dict[str, str], want_title: bool) -> None:
        self.tag = tag
        self.depth = 1
        self.kind = ""  # "title" or "ld" (JSON-LD) when the text is kept
        if tag == "title" and want_title:
            self.kind = "title"
        elif tag == "script" and "ld+json" in attr.get("type", "").lower():
            self.kind = "ld"
        self._parts: list[str] | None = [] if self.kind else None

    def opened(self, tag: str) -> None:
        if tag == self.tag:
            self.depth += 1

    def closed(self, tag: str) -> bool:
        """True when this end tag ends the skipped element."""
        if tag == self.tag:
            self.depth -= 1
        return self.depth <= 0

    def add(self, data: str) -> None:
        if self._parts is not None:
            self._parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self._parts or [])
