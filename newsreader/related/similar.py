"""Related in your library: stories that share an article's distinctive words."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

from newsreader.related.profile import own_texts
from newsreader.related.queries import index_words, rare_query
from newsreader.related.resolve import Resolver
from newsreader.related.titles import title_key
from newsreader.related.tokens import tokenize
from newsreader.related.words import LIGHT_KEYS, word_key

if TYPE_CHECKING:
    from newsreader.store import Article, Headline, Store

SIMILAR_TERMS = 12


def distinctive_terms(article: Article, n: int = SIMILAR_TERMS) -> list[str]:
    """The words that say what an article is about: its names (capitalised in
    mid-sentence), the words it repeats, and its title words, in that order of
    weight (the index's bm25 then weighs their rarity)."""
    title_words = {t.surface.casefold() for t in tokenize(article.title) if t.kind == "word"}
    counts: Counter[str] = Counter()
    names: set[str] = set()
    for token in tokenize("\n".join(own_texts(article.document)) or article.title):
        if token.kind != "word" or token.key in LIGHT_KEYS or len(token.surface) < 3 or " " in token.surface:
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
    words (the rare ones, in a large store: see ``queries``); they are then ranked by the words they share in their own title
    and lede: a shared name counts three times a shared word, and a word
    every candidate has counts half as much as a rare one.
    """
    article = store.article(article_id)
    if article is None or limit <= 0:
        return []
    terms = distinctive_terms(article)
    wanted = {word_key(t) for t in terms} | set(terms)
    groups = [[term] for term in terms]
    query = rare_query(groups, store.term_counts(index_words(terms)))
    heads = [h for h in store.candidates(query.terms, limit=limit * 4 + 10, all_of=query.all_of) if h.id != article_id]
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
