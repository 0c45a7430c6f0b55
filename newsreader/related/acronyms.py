"""Acronyms as the store's own text spells them out: where some article says
"the National Statistics Office (NSO)", a headline's "NSO" is found in a story
that only says "the statistics office"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsreader.related.titles import normalise_chars
from newsreader.related.words import ACRONYM_GLUE, word_key

MAX_WORDS = 8  # words of a name before its "(ACRONYM)"
_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z]{1,7})\s*\)")
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


def spelled_out(acronym: str, texts: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """The names ``acronym`` (any case) stands for in ``texts``, each as the keys of its
    words (glue words such as "of" left out): from "Name Words (ACRONYM)" only, where
    the capitalised words just before the brackets have the acronym's letters as initials."""
    wanted = acronym.casefold()
    found: dict[tuple[str, ...], None] = {}
    for text in texts:
        text = normalise_chars(text)
        for match in _DEFINED.finditer(text):
            if match.group(1).casefold() != wanted:
                continue
            words = _WORD.findall(text[max(0, match.start() - 120) : match.start()])[-MAX_WORDS:]
            name = _name_before(words, wanted)
            if name:
                found[tuple(word_key(w.casefold()) for w in name)] = None
    return tuple(found)


def _name_before(words: list[str], letters: str) -> list[str]:
    """The run of words ending the list whose initials (glue words skipped) are ``letters``."""
    name: list[str] = []
    need = len(letters)
    for word in reversed(words):
        if word.casefold() in ACRONYM_GLUE and name:
            continue
        if not word[0].isupper() or need == 0 or word[0].casefold() != letters[need - 1]:
            break
        name.insert(0, word)
        need -= 1
    return name if need == 0 and len(name) >= 2 else []
