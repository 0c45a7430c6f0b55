"""Keyset paging: every view pages newest first without gaps or repeats, and never sorts the table."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newsreader.document.blocks import Document, Paragraph, Span
from newsreader.store import Headline, NewArticle, Store, View
from newsreader.store.views import count_query, page_query

SOURCES = [("https://a.example/feed", "News"), ("https://b.example/feed", "News"), ("https://c.example/feed", None)]


def make_items(origin: str, count: int, rng: random.Random) -> list[NewArticle]:
    items = []
    for n in range(count):
        # Many articles share a time, some have none: ties must still page cleanly (by id).
        published = None if n % 7 == 0 else f"2026-11-{1 + rng.randrange(20):02d}T{rng.randrange(3):02d}:00:00Z"
        document = Document(blocks=[Paragraph([Span(f"Body {n}")])])
        items.append(NewArticle(f"{origin} {n}", document, origin, guid=str(n), published=published))
    return items


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    rng = random.Random(3)
    with Store(tmp_path_factory.mktemp("paging") / "paging.db") as opened:
        for address, folder in SOURCES:
            source = opened.add_source("feed", address, folder=folder)
            opened.ingest(source.id, make_items(address, 350, rng))
        everything = opened.headlines(limit=10_000)
        opened.set_read([h.id for h in everything if rng.random() < 0.5])
        for headline in rng.sample(everything, 40):
            opened.bookmark(headline.id)
        yield opened


VIEWS = [
    View(),
    View(unread=True),
    View(bookmarked=True),
    View(source_id=1),
    View(source_id=2, unread=True),
    View(folder="News"),
    View(folder="News", unread=True),
    View(unread=True, bookmarked=True),
    View(folder="Nothing"),
    View(source_id=99),
]


def expected(store: Store, view: View) -> list[str]:
    """The view computed the slow way, from every row."""
    folders = {s.id: s.folder for s in store.sources()}
    rows = [
        h
        for h in store.headlines(limit=100_000)
        if (not view.unread or not h.read)
        and (not view.bookmarked or h.bookmarked)
        and (view.source_id is None or h.source_id == view.source_id)
        and (view.folder is None or folders.get(h.source_id) == view.folder)
    ]
    return [h.id for h in rows]


def page_through(store: Store, view: View, limit: int) -> list[Headline]:
    pages: list[Headline] = []
    after = None
    while True:
        page = store.headlines(view, after=after, limit=limit)
        pages.extend(page)
        if len(page) < limit:
            return pages
        after = page[-1].sort_key


def test_all_rows_are_newest_first_by_time_then_id(store: Store) -> None:
    rows = store.headlines(limit=100_000)
    assert len(rows) == 1050
    keys = [h.sort_key for h in rows]
    assert keys == sorted(keys, reverse=True)
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("view", VIEWS, ids=repr)
def test_paging_covers_the_view_exactly(store: Store, view: View) -> None:
    want = expected(store, view)
    got = [h.id for h in page_through(store, view, limit=37)]
    assert got == want
    assert store.count(view) == len(want)


@pytest.mark.parametrize("view", [v for v in VIEWS[:7] if not v.bookmarked], ids=repr)
def test_headlines_before_gives_the_page_above(store: Store, view: View) -> None:
    rows = store.headlines(view, limit=100_000)
    if len(rows) < 60:
        pytest.skip("view too small")
    anchor = rows[50]
    above = store.headlines_before(view, anchor.sort_key, limit=20)
    assert [h.id for h in above] == [h.id for h in rows[30:50]]
    assert [h.id for h in store.headlines_before(view, rows[5].sort_key, limit=20)] == [h.id for h in rows[:5]]
    assert store.headlines_before(view, rows[0].sort_key, limit=20) == []


@pytest.mark.parametrize("view", VIEWS[:8], ids=repr)
def test_position_is_the_row_index(store: Store, view: View) -> None:
    rows = store.headlines(view, limit=100_000)
    for index in (0, len(rows) // 2, len(rows) - 1):
        assert store.position(view, rows[index].id) == index


def test_position_of_an_article_outside_the_view_is_none(store: Store) -> None:
    read = next(h for h in store.headlines(limit=100_000) if h.read)
    assert store.position(View(unread=True), read.id) is None
    assert store.position(View(), "0000000000000000") is None


def test_limit_and_a_key_past_the_end(store: Store) -> None:
    assert len(store.headlines(limit=5)) == 5
    assert store.headlines(limit=0) == [] and store.headlines(limit=-1) == []
    assert store.search("body", limit=-1) == [] and store.candidates(["body"], limit=0) == []
    last = store.headlines(limit=100_000)[-1]
    assert store.headlines(after=last.sort_key) == []


def test_reading_while_paging_does_not_shift_pages(store: Store) -> None:
    """Keyset paging of the unread view: marking page 1 read does not skip page 2."""
    view = View(unread=True)
    want = [h.id for h in store.headlines(view, limit=100_000)][:40]
    first = store.headlines(view, limit=20)
    store.set_read([h.id for h in first])
    try:
        second = store.headlines(view, after=first[-1].sort_key, limit=20)
        assert [h.id for h in first + second] == want
    finally:
        store.set_read([h.id for h in first], read=False)


def _plan(store: Store, sql: str, params: list) -> list[str]:
    return [row[3] for row in store._db.connection().execute("EXPLAIN QUERY PLAN " + sql, params)]


@pytest.mark.parametrize("view", VIEWS[:8], ids=repr)
@pytest.mark.parametrize("analyzed", [False, True], ids=["no-stats", "analyzed"])
def test_pages_are_index_scans_without_a_sort(tmp_path: Path, view: View, analyzed: bool) -> None:
    """First page and page N of every view: an index range, no temp b-tree, no full scan."""
    with Store(tmp_path / "plan.db") as store:
        rng = random.Random(5)
        for address, folder in SOURCES:
            source = store.add_source("feed", address, folder=folder)
            store.ingest(source.id, make_items(address, 200, rng))
        store.set_read([h.id for h in store.headlines(limit=300)])
        store.bookmark(store.headlines(limit=1)[0].id)
        if analyzed:
            store._db.connection().execute("ANALYZE")
        for key in (None, ("2026-11-10T00:00:00.000000Z", "8")):
            plan = _plan(store, *page_query(view, key, newer=False, limit=200))
            assert not any("TEMP B-TREE" in step for step in plan), plan
            assert any("USING INDEX" in step or "USING COVERING INDEX" in step for step in plan if " a " in f" {step} ")
            assert not any(step == "SCAN a" for step in plan), plan
        plan = _plan(store, *count_query(view))
        assert plan and not any("TEMP B-TREE" in step for step in plan), plan
