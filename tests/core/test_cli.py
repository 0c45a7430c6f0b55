"""The command line of docs/cli.md, driven in-process (main(argv)) and as a real subprocess."""

from __future__ import annotations

import json
import os
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


# ---------------------------------------------------------------- show: feed files, piped text, related links

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Velmont Courier</title><link>https://courier.example/</link>
<item><title>Ferry timetable approved</title><link>https://courier.example/timetable</link>
<author>desk@courier.example (Ines Calder)</author><pubDate>Wed, 04 Mar 2026 09:00:00 GMT</pubDate>
<description>&lt;p&gt;The harbour board approved a new ferry timetable.&lt;/p&gt;</description></item>
<item><title>Ferry workers call off strike</title><link>https://courier.example/strike</link>
<pubDate>Sun, 01 Mar 2026 09:00:00 GMT</pubDate>
<description>&lt;p&gt;The union said the deal raised wages by 6%.&lt;/p&gt;</description></item>
</channel></rss>
"""


@pytest.fixture
def feed_file(tmp_path: Path) -> Path:
    path = tmp_path / "courier.xml"
    path.write_text(FEED, "utf-8")
    return path


def test_show_of_a_feed_file_shows_its_articles_in_feed_order(home: Path, feed_file: Path, capsys) -> None:
    code, out, err = run(["show", str(feed_file)], capsys)
    assert code == 0, err
    assert "<rss" not in out and "<item" not in out and "&lt;p&gt;" not in out
    lines = out.splitlines()
    assert lines[0] == "Velmont Courier — 2 articles"
    first, second = lines.index("Ferry timetable approved"), lines.index("Ferry workers call off strike")
    assert first < second
    assert lines[first - 1].startswith("── 1/2 ──") and lines[second - 1].startswith("── 2/2 ──")
    assert lines[first + 1] == "2026-03-04 · Velmont Courier · Ines Calder"  # each article's header, as show draws one
    assert "The harbour board approved a new ferry timetable." in out
    assert json.loads(run(["list", "--json"], capsys)[1]) == []  # nothing was stored


def test_show_json_of_a_feed_file_is_a_list_of_articles(home: Path, feed_file: Path, capsys) -> None:
    code, out, _ = run(["show", str(feed_file), "--json"], capsys)
    assert code == 0
    articles = json.loads(out)
    assert [a["title"] for a in articles] == ["Ferry timetable approved", "Ferry workers call off strike"]
    first = articles[0]
    assert set(first) == {
        "id",
        "title",
        "date",
        "published",
        "source",
        "feed",
        "origin",
        "url",
        "read",
        "bookmarked",
        "blocks",
    }
    assert first["id"] is None and first["feed"] == "Velmont Courier" and first["origin"] == str(feed_file.resolve())
    assert first["url"] == "https://courier.example/timetable" and first["date"] == "2026-03-04"
    assert first["blocks"][0]["type"] == "paragraph"


def test_show_of_a_feed_file_that_is_not_a_feed_fails_in_one_line(home: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"version": "https://jsonfeed.org/version/1.1", "items": [', "utf-8")
    code, out, err = run(["show", str(path)], capsys)
    assert code == 1 and out == "" and str(path) in err and len(err.strip().splitlines()) == 1
    empty = tmp_path / "empty.rss"
    empty.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    code, out, err = run(["show", str(empty), "--json"], capsys)
    assert code == 0 and json.loads(out) == [] and "no articles" in err


def test_show_piped_wraps_at_columns_without_trailing_spaces(home: Path, articles: Path, monkeypatch, capsys) -> None:
    long = articles / "long.txt"
    long.write_text(
        ARTICLE.replace("on Tuesday.", "on Tuesday, " + "after a long debate about the winter ferries " * 4 + ".")
    )
    for columns, width in (("50", 50), ("", 80), ("junk", 80)):
        if columns:
            monkeypatch.setenv("COLUMNS", columns)
        else:
            monkeypatch.delenv("COLUMNS", raising=False)
        code, out, _ = run(["show", str(long)], capsys)
        lines = out.splitlines()
        assert code == 0 and "timetable adds:" in out
        assert [line for line in lines if line != line.rstrip()] == []
        assert max(map(len, lines)) <= width and max(map(len, lines)) > width - 15, columns
        assert "\x1b" not in out


def test_show_prints_each_related_story_once_numbered_where_it_stands(home: Path, articles: Path, capsys) -> None:
    run(["add", str(articles)], capsys)
    first = json.loads(run(["list", "--json"], capsys)[1])[0]["id"]
    code, out, _ = run(["show", first], capsys)
    assert code == 0
    assert out.count("Ferry workers call off strike") == 1 and "Related stories" not in out
    lines = out.splitlines()
    (link,) = [line for line in lines if "Ferry workers call off strike" in line]
    assert link == "[1] ● ↗ Ferry workers call off strike — Velmont Courier"  # ●: the story is in the library
    assert lines.index(link) > lines.index("• a winter service to Olm.")  # where it stands: after the list


def test_show_piped_from_the_real_program(tmp_path: Path, articles: Path) -> None:
    """Through a pipe, as `newsreader show … | less` gets it: COLUMNS followed, no colour, no trailing space."""
    base = [sys.executable, "-m", "newsreader", "--home", str(tmp_path / "h"), "show", str(articles / "timetable.txt")]
    env = {**os.environ, "COLUMNS": "44"}
    done = subprocess.run(base, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "\x1b" not in done.stdout and all(line == line.rstrip() for line in lines)
    assert 40 <= max(map(len, lines)) <= 44


# ---------------------------------------------------------------- import-opml: what is left out, and why

SUBSCRIPTIONS = """<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline text="News">
  <outline type="rss" text="Courier" xmlUrl="http://127.0.0.1:9/courier.xml" htmlUrl="http://127.0.0.1:9/"/>
  <outline type="rss" text="Courier again" xmlUrl="http://127.0.0.1:9/courier.xml"/>
  <outline type="rss" text="Script" xmlUrl="|~/bin/fetch.sh"/>
  <outline type="rss" text="Site only" htmlUrl="https://site.example/"/>
