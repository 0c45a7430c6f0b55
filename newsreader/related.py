"""Following a related link: from a headline (or an address) to a stored article.

A related link names a story the way an editor wrote it on another day, in
another outlet: reworded, shortened, with ``bn`` for billion and ``caps`` for
"voted to cap". The resolver tries, in order:

1. the address, when the link has one (canonical forms compared);
2. the exact title, after ``title_key`` normalisation;
3. a fuzzy match that must be *right* rather than eager. Candidates come from
   the store's full-text index (or, for a pass over the whole store, from an
   in-memory ``TitleIndex``); each is scored on how much of the headline's
   weight its title and lede cover (stems and headline synonyms count).
   A candidate is refused outright when the headline holds a number, date,
   ordinal or name it lacks, a content word it never uses, an event it
   contradicts (approves / rejects, "calls off" / "threatened"), a fact it
   only forecasts ("begins" / "will begin"), another weekday, or when both
   are headlines that differ both ways ("court" / "agency"); and a linked
   story is never newer than the linking one by more than a day. The winner
   must clear ``THRESHOLD`` and beat any other story by ``MARGIN``.

Better unresolved than wrong: an unresolved link offers a search; a wrong
one misleads. The text functions are pure; the store is reached only through
the methods listed in INTERFACES.md (plus ``articles_with_unresolved_links``
when a store offers it).
"""

from __future__ import annotations

import dataclasses
import functools
import heapq
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsreader.document.blocks import Document, Paragraph, Quote, RelatedLink
from newsreader.document.clean import clean_inline

if TYPE_CHECKING:  # the store imports nothing from here; no cycle at run time
    from newsreader.store import Article, Headline, Store

# --- addresses ----------------------------------------------------------------

_TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "mc_cid", "mc_eid", "igshid", "cmpid", "ocid"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str | None) -> str | None:
    """One spelling per address: scheme/host lower case, no default port,
    no fragment, no ``utm_*``/click-tracking parameters, no trailing slash.

    Returns None for something that is not an absolute http(s) address.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = re.sub(r"/+$", "", parts.path) or ""
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
    ]
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def url_variants(url: str) -> list[str]:
    """The spellings a store may hold for one address, the given one first."""
    canonical = canonical_url(url)
    variants = [url.strip()]
    if canonical:
        other_scheme = (
            "http" + canonical[5:] if canonical.startswith("https:") else "https" + canonical[4:]
        )
        for form in (canonical, canonical + "/", other_scheme, other_scheme + "/"):
            if "?" in form and form.endswith("/"):
                continue
            variants.append(form)
    seen: set[str] = set()
    return [v for v in variants if not (v in seen or seen.add(v))]


# --- titles -------------------------------------------------------------------

_SOURCE_SUFFIX = re.compile(r"\s+(?:[-–—|•·])\s+([^-–—|•·]+?)\s*$")
_CHARS = str.maketrans(
    {**{c: "'" for c in "’‘‛ʼ`´′"}, **{c: '"' for c in "“”„‟«»‹›″"}, **{c: "-" for c in "‐‑‒–—―−"}}
)


def _normalise_chars(text: str) -> str:
    """One spelling for apostrophes, quotes and dashes."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_CHARS)


def strip_source_suffix(title: str) -> str:
    """``Cabinet approves 2.1bn for river ports - Valley Post`` -> the headline.

    Only a short, name-like tail (up to four capitalised words, as outlets are
    named) goes, so ``Election results - live`` keeps its tail.
    """
    match = _SOURCE_SUFFIX.search(title)
    if not match:
        return title.strip()
    words = match.group(1).split()
    if 1 <= len(words) <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return title[: match.start()].strip()
    return title.strip()


def title_key(title: str) -> str:
    """The form in which two spellings of one headline are equal.

    Case, punctuation, quote and apostrophe styles, dashes, whitespace and a
    trailing `` - Source`` / `` | Source`` do not count.
    """
    text = strip_source_suffix(_normalise_chars(title or ""))
    text = text.casefold().replace("%", " percent ").replace("&", " and ")
    text = re.sub(r"(?<=\w)'(?=\w)", "", text)  # don't -> dont, Kaldria's -> kaldrias
    return " ".join(re.findall(r"[^\W_]+", text))


# --- words --------------------------------------------------------------------

STOPWORDS = frozenset(
    """
    a an the of to in on at for from by with as and or but nor if so than then
    is are was were be been being am has have had having will would shall should
    can could may might must do does did done doing not no yes its it it's this
    that these those their theirs his her hers he she they we you i our ours your
    them him us me my who whom whose which what when where why how there here
    also after before over under into onto about against between during amid
    amidst among via per just very such only both each other any all some own
    same too while since until upon whether though although because despite
    like unlike toward towards across around behind beyond near within without
    again once ever even still yet already about above below
    percent pc cent
    """.split()
)

# Words that say little about which event a headline reports.
LIGHT_WORDS = frozenset(
    """
    get make take give go come set put see say tell ask new old big top key
    more most less much many several some hundreds thousands dozens millions
    billions scores year day week month time today yesterday tonight people
    country city state official officials report latest major local national
    public part way issue move use need want high low next last late early
    amid nearly almost about around least than per cent percent first-ever
    """.split()
)

