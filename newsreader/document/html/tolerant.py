"""The stdlib HTML parser made safe for a stranger's input, and fast: linear time, nothing raised.

``prepare_html`` cuts what would make ``html.parser`` rescan the rest of the
input again and again (a tag cut off by the end, a lone ``<``) and turns
control-character references into the characters the sanitiser removes.
``TolerantParser`` handles ``<![`` and unclosed comments without quadratic
searches or ``_markupbase`` assertions.

``TolerantParser.goahead`` is ``HTMLParser.goahead`` (``convert_charrefs=True``)
with a fast path: a plain start tag (``<p>``, ``<a href="x" class=y>``) or an
end tag is read by one regular expression, whose every match is a tag the
stdlib reads the same way; anything else (odd attributes, comments,
declarations, ``<?``, a lone ``<``, raw text) goes to the stdlib's own
``parse_*`` methods at the same position. So the events are the stdlib's, only
cheaper; line numbers (``getpos``) are not kept. It runs only on the
``html.parser`` it was written against (``FAST_TOKENIZER``); elsewhere the
stdlib's goahead runs.
"""

from __future__ import annotations

import hashlib
import html as stdlib_html
import html.parser as stdlib_parser
import re
from html import unescape
from html.parser import HTMLParser
from types import CodeType

_TAG_START = re.compile(r"<[A-Za-z/!?]")
_LONE_LT = re.compile(r"<(?![A-Za-z/!?])")
_COMMENT_CLOSE = re.compile(r"--!?\s*>")

# The common case: a plain start tag or an end tag, in one match.
#
# A plain start tag is one the stdlib reads exactly so: a name (letters, digits, - : _ .)
# then attributes with ASCII whitespace before each, values quoted or bare (no quote, =,
# <, >, `, / or whitespace of any kind, and no / right after it: the stdlib would take
# that / into the value), then > or />. Each part is a subset of what
# ``locatestarttagend_tolerant``, ``tagfind_tolerant`` and ``attrfind_tolerant`` accept,
# and stops where they stop, so the tag's end, name and attributes are theirs. The end
# tag is ``endtagfind``'s. Anything else fails the match and goes the stdlib's way.
# Linear: every repetition is separated by a character the part before it cannot
# hold, so a failed match backtracks only within one tag.
_PLAIN_TAG = re.compile(
    r"""<(?:
        ([a-zA-Z][-a-zA-Z0-9:_.]*)
        ((?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*
            (?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:"[^"]*"|'[^']*'|[^\s"'=<>`/]+(?!/)))?
        )*)
        [ \t\n\r\f]*(/?)>
    |
        /([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>
    )""",
    re.VERBOSE,
)
_PLAIN_ATTR = re.compile(
    r"""[ \t\n\r\f]+([a-zA-Z_:][-a-zA-Z0-9_:.]*)
    (?:[ \t\n\r\f]*=[ \t\n\r\f]*("[^"]*"|'[^']*'|[^\s"'=<>`/]+(?!/)))?""",
    re.VERBOSE,
)
_STARTTAG_OPEN = re.compile("<[a-zA-Z]")

_SPACE_OR_SEMICOLON = re.compile(r"[\s;]")

# html.unescape's own expression for one character reference, when this Python has it.
_CHARREF: re.Pattern[str] | None = getattr(stdlib_html, "_charref", None)
_charref_texts: dict[str, str] = {}  # a reference (as matched) -> what html.unescape makes of it
_MAX_CHARREF_TEXTS = 4096


def _charref_text(match: re.Match[str]) -> str:
    reference = match.group()
    text = _charref_texts.get(reference)
    if text is None:
        text = unescape(reference)
        if len(_charref_texts) < _MAX_CHARREF_TEXTS:
            _charref_texts[reference] = text
    return text


def unescape_text(text: str) -> str:
    """``html.unescape(text)``, remembering what each character reference becomes.

    ``unescape`` replaces each match of ``_CHARREF`` by what that match alone
    says, so the reference's text alone, unescaped, is the same replacement."""
    if "&" not in text:
        return text
    if _CHARREF is None:
        return unescape(text)
    return _CHARREF.sub(_charref_text, text)


_CONTROL_REF = re.compile(r"&#(?:0*(\d{1,7})|[xX]0*([0-9a-fA-F]{1,6}));?")


# The fast tokenizer mirrors html.parser as it is in these Pythons (a fingerprint of the
# code and expressions it mirrors). Another html.parser may read some input otherwise, so
# there the stdlib's own goahead runs: slower, and exactly that Python's reading.
_KNOWN_STDLIB = {
    "810b951bb3cc53b00d0d4239d5fa857168348b3c0e97f84c57f7b3f8c4d62c3b": "CPython 3.11.7",
}


def _fingerprint(code: CodeType) -> bytes:
    parts = [code.co_code, repr(code.co_names).encode()]
    for const in code.co_consts:
        parts.append(_fingerprint(const) if isinstance(const, CodeType) else repr(const).encode())
    return b"\0".join(parts)


