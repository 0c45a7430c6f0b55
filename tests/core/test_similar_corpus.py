"""'Related in your library' on real feeds and articles (../shared/corpus): a similar
story shares distinctive content (names, rare words, several of them), never one word.

The store holds the corpus's world-news feeds and the BBC plain-text articles, as a
new user would subscribe them; the pairs below are kinds of match, each checked
by its titles: one story told by several outlets stays, a story that shares a
place name or a common word goes.
"""

from __future__ import annotations

import re

import pytest

from newsreader.refresh import read_file
from newsreader.related.similar import MIN_SHARED, similar_articles, similar_matches
from newsreader.store import Store, View

FEEDS = [
    "rss2/bbc-news_en.xml", "rss1-rdf/deutsche-welle_en.rdf", "rss2/nytimes-world_en.xml",
    "rss2/cbs-world_en.xml", "rss2/dawn-world_en.xml", "rss2/aljazeera-all_en.xml",
    "rss2/economist-asia_en.xml", "rss2/time-world_en.xml", "rss2/npr-world_en.xml",
    "rss2/wsj-world_en.xml", "rss2/guardian-us_en.xml", "rss2/foreignpolicy_en.xml",
    "rss2/abc-au-topstories_en.xml",
]  # fmt: skip


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from tests.conftest import SHARED

    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not present")
    store = Store(tmp_path_factory.mktemp("similar") / "store.db")
    paths = [corpus / "feeds" / name for name in FEEDS]
    paths += sorted((corpus / "articles" / "txt" / "bbc-2005").glob("*.txt"))
    for path in paths:
        source = store.add_source("file", str(path))
        store.ingest_prepared(source.id, read_file(str(path), path.read_bytes()).batch)
    return store


def find(store: Store, pattern: str) -> str:
    found = [h for h in store.headlines(View(), limit=100_000) if re.search(pattern, h.title)]
    assert found, f"no article titled like {pattern!r} in the corpus"
    return found[0].id


def similar_titles(store: Store, pattern: str) -> list[str]:
    return [h.title for h in similar_articles(store, find(store, pattern), limit=5)]


def test_one_story_told_by_several_outlets_is_listed(corpus_store: Store) -> None:
    titles = similar_titles(corpus_store, r"^First day of Russia-Ukraine peace talks")
    assert any(re.search(r"Peace talks in Geneva", t) for t in titles)
    assert sum(bool(re.search(r"Ukraine|Russia", t)) for t in titles) >= 3
    assert all(re.search(r"Ukraine|Russia|Geneva|peace|Peace", t) for t in titles), titles


def test_a_person_in_the_news_finds_the_other_reports(corpus_store: Store) -> None:
    titles = similar_titles(corpus_store, r"^Tarique Rahman sworn in as Bangladesh")
    assert len(titles) >= 3
    assert all("Bangladesh" in t or "Rahman" in t for t in titles), titles


def test_sharing_a_place_name_is_not_a_story(corpus_store: Store) -> None:
    # The moon sighting in Saudi Arabia: the Ramadan story stays; stories that only
    # share the Gulf states (trade, fighter jets, visits) go.
    titles = similar_titles(corpus_store, r"^Ramazan moon sighted")
    assert any(t.startswith("Ramadan to begin") for t in titles)
    assert all(re.search(r"Ramadan|Ramazan|moon|Eid", t) for t in titles), titles


def test_a_story_with_no_counterpart_lists_nothing(corpus_store: Store) -> None:
    # Absa and Barclays are in no other article: banks, shares and November are not enough.
    assert similar_titles(corpus_store, r"^Absa and Barclays") == []
    assert similar_titles(corpus_store, r"^Retelling the story of a bridge") == []


def test_the_bbc_files_find_each_other(corpus_store: Store) -> None:
    titles = similar_titles(corpus_store, r"^Tories plan migrant health checks")
    assert "At a glance: Tory health checks" in titles
    assert all(re.search(r"Tory|Tories|asylum|migrant", t) for t in titles), titles


def test_no_story_is_listed_for_one_shared_word(corpus_store: Store) -> None:
    shown = 0
    for headline in corpus_store.headlines(View(), limit=100_000)[::7]:
        for match in similar_matches(corpus_store, headline.id, limit=5):
            shown += 1
            assert len(match.shared) >= MIN_SHARED, (headline.title, match.headline.title, match.shared)
            assert match.headline.id != headline.id
    assert shown > 20  # the test looked at real matches
