"""The program on a real terminal (a pty), as a user meets it: the progress of ``add`` and
``refresh``, Ctrl+C in the middle of a refresh, and the app itself, started and quit."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from support.loopback import LoopbackServer, Reply
from support.pty_session import CTRL_C, PtySession

FEED_COUNT = 8


def feed(name: str, items: int, round_: int = 0) -> bytes:
    entries = "".join(
        f"<item><title>{name} story {n} (round {round_})</title><link>https://example.org/{name}/{n}</link>"
        f"<guid>{name}-{n}-{round_}</guid><description>Words of {name} story {n}.</description></item>"
        for n in range(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{entries}</channel></rss>'.encode()


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsreader", "--home", str(home), *args], capture_output=True, text=True, timeout=120
    )


def configure(home: Path, concurrency: int, per_host: int | None = None) -> None:
    (home / "config").mkdir(parents=True, exist_ok=True)
    per_host = concurrency if per_host is None else per_host
    (home / "config" / "config.toml").write_text(f"[refresh]\nconcurrency = {concurrency}\nper_host = {per_host}\n")


class Gate:
    """Feeds that answer only when the test lets them: one at a time with ``release``, all with ``open``."""

    def __init__(self) -> None:
        self.turns = threading.Semaphore(0)
        self.opened = threading.Event()

    def handler(self, body: bytes):
        def answer(request) -> Reply:
            while not self.opened.is_set() and not self.turns.acquire(timeout=0.05):  # polls the open flag
                pass
            return Reply(200, body, {"Content-Type": "application/rss+xml"})

        return answer

    def release(self, count: int = 1) -> None:
        for _ in range(count):
            self.turns.release()


def test_add_and_refresh_show_their_progress_on_a_terminal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    configure(home, 2)
    gate = Gate()
    with LoopbackServer() as server:
        urls = []
        for n in range(FEED_COUNT):
            server.route(f"/f{n}", gate.handler(feed(f"f{n}", 3)))
            urls.append(server.url(f"/f{n}"))
        with PtySession(["--home", str(home), "add", *urls]) as session:
            gate.release(3)  # three feeds answer, the others wait: the bar is seen part-way
            session.expect(r"adding.*3/8")
            gate.opened.set()
            assert session.wait() == 0, session.text
        text = session.text
        assert text.count("✓") == FEED_COUNT and "failed" not in text

        gate.opened.clear()
        for n in range(FEED_COUNT):
            server.route(f"/f{n}", gate.handler(feed(f"f{n}", 4, 1)))
        with PtySession(["--home", str(home), "refresh"]) as session:
            gate.release(5)
            session.expect(r"refreshing.*5/8")
            gate.opened.set()
            assert session.wait() == 0, session.text
        assert session.text.count("✓") == FEED_COUNT
    # The bar is transient: the last thing written is the summary, one line per feed.
    tail = session.text.strip().splitlines()[-FEED_COUNT:]
    assert all(line.lstrip().startswith("✓") for line in tail), tail


def test_without_a_terminal_there_is_no_progress_bar(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with LoopbackServer() as server:
        server.static("/f", feed("f", 2))
        done = cli(home, "add", server.url("/f"))
    assert done.returncode == 0 and "adding" not in done.stderr and "\x1b" not in done.stderr


def test_ctrl_c_stops_a_refresh_and_leaves_the_store_whole(tmp_path: Path) -> None:
    home = tmp_path / "home"
    configure(home, 4, per_host=2)  # four tasks at once, two of them fetching, two waiting for the host
    count = 12
    with LoopbackServer() as server:
        urls = []
        for n in range(count):
            server.static(f"/f{n}", feed(f"f{n}", 3))
            urls.append(server.url(f"/f{n}"))
        assert cli(home, "add", *urls).returncode == 0
        gate = Gate()
        for n in range(count):  # new items on every feed; they answer one at a time
            server.route(f"/f{n}", gate.handler(feed(f"f{n}", 5, 1)))
        hits_before = len(server.requests)
        with PtySession(["--home", str(home), "refresh"]) as session:
            gate.release(2)
            session.expect(r"refreshing.*2/12")
            session.send(CTRL_C)
            gate.opened.set()  # the two fetches in flight may finish now
            status = session.wait()
        assert status == 130, session.text
        assert "interrupted" in session.text
        fetched = len(server.requests) - hits_before
    # Stopped: two fetches answered, two in flight at Ctrl+C; the tasks waiting for their turn
    # and those not started never asked for their feed.
    assert fetched <= 4, f"{fetched} of {count} feeds were fetched"

    # The store is whole: it opens, passes SQLite's check, and each feed holds either its
    # old articles (not refreshed) or its old and new ones (refreshed), never a part.
    database = next((home / "data").rglob("*.db"))
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    sources = json.loads(cli(home, "sources", "--json").stdout)
    assert len(sources) == count
    counts = sorted(source["articles"] for source in sources)
    assert set(counts) <= {3, 8} and counts.count(8) >= 2, counts
    articles = json.loads(cli(home, "list", "--json", "--limit", "1000").stdout)
    assert len(articles) == sum(counts)


def test_the_app_starts_on_a_terminal_and_q_quits(tmp_path: Path) -> None:
    home = tmp_path / "home"
    article = tmp_path / "harbour.txt"
    article.write_text("Harbour board approves the winter ferry timetable\n\nThe board met on Tuesday.\n")
    assert cli(home, "add", str(article)).returncode == 0
    with PtySession(["--home", str(home)], size=(100, 30)) as session:
        session.expect(r"Harbour board approves")  # the first screen: the headline list
        session.send(b"q")
        assert session.wait() == 0, session.text[-2000:]


def test_the_demo_starts_on_a_terminal_and_leaves_no_folder_behind(tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with PtySession(["--demo"], env={"TMPDIR": str(temporary)}, size=(120, 36)) as session:
        session.expect(r"Corvenia")  # the demo library's first screen
        assert [p.name for p in temporary.iterdir() if p.name.startswith("newsreader-demo-")] != []
        session.send(b"q")
        assert session.wait() == 0, session.text[-2000:]
    assert [p.name for p in temporary.iterdir() if p.name.startswith("newsreader-demo-")] == []
