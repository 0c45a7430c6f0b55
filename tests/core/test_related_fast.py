"""The resolver's fast paths say what the plain ones say.

Text: quotes and dashes respelled only where a text holds them, names compared by their
first letters, ``Profile.writes`` with str.find in ASCII, candidates ruled out by their
titles before their ledes are read. Store: the full pass reads in bulk
(store.related_links): links without whole documents, addresses, titles and targets many
at a time; each bulk read must say what the one-at-a-time read says, and the pass must
choose what resolving article by article chooses.
"""

from __future__ import annotations

import random
import re
import sqlite3
from pathlib import Path

import pytest

import newsreader.related.passes as related_passes
import newsreader.store.related_links as related_links
from benchmarks import data
from newsreader.document.blocks import (
    BulletList,
    Document,
    Heading,
    Image,
    Paragraph,
    Preformatted,
    Quote,
    RelatedLink,
    Rule,
    Span,
)
from newsreader.related import TitleIndex, resolve_all, resolve_article_links
from newsreader.related.profile import Profile, _starts_sentence, own_texts
from newsreader.related.resolve import Resolver
from newsreader.store import MIGRATIONS, NewArticle, Store
from newsreader.store.documents import document_from_json, document_to_json
from newsreader.store.migrations import RELATED_LINKING
from newsreader.store.related_links import block_texts, related_links_in

FEED = "https://example.org/feed.xml"

EVERY_BLOCK = Document(
    title="Harbour news",
    blocks=[
        Paragraph(
            [
                Span("The harbour "),
                Span("reopened", "emphasis"),
                Span(" today. "),
                Span("See", "link", "https://x.example/a"),
            ]
        ),
        RelatedLink('Ships "type":"related" sail again {"type":"related"}', "Harbor Daily", "https://x.example/b"),
        Quote("We are back,", "Lina Ortis"),
        BulletList(["cheaper berths;", "night lights."], "The plans:"),
        BulletList(["no lead"], None, ordered=True),
        Heading("What next"),
        Image("a ship", "https://x.example/i.png"),
        Preformatted("code  here"),
        Rule(),
        Paragraph([]),
        RelatedLink("Storm closes harbour – Valley Post", None, None),
        RelatedLink("\u201cQuoted\u201d \\ back\\slash \u00e9t\u00e9 \U0001f6a2", "Northern Star", None),
    ],
    date="2026-11-20",
)


def test_links_and_texts_read_without_the_whole_document_are_the_documents_own() -> None:
    stored = document_to_json(EVERY_BLOCK)
    assert related_links_in(stored) == document_from_json(stored).related_links
    assert [link.title for link in related_links_in(stored)][0].startswith('Ships "type"')
    assert block_texts(stored) == own_texts(document_from_json(stored))
    assert related_links_in(document_to_json(Document(blocks=[Paragraph([Span("no links")])]))) == []


def test_a_document_of_another_shape_is_decoded_whole() -> None:
    shuffled = (
        '{"blocks":[{"title":"Late link","type":"related","source":null},{"text":"Hi","type":"quote"}],"title":"t"}'
    )
    assert related_links_in(shuffled) == [RelatedLink("Late link")]
    assert block_texts(shuffled) == ["Hi"]
    cli_shape = '{"blocks":[{"type":"paragraph","text":"Plain text"},{"type":"related","title":"X","target":"abc"}]}'
    assert block_texts(cli_shape) == ["Plain text"]
    assert related_links_in(cli_shape) == [RelatedLink("X", target="abc")]


def test_quotes_dashes_and_title_keys_are_spelled_as_by_translate() -> None:
    import unicodedata

    from newsreader.related.titles import PUNCTUATION_SPELLINGS, normalise_chars, strip_source_suffix, title_key

    def plain_normalise(text: str) -> str:
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        return text.translate(PUNCTUATION_SPELLINGS)

    def plain_key(title: str) -> str:
        text = strip_source_suffix(plain_normalise(title or ""))
        text = text.casefold().replace("%", " percent ").replace("&", " and ")
        text = re.sub(r"(?<=\w)'(?=\w)", "", text)
        return " ".join(re.findall(r"[^\W_]+", text))

    rng = random.Random(5)
    alphabet = "aB `'’‘%&-–—|., :x1é\u0301e½ﬁ″−«»“”\uff21\t"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert normalise_chars(text) == plain_normalise(text), repr(text)
        assert title_key(text) == plain_key(text), repr(text)


