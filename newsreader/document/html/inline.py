"""Inline text: runs cleaned, spans merged, addresses made safe, quotations marked.

Every run of text a tag stream yields passes through here on its way into a
``Paragraph``: whitespace edges kept only as one space, spans of one kind
joined, and ``href``/``src`` values resolved and kept only for safe schemes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..blocks import Span
from ..clean import clean_inline, strip_controls

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})

_C0_AND_SPACE = "".join(chr(c) for c in range(33))

_URL_JUNK = re.compile(r"[\t\n\r]")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def clean_line(text: str, printable: bool | None = None) -> str:
    """``clean_inline(text)``, without its four regular expressions when the text is printable.

    A printable string holds none of what ``strip_controls`` removes (escapes,
    controls, invisible formatting and line separators are all unprintable),
    and its only whitespace is the ASCII space. ``printable`` is
    ``text.isprintable()`` when the caller knows it already.
    """
    if printable is None:
        printable = text.isprintable()
    if not printable:
        return clean_inline(text)
    if not text.isascii():
        normalized = unicodedata.normalize("NFC", text)
        if normalized is not text and not normalized.isprintable():
            return clean_inline(normalized)
        text = normalized
    return " ".join(text.split()) if "  " in text else text.strip()


def clean_run(text: str, printable: bool | None = None) -> str:
    """One inline run, cleaned, keeping one space at either edge if it had one."""
    core = clean_line(text, printable)
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    if not core:
        return " " if (lead or trail) else ""
    return lead + core + trail


def merge_spans(spans: list[Span]) -> list[Span]:
    """Adjacent spans of the same kind become one; empty spans go; edges trimmed.

    A span that stays as it is, is kept as it is (spans are immutable): only
    joined and trimmed ones are made anew.
    """
    out: list[Span] = []
    for span in spans:
        text = span.text
        if out and text[:1] == " " and out[-1].text[-1:] == " ":
            text = text.lstrip(" ")
        if not text:
            continue
        if out:
            last = out[-1]
            if last.kind == span.kind and last.url == span.url and last.speaker == span.speaker:
                out[-1] = Span(last.text + text, span.kind, span.url, span.speaker)
                continue
        out.append(span if text is span.text and type(span) is Span else Span(text, span.kind, span.url, span.speaker))
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        first = out[0]
        text = first.text.lstrip()
        if text != first.text:
            out[0] = Span(text, first.kind, first.url, first.speaker)
        last = out[-1]
        text = last.text.rstrip()
        if text != last.text:
            out[-1] = Span(text, last.kind, last.url, last.speaker)
    return out


def spans_of_runs(runs: list[list[Any]], printable: bool | None = None) -> list[Span]:
    """``merge_spans`` of the runs' cleaned spans (``clean_run`` each), making each Span once.

    ``printable``: True when every run's text is known to be printable."""
    out: list[list[Any]] = []  # [text, kind, url]
    for kind, url, parts in runs:
        text = clean_run("".join(parts), printable or None)
        if out and text[:1] == " " and out[-1][0][-1:] == " ":
            text = text.lstrip(" ")
        if not text:
            continue
        if out and out[-1][1] == kind and out[-1][2] == url:
            out[-1][0] += text
        else:
            out.append([text, kind, url])
    while out and not out[0][0].strip():
        out.pop(0)
    while out and not out[-1][0].strip():
        out.pop()
    if not out:
        return []
    out[0][0] = out[0][0].lstrip()
    out[-1][0] = out[-1][0].rstrip()
    return [Span(text, kind, url) for text, kind, url in out]


def safe_url(raw: str | None, base_url: str | None, schemes: frozenset[str]) -> str | None:
    """``raw`` resolved against ``base_url`` when its scheme is allowed, else None."""
    if not raw:
        return None
    if raw.isprintable():  # no tab or line break to drop, no control character, only " " to strip
        url = raw.strip(" ")
        if not url:
            return None
        if url.isascii() and "[" not in url and "]" not in url and url.startswith(("https://", "http://")):
            # what urlsplit would say without being asked: the scheme, and no error to raise
            scheme = "https" if url[4] == "s" else "http"
            return url.replace(" ", "%20") if scheme in schemes else None
    else:
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
    if len(spans) == 1 and spans[0].kind == "text" and spans[0].text == text:
        return _merge_keep_edges(found)  # one plain span: its pieces are the quotation's pieces
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

    ``started``, when given, is called when the first run of a new paragraph
    begins (pages remember where it was written).

    Invariants: ``has_text`` and ``space`` are False while ``runs`` is empty;
    ``printable`` is True when every part of every run is printable text. The
    words of a run are joined by single spaces: a part never starts or ends
    with a space, except a space put before a word (``" " + word``, or a lone
    ``" "`` that ends its run when a styled run follows), so a paragraph of
    one printable run has no space at either end and no double space.
    """

    def __init__(self, started: Callable[[], None] | None) -> None:
        self.started = started
        self.runs: list[list[Any]] = []  # [kind, url, [parts]]
        self.printable = True
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

    def append(self, text: str, kind: str, url: str | None) -> None:
        """``text`` as it is, joined to the last run when that has the same kind."""
        runs = self.runs
        if runs:
            last = runs[-1]
            if last[0] == kind and last[1] == url:
                last[2].append(text)
                return
        elif self.started is not None:
            self.started()
        runs.append([kind, url, [text]])

    def add(self, text: str, printable: bool) -> None:
        """Text from the page, in the current style, with its whitespace collapsed.

        ``printable`` is ``text.isprintable()``, known to the caller.
        """
        # HTML whitespace collapsed: the words (core), and whether a space came before or after them
        if printable and "  " not in text:
            core = text.strip(" ")
            lead = text[0] == " "
            trail = text[-1] == " "
        else:
            flat = text if printable else text.replace("\n", " ").replace("\t", " ")
            if printable or flat.isprintable():  # its only whitespace is " ": str.split finds just that
                core = " ".join(flat.split())
                lead = flat[0] == " "
                trail = flat[-1] == " "
            else:
                collapsed = _HTML_SPACE.sub(" ", text)
                core = collapsed.strip(" ")
                lead = collapsed[0] == " "
                trail = collapsed[-1] == " "
                if self.printable and core and not core.isprintable():
                    self.printable = False
        has_text = self.has_text
        if not core:
            if has_text:
                self.space = True
            return
        links = self._links
        if links and links[-1]:
            kind, url = "link", links[-1]
        elif self._code:
            kind, url = "code", None
        elif self._strong:
            kind, url = "strong", None
        elif self._em:
            kind, url = "emphasis", None
        else:
            kind, url = "text", None
        if has_text and (self.space or lead):
            # the space between words belongs to plain text, not to a link or emphasis
            if kind == "text":
                core = " " + core
            else:
                self.append(" ", "text", None)
        runs = self.runs
        if runs:
            last = runs[-1]
            if last[0] == kind and last[1] == url:
                last[2].append(core)
            else:
                runs.append([kind, url, [core]])
        else:
            if self.started is not None:
                self.started()
            runs.append([kind, url, [core]])
        for parts in self.cites:
            parts.append(core)
        self.has_text = True
        self.space = trail

    def take(self) -> list[list[Any]]:
        """The runs written so far; the next text starts a new paragraph."""
        runs, self.runs = self.runs, []
        self.printable = True
        self.has_text = False
        self.space = False
        return runs
