"""Driving newsraft (a C reader: libcurl, expat, SQLite): a private folder, headless reloads.

newsraft is found on PATH or at ``$NEWSRAFT``. Its headless refresh is
``newsraft -f FEEDS -d DB -c /dev/null -e reload-all`` (its options are read in
order and ``-e`` runs at once, so the paths come first); its config is empty,
so it runs with its own defaults. HOME points into the private folder so it
never sees the user's own files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from benchmarks.measure import ProcessRun, Skip, quiet_env, run_timed

BUILD_HINT = (
    "newsraft is neither on PATH nor at $NEWSRAFT. To build it: get its source "
    "(https://github.com/newsraft/newsraft), "
    "apt-get install libcurl4-openssl-dev libexpat1-dev libgumbo-dev libsqlite3-dev, run make in it, "
    "then run the benchmark with NEWSRAFT=/that/folder/newsraft"
)


def binary() -> str | None:
    """The newsraft to run: ``$NEWSRAFT`` when set (and executable), else the one on PATH."""
    named = os.environ.get("NEWSRAFT", "").strip()
    if named:
        path = Path(named).expanduser()
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    return shutil.which("newsraft")


def version() -> str | None:
    """ "newsraft 0.34", or None when there is no newsraft to run."""
    found = binary()
    if found is None:
        return None
    try:
        done = subprocess.run([found, "-v"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    line = (done.stderr or done.stdout).strip().splitlines()
    return f"newsraft {line[0].strip()}" if line else "newsraft"


class NewsraftHome:
    """A private newsraft: ``feeds`` and ``newsraft.sqlite3`` in ``folder``."""

    def __init__(self, folder: Path, urls: list[str]) -> None:
        self.binary = binary()
        if self.binary is None:
            raise Skip(BUILD_HINT)
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.feeds = self.folder / "feeds"
        self.db = self.folder / "newsraft.sqlite3"
        self.feeds.write_text("".join(u + "\n" for u in urls))

    def argv(self) -> list[str]:
        return [self.binary, "-f", str(self.feeds), "-d", str(self.db), "-c", "/dev/null", "-e", "reload-all"]

    def env(self) -> dict[str, str]:
        env = quiet_env(str(self.folder))
        env.setdefault("LANG", "C.UTF-8")
        return env

    def reload(self, timeout: float = 900.0) -> ProcessRun:
        run = run_timed(self.argv(), env=self.env(), timeout=timeout)
        if run.returncode != 0:
            raise Skip(f"newsraft -e reload-all exited {run.returncode}: {(run.stderr or run.stdout).strip()[:200]}")
        return run

    def size(self) -> int:
        """Bytes on disk: the database and its journal files."""
        return sum(p.stat().st_size for p in self.folder.glob("newsraft.sqlite3*"))

    def items(self) -> int:
        import sqlite3

        with sqlite3.connect(self.db) as connection:
            return connection.execute("SELECT count(*) FROM items").fetchone()[0]
