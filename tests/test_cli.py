"""The command line of CLI.md, driven in-process (main(argv)) and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.cli import main

ARTICLE = """ date 2026-03-04 The harbour board of Velmont approved a new ferry timetable on Tuesday.

Board chair Ines Calder announced the decision after a two-hour meeting, Velmont Courier reports.

"Every island gets a morning boat from April," Calder said.

The new timetable adds:

two early crossings to Skerra;

a night boat on Fridays;

a winter service to Olm.

Read more: Ferry workers call off strike - Velmont Courier
"""

SECOND = """ date 2026-03-01 Ferry workers in Velmont called off their strike on Saturday after a pay deal.

The union said the deal [bold]raised[/bold] wages by 6%, Velmont Courier reports.
"""


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "timetable.txt").write_text(ARTICLE, "utf-8")
    (folder / "strike.txt").write_text(SECOND, "utf-8")
    return folder


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_help(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert "newsreader" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "refresh" in out and "--home" in out


def test_usage_error_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["list", "--limit", "zero"])
    assert done.value.code == 2
    with pytest.raises(SystemExit) as done:
        main(["no-such-command"])
    assert done.value.code == 2


def test_empty_store_lists_nothing(home: Path, capsys) -> None:
    code, out, err = run(["list", "--json"], capsys)
    assert code == 0 and json.loads(out) == []
    code, out, err = run(["list"], capsys)
    assert code == 0 and out == "" and "newsreader add" in err


def test_add_list_show_search_bookmark(home: Path, articles: Path, capsys) -> None:
    code, out, err = run(["add", str(articles)], capsys)
    assert code == 0, err
    code, out, _ = run(["list", "--json"], capsys)
    listed = json.loads(out)
    assert [a["title"] for a in listed] == [
        "The harbour board of Velmont approved a new ferry timetable on Tuesday",
        "Ferry workers in Velmont called off their strike on Saturday after a pay deal",
    ]
    first = listed[0]
    assert set(first) >= {"id", "title", "date", "published", "source", "feed", "origin", "url", "read", "bookmarked"}
    assert first["date"] == "2026-03-04" and first["source"] == "Velmont Courier"
    assert first["origin"] == str((articles / "timetable.txt").resolve())

    code, out, _ = run(["show", first["id"], "--json"], capsys)
    shown = json.loads(out)
    kinds = [b["type"] for b in shown["blocks"]]
    assert "list" in kinds and "related" in kinds
    quote_count = sum(1 for b in shown["blocks"] if b["type"] == "quote") + sum(
        len(b["quotes"]) for b in shown["blocks"] if b["type"] == "paragraph"
    )
    assert quote_count == 1
    related = [b for b in shown["blocks"] if b["type"] == "related"][0]
    assert related["title"] == "Ferry workers call off strike" and related["source"] == "Velmont Courier"
    assert related["target"] == listed[1]["id"]

    code, out, _ = run(["search", "timetable", "--json"], capsys)
    assert [hit["id"] for hit in json.loads(out)][0] == first["id"]

    assert run(["bookmark", first["id"]], capsys)[0] == 0
    code, out, _ = run(["bookmarks", "--json"], capsys)
    assert [a["id"] for a in json.loads(out)] == [first["id"]]
    code, out, _ = run(["list", "--bookmarked", "--json"], capsys)
    assert [a["id"] for a in json.loads(out)] == [first["id"]]
    assert run(["unbookmark", first["id"]], capsys)[0] == 0
    assert json.loads(run(["bookmarks", "--json"], capsys)[1]) == []

    code, out, _ = run(["sources", "--json"], capsys)
    (source,) = json.loads(out)
    assert source["articles"] == 2 and source["kind"] == "folder"


def test_show_a_file_without_storing_it(home: Path, articles: Path, capsys) -> None:
    code, out, _ = run(["show", str(articles / "strike.txt")], capsys)
    assert code == 0
    assert "[bold]raised[/bold]" in out  # outside text is shown literally, never as markup
    code, out, _ = run(["show", str(articles / "strike.txt"), "--json"], capsys)
    assert json.loads(out)["id"] is None
    assert json.loads(run(["list", "--json"], capsys)[1]) == []


def test_unknown_id_fails_with_a_message(home: Path, capsys) -> None:
    code, out, err = run(["show", "0123456789abcdef"], capsys)
    assert code == 1 and out == "" and "no article" in err
    code, out, err = run(["bookmark", "nope"], capsys)
    assert code == 1 and "no article" in err


def test_list_by_unknown_source_fails(home: Path, capsys) -> None:
    code, _, err = run(["list", "--source", "Nowhere"], capsys)
    assert code == 1 and "no source" in err


def test_add_of_a_missing_file_fails_with_exit_1(home: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run(["add", str(tmp_path / "missing.txt")], capsys)
    assert code == 1 and "missing.txt" in err


def test_bad_config_is_reported_with_file_and_line(home: Path, capsys) -> None:
    (home / "config").mkdir()
    (home / "config" / "config.toml").write_text("[refresh]\nconcurrency = 'x'\n")
    code, _, err = run(["list"], capsys)
    assert code == 1 and "config.toml:2: refresh.concurrency" in err


def test_opml_round_trip(home: Path, tmp_path: Path, capsys) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        '<outline text="News"><outline type="rss" text="Velmont Courier" xmlUrl="http://127.0.0.1:9/courier.xml"/></outline>'
        "</body></opml>"
    )
    assert run(["import-opml", str(opml)], capsys)[0] == 0
    (source,) = json.loads(run(["sources", "--json"], capsys)[1])
    assert source["address"] == "http://127.0.0.1:9/courier.xml" and source["folder"] == "News"
    out_file = tmp_path / "out.opml"
    assert run(["export-opml", "-o", str(out_file)], capsys)[0] == 0
    assert "http://127.0.0.1:9/courier.xml" in out_file.read_text()


def test_refresh_of_a_dead_server_fails_cleanly(home: Path, tmp_path: Path, capsys) -> None:
    opml = tmp_path / "dead.opml"
    opml.write_text('<opml version="1.0"><body><outline xmlUrl="http://127.0.0.1:9/feed.xml"/></body></opml>')
    run(["import-opml", str(opml)], capsys)
    code, out, err = run(["refresh", "--json"], capsys)
    assert code == 1
    (result,) = json.loads(out)
    assert result["status"] == "error" and result["error"]


def test_subprocess_honours_home_and_prints_json(tmp_path: Path, articles: Path) -> None:
    env_home = tmp_path / "h"
    base = [sys.executable, "-m", "newsreader", "--home", str(env_home)]
    done = subprocess.run([*base, "add", str(articles / "timetable.txt")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (env_home / "data" / "newsreader.db").is_file()
    done = subprocess.run([*base, "list", "--json"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert json.loads(done.stdout)[0]["source"] == "Velmont Courier"
    script = Path(sys.executable).with_name("newsreader")
    done = subprocess.run([str(script), "--home", str(env_home), "list"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "ferry timetable" in done.stdout
    assert "\x1b" not in done.stdout  # not a terminal: no colours


def test_add_of_a_bare_host_hints_at_the_scheme(home: Path, capsys) -> None:
    code, _, err = run(["add", "example.org"], capsys)
    assert code == 1 and "https://example.org" in err


def test_unbookmark_of_an_article_never_kept_says_so(home: Path, articles: Path, capsys) -> None:
    run(["add", str(articles)], capsys)
    first = json.loads(run(["list", "--json"], capsys)[1])[0]["id"]
    code, _, err = run(["unbookmark", first], capsys)
    assert code == 0 and "was not kept" in err
    assert "no bookmarks yet" in run(["list", "--bookmarked"], capsys)[2]
