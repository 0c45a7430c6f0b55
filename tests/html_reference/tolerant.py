"""The stdlib HTML parser made safe for a stranger's input: linear time, nothing raised.

``prepare_html`` cuts what would make ``html.parser`` rescan the rest of the
input again and again (a tag cut off by the end, a lone ``<``) and turns
control-character references into the characters the sanitiser removes.
``TolerantParser`` handles ``<![`` and unclosed comments without quadratic
searches or ``_markupbase`` assertions.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_TAG_START = re.compile(r"<[A-Za-z/!?]")
_LONE_LT = re.compile(r"<(?![A-Za-z/!?])")
_COMMENT_CLOSE = re.compile(r"--!?\s*>")

_CONTROL_REF = re.compile(r"&#(?:0*(\d{1,7})|[xX]0*([0-9a-fA-F]{1,6}));?")


def prepare_html(html: object) -> str:
    """Text the parser can finish in linear time: a tag cut off by the end is dropped."""
    if not isinstance(html, str):
        if isinstance(html, (bytes, bytearray)):
            html = bytes(html).decode("utf-8", "replace")
        else:
            html = "" if html is None else str(html)
    html = _CONTROL_REF.sub(_control_ref, html)
    last = html.rfind(">")
    tail = _TAG_START.search(html, last + 1)
    if tail is not None:
        html = html[: tail.start()]
    return _LONE_LT.sub("&lt;", html)


def _control_ref(match: re.Match[str]) -> str:
    """``&#27;`` -> ESC itself, so the sanitiser removes the whole escape sequence it starts.

    ``html.unescape`` would drop the ESC alone and leave the rest of the sequence
    (``]52;c;...``) as text.
    """
    try:
        value = int(match[1]) if match[1] is not None else int(match[2], 16)
    except ValueError:
        return match[0]
    if 0 < value < 32 and value not in (9, 10, 13) or value == 127:
        return chr(value)
    return match[0]


class TolerantParser(HTMLParser):
    """``HTMLParser`` with ``<![`` and comments read in linear time, whatever their state."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._cdata_close: tuple[int, int] = (-1, -1)
        self._comment_close: tuple[int, int] = (-1, -1)

    def parse_html_declaration(self, i: int) -> int:
        """``<![...`` without ever reaching _markupbase's assertions; CDATA kept as text."""
        rawdata = self.rawdata
        if rawdata.startswith("<![", i):
            if rawdata.startswith("<![CDATA[", i):
                close = self._last_cdata_close(rawdata)
                if close > i:
                    j = rawdata.find("]]>", i + 9)
                    self.handle_data(rawdata[i + 9 : j])
                    return j + 3
            j = rawdata.find(">", i + 3)
            return -1 if j < 0 else j + 1
        return super().parse_html_declaration(i)

    def parse_comment(self, i: int, report: int = 1) -> int:  # type: ignore[override]
        """Comments are dropped; an unclosed one is not searched for again and again."""
        rawdata = self.rawdata
        if self._last_comment_close(rawdata) < i:
            return -1
        match = _COMMENT_CLOSE.search(rawdata, i + 4)
        return -1 if match is None else match.end()

    def _last_cdata_close(self, rawdata: str) -> int:
        """Where the last ``]]>`` starts; -1 when there is none. Cached."""
        key, value = self._cdata_close
        if key != id(rawdata) + len(rawdata):
            value = rawdata.rfind("]]>")
            self._cdata_close = (id(rawdata) + len(rawdata), value)
        return value

    def _last_comment_close(self, rawdata: str) -> int:
        """Where the last ``-->`` (or ``--!>``, ``-- >``) ends; -1 when there is none. Cached."""
        key, value = self._comment_close
        if key != id(rawdata) + len(rawdata):
            at = rawdata.rfind(">")
            while at >= 0:
                j = at - 1
                while j >= 0 and at - j < 64 and rawdata[j] in " \t\n\r\f":
                    j -= 1
                if j >= 0 and rawdata[j] == "!":
                    j -= 1
                if j >= 1 and rawdata[j - 1 : j + 1] == "--":
                    break
                at = rawdata.rfind(">", 0, at)
            value = at
            self._comment_close = (id(rawdata) + len(rawdata), value)
        return value
