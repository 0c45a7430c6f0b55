"""Driving newsboat, the reference reader: a private home, reloads, ANALYZE, a prebuilt cache.

Everything newsboat touches lives in one temporary folder (urls, config,
cache.db, and HOME so it never sees the user's own files). A cache of many
articles is written straight into newsboat's own schema: newsboat first
creates the file itself (one reload of a one-feed loopback server), then its
rows are replaced by ours, so the schema and the statistics it keeps are the
ones a stock newsboat makes.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from benchmarks import data
from benchmarks.measure import ProcessRun, Skip, quiet_env, run_timed


def version() -> str | None:
    """newsboat's version line, or None when it is not installed."""
    binary = shutil.which("newsboat")
    if binary is None:
        return None
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    first = out.splitlines()[0] if out else "newsboat"
    return first.split(" - ")[0].strip()


class NewsboatHome:
    """A private newsboat: ``urls``, ``config`` and ``cache.db`` in ``folder``."""

    def __init__(self, folder: Path, urls: list[str], config_lines: list[str] = ()) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.urls = self.folder / "urls"
        self.config = self.folder / "config"
        self.cache = self.folder / "cache.db"
        self.urls.write_text("".join(u + "\n" for u in urls))
        self.config.write_text("".join(line + "\n" for line in config_lines))

    def argv(self, *extra: str) -> list[str]:
        return ["newsboat", "-u", str(self.urls), "-c", str(self.cache), "-C", str(self.config), *extra]

    def env(self) -> dict[str, str]:
        env = quiet_env(str(self.folder))
        env.setdefault("LANG", "C.UTF-8")
        return env

    def reload(self, timeout: float = 900.0) -> ProcessRun:
        run = run_timed(self.argv("-x", "reload"), env=self.env(), timeout=timeout)
        if run.returncode != 0:
            raise Skip(f"newsboat -x reload exited {run.returncode}: {(run.stderr or run.stdout).strip()[:200]}")
        return run

    def analyze(self) -> None:
        """What ``sqlite3 cache.db ANALYZE`` does: fresh statistics for the query planner."""
        with sqlite3.connect(self.cache) as connection:
            connection.execute("ANALYZE")


def write_cache(home: NewsboatHome, feeds: list[tuple[str, str, list[data.ItemSpec]]], bootstrap_url: str) -> None:
    """Fill ``home.cache`` with ``feeds`` = [(url, title, items)], in newsboat's own schema.

    ``bootstrap_url`` is a one-feed loopback URL newsboat reloads once to create the file.
    """
    boot = NewsboatHome(home.folder / "bootstrap", [bootstrap_url])
    boot.reload(timeout=60)
    shutil.copyfile(boot.cache, home.cache)
    shutil.rmtree(boot.folder, ignore_errors=True)
    with sqlite3.connect(home.cache) as connection:
        connection.execute("DELETE FROM rss_item")
        connection.execute("DELETE FROM rss_feed")
        for url, title, items in feeds:
            connection.execute(
                "INSERT INTO rss_feed (rssurl, url, title, lastmodified, is_rtl, etag) VALUES (?, ?, ?, 0, 0, '')",
                (url, f"https://news.example/{items[0].feed if items else 0}/", title),
            )
            connection.executemany(
                "INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread,"
                " enclosure_url, enclosure_type, enqueued, flags, deleted, base)"
                " VALUES (?, ?, '', ?, ?, ?, ?, 1, '', '', 0, '', 0, '')",
                [
                    (item.guid, item.title, item.url, url, int(item.published.timestamp()), data.item_html(item))
                    for item in items
                ],
            )
