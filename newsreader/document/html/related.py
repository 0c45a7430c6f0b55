"""Related-story links: ``Read more: <a>Headline</a> - Source`` and link lists after a "Related" marker."""

from __future__ import annotations

import re

from ..blocks import RelatedLink, Span
from .inline import clean_line

RELATED_PREFIX = re.compile(
    r"^\s*(?:read\s+more|read\s+also|also\s+read|see\s+also|related(?:\s+(?:story|stories|article|articles))?)"
    r"\s*[:：]\s*",
    re.IGNORECASE,
)
_RELATED_MARKER = re.compile(
    r"^\s*(?:related(?:\s+(?:stories|story|articles|article|links|news|content|coverage|reading|posts|topics))?"
    r"|read\s+(?:more|also|next)|also\s+read|see\s+also|more\s+on\s+this(?:\s+(?:story|topic))?"
    r"|further\s+reading|recommended(?:\s+(?:reading|stories))?|more\s+stories|you\s+may\s+also\s+like)"
    r"\s*[:：]?\s*$",
    re.IGNORECASE,
)
_GENERIC_LINK = re.compile(
    r"^\W*(?:continue\s+reading|read\s+(?:more|on|the\s+full\s+(?:story|article))|more|click\s+here|full\s+story)\W*$",
    re.IGNORECASE,
)
_SOURCE_SEPARATORS = (" - ", " – ", " — ")


def _split_source(text: str) -> tuple[str, str | None]:
    """``Headline - Source`` -> (headline, source); the LAST separator splits."""
    best = -1
    width = 0
    for sep in _SOURCE_SEPARATORS:
        at = text.rfind(sep)
        if at > best:
            best, width = at, len(sep)
    if best <= 0:
        return text, None
    title, source = text[:best].strip(), text[best + width :].strip().rstrip(".")
    if not title or not source or len(source) > 60 or len(source.split()) > 6 or source[0].islower():
        return text, None
    return title, source


def related_links(spans: list[Span], start: int, strict: bool) -> list[RelatedLink] | None:
    """RelatedLinks from the spans after character ``start``.

    ``strict``: only when the text is nothing but links (each maybe followed by
    ``- Source``); otherwise None. Not strict: a text without links is one
    headline.
    """
    pieces: list[tuple[str, str, str | None]] = []  # (kind, text, url) after start
    offset = 0
    for span in spans:
        end = offset + len(span.text)
        if end > start:
            cut = max(0, start - offset)
            pieces.append((span.kind, span.text[cut:], span.url if span.kind == "link" else None))
        offset = end
    links = [i for i, p in enumerate(pieces) if p[0] == "link"]
    if not links:
        if strict:
            return None
        rest = clean_line("".join(p[1] for p in pieces))
        if not rest:
            return None
        title, source = _split_source(rest)
        return [RelatedLink(title, source, None)]
    if strict and any(_GENERIC_LINK.match(pieces[i][1]) for i in links):
        return None
    before = clean_line("".join(p[1] for p in pieces[: links[0]]))
    if strict and len(before.strip("•·*-–—►»>|,;:")) > 0:
        return None
    result: list[RelatedLink] = []
    for n, index in enumerate(links):
        following = links[n + 1] if n + 1 < len(links) else len(pieces)
        between = clean_line("".join(p[1] for p in pieces[index + 1 : following])).strip(" ,;|·•")
        title = clean_line(pieces[index][1])
        source = None
        if between:
            match = re.match(r"^(?:[-–—]\s*(.+?)|\((.+?)\))\.?$", between)
            if match and len(match.group(1) or match.group(2)) <= 60:
                source = clean_line(match.group(1) or match.group(2))
            elif strict:
                return None
            else:
                title = clean_line(f"{title} {between}")
        if source is None:
            title, source = _split_source(title)
        if title:
            result.append(RelatedLink(title, source, pieces[index][2]))
    return result or None


def is_related_marker(text: str) -> bool:
    return len(text) <= 60 and _RELATED_MARKER.match(text) is not None
