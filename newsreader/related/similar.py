"""Related in your library: stored stories that share an article's distinctive content.

A story is listed only when it shares several of the article's distinctive
terms, weighed as BM25 weighs them:

- The article's terms are its words (and names) weighed by how often it says
  them (``1 + ln tf``), by how rare they are in the whole store (the inverse
  document frequency, from the search index's vocabulary), and more for a name
  (capitalised in mid-sentence) and for a word of its title. The ``PROFILE_TERMS``
  heaviest are what the article is about.
  Only the ``ASKED_WORDS`` likeliest words are counted, and the counts of common
  words are remembered per store (``_held``): counting reads a word's every entry.
- The full-text index proposes candidates for the rarest of them (a query that
  reads at most ``QUERY_POSTINGS`` index entries, so a large store costs no more).
- Each candidate's own text (not its related-link headlines: they are other
  stories) is scored by BM25 against those terms.
- A candidate is shown when it shares at least ``MIN_SHARED`` distinct terms
  (a run of names, ``Saudi Arabia``, is one), at least ``MIN_WEIGHT`` of the
  article's distinctive weight, scores at least ``RELATIVE`` of the best
  candidate and at least ``ABSOLUTE`` rare words' worth. One shared word,
  however rare, is never enough.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsreader.document.texts import own_texts
from newsreader.related.titles import title_key

if TYPE_CHECKING:
    from newsreader.store import Article, Headline, Store

ASKED_WORDS = 120  # at most this many of an article's words are looked up in the index (longer, repeated, names first)
PROFILE_TERMS = 24  # the article's terms a candidate is scored on
QUERY_TERMS = 12  # at most this many of them (the rarest) ask the index for candidates
QUERY_POSTINGS = 6000  # index entries (article, word) the candidate query may read
CANDIDATES = 40  # candidates scored
MIN_SHARED = 3  # distinct terms (a name run counts once) a similar story must share
MANY_SHARED = 5  # ... one of them a name or a rare word, unless it shares this many
MIN_WEIGHT = 0.18  # ... and this share of the article's distinctive weight (a term of the profile weighs idf x tf)
UNIQUE = 0.5  # ... where a term no other article holds counts this much
RELATIVE = 0.45  # ... and this share of the best candidate's score
ABSOLUTE = 4.0  # ... and a score of at least this many rare words' worth (log of the store's size each)
COMMON = 0.08  # a word in more than this share of the store is no distinctive term ...
COMMON_FLOOR = 10  # ... once more than this many articles hold it (in a small store, idf alone weighs it)
RARE_HELD = 3  # a word at most this many articles hold is rare (a strong term, as a name is) ...
RARE = 0.001  # ... or at most this share of the store
NAMED = 0.02  # a name is a strong term when at most this share of the store holds it
NAME_BOOST = 1.6
TITLE_BOOST = 1.3
K1 = 1.2  # BM25's term-frequency saturation
B = 0.75  # BM25's length normalisation

# Words that say nothing of what a story is about, in the languages the corpus has most
# of; rarity (idf) does the rest, in any language.
STOPWORDS = frozenset(
    """
    the and for are but not you all any can had her was one our out day get has him his how
    man new now old see two way who boy did its let put say she too use that with have this
    will your from they know want been good much some time very when come here just like
    long make many more only over such take than them well were what about after again also
    back before being below between both could down each even every first into most must
    never other said says same should since still their there these those three through
    under until upon very which while would year years week weeks month months today told
    tuesday monday wednesday thursday friday saturday sunday yesterday according another
    around because does doing during without within where whether whose people where
    against among amid across already although always became become becomes including
    last late later least less made may might near next often once per percent part
    says show shows since though toward towards via yet get got gets going gone went
    being can't don't it's isn't wasn't won't didn't doesn't aren't weren't hasn't haven't
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    mr mrs ms dr news report reports reported reporting added adding update updated
    http https www com html org net
    der die das und den dem des ein eine einen einem einer nicht mit von für auf ist
    les des une dans pour par sur qui que est pas plus avec son ses aux
    los las una por con para del que sus más como
    """.split()
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;\"“”«»]\s*$|^\s*$")


def fold(word: str) -> str:
    """A word as the full-text index files it: lower case, no diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_INDEX_WORD = re.compile(r"\w+")


def index_words(text: str) -> list[str]:
    """The words of ``text`` as the index files them (``fold``), for counting: one pass
    over the whole text, not word by word."""
    folded = text.lower() if text.isascii() else fold(text)
    return _INDEX_WORD.findall(folded)


def _words(text: str) -> list[tuple[str, bool]]:
    """(index word, is a name here) for each word of ``text``: a name is capitalised
    and does not start a sentence. Possessives and numbers are left out."""
    found: list[tuple[str, bool]] = []
    for match in _WORD.finditer(text):
        surface = re.split(r"['’]", match.group(0))[0]
        if surface.isdigit():
            continue
        capital = surface[:1].isupper()
        name = capital and not _SENTENCE_END.search(text[max(0, match.start() - 3) : match.start()])
        for part in re.findall(r"\w+", fold(surface)):
            if not part.isdigit():
                found.append((part, name))
    return found


