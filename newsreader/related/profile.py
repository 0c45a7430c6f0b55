"""What the resolver knows of a stored article: its ``Profile``, the words,
names and numbers of its title, lede and body, read lazily (most candidates
are decided on their lede)."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsreader.dates import parse_day
from newsreader.document.sentences import split_sentences
from newsreader.document.texts import own_texts
from newsreader.related.titles import normalise_chars, title_key
from newsreader.related.tokens import Token, tokenize
from newsreader.related.words import ACRONYM_GLUE, EVENT_KEYS, LIGHT_KEYS

if TYPE_CHECKING:
    from newsreader.store import Article

ZONE_WORDS = 90  # title + lede: where a headline's words should be found
LEDE_BLOCKS = 2  # paragraphs that make the lede


@dataclass(frozen=True)
class Tier:
    """The words, word surfaces and numbers of one part of an article."""

    keys: frozenset[str]
    surfaces: frozenset[str]
    numbers: tuple[float, ...]
    settled: frozenset[str] = frozenset()  # event keys said as facts, not after will/would/may
    quantities: frozenset[tuple[float, str]] = frozenset()  # (figure, a word beside it): "three bodies"
    said: frozenset[str] = frozenset()  # keys said at least once outside a will/would/be clause

    def joined(self, *others: Tier) -> Tier:
        return Tier(
            self.keys.union(*(o.keys for o in others)),
            self.surfaces.union(*(o.surfaces for o in others)),
            self.numbers + tuple(n for o in others for n in o.numbers),
            self.settled.union(*(o.settled for o in others)),
            self.quantities.union(*(o.quantities for o in others)),
            self.said.union(*(o.said for o in others)),
        )

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> Tier:
        return cls(
            keys=frozenset(t.key for t in tokens),
            surfaces=frozenset(t.surface.casefold() for t in tokens if t.kind == "word"),
            numbers=tuple(t.value for t in tokens if t.kind == "number" and t.value is not None),
            settled=frozenset(t.key for t in tokens if t.mood != "will" and t.key in EVENT_KEYS),
            quantities=frozenset(_quantities(tokens)),
            said=frozenset(t.key for t in tokens if t.mood != "will"),
        )


def _quantities(tokens: Sequence[Token]) -> Iterator[tuple[float, str]]:
    """Each figure (number or ordinal) with the words up to two places either side of it.

    A bare figure, one no word follows in its sentence ("the number of customers
    affected rose to 1.9 million on Tuesday"), counts what its sentence named before
    it: it goes with each word of the sentence up to it.
    """
    start = 0
    for i, token in enumerate(tokens):
        if token.sentence_start:
            start = i
        if token.kind in ("number", "ordinal") and token.value is not None:
            for other in tokens[max(0, i - 2) : i + 3]:
                if other.kind == "word":
                    yield token.value, other.key
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if after is None or after.sentence_start or after.kind != "word":
                for other in tokens[start : max(start, i - 2)]:
                    if other.kind == "word":
                        yield token.value, other.key


class Profile:
    """The matching features of one stored article, in three nested tiers.

    ``head``: the title and the lede's first sentence (what the story is);
    ``zone``: the title and lede (the first two paragraphs, capped);
    ``body``: all of its own text (related-link headlines excluded: they are
    other stories). The body is read only when a score needs it: most
    candidates are decided on their lede.
    """

    def __init__(
        self,
        article_id: str,
        title: str,
        texts: Sequence[str],
        *,
        date: str | None = None,
    ) -> None:
        self.id = article_id
        self.title = title
        self.key = title_key(title)
        self.date = parse_day(date)
        self._texts = list(texts)
        self._habits: dict[str, tuple[bool, bool]] = {}

    def __repr__(self) -> str:
        return f"Profile({self.id!r}, {self.title[:40]!r})"

    # Each feature is worked out when first asked for: a candidate that its title
    # already rules out (``score._swapped_words``) never has its lede tokenized.

    @functools.cached_property
    def title_counts(self) -> Counter[str]:
        return Counter(
            t.surface.casefold() if t.capitalised and not t.sentence_start else t.key
            for t in tokenize(self.title)
            if t.kind == "word" and t.key not in LIGHT_KEYS
        )

    @functools.cached_property
    def headline_like(self) -> bool:
        return not self._texts or not title_key(self._texts[0]).startswith(self.key)

    @functools.cached_property
    def _lede(self) -> tuple[list[Token], list[Token]]:
        """The tokens of the title and the lede's first sentence, and of the lede."""
        lede = "\n".join(self._texts[:LEDE_BLOCKS])
        return tokenize(self.title + ". " + _first_sentence(lede)), tokenize(lede)

    @functools.cached_property
    def head(self) -> Tier:
        return Tier.of(self._lede[0])

    @functools.cached_property
    def head_pairs(self) -> frozenset[tuple[str, str]]:
        """Neighbouring words of the title and the lede's first sentence, in their order."""
        tokens = self._lede[0]
        return frozenset((a.key, b.key) for a, b in zip(tokens, tokens[1:]))

    @functools.cached_property
    def first(self) -> Tier:
        """The lede's first sentence alone (for a plain-text article, its title)."""
        lede = "\n".join(self._texts[:LEDE_BLOCKS])
        return Tier.of(tokenize(_first_sentence(lede))) if lede else self.head

    @functools.cached_property
    def zone(self) -> Tier:
        head_tokens, lede_tokens = self._lede
        return Tier.of(head_tokens + lede_tokens[: max(0, ZONE_WORDS - len(head_tokens))])

    @functools.cached_property
    def body(self) -> Tier:
        rest = tokenize("\n".join(self._texts[LEDE_BLOCKS:]))
        return Tier.of(rest).joined(self.zone, Tier.of(self._lede[1]))

    @functools.cached_property
    def acronyms(self) -> frozenset[str]:
        return frozenset(_acronyms(self.title + "\n" + "\n".join(self._texts)))

    @functools.cached_property
    def _text(self) -> str:
        return normalise_chars("\n".join([self.title, *self._texts]))

    def writes(self, word: str) -> tuple[bool, bool]:
        """Whether the article writes ``word`` (lower case) in lower case anywhere,
        and whether it capitalises it in mid-sentence (as a name)."""
        if word not in self._habits:
            lower = capitalised = False
            for start, found in self._spellings(word):
                if found.islower():
                    lower = True
                elif found[0].isupper() and not _starts_sentence(self._text, start):
                    capitalised = True
                if lower and capitalised:
                    break
            self._habits[word] = (lower, capitalised)
        return self._habits[word]

    @functools.cached_property
    def _ascii_lower(self) -> str | None:
        """The text in lower case, when it is plain ASCII (so case is ASCII case)."""
        return self._text.lower() if self._text.isascii() else None

    def _spellings(self, word: str) -> Iterator[tuple[int, str]]:
        """Where the text holds ``word`` in any case, not inside a longer word, and how it spells it."""
        text = self._text
        lower = self._ascii_lower if word.isascii() and word.islower() else None
        if lower is None:
            pattern = rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])"
            for match in re.finditer(pattern, text, re.IGNORECASE):
                yield match.start(), match.group(0)
            return
        # The same matches, found with str.find: in ASCII, [^\W\d_] is a letter (isalpha).
        start = lower.find(word)
        while start != -1:
            end = start + len(word)
            if (start == 0 or not text[start - 1].isalpha()) and (end == len(text) or not text[end].isalpha()):
                yield start, text[start:end]
                start = lower.find(word, end)
            else:
                start = lower.find(word, start + 1)


