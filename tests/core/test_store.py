"""The store's core: sources, idempotent ingest, articles, read state, bookmarks, related, retention."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from support.paths import REPO

from benchmarks.data import generated_articles
from newsreader.document.blocks import Document, Paragraph, RelatedLink, Span
from newsreader.store import Article, Headline, NewArticle, Store, StoreError, View

FEED = "https://example.org/feed.xml"


def doc(text: str, **meta) -> Document:
    return Document(blocks=[Paragraph([Span(text)])], **meta)


def item(title: str, text: str = "Body text.", *, guid: str | None = None, url: str | None = None,
         published: str | None = None, origin: str = FEED, **meta) -> NewArticle:  # fmt: skip
    return NewArticle(title, doc(text, **meta), origin, guid=guid, url=url, published=published)


@pytest.fixture
def store(tmp_path: Path):
    opened = Store(tmp_path / "store.db")
    yield opened
    opened.close()


@pytest.fixture
def feed(store: Store):
    return store.add_source("feed", FEED, "Example Feed")


# -- sources -------------------------------------------------------------------


def test_add_source_is_idempotent_on_address(store: Store) -> None:
    first = store.add_source("feed", FEED, "Example", folder="News")
    again = store.add_source("feed", FEED, "Other title")
    assert again.id == first.id and again.title == "Example" and again.folder == "News"
    assert [s.id for s in store.sources()] == [first.id]
    assert first.added and first.last_status is None


def test_add_source_refuses_unknown_kind(store: Store) -> None:
    with pytest.raises(ValueError):
        store.add_source("podcast", FEED)


def test_get_find_and_update_source(store: Store, feed) -> None:
    assert store.get_source(feed.id).address == FEED
    assert store.find_source(FEED).id == feed.id
    assert store.find_source("nope") is None and store.get_source(999) is None
    store.update_source(feed.id, etag='"abc"', last_status="ok", last_refreshed="2026-11-25T10:00:00Z", title="T")
    updated = store.get_source(feed.id)
    assert (updated.etag, updated.last_status, updated.title) == ('"abc"', "ok", "T")
    with pytest.raises(ValueError):
        store.update_source(feed.id, kind="file")


def test_update_source_address_clash_is_store_error(store: Store, feed) -> None:
    other = store.add_source("feed", "https://other.example/feed")
    with pytest.raises(StoreError, match="already has the address"):
        store.update_source(other.id, address=FEED)


def test_sources_carry_article_and_unread_counts(store: Store, feed) -> None:
    other = store.add_source("file", "/tmp/a.txt")
    result = store.ingest(feed.id, [item("One", guid="1"), item("Two", guid="2"), item("Three", guid="3")])
    store.set_read(result.added[:1])
    counts = {s.id: (s.article_count, s.unread_count) for s in store.sources()}
    assert counts == {feed.id: (3, 2), other.id: (0, 0)}
    assert store.get_source(feed.id).unread_count == 2
    assert store.unread_total() == 2


def test_remove_source_keeps_bookmarked_articles(store: Store, feed) -> None:
    result = store.ingest(feed.id, [item("Kept", guid="k"), item("Gone", guid="g")])
    kept, gone = result.added
    store.bookmark(kept)
    store.remove_source(feed.id)
    assert store.get_source(feed.id) is None
    assert store.article(gone) is None
    survivor = store.article(kept)
    assert survivor is not None and survivor.source_id is None and survivor.bookmarked
    assert [h.id for h in store.bookmarks()] == [kept]


def test_remove_source_says_what_went_and_what_stayed(store: Store, feed) -> None:
    kept, gone, linked = store.ingest(
        feed.id, [item("Kept", guid="k"), item("Gone", guid="g"), item("Linked", guid="l")]
    ).added
    store.bookmark(kept)
    store.links.set_targets(kept, [linked])
    name = store.get_source(feed.id).name
    removed = store.remove_source(feed.id)
    assert (removed.name, removed.removed, removed.kept, removed.linked) == (name, 1, 1, 1)
    assert store.headlines()[0].source == name  # a kept copy still names where it came from
    assert store.remove_source(feed.id) is None


def test_rename_source_sets_a_title_and_refuses_an_empty_one(store: Store, feed) -> None:
    assert store.rename_source(feed.id, "  Mine\x1b[31m ") is True
    assert store.get_source(feed.id).title == "Mine"
    with pytest.raises(ValueError):
        store.rename_source(feed.id, " \u200b ")
    assert store.get_source(feed.id).title == "Mine"
    assert store.rename_source(feed.id + 100, "Other") is False


# -- ingest --------------------------------------------------------------------


def test_same_article_twice_is_one_row(store: Store, feed) -> None:
    first = store.ingest(feed.id, [item("Hello", guid="g1")])
    second = store.ingest(feed.id, [item("Hello", guid="g1")])
    assert len(first.added) == 1 and not first.updated
    assert second.added == [] and second.updated == [] and second.unchanged == 1
    assert store.count() == 1


def test_changed_article_is_updated_in_place_keeping_read_and_bookmark(store: Store, feed) -> None:
    (article_id,) = store.ingest(feed.id, [item("Hello", "Old body", guid="g1")]).added
    store.set_read([article_id])
    store.bookmark(article_id)
    store.links.set_targets(article_id, [None])
    result = store.ingest(feed.id, [item("Hello again", "New body", guid="g1")])
    assert result.updated == [article_id] and result.added == []
    article = store.article(article_id)
    assert article.title == "Hello again" and "New body" in article.text
    assert article.read and article.bookmarked
    assert store.count() == 1
    assert [h.headline.id for h in store.search("new")] == [article_id]
    assert store.search("old") == []
    assert store.links.targets(article_id) == []  # to be resolved again against the new links


def test_identity_falls_back_from_guid_to_url_to_content(store: Store, feed) -> None:
    by_url = store.ingest(feed.id, [item("A", url="https://example.org/a")]).added
    assert store.ingest(feed.id, [item("A edited", url="https://example.org/a")]).updated == by_url
    by_content = store.ingest(feed.id, [item("No keys", "Same")]).added
    assert store.ingest(feed.id, [item("No keys", "Same")]).unchanged == 1
    assert store.ingest(feed.id, [item("No keys", "Changed")]).added != by_content
    assert store.count() == 3


def test_ids_are_short_stable_hashes_of_origin_and_key(tmp_path: Path) -> None:
    ids = []
    for name in ("a.db", "b.db"):
        with Store(tmp_path / name) as store:
            source = store.add_source("feed", FEED)
            ids.append(store.ingest(source.id, [item("Hello", guid="g1")]).added[0])
    assert ids[0] == ids[1] and len(ids[0]) == 16 and int(ids[0], 16) >= 0
    with Store(tmp_path / "c.db") as store:
        source = store.add_source("feed", "https://elsewhere.example/feed")
        other = store.ingest(source.id, [item("Hello", guid="g1", origin="https://elsewhere.example/feed")]).added
    assert other[0] != ids[0]


def test_duplicate_guids_within_one_feed_stay_distinct_articles(store: Store, feed) -> None:
    batch = [
        item("First", "one", guid="same", url="https://example.org/1"),
        item("Second", "two", guid="same", url="https://example.org/2"),
        item("Third", "three", guid="same"),
        item("First", "one", guid="same", url="https://example.org/1"),  # an exact repeat
    ]
    result = store.ingest(feed.id, batch)
    assert len(result.added) == 3 and result.unchanged == 1
    again = store.ingest(feed.id, batch)
    assert again.added == [] and again.updated == [] and again.unchanged == 4
    assert store.count() == 3


def test_empty_ingest_deletes_nothing(store: Store, feed) -> None:
    store.ingest(feed.id, [item("One", guid="1"), item("Two", guid="2")])
    result = store.ingest(feed.id, [])
    assert result.added == [] and result.updated == [] and result.unchanged == 0
    assert store.ingest(feed.id, [item("Two", guid="2")]).unchanged == 1
    assert store.count() == 2


def test_ingest_into_unknown_source_is_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no source"):
        store.ingest(42, [item("x", guid="x")])


def test_ingest_in_many_chunks_keeps_feed_order_of_undated_items(store: Store, feed) -> None:
    items = [item(f"Item {n}", f"text {n}", guid=str(n)) for n in range(1203)]
    result = store.ingest(feed.id, items)
    assert len(result.added) == 1203
    titles = [h.title for h in store.headlines(limit=5)]
    assert titles == ["Item 0", "Item 1", "Item 2", "Item 3", "Item 4"]


def test_ingest_many_writes_each_sources_batch_and_counts_it(store: Store) -> None:
    from newsreader.store import prepare_batch

    one = store.add_source("feed", "https://one.example/feed")
    two = store.add_source("feed", "https://two.example/feed")
    first = prepare_batch([item("A", guid="a", origin=one.address), item("B", guid="b", origin=one.address)])
    second = prepare_batch([item("C", guid="c", origin=two.address)])
    results = store.ingest_many([(one.id, first), (two.id, second)])
    assert [len(r.added) for r in results] == [2, 1]
    assert {s.id: s.article_count for s in store.sources()} == {one.id: 2, two.id: 1}
    changed = prepare_batch(
        [item("A", "new text", guid="a", origin=one.address), item("B", guid="b", origin=one.address)]
    )
    again = store.ingest_many([(one.id, changed), (two.id, second)])
    assert (len(again[0].updated), again[0].unchanged, again[1].unchanged) == (1, 1, 1)
    assert [hit.headline.title for hit in store.search("new text")] == ["A"]  # the search index is written with them


def test_ingest_many_a_missing_source_fails_alone(store: Store, feed) -> None:
    from newsreader.store import prepare_batch

    other = store.add_source("feed", "https://two.example/feed")
    batches = [(feed.id, prepare_batch([item("A", guid="a")])), (999, prepare_batch([item("Lost", guid="l")])),
               (other.id, prepare_batch([item("C", guid="c", origin=other.address)]))]  # fmt: skip
    results = store.ingest_many(batches)
    assert len(results[0].added) == 1 and len(results[2].added) == 1
    assert isinstance(results[1], StoreError) and "no source" in str(results[1])
    assert sorted(h.title for h in store.headlines()) == ["A", "C"]


def test_ingest_many_writes_small_batches_together_and_large_ones_alone(store: Store, feed) -> None:
    from newsreader.store import prepare_batch
    from newsreader.store.store import INGEST_CHUNK

    writes = []  # write transactions begun
    store._db.connection().set_trace_callback(
        lambda sql: writes.append(sql) if sql.strip() == "BEGIN IMMEDIATE" else None
    )
    big = prepare_batch([item(f"Big {n}", f"text {n}", guid=f"big{n}") for n in range(INGEST_CHUNK + 7)])
    small = [prepare_batch([item(f"S{k}-{n}", guid=f"s{k}-{n}") for n in range(INGEST_CHUNK // 3)]) for k in range(4)]
    results = store.ingest_many([(feed.id, small[0]), (feed.id, big), *[(feed.id, b) for b in small[1:]]])
    assert [len(r.added) for r in results] == [INGEST_CHUNK // 3, INGEST_CHUNK + 7] + [INGEST_CHUNK // 3] * 3
    assert store.count() == INGEST_CHUNK + 7 + 4 * (INGEST_CHUNK // 3)
    # the big one: 2 chunks; the four small ones (a third of a chunk each): 3 together, then 1
    assert len(writes) == 2 + 2


def test_ingest_many_a_failed_transaction_is_the_error_of_its_sources_only(store: Store, monkeypatch) -> None:
    from newsreader.store import prepare_batch
    from newsreader.store.store import INGEST_CHUNK

    one = store.add_source("feed", "https://one.example/feed")
    two = store.add_source("feed", "https://two.example/feed")
    half = INGEST_CHUNK // 2 + 1  # two of these do not fit one transaction
    first = prepare_batch([item(f"A{n}", guid=f"a{n}", origin=one.address) for n in range(half)])
    second = prepare_batch([item(f"B{n}", guid=f"b{n}", origin=two.address) for n in range(half)])
    real = Store._write_whole

    def failing(db, source_id, batch):
        if source_id == two.id:
            raise MemoryError("out of memory")
        return real(db, source_id, batch)

    monkeypatch.setattr(Store, "_write_whole", staticmethod(failing))
    results = store.ingest_many([(one.id, first), (two.id, second)])
    assert len(results[0].added) == half
    assert isinstance(results[1], MemoryError)
    assert {s.id: s.article_count for s in store.sources()} == {one.id: half, two.id: 0}


def test_outside_text_is_cleaned_on_the_way_in(store: Store, feed) -> None:
    (article_id,) = store.ingest(feed.id, [item("Evil \x1b[31mred\x1b[0m\x07 title", guid="e")]).added
    assert store.article(article_id).title == "Evil red title"


def test_published_times_sort_across_time_zones(store: Store, feed) -> None:
    store.ingest(
        feed.id,
        [
            item("Paris 11:30", guid="p", published="2026-11-20T11:30:00+01:00"),  # 10:30 UTC
            item("UTC 10:45", guid="u", published="2026-11-20T10:45:00Z"),
            item("New York 05:00", guid="n", published="2026-11-20T05:00:00-05:00"),  # 10:00 UTC
        ],
    )
    assert [h.title for h in store.headlines()] == ["UTC 10:45", "Paris 11:30", "New York 05:00"]


def test_headline_json_has_the_cli_shape(store: Store, feed) -> None:
    (article_id,) = store.ingest(
        feed.id,
        [item("Title", guid="g", url="https://example.org/t", published="2026-11-20T10:00:00+02:00", source="Outlet")],
    ).added
    (headline,) = store.headlines()
    assert isinstance(headline, Headline)
    assert headline.to_json() == {
        "id": article_id,
        "title": "Title",
        "date": "2026-11-20",
        "published": "2026-11-20T10:00:00+02:00",
        "source": "Outlet",
        "feed": "Example Feed",
        "origin": FEED,
        "url": "https://example.org/t",
        "read": False,
        "bookmarked": False,
    }


def test_source_falls_back_to_feed_title_and_date_to_document_date(store: Store, feed) -> None:
    store.ingest(feed.id, [item("Undated", guid="u", date="2026-03-04")])
    (headline,) = store.headlines()
    assert headline.source == "Example Feed" and headline.date == "2026-03-04" and headline.published is None


# -- articles ------------------------------------------------------------------


def test_article_round_trips_its_document(store: Store, feed) -> None:
    document = Document(
        title="T",
        blocks=[Paragraph([Span("Hi "), Span("there", "quote", speaker="Ann")]), RelatedLink("Other", "Src")],
        source="Outlet",
    )
    (article_id,) = store.ingest(feed.id, [NewArticle("T", document, FEED, guid="x")]).added
    article = store.article(article_id)
    assert isinstance(article, Article)
    assert article.document.to_dict() == document.to_dict()
    assert article.text == document.plain_text()
    assert article.full_document is None
    assert store.article("0000000000000000") is None


def test_article_by_url(store: Store, feed) -> None:
    (article_id,) = store.ingest(feed.id, [item("T", guid="x", url="https://example.org/x")]).added
    assert store.article_by_url("https://example.org/x") == article_id
    assert store.article_by_url("https://example.org/none") is None


def test_full_document_is_kept(store: Store, feed) -> None:
    (article_id,) = store.ingest(feed.id, [item("T", guid="x")]).added
    whole = doc("The whole text, fetched.")
    store.set_full_document(article_id, whole)
    assert store.article(article_id).full_document.to_dict() == whole.to_dict()


# -- read state and bookmarks --------------------------------------------------


def test_set_read_and_unread(store: Store, feed) -> None:
    ids = store.ingest(feed.id, [item(str(n), guid=str(n)) for n in range(5)]).added
    store.set_read(ids[:3])
    assert store.unread_total() == 2
    store.set_read(ids[:1], read=False)
    assert store.unread_total() == 3
    store.set_read([])
    assert store.article(ids[1]).read and not store.article(ids[0]).read


def test_mark_view_read(store: Store, feed) -> None:
    other = store.add_source("feed", "https://other.example/feed")
    store.ingest(feed.id, [item(str(n), guid=str(n)) for n in range(4)])
    store.ingest(other.id, [item(str(n), guid=str(n), origin=other.address) for n in range(3)])
    assert store.mark_view_read(View(source_id=feed.id)) == 4
    assert store.mark_view_read(View(source_id=feed.id)) == 0
    assert store.unread_total() == 3
    assert store.mark_view_read(View()) == 3


def test_bookmarks_newest_kept_first(store: Store, feed) -> None:
    ids = store.ingest(feed.id, [item(str(n), guid=str(n)) for n in range(3)]).added
    assert store.bookmark(ids[2]) and store.bookmark(ids[0])
    assert store.bookmark(ids[2])  # already kept: still True, place unchanged
    assert [h.id for h in store.bookmarks()] == [ids[0], ids[2]]
    assert store.bookmark("ffffffffffffffff") is False
    assert store.unbookmark(ids[0]) is True and store.unbookmark(ids[0]) is False
    assert [h.id for h in store.bookmarks()] == [ids[2]]
    assert [h.bookmarked for h in store.headlines()] == [False, False, True]


# -- related -------------------------------------------------------------------


def test_related_targets_round_trip_and_fill_the_document(store: Store, feed) -> None:
    document = Document(blocks=[RelatedLink("A"), RelatedLink("B"), RelatedLink("C")])
    (article_id,) = store.ingest(feed.id, [NewArticle("With links", document, FEED, guid="r")]).added
    (target,) = store.ingest(feed.id, [item("Target", guid="t")]).added
    assert store.links.targets(article_id) == []
    store.links.set_targets(article_id, [None, target, None])
    assert store.links.targets(article_id) == [None, target, None]
    assert [link.target for link in store.article(article_id).document.related_links] == [None, target, None]
    store.links.set_targets(article_id, [target])
    assert store.links.targets(article_id) == [target]


def test_related_target_that_was_removed_reads_as_none(store: Store, feed) -> None:
    other = store.add_source("feed", "https://other.example/feed")
    (article_id,) = store.ingest(feed.id, [item("Links", guid="r")]).added
    (target,) = store.ingest(other.id, [item("Target", guid="t", origin=other.address)]).added
    store.links.set_targets(article_id, [target])
    store.remove_source(other.id)
    assert store.links.targets(article_id) == [None]


def test_candidates_or_query_ranked(store: Store, feed) -> None:
    store.ingest(
        feed.id,
        [
            item("Budget vote in parliament", "The budget passed.", guid="1"),
            item("Weather", "Rain and budget cuts to forecasts.", guid="2"),
            item("Sports", "Nothing here.", guid="3"),
        ],
    )
    found = [h.title for h in store.candidates(["budget", "parliament", 'junk "quote'])]
    assert found[0] == "Budget vote in parliament" and "Sports" not in found and len(found) == 2
    assert store.candidates([]) == [] and store.candidates(["***", "-"]) == []


# -- retention -----------------------------------------------------------------


def test_prune_by_count_and_age_never_bookmarks(store: Store, feed) -> None:
    items = [item(f"Old {n}", guid=f"o{n}", published=f"2020-01-{n + 1:02d}T00:00:00Z") for n in range(5)]
    items += [item(f"New {n}", guid=f"n{n}") for n in range(5)]
    ids = store.ingest(feed.id, items).added
    store.bookmark(ids[0])  # the oldest
    assert store.prune(0, 0) == 0
    assert store.prune(max_age_days=30, max_articles_per_source=0) == 4
    assert store.count() == 6
    assert store.prune(max_age_days=0, max_articles_per_source=2) == 3
    remaining = {h.title for h in store.headlines()}
    assert remaining == {"New 0", "New 1", "Old 0"}
    store.vacuum()
    assert store.count() == 3 and len(store.search("old")) == 1


def test_prune_by_count_touches_only_the_sources_over_the_limit(store: Store, feed) -> None:
    other = store.add_source("feed", "https://other.example.org/feed.xml")
    big = store.ingest(
        feed.id, [item(f"Big {n}", guid=f"b{n}", published=f"2024-01-{n + 1:02d}T00:00:00Z") for n in range(4)]
    )
    store.ingest(
        other.id, [item(f"Small {n}", guid=f"s{n}", published=f"2020-01-{n + 1:02d}T00:00:00Z") for n in range(2)]
    )
    store.bookmark(big.added[0])  # "Big 0", the oldest of the big source
    assert store.prune(max_articles_per_source=2) == 1  # "Big 1"; the kept one stays, the small source is at its limit
    assert {h.title for h in store.headlines()} == {"Big 3", "Big 2", "Big 0", "Small 0", "Small 1"}
    assert store.prune(max_articles_per_source=2) == 0
    assert store.get_source(feed.id).article_count == 3 and store.get_source(other.id).article_count == 2


def test_prune_removes_articles_left_without_a_source(store: Store, feed) -> None:
    (article_id,) = store.ingest(feed.id, [item("Kept", guid="k")]).added
    store.bookmark(article_id)
    store.remove_source(feed.id)
    store.unbookmark(article_id)
    assert store.prune() == 1 and store.count() == 0


# -- threads and memory --------------------------------------------------------


def test_memory_store_is_shared_by_threads() -> None:
    with Store(":memory:") as store:
        source = store.add_source("feed", FEED)
        errors: list[BaseException] = []

        def work(start: int) -> None:
            try:
                store.ingest(source.id, generated_articles(50, FEED, start=start, body_bytes=200))
                store.headlines(limit=10)
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=work, args=(n * 50,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors and store.count() == 200


def test_file_store_threads_each_get_a_connection(store: Store, feed) -> None:
    seen: list[int] = []

    def work(start: int) -> None:
        store.ingest(feed.id, generated_articles(100, FEED, start=start, body_bytes=200))
        seen.append(store.count())

    threads = [threading.Thread(target=work, args=(n * 100,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4 and store.count() == 400


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.sources()


def test_pruned_articles_do_not_come_back_from_a_feed_still_listing_them(store: Store, feed) -> None:
    old = item("Old", guid="old", published="2020-01-01T00:00:00Z")
    fresh = item("Fresh", guid="fresh")
    store.ingest(feed.id, [old, fresh])
    assert store.prune(max_age_days=30) == 1
    again = store.ingest(feed.id, [old, fresh])
    assert again.added == [] and again.unchanged == 2
    assert [h.title for h in store.headlines()] == ["Fresh"]


def test_a_date_in_the_future_does_not_pin_an_article_to_the_top(store: Store, feed) -> None:
    store.ingest(feed.id, [item("From the future", guid="f", published="2099-01-01T00:00:00Z")])
    store.ingest(feed.id, [item("Later arrival", guid="l")])
    headlines = store.headlines()
    assert [h.title for h in headlines] == ["Later arrival", "From the future"]
    assert headlines[1].published == "2099-01-01T00:00:00+00:00" and headlines[1].date == "2099-01-01"


def test_rfc822_published_is_understood(store: Store, feed) -> None:
    store.ingest(feed.id, [item("RSS date", guid="r", published="Tue, 24 Nov 2026 10:00:00 +0200")])
    (headline,) = store.headlines()
    assert headline.published == "2026-11-24T10:00:00+02:00" and headline.date == "2026-11-24"


def test_connections_of_finished_threads_are_reclaimed(store: Store, feed) -> None:
    def read() -> None:
        store.headlines(limit=1)

    for _ in range(30):
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    store.headlines(limit=1)
    assert store._db.open_connections() <= 3


def test_source_text_from_outside_is_cleaned(store: Store) -> None:
    source = store.add_source("feed", "  https://x.example/feed ", "Evil\x1b]0;title\x07 Feed\n", folder="\u202eNews")
    assert (source.address, source.title, source.folder) == ("https://x.example/feed", "Evil Feed", "News")
    store.update_source(source.id, last_error="HTTP 500: \x1b[2Jboom", last_status="error")
    assert store.get_source(source.id).last_error == "HTTP 500: boom"


def test_the_store_does_not_import_textual() -> None:
    import subprocess
    import sys

    code = "import sys, newsreader.store, benchmarks.data; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_folder_views_follow_sources_between_folders(store: Store) -> None:
    a = store.add_source("feed", "https://a.example/feed", folder="World")
    b = store.add_source("feed", "https://b.example/feed")
    store.ingest(a.id, [item("A1", guid="1", origin=a.address), item("A2", guid="2", origin=a.address)])
    (b1,) = store.ingest(b.id, [item("B1", guid="1", origin=b.address)]).added
    assert {h.title for h in store.headlines(View(folder="World"))} == {"A1", "A2"}
    store.update_source(b.id, folder="World")
    store.update_source(a.id, folder="Sport")
    assert [h.title for h in store.headlines(View(folder="World"))] == ["B1"]
    assert store.count(View(folder="Sport")) == 2 and store.count(View(folder="World", unread=True)) == 1
    store.bookmark(b1)
    store.remove_source(b.id)
    assert store.headlines(View(folder="World")) == []
    c = store.add_source("feed", b.address, folder="Kept")  # the same feed again adopts its bookmark
    assert store.ingest(c.id, [item("B1", guid="1", origin=b.address)]).unchanged == 1
    assert [h.id for h in store.headlines(View(folder="Kept"))] == [b1]


def test_random_operations_keep_the_store_consistent(tmp_path: Path) -> None:
    """Counts, folders and the search index agree with the rows after any mix of operations."""
    import random

    rng = random.Random(11)
    with Store(tmp_path / "mixed.db") as store:
        sources = [
            store.add_source("feed", f"https://{n}.example/feed", folder=rng.choice([None, "A", "B"])) for n in range(4)
        ]
        for step in range(120):
            source = rng.choice(sources)
            action = rng.randrange(7)
            if action <= 2:
                items = [
                    item(
                        f"T{rng.randrange(30)}",
                        f"body {rng.randrange(5)}",
                        guid=str(rng.randrange(30)),
                        origin=source.address,
                    )
                    for _ in range(rng.randrange(1, 8))
                ]
                store.ingest(source.id, items)
            ids = [h.id for h in store.headlines(limit=10_000)]
            if action == 3 and ids:
                store.set_read(rng.sample(ids, min(len(ids), 5)), read=rng.random() < 0.7)
            elif action == 4 and ids:
                store.bookmark(rng.choice(ids))
            elif action == 5:
                store.update_source(source.id, folder=rng.choice([None, "A", "B"]))
            elif action == 6 and rng.random() < 0.3:
                store.remove_source(source.id)
                sources.remove(source)
                sources.append(store.add_source("feed", source.address + f"/{step}"))
            if step % 20 == 0:
                store.prune(max_articles_per_source=rng.randrange(3, 12))
        db = store._db.connection()
        db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        stale = db.execute(
            "SELECT count(*) FROM articles AS a LEFT JOIN sources AS s ON s.id = a.source_id"
            " WHERE a.folder IS NOT s.folder"
        ).fetchone()[0]
        assert stale == 0
        listed = store.sources()
        totals = dict(db.execute("SELECT source_id, count(*) FROM articles GROUP BY source_id"))
        unread = dict(db.execute("SELECT source_id, count(*) FROM articles WHERE read = 0 GROUP BY source_id"))
        assert {s.id: (s.article_count, s.unread_count) for s in listed} == {
            s.id: (totals.get(s.id, 0), unread.get(s.id, 0)) for s in listed
        }
        orphans = db.execute("SELECT count(*) FROM articles WHERE source_id IS NULL").fetchone()[0]
        assert sum(s.article_count for s in listed) + orphans == store.count()
        unread_orphans = db.execute("SELECT count(*) FROM articles WHERE source_id IS NULL AND read = 0").fetchone()[0]
        assert sum(s.unread_count for s in listed) + unread_orphans == store.unread_total()
        for word in ("body", "t1", "0"):
            expected = db.execute(
                "SELECT count(*) FROM articles WHERE title || ' ' || body_text(body) LIKE ?", (f"%{word}%",)
            )
            assert len(store.search(word, limit=10_000)) <= expected.fetchone()[0]
        assert len(store.search("body", limit=10_000)) == store.count()


def test_whole_text_attempts_are_recorded(store: Store, feed) -> None:
    kept, other = store.ingest(feed.id, [item("Kept", guid="k"), item("Other", guid="o")]).added
    store.bookmark(kept)
    assert store.kept_needing_text() == [kept]
    article = store.article(kept)
    assert article.full_error is None and article.full_attempted is None
    store.set_full_error(kept, "HTTP 503 Service Unavailable\x1b[2J")
    article = store.article(kept)
    assert article.full_error == "HTTP 503 Service Unavailable" and article.full_attempted
    assert store.kept_needing_text() == [kept]  # still wanted: retried later
    store.set_full_document(kept, doc("The whole text."))
    store.set_full_error(kept, None)
    assert store.article(kept).full_error is None
    assert store.kept_needing_text() == []


def test_stories_a_bookmark_links_to_are_kept_with_it(store: Store, feed) -> None:
    other = store.add_source("feed", "https://other.example/feed")
    (kept,) = store.ingest(feed.id, [item("Kept", guid="k", published="2020-01-02T00:00:00Z")]).added
    (linked,) = store.ingest(
        other.id, [item("Linked", guid="l", origin=other.address, published="2020-01-01T00:00:00Z")]
    ).added
    (loose,) = store.ingest(
        other.id, [item("Loose", guid="x", origin=other.address, published="2020-01-01T00:00:00Z")]
    ).added
    store.links.set_targets(kept, [linked])
    store.bookmark(kept)
    assert store.prune(max_age_days=30) == 1 and store.article(loose) is None
    store.remove_source(other.id)
    store.prune(max_age_days=30, max_articles_per_source=1)
    assert store.article(linked) is not None and store.links.targets(kept) == [linked]
    store.unbookmark(kept)
    store.prune()
    assert store.article(linked) is None and store.article(kept) is not None  # kept's source still exists


def test_a_bare_date_sorts_but_is_no_publication_time(store: Store, feed) -> None:
    store.ingest(
        feed.id,
        [
            item("Dated by the item", guid="a", published="2026-03-04"),
            item("Dated by the document", guid="b", date="2026-03-05"),
            item("Timed", guid="c", published="2026-03-04T12:00:00Z"),
        ],
    )
    rows = [(h.title, h.date, h.published) for h in store.headlines()]
    assert rows == [
        ("Dated by the document", "2026-03-05", None),
        ("Timed", "2026-03-04", "2026-03-04T12:00:00+00:00"),
        ("Dated by the item", "2026-03-04", None),
    ]


def test_search_while_typing_takes_the_last_word_as_a_prefix(store: Store, feed) -> None:
    from newsreader.store.fts import last_word_as_prefix

    store.ingest(
        feed.id,
        [
            item("Bangladesh votes", "Dhaka counts ballots.", guid="b"),
            item("Bangles and beads", "A craft fair.", guid="c"),
        ],
    )
    assert store.search("bangl") == []  # the CLI's syntax: whole words, prefix* when asked
    assert {h.headline.title for h in store.search("bangl", typing=True)} == {"Bangladesh votes", "Bangles and beads"}
    assert [h.headline.title for h in store.search("dhaka bangla", typing=True)] == ["Bangladesh votes"]
    assert [h.headline.title for h in store.search("bangla*")] == ["Bangladesh votes"]
    for typed in ('"bangla', "bangla OR", "bangla AND (", "NEAR(", '"', "'; DROP TABLE articles; --", "bangla -", "x:"):
        store.search(typed, typing=True)  # no error, whatever FTS5 makes of it
    assert store.count() == 2
    assert last_word_as_prefix("bangl") == "bangl*"
    assert last_word_as_prefix("bangla ") == "bangla "
    assert last_word_as_prefix("tram OR") == "tram OR"
    assert last_word_as_prefix('"new tra') == '"new tra"*'
    assert last_word_as_prefix("tram*") == "tram*"
