"""The resolver against answer keys: the shared samples, the demo library, our own fixture.

Precision must be 1.0 everywhere (an unresolved link offers a search; a wrong
one misleads). Recall is asserted as a floor at what the resolver achieves,
so a change that loses a link is noticed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.paths import FIXTURE_ROOT

import benchmarks.related_quality as related_quality
import newsreader.related.passes as related_passes
from benchmarks.related_quality import score_demo, score_samples
from newsreader.related import resolve_all

FIXTURES = FIXTURE_ROOT / "related"
DEMO_LINKS = FIXTURE_ROOT / "demo_links.json"


def refresh_mode(store, article_ids=None, **_):
    """resolve_all as a refresh calls it: the ids of what came in, full-text queries per link."""
    return resolve_all(store, [h.id for h in store.headlines(limit=100_000)])


@pytest.fixture(params=["full pass", "refresh", "new to the resolver"])
def mode(request, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every way of resolving: a full pass with an in-memory title index; the ids
    of a refresh; what the store says is new (both with full-text queries)."""
    if request.param == "full pass":
        monkeypatch.setattr(related_passes, "INCREMENTAL_LIMIT", 0)
    if request.param == "refresh":
        monkeypatch.setattr(related_quality, "resolve_all", refresh_mode)
    return request.param


def assert_scores(figures: dict, recall_floor: float) -> None:
    assert not figures["not_found"], figures["not_found"]
    assert figures["wrong"] == []
    assert figures["precision"] == 1.0
    assert figures["recall"] >= recall_floor, figures["missed"]


def test_shared_samples(shared: Path, mode: str) -> None:
    figures = score_samples(shared / "samples" / "articles")
    assert figures["links"] == 23
    assert_scores(figures, recall_floor=1.0)
    assert figures["by_kind"]["decoy"]["correct"] == figures["by_kind"]["decoy"]["total"]


def test_demo_library_links(mode: str) -> None:
    assert DEMO_LINKS.exists()  # a fixture of this repository: missing, the test fails
    figures = score_demo(links=DEMO_LINKS)
    assert figures["links"] >= 20
    assert_scores(figures, recall_floor=1.0)


def test_velmora_fixture(mode: str) -> None:
    """Our own cases: title case, abbreviations, acronyms, opposites, other numbers, days and dates.

    Two paraphrases stay unresolved, as the rules intend: the bank's later
    story (rates held, "a month after its first increase") covers one headline
    nearly as well as the right one (a near tie), and "... as inflation bites"
    has a content word the story never uses.
    """
    figures = score_samples(FIXTURES / "velmora")
    assert figures["links"] == 15
    assert_scores(figures, recall_floor=5 / 7)
    for kind in ("decoy-number", "decoy-opposite", "decoy-day", "decoy-date", "absent"):
        counts = figures["by_kind"][kind]
        assert counts["correct"] == counts["total"], kind


def test_time_after_refresh_resolves_what_came_in() -> None:
    from newsreader.document.plaintext import parse_plaintext
    from newsreader.store import NewArticle, Store

    def article(text: str, name: str) -> NewArticle:
        document = parse_plaintext(text)
        return NewArticle(document.title, document, f"/articles/{name}.txt", published=document.date)

    with Store(":memory:") as store:
        source = store.add_source("folder", "/articles")
        hub = "date 2025-07-01 Traffic in Orsk fell in June.\n\nRead more: Vesk detained over bribes - Orsk Daily\n"
        store.ingest(source.id, [article(hub, "hub")])
        resolve_all(store)
        story = (
            "date 2025-06-09 Police detained Anton Vesk in Orsk on Monday over bribes.\n\nMore, Orsk Daily reports.\n"
        )
        figures = related_quality.time_after_refresh(store, {source.id: [article(story, "vesk")]})
    assert figures["new"] == 1 and figures["resolved"] == 1
    assert figures["cpu_seconds"] >= 0


@pytest.mark.parametrize("postings", [0, 5])
def test_rare_word_queries_stay_precise(shared: Path, postings: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large store's candidate queries (rare words only) on the small sets: fewer links
    found, never a wrong one (a headline with no rare word gets no fuzzy match)."""
    import newsreader.related.queries as queries

    monkeypatch.setattr(queries, "QUERY_POSTINGS", postings)
    monkeypatch.setattr(related_quality, "resolve_all", refresh_mode)
    for figures in (score_samples(shared / "samples" / "articles"), score_samples(FIXTURES / "velmora")):
        assert figures["wrong"] == [] and figures["precision"] == 1.0


def test_threads_development_set(shared: Path, mode: str) -> None:
    """samples/threads: rewordings and near misses of eleven story threads. Precision 1.0;
    recall floors at the issue's targets (0.95 overall, 0.9 on rewordings)."""
    figures = score_samples(shared / "samples" / "threads")
    assert figures["links"] == 170
    assert_scores(figures, recall_floor=0.95)
    assert figures["recall_by_kind"]["paraphrase"]["recall"] >= 0.9, figures["missed"]
    assert figures["recall_by_kind"]["exact"]["recall"] == 1.0
    assert figures["by_kind"]["absent"]["correct"] == figures["by_kind"]["absent"]["total"]
