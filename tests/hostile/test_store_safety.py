"""The store under stress: two processes, kill -9, foreign and corrupt files, read-only, full disk, locks."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support.paths import REPO

from benchmarks.data import generated_articles
from newsreader.store import Store, StoreError

FEED = "https://example.org/feed"
BATCH = 100  # articles per ingest call: one transaction each (below INGEST_CHUNK)

# Ingests BATCH-sized batches into the store at argv[1], numbering from argv[2], argv[3] times (0: forever),
# printing the number of batches committed after each.
WRITER = textwrap.dedent(
    f"""
    import sys
    from benchmarks.data import generated_articles
    from newsreader.store import Store
    store = Store(sys.argv[1])
    source = store.add_source("feed", {FEED!r})
    start, times = int(sys.argv[2]), int(sys.argv[3])
    done = 0
    while times == 0 or done < times:
        store.ingest(source.id, generated_articles({BATCH}, {FEED!r}, start=start + done * {BATCH}, body_bytes=1500))
        done += 1
        print(done, flush=True)
    store.close()
    """
)


def start_writer(path: Path, start: int = 0, times: int = 0) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(start), str(times)],
        cwd=REPO,  # where the benchmarks package (the article generator) is
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def consistent_counts(path: Path) -> tuple[int, int]:
    """(articles, articles the search index finds by a word every generated article has), in one snapshot."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("BEGIN")
        articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        indexed = connection.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'report'").fetchone()[
            0
        ]
        connection.execute("COMMIT")
        return articles, indexed
    finally:
        connection.close()


# -- two processes -------------------------------------------------------------


def test_reader_pages_while_another_process_ingests(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    Store(path).close()
    writer = start_writer(path, times=25)
    reader = Store(path)
    seen_counts = set()
    try:
        while writer.poll() is None:
            with reader._db.reading() as db:  # one snapshot: count and index must agree
                articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
                indexed = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'report'").fetchone()[
                    0
                ]
            assert articles == indexed
            assert articles % BATCH == 0, "saw half a batch"
            seen_counts.add(articles)
            page = reader.headlines(limit=200)
            assert len(page) <= 200
            if page:
                reader.headlines(after=page[-1].sort_key, limit=200)
                reader.search("report")
    finally:
        _, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors
    assert reader.count() == 25 * BATCH
    assert len(seen_counts) > 1, "the reader never saw the writer's progress"
    reader.close()


def test_two_processes_writing_at_once_both_finish(tmp_path: Path) -> None:
    path = tmp_path / "two-writers.db"
    writers = [start_writer(path, start=n * 100_000, times=10) for n in range(2)]
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    with Store(path) as store:
        assert store.count() == 2 * 10 * BATCH
        assert len(store.sources()) == 1


