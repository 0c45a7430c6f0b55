"""Faults through the command line: a clear message, and everything committed before is intact.

``kill -9`` in the middle of ``newsreader refresh``, a read-only home folder, a
store locked by another process, a corrupt store, a corrupt config and a full
disk. (The Store's own fault tests are in test_store_safety.py; these drive
the real CLI, in-process or as a subprocess.)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from string import ascii_lowercase

import pytest
from support.loopback import LoopbackServer, Reply

from newsreader.cli import main
from newsreader.paths import resolve_paths


def feed(name: str, items: int, start: int = 0) -> bytes:
    entries = "".join(
        f"<item><title>{name} story {i}</title><guid>{name}-{i}</guid>"
        f"<description>{'Words of the story. ' * 20}</description></item>"
        for i in range(start, start + items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{entries}</channel></rss>'.encode()


def store_path(home: Path) -> Path:
    return resolve_paths(str(home)).store


def integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_clear_line(err: str, *words: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert lines and lines[-1].startswith("newsreader: "), err
    for word in words:
        assert word in lines[-1], err


def articles_of(home: Path) -> list[dict]:
    base = [sys.executable, "-m", "newsreader", "--home", str(home)]
    done = subprocess.run(base + ["list", "--json", "--limit", "100000"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# ---------------------------------------------------------------- kill -9


def test_kill_9_during_refresh_keeps_the_store_whole(tmp_path: Path) -> None:
    home = tmp_path / "home"
    base = [sys.executable, "-m", "newsreader", "--home", str(home)]
    feeds = 40
    with LoopbackServer() as server:
        for n in range(feeds):
            server.static(f"/f{n}", feed(f"f{n}", 5))
        done = subprocess.run(
            base + ["add", *[server.url(f"/f{n}") for n in range(feeds)]], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        before = {a["id"] for a in articles_of(home)}
        assert len(before) == feeds * 5

        def slow_growing(name: str):
            def handler(request) -> Reply:
                time.sleep(0.25)  # a slow server: the refresh is still in flight when it is killed
                return Reply(200, feed(name, 60), {"Content-Type": "application/rss+xml"})

            return handler

        for n in range(feeds):
            server.route(f"/f{n}", slow_growing(f"f{n}"))
        refresh = subprocess.Popen(base + ["refresh"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 20
            while server.hits("/f0") + server.hits(f"/f{feeds - 1}") < 2 and time.monotonic() < deadline:
                time.sleep(0.05)  # polling for the first requests, bounded by the deadline
            time.sleep(0.6)  # some feeds stored, others in flight
            assert refresh.poll() is None, "refresh ended before it could be killed"
            os.kill(refresh.pid, signal.SIGKILL)
        finally:
            refresh.wait(timeout=30)
    assert refresh.returncode == -signal.SIGKILL
    after = {a["id"] for a in articles_of(home)}
    assert before <= after  # nothing committed before was lost; whole batches may have landed
    assert integrity(store_path(home)) == "ok"
    done = subprocess.run(base + ["sources", "--json"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and len(json.loads(done.stdout)) == feeds


# ---------------------------------------------------------------- read-only home


@contextlib.contextmanager
def unwritable(folder: Path):
    """chmod does not stop root: as root, make the folder immutable (chattr +i) instead."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root and chattr +i is not available here: cannot make a folder read-only")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_home_is_a_clear_error(home: Path, tmp_path: Path, capsys) -> None:
    story = tmp_path / "story.txt"
    story.write_text("A headline\n\nA body.\n")
    data = resolve_paths(str(home)).data_dir
    data.mkdir(parents=True, exist_ok=True)
    with unwritable(data):
        assert main(["add", str(story)]) == 1
        one_clear_line(capsys.readouterr().err, "read-only")
        assert main(["list"]) == 1
        one_clear_line(capsys.readouterr().err, "read-only")
    assert main(["add", str(story)]) == 0  # writable again: it works


def test_a_read_only_home_with_a_store_keeps_it(home: Path, tmp_path: Path, capsys) -> None:
    story = tmp_path / "story.txt"
    story.write_text("A headline\n\nA body.\n")
    assert main(["add", str(story)]) == 0
    path = store_path(home)
    saved = digest(path)
    with unwritable(path.parent):
        other = tmp_path / "other.txt"
        other.write_text("Another\n\nBody.\n")
        assert main(["add", str(other)]) == 1
        one_clear_line(capsys.readouterr().err, "read-only")
    assert digest(path) == saved
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    assert [a["title"] for a in json.loads(capsys.readouterr().out)] == ["A headline"]


# ---------------------------------------------------------------- locked store


