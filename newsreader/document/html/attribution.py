"""Attribution: who said a quotation, from a ``— Name, title`` line, a footer or a caption."""

from __future__ import annotations

import re

from .inline import clean_line

DASH_LINE = re.compile(r"^\s*(?:[—–―~]\s*|--?\s+)(\S.*)$")
TRAILING_DASH_NAME = re.compile(r"^(.*\S)\s+[—–―]\s*([^—–―]+)$", re.DOTALL)
_TRAILING_DATE = re.compile(
    r"\s*,?\s*(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})$"
)


def speaker_from(text: str) -> str | None:
    """A speaker name from attribution text: dashes off, a trailing date off."""
    name = text.strip().lstrip("—–―~-").strip()
    name = _TRAILING_DATE.sub("", name).strip(" ,;")
    name = clean_line(name)
    if not name or len(name) > 120:
        return None
    return name


def looks_like_name(text: str, strict: bool = True) -> bool:
    """Short, and (strict) capitalised without a sentence end: an attribution, not prose."""
    if len(text) > 200:
        return False
    name = _TRAILING_DATE.sub("", text.strip()).strip(" ,")
    words = name.split()
    if not words or len(name) > 120 or len(words) > (8 if strict else 15):
        return False
    if strict:
        return (name[0].isupper() or name[0] == "@") and name[-1] not in '.!?…"”»'
    return True


_ATTRIBUTION_LINE = re.compile(r"^\s*(?:[—–―]|--)\s*(\S.*)$", re.DOTALL)
# A full stop followed by more words; after a lower-case word or a long capitalised one it ends a sentence.
_STOP_AND_MORE = re.compile(r"(\w+)[.!?…][\"”’)]*\s+\S")
_SAYS = re.compile(r"\b[a-z]+\.$")  # "... Bob said." ends a sentence, not a name
_ABBREVIATIONS = frozenset("corp dept prof univ sept capt inst assn assoc".split())


def attribution_line(text: str) -> str | None:
    """The speaker when a paragraph is only an attribution (``— Name, title``), else None.

    The paragraph after a quotation often names who said it. It counts only
    when it starts with an em dash, an en dash or ``--``, is short, starts
    with a capital (or ``@``), and has no sentence after the name: a longer
    paragraph that happens to start with a dash stays a paragraph.
    """
    match = _ATTRIBUTION_LINE.match(text)
    if match is None:
        return None
    name = match.group(1).strip()
    if not looks_like_name(name, strict=False) or not (name[0].isupper() or name[0] == "@"):
        return None
    if any(mark in name for mark in ":!?…") or _SAYS.search(name):
        return None
    for found in _STOP_AND_MORE.finditer(name):
        word = found.group(1)
        if word.islower() or (len(word) >= 4 and word.lower() not in _ABBREVIATIONS):
            return None
    return speaker_from(name)