# Particles that make a phrasal verb a different event ("calls off" is not "called").
_PARTICLES = frozenset("off out up down back over away".split())
_PHRASAL_VERBS = frozenset(
    """
    call step back turn rule kick lay set cut take hold break pull scale shut
    wipe write carry sign push throw hit wind drop pay sell close give
    """.split()
)

# Irregular verb forms, so "rose" meets "rise" and "won" meets "win".
_IRREGULAR = {
    "won": "win", "held": "hold", "met": "meet", "rose": "rise", "risen": "rise",
    "fell": "fall", "fallen": "fall", "gave": "give", "given": "give", "took": "take",
    "taken": "take", "made": "make", "said": "say", "says": "say", "told": "tell",
    "led": "lead", "sold": "sell", "bought": "buy", "grew": "grow", "grown": "grow",
    "began": "begin", "begun": "begin", "ran": "run", "came": "come", "went": "go",
    "gone": "go", "sent": "send", "spent": "spend", "struck": "strike", "chose": "choose",
    "chosen": "choose", "fled": "flee", "sought": "seek", "caught": "catch",
    "brought": "bring", "built": "build", "lost": "lose", "paid": "pay", "laid": "lay",
    "kept": "keep", "found": "find", "stood": "stand", "threw": "throw", "thrown": "throw",
    "spoke": "speak", "spoken": "speak", "broke": "break", "broken": "break",
    "wrote": "write", "written": "write", "sank": "sink", "sunk": "sink", "froze": "freeze",
    "frozen": "freeze", "stole": "steal", "stolen": "steal", "drove": "drive",
    "driven": "drive", "flew": "fly", "flown": "fly", "knew": "know", "known": "know",
    "shot": "shoot", "swore": "swear", "sworn": "swear", "bore": "bear", "borne": "bear",
    "beaten": "beat", "hid": "hide", "hidden": "hide", "slid": "slide", "fought": "fight",
    "taught": "teach", "thought": "think", "meant": "mean", "heard": "hear", "left": "leave",
    "felt": "feel", "dealt": "deal", "drew": "draw", "drawn": "draw", "ate": "eat",
    "wore": "wear", "tore": "tear", "woke": "wake", "overtook": "overtake", "undertook": "undertake",
    "withdrew": "withdraw", "withdrawn": "withdraw", "forgave": "forgive", "oversaw": "oversee",
    "children": "child", "men": "man", "women": "woman", "people": "people", "mice": "mouse",
    "feet": "foot", "died": "die", "dies": "die", "dying": "die", "lying": "lie", "teeth": "tooth", "data": "data", "media": "media", "news": "news",
}

# Headline-speak: words an editor swaps for one another. Each group becomes one key.
# A group starting with "!" is an event (what happened), see ``_contradicts``.
_SYNONYM_GROUPS = [
    "!approve approval back endorse ok oks okay nod greenlight green_light clear pass grant authorise authorize ratify adopt",
    "!reject refuse refusal deny denial dismiss block veto snub turn_down throw_out rebuff spurn rule_out",
    "!rise increase raise grow growth climb jump soar surge hike boost",
    "!fall drop decline decrease plunge slump slide sink tumble slip dip ease shed slash cut reduce reduction lower",
    "!cap limit curb restrict restriction ceiling",
    "pay salary wage",
    "!cancel call_off scrap abandon axe",
    "!halt suspend pause",
    "!delay postpone push_back defer hold_off",
    "!start begin launch kick_off commence",
    "!resign resignation quit step_down",
    "!criticise criticize criticism slam blast condemn denounce hit_out lambast",
    "!threaten threat warn warning",
    "!meet meeting talk negotiation",
    "!promise pledge vow announce announcement unveil reveal declare",
    "!kill die dead death fatal",
    "!arrest detain detention",
    "!win victory clinch triumph",
    "!lose loss defeat",
    "!sign seal",
    "!urge demand call_for",
    "deal agreement accord pact contract",
    "bill law legislation",
    "probe investigation investigate inquiry enquiry",
    "protest rally demonstration demonstrate",
    "row dispute feud clash spat",
    "claim allegation allege accusation accuse suspicion suspect",
    "former ex",
    "firm company",
    "government govt cabinet",
    "watchdog regulator ombudsman commissioner",
    "boss chief ceo chief_executive",
    "lawmaker legislator mp",
    "worker employee staff",
    "fund funding money cash",
    "trip journey ride",
    "log record track",
    "flat apartment",
    "rail railway train",
    "vote ballot poll",
    "privacy data_protection",
    "!build construct construction",
    "!attend attendance",
    "!propose proposal",
    "!ban prohibit prohibition outlaw forbid",
    "!close closure shut shut_down",
    "strike walkout stoppage",
    "!appoint appointment nominate nomination",
    "!sue lawsuit",
    "megawatt mw",
    "gigawatt gw",
    "kilometre kilometer km",
    "kilogram kg",
    "prime_minister pm premier",
]

