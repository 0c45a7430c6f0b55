"""A real Fever server for the tests: coldsweat 0.10.2 (PyPI), in a venv of its own.

coldsweat pins an older Flask, so it cannot share the test environment: its venv
lives under the cache folder (``$NEWSREADER_TEST_CACHE``, else
``~/.cache/newsreader-tests``) and is made on first use (``python -m venv`` and
``pip install coldsweat==0.10.2``, about 20 s; CI may make it beforehand). The
server runs on 127.0.0.1 with its own SQLite file; its feeds are served by a
loopback server of the tests. Each test gets a user of its own (``new_user``), so
tests do not see each other's read and saved marks.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

COLDSWEAT = "coldsweat==0.10.2"
PASSWORD = "long-password-123"  # coldsweat wants 12 characters at least


def cache_dir() -> Path:
    return Path(os.environ.get("NEWSREADER_TEST_CACHE") or Path.home() / ".cache" / "newsreader-tests")


def coldsweat_venv() -> Path:
    """The venv with coldsweat installed (made when missing); RuntimeError when it cannot be."""
    venv = cache_dir() / "coldsweat-0.10.2"
    program = venv / "bin" / "coldsweat"
    if program.exists():
        return venv
    venv.parent.mkdir(parents=True, exist_ok=True)
    for argv in ([sys.executable, "-m", "venv", str(venv)], [str(venv / "bin" / "pip"), "install", "-q", COLDSWEAT]):
        done = subprocess.run(argv, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"cannot install {COLDSWEAT}: {' '.join(argv[:3])}: {done.stderr.strip()[-500:]}")
    return venv


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def feed_xml(number: int, count: int) -> bytes:
    items = "".join(
        f"<item><title>Feed {number} item {i}</title><link>https://news.example/{number}/{i}</link>"
        f"<guid>https://news.example/{number}/{i}</guid><pubDate>Mon, {i + 1:02d} Jan 2024 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;Body {i} of feed {number}: words to read.&lt;/p&gt;</description></item>"
        for i in range(count)
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {number}</title>'
            f"<link>https://news.example/{number}</link>{items}</channel></rss>").encode()  # fmt: skip


@dataclass
class FeverUser:
    email: str
    password: str


class Coldsweat:
    """A running coldsweat; ``url`` is its Fever endpoint."""

    FEEDS = {1: 5, 2: 3}  # feed number -> items

    def __init__(self, workdir: Path, feed_server) -> None:
        self.workdir = workdir
        self.venv = coldsweat_venv()
        self.feed_server = feed_server
        for number, count in self.FEEDS.items():
            feed_server.static(f"/feed{number}.xml", feed_xml(number, count), content_type="application/rss+xml")
        self.env = dict(
            os.environ, FLASK_DATABASE_URL=f"sqlite:///{workdir / 'coldsweat.db'}", FLASK_SECRET_KEY="tests"
        )
        self.opml = workdir / "feeds.opml"
        self.opml.write_text(
            '<?xml version="1.0"?><opml version="1.0"><head><title>t</title></head><body>'
            f'<outline text="Tech" title="Tech"><outline type="rss" text="Feed 1" xmlUrl="{feed_server.url("/feed1.xml")}"/>'
            f'</outline><outline type="rss" text="Feed 2" xmlUrl="{feed_server.url("/feed2.xml")}"/></body></opml>'
        )
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/fever"
        self._users = itertools.count(1)
        self.process: subprocess.Popen | None = None

    def manage(self, *args: str) -> str:
        done = subprocess.run([str(self.venv / "bin" / "coldsweat"), *args], env=self.env, capture_output=True,
                              text=True, timeout=120, cwd=self.workdir)  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"coldsweat {args[0]} failed: {done.stderr.strip()[-500:]}")
        return done.stdout + done.stderr

    def new_user(self) -> FeverUser:
        """A user subscribed to the two test feeds (Feed 1 in the group Tech), their items fetched."""
        user = FeverUser(f"reader{next(self._users)}@example.org", PASSWORD)
        self.manage("setup", user.email, "-p", user.password)
        self.manage("import", str(self.opml), user.email, "-f")
        return user

    def start(self) -> Coldsweat:
        self.log = open(self.workdir / "server.log", "wb")
        self.process = subprocess.Popen(
            [str(self.venv / "bin" / "coldsweat"), "run", "-h", "127.0.0.1", "-p", str(self.port), "--no-reload"],
            env=self.env, cwd=self.workdir, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"coldsweat exited: {(self.workdir / 'server.log').read_text()[-500:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("coldsweat did not answer within 30 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.log.close()

    def api_key(self, user: FeverUser) -> str:
        return hashlib.md5(f"{user.email}:{user.password}".encode()).hexdigest()
