"""Every stored title in memory (``TitleIndex``), for a pass over many links at once."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Iterator
from datetime import date as Date
from typing import TYPE_CHECKING

from newsreader.related.profile import parse_date
from newsreader.related.titles import PUNCTUATION_SPELLINGS, title_key
from newsreader.related.words import STOPWORDS, word_key

if TYPE_CHECKING:
    from newsreader.store import Headline, Store

CANDIDATES = 10  # stories scored in full per link
POSTINGS_BUDGET = 5000  # title-index entries read per link, rarest keys first


_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def _index_keys(title: str) -> set[str]:
    """The keys a title is filed under in a ``TitleIndex``: a quick cousin of
    ``tokenize`` (candidates only need to be found, the scoring is exact)."""
    keys: set[str] = set()
    for word in _WORDS.findall(title.translate(PUNCTUATION_SPELLINGS)):
        lower = word.casefold()
        if lower in STOPWORDS:
            continue
        keys.add(word_key(lower))
        if word[:1].isupper():
            keys.add(lower)
    return keys


class TitleIndex:
    """Every stored title in memory, keyed the resolver's way (stems, synonyms).

    For a pass over many links at once: one read of the headlines replaces a
    full-text query per link, and candidates come from the rarest keys first,
    so a link costs about the same in a store of any size.
    """

    def __init__(self, headlines: Iterable[Headline]) -> None:
        self.ids: list[str] = []
        self.dates: list[Date | None] = []
        self.sources: list[str] = []
        self.by_title: dict[str, list[int]] = {}
        self.postings: dict[str, list[int]] = {}
        self._sets: dict[str, set[int]] = {}
        for head in headlines:
            index = len(self.ids)
            self.ids.append(head.id)
            self.dates.append(parse_date(head.date))
            self.sources.append((head.source or "").casefold())
            self.by_title.setdefault(title_key(head.title), []).append(index)
            for key in _index_keys(head.title):
                self.postings.setdefault(key, []).append(index)

    @classmethod
    def of_store(cls, store: Store) -> TitleIndex:
        return cls(_every_headline(store))

    def exact(self, key: str) -> list[int]:
        return self.by_title.get(key, [])

    def candidates(self, headline: str, limit: int = CANDIDATES) -> list[str]:
        """Ids of the stories whose titles share the most (rarity-weighted) keys with ``headline``.

        The keys' postings are read rarest first: the two rarest always, the
        rest while ``POSTINGS_BUDGET`` lasts.
        """
        total = len(self.ids) or 1
        keys = sorted((k for k in _index_keys(headline) if k in self.postings), key=lambda k: len(self.postings[k]))
        chosen: list[str] = []
        read = 0
        for position, key in enumerate(keys):
            size = len(self.postings[key])
            if position >= 2 and read + size > POSTINGS_BUDGET:
                break
            chosen.append(key)
            read += size
        lists = [(self.postings[k], math.log(1 + total / len(self.postings[k]))) for k in chosen]
        return [self.ids[index] for index in best_overlap(lists, limit, [self._members(k) for k in chosen[:2]])]

    def _members(self, key: str) -> set[int]:
        """The postings of ``key`` as a set, kept for the next link that asks."""
        if key not in self._sets:
            self._sets[key] = set(self.postings[key])
        return self._sets[key]


def best_overlap(lists: list[tuple[list[int], float]], limit: int, head_sets: list[set[int]] | None = None) -> list[int]:
    """The ``limit`` indexes with the highest sum of the weights of the lists holding them;
    among equals, the one met first (by list, then by place in it).

    Each list is in ascending order. Only the first two lists may be long (the
    rest fit a budget), so their members that no other list holds are taken
    as three blocks of one score each, filtered at C speed, never scored one
    by one. ``head_sets``: the first two lists as sets, if the caller keeps them.
    """
    head, tail = lists[:2], lists[2:]
    heads = head_sets if head_sets is not None else [set(postings) for postings, _ in head]
    member = heads + [set(postings) for postings, _ in tail]
    touched: dict[int, None] = dict.fromkeys(index for postings, _ in tail for index in postings)
    ranked: list[tuple[float, int, int]] = []  # (-score, first list, index)
    for index in touched:
        score, first = 0.0, len(lists)
        for position, (_, weight) in enumerate(lists):
            if index in member[position]:
                score += weight
                first = min(first, position)
        ranked.append((-score, first, index))
    for pattern in ((0, 1), (0,), (1,)):
        if max(pattern) >= len(head):
            continue
        score = 0.0
        for p in pattern:
            score += head[p][1]
        block: Iterator[int] = iter(head[pattern[0]][0])
        for p in range(len(head)):
            if p in pattern[1:]:
                block = filter(heads[p].__contains__, block)
            elif p not in pattern:
                block = itertools.filterfalse(heads[p].__contains__, block)
        block = itertools.filterfalse(touched.__contains__, block)
        ranked.extend((-score, pattern[0], index) for index in itertools.islice(block, limit))
    ranked.sort()
    return [index for _, _, index in ranked[:limit]]


def _every_headline(store: Store, page: int = 2000) -> Iterable[Headline]:
    after = None
    while True:
        heads = store.headlines(after=after, limit=page)
        yield from heads
        if len(heads) < page:
            return
        after = heads[-1].sort_key