# Two-word phrases that mean one thing (the second word ends the phrase).
_PHRASES = {
    ("green", "light"): "green_light",
    ("data", "protection"): "data_protection",
    ("prime", "minister"): "prime_minister",
    ("chief", "executive"): "chief_executive",
    ("calls", "for"): "call_for",
    ("call", "for"): "call_for",
    ("called", "for"): "call_for",
}

# Opposite events: a headline saying one where the story says only the other is not that story.
_ANTONYMS = [("approve", "reject"), ("rise", "fall"), ("win", "lose"), ("start", "cancel")]

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_MONTH_WORDS_UNAMBIGUOUS = {k for k in _MONTHS if len(k) > 3 and k != "march"} | {"march"}
_WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
    "saturday": 6, "sunday": 7,
}
_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
_MAGNITUDES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
    "bn": 1e9, "b": 1e9, "billion": 1e9, "tn": 1e12, "trillion": 1e12,
}
_ACRONYM_GLUE = frozenset("of for and the de la del du der von".split())


def stem(word: str) -> str:
    """A light stemmer for headline matching: plural, tense and a few noun suffixes.

    ``approves``/``approved``/``approval`` -> ``approv``; ``caps``/``capped`` -> ``cap``.
    Deliberately conservative: it only needs to agree with itself.
    """
    w = word.casefold()
    w = _IRREGULAR.get(w, w)
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("es") and w[-3] in "sxz" or w.endswith(("ches", "shes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in _SUFFIXES:
        if not w.endswith(suffix):
            continue
        base = w[: -len(suffix)]
        if len(base) < (4 if suffix.startswith(("at", "al")) else 3):
            continue
        if suffix in ("ing", "ings", "ed") and not re.search(r"[aeiouy]", base):
            continue  # "red", "sing": no vowel left, so not a suffix
        w = base
        if w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]  # capped -> cap, planned -> plan
        break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


_SUFFIXES = ("ations", "ation", "ating", "ated", "ates", "ate", "ments", "ment", "ings", "ing", "ery", "ed", "al")


def _build_synonyms() -> tuple[dict[str, str], frozenset[str]]:
    table: dict[str, str] = {}
    events: set[str] = set()
    for group in _SYNONYM_GROUPS:
        words = group.lstrip("!").split()
        canonical = "~" + stem(words[0].split("_")[0]) if "_" not in words[0] else "~" + words[0]
        for word in words:
            key = word if "_" in word else stem(word)
            table.setdefault(key, canonical)
        if group.startswith("!"):
            events.add(canonical)
    return table, frozenset(events)


_SYNONYMS, _EVENT_KEYS = _build_synonyms()
_ANTONYM_KEYS = [(_SYNONYMS[stem(a)], _SYNONYMS[stem(b)]) for a, b in _ANTONYMS]
_LIGHT_KEYS = frozenset(_SYNONYMS.get(stem(w), stem(w)) for w in LIGHT_WORDS)


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The matching key of one word: stemmed, then mapped to its synonym group."""
    key = stem(word)
    return _SYNONYMS.get(key, key)


# --- tokens -------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)(?P<suffix>st|nd|rd|th|bn|tn|mn|mln|m|b|k|%)?(?![^\W_])"
    r"|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)*)"
    r"|(?P<stop>[.!?;:]+(?=\s|$)|\")",
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
_SPECIAL = frozenset(
    [*_WEEKDAYS, *_MONTHS, *_ORDINAL_WORDS, *_NUMBER_WORDS, *_MAGNITUDES, *_PARTICLES, *STOPWORDS]
    + [second for _, second in _PHRASES]
)
# Words that make the next verb a plan or a forecast rather than a fact.
_MOODS = {"will": "will", "would": "will", "shall": "will", "could": "will", "might": "will",
          "may": "will", "ll": "will", "to": "to"}
_MOOD_KEEPERS = frozenset({"be", "not", "also", "soon", "now", "then", "still"})
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])'s?\b")


def tokenize(text: str) -> list[Token]:
    """Words, numbers (with bn/m/k and ``2.1 billion`` folded in), ordinals,
    months and weekdays; stopwords dropped; ``calls off`` kept apart from ``calls``."""
    text = _POSSESSIVE.sub("", _normalise_chars(text or ""))  # Kaldria's, teachers'
    raw = _TOKEN.findall(text)
    tokens: list[Token] = []
    sentence_start = True
    pending = ""  # the mood the next word takes
    i = 0
    while i < len(raw):
        number, suffix, word, stop = raw[i]
        i += 1
        if stop:
            if stop != '"':
                sentence_start = True
            continue
        at_start, sentence_start = sentence_start, False
        if number:
            next_word = raw[i][2] if i < len(raw) else ""
            token = _numeric(number, suffix, next_word, raw[i + 1][2] if i + 1 < len(raw) else "", tokens)
            if token is None:
                continue
            if token.kind == "number" and next_word.casefold() in _MAGNITUDES and not suffix:
                token = _number_token(token.value * _MAGNITUDES[next_word.casefold()], token.surface)
                i += 1
            tokens.append(token)
            continue
        lower = word.casefold()
        capitalised = word[0].isupper()
        mood, pending = pending, ""
        if lower in _MOODS and not (lower == "may" and capitalised):
            pending = _MOODS[lower]
            continue
        if lower in _MOOD_KEEPERS:
            pending = mood
            continue
        if lower in _SPECIAL:
            special = _special_word(word, lower, capitalised, tokens)
            if special is not None:
                if special is not _SKIP:
                    tokens.append(special)
                continue
        if capitalised and len(word) >= 2 and word.isupper():
            tokens.append(Token("word", _SYNONYMS.get(lower, lower), word, None, True, at_start, mood))
            continue
        tokens.append(Token("word", word_key(lower), word, None, capitalised, at_start, mood))
    return tokens


_SKIP = Token("skip", "", "")


def _special_word(word: str, lower: str, capitalised: bool, tokens: list[Token]) -> Token | None:
    """A weekday, month, ordinal, number word, magnitude, phrase or stopword: the
    token it makes (``_SKIP`` when it only changed the previous one), or None for
    an ordinary word after all."""
    prev = tokens[-1] if tokens else None
    if lower in _WEEKDAYS:
        return Token("weekday", f"@{lower}", word, _WEEKDAYS[lower])
    if lower in _MONTHS and (capitalised or lower in _MONTH_WORDS_UNAMBIGUOUS and lower != "march"):
        return Token("month", f"@m{_MONTHS[lower]}", word, _MONTHS[lower])
    if lower in _ORDINAL_WORDS:
        return Token("ordinal", f"#o{_ORDINAL_WORDS[lower]}", word, _ORDINAL_WORDS[lower])
    if lower in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[lower])
        if prev and prev.kind == "number" and prev.surface.isalpha():
            if prev.value and prev.value >= 20 and prev.value % 10 == 0 and value < 10:
                tokens[-1] = _number_token(prev.value + value, prev.surface + "-" + word)
                return _SKIP
        return _number_token(value, word)
    if lower in _MAGNITUDES and prev and prev.kind == "number":
        tokens[-1] = _number_token((prev.value or 0) * _MAGNITUDES[lower], prev.surface)
        return _SKIP
    if prev and prev.kind == "word":
        if lower in _PARTICLES and stem(prev.surface) in _PHRASAL_VERBS:
            phrase = f"{stem(prev.surface)}_{lower}"
        else:
            phrase = _PHRASES.get((prev.surface.casefold(), lower), "")
        if phrase:
            tokens[-1] = prev._replace(key=_SYNONYMS.get(phrase, phrase), surface=prev.surface + " " + word)
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
        if not prev_month and next_word.casefold() not in _MONTHS and value <= 10:
            return Token("ordinal", f"#o{value:g}", surface, value)
        return _number_token(value, surface)
    if suffix in _MAGNITUDES:
        return _number_token(value * _MAGNITUDES[suffix], surface)
    return _number_token(value, surface)


# --- what the resolver knows of a stored article --------------------------------

ZONE_WORDS = 90  # title + lede: where a headline's words should be found
LEDE_BLOCKS = 2  # paragraphs that make the lede


@dataclass(frozen=True)
class Tier:
    """The words, word surfaces and numbers of one part of an article."""

    keys: frozenset[str]
    surfaces: frozenset[str]
    numbers: tuple[float, ...]
    settled: frozenset[str] = frozenset()  # event keys said as facts, not after will/would/may

    def joined(self, *others: Tier) -> Tier:
        return Tier(
            self.keys.union(*(o.keys for o in others)),
            self.surfaces.union(*(o.surfaces for o in others)),
            self.numbers + tuple(n for o in others for n in o.numbers),
            self.settled.union(*(o.settled for o in others)),
        )

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> Tier:
        return cls(
            keys=frozenset(t.key for t in tokens),
            surfaces=frozenset(t.surface.casefold() for t in tokens if t.kind == "word"),
            numbers=tuple(t.value for t in tokens if t.kind == "number" and t.value is not None),
            settled=frozenset(t.key for t in tokens if t.mood != "will" and t.key in _EVENT_KEYS),
        )


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
        source: str | None = None,
        url: str | None = None,
    ) -> None:
        self.id = article_id
        self.title = title
        self.key = title_key(title)
        self.date = _parse_date(date)
        self.source = source
        self.url = url
        self._texts = list(texts)
        lede = "\n".join(texts[:LEDE_BLOCKS])
        head_tokens = tokenize(title + ". " + _first_sentence(lede))
        self._lede_tokens = tokenize(lede)
        self.title_counts = Counter(
            t.surface.casefold() if t.capitalised and not t.sentence_start else t.key
            for t in tokenize(title)
            if t.kind == "word" and t.key not in _LIGHT_KEYS
        )
        self.headline_like = not texts or not title_key(texts[0]).startswith(self.key)
        self.head = Tier.of(head_tokens)
        self.zone = Tier.of(head_tokens + self._lede_tokens[: max(0, ZONE_WORDS - len(head_tokens))])
        self._habits: dict[str, tuple[bool, bool]] = {}

    def __repr__(self) -> str:
        return f"Profile({self.id!r}, {self.title[:40]!r})"

    @functools.cached_property
    def body(self) -> Tier:
        rest = tokenize("\n".join(self._texts[LEDE_BLOCKS:]))
        return Tier.of(rest).joined(self.zone, Tier.of(self._lede_tokens))

    @functools.cached_property
    def acronyms(self) -> frozenset[str]:
        return frozenset(_acronyms(self.title + "\n" + "\n".join(self._texts)))

    @property
    def tiers(self) -> tuple[Tier, Tier, Tier]:
        return (self.head, self.zone, self.body)


    @functools.cached_property
    def _text(self) -> str:
        return _normalise_chars("\n".join([self.title, *self._texts]))

    def writes(self, word: str) -> tuple[bool, bool]:
        """Whether the article writes ``word`` (lower case) in lower case anywhere,
        and whether it capitalises it in mid-sentence (as a name)."""
        if word not in self._habits:
            lower = capitalised = False
            pattern = rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])"
            for match in re.finditer(pattern, self._text, re.IGNORECASE):
                found = match.group(0)
                if found.islower():
                    lower = True
                elif found[0].isupper() and not _starts_sentence(self._text, match.start()):
                    capitalised = True
                if lower and capitalised:
                    break
            self._habits[word] = (lower, capitalised)
        return self._habits[word]


def _starts_sentence(text: str, position: int) -> bool:
    i = position - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in '.!?:;"“«\n'


def own_texts(document: Document) -> list[str]:
    """The article's own text, block by block (related-link headlines are other stories)."""
    texts: list[str] = []
    for block in document.blocks:
        if isinstance(block, RelatedLink):
            continue
        if isinstance(block, (Paragraph, Quote)):
            texts.append(block.text)
        elif hasattr(block, "items"):
            texts.extend([getattr(block, "lead", None) or "", *block.items])
        elif hasattr(block, "text"):
            texts.append(block.text)
    return [text for text in texts if text]


def _acronyms(text: str) -> set[str]:
    """Initials of runs of capitalised words: Kaldrian Space Agency -> ksa."""
    found: set[str] = set()
    for run in re.findall(r"(?:[A-Z][\w'-]*(?:\s+(?:of|for|and|the|de|la)\s+|\s+)?)+", text):
        words = [w for w in run.split() if w.casefold() not in _ACRONYM_GLUE]
        if len(words) >= 2:
            letters = "".join(w[0] for w in words).casefold()
            for start in range(len(letters) - 1):
                for end in range(start + 2, len(letters) + 1):
                    found.add(letters[start:end])
    return found


def _first_sentence(text: str) -> str:
    from newsreader.document.plaintext import split_sentences

    first_paragraph = text.split("\n", 1)[0]
    sentences = split_sentences(first_paragraph)
    return sentences[0] if sentences else first_paragraph


def build_profile(
    article_id: str,
    title: str,
    texts: Sequence[str],
    *,
    date: str | None = None,
    source: str | None = None,
    url: str | None = None,
) -> Profile:
    """Features of one article from its title and its own text blocks (the first
    ``LEDE_BLOCKS`` are the lede)."""
    return Profile(article_id, title, texts, date=date, source=source, url=url)


def _parse_date(text: str | None) -> Date | None:
    if not text:
        return None
    try:
        return Date.fromisoformat(text[:10])
    except ValueError:
        return None


# --- scoring ------------------------------------------------------------------

THRESHOLD = 0.66  # share of the headline's weight a candidate must cover
MARGIN = 0.08  # and by how much it must beat a different story
MAX_NEWER = timedelta(days=1)  # a linked story is not newer than the linking one


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


_BASE_WEIGHT = {"name": 1.5, "acronym": 1.5, "number": 1.5, "ordinal": 1.0, "month": 1.0,
                "word": 1.0, "weekday": 0.3}
_LIGHT_WEIGHT = 0.3


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
    if title_case or lower in COMMON_OPENERS or token.key in _LIGHT_KEYS or token.key.startswith("~"):
        return "word"
    return "name"


def headline_terms(headline: str, pool: Pool) -> list[Term]:
    """The weighted terms of a link headline, judged against the candidate pool."""
    headline = strip_source_suffix(_normalise_chars(headline))
    if headline.isupper():
        headline = headline.title()  # ALL CAPS says no more about names than Title Case
    tokens = tokenize(headline)
    title_case = _is_title_case(tokens)
    terms: dict[str, Term] = {}
    for token in tokens:
        kind = token.kind if token.kind != "word" else _word_kind(token, title_case, pool)
        key = token.surface.casefold() if kind in ("name", "acronym") else token.key
        if key in terms:
            terms[key] = dataclasses.replace(terms[key], count=terms[key].count + 1)
            continue
        weight = _BASE_WEIGHT[kind]
        if kind == "word" and token.key in _LIGHT_KEYS:
            weight = _LIGHT_WEIGHT
        rarity_key = token.key if kind not in ("name", "acronym") else key
        fact = token.key in _EVENT_KEYS and not token.mood and _present_tense(token.surface)
        light = kind == "word" and token.key in _LIGHT_KEYS
        terms[key] = Term(kind, key, token.surface, weight * pool.rarity(rarity_key), token.value, fact, light)
    return list(terms.values())


def _present_tense(surface: str) -> bool:
    """Headline present tense ("strike begins"): an event reported as happening.

    A participle ("arena opening delayed") reports a decision about the
    future as readily as an event, so it does not count.
    """
    word = surface.split()[0].casefold()
    return word.endswith("s") and not word.endswith("ss")


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
    for surface in surfaces:  # Kaldria / Kaldrian, Ukraine / Ukrainian
        shorter, longer = sorted((name, surface), key=len)
        if len(longer) - len(shorter) <= 3 and len(shorter) >= 5:
            common = len(_common_prefix(shorter, longer))
            if common >= len(shorter) - 1 and common >= 5:
                return True
    return False


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


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
        if any(key.startswith("@") and key[1:] in _WEEKDAYS for key in profile.zone.keys):
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
    for a, b in _ANTONYM_KEYS:
        for said, opposite in ((a, b), (b, a)):
            if said in keys and said not in lede and opposite in lede:
                return True
    said_events = keys & _EVENT_KEYS
    lede_events = lede & _EVENT_KEYS
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
        if match >= WORD_CREDIT[1] and term.weight > _LIGHT_WEIGHT and term.kind != "weekday":
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
    return next((word for word in title if _name_in(term.key, frozenset([word]))), term.key)


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
    terms = headline_terms(headline, pool)
    content = sum(1 for t in terms if t.weight > _LIGHT_WEIGHT and t.kind != "weekday")
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


# --- candidates: from the full-text index, or from every title in memory ----------

CANDIDATES = 10  # stories scored in full per link
REVERSE_CANDIDATES = 100  # articles that may link to one new article
POSTINGS_BUDGET = 5000  # title-index entries read per link, rarest keys first


def _inflections(word: str) -> set[str]:
    """A word, its plural/third person and its past tense, as a stored text may spell them."""
    if word.endswith("e"):
        return {word, word + "s", word + "d"}
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return {word, word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return {word, word + "es", word + "ed"}
    return {word, word + "s", word + "ed"}


def query_terms(headline: str) -> list[str]:
    """Words to ask the full-text index for: the headline's words, and the usual
    inflections of its lower-case ones (the index does no stemming)."""
    terms: list[str] = []
    for token in tokenize(strip_source_suffix(_normalise_chars(headline))):
        if token.kind == "weekday":
            continue
        terms.extend(token.surface.casefold().split())
        if token.kind == "word" and token.surface.islower() and " " not in token.surface:
            terms.extend(_inflections(token.surface.casefold()))
    seen: set[str] = set()
    return [t for t in terms if len(t) > 1 and not (t in seen or seen.add(t))]


_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def _index_keys(title: str) -> set[str]:
    """The keys a title is filed under in a ``TitleIndex``: a quick cousin of
    ``tokenize`` (candidates only need to be found, the scoring is exact)."""
    keys: set[str] = set()
    for word in _WORDS.findall(title.translate(_CHARS)):
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
        for head in headlines:
            index = len(self.ids)
            self.ids.append(head.id)
            self.dates.append(_parse_date(head.date))
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
        """Ids of the stories whose titles share the most (rarity-weighted) keys with ``headline``."""
        total = len(self.ids) or 1
        lists = sorted((self.postings[k] for k in _index_keys(headline) if k in self.postings), key=len)
        scores: dict[int, float] = {}
        read = 0
        for position, postings in enumerate(lists):
            if position >= 2 and read + len(postings) > POSTINGS_BUDGET:
                break
            weight = math.log(1 + total / len(postings))
            for index in postings:
                scores[index] = scores.get(index, 0.0) + weight
            read += len(postings)
        best = heapq.nlargest(limit, scores.items(), key=lambda item: item[1])
        return [self.ids[index] for index, _ in best]


# --- the resolver -----------------------------------------------------------------


class Resolver:
    """Resolves links against one store, remembering article profiles for a batch.

    Make one per batch of work (a refresh, a full pass): its caches are not
    invalidated when the store changes. With a ``TitleIndex`` it finds
    candidates in memory; without, through the store's full-text index.
    """

    def __init__(self, store: Store, index: TitleIndex | None = None) -> None:
        self.store = store
        self.index = index
        self._profiles: dict[str, Profile | None] = {}

    def profile(self, article_id: str) -> Profile | None:
        if article_id not in self._profiles:
            article = self.store.article(article_id)
            self._profiles[article_id] = profile_of(article) if article is not None else None
        return self._profiles[article_id]

    def remember(self, article: Article) -> None:
        if article.id not in self._profiles:
            self._profiles[article.id] = profile_of(article)

    def resolve(self, link: RelatedLink, from_article: Any = None) -> str | None:
        """The id of the stored article ``link`` leads to, or None."""
        self_id = getattr(from_article, "id", None)
        found = self._by_address(link.url, self_id)
        if found:
            return found
        title = clean_inline(link.title or "")
        key = title_key(title)
        if not key:
            return None
        newest = _parse_date(getattr(from_article, "date", None))
        found = self._by_title(title, key, link, self_id, newest)
        if found:
            return found
        ids = [i for i in self._candidate_ids(title) if i != self_id]
        profiles = [p for p in (self.profile(i) for i in ids) if p is not None]
        pool = list(profiles)
        own = self.profile(self_id) if self_id else None
        if own is not None:
            pool.append(own)  # its words count in the pool; it never wins
        eligible = [p for p in profiles if _not_newer(p.date, newest)]
        chosen = best_match(title, eligible, Pool(pool))
        return chosen.id if chosen else None

    def _by_address(self, url: str | None, self_id: str | None) -> str | None:
        if not url:
            return None
        for variant in url_variants(url):
            found = self.store.article_by_url(variant)
            if found and found != self_id:
                return found
        return None

    def _by_title(self, title: str, key: str, link: RelatedLink, self_id: str | None, newest: Date | None) -> str | None:
        """A story with exactly this title (or, among same-title stories, this address)."""
        if self.index is not None:
            index = self.index
            found = [i for i in index.exact(key) if index.ids[i] != self_id and _not_newer(index.dates[i], newest)]
            if not found:
                return None
            wanted = (link.source or "").casefold()
            best = max(found, key=lambda i: (bool(wanted) and index.sources[i] == wanted, str(index.dates[i] or "")))
            return index.ids[best]
        heads = [h for h in self.store.candidates([title], limit=CANDIDATES) if h.id != self_id]
        linked_url = canonical_url(link.url)
        if linked_url:
            for head in heads:
                if canonical_url(head.url) == linked_url:
                    return head.id
        exact = [h for h in heads if title_key(h.title) == key and _not_newer(_parse_date(h.date), newest)]
        return _pick_duplicate(exact, link.source).id if exact else None

    def _candidate_ids(self, title: str) -> list[str]:
        if self.index is not None:
            return self.index.candidates(title)
        return [h.id for h in self.store.candidates(query_terms(title), limit=CANDIDATES)]


def profile_of(article: Article) -> Profile:
    """The matching features of a stored article."""
    return build_profile(
        article.id, article.title, own_texts(article.document), date=article.date, source=article.source,
        url=article.url,
    )


def _not_newer(candidate: Date | None, linking: Date | None) -> bool:
    return candidate is None or linking is None or candidate <= linking + MAX_NEWER


def _pick_duplicate(heads: Sequence[Headline], source: str | None) -> Headline:
    """Among stories with the same title, the one from the link's outlet, else the newest."""
    wanted = (source or "").casefold()
    return max(heads, key=lambda h: (bool(wanted) and (h.source or "").casefold() == wanted, h.date or ""))


# --- public API -----------------------------------------------------------------------


def resolve_link(store: Store, link: RelatedLink, *, from_article: Any = None) -> str | None:
    """Where ``link`` leads in ``store``: an article id, or None (better unresolved than wrong).

    ``from_article`` (an Article or Headline) is the article holding the link:
    it is never the answer, and the answer is not newer than it by over a day.
    """
    return Resolver(store).resolve(link, from_article)


def resolve_article_links(store: Store, article_id: str, *, resolver: Resolver | None = None) -> list[str | None]:
    """Resolve every related link of one article and store the targets."""
    resolver = resolver or Resolver(store)
    article = store.article(article_id)
    if article is None:
        return []
    return _resolve_links_of(store, resolver, article)


def _resolve_links_of(store: Store, resolver: Resolver, article: Article) -> list[str | None]:
    resolver.remember(article)
    targets = [resolver.resolve(link, article) for link in article.document.related_links]
    store.set_related_targets(article.id, targets)
    return targets


def resolve_all(store: Store, article_ids: Iterable[str] | None = None, *, force: bool = False) -> int:
    """Bring related-link targets up to date; returns how many links lead somewhere new.

    After a refresh, pass the ids it added or changed: their links are
    resolved, and older articles whose unresolved links may now lead to one of
    them are retried (one reverse full-text query per new article finds the
    articles that mention its words, since link headlines are part of an
    article's text). Without ids, every article with an unresolved or
    never-resolved link is resolved, finding candidates in an in-memory
    ``TitleIndex`` instead of a query per link; ``force`` redoes every link.
    """
    if article_ids is not None:
        resolver = Resolver(store)
        new_ids = list(dict.fromkeys(article_ids))
        count = sum(_resolve_again(store, resolver, article_id) for article_id in new_ids)
        fresh = [p for p in (resolver.profile(i) for i in new_ids) if p is not None]
        for linking_id in _possible_linkers(store, resolver, new_ids):
            count += _retry_unresolved(store, resolver, linking_id, towards=fresh)
        return count
    index = TitleIndex.of_store(store)
    resolver = Resolver(store, index)
    listing = None if force else getattr(store, "articles_with_unresolved_links", None)
    ids = listing() if callable(listing) else index.ids
    count = 0
    for article_id in ids:
        count += _resolve_again(store, resolver, article_id) if force else _retry_unresolved(store, resolver, article_id)
    return count


def _resolve_again(store: Store, resolver: Resolver, article_id: str) -> int:
    before = store.related_targets(article_id)
    after = resolve_article_links(store, article_id, resolver=resolver)
    return sum(1 for i, target in enumerate(after) if target and (i >= len(before) or before[i] != target))


def _retry_unresolved(
    store: Store, resolver: Resolver, article_id: str, towards: Sequence[Profile] | None = None
) -> int:
    """Resolve the links of one article that lead nowhere yet; resolved ones stay.

    With ``towards`` (the articles just added), a link tried before is tried
    again only if one of them could be its story: nothing else has changed.
    """
    stored = store.related_targets(article_id)
    if stored and all(stored):
        return 0
    article = store.article(article_id)
    if article is None or not article.document.related_links:
        return 0
    links = article.document.related_links
    targets = [stored[i] if i < len(stored) else None for i in range(len(links))]
    resolver.remember(article)
    found = 0
    for i, link in enumerate(links):
        if targets[i] is not None:
            continue
        if towards is not None and i < len(stored) and not _could_lead_to(link, towards, article):
            continue
        targets[i] = resolver.resolve(link, article)
        found += targets[i] is not None
    if found or len(stored) != len(links):
        store.set_related_targets(article_id, targets)
    return found


def _could_lead_to(link: RelatedLink, profiles: Sequence[Profile], from_article: Article) -> bool:
    """Cheap test before a full resolution: can any of ``profiles`` be this link's story?"""
    title = clean_inline(link.title or "")
    key = title_key(title)
    if link.url or not key:
        return bool(link.url)
    newest = _parse_date(from_article.date)
    eligible = [p for p in profiles if p.id != from_article.id and _not_newer(p.date, newest)]
    if any(p.key == key for p in eligible):
        return True
    terms = headline_terms(title, Pool(profiles))
    return any((upper_bound(terms, p) or 0.0) >= THRESHOLD - 0.1 for p in eligible)


def _possible_linkers(store: Store, resolver: Resolver, new_ids: Sequence[str]) -> list[str]:
    """Older articles that may hold an unresolved link to one of ``new_ids``."""
    listing = getattr(store, "articles_with_unresolved_links", None)
    unresolved = set(listing()) if callable(listing) else None
    fresh = set(new_ids)
    found: dict[str, None] = {}
    for article_id in new_ids:
        profile = resolver.profile(article_id)
        if profile is None or not profile.key:
            continue
        for head in store.candidates(query_terms(profile.title), limit=REVERSE_CANDIDATES):
            if head.id in fresh or head.id in found:
                continue
            if unresolved is not None and head.id not in unresolved:
                continue
            found[head.id] = None
    return list(found)


def _every_headline(store: Store, page: int = 2000) -> Iterable[Headline]:
    after = None
    while True:
        heads = store.headlines(after=after, limit=page)
        yield from heads
        if len(heads) < page:
            return
        after = heads[-1].sort_key


# --- related in your library ------------------------------------------------------

SIMILAR_TERMS = 12


def distinctive_terms(article: Article, n: int = SIMILAR_TERMS) -> list[str]:
    """The words that say what an article is about: its names (capitalised in
    mid-sentence), the words it repeats, and its title words, in that order of
    weight (the index's bm25 then weighs their rarity)."""
    title_words = {t.surface.casefold() for t in tokenize(article.title) if t.kind == "word"}
    counts: Counter[str] = Counter()
    names: set[str] = set()
    for token in tokenize("\n".join(own_texts(article.document)) or article.title):
        if token.kind != "word" or token.key in _LIGHT_KEYS or len(token.surface) < 3 or " " in token.surface:
            continue
        word = token.surface.casefold()
        counts[word] += 1
        if token.capitalised and not token.sentence_start:
            names.add(word)
    scores = {w: c + 3.0 * (w in names) + 1.0 * (w in title_words) for w, c in counts.items()}
    return [w for w, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def similar_articles(store: Store, article_id: str, limit: int = 5) -> list[Headline]:
    """"Related in your library": stories that share this one's distinctive words,
    best first, without the article itself or copies of one story (same title key).

    The full-text index proposes candidates for the article's distinctive
    words; they are then ranked by the words they share in their own title
    and lede: a shared name counts three times a shared word, and a word
    every candidate has counts half as much as a rare one.
    """
    article = store.article(article_id)
    if article is None or limit <= 0:
        return []
    terms = distinctive_terms(article)
    wanted = {word_key(t) for t in terms} | set(terms)
    heads = [h for h in store.candidates(terms, limit=limit * 4 + 10) if h.id != article_id]
    resolver = Resolver(store)
    shared: dict[str, set[str]] = {}
    for head in heads:
        profile = resolver.profile(head.id)
        if profile is not None:
            shared[head.id] = wanted & (profile.zone.keys | profile.zone.surfaces)
    df = Counter(word for words in shared.values() for word in words)
    n = len(shared) + 1
    text = article.title + ". " + "\n".join(own_texts(article.document))
    names = {t.surface.casefold() for t in tokenize(text) if t.capitalised and not t.sentence_start}

    def score(head: Headline) -> float:
        return sum(
            (3.0 if w in names else 1.0) * (0.5 + 0.5 * math.log(n / df[w]) / math.log(n))
            for w in shared.get(head.id, ())
        )

    seen = {title_key(article.title)}
    similar: list[Headline] = []
    for head in sorted(heads, key=score, reverse=True):
        key = title_key(head.title)
        if key in seen or not shared.get(head.id):
            continue
        seen.add(key)
        similar.append(head)
        if len(similar) == limit:
            break
    return similar
