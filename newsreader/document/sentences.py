"""Sentences and titles: where a sentence ends in running text (not inside a quotation, not
after "Mr." or "U.S." before a name), and an article's title as the first sentence of its lede."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .clean import clean_inline
from .quotes import quote_ranges

__all__ = ["split_sentences", "title_from_clean_lede", "title_from_lede"]


_MAX_TITLE_CHARS = 400  # a lede with no full stop must not make a megabyte title


# Words whose full stop does not end a sentence: titles before names and
# abbreviations that are normally followed by more of the same sentence.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx dr prof gen col lt sgt capt cmdr adm maj brig gov sen rep rev fr
    st mt jr sr hon pres supt insp messrs mme mlle dept univ assn bros
    vs cf eg ie approx fig figs vol vols pp
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)


# Abbreviations only when capitalised and followed by a number ("No. 5"); "no." ends sentences.
_NUMBER_ABBREVIATIONS = frozenset({"No", "Nos", "Nr", "Art", "Ch", "Para"})


# After a dotted acronym ("U.S."), these words start a new sentence.
_SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i in on at but and this that these those there its his her their".split()
)


_TERMINATOR = re.compile(r"[.!?…。！？]+")


_CLOSERS_AFTER = "\"'”’»)]」』）】"


_WIDE_STOPS = "。！？"  # Chinese and Japanese sentences end here, with no space after


_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?$")


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, each stripped; empty text gives [].

    A full stop does not end a sentence inside a quotation, in a decimal
    ("2.1 billion"), after an initial ("J. R. Smith"), after an abbreviation
    ("Mr.", "Gen.", "Dr.") or after a dotted acronym followed by a name
    ("U.S. Navy"). A sentence must be followed by a word that is not in lower case.
    """
    return list(_iter_sentences(text.strip()))


def _iter_sentences(text: str) -> Iterator[str]:
    """``split_sentences`` lazily: the title needs only the first."""
    if not text:
        return
    ranges = quote_ranges(text)
    start = 0
    quote_index = 0
    for match in _TERMINATOR.finditer(text):
        end = match.end()
        while end < len(text) and text[end] in _CLOSERS_AFTER:
            end += 1
        while quote_index < len(ranges) and ranges[quote_index][1] < match.start():
            quote_index += 1
        if quote_index < len(ranges):
            q_start, q_end = ranges[quote_index]
            if q_start < match.start() and end <= q_end:
                continue  # inside a quotation, not at its very end
        if not _is_boundary(text, match.start(), match.group(), end):
            continue
        sentence = text[start:end].strip()
        if sentence:
            yield sentence
        start = end
    rest = text[start:].strip()
    if rest:
        yield rest


def _is_boundary(text: str, stop: int, marks: str, end: int) -> bool:
    """Does the terminator ``marks`` at ``stop`` (extended to ``end``) end a sentence?"""
    if marks[-1] in _WIDE_STOPS:
        return end < len(text)
    if end >= len(text) or not text[end].isspace():
        return False
    following = text[end : end + 40].lstrip()
    if not following or following[0].islower():
        return False
    if marks != ".":
        return True
    word = _word_before(text, stop)
    bare = word.lstrip("(\"'“«„")
    if not bare:
        return True
    if bare.lower() in _ABBREVIATIONS:
        return False
    if bare in _NUMBER_ABBREVIATIONS and following[0].isdigit():
        return False
    if len(bare) == 1 and bare.isupper():
        return False  # an initial: "J. R. Smith"
    if "." in bare and _ACRONYM.match(bare + "."):
        next_word = following.split(None, 1)[0].strip("\"'“«„(").lower()
        return next_word in _SENTENCE_STARTERS
    return True


def _word_before(text: str, stop: int) -> str:
    begin = stop
    limit = max(0, stop - 40)
    while begin > limit and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:stop]


def title_from_lede(lede: str) -> str:
    """The first sentence of the lede without its final full stop (not "..." or "U.S.")."""
    return title_from_clean_lede(clean_inline(lede))


def title_from_clean_lede(lede: str) -> str:
    title = next(_iter_sentences(lede.strip()), "")
    if not title:
        return ""
    if title.endswith("。"):
        title = title[:-1]
    elif title.endswith(".") and not title.endswith(".."):
        last = title.rsplit(None, 1)[-1]
        if not (last.count(".") >= 2 and _ACRONYM.match(last)):
            title = title[:-1].rstrip()
    if len(title) > _MAX_TITLE_CHARS:
        cut = title.rfind(" ", 0, _MAX_TITLE_CHARS)
        title = title[: cut if cut > _MAX_TITLE_CHARS // 2 else _MAX_TITLE_CHARS].rstrip() + "…"
    return title
