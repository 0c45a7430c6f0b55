"""Article bodies packed in one compressed column (store.bodies): read back the same, searched
the same, and a store from before packed once, its space given back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from support.old_stores import add_source_as_then, ingest_as_then

from newsreader.document.blocks import Document, Paragraph, RelatedLink, Span
from newsreader.store import MIGRATIONS, NewArticle, Store
from newsreader.store.bodies import BODY_PACKED, body_document, body_text, pack_body, register, unpack_body
from newsreader.store.database import PAGE_SIZE
from newsreader.store.documents import document_to_json

FEED = "https://example.org/feed.xml"
BEFORE = MIGRATIONS.index(BODY_PACKED)  # the migrations a store had before its bodies were packed


def item(number: int, words: str, *, related: bool = False) -> NewArticle:
    blocks: list = [Paragraph([Span(f"{words} number {number}.")])]
    if related:
        blocks.append(RelatedLink("Ferry timetable changes for winter", "Harbour Post"))
    return NewArticle(f"Story {number}", Document(blocks=blocks), FEED, guid=f"g-{number}")


def page_size(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("PRAGMA page_size").fetchone()[0])


def in_small_pages(path: Path) -> None:
    """The file in SQLite's default pages, as stores made before the larger page were."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("PRAGMA page_size = 4096")
    connection.execute("VACUUM")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.close()


def search_index_sound(store: Store) -> None:
    with store._db.writing("test") as db:  # raises when the index and the rows disagree
        db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")


@pytest.mark.parametrize(
    "document, text",
    [
        ('{"blocks":[]}', ""),
        ('{"html":"<p>Caf\\u00e9</p>"}', "Café — naïve 東京 🚢"),
        ('{"html":"x"}', "a text\x00holding a NUL\nand lines"),
    ],
)
def test_a_body_unpacks_to_what_was_packed(document: str, text: str) -> None:
    body = pack_body(document, text)
    assert body_text(body) == text
    assert unpack_body(body) == (document, text)
    assert body_text(body) == text and body_document(body) == document  # each part alone
    other = pack_body('{"blocks":[]}', "other words")
    assert body_text(other) == "other words" and body_text(body) == text


def test_a_body_of_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        unpack_body(b"\x07" + pack_body("{}", "")[1:])
    with pytest.raises(ValueError, match="unknown format"):
        body_text(b"\x07" + pack_body("{}", "")[1:])


def test_the_body_is_smaller_than_the_document_and_its_words() -> None:
    html = "<p>" + " ".join(f"word{n % 50} said the harbour master" for n in range(200)) + "</p>"
    document = document_to_json(Document(blocks=[Paragraph([Span(html)])]))
    words = " ".join(f"word{n % 50} said the harbour master" for n in range(200))
    assert len(pack_body(document, words)) < (len(document) + len(words)) / 4


def test_a_new_store_packs_bodies_in_large_pages(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Store(path) as store:
        source = store.add_source("feed", FEED)
        store.ingest(source.id, [item(1, "The harbour reopens"), item(2, "The ferry sails", related=True)])
        with store._db.reading() as db:
            columns = {row[1] for row in db.execute("PRAGMA table_xinfo(articles)")}
            stored = db.execute("SELECT typeof(body), has_related FROM articles ORDER BY title").fetchall()
        assert {"body", "has_related"} <= columns and not {"document", "text"} & columns
        assert stored == [("blob", 0), ("blob", 1)]
        (ferry,) = store.search("ferry")
        assert ferry.headline.title == "Story 2"
        assert store.links.unresolved() == [ferry.headline.id]  # the one with a related link
        search_index_sound(store)
    assert page_size(path) == PAGE_SIZE


def test_a_store_from_before_is_packed_and_compacted_once(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path, migrations=MIGRATIONS[:BEFORE]) as old:
        source_id = add_source_as_then(old, "feed", FEED)
        items = [item(n, "The harbour master spoke of tides and the ferry", related=n % 3 == 0) for n in range(60)]
        ids = ingest_as_then(old, source_id, items)
        with old._db.reading() as db:
            kept = dict(db.execute("SELECT id, document FROM articles").fetchall())
    in_small_pages(path)
    assert page_size(path) == 4096
    with Store(path) as store:
        with store._db.reading() as db:
            assert dict(db.execute("SELECT id, body_document(body) FROM articles").fetchall()) == kept
            linking = {row[0] for row in db.execute("SELECT id FROM articles WHERE has_related")}
        assert linking == {ids[n] for n in range(60) if n % 3 == 0}
        assert store.article(ids[7]).document.to_dict() == items[7].document.to_dict()
        hits = store.search("tides", limit=100)
        assert len(hits) == 60 and all("tides" in hit.snippet for hit in hits)
        search_index_sound(store)
        again = store.ingest(source_id, [item(7, "The harbour master spoke of storms")])  # changed: re-indexed
        assert again.updated == [ids[7]]
        assert [hit.headline.id for hit in store.search("storms")] == [ids[7]]
        search_index_sound(store)
    assert page_size(path) == PAGE_SIZE
    with sqlite3.connect(path) as connection:  # the old columns' pages given back
        assert connection.execute("PRAGMA freelist_count").fetchone()[0] == 0
    with Store(path):  # opened again: nothing more to do
        assert page_size(path) == PAGE_SIZE


def test_packing_goes_on_while_another_process_has_the_store_open(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with Store(path, migrations=MIGRATIONS[:BEFORE]) as old:
        ids = ingest_as_then(old, add_source_as_then(old, "feed", FEED), [item(1, "The harbour reopens")])
    in_small_pages(path)
    other = sqlite3.connect(path)  # another reader, in the middle of a read
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM articles").fetchone()
    try:
        with Store(path) as store:  # packed; the compaction waits for another day
            assert [hit.headline.id for hit in store.search("harbour")] == ids
            with store._db.reading() as db:
                assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        other.close()
    assert page_size(path) == 4096


def test_a_connection_without_the_functions_checks_and_lists_but_cannot_read_a_body(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.ingest(store.add_source("feed", FEED).id, [item(1, "The harbour reopens")])
    with sqlite3.connect(path) as plain:  # the sqlite3 shell, another tool
        assert plain.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert plain.execute("SELECT count(*), min(title) FROM articles").fetchone() == (1, "Story 1")
        with pytest.raises(sqlite3.OperationalError, match="body_text"):
            plain.execute("SELECT text FROM article_words").fetchone()
        register(plain)
        assert "harbour reopens" in plain.execute("SELECT text FROM article_words").fetchone()[0]
