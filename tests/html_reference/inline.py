"""Inline text: runs cleaned, spans merged, addresses made safe, quotations marked.

Every run of text a tag stream yields passes through here on its way into a
``Paragraph``: whitespace edges kept only as one space, spans of one kind
joined, and ``href``/``src`` values resolved and kept only for safe schemes.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable
from urllib.parse import urljoin, urlsplit

from newsreader.document.blocks import Span
from newsreader.document.clean import clean_inline, strip_controls

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})

_C0_AND_SPACE = "".join(chr(c) for c in range(33))

_URL_JUNK = re.compile(r"[\t\n\r]")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def clean_line(text: str) -> str:
    """``clean_inline(text)``, without its four regular expressions when the text is printable.

    A printable string holds none of what ``strip_controls`` removes (escapes,
    controls, invisible formatting and line separators are all unprintable),
    and its only whitespace is the ASCII space.
    """
    if text.isprintable():
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
        if text.isprintable():
            return " ".join(text.split()) if "  " in text else text.strip()
    return clean_inline(text)


def clean_run(text: str) -> str:
    """One inline run, cleaned, keeping one space at either edge if it had one."""
    core = clean_line(text)
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    if not core:
        return " " if (lead or trail) else ""
    return lead + core + trail


def merge_spans(spans: list[Span]) -> list[Span]:
    """Adjacent spans of the same kind become one; empty spans go; edges trimmed."""
    out: list[Span] = []
    for span in spans:
        text = span.text
        if out and out[-1].text.endswith(" ") and text.startswith(" "):
            text = text.lstrip(" ")
        if not text:
            continue
        if out and (out[-1].kind, out[-1].url, out[-1].speaker) == (span.kind, span.url, span.speaker):
            out[-1] = Span(out[-1].text + text, span.kind, span.url, span.speaker)
        else:
            out.append(Span(text, span.kind, span.url, span.speaker))
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        first = out[0]
        out[0] = Span(first.text.lstrip(), first.kind, first.url, first.speaker)
        last = out[-1]
        out[-1] = Span(last.text.rstrip(), last.kind, last.url, last.speaker)
    return out


def safe_url(raw: str | None, base_url: str | None, schemes: frozenset[str]) -> str | None:
    """``raw`` resolved against ``base_url`` when its scheme is allowed, else None."""
    if not raw:
        return None
    url = _URL_JUNK.sub("", raw).strip(_C0_AND_SPACE)
    if not url or url != strip_controls(url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
        if not scheme and base_url:
            url = urljoin(base_url, url)
            scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in schemes or url != strip_controls(url):
        return None
    return url.replace(" ", "%20")


def with_quotes(spans: list[Span], text: str, found: list[Span]) -> list[Span]:
    """Mark quoted words: plain text inside a quotation becomes quote spans.

    ``text`` is the spans' text and ``found`` its ``quote_spans``.
    """
    ranges: list[tuple[int, int, str | None]] = []
    pos = 0
    for piece in found:
        if piece.kind == "quote":
            ranges.append((pos, pos + len(piece.text), piece.speaker))
        pos += len(piece.text)
    if not ranges or pos != len(text):
        return spans
    out: list[Span] = []
    offset = 0
    r = 0
    for span in spans:
        start, end = offset, offset + len(span.text)
        offset = end
        if span.kind != "text":
            out.append(span)
            continue
        cursor = start
        while cursor < end:
            while r < len(ranges) and ranges[r][1] <= cursor:
                r += 1
            if r >= len(ranges) or ranges[r][0] >= end:
                out.append(Span(text[cursor:end]))
                break
            q_start, q_end, speaker = ranges[r]
            if q_start > cursor:
                out.append(Span(text[cursor:q_start]))
                cursor = q_start
            stop = min(q_end, end)
            out.append(Span(text[cursor:stop], "quote", speaker=speaker))
            cursor = stop
    return _merge_keep_edges(out)


def _merge_keep_edges(spans: list[Span]) -> list[Span]:
    """Adjacent spans of the same kind become one; nothing is trimmed."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if out and (out[-1].kind, out[-1].url, out[-1].speaker) == (span.kind, span.url, span.speaker):
            out[-1] = Span(out[-1].text + span.text, span.kind, span.url, span.speaker)
        else:
            out.append(span)
    return out


class InlineText:
    """The inline text of the paragraph being written: styled runs, with HTML whitespace collapsed.

    ``started`` is called when the first run of a new paragraph begins (pages
    remember where it was written).
    """

    def __init__(self, started: Callable[[], None]) -> None:
        self.started = started
        self.runs: list[list] = []  # [kind, url, [parts]]
        self.has_text = False
        self.space = False  # a space is due before the next word
        self._em = 0
        self._strong = 0
        self._code = 0
        self._links: list[str | None] = []
        self._styles: list[str] = []
        self.cites: list[list[str]] = []  # the words of each open <cite>

    def open_link(self, url: str | None) -> None:
        self._links.append(url)
        self._styles.append("a")

    def push_style(self, kind: str) -> None:
        if kind == "em":
            self._em += 1
        elif kind == "strong":
            self._strong += 1
        else:
            self._code += 1
        self._styles.append(kind)

    def pop_style(self) -> None:
        if not self._styles:
            return
        kind = self._styles.pop()
        if kind == "a":
            if self._links:
                self._links.pop()
        elif kind == "em":
            self._em -= 1
        elif kind == "strong":
            self._strong -= 1
        else:
            self._code -= 1

    def _kind(self) -> tuple[str, str | None]:
        if self._links and self._links[-1]:
            return "link", self._links[-1]
        if self._code:
            return "code", None
        if self._strong:
            return "strong", None
        if self._em:
            return "emphasis", None
        return "text", None

    def append(self, text: str, kind: str, url: str | None) -> None:
        """``text`` as it is, joined to the last run when that has the same kind."""
        if not self.runs:
            self.started()
        if self.runs and self.runs[-1][0] == kind and self.runs[-1][1] == url:
            self.runs[-1][2].append(text)
        else:
            self.runs.append([kind, url, [text]])

    def add(self, text: str) -> None:
        """Text from the page, in the current style, with its whitespace collapsed."""
        collapsed = text if text.isprintable() and "  " not in text else _HTML_SPACE.sub(" ", text)
        core = collapsed.strip(" ")
        if not core:
            if self.has_text:
                self.space = True
            return
        if collapsed[0] == " " and self.has_text:
            self.space = True
        kind, url = self._kind()
        if self.space and self.has_text:
            # the space between words belongs to plain text, not to a link or emphasis
            if kind == "text":
                core = " " + core
            else:
                self.append(" ", "text", None)
        self.append(core, kind, url)
        for parts in self.cites:
            parts.append(core)
        self.has_text = True
        self.space = collapsed[-1] == " "

    def take(self) -> list[list]:
        """The runs written so far; the next text starts a new paragraph."""
        runs, self.runs = self.runs, []
        self.has_text = False
        self.space = False
        return runs