def test_processes_creating_a_new_store_at_once(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    writers = [start_writer(path, start=n * 1000, times=1) for n in range(4)]
    for writer in writers:
        _, errors = writer.communicate(timeout=60)
        assert writer.returncode == 0, errors
    assert consistent_counts(path) == (4 * BATCH, 4 * BATCH)


# -- kill -9 -------------------------------------------------------------------


def test_kill_during_ingest_keeps_every_committed_batch(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    writer = start_writer(path)
    committed = 0
    assert writer.stdout is not None
    while committed < 8:
        line = writer.stdout.readline()
        assert line, writer.stderr.read() if writer.stderr else "writer died"
        committed = int(line)
    time.sleep(0.05)  # let it get into the middle of the next batch
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    with Store(path) as store:
        connection = store._db.connection()
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        connection.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        articles = store.count()
    assert articles >= committed * BATCH and articles % BATCH == 0
    assert consistent_counts(path) == (articles, articles)


# -- foreign and damaged files -------------------------------------------------


@contextmanager
def unchanged(path: Path, *, nothing_beside: bool = True) -> Iterator[None]:
    before = path.read_bytes()
    neighbours = set(path.parent.iterdir())
    yield
    assert path.read_bytes() == before
    if nothing_beside:
        assert set(path.parent.iterdir()) == neighbours, "left -wal/-shm files beside a file that is not ours"


def test_random_bytes_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "random.db"
    path.write_bytes(os.urandom(8192))
    with unchanged(path), pytest.raises(StoreError, match="not a newsreader store"):
        Store(path)


def test_a_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my shopping list\n" * 50)
    with unchanged(path), pytest.raises(StoreError, match="not a newsreader store"):
        Store(path)


@pytest.mark.parametrize("user_version", [0, 2])
def test_another_programs_database_is_refused_untouched(tmp_path: Path, user_version: int) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO customers (name) VALUES ('Ada')")
        connection.execute(f"PRAGMA user_version = {user_version}")
    connection.close()
    with unchanged(path), pytest.raises(StoreError, match="another program"):
        Store(path)


def test_a_damaged_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    with Store(path) as store:
        source = store.add_source("feed", FEED)
        store.ingest(source.id, generated_articles(50, FEED, body_bytes=500))
        store.vacuum()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    data = bytearray(path.read_bytes())
    data[100:4096] = os.urandom(3996)  # page 1 after the header: the schema
    path.write_bytes(bytes(data))
    # SQLite reads a WAL-mode file through (new, empty) -wal and -shm files; the file itself stays as it was.
    with unchanged(path, nothing_beside=False), pytest.raises(StoreError, match="damaged"):
        Store(path)


def test_a_truncated_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "truncated.db"
    with Store(path) as store:
        source = store.add_source("feed", FEED)
        store.ingest(source.id, generated_articles(50, FEED, body_bytes=500))
        store.vacuum()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(path.read_bytes()[:3000])
    with unchanged(path, nothing_beside=False), pytest.raises(StoreError, match="damaged"):
        Store(path)


def test_an_empty_file_becomes_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with Store(path) as store:
        assert store.sources() == []


def test_a_folder_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a file"):
        Store(tmp_path)


def test_missing_parent_folders_are_created(tmp_path: Path) -> None:
    with Store(tmp_path / "a" / "b" / "store.db") as store:
        assert store.count() == 0


# -- read-only -----------------------------------------------------------------


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable, even for root (immutable attribute), and restore it after."""
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    immutable = False
    if os.geteuid() == 0:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            path.chmod(mode)
            pytest.skip("running as root without chattr: cannot make a file read-only")
        immutable = True
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)


def test_a_read_only_store_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    Store(path).close()
    with read_only(path), pytest.raises(StoreError, match="read-only"):
        Store(path)


def test_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        with pytest.raises(StoreError, match="read-only"):
            Store(folder / "new.db")
        assert not (folder / "new.db").exists()


def test_writing_to_a_read_only_connection_is_a_clear_error(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store._db.connection().execute("PRAGMA query_only = ON")
        with pytest.raises(StoreError, match="read-only"):
            store.add_source("feed", FEED)
        assert store.sources() == []


# -- full disk and locks -------------------------------------------------------


def test_a_full_disk_is_a_store_error_and_rolls_back(tmp_path: Path) -> None:
    with Store(tmp_path / "full.db") as store:
        source = store.add_source("feed", FEED)
        store.ingest(source.id, generated_articles(20, FEED, body_bytes=500))
        connection = store._db.connection()
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages + 5}")
        with pytest.raises(StoreError, match="full"):
            store.ingest(source.id, generated_articles(300, FEED, start=1000, body_bytes=3000))
        assert store.count() == 20
        assert len(store.search("report", limit=1000)) == 20
        connection.execute("PRAGMA max_page_count = 1073741823")
        assert len(store.ingest(source.id, generated_articles(300, FEED, start=1000, body_bytes=3000)).added) == 300
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_store_held_locked_too_long_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    with Store(path) as store:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            store._db.connection().execute("PRAGMA busy_timeout = 200")
            with pytest.raises(StoreError, match="busy"):
                store.add_source("feed", FEED)
            assert store.sources() == []  # reading still works under WAL
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert store.add_source("feed", FEED).id == 1