def test_two_spellings_of_a_name_are_found_as_before() -> None:
    from newsreader.related.names import same_name as _same_name
    from newsreader.related.score import _title_name
    from newsreader.related.terms import Term

    def plain_same(name: str, surface: str) -> bool:
        shorter, longer = sorted((name, surface), key=len)
        common = len(next((shorter[:i] for i in range(len(shorter)) if shorter[i] != longer[i]), shorter))
        return len(longer) - len(shorter) <= 3 and len(shorter) >= 5 and common >= len(shorter) - 1 and common >= 5

    rng = random.Random(6)
    for _ in range(20000):
        name = "".join(rng.choice("ab") for _ in range(rng.randint(1, 9)))
        title = {"".join(rng.choice("ab") for _ in range(rng.randint(1, 9))): 1 for _ in range(rng.randint(0, 5))}
        expected = next((w for w in title if w == name or (len(name) >= 5 and plain_same(name, w))), name)
        assert _title_name(Term("name", name, name, 1.0), title) == expected, (name, title)
        if len(name) >= 5:
            word = next(iter(title), "")
            assert _same_name(name, word) == plain_same(name, word), (name, word)


def test_best_overlap_with_words_that_go_together_ranks_as_a_plain_sum() -> None:
    """Head lists that mostly hold the same titles (a name's two words) are subtracted as sets."""
    from newsreader.related.title_index import best_overlap

    def plain(lists: list[tuple[list[int], float]], limit: int) -> list[int]:
        scores: dict[int, float] = {}
        first: dict[int, int] = {}
        for position, (postings, weight) in enumerate(lists):
            for index in postings:
                scores[index] = scores.get(index, 0.0) + weight
                first.setdefault(index, position)
        return sorted(scores, key=lambda index: (-scores[index], first[index], index))[:limit]

    rng = random.Random(8)
    for _ in range(1500):
        n = rng.choice([50, 600, 4000])
        together = rng.sample(range(n), rng.randint(1, n // 2))
        lists = []
        for _ in range(rng.randint(1, 6)):
            if rng.random() < 0.5:  # the shared titles, but for a few
                lists.append(
                    sorted(set(together) - set(rng.sample(together, len(together) // rng.choice([3, 40, 10**6]))))
                )
            else:
                lists.append(sorted(rng.sample(range(n), rng.randint(1, max(1, n // rng.choice([2, 40]))))))
        lists.sort(key=len)
        weighted = [(postings, round(rng.uniform(0.5, 3.0), rng.choice([0, 3]))) for postings in lists]
        limit = rng.choice([1, 10])
        assert best_overlap(weighted, limit) == plain(weighted, limit)


def test_writes_finds_what_the_regular_expression_finds() -> None:
    """Profile.writes looks for a word with str.find in plain ASCII text: the same matches."""

    def by_regex(text: str, word: str) -> tuple[bool, bool]:
        lower = capitalised = False
        for match in re.finditer(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", text, re.IGNORECASE):
            found = match.group(0)
            if found.islower():
                lower = True
            elif found[0].isupper() and not _starts_sentence(text, match.start()):
                capitalised = True
            if lower and capitalised:
                break
        return lower, capitalised

    rng = random.Random(11)
    for _ in range(20000):
        text = "".join(rng.choice("aAbB'. \n1_-é") for _ in range(rng.randint(0, 14)))
        word = "".join(rng.choice("ab'") for _ in range(rng.randint(1, 3)))
        profile = Profile("x", text.split("\n")[0], text.split("\n")[1:])
        assert profile.writes(word) == by_regex(profile._text, word), (text, word)


def test_a_candidate_its_title_rules_out_is_never_tokenized() -> None:
    from newsreader.related import Pool, best_match, build_profile

    other = build_profile(
        "b",
        "Ashford agency questions school meals budget after court ruling",
        ["The agency said the budget was too small.", "More words."],
        date="2025-03-01",
    )
    assert best_match("Ashford court questions school meals budget after court ruling", [other], Pool([other])) is None
    assert "_lede" not in other.__dict__ and "body" not in other.__dict__


# --- bulk reads against one-at-a-time reads -------------------------------------------------


def item(guid: str, text: str, *links: RelatedLink, url: str | None = None, day: int = 20) -> NewArticle:
    document = Document(blocks=[Paragraph([Span(text)]), *links], date=f"2026-11-{day:02d}")
    return NewArticle(text.split(".")[0], document, FEED, guid=guid, url=url, published=f"2026-11-{day:02d}T09:00:00Z")


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def test_bulk_reads_say_what_single_reads_say(store: Store) -> None:
    source = store.add_source("feed", FEED)
    one, two, three = store.ingest(source.id, [
        item("1", "Harbour reopens after the storm. Ships sail.", url="https://x.example/h", day=18),
        item("2", "Harbour reopened again. Ships sail.", url="https://x.example/h", day=19),
        item("3", "Ferries run late.", RelatedLink("Harbour reopens after storm"), RelatedLink("Gone", url="https://x.example/h")),
    ]).added  # fmt: skip
    store.links.set_targets(three, [None, two, one])  # a stored target beyond the links
    rows = store.links.resolver_rows([three, "no-such-id", one, three])
    assert [row.id for row in rows] == [three, one]
    assert rows[0].links == store.article(three).document.related_links
    assert rows[0].targets == store.links.targets(three) == [None, two, one]
    assert rows[0].texts() == own_texts(store.article(three).document)
    assert rows[1].links == [] and rows[1].targets == []
    found = store.links.articles_by_urls(["https://x.example/h", "https://x.example/none"])
    assert found == {"https://x.example/h": store.article_by_url("https://x.example/h")} == {"https://x.example/h": two}
    titles = store.links.titles()
    assert titles == [(h.id, h.title, h.date, h.source) for h in store.headlines(limit=10)]


def test_targets_of_many_articles_are_written_as_one_at_a_time(store: Store) -> None:
    source = store.add_source("feed", FEED)
    a, b = store.ingest(source.id, [item("a", "One.", RelatedLink("x"), RelatedLink("y")), item("b", "Two.")]).added
    store.links.set_targets(a, [b, b, b])
    store.links.set_targets_many([(a, [None, b]), (b, []), ("no-such-id", [a]), (b, [a])])
    assert store.links.targets(a) == [None, b]
    assert store.links.targets(b) == [a]  # the last targets named for an article stand
    store.links.set_targets_many([])


@pytest.mark.parametrize("share", [1, 10**9])  # few pending: each looked up; many: an index scanned
def test_pending_and_unresolved_are_the_same_whichever_way_they_are_read(store: Store, share: int, monkeypatch) -> None:
    monkeypatch.setattr(related_links, "SCAN_SHARE", share)
    source = store.add_source("feed", FEED)
    plain, linking, done = store.ingest(source.id, [
        item("p", "Nothing to follow."), item("l", "A link.", RelatedLink("Somewhere")), item("d", "Done.", RelatedLink("Plain")),
    ]).added  # fmt: skip
    assert sorted(store.links.pending()) == sorted([plain, linking, done])
    assert sorted(store.links.unresolved()) == sorted([linking, done])
    store.links.set_targets(done, [plain])
    store.links.clear_pending([plain, done])
    assert store.links.pending() == [linking]
    assert store.links.unresolved() == [linking]


def test_many_pending_articles_are_found_from_indexes_not_documents(store: Store) -> None:
    with store._db.reading() as db:
        plan = " ".join(str(row) for row in db.execute(
            f"EXPLAIN QUERY PLAN SELECT id FROM articles WHERE {related_links.LINKING}"
            " AND +seq IN (SELECT seq FROM related_pending)"
        ))  # fmt: skip
    assert "articles_with_related" in plan


def test_a_store_made_before_the_linking_index_gets_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Store(path, migrations=MIGRATIONS[: MIGRATIONS.index(RELATED_LINKING)]).close()
    with sqlite3.connect(path) as connection:  # articles as an older newsreader wrote them
        for seq, document in enumerate(
            [Document(blocks=[RelatedLink("Somewhere")]), Document(blocks=[Paragraph([Span("Plain.")])])]
        ):
            connection.execute(
                "INSERT INTO articles (id, origin, title, sort_time, document, text, content_hash, first_seen, updated)"
                " VALUES (?, ?, 'A title', '2026-11-20', ?, '', '', '2026-11-20', '2026-11-20')",
                (f"article-{seq}", FEED, document_to_json(document)),
            )
    with Store(path) as store:
        with sqlite3.connect(path) as connection:
            assert connection.execute(
                f"SELECT id FROM articles INDEXED BY articles_with_related WHERE {related_links.LINKING}"
            ).fetchall() == [("article-0",)]
        assert store.links.unresolved() == ["article-0"]


# --- the full pass against article-by-article resolution --------------------------------------


def generated_store() -> tuple[Store, list[str]]:
    """A few hundred generated feed items (links by address, by title, to stories nobody stored),
    and some hand-made ones: other spellings of an address, a link to itself, one address twice."""
    store = Store(":memory:")
    for feed, items in data.store_items(7, 240, 30):
        origin = f"https://feeds.example/{feed}.xml"
        source = store.add_source("feed", origin)
        store.ingest(source.id, [
            NewArticle(i.title, data.item_document(i), origin, guid=i.guid, url=i.url, published=i.published.isoformat())
            for i in items
        ])  # fmt: skip
    source = store.add_source("feed", FEED)
    titles = [title for _, title, _, _ in store.links.titles()]
    store.ingest(source.id, [
        item("s1", "Twice stored. Old.", url="https://twice.example/s", day=1),
        item("s2", "Twice stored again. New.", url="https://twice.example/s", day=2),
        item("v", "Variants.", RelatedLink("x", url="HTTP://News.Example/0/3.html/?utm_source=feed"),
             RelatedLink("y", url="https://twice.example/s"), RelatedLink("own", url="https://self.example/v"),
             RelatedLink(titles[5]), RelatedLink(titles[7].upper() + " - Valley Post"), url="https://self.example/v", day=28),
    ])  # fmt: skip
    return store, store.links.unresolved()


def every_target(store: Store) -> dict[str, list[str | None]]:
    return {article_id: store.links.targets(article_id) for article_id, _, _, _ in store.links.titles()}


def test_the_full_pass_resolves_as_article_by_article_resolution_does(monkeypatch: pytest.MonkeyPatch) -> None:
    bulk, linking = generated_store()
    single, _ = generated_store()
    with bulk, single:
        monkeypatch.setattr(related_passes, "PASS_CHUNK", 7)  # several chunks
        found = resolve_all(bulk)
        assert found > 50

        resolver = Resolver(single, TitleIndex.of_store(single))
        monkeypatch.setattr(resolver, "_read", lambda ids: None)  # profiles from whole articles, one by one
        for article_id in linking:
            resolve_article_links(single, article_id, resolver=resolver)
        assert every_target(bulk) == every_target(single)
        assert sum(1 for targets in every_target(bulk).values() for t in targets if t) == found

        fresh, _ = generated_store()
        with fresh:
            monkeypatch.setattr(related_passes, "PASS_CHUNK", 500)
            assert resolve_all(fresh) == found and every_target(fresh) == every_target(bulk)
            assert resolve_all(fresh, force=True) == 0 and every_target(fresh) == every_target(bulk)


def _generated_store(path: Path, feeds: int) -> list[str]:
    """A store of generated feeds (the bench's), as a cold refresh leaves it; the linking articles."""
    from newsreader.refresh import read_feed

    with Store(path) as built:
        for number in range(feeds):
            address = f"https://news.example/{number}/feed.xml"
            source = built.add_source("feed", address)
            read = read_feed(data.feed_xml(3, number, 0, 30, address), address)
            built.ingest_many([(source.id, read.batch)])
        return built.links.unresolved()


class _HereWorkers:
    def run(self, function, *args):
        return function(*args)


@pytest.mark.parametrize("where", ["here", "pool"])
def test_a_full_pass_in_two_halves_answers_as_one_pass(tmp_path: Path, monkeypatch, where: str) -> None:
    from newsreader.sources.parse_pool import POOL

    linking = _generated_store(tmp_path / "built.db", 40)
    assert len(linking) > 200
    (tmp_path / "halves.db").write_bytes((tmp_path / "built.db").read_bytes())
    calls = []
    monkeypatch.setattr(related_passes, "PARALLEL_FROM", 100)

    class Counting:
        def run(self, function, *args):
            calls.append(len(args[1]))
            return (POOL if where == "pool" else _HereWorkers()).run(function, *args)

    with Store(tmp_path / "built.db") as one, Store(tmp_path / "halves.db") as halves:
        found_one = resolve_all(one)
        found_halves = resolve_all(halves, workers=Counting())
        assert sorted(calls) == sorted([len(linking[0::2]), len(linking[1::2])])
        assert found_halves == found_one > 0
        for article_id in linking:
            assert halves.links.targets(article_id) == one.links.targets(article_id), article_id
        assert halves.links.pending() == [] and halves.links.unresolved() == one.links.unresolved()


def test_the_title_index_read_row_by_row_is_the_one_read_from_the_list(tmp_path: Path) -> None:
    _generated_store(tmp_path / "built.db", 10)
    with Store(tmp_path / "built.db") as store:
        streamed, listed = TitleIndex.of_store(store), TitleIndex(store.links.titles())
    assert len(streamed.ids) > 100
    assert streamed.ids == listed.ids and streamed.dates == listed.dates and streamed.sources == listed.sources
    assert streamed.by_title == listed.by_title and streamed.postings == listed.postings


@pytest.mark.parametrize("where", ["one", "halves"])
def test_a_full_pass_reads_with_a_small_page_cache_and_gives_the_usual_one_back(
    tmp_path: Path, monkeypatch, where: str
) -> None:
    _generated_store(tmp_path / "built.db", 10)
    monkeypatch.setattr(related_passes, "PARALLEL_FROM", 1 if where == "halves" else 10**9)
    sizes = []
    resolve_chunks = related_passes._resolve_chunks

    def recording(store, *args):
        with store.reading() as db:
            sizes.append(db.execute("PRAGMA cache_size").fetchone()[0])
        return resolve_chunks(store, *args)

    monkeypatch.setattr(related_passes, "_resolve_chunks", recording)
    with Store(tmp_path / "built.db") as store:
        with store.reading() as db:
            usual = db.execute("PRAGMA cache_size").fetchone()[0]
        resolve_all(store, workers=_HereWorkers(), force=False)
        with store.reading() as db:
            assert db.execute("PRAGMA cache_size").fetchone()[0] == usual == -32000
    assert sizes and set(sizes) == {-related_passes.PASS_CACHE_KIB}


def test_a_resolver_keeping_few_profiles_answers_as_one_keeping_all(tmp_path: Path, monkeypatch) -> None:
    import newsreader.related.resolve as resolve_module

    linking = _generated_store(tmp_path / "built.db", 20)
    (tmp_path / "few.db").write_bytes((tmp_path / "built.db").read_bytes())
    with Store(tmp_path / "built.db") as every:
        found_every = resolve_all(every)
        targets = {article_id: every.links.targets(article_id) for article_id in linking}
    kept = []
    profile = Resolver.profile

    def counting(resolver, article_id):
        found = profile(resolver, article_id)
        kept.append(len(resolver._profiles))
        return found

    monkeypatch.setattr(resolve_module, "PROFILES_KEPT", 3)
    monkeypatch.setattr(Resolver, "profile", counting)
    with Store(tmp_path / "few.db") as few:
        assert resolve_all(few) == found_every > 0
        assert {article_id: few.links.targets(article_id) for article_id in linking} == targets
    assert len(kept) > 100 and max(kept) == 3
