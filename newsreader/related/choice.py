"""Choosing the story a headline leads to among the scored candidates: the one clearly
ahead (``THRESHOLD``, ``MARGIN``), or, when none is, the closest few as suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date

from newsreader.related.profile import Profile
from newsreader.related.score import MARGIN, THRESHOLD, Score, not_ruled_out_by_title, score_candidate, upper_bound
from newsreader.related.terms import LIGHT_WEIGHT, Pool, Spellings, headline_shape, weigh

__all__ = ["SUGGEST_FLOOR", "SUGGESTIONS", "Choice", "best_match", "choose"]


SUGGEST_FLOOR = 0.45  # a story scoring less is not worth suggesting


SUGGESTIONS = 3


@dataclass(frozen=True)
class Choice:
    """The story a headline leads to (``chosen``), or, when none is clearly ahead,
    the closest ones (``suggestions``, best first, one per story)."""

    chosen: Profile | None
    suggestions: tuple[Profile, ...] = ()


def choose(
    headline: str,
    candidates: Sequence[Profile],
    pool: Pool,
    *,
    when: Date | None = None,
    spellings: Spellings | None = None,
) -> Choice:
    """The one candidate that is clearly this headline's story, or the closest few.

    Clearly: it covers at least ``THRESHOLD`` of the headline's weight, finds
    enough of its content words in its lede (two at least, three when the
    headline has three), and beats every *different* story (another title
    key) by ``MARGIN``. A near tie between two stories is no answer.
    """
    shape = headline_shape(headline, pool, when=when, spellings=spellings)
    candidates = not_ruled_out_by_title(shape, candidates)
    if not candidates:
        return Choice(None)  # nothing left to weigh: no candidate's lede is read
    terms = weigh(shape, pool)
    content = sum(1 for t in terms if t.weight > LIGHT_WEIGHT and t.kind != "weekday")
    bounds = [(bound, p) for p in candidates if (bound := upper_bound(terms, p)) is not None]
    bounds.sort(key=lambda item: item[0], reverse=True)
    scores: list[Score] = []
    best: Score | None = None
    for bound, profile in bounds:
        floor = SUGGEST_FLOOR if best is None or best.value < THRESHOLD else best.value - MARGIN
        if bound < floor and len(scores) >= SUGGESTIONS:
            break  # neither a winner nor a rival within the margin can come after this
        score = score_candidate(terms, profile)
        if score is not None:
            scores.append(score)
            if best is None or score.value > best.value:
                best = score
    if best is None:
        return Choice(None)
    clear = best.value >= THRESHOLD and best.matched >= max(2, min(3, content))
    if clear and all(r.profile.key == best.profile.key or r.value <= best.value - MARGIN for r in scores):
        return Choice(best.profile)
    return Choice(None, _suggestions(scores))


def _suggestions(scores: Sequence[Score]) -> tuple[Profile, ...]:
    picked: list[Profile] = []
    keys: set[str] = set()
    for score in sorted(scores, key=lambda s: s.value, reverse=True):
        if score.value < SUGGEST_FLOOR or score.matched < 2 or score.profile.key in keys:
            continue
        keys.add(score.profile.key)
        picked.append(score.profile)
        if len(picked) == SUGGESTIONS:
            break
    return tuple(picked)


def best_match(
    headline: str,
    candidates: Sequence[Profile],
    pool: Pool,
    *,
    when: Date | None = None,
    spellings: Spellings | None = None,
) -> Profile | None:
    """The one candidate that is clearly this headline's story, or None (``choose``)."""
    return choose(headline, candidates, pool, when=when, spellings=spellings).chosen
