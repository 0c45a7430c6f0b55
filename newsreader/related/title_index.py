"""Every stored title in memory (``TitleIndex``), for a pass over many links at once."""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date as Date
from typing import TYPE_CHECKING

from newsreader.dates import parse_day
from newsreader.related.titles import PUNCTUATION_SPELLINGS, title_key
from newsreader.related.words import STOPWORDS, word_key

if TYPE_CHECKING:
    from newsreader.store import Store

CANDIDATES = 10  # stories scored in full per link
POSTINGS_BUDGET = 5000  # title-index entries read per link, rarest keys first
BLOCK_WALK = 16  # entries of a head list walked per index wanted, before its set is used instead


_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def _index_keys(title: str, known: _WordKeys | None = None) -> set[str]:
    """The keys a title is filed under in a ``TitleIndex``: a quick cousin of
    ``tokenize`` (candidates only need to be found, the scoring is exact).
    ``known``: the keys of words met before (a cache kept by the caller)."""
    text = title if title.isascii() and "`" not in title else title.translate(PUNCTUATION_SPELLINGS)
    keys_of = (known if known is not None else _WordKeys()).__getitem__
    return set(itertools.chain.from_iterable(map(keys_of, _WORDS.findall(text))))


class _WordKeys(dict[str, tuple[str, ...]]):
    """The index keys of each word, worked out the first time it is asked for."""

    def __missing__(self, word: str) -> tuple[str, ...]:
        lower = word.casefold()
        keys = () if lower in STOPWORDS else (word_key(lower), lower) if word[:1].isupper() else (word_key(lower),)
        self[word] = keys
        return keys


class TitleIndex:
    """Every stored title in memory, keyed the resolver's way (stems, synonyms).

    For a pass over many links at once: one read of the titles replaces a
    full-text query per link, and candidates come from the rarest keys first,
    so a link costs about the same in a store of any size.
    """

    def __init__(self, rows: Iterable[tuple[str, str, str | None, str | None]]) -> None:
        """``rows``: (id, title, date, source) of each article, newest first (``Store.links.titles``)."""
        self.ids: list[str] = []
        self.dates: list[Date | None] = []
        self.sources: list[str] = []
        self.by_title: dict[str, list[int]] = {}
        self.postings: dict[str, list[int]] = defaultdict(list)
        self._sets: dict[str, set[int]] = {}
        self._words = words = _WordKeys()
        dates: dict[str | None, Date | None] = {}
        outlets: dict[str | None, str] = {}  # one string an outlet, not one an article
        for index, (article_id, title, date, source) in enumerate(rows):
            self.ids.append(article_id)
            if date not in dates:
                dates[date] = parse_day(date)
            self.dates.append(dates[date])
            if source not in outlets:
                outlets[source] = (source or "").casefold()
            self.sources.append(outlets[source])
            self.by_title.setdefault(title_key(title), []).append(index)
            for key in _index_keys(title, words):
                self.postings[key].append(index)
        self.postings = dict(self.postings)  # a key never filed reads as absent, not as an empty list

    @classmethod
    def of_store(cls, store: Store) -> TitleIndex:
        return store.links.read_titles(cls)

    def exact(self, key: str) -> list[int]:
        return self.by_title.get(key, [])

    def candidates(self, headline: str, limit: int = CANDIDATES) -> list[str]:
        """Ids of the stories whose titles share the most (rarity-weighted) keys with ``headline``.

        The keys' postings are read rarest first: the two rarest always, the
        rest while ``POSTINGS_BUDGET`` lasts.
        """
        total = len(self.ids) or 1
        filed = [k for k in _index_keys(headline, self._words) if k in self.postings]
        keys = sorted(filed, key=lambda k: len(self.postings[k]))
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


def best_overlap(
    lists: list[tuple[list[int], float]], limit: int, head_sets: list[set[int]] | None = None
) -> list[int]:
    """The ``limit`` indexes with the highest sum of the weights of the lists holding them;
    among equals, the one met first (by list, then by place in it).

    Each list is in ascending order. Only the first two lists may be long (the
    rest fit a budget), so their members that no other list holds are taken
    as three blocks of one score each, filtered at C speed, never scored one
    by one. ``head_sets``: the first two lists as sets, if the caller keeps them.
    """
    if limit <= 0:
        return []
    head, tail = lists[:2], lists[2:]
    heads = head_sets if head_sets is not None else [set(postings) for postings, _ in head]
    touched = set(itertools.chain.from_iterable(postings for postings, _ in tail))
    scores: dict[int, float] = {}  # summed list by list, in order, as a plain sum would be
    first: dict[int, int] = {}
    for position, (postings, weight) in enumerate(lists):
        for index in heads[position] & touched if position < len(head) else postings:
            if index in scores:
                scores[index] += weight
            else:
                scores[index] = 0.0 + weight
                first[index] = position
    ranked: list[tuple[float, int, int]] = []  # (-score, first list, index)
    if scores:
        floor = heapq.nlargest(limit, scores.values())[-1]  # nothing below it can make the cut
        ranked = [(-score, first[index], index) for index, score in scores.items() if score >= floor]
    for pattern in ((0, 1), (0,), (1,)):
        if max(pattern) >= len(head):
            continue
        score = 0.0
        for p in pattern:
            score += head[p][1]
        ranked.extend((-score, pattern[0], index) for index in _block(head, heads, touched, pattern, limit))
    ranked.sort()
    return [index for _, _, index in ranked[:limit]]


def _block(
    head: list[tuple[list[int], float]], heads: list[set[int]], touched: set[int], pattern: tuple[int, ...], limit: int
) -> list[int]:
    """The first ``limit`` indexes (the smallest: the lists ascend) held by the head lists of
    ``pattern``, by no other head list and by no other list (``touched``), filtered at C speed."""
    if len(pattern) == 2:  # in both: walk the shorter one
        walked, other = (0, 1) if len(head[0][0]) <= len(head[1][0]) else (1, 0)
        block: Iterator[int] = filter(heads[other].__contains__, head[walked][0])
        return list(itertools.islice(itertools.filterfalse(touched.__contains__, block), limit))
    (walked,) = pattern
    others = [heads[other] for other in range(len(head)) if other != walked]
    block = itertools.islice(head[walked][0], BLOCK_WALK * limit)
    for members in others:
        block = itertools.filterfalse(members.__contains__, block)
    found = list(itertools.islice(itertools.filterfalse(touched.__contains__, block), limit))
    if len(found) == limit or len(head[walked][0]) <= BLOCK_WALK * limit:
        return found
    # Most of it is in the other lists too (two words that go together): subtract the sets instead.
    rest = heads[walked]
    for members in [*others, touched]:
        rest = rest - members
    return sorted(rest)[:limit]