def _groups(text: str) -> tuple[Counter[str], set[str], dict[str, int]]:
    """Counts of the words of ``text``, the words it writes as names, and which
    words stand in one run of names (``Saudi Arabia``): a group id each."""
    counts: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    group: dict[str, int] = {}
    run: list[str] = []

    def close_run() -> None:
        if len(run) >= 2:
            anchor = group.setdefault(run[0], len(group) + 1_000_000)
            for word in run[1:]:
                group.setdefault(word, anchor)
        run.clear()

    for line in text.split("\n"):
        for word, name in _words(line):
            counts[word] += 1
            if name:
                capitalised[word] += 1
                run.append(word)
            else:
                close_run()
        close_run()
    names = {w for w, n in capitalised.items() if n * 2 > counts[w]}
    return counts, names, group


@dataclass(frozen=True)
class ProfileTerm:
    word: str
    weight: float  # tf x idf x boosts: how much sharing it says
    group: int  # the words of one run of names share a group
    held: int  # articles of the store that hold it (this one included)
    strong: bool = False  # a name (or a word of a script without capitals), or a rare word


_HELD_CACHE: dict[str, tuple[int, dict[str, int]]] = {}  # store path -> (articles when counted, word -> articles)
HELD_CACHE_WORDS = 200_000
HELD_STALE = 0.02  # the counts are asked again once the store has grown or shrunk by this share
HELD_CACHED_FROM = 50  # words fewer articles hold are counted each time


def _held(store: Store, words: list[str], total: int) -> dict[str, int]:
    """How many articles hold each word (``Store.term_counts``), remembered per store:
    the index counts a word by reading all its entries (~0.1 ms for a common word at
    30,000 articles), and the articles opened one after another share most words.
    Counts a few percent old weigh words as well."""
    if store.path is None:
        return store.term_counts(words)
    key = str(store.path)
    counted, cache = _HELD_CACHE.get(key, (total, {}))
    if abs(total - counted) > HELD_STALE * max(counted, 1) or len(cache) > HELD_CACHE_WORDS:
        counted, cache = total, {}
    held = {w: cache[w] for w in words if w in cache}
    missing = [w for w in words if w not in held]
    if missing:
        found = store.term_counts(missing)
        held.update((w, found.get(w, 0)) for w in missing)
        # Only common words are remembered: they cost the most to count, and a rare word
        # (a new name) must be counted again when the next refresh brings more of it.
        floor = max(HELD_CACHED_FROM, HELD_STALE * total)
        cache.update((w, n) for w, n in found.items() if n >= floor)
    _HELD_CACHE[key] = (counted, cache)
    return held


def article_terms(title: str, texts: list[str], store: Store) -> list[ProfileTerm]:
    """The ``PROFILE_TERMS`` terms that say most distinctly what the article is about,
    heaviest first. Words only this article has are among them (``held`` 1): no
    candidate can share them, but a candidate shares less of the article for them."""
    body = "\n".join(texts)
    counts, names, groups = _groups(body if body.strip() else title)
    title_tokens = _words(title)
    title_words = {w for w, _ in title_tokens}
    capitals = [name for w, name in title_tokens[1:] if len(w) > 3]
    if sum(capitals) < 0.6 * len(capitals):  # a title in sentence case: its capitals are names
        names.update(w for w, name in title_tokens[1:] if name)
    for word in title_words:
        counts[word] += 1
    candidates = [w for w in counts if len(w) >= 3 and w not in STOPWORDS]
    if (
        len(candidates) > ASKED_WORDS
    ):  # the index counts a word's articles by reading its entries: ask for the likeliest

        def promise(word: str) -> float:
            return (
                (1 + math.log(counts[word]))
                * (NAME_BOOST if word in names else 1.0)
                * (TITLE_BOOST if word in title_words else 1.0)
                * min(len(word), 10)
            )

        candidates = sorted(candidates, key=lambda w: (-promise(w), w))[:ASKED_WORDS]
    total = max(1, store.count())
    df = _held(store, candidates, total)
    scored: list[ProfileTerm] = []
    for position, word in enumerate(candidates):
        held = max(1, df.get(word, 0))
        if held > max(COMMON_FLOOR, COMMON * total):
            continue  # too many articles have it to say what this one is about
        idf = math.log(1 + (total - held + 0.5) / (held + 0.5))
        weight = (1 + math.log(counts[word])) * idf
        if word in names:
            weight *= NAME_BOOST
        if word in title_words:
            weight *= TITLE_BOOST
        named = word in names or word.upper() == word  # a script without capitals: its words may be names
        strong = held <= max(RARE_HELD, (NAMED if named else RARE) * total)
        scored.append(ProfileTerm(word, weight, groups.get(word, position), held, strong))
    group_of = {term.word: term.group for term in scored}
    scored = [  # a plural is its singular's term: ``appeal`` and ``appeals`` say one thing
        dataclasses.replace(term, group=group_of[term.word[:-1]])
        if term.word.endswith("s") and term.word[:-1] in group_of
        else term
        for term in scored
    ]
    scored.sort(key=lambda term: (-term.weight, term.word))
    return scored[:PROFILE_TERMS]


