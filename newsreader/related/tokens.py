"""Headlines and ledes as tokens: words (stemmed, synonyms merged, phrasal
verbs kept apart), numbers with their magnitudes, ordinals, months and weekdays,
each word marked when it follows a "will" or "to" (a plan, not yet a fact)."""

from __future__ import annotations

import re
from typing import NamedTuple

from newsreader.related.titles import normalise_chars
from newsreader.related.words import (
    EVENT_KEYS,
    GET_KEY,
    GETTING_KEYS,
    MAGNITUDES,
    MONTH_WORDS_UNAMBIGUOUS,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    PARTICLES,
    PHRASAL_VERBS,
    PHRASE_ENDS,
    PHRASES,
    STOPWORDS,
    SYNONYMS,
    WEEKDAYS,
    stem,
    word_key,
)

_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)(?P<suffix>st|nd|rd|th|bn|tn|mn|mln|m|b|k|%)?(?![^\W_])"
    r"|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)*)"
    r"|(?P<stop>[.!?;:]+(?=\s|$)|\"|,(?=\s))",
)


class Token(NamedTuple):
    """One meaningful unit of a headline or lede.

    kind: ``word`` (``key`` is the stem/synonym key), ``number`` (``value``),
    ``ordinal`` (``value``), ``month`` or ``weekday`` (``value``).
    """

    kind: str
    key: str
    surface: str
    value: float | None = None
    capitalised: bool = False
    sentence_start: bool = False
    mood: str = ""  # "will" after will/would/could/may..., "to" after to: not (yet) a fact


def _number_value(text: str) -> float | None:
    if "," in text:
        if "." in text or re.fullmatch(r"\d{1,3}(,\d{3})+", text):
            text = text.replace(",", "")
        else:
            text = text.replace(",", ".")  # 2,5 -> 2.5 (European decimal)
    try:
        return float(text)
    except ValueError:
        return None


def _number_token(value: float, surface: str) -> Token:
    return Token("number", f"#{value:g}", surface, value)


# Every lower-case word that needs more than a dictionary look-up, so that the
# common case (an ordinary word) costs one set test.
_SPECIAL = frozenset([*WEEKDAYS, *MONTHS, *ORDINAL_WORDS, *NUMBER_WORDS, *MAGNITUDES, *PARTICLES, *STOPWORDS])
# Words that make the next verb a plan or a forecast rather than a fact.
_MOODS = {
    "be": "will",
    "will": "will",
    "would": "will",
    "shall": "will",
    "could": "will",
    "might": "will",
    "may": "will",
    "ll": "will",
    "to": "to",
}
_MOOD_KEEPERS = frozenset({"not", "also", "soon", "now", "then", "still"})
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])'s?\b")


def tokenize(text: str) -> list[Token]:
    """Words, numbers (with bn/m/k and ``2.1 billion`` folded in), ordinals,
    months and weekdays; stopwords dropped; ``calls off`` kept apart from ``calls``."""
    text = _POSSESSIVE.sub("", normalise_chars(text or ""))  # Kaldria's, teachers'
    raw = _TOKEN.findall(text)
    tokens: list[Token] = []
    sentence_start = True
    pending = ""  # the mood the next word takes
    clause = ""  # "will" from a will/would/be... to the end of its clause: "will face Grau in a runoff"
    i = 0
    while i < len(raw):
        number, suffix, word, stop = raw[i]
        i += 1
        if stop:
            if stop not in ('"', ","):
                sentence_start = True
            if stop != '"':
                clause = ""
            continue
        at_start, sentence_start = sentence_start, False
        if number:
            next_word = raw[i][2] if i < len(raw) else ""
            token = _numeric(number, suffix, next_word, raw[i + 1][2] if i + 1 < len(raw) else "", tokens)
            if token is None:
                continue
            if token.kind == "number" and next_word.casefold() in MAGNITUDES and not suffix:
                token = _number_token((token.value or 0.0) * MAGNITUDES[next_word.casefold()], token.surface)
                i += 1
            after = next_word.casefold() if i < len(raw) else ""
            if token.kind == "number" and (
                after in ("percent", "pc")
                or (after == "per" and i + 1 < len(raw) and raw[i + 1][2].casefold() == "cent")
            ):
                token = token._replace(surface=token.surface + "%")  # a rate, as "6%" is
            tokens.append(token)
            continue
        lower = word.casefold()
        capitalised = word[0].isupper()
        mood, pending = pending or clause, ""
        if lower in _MOODS and not (lower == "may" and capitalised):
            pending = _MOODS[lower]
            if pending == "will":
                clause = "will"
            continue
        if lower in _MOOD_KEEPERS:
            pending = mood
            continue
        if lower in _SPECIAL or stem(lower) in PHRASE_ENDS:
            special = _special_word(word, lower, capitalised, tokens)
            if special is not None:
                if special is not _SKIP:
                    tokens.append(special)
                continue
        if capitalised and len(word) >= 2 and word.isupper():
            tokens.append(Token("word", SYNONYMS.get(lower, lower), word, None, True, at_start, mood))
            continue
        tokens.append(Token("word", word_key(lower), word, None, capitalised, at_start, mood))
    return _getting(tokens)