def stdlib_fingerprint() -> str | None:
    """What identifies this Python's html.parser (and html.unescape) for the fast tokenizer."""
    digest = hashlib.sha256()
    try:
        for name in (
            "goahead", "parse_starttag", "check_for_whole_start_tag", "parse_endtag", "set_cdata_mode",
            "clear_cdata_mode", "parse_bogus_comment", "parse_html_declaration", "parse_pi",
        ):  # fmt: skip
            digest.update(_fingerprint(getattr(HTMLParser, name).__code__))
        for name in (
            "interesting_normal", "starttagopen", "tagfind_tolerant", "attrfind_tolerant",
            "locatestarttagend_tolerant", "endendtag", "endtagfind", "piclose", "commentclose",
        ):  # fmt: skip
            digest.update(repr(getattr(stdlib_parser, name).pattern).encode())
        digest.update(repr(HTMLParser.CDATA_CONTENT_ELEMENTS).encode())
        digest.update(_fingerprint(stdlib_html.unescape.__code__))
        digest.update(_fingerprint(stdlib_html._replace_charref.__code__))
        digest.update(repr(stdlib_html._charref.pattern).encode())  # type: ignore[attr-defined]
    except AttributeError:
        return None
    return digest.hexdigest()


FAST_TOKENIZER = stdlib_fingerprint() in _KNOWN_STDLIB


def prepare_html(html: object) -> str:
    """Text the parser can finish in linear time: a tag cut off by the end is dropped."""
    if not isinstance(html, str):
        if isinstance(html, (bytes, bytearray)):
            html = bytes(html).decode("utf-8", "replace")
        else:
            html = "" if html is None else str(html)
    if "&#" in html:
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

    def parse_comment(self, i: int, report: int = 1) -> int:
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

    # --- the tokenizer -----------------------------------------------------------

    def goahead(self, end: int) -> None:
        """``HTMLParser.goahead`` for ``convert_charrefs=True``, with a fast path for plain tags."""
        if not FAST_TOKENIZER:
            super().goahead(bool(end))
            return
        rawdata = self.rawdata
        i = 0
        n = len(rawdata)
        find = rawdata.find
        startswith = rawdata.startswith
        plain_tag = _PLAIN_TAG.match
        plain_attrs = _PLAIN_ATTR.findall
        handle_data = self.handle_data
        handle_starttag = self.handle_starttag
        handle_endtag = self.handle_endtag
        cdata_elements = self.CDATA_CONTENT_ELEMENTS
        while i < n:
            if self.cdata_elem is None:
                j = find("<", i)
                if j < 0:
                    # as the stdlib: a character reference maybe cut off by the end waits for more
                    amppos = rawdata.rfind("&", max(i, n - 34))
                    if amppos >= 0 and not _SPACE_OR_SEMICOLON.search(rawdata, amppos):
                        break
                    j = n
                if i < j:
                    text = rawdata[i:j]
                    handle_data(unescape_text(text) if "&" in text else text)
                i = j
                if i == n:
                    break
                match = plain_tag(rawdata, i)
                if match is not None:
                    name, attribute_text, slash, closing = match.groups()
                    i = match.end()
                    if name is None:
                        handle_endtag(closing.lower())
                        if self.cdata_elem is not None:
                            self.clear_cdata_mode()
                        continue
                    tag = name.lower()
                    attrs: list[tuple[str, str | None]] = []
                    if attribute_text:
                        for key, value in plain_attrs(attribute_text):
                            if not value:
                                attrs.append((key.lower(), None))
                                continue
                            if value[0] == '"' or value[0] == "'":
                                value = value[1:-1]
                            attrs.append((key.lower(), unescape_text(value)))
                    if slash:
                        self.handle_startendtag(tag, attrs)
                    else:
                        handle_starttag(tag, attrs)
                        if tag in cdata_elements:
                            self.set_cdata_mode(tag)
                    continue
            else:
                match = self.interesting.search(rawdata, i)
                if match is None:
                    break
                j = match.start()
                if i < j:
                    handle_data(rawdata[i:j])
                i = j
                if i == n:
                    break
            # the stdlib's way with whatever starts here
            if _STARTTAG_OPEN.match(rawdata, i):
                k = self.parse_starttag(i)
            elif startswith("</", i):
                k = self.parse_endtag(i)
            elif startswith("<!--", i):
                k = self.parse_comment(i)
            elif startswith("<?", i):
                k = self.parse_pi(i)
            elif startswith("<!", i):
                k = self.parse_html_declaration(i)
            elif (i + 1) < n:
                handle_data("<")
                k = i + 1
            else:
                break
            if k < 0:
                if not end:
                    break
                k = find(">", i + 1)
                if k < 0:
                    k = find("<", i + 1)
                    if k < 0:
                        k = i + 1
                else:
                    k += 1
                if self.cdata_elem is None:
                    handle_data(unescape(rawdata[i:k]))
                else:
                    handle_data(rawdata[i:k])
            i = k
        if end and i < n and self.cdata_elem is None:
            handle_data(unescape(rawdata[i:n]))
            i = n
        self.rawdata = rawdata[i:]
