"""The headline vocabulary: stopwords, light words, headline synonyms, opposite
events, number and date words, and ``stem`` / ``word_key``, which make
``approves``, ``approved`` and ``gets the green light`` one key."""

from __future__ import annotations

import functools
import re
from importlib import resources

import Stemmer

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
    become becomes became remain impose imposed introduce introduced hit hits seek seeks
    """.split()
)

# Particles that make a phrasal verb a different event ("calls off" is not "called").
PARTICLES = frozenset("off out up down back over away".split())
PHRASAL_VERBS = frozenset(
    """
    call step back turn rule kick lay set cut take hold break pull scale shut
    wipe write carry sign push throw hit wind drop pay sell close give
    """.split()
)

# Irregular verb forms, so "rose" meets "rise" and "won" meets "win".
_IRREGULAR = {
    "won": "win",
    "held": "hold",
    "met": "meet",
    "rose": "rise",
    "risen": "rise",
    "fell": "fall",
    "fallen": "fall",
    "gave": "give",
    "given": "give",
    "took": "take",
    "taken": "take",
    "made": "make",
    "said": "say",
    "says": "say",
    "told": "tell",
    "led": "lead",
    "sold": "sell",
    "bought": "buy",
    "grew": "grow",
    "grown": "grow",
    "began": "begin",
    "begun": "begin",
    "ran": "run",
    "came": "come",
    "went": "go",
    "gone": "go",
    "goes": "go",
    "yr": "year",
    "yrs": "year",
    "sent": "send",
    "spent": "spend",
    "struck": "strike",
    "chose": "choose",
    "chosen": "choose",
    "fled": "flee",
    "sought": "seek",
    "caught": "catch",
    "brought": "bring",
    "built": "build",
    "lost": "lose",
    "paid": "pay",
    "laid": "lay",
    "kept": "keep",
    "found": "find",
    "stood": "stand",
    "threw": "throw",
    "thrown": "throw",
    "spoke": "speak",
    "spoken": "speak",
    "broke": "break",
    "broken": "break",
    "wrote": "write",
    "written": "write",
    "sank": "sink",
    "sunk": "sink",
    "froze": "freeze",
    "frozen": "freeze",
    "stole": "steal",
    "stolen": "steal",
    "drove": "drive",
    "driven": "drive",
    "flew": "fly",
    "flown": "fly",
    "knew": "know",
    "known": "know",
    "shot": "shoot",
    "swore": "swear",
    "sworn": "swear",
    "bore": "bear",
    "borne": "bear",
    "beaten": "beat",
    "hid": "hide",
    "hidden": "hide",
    "slid": "slide",
    "fought": "fight",
    "taught": "teach",
    "thought": "think",
    "meant": "mean",
    "heard": "hear",
    "left": "leave",
    "felt": "feel",
    "dealt": "deal",
    "drew": "draw",
    "drawn": "draw",
    "ate": "eat",
    "wore": "wear",
    "tore": "tear",
    "woke": "wake",
    "overtook": "overtake",
    "undertook": "undertake",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
    "forgave": "forgive",
    "oversaw": "oversee",
    "children": "child",
    "men": "man",
    "women": "woman",
    "people": "people",
    "mice": "mouse",
    "feet": "foot",
    "died": "die",
    "dies": "die",
    "dying": "die",
    "lying": "lie",
    "teeth": "tooth",
    "data": "data",
    "media": "media",
    "news": "news",
}

# The equivalents editors use (``lexicon.txt``, loaded by ``_load_lexicon``).
LEXICON = "lexicon.txt"

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Month names that are not also everyday words (unlike "may" and "march"): a month even in lower case.
MONTH_WORDS_UNAMBIGUOUS = frozenset(k for k in MONTHS if len(k) > 3 and k != "march")
WEEKDAYS = {
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
    "sunday": 7,
}
NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
MAGNITUDES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "billion": 1e9,
    "tn": 1e12,
    "trillion": 1e12,
}
ACRONYM_GLUE = frozenset("of for and the de la del du der von".split())


_STEMMER = Stemmer.Stemmer("english")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a word, irregular forms first brought to their base.

    ``approves``/``approved``/``approval`` -> ``approv``; ``caps``/``capped`` -> ``cap``;
    ``rose`` -> ``rise``. Words of three letters or fewer, and anything not all letters
    (``covid-19``), are kept as they are.
    """
    w = word.casefold()
    w = _IRREGULAR.get(w, w)
    if len(w) <= 3 or not w.isalpha():
        return w
    stem: str = _STEMMER.stemWord(w)
    return stem


