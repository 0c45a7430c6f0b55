"""A link headline as weighted ``Term``s: which words are names that must
agree, which are numbers, dates or events, and how rare each is among the
candidates (the ``Pool``)."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta

from newsreader.related.profile import Profile
from newsreader.related.titles import normalise_chars, strip_source_suffix
from newsreader.related.tokens import Token, tokenize
from newsreader.related.words import EVENT_KEYS, LIGHT_KEYS


@dataclass(frozen=True)
class Term:
    """One thing a headline says, with how much it counts and how it must match."""

    kind: str  # word | name | acronym | number | ordinal | month | weekday
    key: str
    surface: str
    weight: float
    value: float | None = None
    fact: bool = False  # an event the headline reports as done ("begins", not "to begin")
    light: bool = False  # says little about which story it is (LIGHT_WORDS)
    count: int = 1  # times the headline says it
    factual: bool = False  # in a headline that says nothing will, may or is to happen
    unit: tuple[str, ...] = ()  # for a figure, the words after it ("three bodies"): what it counts
    day: Date | None = None  # for a weekday, the date it names, seen from the linking article's date
    spelled: tuple[tuple[str, ...], ...] = ()  # for an acronym, the keys of its names spelled out in the store


# An acronym as the store's text spells it out: "nso" -> (("nation", "statist", "~offic"),).
Spellings = Callable[[str], tuple[tuple[str, ...], ...]]


def weekday_date(weekday: int, seen_from: Date) -> Date:
    """The date a weekday (1 = Monday) names in text of ``seen_from``: that day or the last
    one before it ("on Friday" in Saturday's paper is yesterday)."""
    return seen_from - timedelta(days=(seen_from.isoweekday() - weekday) % 7)


POOL_TRUSTED = 10  # candidates needed before their word counts are taken at face value


class Pool:
    """The candidates scored together: how rare a key is among them, and how
    they write a word (capitalised mid-sentence, or in lower case)."""

    def __init__(self, profiles: Sequence[Profile]) -> None:
        self.profiles = list(profiles)

    def rarity(self, key: str) -> float:
        """0.4 for a key every candidate has, up to 1.0 for one none has."""
        n = len(self.profiles)
        if n == 0:
            return 1.0
        df = sum(1 for p in self.profiles if key in p.zone.keys or key in p.zone.surfaces)
        idf = math.log((n + 1) / (df + 0.5))
        rarity = 0.4 + 0.6 * min(1.0, max(0.0, idf / math.log((n + 1) / 0.5)))
        trust = min(1.0, n / POOL_TRUSTED)  # a handful of candidates says little about rarity
        return 1.0 - (1.0 - rarity) * trust

    def writes_lowercase(self, word: str) -> bool:
        return any(p.writes(word)[0] for p in self.profiles)

    def writes_capitalised(self, word: str) -> bool:
        return any(p.writes(word)[1] for p in self.profiles)


_BASE_WEIGHT = {"name": 1.5, "acronym": 1.5, "number": 1.5, "ordinal": 1.0, "month": 1.0, "word": 1.0, "weekday": 0.3}
LIGHT_WEIGHT = 0.3
DATED_WEEKDAY_WEIGHT = 1.0


def _is_title_case(tokens: Sequence[Token]) -> bool:
    words = [t for t in tokens[1:] if t.kind == "word" and len(t.surface) >= 4]
    return len(words) >= 3 and sum(t.capitalised for t in words) >= 0.7 * len(words)


# Common nouns that often open a headline: capitalised there, but not names.
COMMON_OPENERS = frozenset(
    """
    police officials residents workers staff teachers doctors nurses farmers students
    pupils parents children scientists researchers experts investors shares prices
    rents markets voters protesters government parliament ministers minister mps
    lawmakers court courts judge judges drought floods flood storm fire blaze heatwave
    strike strikes row fears hopes report study survey poll plans talks deal man woman
    boy girl family families city town village council region country nation army
    troops rebels president mayor governor chief firm company bank union unions
    passengers drivers patients tenants landlords fans players club team hospital
    schools school rail trains tram ferry airport fuel energy power water jobs
    unemployment inflation growth exports imports tax taxes budget election vote
    """.split()
)


def _word_kind(token: Token, title_case: bool, pool: Pool) -> str:
    """word, name or acronym: is this capitalised headline word a name that must agree?

    Mid-sentence capitals are names unless the candidates write the word in
    lower case. The first word (and every word of a Title Case headline) is a
    name when the candidates write it capitalised mid-sentence; an unknown
    first word is a name too (``Tarnholm caps rents``), unless it is a common
    headline noun; in Title Case an unknown word is just a word.
    """
    if not token.capitalised or token.key.startswith("~"):
        return "word"
    lower = token.surface.casefold()
    if token.surface.isupper() and len(token.surface) >= 2:
        return "acronym" if not title_case or not pool.writes_lowercase(lower) else "word"
    if pool.writes_lowercase(lower):
        return "word"
    if pool.writes_capitalised(lower):
        return "name"
    if lower in COMMON_OPENERS or token.key in LIGHT_KEYS or token.key.startswith("~"):
        return "word"
    return "name"  # in Title Case too: a word no candidate writes at all must be found


def headline_terms(
    headline: str, pool: Pool, *, when: Date | None = None, spellings: Spellings | None = None
) -> list[Term]:
    """The weighted terms of a link headline, judged against the candidate pool."""
    return weigh(headline_shape(headline, pool, when=when, spellings=spellings), pool)


def weigh(terms: Sequence[Term], pool: Pool) -> list[Term]:
    """``terms`` (from ``headline_shape``) weighted by their rarity among the pool's candidates."""
    return [dataclasses.replace(term, weight=term.weight * pool.rarity(term.key)) for term in terms]


def headline_shape(
    headline: str, pool: Pool, *, when: Date | None = None, spellings: Spellings | None = None
) -> list[Term]:
    """The terms of a link headline, their kinds judged against the pool (how its
    candidates write each word), their weights not yet scaled by rarity (``weigh``):
    all that vetoes such as ``score._swapped_words`` need, without reading any lede.

    ``when`` is the linking article's date: a weekday in the headline names a date
    from it. ``spellings`` gives an acronym's names as the store's text spells them out."""
    headline = strip_source_suffix(normalise_chars(headline))
    if headline.isupper():
        headline = headline.title()  # ALL CAPS says no more about names than Title Case
    tokens = tokenize(headline)
    title_case = _is_title_case(tokens)
    factual = all(not t.mood or (t.mood == "to" and t.key in LIGHT_KEYS) for t in tokens)
    terms: dict[str, Term] = {}
    for position, token in enumerate(tokens):
        kind = token.kind if token.kind != "word" else _word_kind(token, title_case, pool)
        key = token.surface.casefold() if kind in ("name", "acronym") else token.key
        if key in terms:
            terms[key] = dataclasses.replace(terms[key], count=terms[key].count + 1)
            continue
        weight = _BASE_WEIGHT[kind]
        if kind == "word" and token.key in LIGHT_KEYS:
            weight = LIGHT_WEIGHT
        fact = token.key in EVENT_KEYS and not token.mood and _present_tense(token.surface)
        light = kind == "word" and token.key in LIGHT_KEYS
        unit = _unit(tokens, position) if kind in ("number", "ordinal") and not _in_name(token, headline) else ()
        day = weekday_date(int(token.value), when) if kind == "weekday" and when and token.value else None
        if day is not None:
            weight = DATED_WEEKDAY_WEIGHT  # a date now, as a month is: the same people on another day are another story
        spelled = spellings(key) if kind == "acronym" and spellings is not None else ()
        terms[key] = Term(
            kind,
            key,
            token.surface,
            weight,
            token.value,
            fact,
            light,
            factual=factual,
            unit=unit,
            day=day,
            spelled=spelled,
        )  # rarity: ``weigh``
    return list(terms.values())


def _in_name(token: Token, headline: str) -> bool:
    """A figure that is part of a name ("Kestrel-1", "A320"), not a count of anything."""
    return re.search(rf"[^\W\d_]-?{re.escape(token.surface)}(?![\w])", headline) is not None


def _unit(tokens: Sequence[Token], position: int) -> tuple[str, ...]:
    """What a figure counts: the words right after it, up to two ("three bodies", "40m
    ducats", "first rate cut"), unless it is a rate (6%), a word says little ("first time")
    or is a name."""
    if "%" in tokens[position].surface:
        return ()
    words: list[str] = []
    for after in tokens[position + 1 : position + 3]:
        if after.kind != "word" or after.key in LIGHT_KEYS or after.capitalised:
            break
        words.append(after.key)
    return tuple(words)


def _present_tense(surface: str) -> bool:
    """Headline present tense ("strike begins"): an event reported as happening.

    A participle ("arena opening delayed") reports a decision about the
    future as readily as an event, so it does not count.
    """
    word = surface.split()[0].casefold()
    return word.endswith("s") and not word.endswith("ss")
