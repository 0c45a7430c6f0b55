"""Keeps the benchmark's data generator and loopback server from rotting. No timings are judged here."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from support.paths import REPO

import newsreader
from benchmarks import data
from benchmarks.report import Report, Row, markdown_table
from benchmarks.server import FeedServer


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    assert url.startswith("http://127.0.0.1:")
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_items_are_deterministic_and_realistic():
    first, again = data.make_item(1, 3, 7), data.make_item(1, 3, 7)
    assert first == again
    assert data.make_item(2, 3, 7) != first
    body = data.item_html(first)
    assert 1500 < len(body.encode()) < 6000
    assert "<blockquote>" in body and "<ul>" in body and "<a href=" in body
    assert 40 < len(first.title) < 100
    document = data.item_document(first)
    assert document.title == first.title and document.blocks


def test_a_test_feed_grows_by_newer_items():
    three, five = (ET.fromstring(data.make_feed(4, n, title="Four")).find("channel") for n in (3, 5))
    assert three.findtext("title") == "Four"
    guids = [[i.findtext("guid") for i in channel.iter("item")] for channel in (three, five)]
    assert len(guids[1]) == 5 and guids[1][2:] == guids[0]  # the two new ones on top
    assert ET.fromstring(data.make_feed(4, 1)).find("channel").findtext("title") == "Bench feed 4"


def test_the_package_ships_no_benchmark():
    names = [info.name for info in pkgutil.walk_packages(newsreader.__path__, prefix="newsreader.")]
    assert "newsreader.store" in names and not [name for name in names if "bench" in name]


def test_the_benchmark_runs_as_a_module_from_the_repository():
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--help"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "python -m benchmarks" in result.stdout and "--only" in result.stdout


def test_opml_lists_every_feed():
    urls = [(f"http://127.0.0.1:1/feed/{n}.xml", data.feed_title(n)) for n in range(3)]
    outlines = [e for e in ET.fromstring(data.opml(urls)).iter("outline") if e.get("xmlUrl")]
    assert [e.get("xmlUrl") for e in outlines] == [u for u, _ in urls]


def test_server_serves_feeds_with_validators_and_304():
    with FeedServer(feeds=2, items=4, seed=1) as server:
        status, body, headers = _get(server.url(1))
        assert status == 200
        channel = ET.fromstring(body).find("channel")
        assert len(channel.findall("item")) == 4
        etag, modified = headers["ETag"], headers["Last-Modified"]

        assert _get(server.url(1), {"If-None-Match": etag})[0] == 304
        assert _get(server.url(1), {"If-Modified-Since": modified})[0] == 304
        assert _get(f"http://127.0.0.1:{server.port}/nothing")[0] == 404

        server.advance()
        status, changed, headers = _get(server.url(1), {"If-None-Match": etag})
        assert status == 200 and headers["ETag"] != etag
        titles = [i.findtext("title") for i in ET.fromstring(changed).iter("item")]
        assert titles[0] == server.newest_title()  # feed 1's newest item is the newest of all
        assert server.counts == {"200": 2, "304": 2, "404": 1}


def test_report_table_marks_misses():
    report = Report({"started": "2026-01-01T00:00:00Z"})
    report.add(Row("store", "search", 80.0, "ms", target="< 50 ms", verdict="MISS"), echo=False)
    report.skipped.append(("paint: newsboat", "newsboat is not installed"))
    table = markdown_table(report)
    assert "**MISS**" in table and "skipped: newsboat is not installed" in table


def test_feed_parses_with_feedparser():
    import feedparser  # a dependency of the package: missing, the test fails (tests/core/test_parallel_feeds.py covers a fresh process)

    parsed = feedparser.parse(data.feed_xml(1, 0, 0, 3, "http://127.0.0.1:1/feed/0.xml"))
    assert not parsed.bozo and len(parsed.entries) == 3


def test_newsraft_missing_is_skipped_with_how_to_build_it(monkeypatch, tmp_path):
    from benchmarks import newsraft
    from benchmarks.measure import Skip

    monkeypatch.setenv("NEWSRAFT", str(tmp_path / "no-such-newsraft"))
    assert newsraft.binary() is None and newsraft.version() is None
    with pytest.raises(Skip) as skipped:
        newsraft.NewsraftHome(tmp_path / "raft", ["http://127.0.0.1:1/feed/0.xml"])
    assert "apt-get install libcurl4-openssl-dev" in str(skipped.value) and "NEWSRAFT=" in str(skipped.value)


def test_newsraft_runs_headless_with_its_paths_before_the_action(monkeypatch, tmp_path):
    from benchmarks import newsraft

    fake = tmp_path / "newsraft"
    fake.write_text("#!/bin/sh\necho 0.34 >&2\n")
    fake.chmod(0o755)
    monkeypatch.setenv("NEWSRAFT", str(fake))
    assert newsraft.version() == "newsraft 0.34"
    home = newsraft.NewsraftHome(tmp_path / "raft", ["http://127.0.0.1:1/feed/0.xml"])
    argv = home.argv()
    assert argv[0] == str(fake) and argv[-2:] == ["-e", "reload-all"]  # newsraft runs -e as soon as it reads it
    assert argv[1:7] == ["-f", str(home.feeds), "-d", str(home.db), "-c", "/dev/null"]
    assert home.feeds.read_text() == "http://127.0.0.1:1/feed/0.xml\n"


def test_refresh_phases_print_side_by_side_with_ratios(capsys):
    from benchmarks.refresh import side_by_side

    def reader(seconds):
        return {p: {"seconds": seconds, "memory": 10.0} for p in ("cold", "changed", "unchanged", "304")}

    side_by_side(200, 30, reader(2.0), reader(0.5), reader(4.0))
    out = capsys.readouterr().out
    assert "newsreader" in out and "newsraft" in out and "newsboat" in out
    cold = next(line for line in out.splitlines() if line.strip().startswith("cold"))
    assert "4.00×" in cold and "0.50×" in cold


def test_profile_takes_every_stage_of_a_cold_refresh_and_stores_every_article(tmp_path):
    from benchmarks.profile import STAGES, profile

    with FeedServer(feeds=3, items=5, seed=1) as server:
        result = profile([url for url, _ in server.urls()], tmp_path)
    assert result["articles"] == result["stored"] == 15
    assert set(result["cpu"]) == set(STAGES) == set(result["wall"])
    assert all(seconds >= 0 for seconds in result["cpu"].values())
    assert result["cpu"]["HTML to blocks"] > 0 and result["wall"]["fetch"] > 0
    import sqlite3

    def indexed(name: str) -> int:
        with sqlite3.connect(tmp_path / name) as connection:
            return connection.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]  # rows the index holds

    assert indexed("store.db") == 15  # the queue the rows went to was indexed (the FTS stage)


def test_a_recorded_run_is_named_by_its_date_and_commits():
    from benchmarks.report import markdown_section, merged_section

    def run(started: str, commit: str) -> Report:
        return Report({"started": started, "commit": commit, "load_average": [0.5, 0.7], "sections": ["store"]})

    one = markdown_section(run("2026-12-02T10:00:00Z", "abc1234 (with uncommitted changes)"))
    assert one.startswith("## 2026-12-02 10:00:00 UTC — full run (commit abc1234)\n")
    parts = merged_section([run("2026-12-02T10:00:00Z", "abc1234"), run("2026-12-02T10:30:00Z", "def5678")])
    assert parts.startswith("## 2026-12-02 10:00:00 UTC — full run (commits abc1234–def5678)\n")
