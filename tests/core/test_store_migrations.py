"""Schema migrations: ordered, keyed on user_version, data kept across them."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsreader.document.blocks import Document, Paragraph, Span
from newsreader.store import MIGRATIONS, NewArticle, Store, StoreError, View
from newsreader.store.bodies import register, unpack_body
from newsreader.store.identity import article_id, prepare
from newsreader.store.schema import APPLICATION_ID, split_statements

FEED = "https://example.org/feed.xml"


def version(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA user_version").fetchone()[0]


def test_new_store_has_every_migration_and_our_application_id(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(path).close()
    assert version(path) == len(MIGRATIONS) >= 2
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_data_written_at_the_first_migration_survives_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Store(path, migrations=MIGRATIONS[:1]).close()
    assert version(path) == 1
    item = NewArticle(
        "Harbour reopens after storm",
        Document(blocks=[Paragraph([Span("The harbour master said ships may sail again.")])]),
        FEED,
        guid="g-1",
        published="2026-11-20T09:00:00Z",
    )
    prepared, keys = prepare(item, datetime.now(UTC))
    identity = article_id(prepared.origin, keys[0])
    with sqlite3.connect(path) as connection:  # as an older newsreader would have written it
        connection.execute(
            "INSERT INTO sources (id, kind, address, title, folder, added)"
            " VALUES (1, 'feed', ?, 'Old feed', 'World', '2026-11-20')",
            (FEED,),
        )
        connection.execute(
            "INSERT INTO articles (id, source_id, origin, guid, url, title, published, date, outlet, sort_time,"
            " document, text, content_hash, first_seen, updated, read, bookmarked_at)"
            " VALUES (?, 1, ?, ?, NULL, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 1, ?)",
            (
                identity, prepared.origin, prepared.guid, prepared.title, prepared.published, prepared.date,
                prepared.published_sort, *unpack_body(prepared.body), prepared.content_hash,
                "2026-11-20T09:05:00.000000Z", "2026-11-20T09:05:00.000000Z", "2026-11-21T08:00:00.000000Z",
            ),
        )  # fmt: skip
    with Store(path) as store:
        assert version(path) == len(MIGRATIONS)
        (headline,) = store.headlines()
        assert headline.id == identity and headline.read and headline.bookmarked and headline.feed == "Old feed"
        assert store.article(identity).document.to_dict() == item.document.to_dict()
        assert [hit.headline.id for hit in store.search("harbour")] == [identity]  # indexed by the migration
        assert store.count(View(bookmarked=True)) == 1
        counted = store.get_source(1)
        assert (counted.article_count, counted.unread_count) == (1, 0)  # counts filled in by the migration
        assert [h.id for h in store.headlines(View(folder="World"))] == [identity]  # folder copied to articles
        again = store.ingest(1, [item])
        assert again.unchanged == 1 and again.added == [] and again.updated == []


def test_reopening_a_current_store_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        source = store.add_source("feed", FEED)
        store.ingest(source.id, [NewArticle("T", Document(), FEED, guid="1")])
    with Store(path) as store:
        assert store.count() == 1 and version(path) == len(MIGRATIONS)


def test_a_store_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer newsreader"):
        Store(path)
    assert path.read_bytes() == before


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "half.db"
    broken = [MIGRATIONS[0], "CREATE TABLE fine (x);\nTHIS IS NOT SQL;"]
    with pytest.raises(StoreError):
        Store(path, migrations=broken)
    assert version(path) == 1
    with sqlite3.connect(path) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "fine" not in names
    Store(path).close()
    assert version(path) == len(MIGRATIONS)


def test_split_statements_keeps_triggers_whole() -> None:
    script = """
    -- a comment
    CREATE TABLE t (x);
    CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN
        INSERT INTO t VALUES (1);
        INSERT INTO t VALUES (2);
    END;
    INSERT INTO t VALUES (';');
    """
    statements = split_statements(script)
    assert len(statements) == 3
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


def test_every_migration_is_valid_sql() -> None:
    connection = sqlite3.connect(":memory:")
    register(connection)  # the functions store.bodies' migration calls
    for script in MIGRATIONS:
        for statement in split_statements(script):
            assert sqlite3.complete_statement(statement)
            connection.execute(statement)