LOCK_HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(30)  # holds the lock until the test kills it
"""


def test_a_store_locked_by_another_process(home: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    import newsreader.store.database as database

    story = tmp_path / "story.txt"
    story.write_text("A headline\n\nA body.\n")
    assert main(["add", str(story)]) == 0
    article = json.loads((main(["list", "--json"]), capsys.readouterr().out)[1])[0]["id"]
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(store_path(home))], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        other = tmp_path / "other.txt"
        other.write_text("Another\n\nBody.\n")
        for argv in (["bookmark", article], ["add", str(other)]):
            started = time.monotonic()
            code = main(argv)
            err = capsys.readouterr().err
            assert time.monotonic() - started < 20  # gives up on the lock (held 30 s) instead of waiting for it
            assert code == 1, err
            assert "busy" in err and "Traceback" not in err
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert main(["bookmark", article]) == 0
    assert integrity(store_path(home)) == "ok"


# ---------------------------------------------------------------- corrupt store and config


@pytest.mark.parametrize("damage", ["garbage", "text", "truncated", "pages"])
def test_a_corrupt_store_is_refused_untouched(home: Path, tmp_path: Path, capsys, damage) -> None:
    story = tmp_path / "story.txt"
    story.write_text("A headline\n\nA body.\n")
    path = store_path(home)
    if damage in ("truncated", "pages"):
        assert main(["add", str(story)]) == 0
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        data = path.read_bytes()
        if damage == "truncated":
            path.write_bytes(data[:200])
        else:
            path.write_bytes(data[:100] + os.urandom(len(data) - 100))  # header kept, pages destroyed
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(8192) if damage == "garbage" else b"my notes, not a database\n" * 100)
    capsys.readouterr()
    saved = digest(path)
    for argv in (["list"], ["add", str(story)], ["sources", "--json"], ["search", "x"]):
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == 1, (argv, out, err)
        one_clear_line(err)
        assert "store" in err or "database" in err
    assert digest(path) == saved


CONFIGS = {
    "not-toml": (b"[refresh\nconcurrency = = 3\n", "not valid TOML"),
    "binary": (bytes(range(256)) * 4, "config"),
    "wrong-type": (b'[limits]\nmax_bytes = "big"\n', "max_bytes"),
    "negative": (b"[refresh]\ntotal_timeout = -5\n", "total_timeout"),
    "unknown-section": (b"[rm_rf]\nx = 1\n", "unknown section"),
    "escapes": (b'[reader]\ntheme = "\x1b]0;pwned\x07"\n', "not valid TOML"),
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_a_corrupt_config_is_a_clear_error(home: Path, capsys, name) -> None:
    content, words = CONFIGS[name]
    config = resolve_paths(str(home)).config
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_bytes(content)
    for argv in (["list"], ["sources"], ["refresh"]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        one_clear_line(err, words)
        assert str(config) in err and "\x1b" not in err
    assert config.read_bytes() == content


def test_a_config_that_is_a_folder(home: Path, capsys) -> None:
    config = resolve_paths(str(home)).config
    config.mkdir(parents=True)
    assert main(["list"]) == 1
    one_clear_line(capsys.readouterr().err)


# ---------------------------------------------------------------- full disk


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "1m"):
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(
            f"cannot mount a small tmpfs here ({done.stderr.decode(errors='replace').strip()}); "
            "the Store's full-disk test (PRAGMA max_page_count) covers the rollback"
        )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_a_clear_error_and_keeps_what_was_stored(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "first.txt").write_text("First headline\n\nA short first story.\n")
    bulk = tmp_path / "bulk"
    bulk.mkdir()
    letters = random.Random(7)
    for n in range(60):  # far more text than 3 MB of store can hold, compressed or not: words of random letters
        words = (" ".join("".join(letters.choices(ascii_lowercase, k=7)) for _ in range(12)) for _ in range(400))
        (bulk / f"{n:03}.txt").write_text(f"Bulk story {n}\n\n" + ".\n\n".join(words) + ".\n")
    with small_disk(tmp_path / "disk", "3m") as disk:  # a new store takes ~0.8 MB (16 KiB pages)
        home = disk / "home"
        base = [sys.executable, "-m", "newsreader", "--home", str(home)]
        done = subprocess.run(base + ["add", str(articles)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        done = subprocess.run(base + ["add", str(bulk)], capture_output=True, text=True, timeout=60)
        assert "Traceback" not in done.stderr
        assert done.returncode == 1 and "full" in done.stderr, done.stderr
        titles = [a["title"] for a in articles_of(home)]
        assert "First headline" in titles
        assert integrity(store_path(home)) == "ok"