def _starts_sentence(text: str, position: int) -> bool:
    i = position - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in '.!?:;"“«\n'


def _acronyms(text: str) -> set[str]:
    """Initials of runs of capitalised words: Kaldrian Space Agency -> ksa."""
    found: set[str] = set()
    for run in re.findall(r"(?:[A-Z][\w'-]*(?:\s+(?:of|for|and|the|de|la)\s+|\s+)?)+", text):
        words = [w for w in run.split() if w.casefold() not in ACRONYM_GLUE]
        if len(words) >= 2:
            letters = "".join(w[0] for w in words).casefold()
            for start in range(len(letters) - 1):
                for end in range(start + 2, len(letters) + 1):
                    found.add(letters[start:end])
    return found


def _first_sentence(text: str) -> str:
    first_paragraph = text.split("\n", 1)[0]
    sentences = split_sentences(first_paragraph)
    return sentences[0] if sentences else first_paragraph


def build_profile(
    article_id: str,
    title: str,
    texts: Sequence[str],
    *,
    date: str | None = None,
) -> Profile:
    """Features of one article from its title and its own text blocks (the first
    ``LEDE_BLOCKS`` are the lede)."""
    return Profile(article_id, title, texts, date=date)


def profile_of(article: Article) -> Profile:
    """The matching features of a stored article."""
    return build_profile(article.id, article.title, own_texts(article.document), date=article.date)