</outline>
<outline type="rss" text="Tribune" xmlUrl="http://127.0.0.1:9/tribune.xml"/>
</body></opml>
"""


def test_import_opml_reports_each_outline_it_skips(home: Path, tmp_path: Path, capsys) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(SUBSCRIPTIONS)
    code, out, err = run(["import-opml", str(opml)], capsys)
    assert code == 0 and out == ""
    assert err.splitlines() == [
        "imported 2 new subscriptions; fetch them with: newsreader refresh",
        "skipped 3 outlines:",
        "  http://127.0.0.1:9/courier.xml (Courier again): listed twice in the file",
        "  |~/bin/fetch.sh (Script): not an http or https address",
        "  https://site.example/ (Site only): no feed address (xmlUrl); newsreader add finds a web page's feed",
    ]
    code, out, err = run(["import-opml", str(opml), "--json"], capsys)
    assert code == 0 and err == ""
    report = json.loads(out)
    assert report["added"] == []
    assert [(s["address"], s["folder"]) for s in report["existing"]] == [
        ("http://127.0.0.1:9/courier.xml", "News"),
        ("http://127.0.0.1:9/tribune.xml", None),
    ]
    assert [(s["title"], s["reason"]) for s in report["skipped"]] == [
        ("Courier again", "duplicate"),
        ("Script", "not-http"),
        ("Site only", "no-address"),
    ]
    assert report["skipped"][1] == {
        "address": "|~/bin/fetch.sh",
        "title": "Script",
        "folder": "News",
        "reason": "not-http",
        "message": "not an http or https address",
    }
    assert len(json.loads(run(["sources", "--json"], capsys)[1])) == 2


def test_import_opml_names_the_first_ten_skipped_and_counts_the_rest(home: Path, tmp_path: Path, capsys) -> None:
    opml = tmp_path / "files.opml"
    outlines = "".join(f'<outline text="F{i}" xmlUrl="file:///feeds/f{i}.xml"/>' for i in range(13))
    opml.write_text(f'<opml version="2.0"><body>{outlines}<outline xmlUrl="http://127.0.0.1:9/a"/></body></opml>')
    code, _, err = run(["import-opml", str(opml)], capsys)
    lines = err.splitlines()
    assert code == 0 and lines[:2] == [
        "imported 1 new subscription; fetch them with: newsreader refresh",
        "skipped 13 outlines:",
    ]
    assert lines[2] == "  file:///feeds/f0.xml (F0): not an http or https address" and len(lines) == 13
    assert lines[-1] == "  … and 3 more (all of them: newsreader import-opml FILE --json)"
    code, out, _ = run(["import-opml", str(opml), "--json"], capsys)
    assert len(json.loads(out)["skipped"]) == 13 and json.loads(out)["existing"][0]["address"] == "http://127.0.0.1:9/a"


def test_add_and_refresh_exit_1_when_any_source_failed_and_say_how_many_last(
    home: Path, articles: Path, capsys
) -> None:
    """docs/cli.md: exit 1 when any source failed, the rest still stored, the count printed last."""
    good, missing = articles / "timetable.txt", articles / "missing.txt"
    code, out, err = run(["add", str(good), str(missing)], capsys)
    assert code == 1 and out == "" and err.splitlines()[-1] == "1 of 2 sources failed", err
    assert err.splitlines()[0].startswith("✓") and err.splitlines()[1].startswith("✗ "), err
    code, out, _ = run(["list", "--json"], capsys)
    assert code == 0 and [a["title"] for a in json.loads(out)] != []  # the good one is stored

    code, out, err = run(["add", "--json", str(articles / "strike.txt"), str(missing)], capsys)
    assert code == 1 and len(json.loads(out)) == 2 and err.splitlines()[-1] == "1 of 2 sources failed"

    code, out, err = run(["refresh"], capsys)
    assert code == 0 and "failed" not in err, err  # both files are there: nothing failed, no count
    good.unlink()
    code, out, err = run(["refresh", "--json"], capsys)
    results = json.loads(out)  # stdout is still one JSON document
    assert code == 1 and [r["status"] for r in results].count("error") == 1
    assert err.splitlines()[-1] == "1 of 2 sources failed", err
    code, out, err = run(["add", str(missing)], capsys)
    assert code == 1 and err.splitlines()[-1] == "1 of 1 source failed", err


def _notify_config(home: Path, command: list[str]) -> None:
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text("[refresh]\nnotify_command = " + json.dumps(command) + "\n")


def test_notify_command_gets_the_new_headlines_as_json_after_a_refresh(
    home: Path, articles: Path, tmp_path: Path, capsys
) -> None:
    (articles / "strike.txt").unlink()
    assert run(["add", str(articles)], capsys)[0] == 0
    received = tmp_path / "received.json"
    marker = "; $(touch " + str(tmp_path / "shell-ran") + ")"  # an argument, never a shell's text
    _notify_config(
        home,
        [sys.executable, "-c", "import sys; open(sys.argv[1], 'w').write(sys.stdin.read())", str(received), marker],
    )
    code, _, err = run(["refresh"], capsys)
    assert code == 0 and not received.exists(), err  # nothing new: nothing run
    (articles / "strike.txt").write_text(SECOND, "utf-8")
    code, out, err = run(["refresh", "--json"], capsys)
    assert code == 0, err
    json.loads(out)  # the refresh's own JSON is untouched
    document = json.loads(received.read_text())
    assert document["new"] == 1 and document["more"] == 0
    assert document["unread"] == 2
    (headline,) = document["articles"]
    assert "strike" in headline["title"]
    assert document["by_source"][0]["new"] == 1
    assert not (tmp_path / "shell-ran").exists()


def test_a_failing_notify_command_is_reported_and_not_fatal(home: Path, articles: Path, capsys) -> None:
    (articles / "strike.txt").unlink()
    assert run(["add", str(articles)], capsys)[0] == 0
    _notify_config(home, [sys.executable, "-c", "import sys; sys.stderr.write('no \\x1b[31mdisplay'); sys.exit(3)"])
    (articles / "strike.txt").write_text(SECOND, "utf-8")
    code, _, err = run(["refresh"], capsys)
    assert code == 0
    assert "notify_command" in err and "exit status 3" in err and "no display" in err.replace("[31m", "")
    assert "\x1b" not in err
    _notify_config(home, [str(home / "no-such-program")])
    (articles / "third.txt").write_text(SECOND.replace("strike", "ballot"), "utf-8")
    code, _, err = run(["refresh"], capsys)
    assert code == 0 and "no-such-program: no such program" in err
    assert len(json.loads(run(["list", "--json"], capsys)[1])) == 3  # the refresh kept everything


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ('"notify-send News"', "a list of strings"),
        ('["notify-send", 3]', "a list of strings"),
        ('["", "x"]', "the first item must name the program"),
    ],
)
def test_a_bad_notify_command_is_refused_with_file_and_line(home: Path, capsys, value: str, why: str) -> None:
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(f"[refresh]\nconcurrency = 4\nnotify_command = {value}\n")
    code, _, err = run(["sources"], capsys)
    assert code == 1 and "config.toml:3: refresh.notify_command" in err and why in err, err