def _getting(tokens: list[Token]) -> list[Token]:
    """A verb of getting before an event noun ("wins approval", "secured a 7.5% rise") is
    "get": the noun is the event. Figures may stand between them."""
    for i, token in enumerate(tokens):
        if token.key in GETTING_KEYS and token.kind == "word":
            after = next((t for t in tokens[i + 1 : i + 3] if t.kind != "number"), None)
            if after is not None and after.kind == "word" and after.key in EVENT_KEYS and not after.capitalised:
                tokens[i] = token._replace(key=GET_KEY)
    return tokens


_SKIP = Token("skip", "", "")


def _special_word(word: str, lower: str, capitalised: bool, tokens: list[Token]) -> Token | None:
    """A weekday, month, ordinal, number word, magnitude, phrase or stopword: the
    token it makes (``_SKIP`` when it only changed the previous one), or None for
    an ordinary word after all."""
    prev = tokens[-1] if tokens else None
    if lower in WEEKDAYS:
        return Token("weekday", f"@{lower}", word, WEEKDAYS[lower])
    if lower in MONTHS and (capitalised or lower in MONTH_WORDS_UNAMBIGUOUS):
        return Token("month", f"@m{MONTHS[lower]}", word, MONTHS[lower])
    if lower in ORDINAL_WORDS:
        return Token("ordinal", f"#o{ORDINAL_WORDS[lower]}", word, ORDINAL_WORDS[lower])
    if lower in NUMBER_WORDS:
        value = float(NUMBER_WORDS[lower])
        if prev and prev.kind == "number" and prev.surface.isalpha():
            if prev.value and prev.value >= 20 and prev.value % 10 == 0 and value < 10:
                tokens[-1] = _number_token(prev.value + value, prev.surface + "-" + word)
                return _SKIP
        return _number_token(value, word)
    if lower in MAGNITUDES and prev and prev.kind == "number":
        tokens[-1] = _number_token((prev.value or 0) * MAGNITUDES[lower], prev.surface)
        return _SKIP
    if prev and prev.kind == "word" and " " not in prev.surface:
        first = stem(prev.surface)
        phrase = PHRASES.get((first, stem(lower)), "")
        if not phrase and lower in PARTICLES and first in PHRASAL_VERBS:
            phrase = f"{first}_{lower}"  # "calls off" is not "calls"
        if phrase:
            tokens[-1] = prev._replace(key=SYNONYMS.get(phrase, phrase), surface=prev.surface + " " + word)
            return _SKIP
    if lower in STOPWORDS:
        return _SKIP
    return None


def _numeric(number: str, suffix: str, next_word: str, word_after: str, tokens: list[Token]) -> Token | None:
    value = _number_value(number)
    if value is None:
        return None
    suffix = suffix.casefold()
    surface = number + suffix
    if suffix in ("st", "nd", "rd", "th"):
        if next_word.casefold() == "of":
            next_word = word_after
        prev_month = bool(tokens) and tokens[-1].kind == "month"
        if not prev_month and next_word.casefold() not in MONTHS and value <= 10:
            return Token("ordinal", f"#o{value:g}", surface, value)
        return _number_token(value, surface)
    if suffix in MAGNITUDES:
        return _number_token(value * MAGNITUDES[suffix], surface)
    return _number_token(value, surface)
