"""Article files with no date line sort after every dated article, by the file's
modification time among themselves, and say "file date" where the date would be:
in `list`, the app's list and search alike (one order), in the article's meta and in `show`."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from support.old_stores import add_source_as_then, ingest_batch_as_then

from newsreader.cli import main
from newsreader.dates import now_text
from newsreader.store import MIGRATIONS, Store, View
from newsreader.store.migrations import UNDATED_FILES_LAST
from newsreader.ui.widgets.article_meta import article_meta

DATED = "date 2026-02-18 The river ferry stopped for the winter on Tuesday, the Valley Courier reports.\n"
OLD_FILE = "Harbour cranes were painted blue for the festival.\n\nThe work took a week.\n"
NEW_FILE = "Harbour pilots voted to strike over night shifts.\n\nTalks resume on Monday.\n"


def write(folder: Path, name: str, text: str, when: datetime) -> Path:
    path = folder / name
    path.write_text(text, "utf-8")
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def test_undated_files_sort_after_dated_articles_by_their_file_date(tmp_path: Path, home: Path, capsys) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    write(folder, "old.txt", OLD_FILE, datetime(2024, 5, 1, tzinfo=UTC))
    write(folder, "new.txt", NEW_FILE, datetime(2025, 9, 3, tzinfo=UTC))
    write(folder, "dated.txt", DATED, datetime(2026, 12, 1, tzinfo=UTC))  # read today, dated February
    assert main(["add", str(folder)]) == 0
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["title"][:16] for a in listed] == ["The river ferry ", "Harbour pilots v", "Harbour cranes w"]
    assert [a["date"] for a in listed] == ["2026-02-18", None, None]  # a file date is no date of the article

    store = Store(next(home.rglob("*.db")))
    try:
        app_order = [h.title for h in store.headlines(View())]
        assert app_order == [a["title"] for a in listed]  # the app pages the same order
        pilots = next(h for h in store.headlines(View()) if h.title.startswith("Harbour pilots"))
        assert pilots.file_date == "2025-09-03" and pilots.date is None
        hit = next(h for h in store.search("harbour") if h.headline.id == pilots.id)
        assert hit.headline.file_date == "2025-09-03"
        assert article_meta(store.article(pilots.id)).plain.startswith("file date 3 September 2025")
        assert "file date" not in article_meta(store.article(listed[0]["id"])).plain
        assert store.prune(max_age_days=400) == 0  # a 2024 file date is no age: files go by when first read
    finally:
        store.close()

    assert main(["show", pilots.id]) == 0
    assert "file date 2025-09-03" in capsys.readouterr().out
    assert main(["show", str(folder / "old.txt")]) == 0
    assert "file date 2024-05-01" in capsys.readouterr().out


def test_a_store_of_an_older_version_moves_its_undated_files_last(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    write(tmp_path, "a.txt", OLD_FILE, datetime(2024, 5, 1, tzinfo=UTC))
    write(tmp_path, "b.txt", DATED, datetime(2024, 5, 1, tzinfo=UTC))
    with Store(
        path, migrations=MIGRATIONS[: MIGRATIONS.index(UNDATED_FILES_LAST)]
    ) as store:  # as the version before wrote it
        from newsreader.refresh import read_file

        for name in ("a.txt", "b.txt"):
            source_id = add_source_as_then(store, "file", str(tmp_path / name))
            batch = read_file(str(tmp_path / name), (tmp_path / name).read_bytes()).batch
            for article in batch.articles:  # that version sorted an undated file by when it was read
                if article.published_sort and article.published_sort.startswith("-"):
                    article.published_sort = None
            ingest_batch_as_then(store, source_id, batch, seen=now_text())
        assert [h.title[:7] for h in store.headlines()] == ["Harbour", "The riv"]
    with Store(path) as store:
        assert [h.title[:7] for h in store.headlines()] == ["The riv", "Harbour"]
        assert store.headlines()[1].file_date is not None
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
