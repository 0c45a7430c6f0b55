"""Real feeds read in parallel threads, by the real program in fresh processes.

``add`` and ``refresh`` of fewer sources than the parse pool takes
(``refresh.POOL_FROM_SOURCES``) parse every feed in the thread that fetched
it, so a dozen feeds are parsed by a dozen threads at once. When the feed
parser was imported inside the parsing function, those threads raced to
import it; feedparser's modules import each other in a circle, and the losers
failed with "cannot import name '_FeedParserMixin' from partially initialized
module 'feedparser.mixin'" or "the parser failed (AttributeError)", at random
and with exit status 0. Only a fresh process shows this: in the test process
the parser is long imported. So each round runs ``python -m newsreader`` anew,
and every feed must be stored, every round.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.loopback import LoopbackServer

from newsreader.refresh import POOL_FROM_SOURCES

# Atom, RSS 1.0 and RSS 2.0 in several encodings: the threads reach the parser through
# each of its doors (feedparser itself, the fast reader's tables, the date reader).
FEEDS = [
    "atom/heise-developer_de.xml",
    "atom/kottke_en.xml",
    "atom/slashdot_en_iso-8859-1.xml",
    "atom/talkingpointsmemo_en.xml",
    "rss1-rdf/arclamp_ja_euc-jp.rdf",
    "rss1-rdf/bbc-popshow_bg_windows-1251.rdf",
    "rss1-rdf/davidbau_en_iso-8859-1.rdf",
    "rss1-rdf/deutsche-welle_en.rdf",
    "rss1-rdf/orf-news_de.rdf",
    "rss2/bbc-news_en.xml",
    "rss2/npr-world_en.xml",
    "rss2/newsru-com_ru_koi8-r.xml",
]
ROUNDS = 6  # before the fix, a round lost feeds about one time in six; six rounds of add and six of refresh


def test_the_feeds_stay_below_the_parse_pool() -> None:
    assert 8 <= len(FEEDS) < POOL_FROM_SOURCES  # so they are parsed in threads, not in the pool's processes


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsreader", "--home", str(home), *args], capture_output=True, text=True, timeout=120
    )


def new_home(path: Path) -> Path:
    """A home whose config lets every feed be fetched (and parsed) at once: the loopback
    server is one host, and real subscriptions are on many."""
    (path / "config").mkdir(parents=True)
    (path / "config" / "config.toml").write_text(f"[refresh]\nconcurrency = {len(FEEDS)}\nper_host = {len(FEEDS)}\n")
    return path


def serve(server: LoopbackServer, shared: Path, round_: int) -> list[str]:
    """Every feed, its bytes changed each round (a comment after the root element) so a
    refresh parses it again instead of finding it unchanged."""
    urls = []
    for number, name in enumerate(FEEDS):
        body = (shared / "corpus" / "feeds" / name).read_bytes().rstrip() + b"\n<!-- round %d -->\n" % round_
        server.static(f"/{number}/{Path(name).name}", body)
        urls.append(server.url(f"/{number}/{Path(name).name}"))
    return urls


def assert_every_feed_stored(home: Path, urls: list[str], done: subprocess.CompletedProcess, what: str) -> None:
    failed = [line for line in done.stderr.splitlines() if line.startswith("✗")]
    assert not failed, f"{what}: {failed}"
    assert done.returncode == 0, f"{what}: exit {done.returncode}\n{done.stderr}"
    listed = cli(home, "sources", "--json")
    assert listed.returncode == 0, listed.stderr
    sources = json.loads(listed.stdout)
    assert sorted(s["address"] for s in sources) == sorted(urls), what
    for source in sources:
        assert source["error"] is None and source["status"] == "ok", f"{what}: {source['address']}: {source['error']}"
        assert source["articles"] > 0, f"{what}: {source['address']} has no articles"


def test_add_of_a_dozen_real_feeds_stores_every_one_every_time(shared: Path, tmp_path: Path) -> None:
    with LoopbackServer() as server:
        urls = serve(server, shared, 0)
        for round_ in range(ROUNDS):
            home = new_home(tmp_path / f"add-{round_}")
            done = cli(home, "add", *urls)
            assert_every_feed_stored(home, urls, done, f"add, round {round_}")
            assert done.stderr.count("✓") == len(FEEDS), done.stderr


def test_refresh_of_a_dozen_real_feeds_parses_every_one_every_time(shared: Path, tmp_path: Path) -> None:
    home = new_home(tmp_path / "home")
    with LoopbackServer() as server:
        urls = serve(server, shared, 0)
        assert_every_feed_stored(home, urls, cli(home, "add", *urls), "add")
        for round_ in range(1, ROUNDS + 1):
            serve(server, shared, round_)
            done = cli(home, "refresh", "--json")
            assert done.returncode == 0, done.stderr
            results = json.loads(done.stdout)
            assert len(results) == len(FEEDS)
            assert [r for r in results if r["status"] != "ok"] == [], f"refresh, round {round_}"
            assert_every_feed_stored(home, urls, done, f"refresh, round {round_}")


@pytest.mark.parametrize("entry", ["newsreader.cli", "newsreader.refresh"])
def test_a_refresh_that_parses_nothing_does_not_import_the_parser(entry: str) -> None:
    """The parser is put off (newsreader/lazy_import.py): a refresh where every feed answers
    304 never needs it."""
    code = f"import sys, {entry}; print('feedparser' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