def _member_stems(member: str) -> tuple[str, ...]:
    """The stems of one lexicon member's words; stopwords left out when two words remain
    without them ("burst its banks"), kept when they make the phrase ("more than")."""
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", member.casefold())
    content = [w for w in words if w not in STOPWORDS]
    return tuple(stem(w) for w in (content if len(content) >= 2 or len(words) == 1 else words))


# Lexicon words as written: "election" is in another group than "elected", though
# both stem to "elect"; a word's own entry comes before its stem's.
_SURFACES: dict[str, str] = {}


def _load_lexicon() -> tuple[dict[str, str], dict[tuple[str, str], str], frozenset[str], list[tuple[str, str, str]]]:
    """Words -> group key, two-word phrases -> group key, the event keys, and the
    pairs of groups that are opposite or related (kind, first member, first member)."""
    text = resources.files(__package__).joinpath(LEXICON).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    phrases: dict[tuple[str, str], str] = {}
    events: set[str] = set()
    opposites: list[tuple[str, str, str]] = []
    surfaces = _SURFACES
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("opposite:", "related:")):
            kind, pair = line.split(":", 1)
            a, b = (m.strip() for m in pair.split(","))
            opposites.append((kind, a, b))
            continue
        event = line.startswith("!")
        members = [m.strip() for m in line.lstrip("!").split(",") if m.strip()]
        stems = [_member_stems(m) for m in members]
        if not stems or not stems[0]:
            continue
        key = "~" + "_".join(stems[0][:2])
        for member in members:
            if " " not in member and member.isalpha():  # the word as written, before its stem
                surfaces.setdefault(member.casefold(), key)
        for parts in stems:
            if len(parts) == 1:
                table.setdefault(parts[0], key)
            elif len(parts) == 2:
                phrases.setdefault((parts[0], parts[1]), key)
        table.setdefault("_".join(stems[0][:2]), key)
        if event:
            events.add(key)
    return table, phrases, frozenset(events), opposites


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The matching key of one word: its lexicon group (by the word as written, else by its
    stem), else its stem."""
    found = _SURFACES.get(word) or _SURFACES.get(word[:-1] if word.endswith("s") else "")
    if found:
        return found
    key = stem(word)
    return SYNONYMS.get(key, key)


SYNONYMS, PHRASES, EVENT_KEYS, _OPPOSITES = _load_lexicon()
PHRASE_ENDS = frozenset(second for _, second in PHRASES)  # stems that may end a phrase
PHRASAL_VERBS = PHRASAL_VERBS | {first for first, second in PHRASES if second in PARTICLES}


def _group(member: str) -> str:
    """The key of the lexicon group a first member names ("fall", "sworn in")."""
    return SYNONYMS["_".join(_member_stems(member)[:2])]


ANTONYM_KEYS = [(_group(a), _group(b)) for kind, a, b in _OPPOSITES if kind == "opposite"]
RELATED_KEYS: dict[str, frozenset[str]] = {}
for _kind, _a, _b in _OPPOSITES:
    if _kind == "related":
        for _x, _y in ((_group(_a), _group(_b)), (_group(_b), _group(_a))):
            RELATED_KEYS[_x] = RELATED_KEYS.get(_x, frozenset()) | {_y}
LIGHT_KEYS = frozenset(SYNONYMS.get(stem(w), stem(w)) for w in LIGHT_WORDS)
# Events that say little on their own (saying, keeping): not a difference between two stories.
# "wins approval", "secures a 7.5% rise": a verb of getting before an event noun is only "gets"
# (the noun says what happened); alone or before a name ("beats Grau") it is the event.
GETTING_KEYS = frozenset(SYNONYMS[stem(w)] for w in ("win", "secure"))
GET_KEY = stem("get")
LIGHT_EVENT_KEYS = frozenset(SYNONYMS.get(stem(w), stem(w)) for w in ("say", "announce", "hold", "promise", "estimate"))
