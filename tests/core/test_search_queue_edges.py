"""The search index's queue at its edges: writes that change a row the same transaction
inserted, and an index that must stay sound whichever way a write files its rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.search_queue import FEED, article, batch, index_is_sound, titles

import newsreader
from newsreader.store import Store
from newsreader.store.bodies import BODY_PACKED
from newsreader.store.migrations import FULL_TEXT, MIGRATIONS, SEARCH_QUEUE


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "edges.db") as opened:
        yield opened


@pytest.mark.parametrize("index", [True, False])
def test_an_article_changed_by_a_later_batch_of_the_same_group(store: Store, index: bool) -> None:
    """Two batches of one ingest_many group share an article (the same source twice, or two
    sources whose articles share an origin: a moved feed and one added at its old address).
    The second finds the row the first inserted in the same transaction and changes it."""
    source = store.add_source("feed", FEED)
    store.ingest(source.id, [article(f"o{n}", f"Quay {n}", "Harbour news.") for n in range(5)])
    results = store.ingest_many(
        [
            (source.id, batch(article("a", "Quay", "Zebrafish and quokkas."))),
            (source.id, batch(article("a", "Quay", "Cranes."))),
        ],
        index=index,
    )
    assert not any(isinstance(result, Exception) for result in results), results
    store.index_pending()
    assert titles(store, "cranes") == ["Quay"] and titles(store, "zebrafish") == []
    index_is_sound(store.path)
    store.remove_source(source.id)  # each row's words leave the index once: none left behind
    assert titles(store, "cranes") == [] and titles(store, "quay") == []
    index_is_sound(store.path)


@pytest.mark.parametrize("index", [True, False])
def test_a_group_sharing_an_article_on_an_empty_store_is_written(store: Store, index: bool) -> None:
    source = store.add_source("feed", FEED)
    results = store.ingest_many(
        [(source.id, batch(article("a", "Quay", "Ferries."))), (source.id, batch(article("a", "Quay", "Cranes.")))],
        index=index,
    )
    assert not any(isinstance(result, Exception) for result in results), results
    store.index_pending()
    assert titles(store, "cranes") == ["Quay"] and titles(store, "ferries") == []
    index_is_sound(store.path)
    store.remove_source(source.id)
    index_is_sound(store.path)


def test_only_ingest_adds_articles_and_only_the_first_full_text_rebuilds_the_index() -> None:
    """A row inserted elsewhere would be neither indexed nor queued; a 'rebuild' run once rows
    can be queued would index them twice (index_pending adds them again)."""
    package = Path(newsreader.__file__).parent
    inserting, rebuilding = [], []
    for path in sorted(package.rglob("*.py")):
        text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        if re.search(r"INSERT (OR \w+ )?INTO articles\b(?!_)", text, re.IGNORECASE):
            inserting.append(path.relative_to(package).as_posix())
        if re.search(r"VALUES ?\( ?'rebuild' ?\)", text, re.IGNORECASE):
            rebuilding.append(path.relative_to(package).as_posix())
    assert inserting == ["store/ingest.py"]
    assert rebuilding == ["store/bodies.py", "store/migrations.py"]
    rebuilt = [i for i, step in enumerate(MIGRATIONS) if "'rebuild'" in step]
    assert rebuilt == [MIGRATIONS.index(FULL_TEXT), MIGRATIONS.index(BODY_PACKED)]
    assert MIGRATIONS.index(FULL_TEXT) < MIGRATIONS.index(SEARCH_QUEUE) < MIGRATIONS.index(BODY_PACKED)
    # The later one empties the queue in its own transaction, after it has indexed what was queued.
    assert BODY_PACKED.index("'rebuild'") < BODY_PACKED.index("DELETE FROM search_pending;")
