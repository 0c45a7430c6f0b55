"""Headline titles compared as their ``title_key``: one spelling for case,
punctuation, quote styles, dashes and a trailing `` - Source``."""

from __future__ import annotations

import re
import unicodedata

_SOURCE_SUFFIX = re.compile(r"\s+(?:[-–—|•·])\s+([^-–—|•·]+?)\s*$")
PUNCTUATION_SPELLINGS = str.maketrans(
    {**{c: "'" for c in "’‘‛ʼ`´′"}, **{c: '"' for c in "“”„‟«»‹›″"}, **{c: "-" for c in "‐‑‒–—―−"}}
)


def normalise_chars(text: str) -> str:
    """One spelling for apostrophes, quotes and dashes."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.translate(PUNCTUATION_SPELLINGS)


def strip_source_suffix(title: str) -> str:
    """``Cabinet approves 2.1bn for river ports - Valley Post`` -> the headline.

    Only a short, name-like tail (up to four capitalised words, as outlets are
    named) goes, so ``Election results - live`` keeps its tail.
    """
    match = _SOURCE_SUFFIX.search(title)
    if not match:
        return title.strip()
    words = match.group(1).split()
    if 1 <= len(words) <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return title[: match.start()].strip()
    return title.strip()


def title_key(title: str) -> str:
    """The form in which two spellings of one headline are equal.

    Case, punctuation, quote and apostrophe styles, dashes, whitespace and a
    trailing `` - Source`` / `` | Source`` do not count.
    """
    text = strip_source_suffix(normalise_chars(title or ""))
    text = text.casefold().replace("%", " percent ").replace("&", " and ")
    text = re.sub(r"(?<=\w)'(?=\w)", "", text)  # don't -> dont, Kaldria's -> kaldrias
    return " ".join(re.findall(r"[^\W_]+", text))
