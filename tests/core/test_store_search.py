"""Full-text search: bm25 with titles first, prefixes, phrases, plain snippets, bad syntax forgiven."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.document.blocks import Document, Paragraph, Span
from newsreader.store import NewArticle, SearchHit, Store, StoreError, View
from newsreader.store.fts import MARK_END, MARK_START, plain_words_query, split_snippet

FEED = "https://example.org/feed.xml"

ARTICLES = {
    "budget-title": ("Budget approved by parliament", "Members voted late on Tuesday after a long debate."),
    "budget-body": ("Weather for the week", "Rain is expected. The council said its budget for roads is thin."),
    "minister": ("Minister resigns", "The minister of transport resigned over the ministry's spending."),
    "phrase": ("Markets", "Prices rose as the central bank held rates; the bank central to the plan said little."),
    "accents": ("Café culture", "A new café opened in the old town, serving crème brûlée."),
    "other": ("Football", "The home side won two to nil."),
}


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "search.db") as opened:
        source = opened.add_source("feed", FEED, "Feed")
        items = [
            NewArticle(title, Document(blocks=[Paragraph([Span(text)])]), FEED, guid=guid)
            for guid, (title, text) in ARTICLES.items()
        ]
        opened.ingest(source.id, items)
        yield opened


def titles(hits: list[SearchHit]) -> list[str]:
    return [hit.headline.title for hit in hits]


def test_word_search_ranks_titles_above_bodies(store: Store) -> None:
    assert titles(store.search("budget")) == ["Budget approved by parliament", "Weather for the week"]


def test_search_is_case_and_accent_insensitive(store: Store) -> None:
    assert titles(store.search("CAFE")) == ["Café culture"]
    assert titles(store.search("creme brulee")) == ["Café culture"]


def test_prefix_query(store: Store) -> None:
    assert titles(store.search("minist*")) == ["Minister resigns"]
    assert titles(store.search("minist")) == []


def test_phrase_query_needs_the_words_together(store: Store) -> None:
    assert titles(store.search('"central bank"')) == ["Markets"]
    assert titles(store.search('"bank rates"')) == []


def test_fts_operators_still_work(store: Store) -> None:
    assert titles(store.search("budget NOT parliament")) == ["Weather for the week"]
    assert set(titles(store.search("football OR minister"))) == {"Football", "Minister resigns"}
    assert titles(store.search("title:budget")) == ["Budget approved by parliament"]


def test_snippet_is_plain_text_with_match_ranges(store: Store) -> None:
    (hit,) = store.search("transport")
    assert MARK_START not in hit.snippet and MARK_END not in hit.snippet
    assert "transport" in hit.snippet
    assert [hit.snippet[start:end] for start, end in hit.highlights] == ["transport"]
    accented = store.search("cafe")[0]
    assert {accented.snippet[s:e] for s, e in accented.highlights} == {"café"}


def test_snippet_comes_from_the_body_even_for_a_title_match(store: Store) -> None:
    (hit,) = store.search("football")
    assert hit.snippet.startswith("The home side") and hit.highlights == []


def test_split_snippet_handles_markers_and_lines() -> None:
    text, ranges = split_snippet(f"a {MARK_START}b{MARK_END} c\n{MARK_START}dd{MARK_END}…")
    assert text == "a b c dd…" and ranges == [(2, 3), (6, 8)]
    assert split_snippet("") == ("", [])


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced', 'budget"', '"', "''", "-", "-budget", ":", "budget:", ":budget", "*", "**", "budget**",
        "AND", "OR", "NOT", "budget AND", "AND budget", "NEAR(", "NEAR(budget", "NEAR(budget, x)", "NEAR()",
        "(", ")", "(budget", "budget)", "^", "^budget", "+", "{budget}", "{", "title:", "nocolumn:budget",
        "budget - parliament", "\x00", "\\", "'; DROP TABLE articles; --", "a" * 5000, "\u202e", "🙂",
    ],
)  # fmt: skip
def test_bad_syntax_never_raises(store: Store, query: str) -> None:
    hits = store.search(query)
    assert isinstance(hits, list)
    assert store.count() == len(ARTICLES)


def test_bad_syntax_falls_back_to_plain_words(store: Store) -> None:
    assert titles(store.search('"budget')) == ["Budget approved by parliament", "Weather for the week"]
    assert titles(store.search("NEAR(minister")) == ["Minister resigns"]
    assert titles(store.search("football:")) == ["Football"]
    assert "Football" not in titles(store.search("-football"))  # the query language: -term leaves it out
    assert titles(store.search("minist* (")) == ["Minister resigns"]


def test_plain_words_query_quotes_everything() -> None:
    assert plain_words_query('NEAR("a b') == '"a" "b"'
    assert plain_words_query("AND OR") == '"AND" "OR"'
    assert plain_words_query("pre* -x") == '"pre"* "x"'
    assert plain_words_query("*:-") == ""


def test_empty_query_finds_nothing(store: Store) -> None:
    assert store.search("") == [] and store.search("   ") == []


def test_search_limit_and_view(store: Store) -> None:
    assert len(store.search("the", limit=2)) == 2
    budget_body = store.search("roads")[0].headline
    store.set_read([budget_body.id])
    assert titles(store.search("budget", view=View(unread=True))) == ["Budget approved by parliament"]
    store.bookmark(budget_body.id)
    assert titles(store.search("budget", view=View(bookmarked=True))) == ["Weather for the week"]


def test_search_within_a_source_or_folder(tmp_path: Path) -> None:
    with Store(tmp_path / "two.db") as store:
        a = store.add_source("feed", "https://a.example/feed", folder="World")
        b = store.add_source("feed", "https://b.example/feed")
        for source in (a, b):
            items = [
                NewArticle(
                    f"{source.address} {n}",
                    Document(blocks=[Paragraph([Span("storm warning")])]),
                    source.address,
                    guid=str(n),
                )
                for n in range(30)
            ]
            store.ingest(source.id, items)
        for view in (View(source_id=b.id), View(folder="World"), View(source_id=a.id, unread=True)):
            hits = store.search("storm", limit=7, view=view)
            assert len(hits) == 7
            assert {h.headline.source_id for h in hits} == {view.source_id or a.id}


def test_search_follows_updates_and_deletes(store: Store) -> None:
    source = store.find_source(FEED)
    store.ingest(
        source.id,
        [NewArticle("Football", Document(blocks=[Paragraph([Span("A cricket score.")])]), FEED, guid="other")],
    )
    assert titles(store.search("cricket")) == ["Football"] and store.search("nil") == []
    store.remove_source(source.id)
    assert store.search("cricket") == [] and store.search("budget") == []


def test_filtered_search_walks_rank_order_without_a_sort(store: Store) -> None:
    from newsreader.store.fts import filtered_sql

    sql = filtered_sql("a.id", ["a.read = 0", "a.source_id = ?"])
    plan = [row[3] for row in store._db.connection().execute("EXPLAIN QUERY PLAN " + sql, ["budget", 1, 50])]
    assert not any("TEMP B-TREE" in step for step in plan), plan


def test_unfiltered_and_filtered_search_agree_on_order(store: Store) -> None:
    everything = [h.headline.id for h in store.search("the")]
    assert len(everything) >= 4
    assert [h.headline.id for h in store.search("the", view=View(source_id=1))] == everything
    assert [h.headline.id for h in store.search("the", limit=2)] == everything[:2]


def test_one_letter_prefixes_are_searched_as_words(store: Store) -> None:
    from newsreader.store.fts import widen_short_prefixes

    assert widen_short_prefixes('a* OR "b"* minist* (c*)') == 'a OR "b" minist* (c)'
    assert store.search("m*") == []  # the word "m", not every word starting with m
    assert titles(store.search("mi*")) == ["Minister resigns"]


def test_a_search_running_too_long_is_abandoned(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsreader.store.store as store_module
    from benchmarks.data import generated_articles

    store.ingest(store.find_source(FEED).id, generated_articles(200, FEED, body_bytes=1000))
    monkeypatch.setattr(store_module, "SEARCH_SECONDS", 0.0)
    with pytest.raises(StoreError, match="took longer"):
        store.search("the")
    monkeypatch.undo()
    assert store.search("budget")  # the connection is usable again
