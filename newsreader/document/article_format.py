"""The pieces of the article format (docs/article-format.md) that plain text and Markdown share:
the dateline (``date YYYY-MM-DD``), a "Read more: Headline - Source" line as a related link,
and the outlet a sentence names ("…, Harbor Daily reports.")."""

from __future__ import annotations

import datetime as _dt
import re

from .blocks import RelatedLink
from .clean import clean_inline

__all__ = ["RELATED_PREFIX", "find_source", "parse_dateline", "parse_related_link"]


DATELINE = re.compile(r"date\s+(\d{4}-\d{2}-\d{2})(?=\s|$)\s*", re.IGNORECASE)


RELATED_PREFIX = re.compile(r"(?:read\s+more|read\s+also|see\s+also|also\s+read)\s*:\s*", re.IGNORECASE)


URL_AT_END = re.compile(r"\s+(https?://\S+)$")


MAX_OUTLET_WORDS = 6


OUTLET_JOINERS = frozenset("of the de du la le van von and & für for am der die del da y i".split())


def parse_dateline(line: str) -> tuple[str | None, str]:
    """``("YYYY-MM-DD", rest)`` when ``line`` starts with ``date YYYY-MM-DD``, else ``(None, line)``.

    Leading spaces are allowed; an impossible date (2025-13-45) is not a dateline.
    """
    stripped = line.lstrip()
    match = DATELINE.match(stripped)
    if not match:
        return None, line
    try:
        _dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None, line
    return match.group(1), stripped[match.end() :]


def parse_related_link(text: str) -> RelatedLink | None:
    """A RelatedLink for ``Read more: <headline> - <Source>`` (also Read also / See also).

    The separator is the LAST " - " or " – ", so headlines may hold hyphens.
    With no separator the whole rest is the headline and the source is None.
    A trailing http(s) address becomes the link's url.
    """
    if not RELATED_PREFIX.match(text.lstrip()):
        return None
    text = clean_inline(text)
    match = RELATED_PREFIX.match(text)
    if not match:
        return None
    body = text[match.end() :].strip()
    url = None
    url_match = URL_AT_END.search(body)
    if url_match:
        url = url_match.group(1)
        body = body[: url_match.start()].rstrip()
    cut = max(body.rfind(" - "), body.rfind(" – "))
    title, source = body, None
    if cut > 0:
        candidate = body[cut + 3 :].strip().rstrip(".").strip()
        if candidate:
            title, source = body[:cut].strip(), candidate
    if not title:
        return None
    return RelatedLink(title=title, source=source, url=url)


def find_source(text: str) -> str | None:
    """The outlet X of a sentence ending in "X reports." (``..., Harbor Daily reports.``)."""
    start = 0
    while True:
        at = text.find(" reports.", start)
        if at < 0:
            return None
        start = at + 1
        outlet = _outlet_before(text, at)
        if outlet:
            return outlet


def _outlet_before(text: str, end: int) -> str | None:
    """The name just before ``end``, back to a comma or the start of the sentence."""
    window = text[max(0, end - 120) : end]
    cut = max(window.rfind(","), window.rfind(". "), window.rfind(": "), window.rfind("; "))
    phrase = window[cut + 1 :].strip() if cut >= 0 else window.strip()
    words = phrase.split()
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    if not words or len(words) > MAX_OUTLET_WORDS:
        return None
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return None
    for word in words[1:]:
        if not (word[0].isupper() or word[0].isdigit() or word.lower() in OUTLET_JOINERS):
            return None
    return " ".join(words)
