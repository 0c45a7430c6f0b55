"""What to ask the store's full-text index for a headline: its words and their
inflections (the index does no stemming), rarest first.

An OR of common words makes the index read and rank most of the store (about
200 ms a query at 100,000 articles), so in a large store a query keeps only the
words that few articles hold, up to ``QUERY_POSTINGS`` index entries. With
fewer than ``RARE_GROUPS`` such words, it asks instead for the articles holding
all of the ``ANCHOR_WORDS`` rarest words: enough to find the articles that may
link to a new story, too few to choose a fuzzy match from (the resolver does
not). In a small store every word is asked for, as before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

from newsreader.related.titles import normalise_chars, strip_source_suffix
from newsreader.related.tokens import tokenize

QUERY_POSTINGS = 4000  # index entries (article, word) a candidate query may read
ANCHOR_WORDS = 3  # words an article must all hold when every word is common
RARE_GROUPS = 2  # rare words a query needs (one rare word may be rare only as that inflection)

_INDEX_WORD = re.compile(r"\w+")


class Query(NamedTuple):
    """Arguments for ``Store.candidates``: any of ``terms``, and one of each ``all_of`` group."""

    terms: list[str]
    all_of: list[list[str]]


def _inflections(word: str) -> set[str]:
    """A word, its plural/third person and its past tense, as a stored text may spell them."""
    if word.endswith("e"):
        return {word, word + "s", word + "d"}
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return {word, word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return {word, word + "es", word + "ed"}
    return {word, word + "s", word + "ed"}


def query_groups(headline: str) -> list[list[str]]:
    """The headline's words, one group each: the word and, for a lower-case word,
    its usual inflections. No term is in two groups."""
    groups: list[list[str]] = []
    seen: set[str] = set()
    for token in tokenize(strip_source_suffix(normalise_chars(headline))):
        if token.kind == "weekday":
            continue
        terms = token.surface.casefold().split()
        if token.kind == "word" and not token.surface.isupper() and " " not in token.surface:
            terms.extend(_inflections(token.surface.casefold()))
        group = []
        for term in terms:
            if len(term) > 1 and term not in seen:
                seen.add(term)
                group.append(term)
        if group:
            groups.append(group)
    return groups


def query_terms(headline: str) -> list[str]:
    """Every word to ask the full-text index for (all groups of ``query_groups``)."""
    return [term for group in query_groups(headline) for term in group]


def index_words(terms: Iterable[str]) -> list[str]:
    """The words the full-text index files ``terms`` under (lower case, no diacritics)."""
    words: list[str] = []
    for term in terms:
        folded = unicodedata.normalize("NFKD", term.casefold())
        words.extend(_INDEX_WORD.findall("".join(c for c in folded if not unicodedata.combining(c))))
    return words


def rare_query(groups: Sequence[list[str]], counts: Mapping[str, int]) -> Query:
    """The cheapest query that still finds the story: see the module docstring.

    ``counts`` says how many articles hold each index word (absent: none).
    """
    sized = sorted(
        ((sum(counts.get(word, 0) for word in index_words(group)), position) for position, group in enumerate(groups))
    )
    if sum(size for size, _ in sized) <= QUERY_POSTINGS:
        return Query([term for group in groups for term in group], [])
    chosen: list[int] = []
    read = 0
    for size, position in sized:
        if read + size > QUERY_POSTINGS:
            break
        chosen.append(position)
        read += size
    if len(chosen) >= min(RARE_GROUPS, len(groups)):
        return Query([term for position in sorted(chosen) for term in groups[position]], [])
    anchors = [groups[position] for _, position in sized[:ANCHOR_WORDS]]
    return Query(anchors[0], anchors[1:])


def headline_query(headline: str, term_counts: Callable[[list[str]], Mapping[str, int]]) -> Query:
    """``rare_query`` for one headline, with ``term_counts`` (such as ``Store.term_counts``)."""
    groups = query_groups(headline)
    return rare_query(groups, term_counts(index_words(term for group in groups for term in group)))
