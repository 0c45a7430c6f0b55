"""``resolve_all``: bringing every related link of the store up to date.

After a refresh only what is new is looked at: the new articles' links, and
the older unresolved links that one of them may answer (found with one
full-text query per new article, for its rarest words). A first pass, or one
after a large import, tries every unresolved link with a ``TitleIndex``,
reading the linking articles, their addresses and their candidates many at a
time (``Store.links.resolver_rows``), never a whole document it does not need.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from newsreader.dates import parse_day
from newsreader.document.blocks import RelatedLink
from newsreader.heap import give_back_free_memory
from newsreader.lazy_import import load
from newsreader.related.choice import SUGGEST_FLOOR
from newsreader.related.profile import Profile
from newsreader.related.resolve import Resolver, not_newer, resolve_article_links
from newsreader.related.score import THRESHOLD, not_ruled_out_by_title, upper_bound
from newsreader.related.terms import Pool, headline_shape, weigh
from newsreader.related.title_index import TitleIndex
from newsreader.related.titles import title_key

if TYPE_CHECKING:
    from newsreader.store import Article, Store

REVERSE_CANDIDATES = 100  # articles that may link to one new article
# A pass over every unresolved link costs about as much as looking at 0.4-0.9% of
# the store's articles one by one (measured on a resolved store of generated feeds:
# at 100,000, 3.1 s against 8.2 ms a new article; at 30,000, 1.1 s against 4.4 ms),
# and it finds a few links more, so beyond that share of new articles (and at least
# this many) it is the one to take.
INCREMENTAL_LIMIT = 50
INCREMENTAL_SHARE = 0.005
PASS_CHUNK = 500  # linking articles a full pass reads, resolves and writes at a time
# A full pass over this many linking articles runs as two halves when it may (each half
# builds its own title index: ~0.3 s at 30,000 articles, too dear for a small pass). The
# pass after a daily refresh of 1,000 feeds (5 new items each, ~2,500 linking articles in
# 35,000) in halves: the refresh 0.02-0.6 s faster in 8 rounds of ~4.3 s, its peak 194 -> 248 MB.
PARALLEL_FROM = 2000
# The page cache of a full pass: it reads each article's row once, so the usual 32 MB only
# held memory, in each of its two processes (a cold refresh of 1,000 feeds × 30: the
# process tree's peak 309 MB with it, 279 MB with this; the pass took as long).
PASS_CACHE_KIB = 2000


class Workers(Protocol):
    """Where a full pass may run its halves: ``run(function, *args)`` in another process
    (``sources.parse_pool.ParsePool``), or in the calling thread when it cannot."""

    def run(self, function: Callable[..., Any], *args: Any) -> Any: ...


def resolve_all(
    store: Store, article_ids: Iterable[str] | None = None, *, force: bool = False, workers: Workers | None = None
) -> int:
    """Bring related-link targets up to date; returns how many links lead somewhere new.

    ``article_ids`` are the articles a refresh added or changed; without them,
    the store says which articles are new to the resolver. New articles have
    their links resolved, and older articles whose unresolved links may lead
    to one of them are tried again (``_incremental_pass``). When many are new
    (a first pass, an import), every unresolved link is tried instead
    (``_full_pass``), in two halves at once when ``workers`` are given and the
    pass is large; ``force`` (without ids) redoes every link.
    """
    if article_ids is not None:
        new_ids = list(dict.fromkeys(article_ids))
    else:
        new_ids = store.links.pending()
    if article_ids is None and (force or _too_many_for_incremental(store, len(new_ids))):
        count = _full_pass(store, force=force, workers=workers)
    else:
        count = _incremental_pass(store, new_ids)
    store.links.clear_pending(new_ids)
    return count


def _too_many_for_incremental(store: Store, new: int) -> bool:
    return new > INCREMENTAL_LIMIT and new > store.count() * INCREMENTAL_SHARE


def _incremental_pass(store: Store, new_ids: Sequence[str]) -> int:
    """Resolve the links of ``new_ids``, then retry the unresolved links that may lead to them.

    Candidates come from full-text queries for rare words: one per fuzzy
    link, and one per new article for the older articles that mention its
    words (link headlines are part of an article's text).
    """
    resolver = Resolver(store)
    count = sum(_resolve_again(store, resolver, article_id) for article_id in new_ids)
    fresh = [p for p in (resolver.profile(i) for i in new_ids) if p is not None]
    for linking_id in _possible_linkers(store, resolver, new_ids):
        count += _retry_unresolved(store, resolver, linking_id, towards=fresh)
    return count


def _full_pass(store: Store, *, force: bool = False, workers: Workers | None = None) -> int:
    """Retry every unresolved link (``force``: every link), finding candidates in a ``TitleIndex``.

    The linking articles are read ``PASS_CHUNK`` at a time (their links, not whole
    documents), their addresses looked up together, and their targets written
    in one transaction a chunk. A large pass runs as two halves in ``workers``, each
    with its own index: after a cold refresh of 30,000 articles the pass was 1.5 s of
    one core while the other waited. Each link's answer depends only on the store's
    articles, never on what another link resolved to, so the halves answer as one would.
    """
    if workers is not None and store.path is not None and not force:
        ids = store.links.unresolved()
        if len(ids) >= PARALLEL_FROM:
            halves = [ids[0::2], ids[1::2]]  # alternate: the halves get alike work
            give_back_free_memory()  # the refresh's leavings, before the run's peak: the two halves
            with ThreadPoolExecutor(2, thread_name_prefix="related") as threads:
                counts = threads.map(lambda half: workers.run(resolve_part, str(store.path), half), halves)
                return sum(counts)
    with store.cache_of(PASS_CACHE_KIB):
        index = TitleIndex.of_store(store)
        ids = index.ids if force else store.links.unresolved()
        return _resolve_chunks(store, Resolver(store, index), ids, force, nullcontext)


def resolve_part(store_path: str, ids: list[str]) -> int:
    """Half of a full pass, in a worker process on its own connection; writes under the
    pool's writer lock (``parse_pool.one_writer``) so the halves take turns without SQLite's
    sleeping busy wait."""
    one_writer = load("newsreader.sources.parse_pool").one_writer
    with load("newsreader.store").Store(store_path) as store, store.cache_of(PASS_CACHE_KIB):
        return _resolve_chunks(store, Resolver(store, TitleIndex.of_store(store)), ids, False, one_writer)


def _resolve_chunks(
    store: Store,
    resolver: Resolver,
    ids: Sequence[str],
    force: bool,
    writer: Callable[[], AbstractContextManager[object]],
) -> int:
    count = 0
    for start in range(0, len(ids), PASS_CHUNK):
        rows = store.links.resolver_rows(ids[start : start + PASS_CHUNK])
        resolver.learn_addresses(link.url for row in rows for link in row.links if link.url)
        changed: list[tuple[str, list[str | None]]] = []
        suggested: dict[str, list[tuple[str, ...]]] = {}
        for row in rows:
            resolver.remember_row(row)
            result: Outcome | None
            if force:
                found, result = _redo_links(resolver, row, row.links, row.targets)
            else:
                found, result = _retry_links(resolver, row, row.links, row.targets, row.suggestions)
            count += found
            if result is not None:
                changed.append((row.id, result.targets))
                suggested[row.id] = result.suggestions
        with writer():
            store.links.set_targets_many(changed, suggested)
        resolver.forget_unprofiled()
    return count


def _resolve_again(store: Store, resolver: Resolver, article_id: str) -> int:
    before = store.links.targets(article_id)
    after = resolve_article_links(store, article_id, resolver=resolver)
    return _newly_found(before, after)


class Outcome(NamedTuple):
    """An article's links after a pass: targets by position, and the suggestions of those
    leading nowhere."""

    targets: list[str | None]
    suggestions: list[tuple[str, ...]]


def _redo_links(
    resolver: Resolver, article: Any, links: Sequence[RelatedLink], before: Sequence[str | None]
) -> tuple[int, Outcome]:
    """Resolve every link of ``article`` again: (how many lead somewhere new, what to store)."""
    answers = [resolver.answer(link, article) for link in links]
    after = [a.target for a in answers]
    return _newly_found(before, after), Outcome(after, [a.suggestions for a in answers])


def _newly_found(before: Sequence[str | None], after: Sequence[str | None]) -> int:
    return sum(1 for i, target in enumerate(after) if target and (i >= len(before) or before[i] != target))


def _retry_unresolved(
    store: Store, resolver: Resolver, article_id: str, towards: Sequence[Profile] | None = None
) -> int:
    """Resolve the links of one article that lead nowhere yet; resolved ones stay."""
    stored = store.links.targets(article_id)
    if stored and all(stored):
        return 0
    article = store.article(article_id)
    if article is None or not article.document.related_links:
        return 0
    resolver.remember(article)
    links = article.document.related_links
    found, result = _retry_links(resolver, article, links, stored, [link.suggestions for link in links], towards)
    if result is not None:
        store.links.set_targets(article_id, result.targets, result.suggestions)
    return found


def _retry_links(
    resolver: Resolver,
    article: Any,
    links: Sequence[RelatedLink],
    stored: Sequence[str | None],
    suggested: Sequence[tuple[str, ...]] = (),
    towards: Sequence[Profile] | None = None,
) -> tuple[int, Outcome | None]:
    """Resolve the links of ``article`` that lead nowhere yet (``stored``: their targets by
    position, ``suggested``: their suggestions): (how many now lead somewhere, what to store,
    or None when nothing changed).

    With ``towards`` (the articles just added), a link tried before is tried
    again only if one of them could be its story (or one of its suggestions):
    nothing else has changed.
    """
    if not links or (stored and all(stored)):
        return 0, None
    targets = [stored[i] if i < len(stored) else None for i in range(len(links))]
    suggestions = [tuple(suggested[i]) if i < len(suggested) else () for i in range(len(links))]
    found = 0
    changed = len(stored) != len(links)
    for i, link in enumerate(links):
        if targets[i] is not None:
            continue
        if towards is not None and i < len(stored) and not _could_lead_to(link, towards, article, resolver):
            continue
        answer = resolver.answer(link, article)
        targets[i] = answer.target
        found += answer.target is not None
        changed = changed or answer.target is not None or answer.suggestions != suggestions[i]
        suggestions[i] = answer.suggestions
    return found, (Outcome(targets, suggestions) if changed else None)


def _could_lead_to(link: RelatedLink, profiles: Sequence[Profile], from_article: Article, resolver: Resolver) -> bool:
    """Cheap test before a full resolution: can any of ``profiles`` be this link's story?"""
    title = link.title or ""
    key = title_key(title)
    if link.url or not key:
        return bool(link.url)
    newest = parse_day(from_article.date)
    eligible = [p for p in profiles if p.id != from_article.id and not_newer(p.date, newest)]
    if any(p.key == key for p in eligible):
        return True
    pool = Pool(profiles)
    shape = headline_shape(title, pool, when=newest, spellings=resolver.spellings)
    eligible = not_ruled_out_by_title(shape, eligible)  # vetoed by their titles (upper_bound None)
    if not eligible:
        return False
    terms = weigh(shape, pool)
    return any((upper_bound(terms, p) or 0.0) >= min(THRESHOLD - 0.1, SUGGEST_FLOOR) for p in eligible)


def _possible_linkers(store: Store, resolver: Resolver, new_ids: Sequence[str]) -> list[str]:
    """Older articles that may hold an unresolved link to one of ``new_ids``."""
    unresolved = set(store.links.unresolved())
    fresh = set(new_ids)
    found: dict[str, None] = {}
    for article_id in new_ids:
        profile = resolver.profile(article_id)
        if profile is None or not profile.key:
            continue
        terms, all_of = resolver.query(profile.title)
        for head in store.candidates(terms, limit=REVERSE_CANDIDATES, all_of=all_of):
            if head.id in fresh or head.id in found:
                continue
            if head.id not in unresolved:
                continue
            found[head.id] = None
    return list(found)
