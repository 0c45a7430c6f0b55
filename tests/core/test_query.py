"""The query language as a grammar: each query and the articles it must return, on one store;
hostile queries give a QueryError that points at the term, or results, never anything else."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsreader.document.blocks import Document, Paragraph, Span
from newsreader.query import QueryError, parse
from newsreader.store import NewArticle, Store, View

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

SOURCES = {
    "harbour": ("https://harbour.example/feed", "Harbour Tribune", "News"),
    "lantern": ("https://lantern.example/feed", "Lantern Science", None),
    "kitchen": ("https://kitchen.example/feed", "Kitchen Notes", None),
}

# key: (source, title, text, published, author)
ARTICLES = {
    "budget": (
        "harbour",
        "Budget approved by parliament",
        "Members voted late on Tuesday.",
        "2026-11-19T09:00:00+00:00",
        "Ann Smith",
    ),
    "strike": (
        "harbour",
        "Dock strike enters second day",
        "The union said the strike would go on.",
        "2026-11-10T09:00:00+00:00",
        "Bo Jones",
    ),
    "comet": (
        "lantern",
        "Comet seen over the harbour",
        "Astronomers saw a comet near the moon.",
        "2026-11-20T06:00:00+00:00",
        None,
    ),
    "kestrel": (
        "lantern",
        "Kestrel rocket ready",
        "The kestrel launch is set for Friday.",
        "2026-10-01T09:00:00+00:00",
        None,
    ),
    "soup": (
        "kitchen",
        "Winter soup",
        "A budget recipe for the cold months, 100% cheap_ish.",
        "2026-08-01T09:00:00+00:00",
        None,
    ),
    "canteen": ("kitchen", "Parliament canteen closes", "No more soup for members.", "2026-11-18T18:00:00+00:00", None),
}


@pytest.fixture
def library(tmp_path: Path):
    with Store(tmp_path / "query.db") as store:
        ids: dict[str, str] = {}
        source_ids: dict[str, int] = {}
        for key, (address, title, folder) in SOURCES.items():
            source_ids[key] = store.add_source("feed", address, title, folder=folder).id
        for key, (source, title, text, published, author) in ARTICLES.items():
            document = Document(title=title, blocks=[Paragraph([Span(text)])], published=published, author=author)
            address = SOURCES[source][0]
            result = store.ingest(
                source_ids[source], [NewArticle(title, document, address, guid=key, published=published)]
            )
            ids[key] = result.added[0]
        store.set_read([ids["budget"], ids["kestrel"]])
        store.bookmark(ids["comet"])
        store.tag_source(source_ids["lantern"], ["science"])
        store.tag_articles([ids["soup"]], ["cheap"])
        store.hide([ids["strike"]])
        yield store, ids, source_ids


def matched(library, query: str) -> set[str]:
    store, ids, _ = library
    names = {article_id: key for key, article_id in ids.items()}
    return {names[h.id] for h in store.headlines(store.query_view(query, now=NOW), limit=100)}


VISIBLE = set(ARTICLES) - {"strike"}

GRAMMAR = [
    ("budget", {"budget", "soup"}),
    ("BUDGET", {"budget", "soup"}),
    ('"budget approved"', {"budget"}),
    ('"approved budget"', set()),
    ("kest*", {"kestrel"}),
    ('"kest"*', {"kestrel"}),
    ("unread", {"comet", "soup", "canteen"}),
    ("read", {"budget", "kestrel"}),
    ("bookmarked", {"comet"}),
    ("hidden", {"strike"}),
    ("hidden strike", {"strike"}),
    ("strike", set()),  # hidden: only with the hidden term
    ("strike OR hidden", {"strike"}),
    ("tag:news", {"budget"}),  # the folder is a tag (and the hidden article stays hidden)
    ("tag:NEWS", {"budget"}),
    ("tag:science", {"comet", "kestrel"}),
    ("tag:cheap", {"soup"}),
    ("tag:nothing", set()),
    ("source:kitchen", {"soup", "canteen"}),
    ('source:"Lantern Science"', {"comet", "kestrel"}),
    ("source:https://kitchen.example/feed", {"soup", "canteen"}),
    ("source:nowhere", set()),
    ("title:budget", {"budget"}),
    ("title:parl*", {"budget", "canteen"}),
    ('title:"rocket ready"', {"kestrel"}),
    ("author:smith", {"budget"}),
    ("author:SMITH", {"budget"}),
    ("author:%", set()),  # LIKE's wildcards are the characters themselves
    ("newer:2d", {"budget", "comet", "canteen"}),
    ("newer:12h", {"comet"}),
    ("newer:1w", {"budget", "comet", "canteen"}),
    ("older:30d", {"kestrel", "soup"}),
    ("older:3m", {"soup"}),
    ("newer:2026-11-15", {"budget", "comet", "canteen"}),
    ("older:2026-11-01 -tag:cheap", {"kestrel"}),
    ("-budget", {"comet", "kestrel", "canteen"}),
    ("NOT budget", {"comet", "kestrel", "canteen"}),
    ("members NOT budget", {"canteen"}),
    ("budget -soup", {"budget"}),
    ("budget AND parliament", {"budget"}),
    ("budget parliament", {"budget"}),
    ("budget OR comet", {"budget", "soup", "comet"}),
    ("unread (soup OR comet)", {"comet", "soup", "canteen"}),
    ("unread soup OR comet", {"comet", "soup", "canteen"}),  # OR binds tighter than the AND of neighbours
    ("tag:science OR tag:cheap", {"comet", "kestrel", "soup"}),
    ("-(tag:science OR tag:news)", {"soup", "canteen"}),
    ("-(-unread)", {"comet", "soup", "canteen"}),
    ("unread -bookmarked newer:3d", {"canteen"}),
    ("(budget OR soup) -(tag:cheap)", {"budget", "canteen"}),
    ("title:comet OR author:jones", {"comet"}),
    ("comet* source:lantern bookmarked", {"comet"}),
    ("", VISIBLE),
    ("   ", VISIBLE),
    (";", VISIBLE),
    ("budget ;", {"budget", "soup"}),
    ("NEAR(budget members)", set()),  # NEAR is a word here; no article holds it with both
    ("near", {"comet"}),
    ("100%", {"soup"}),
    ("cheap_ish", {"soup"}),
    ("text:budget", set()),  # no such filter: FTS5's column filter is two words here, "text" and "budget"
    ("members:", {"budget", "canteen"}),
    ("recipe:budget", {"soup"}),
]


@pytest.mark.parametrize(("query", "expected"), GRAMMAR)
def test_grammar(library, query: str, expected: set[str]) -> None:
    assert matched(library, query) == expected


def test_find_ranks_words_and_lists_the_rest_newest_first(library) -> None:
    store, ids, _ = library
    hits = store.find("budget", now=NOW)
    assert [h.headline.id for h in hits] == [ids["budget"], ids["soup"]]  # the title weighs more
    assert hits[0].headline.title == "Budget approved by parliament"
    newest = store.find("unread", now=NOW)
    assert [h.headline.id for h in newest] == [ids["comet"], ids["canteen"], ids["soup"]]
    assert store.find("") == [] and store.find(";") == []
    assert [h.headline.id for h in store.find("budget unread", now=NOW)] == [ids["soup"]]


def test_search_reads_the_language_and_forgives_what_it_cannot_read(library) -> None:
    store, ids, _ = library
    assert {h.headline.id for h in store.search("budget -soup")} == {ids["budget"]}
    assert {h.headline.id for h in store.search('"budget')} == {ids["budget"], ids["soup"]}  # plain words
    assert {h.headline.id for h in store.search("budget OR")} == {ids["budget"], ids["soup"]}


def test_query_view_pages_counts_and_marks(library) -> None:
    store, ids, _ = library
    view = store.query_view("tag:science OR tag:cheap", now=NOW)
    assert store.count(view) == 3
    first = store.headlines(view, limit=2)
    rest = store.headlines(view, after=first[-1].sort_key, limit=2)
    assert [h.id for h in first + rest] == [ids["comet"], ids["kestrel"], ids["soup"]]
    assert store.position(view, ids["soup"]) == 2
    assert store.mark_view_read(view) == 2
    assert matched(library, "unread") == {"canteen"}


def test_hidden_articles_are_left_out_of_every_view(library) -> None:
    store, ids, source_ids = library
    assert ids["strike"] not in {h.id for h in store.headlines(View(source_id=source_ids["harbour"]))}
    assert store.count(View()) == len(VISIBLE)
    assert store.article(ids["strike"]).read  # hiding marks read
    assert store.unhide([ids["strike"]]) == 1
    assert store.count(View()) == len(ARTICLES)


def test_unread_counts(library) -> None:
    store, ids, source_ids = library
    total, by_source = store.unread_counts()
    assert total == 3
    assert sorted(by_source) == sorted(
        [(source_ids["kitchen"], "Kitchen Notes", 2), (source_ids["lantern"], "Lantern Science", 1)]
    )
    total, by_source = store.unread_counts(store.query_view("soup", now=NOW))
    assert total == 2 and by_source == [(source_ids["kitchen"], "Kitchen Notes", 2)]


def test_ages_are_measured_from_now(library) -> None:
    later = datetime(2026, 11, 30, tzinfo=UTC)
    store = library[0]
    assert store.headlines(store.query_view("newer:2d", now=later)) == []


# --- malformed and hostile queries ----------------------------------------------------------


MALFORMED = [
    ('"unbalanced', 0, "never closed"),
    ('budget "approved', 7, "never closed"),
    ("(budget", 0, "never closed"),
    ("((budget)", 0, "never closed"),
    ("budget)", 6, "closes no"),
    ("()", 0, "empty parentheses"),
    ("OR", 0, "OR needs"),
    ("OR budget", 0, "OR needs"),
    ("budget OR", 7, "OR needs"),
    ("budget OR OR soup", 7, "OR needs"),
    ("(OR budget)", 1, "OR needs"),
    ("budget AND", 7, "AND needs"),
    ("-", 0, "'-'"),
    ("budget - soup", 7, "'-'"),
    ("NOT", 0, "'NOT' needs"),
    ("tag:", 0, "needs a value"),
    ('tag:""', 0, "needs a value"),
    ("newer:soon", 0, "takes an age"),
    ("newer:7", 0, "takes an age"),
    ("older:2026-13-45", 0, "not a date"),
    ("unread:yes", 0, "takes no value"),
    ("title:;", 0, "needs a word"),
    ("'; DROP TABLE articles; --", 25, "'-'"),
    ("(" * 40 + "budget" + ")" * 40, 32, "nested too deeply"),
    ("-" * 40 + "budget", 32, "nested too deeply"),
]


@pytest.mark.parametrize(("query", "position", "message"), MALFORMED)
def test_malformed_queries_point_at_the_term(library, query: str, position: int, message: str) -> None:
    store = library[0]
    with pytest.raises(QueryError) as raised:
        store.query_view(query, now=NOW)
    assert raised.value.position == position
    assert message in raised.value.message
    pointer = raised.value.pointer(query)
    assert pointer.splitlines()[1].index("^") == min(position, 60) + (1 if position > 60 else 0)


HOSTILE = [
    "'; DROP TABLE articles; SELECT '",
    "1' OR '1'='1",
    'budget" OR 1=1 --"',
    "a); DELETE FROM articles; (",
    "NEAR(budget, 2)",
    "budget NEAR/2 members",
    "{title}: budget",
    "title : budget",
    "^budget",
    "budget*** *",
    "* OR *",
    "a* OR b*",
    "AND",
    "AND AND",
    "NOT NOT budget",
    "\x00 budget \x1b[31m",
    "\u202e budget 🙂",
    'tag:"\'; DROP TABLE source_tags; --"',
    "source:%",
    "author:\\",
    "newer:999999y",
    "older:000000h",
    "budget " * 1500,
    "-budget " * 1000,
    "budget OR " * 999 + "budget",
    "a" * 10_000,
    "x" * 10_001,
    "(budget " * 20 + ")" * 20,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_results_or_a_pointed_error(library, query: str) -> None:
    store, ids, _ = library
    try:
        view = store.query_view(query, now=NOW)
    except QueryError as error:
        assert 0 <= error.position <= len(query)
        assert error.pointer(query).count("\n") == 1
    else:
        assert isinstance(store.headlines(view, limit=10), list)
        assert isinstance(store.count(view), int)
        assert isinstance(store.find(query, now=NOW), list)
    assert isinstance(store.search(query), list)  # the forgiving search never raises either
    assert store.count(store.query_view("hidden OR -hidden")) == len(ARTICLES)
    assert store.tags_of_source(store.source_rows()[1][0]) == ["science"]


def test_a_query_never_becomes_sql_text() -> None:
    from newsreader.query import compile_query

    text = 'tag:"x\' OR 1=1" author:"\'; --" source:1 budget newer:2026-01-01 title:"a b"'
    compiled = compile_query(
        text, parse(text, NOW), lambda: [(1, "One", "https://one.example/")], lambda tag: ([1], True)
    )
    for value in ("x' OR 1=1", "'; --", "budget", "2026"):
        assert value not in compiled.where
    assert "x' OR 1=1" in compiled.params


@pytest.mark.parametrize(
    ("typed", "is_filter"),
    [
        ("unread", True),
        ("bangla unread", True),
        ("tag:wor", True),
        ("-source:bb", True),
        ("newer:7", True),
        ("bangl", False),
        ("title:kest", False),
        ("unread bangl", False),
        ("unread ", False),
        ('"rent ca', False),
        ("", False),
    ],
)
def test_search_as_you_type_never_turns_a_filter_into_a_prefix(typed: str, is_filter: bool) -> None:
    from newsreader.query import ends_in_filter

    assert ends_in_filter(typed) is is_filter
