"""Scoring a candidate story against a link headline, and choosing the one
that is clearly its story (or none).

A candidate is refused outright when the headline holds a number, date,
ordinal or name it lacks, a content word it never uses, an event it
contradicts (approves / rejects, "calls off" / "threatened"), a fact it only
forecasts ("begins" / "will begin"), another weekday, or when both are
headlines that differ both ways ("court" / "agency"). The winner must clear
``THRESHOLD`` and beat any other story by ``MARGIN`` (``related.choice``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from newsreader.related.names import name_in, same_name
from newsreader.related.profile import Profile, Tier
from newsreader.related.terms import LIGHT_WEIGHT, Term, weekday_date
from newsreader.related.words import ANTONYM_KEYS, EVENT_KEYS, LIGHT_EVENT_KEYS, RELATED_KEYS, WEEKDAYS

THRESHOLD = 0.6  # share of the headline's weight a candidate must cover
MARGIN = 0.08  # and by how much it must beat a different story


def _numbers_agree(wanted: float, found: Iterable[float]) -> bool:
    for value in found:
        if math.isclose(wanted, value, rel_tol=1e-9):
            return True
        if wanted >= 1e6 and value > 0 and abs(wanted - value) / value <= 0.06:
            return True  # 2bn for 1.9 billion
    return False


VETO = None


def _spelled_in(keys: tuple[str, ...], tier: Tier) -> bool:
    """An organisation's name spelled out, found in ``tier``: every word of it, or all
    but its first ("the statistics office" for the National Statistics Office)."""
    found = [key in tier.keys for key in keys]
    return all(found) or (len(keys) >= 3 and all(found[1:]))


# Credit for a term found in the head, only in the rest of the lede, only in the body.
WORD_CREDIT = (1.0, 0.75, 0.45)
FACT_CREDIT = (1.0, 0.85, 0.6)  # numbers: facts the body may hold
NAME_CREDIT = (1.0, 0.85, 0.45)  # a name only the body holds: the story is most likely about someone else
EVENT_MISMATCH = 0.85  # the headline's events and the lede's are different ones
EXTRA_FIGURE = 0.12  # a figure in the story's first sentence that the headline has not
UNSETTLED_CREDIT = 0.5  # a word the story says only of what will or may happen
RELATED_CREDIT = 0.6  # a related event ("backs" for "approves") counts this much of one found
EXTRA_EVENT = 0.05  # an event in the story's first sentence that the headline does not report
MAX_EXTRA = 0.2
MAX_EXTRA_EVENTS = 0.1


OTHER_WEEK = 0.5  # the headline's weekday in the story, but dated to another week

_NEEDS_BODY = -1.0  # found nowhere in the lede: only the body can tell


def _found(found_in: Callable[[Tier], bool], profile: Profile, credit: tuple[float, ...], lede_only: bool) -> float:
    if found_in(profile.head):
        return credit[0]
    if found_in(profile.zone):
        return credit[1]
    if lede_only:
        return _NEEDS_BODY
    return credit[2] if found_in(profile.body) else 0.0


def _number_in(value: float, tier: Tier, unit: tuple[str, ...] = ()) -> bool:
    """A figure, also as an ordinal of the same value ("day four" is the "fourth day"); with
    ``unit``, beside that word ("fourth body" is not the story of "a fourth person")."""
    if unit:
        return any(word in unit and _numbers_agree(value, (found,)) for found, word in tier.quantities)
    return _numbers_agree(value, tier.numbers) or (
        value == int(value) and 0 < value <= 10 and f"#o{value:g}" in tier.keys
    )


def _term_match(term: Term, profile: Profile, lede_only: bool = False) -> float | None:
    """How well ``profile`` carries ``term``: 1 in its headline sentence, less further
    down, 0 when missing, None (a veto) when a number, date or name must agree and does not.
    With ``lede_only``, ``_NEEDS_BODY`` where the answer lies in the body."""
    if term.kind in ("name", "acronym"):
        credit = _found(lambda tier: name_in(term.key, tier.surfaces), profile, NAME_CREDIT, lede_only)
        if not credit and term.kind == "acronym" and term.key in profile.acronyms:
            credit = FACT_CREDIT[1]
        if not credit and term.spelled:  # "NSO" where the story says "the statistics office"
            credit = _found(
                lambda tier: any(_spelled_in(keys, tier) for keys in term.spelled), profile, FACT_CREDIT, lede_only
            )
        return credit or VETO
    if term.kind == "number":
        value = term.value or 0.0
        return _found(lambda tier: _number_in(value, tier, term.unit), profile, FACT_CREDIT, lede_only) or VETO
    if term.kind == "ordinal":
        value = term.value or 0.0
        if term.unit:
            return _found(lambda tier: _number_in(value, tier, term.unit), profile, FACT_CREDIT, lede_only) or VETO
        return (
            _found(
                lambda tier: term.key in tier.keys or _numbers_agree(value, tier.numbers),
                profile,
                FACT_CREDIT,
                lede_only,
            )
            or VETO
        )
    if term.kind == "month":
        # A month in a headline dates its event: the story says it in its lede, or is of that month.
        if term.key in profile.head.keys:
            return 1.0
        if term.key in profile.zone.keys or (profile.date is not None and term.value == profile.date.month):
            return FACT_CREDIT[1]
        return VETO
    if term.kind == "weekday":
        if term.key in profile.zone.keys:
            if term.day and profile.date and weekday_date(int(term.value or 0), profile.date) != term.day:
                return OTHER_WEEK  # that weekday, but of another week (or one to come)
            return 1.0
        if any(key.startswith("@") and key[1:] in WEEKDAYS for key in profile.zone.keys):
            return VETO  # the same people on another day
        if term.day and profile.date == term.day:
            return FACT_CREDIT[1]  # the story of that very day ("today", "this morning")
        return 0.0
    if term.fact:  # "strike begins" is not the story that says it "will begin"
        credit = _found(lambda tier: term.key in tier.settled, profile, WORD_CREDIT, lede_only)
    elif term.factual:  # what a headline reports as done, the story says is done, not only to come
        credit = _found(lambda tier: term.key in tier.said, profile, WORD_CREDIT, lede_only)
        if credit == 0.0 or (credit == _NEEDS_BODY and not lede_only):
            credit = UNSETTLED_CREDIT * _found(lambda tier: term.key in tier.keys, profile, WORD_CREDIT, lede_only)
    else:
        credit = _found(lambda tier: term.key in tier.keys, profile, WORD_CREDIT, lede_only)
    related = RELATED_KEYS.get(term.key)
    if credit == 0.0 and related:
        credit = RELATED_CREDIT * _found(
            lambda tier: not related.isdisjoint(tier.keys), profile, WORD_CREDIT, lede_only
        )
    if credit == 0.0 and term.key in DECISION_KEYS:
        return VETO  # a decision (approves, rejects; rises, falls) the story never reports
    return credit


DECISION_KEYS = frozenset(key for pair in ANTONYM_KEYS for key in pair)


def _contradicts(terms: Sequence[Term], profile: Profile) -> bool:
    """The headline reports the opposite of what the story's lede does (approves /
    rejects, rises / falls): an event the lede never reports, its opposite there."""
    keys = {t.key for t in terms}
    lede = profile.zone.keys
    for a, b in ANTONYM_KEYS:
        for said, opposite in ((a, b), (b, a)):
            if said in keys and said not in lede and opposite in lede:
                return True
    return False


def _other_events(terms: Sequence[Term], profile: Profile) -> bool:
    """The headline names events and the lede others, none of them the same
    ("calls off strike" against "threatened a strike")."""
    said_events = _with_related({t.key for t in terms} & EVENT_KEYS)
    lede_events = profile.zone.keys & EVENT_KEYS
    return bool(said_events and lede_events and not said_events & lede_events)


def _with_related(events: set[str]) -> set[str]:
    return events.union(*(RELATED_KEYS.get(key, ()) for key in events))


def _extras(terms: Sequence[Term], profile: Profile) -> float:
    """What the story's first sentence says that the headline does not: another figure
    (when the headline gives figures), another event. A near miss is the same people with
    another number or decision, so its first sentence is where it differs."""
    numbers = [t.value for t in terms if t.kind == "number" and t.value is not None]
    keys = {t.key for t in terms}
    penalty = 0.0
    if numbers:
        seen: set[float] = set()
        for value in profile.first.numbers:
            if value in seen or _is_year(value):
                continue
            seen.add(value)
            if not _numbers_agree(value, numbers):
                penalty += EXTRA_FIGURE
    said = _with_related(keys & EVENT_KEYS)
    penalty = min(EXTRA_FIGURE, penalty)
    return penalty + min(MAX_EXTRA_EVENTS, EXTRA_EVENT * len(profile.first.settled - said - LIGHT_EVENT_KEYS))


def _is_year(value: float) -> bool:
    return value == int(value) and 1900 <= value <= 2100


@dataclass(frozen=True)
class Score:
    profile: Profile
    value: float
    matched: int  # content terms found in the lede


def score_candidate(terms: Sequence[Term], profile: Profile) -> Score | None:
    """The share of the headline's weight that ``profile`` covers, less what its first
    sentence says that the headline does not; None when vetoed."""
    if not terms or _contradicts(terms, profile):
        return None
    total = covered = 0.0
    matched = 0
    in_body_only = False  # the previous term was a name found only in the body
    for term in terms:
        match = _term_match(term, profile)
        if match is VETO:
            return None
        body_name = term.kind == "name" and match == NAME_CREDIT[2]
        if body_name and in_body_only:
            return None  # a full name ("Lotte Brandis") the story mentions only in passing: it is about another person
        in_body_only = body_name
        total += term.weight
        covered += term.weight * match
        if match >= WORD_CREDIT[1] and term.weight > LIGHT_WEIGHT and term.kind != "weekday":
            matched += 1
    if _swapped_words(terms, profile):
        return None
    value = covered / total if total else 0.0
    if _other_events(terms, profile):
        value *= EVENT_MISMATCH
    return Score(profile, value - _extras(terms, profile) + _pairs_bonus(terms, profile), matched)


PAIRS_BONUS = 0.1  # for all of the headline's neighbouring words side by side in the story's first sentence


def _pairs_bonus(terms: Sequence[Term], profile: Profile) -> float:
    """Words the headline puts side by side ("elected mayor"), side by side in the story's
    head: what one story says in those words, where another only uses them apart."""
    pairs = [(a.key, b.key) for a, b in zip(terms, terms[1:]) if not (a.light or b.light)]
    if not pairs:
        return 0.0
    found = profile.head_pairs
    return PAIRS_BONUS * sum(1 for pair in pairs if pair in found) / len(pairs)


def _swapped_words(terms: Sequence[Term], profile: Profile) -> bool:
    """A headline-style title that differs from the link's headline both ways.

    Two headlines, each with a content word the other lacks ("Ashford court
    questions pay offer" / "Ashford agency questions pay offer after court
    ruling") are two stories, whatever their ledes share. Only titles written
    as headlines are compared: a title that is the lede's first sentence
    always says more than a headline.
    """
    if not profile.headline_like:
        return False
    content = [t for t in terms if t.kind in ("word", "name", "acronym") and not t.light]
    title = dict(profile.title_counts)
    headline_only = False
    for term in content:
        key = term.key if term.key in title else _title_name(term, title)
        if title.get(key, 0) >= term.count:
            title[key] -= term.count
        else:
            headline_only = True
            title.pop(key, None)
    return headline_only and any(count > 0 for count in title.values())


def _title_name(term: Term, title: dict[str, int]) -> str:
    if term.kind == "word":
        return term.key
    name = term.key
    if len(name) < 5:
        return name  # only the name itself would do
    start = name[:5]  # what two spellings of one name share at least
    for word in title:
        if word.startswith(start) and (word == name or same_name(name, word)):
            return word
    return name


def not_ruled_out_by_title(terms: Sequence[Term], candidates: Sequence[Profile]) -> list[Profile]:
    """The candidates whose titles alone do not veto them (``_swapped_words``, which needs
    no lede): only these need their ledes read and the headline's terms weighed.
    ``terms`` may be a ``headline_shape``: weights play no part in this veto."""
    return [p for p in candidates if not _swapped_words(terms, p)]


def upper_bound(terms: Sequence[Term], profile: Profile) -> float | None:
    """The best score ``profile`` could get, from its lede alone (None: vetoed already).

    Reading a body is the expensive part of scoring; a candidate whose lede
    cannot lift it near the best is never read further.
    """
    if not terms or _contradicts(terms, profile) or _swapped_words(terms, profile):
        return None
    total = covered = 0.0
    for term in terms:
        match = _term_match(term, profile, lede_only=True)
        if match is VETO:
            return None
        if match == _NEEDS_BODY:
            match = (
                WORD_CREDIT[2]
                if term.kind == "word"
                else NAME_CREDIT[2]
                if term.kind in ("name", "acronym")
                else FACT_CREDIT[2]
            )
        total += term.weight
        covered += term.weight * match
    return covered / total if total else 0.0
