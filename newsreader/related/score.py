"""Scoring a candidate story against a link headline, and choosing the one
that is clearly its story (or none).

A candidate is refused outright when the headline holds a number, date,
ordinal or name it lacks, a content word it never uses, an event it
contradicts (approves / rejects, "calls off" / "threatened"), a fact it only
forecasts ("begins" / "will begin"), another weekday, or when both are
headlines that differ both ways ("court" / "agency"). The winner must clear
``THRESHOLD`` and beat any other story by ``MARGIN``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from newsreader.related.profile import Profile, Tier
from newsreader.related.terms import LIGHT_WEIGHT, Pool, Term, headline_shape, weigh
from newsreader.related.words import ANTONYM_KEYS, EVENT_KEYS, WEEKDAYS

THRESHOLD = 0.66  # share of the headline's weight a candidate must cover
MARGIN = 0.08  # and by how much it must beat a different story


def _numbers_agree(wanted: float, found: Iterable[float]) -> bool:
    for value in found:
        if math.isclose(wanted, value, rel_tol=1e-9):
            return True
        if wanted >= 1e6 and value > 0 and abs(wanted - value) / value <= 0.06:
            return True  # 2bn for 1.9 billion
    return False


def _name_in(name: str, surfaces: frozenset[str]) -> bool:
    if name in surfaces:
        return True
    if len(name) < 5:
        return False
    for surface in surfaces:
        if _same_name(name, surface):
            return True
    return False


def _same_name(name: str, surface: str) -> bool:
    """Two spellings of one name (Kaldria / Kaldrian, Ukraine / Ukrainian); ``name`` has 5 letters or more."""
    shorter, longer = (surface, name) if len(surface) < len(name) else (name, surface)
    if len(longer) - len(shorter) > 3 or len(shorter) < 5:
        return False
    return longer.startswith(shorter[: max(5, len(shorter) - 1)])  # a common prefix all but one letter long


VETO = None


# Credit for a term found in the head, only in the rest of the lede, only in the body.
WORD_CREDIT = (1.0, 0.6, 0.4)
FACT_CREDIT = (1.0, 0.75, 0.6)  # names and numbers: facts the body may hold


_NEEDS_BODY = -1.0  # found nowhere in the lede: only the body can tell


def _found(found_in: Callable[[Tier], bool], profile: Profile, credit: tuple[float, ...], lede_only: bool) -> float:
    if found_in(profile.head):
        return credit[0]
    if found_in(profile.zone):
        return credit[1]
    if lede_only:
        return _NEEDS_BODY
    return credit[2] if found_in(profile.body) else 0.0


def _term_match(term: Term, profile: Profile, lede_only: bool = False) -> float | None:
    """How well ``profile`` carries ``term``: 1 in its headline sentence, less further
    down, 0 when missing, None (a veto) when a number, date or name must agree and does not.
    With ``lede_only``, ``_NEEDS_BODY`` where the answer lies in the body."""
    if term.kind in ("name", "acronym"):
        credit = _found(lambda tier: _name_in(term.key, tier.surfaces), profile, FACT_CREDIT, lede_only)
        if not credit and term.kind == "acronym" and term.key in profile.acronyms:
            credit = FACT_CREDIT[1]
        return credit or VETO
    if term.kind == "number":
        value = term.value or 0.0
        return _found(lambda tier: _numbers_agree(value, tier.numbers), profile, FACT_CREDIT, lede_only) or VETO
    if term.kind in ("ordinal", "month"):
        return _found(lambda tier: term.key in tier.keys, profile, FACT_CREDIT, lede_only) or VETO
    if term.kind == "weekday":
        if term.key in profile.zone.keys:
            return 1.0
        if any(key.startswith("@") and key[1:] in WEEKDAYS for key in profile.zone.keys):
            return VETO  # the same people on another day
        return 0.0
    if term.fact:  # "strike begins" is not the story that says it "will begin"
        return _found(lambda tier: term.key in tier.settled, profile, WORD_CREDIT, lede_only)
    return _found(lambda tier: term.key in tier.keys, profile, WORD_CREDIT, lede_only)


def _contradicts(terms: Sequence[Term], profile: Profile) -> bool:
    """The headline reports another event than the story's lede does.

    Either an opposite (approves / rejects), or: the headline names an event
    the lede does not, while the lede names events the headline does not
    ("calls off strike" against "threatened a strike").
    """
    keys = {t.key for t in terms}
    lede = profile.zone.keys
    for a, b in ANTONYM_KEYS:
        for said, opposite in ((a, b), (b, a)):
            if said in keys and said not in lede and opposite in lede:
                return True
    said_events = keys & EVENT_KEYS
    lede_events = lede & EVENT_KEYS
    return bool(said_events and lede_events and not said_events & lede_events)


@dataclass(frozen=True)
class Score:
    profile: Profile
    value: float
    matched: int  # content terms found in the lede


def score_candidate(terms: Sequence[Term], profile: Profile) -> Score | None:
    """The share of the headline's weight that ``profile`` covers, or None (vetoed)."""
    if not terms or _contradicts(terms, profile):
        return None
    total = covered = 0.0
    matched = 0
    for term in terms:
        match = _term_match(term, profile)
        if match is VETO or (match == 0.0 and term.kind == "word" and not term.light):
            return None  # a content word the story never uses: it says something else
        total += term.weight
        covered += term.weight * match
        if match >= WORD_CREDIT[1] and term.weight > LIGHT_WEIGHT and term.kind != "weekday":
            matched += 1
    if _swapped_words(terms, profile):
        return None
    return Score(profile, covered / total if total else 0.0, matched)


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
        if word.startswith(start) and (word == name or _same_name(name, word)):
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
            match = FACT_CREDIT[2] if term.kind != "word" else WORD_CREDIT[2]
        total += term.weight
        covered += term.weight * match
    return covered / total if total else 0.0


def best_match(headline: str, candidates: Sequence[Profile], pool: Pool) -> Profile | None:
    """The one candidate that is clearly this headline's story, or None.

    Clearly: it covers at least ``THRESHOLD`` of the headline's weight, finds
    enough of its content words in its lede (two at least, three when the
    headline has three), and beats every *different* story (another title
    key) by ``MARGIN``. A near tie between two stories is a None.
    """
    shape = headline_shape(headline, pool)
    candidates = not_ruled_out_by_title(shape, candidates)
    if not candidates:
        return None  # nothing left to weigh: no candidate's lede is read
    terms = weigh(shape, pool)
    content = sum(1 for t in terms if t.weight > LIGHT_WEIGHT and t.kind != "weekday")
    bounds = [(bound, p) for p in candidates if (bound := upper_bound(terms, p)) is not None]
    bounds.sort(key=lambda item: item[0], reverse=True)
    scores: list[Score] = []
    best: Score | None = None
    for bound, profile in bounds:
        floor = THRESHOLD if best is None or best.value < THRESHOLD else best.value - MARGIN
        if bound < floor:
            break  # neither a winner nor a rival within the margin can come after this
        score = score_candidate(terms, profile)
        if score is not None:
            scores.append(score)
            if best is None or score.value > best.value:
                best = score
    if best is None or best.value < THRESHOLD or best.matched < max(2, min(3, content)):
        return None
    for rival in scores:
        if rival.profile.key != best.profile.key and rival.value > best.value - MARGIN:
            return None
    return best.profile
