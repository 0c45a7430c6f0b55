"""Following a related link: from a headline (or an address) to a stored article.

A ``Resolver`` tries, in order: the address, when the link has one (canonical
forms compared); the exact title, after ``title_key`` normalisation; then a
fuzzy match that must be *right* rather than eager (``score.best_match``),
among candidates from the store's full-text index or a ``TitleIndex``. A
linked story is never newer than the linking one by more than a day. Better
unresolved than wrong: an unresolved link offers a search; a wrong one misleads.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import date as Date
from datetime import timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from newsreader.dates import parse_day
from newsreader.document.blocks import RelatedLink
from newsreader.related.acronyms import spelled_out
from newsreader.related.choice import choose
from newsreader.related.profile import Profile, build_profile, profile_of
from newsreader.related.queries import Query, headline_query
from newsreader.related.terms import Pool
from newsreader.related.title_index import CANDIDATES, TitleIndex
from newsreader.related.titles import title_key
from newsreader.urls import canonical_url, url_variants

if TYPE_CHECKING:
    from newsreader.store import Article, Headline, Store
    from newsreader.store.related_links import ResolverRow

MAX_NEWER = timedelta(days=1)  # a linked story is not newer than the linking one
# Profiles a resolver keeps, the least recently asked dropped first: each holds its article's
# text two or three times over (~9 kB), and a pass over many links profiles thousands of
# candidates (a cold refresh of 1,000 feeds × 30: the process tree's peak 269 MB unbounded,
# 255 MB with 1,500; a forced pass over 11,886 linking articles 2.66 s → 2.75 s, 96 → 76 MB).
# 1,000: each of the link pass's two workers 82 → 77 MB at its peak, the full pass over
# 30,000 articles no slower (5.28 s → 5.03 s of CPU, within this machine's drift).
PROFILES_KEPT = 1000
SPELLING_SOURCES = 12  # articles read to learn what an acronym stands for


class Answer(NamedTuple):
    """A link's story (``target``), or none and the closest stories (``suggestions``, best first)."""

    target: str | None
    suggestions: tuple[str, ...] = ()


NOWHERE = Answer(None)


