"""Related stories: where a "Read more" link leads in the store, and which
stored stories resemble an article.

``from newsreader.related import resolve_all, similar_articles, ...`` is the
public surface; the modules behind it, each depending only on those above it:

- ``titles``     ``title_key``: one spelling of a headline (case, quotes, `` - Source``)
- ``words``      the headline vocabulary: stopwords, synonyms, events, ``stem``
- ``tokens``     ``tokenize``: words, numbers with magnitudes, dates, plans vs facts
- ``profile``    ``Profile``: what the resolver knows of a stored article
- ``terms``      a link headline as weighted ``Term``s, judged against a candidate ``Pool``
- ``names``      ``same_name``: two spellings of one name (a place and its adjective)
- ``score``      ``score_candidate``: how well a candidate carries a headline's terms, or a veto
- ``choice``     ``best_match``: the one candidate that is clearly the story, or none
- ``queries``    full-text queries for a headline's candidates: its rarest words
- ``title_index`` every stored title in memory, for a pass over many links
- ``resolve``    ``Resolver``: one link to its story; ``resolve_link``, ``resolve_article_links``
- ``passes``     ``resolve_all``: after a refresh, what is new; else every unresolved link,
                 read in bulk (``newsreader.store.related_links``)
- ``similar``    ``similar_articles``: "Related in your library"

Addresses are compared by ``newsreader.urls.canonical_url`` (a core module,
so the store may use it without an import cycle). The store keeps what a pass
after a refresh needs: which articles are new to the resolver, which have
unresolved links, and how many articles hold a word (see ``resolve_all``).
"""

from newsreader.document.texts import own_texts
from newsreader.related.choice import best_match
from newsreader.related.passes import resolve_all
from newsreader.related.profile import Profile, build_profile, profile_of
from newsreader.related.queries import query_terms
from newsreader.related.resolve import Resolver, resolve_article_links, resolve_link
from newsreader.related.score import MARGIN, THRESHOLD, score_candidate
from newsreader.related.similar import distinctive_terms, similar_articles
from newsreader.related.terms import Pool, Term, headline_terms
from newsreader.related.title_index import TitleIndex
from newsreader.related.titles import strip_source_suffix, title_key
from newsreader.related.tokens import Token, tokenize
from newsreader.related.words import stem, word_key
from newsreader.urls import canonical_url, url_variants

__all__ = [
    "MARGIN",
    "THRESHOLD",
    "Pool",
    "Profile",
    "Resolver",
    "Term",
    "TitleIndex",
    "Token",
    "best_match",
    "build_profile",
    "canonical_url",
    "distinctive_terms",
    "headline_terms",
    "own_texts",
    "profile_of",
    "query_terms",
    "resolve_all",
    "resolve_article_links",
    "resolve_link",
    "score_candidate",
    "similar_articles",
    "stem",
    "strip_source_suffix",
    "title_key",
    "tokenize",
    "url_variants",
    "word_key",
]