def _query_words(terms: list[ProfileTerm]) -> list[str]:
    """The rarest terms other articles hold, while the index entries they read stay
    within ``QUERY_POSTINGS`` (always at least the two rarest)."""
    chosen: list[str] = []
    read = 0
    for term in sorted((t for t in terms if t.held > 1), key=lambda t: (t.held, -t.weight)):
        if len(chosen) >= 2 and (read + term.held > QUERY_POSTINGS or len(chosen) >= QUERY_TERMS):
            break
        chosen.append(term.word)
        read += term.held
    return chosen


@dataclass(frozen=True)
class Match:
    headline: Headline
    score: float
    shared: tuple[str, ...]  # the article's terms the story has, heaviest first
    share: float  # their part of the article's distinctive weight


def score_candidates(
    terms: list[ProfileTerm], candidates: list[tuple[Headline, str, list[str]]], total: int
) -> list[Match]:
    """BM25 of each candidate (headline, title, own texts) against the article's terms;
    only candidates that pass the shared-content tests, best first.

    A candidate must name in its title something the article is about, and share
    ``MIN_SHARED`` distinct terms with it, one of them a name or a rare word (or
    else ``MANY_SHARED`` terms). A word and its plural are one term; a
    run of names counts once, and only whole: ``Javier`` of another Javier is
    half a word and no term of its own.
    """
    if not terms or not candidates:
        return []
    wanted = {term.word: term for term in terms}
    members: dict[int, set[str]] = {}
    for term in terms:
        members.setdefault(term.group, set()).add(term.word)
    # What no other article holds counts half: in a small store many words are held once.
    profile_weight = sum(term.weight * (1.0 if term.held > 1 else UNIQUE) for term in terms)
    floor = ABSOLUTE * math.log(total + 1)  # a rare word of this store weighs about log(total)
    counted: list[tuple[Headline, set[str], Counter[str], int]] = []
    for headline, title, texts in candidates:
        title_words = set(index_words(title))
        words = index_words("\n".join([title, title, *texts]))  # the title twice: it says what the story is
        counted.append((headline, title_words, Counter(w for w in words if w in wanted), len(words)))
    average = sum(length for *_, length in counted) / len(counted) or 1.0
    matches: list[Match] = []
    for headline, title_words, counts, length in counted:
        if not title_words & counts.keys():
            continue
        norm = K1 * (1 - B + B * length / average)
        score = shared_weight = 0.0
        concepts: set[int] = set()
        strong = False
        for word, tf in counts.items():
            term = wanted[word]
            whole = members[term.group] <= counts.keys()
            weight = term.weight * (1.0 if whole else 0.5)
            score += weight * tf * (K1 + 1) / (tf + norm)
            shared_weight += weight
            if whole:
                concepts.add(term.group)
                strong = strong or term.strong
        if (
            len(concepts) >= (MIN_SHARED if strong else MANY_SHARED)
            and shared_weight >= MIN_WEIGHT * profile_weight
            and score >= floor
        ):
            shared = tuple(sorted(counts, key=lambda w: -wanted[w].weight))
            matches.append(Match(headline, score, shared, shared_weight / profile_weight))
    matches.sort(key=lambda m: -m.score)
    if matches:
        best = matches[0].score
        matches = [m for m in matches if m.score >= RELATIVE * best]
    return matches


def similar_matches(store: Store, article_id: str, limit: int = 5) -> list[Match]:
    """``similar_articles`` with each story's score and the terms it shares (for a look at why)."""
    article = store.article(article_id)
    if article is None or limit <= 0:
        return []
    terms = article_terms(article.title, own_texts(article.document), store)
    if sum(term.held > 1 for term in terms) < MIN_SHARED:
        return []
    heads = [h for h in store.candidates(_query_words(terms), limit=CANDIDATES) if h.id != article_id]
    documents = store.documents([h.id for h in heads])
    candidates = [(h, h.title, own_texts(documents[h.id])) for h in heads if h.id in documents]
    seen = {title_key(article.title)}
    chosen: list[Match] = []
    for match in score_candidates(terms, candidates, store.count()):
        key = title_key(match.headline.title)
        if key in seen:
            continue  # the same story again (another feed's copy)
        seen.add(key)
        chosen.append(match)
        if len(chosen) == limit:
            break
    return chosen


def similar_articles(store: Store, article_id: str, limit: int = 5) -> list[Headline]:
    """ "Related in your library": stored stories that share this one's distinctive
    content (see the module docstring), best first; none rather than strangers.
    Without the article itself or copies of one story (same title key)."""
    return [match.headline for match in similar_matches(store, article_id, limit)]


def distinctive_terms(article: Article, store: Store) -> list[str]:
    """The words that say most distinctly what a stored article is about, heaviest first."""
    return [term.word for term in article_terms(article.title, own_texts(article.document), store)]
