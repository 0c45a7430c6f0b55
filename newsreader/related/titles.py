"""Headline titles compared as their ``title_key``: one spelling for case,
punctuation, quote styles, dashes and a trailing `` - Source``."""

from __future__ import annotations

import re
import unicodedata

_SOURCE_SUFFIX = re.compile(r"\s+(?:[-–—|•·])\s+([^-–—|•·]+?)\s*$")
PUNCTUATION_SPELLINGS = str.maketrans(
    {**dict.fromkeys("’‘‛ʼ`´′", "'"), **dict.fromkeys("“”„‟«»‹›″", '"'), **dict.fromkeys("‐‑‒–—―−", "-")}
)


# The same table as pairs, to replace only the characters a text holds: faster than translate
# (no spelling is itself spelled otherwise, so the order does not matter). Plain ASCII has one.
_SPELLINGS = [(chr(c), v) for c, v in PUNCTUATION_SPELLINGS.items()]
_ASCII_SPELLINGS = [(c, v) for c, v in _SPELLINGS if c.isascii()]  # only ` -> '


def normalise_chars(text: str) -> str:
    """One spelling for apostrophes, quotes and dashes."""
    spellings = _ASCII_SPELLINGS
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        spellings = _SPELLINGS
    for char, spelling in spellings:
        if char in text:
            text = text.replace(char, spelling)
    return text


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


_INNER_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_KEY_WORDS = re.compile(r"[^\W_]+")


def title_key(title: str) -> str:
    """The form in which two spellings of one headline are equal.

    Case, punctuation, quote and apostrophe styles, dashes, whitespace and a
    trailing `` - Source`` / `` | Source`` do not count.
    """
    text = strip_source_suffix(normalise_chars(title or "")).casefold()
    if "%" in text:
        text = text.replace("%", " percent ")
    if "&" in text:
        text = text.replace("&", " and ")
    if "'" in text:
        text = _INNER_APOSTROPHE.sub("", text)  # don't -> dont, Kaldria's -> kaldrias
    return " ".join(_KEY_WORDS.findall(text))
