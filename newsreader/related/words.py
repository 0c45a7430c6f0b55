"""The headline vocabulary: stopwords, light words, headline synonyms, opposite
events, number and date words, and ``stem`` / ``word_key``, which make
``approves``, ``approved`` and ``gets the green light`` one key."""

from __future__ import annotations

import functools
import re

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
PARTICLES = frozenset("off out up down back over away".split())
PHRASAL_VERBS = frozenset(
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
PHRASES = {
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

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
# Month names that are not also everyday words (unlike "may" and "march"): a month even in lower case.
MONTH_WORDS_UNAMBIGUOUS = frozenset(k for k in MONTHS if len(k) > 3 and k != "march")
WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
    "saturday": 6, "sunday": 7,
}
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
MAGNITUDES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
    "bn": 1e9, "b": 1e9, "billion": 1e9, "tn": 1e12, "trillion": 1e12,
}
ACRONYM_GLUE = frozenset("of for and the de la del du der von".split())


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


SYNONYMS, EVENT_KEYS = _build_synonyms()
ANTONYM_KEYS = [(SYNONYMS[stem(a)], SYNONYMS[stem(b)]) for a, b in _ANTONYMS]
LIGHT_KEYS = frozenset(SYNONYMS.get(stem(w), stem(w)) for w in LIGHT_WORDS)


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The matching key of one word: stemmed, then mapped to its synonym group."""
    key = stem(word)
    return SYNONYMS.get(key, key)