class Resolver:
    """Resolves links against one store, remembering article profiles for a batch.

    Make one per batch of work (a refresh, a full pass): its caches are not
    invalidated when the store changes. With a ``TitleIndex`` it finds
    candidates in memory, and reads them (and addresses, ``learn_addresses``)
    many at a time; without, through the store's full-text index.
    """

    def __init__(self, store: Store, index: TitleIndex | None = None) -> None:
        self.store = store
        self.index = index
        self._profiles: OrderedDict[str, Profile | None] = OrderedDict()  # at most PROFILES_KEPT
        self._articles: dict[str, Article] = {}  # read already; profiled only if a fuzzy match needs it
        self._rows: dict[str, ResolverRow] = {}  # the same, read in bulk (``Store.links.resolver_rows``)
        self._counts: dict[str, int] = {}  # articles holding each index word, asked once per batch
        self._addresses: dict[str, str | None] = {}  # address -> its article (None: none), asked in bulk
        self._variants: dict[str, list[str]] = {}
        self._spelled: dict[str, tuple[tuple[str, ...], ...]] = {}  # acronym -> its names in the store

    def profile(self, article_id: str) -> Profile | None:
        if article_id in self._profiles:
            self._profiles.move_to_end(article_id)
        else:
            if len(self._profiles) >= PROFILES_KEPT:
                self._profiles.popitem(last=False)
            row = self._rows.pop(article_id, None)
            if row is not None:
                self._profiles[article_id] = build_profile(row.id, row.title, row.texts(), date=row.date)
            else:
                article = self._articles.pop(article_id, None) or self.store.article(article_id)
                self._profiles[article_id] = profile_of(article) if article is not None else None
        return self._profiles[article_id]

    def _read(self, article_ids: Sequence[str]) -> None:
        """Read the articles of ``article_ids`` not read yet in one query, to be profiled when asked."""
        missing = [
            i for i in article_ids if i not in self._profiles and i not in self._rows and i not in self._articles
        ]
        if missing:
            self._rows.update((row.id, row) for row in self.store.links.resolver_rows(missing))

    def remember_row(self, row: ResolverRow) -> None:
        """An article read in bulk by the caller, profiled only if a fuzzy match needs it."""
        if row.id not in self._profiles:
            self._rows[row.id] = row

    def forget_unprofiled(self) -> None:
        """Drop the articles read but never profiled (a pass holds a chunk of them at a time)."""
        self._rows.clear()
        self._articles.clear()

    def learn_addresses(self, urls: Iterable[str]) -> None:
        """Look up the articles of many link addresses at once: each as written first,
        then the other spellings of those not found so (``_by_address`` tries them in that order)."""
        listed = list(dict.fromkeys(urls))
        self._look_up(url.strip() for url in listed)
        self._look_up(v for url in listed if not self._addresses[url.strip()] for v in self._spellings(url)[1:])

    def _look_up(self, addresses: Iterable[str]) -> None:
        wanted = [address for address in dict.fromkeys(addresses) if address not in self._addresses]
        if wanted:
            found = self.store.links.articles_by_urls(wanted)
            self._addresses.update((address, found.get(address)) for address in wanted)

    def _spellings(self, url: str) -> list[str]:
        """``url_variants(url)``: the address as written (stripped) first."""
        if url not in self._variants:
            self._variants[url] = url_variants(url)
        return self._variants[url]

    def spellings(self, acronym: str) -> tuple[tuple[str, ...], ...]:
        """What ``acronym`` stands for where the store's text spells it out ("National
        Statistics Office (NSO)"): one full-text query an acronym a batch."""
        key = acronym.casefold()
        if key not in self._spelled:
            if not key.isalpha() or not 2 <= len(key) <= 8:
                self._spelled[key] = ()
            else:
                heads = self.store.candidates([key], limit=SPELLING_SOURCES)
                rows = self.store.links.resolver_rows([h.id for h in heads])
                self._spelled[key] = spelled_out(key, (text for row in rows for text in row.texts()))
        return self._spelled[key]

    def query(self, headline: str) -> Query:
        """The full-text query for ``headline``'s candidates (rare words only, in a large store)."""
        return headline_query(headline, self._term_counts)

    def _term_counts(self, words: list[str]) -> dict[str, int]:
        missing = [word for word in words if word not in self._counts]
        if missing:
            found = self.store.term_counts(missing)
            self._counts.update({word: found.get(word, 0) for word in missing})
        return self._counts

    def remember(self, article: Article) -> None:
        if article.id not in self._profiles:
            self._articles[article.id] = article

    def resolve(self, link: RelatedLink, from_article: Any = None) -> str | None:
        """The id of the stored article ``link`` leads to, or None."""
        return self.answer(link, from_article).target

    def answer(self, link: RelatedLink, from_article: Any = None) -> Answer:
        """Where ``link`` leads, or, when no story is clearly ahead, the closest ones."""
        self_id = getattr(from_article, "id", None)
        found = self._by_address(link.url, self_id)
        if found:
            return Answer(found)
        title = link.title or ""
        key = title_key(title)
        if not key:
            return NOWHERE
        newest = parse_day(getattr(from_article, "date", None))
        found = self._by_title(title, key, link, self_id, newest)
        if found:
            return Answer(found)
        ids = [i for i in self._candidate_ids(title) if i != self_id]
        if self.index is not None:
            self._read([*ids, self_id] if self_id else ids)
        profiles = [p for p in (self.profile(i) for i in ids) if p is not None]
        if not profiles:
            return NOWHERE
        pool = list(profiles)
        own = self.profile(self_id) if self_id else None
        if own is not None:
            pool.append(own)  # its words count in the pool; it never wins
        eligible = [p for p in profiles if not_newer(p.date, newest)]
        choice = choose(title, eligible, Pool(pool), when=newest, spellings=self.spellings)
        if choice.chosen is not None:
            return Answer(choice.chosen.id)
        return Answer(None, tuple(p.id for p in choice.suggestions))

    def _by_address(self, url: str | None, self_id: str | None) -> str | None:
        if not url:
            return None
        found = self._article_at(url.strip())
        if found and found != self_id:
            return found  # as written: its other spellings are not needed
        for variant in self._spellings(url)[1:]:
            found = self._article_at(variant)
            if found and found != self_id:
                return found
        return None

    def _article_at(self, address: str) -> str | None:
        return self._addresses[address] if address in self._addresses else self.store.article_by_url(address)

    def _by_title(
        self, title: str, key: str, link: RelatedLink, self_id: str | None, newest: Date | None
    ) -> str | None:
        """A story with exactly this title (or, among same-title stories, this address)."""
        if self.index is not None:
            index = self.index
            found = [i for i in index.exact(key) if index.ids[i] != self_id and not_newer(index.dates[i], newest)]
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
        exact = [h for h in heads if title_key(h.title) == key and not_newer(parse_day(h.date), newest)]
        return _pick_duplicate(exact, link.source).id if exact else None

    def _candidate_ids(self, title: str) -> list[str]:
        """Stories to score for ``title``: none when every word of it is common in a large
        store, as a headline that says nothing rare is the one most easily matched wrongly
        (the few articles holding all its rarest words may leave out the story's rivals)."""
        if self.index is not None:
            return self.index.candidates(title)
        terms, all_of = self.query(title)
        if all_of:
            return []
        return [h.id for h in self.store.candidates(terms, limit=CANDIDATES, all_of=all_of)]


def not_newer(candidate: Date | None, linking: Date | None) -> bool:
    return candidate is None or linking is None or candidate <= linking + MAX_NEWER


def _pick_duplicate(heads: Sequence[Headline], source: str | None) -> Headline:
    """Among stories with the same title, the one from the link's outlet, else the newest."""
    wanted = (source or "").casefold()
    return max(heads, key=lambda h: (bool(wanted) and (h.source or "").casefold() == wanted, h.date or ""))


def resolve_link(store: Store, link: RelatedLink, *, from_article: Any = None) -> str | None:
    """Where ``link`` leads in ``store``: an article id, or None (better unresolved than wrong).

    ``from_article`` (an Article or Headline) is the article holding the link:
    it is never the answer, and the answer is not newer than it by over a day.
    """
    return Resolver(store).resolve(link, from_article)


def resolve_article_links(store: Store, article_id: str, *, resolver: Resolver | None = None) -> list[str | None]:
    """Resolve every related link of one article and store the targets (and, for those
    leading nowhere, the closest stories)."""
    resolver = resolver or Resolver(store)
    article = store.article(article_id)
    if article is None:
        return []
    return _resolve_links_of(store, resolver, article)


def _resolve_links_of(store: Store, resolver: Resolver, article: Article) -> list[str | None]:
    resolver.remember(article)
    answers = [resolver.answer(link, article) for link in article.document.related_links]
    store.links.set_targets(article.id, [a.target for a in answers], [a.suggestions for a in answers])
    return [a.target for a in answers]
