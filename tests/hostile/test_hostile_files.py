"""Hostile files: each ends as a document or as a one-line error, never a traceback, never a hang.

One small fixture per attack lives in tests/fixtures/hostile/ (binary junk,
NULs, invalid UTF-8, UTF-16 LE/BE with and without a BOM, a BOM that
contradicts the XML declaration). The big ones (50 MB, a million lines, one
1 MB line, 10,000-level nesting) are written to tmp_path by the tests.
Everything goes through ``newsreader add`` and ``newsreader show PATH``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from support.loopback import LoopbackServer
from support.paths import FIXTURE_ROOT

from newsreader.cli import main
from newsreader.sources.feeds import parse_feed
from newsreader.sources.opml import read_opml

FIXTURES = FIXTURE_ROOT / "hostile"

SMALL = [
    "binary-junk.txt",
    "binary-junk.rss",
    "binary-junk.html",
    "nuls.txt",
    "nuls.html",
    "nuls.rss",
    "invalid-utf8.txt",
    "invalid-utf8.md",
    "invalid-utf8.rss",
    "utf16le-bom.txt",
    "utf16be-bom.txt",
    "utf16le-nobom.txt",
    "utf16be-nobom.txt",
    "utf16le-bom.html",
    "utf16le-bom.rss",
    "utf16be-nobom.rss",
    "bom-contradicts-declaration.rss",
    "utf16-bom-contradicts-declaration.rss",
    "empty.txt",
    "only-whitespace.md",
]
GERMAN = "Grüße aus Köln"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "\x00" not in out and "\x00" not in err
    if code != 0:
        assert code == 1 and err.strip() and len(err.strip().splitlines()) <= len(argv), err
    return code, out, err


@pytest.mark.parametrize("name", SMALL)
def test_each_small_attack_is_a_document_or_one_line(home, tmp_path, capsys, name) -> None:
    path = tmp_path / name
    path.write_bytes((FIXTURES / name).read_bytes())
    code, out, err = cli(capsys, "show", str(path), "--json")
    if code == 0:
        shown = json.loads(out)
        assert "\x00" not in json.dumps(shown, ensure_ascii=False)
        if name.endswith(".rss"):  # a feed file is shown through the feed parser: a list of its articles
            assert isinstance(shown, list) and all(article["feed"] is not None for article in shown)
    cli(capsys, "show", str(path))
    code, _, err = cli(capsys, "add", str(path))
    assert err.count("\n") == 1  # one summary line
    cli(capsys, "list")
    cli(capsys, "sources", "--json")


@pytest.mark.parametrize(
    "name", ["utf16le-bom.txt", "utf16be-bom.txt", "utf16le-nobom.txt", "utf16be-nobom.txt", "utf16le-bom.html"]
)
def test_utf16_articles_read_as_text(home, tmp_path, capsys, name) -> None:
    path = tmp_path / name
    path.write_bytes((FIXTURES / name).read_bytes())
    code, out, _ = cli(capsys, "show", str(path), "--json")
    assert code == 0 and "Grüße" in out and "\x00" not in out and "\\u0000" not in out


@pytest.mark.parametrize(
    "name",
    [
        "utf16le-bom.rss",
        "utf16be-nobom.rss",
        "bom-contradicts-declaration.rss",
        "utf16-bom-contradicts-declaration.rss",
    ],
)
def test_feed_encodings_and_the_bom_wins(home, tmp_path, capsys, name) -> None:
    parsed = parse_feed((FIXTURES / name).read_bytes(), "/tmp/feed.rss")
    assert parsed.title == "Köln feed"
    assert parsed.items[0].title == f"{GERMAN} — café"
    path = tmp_path / name
    path.write_bytes((FIXTURES / name).read_bytes())
    code, out, _ = cli(capsys, "show", str(path), "--json")  # show reads a feed file as a feed, in its encoding
    assert code == 0 and [(a["feed"], a["title"]) for a in json.loads(out)] == [("Köln feed", f"{GERMAN} — café")]
    code, out, _ = cli(capsys, "show", str(path))
    assert code == 0 and f"{GERMAN} — café" in out and "<rss" not in out


def test_opml_whose_bom_contradicts_its_declaration() -> None:
    entries = read_opml((FIXTURES / "bom-contradicts-declaration.opml").read_bytes())
    assert entries[0].title == "Köln — café"


def test_invalid_utf8_keeps_the_good_words(tmp_path, home, capsys) -> None:
    path = tmp_path / "invalid-utf8.txt"
    path.write_bytes((FIXTURES / "invalid-utf8.txt").read_bytes())
    code, out, _ = cli(capsys, "show", str(path), "--json")
    assert code == 0 and "headline" in out and "more caf" in out and "words" in out


def test_nuls_never_reach_the_output(tmp_path, home, capsys) -> None:
    for name in ("nuls.txt", "nuls.html", "nuls.rss"):
        path = tmp_path / name
        path.write_bytes((FIXTURES / name).read_bytes())
        cli(capsys, "add", str(path))
    code, out, _ = cli(capsys, "list", "--json")
    assert "Nul" in out and "\\u0000" not in out


# ---------------------------------------------------------------- size


def test_a_50_mb_file_is_refused_with_the_limit_named(home, tmp_path, capsys) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: cheap to make, 50 MB to read
    started = time.monotonic()
    code, _, err = cli(capsys, "add", str(path))
    assert code == 1 and "larger than 20 MB" in err
    code, _, err = cli(capsys, "show", str(path))
    assert code == 1 and "larger than 20 MB" in err
    assert (
        time.monotonic() - started < 30
    )  # refused by its size, not read: reading 50 MB through the parsers takes minutes


def test_the_configured_limit_is_the_same_for_files_and_http(home, tmp_path, capsys) -> None:
    (home / "config").mkdir(exist_ok=True)
    from newsreader.paths import resolve_paths

    config = resolve_paths(str(home)).config
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[limits]\nmax_bytes = 5000\n")
    small = tmp_path / "small.txt"
    small.write_text("A headline\n\nShort.\n")
    big = tmp_path / "big.txt"
    big.write_text("A headline\n\n" + "words " * 2000)
    feed = (FIXTURES / "terminal-charref.rss").read_bytes()
    assert len(feed) > 5000
    with LoopbackServer() as server:
        server.static("/feed.xml", feed)
        code, _, err = cli(capsys, "add", str(small), str(big), server.url("/feed.xml"))
    assert err.count("larger than 5") == 2, err  # "5000 bytes" for files, "5 kB" over HTTP
    assert code == 1 and err.splitlines()[-1] == "2 of 3 sources failed", (
        err
    )  # docs/cli.md: any failed source is exit 1
    assert [line[:1] for line in err.splitlines()[:3]] == ["✓", "✗", "✗"], err  # the small file is still added


def test_a_million_lines_end_in_a_subprocess(tmp_path) -> None:
    path = tmp_path / "million.txt"
    path.write_text("A million lines\n\n" + "line\n" * 1_000_000)
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", "--home", str(tmp_path / "home"), "show", str(path), "--json"],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert json.loads(done.stdout)["title"] == "A million lines"


@pytest.mark.parametrize("suffix", [".txt", ".html", ".md"])
def test_one_megabyte_line(home, tmp_path, capsys, suffix) -> None:
    path = tmp_path / f"line{suffix}"
    body = "word " * 200_000
    path.write_text(f"<p>{body}</p>" if suffix == ".html" else body)
    started = time.monotonic()
    code, out, _ = cli(capsys, "show", str(path), "--json")
    assert code == 0 and out.count("word") >= 200_000
    assert cli(capsys, "add", str(path))[0] == 0
    assert time.monotonic() - started < 60  # a hang bound: a quadratic reading of 200,000 words takes many minutes


DEEP = 10_000
NESTING = {
    "divs.html": "<div>" * DEEP + "deep words" + "</div>" * DEEP,
    "unclosed.html": "<blockquote><ul><li><b><i>" * (DEEP // 5) + "deep words",
    "quotes.md": ">" * DEEP + " deep words\n",
    "lists.md": "".join("  " * i + "- deep words\n" for i in range(DEEP // 10)),
    "emphasis.md": "*" * DEEP + "deep words" + "*" * DEEP,
    "brackets.md": "[" * DEEP + "deep words" + "](x)" * DEEP,
    "elements.rss": '<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title><item><title>Deep item</title>'
    "<description>" + "<x>" * DEEP + "deep words" + "</x>" * DEEP + "</description></item></channel></rss>",
    "html-in.rss": '<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title><item><title>Deep item</title>'
    "<description><![CDATA[" + "<blockquote>" * DEEP + "deep words]]></description></item></channel></rss>",
    "arrays.json": '{"version": "https://jsonfeed.org/version/1.1", "title": "Deep", "items": [{"id": "1", "title": "Deep item",'
    ' "content_text": "deep words", "x": ' + "[" * DEEP + "]" * DEEP + "}]}",
}


@pytest.mark.parametrize("name", sorted(NESTING))
def test_ten_thousand_levels_of_nesting(home, tmp_path, capsys, name) -> None:
    path = tmp_path / name
    path.write_text(NESTING[name])
    started = time.monotonic()
    code, out, err = cli(capsys, "show", str(path), "--json")
    if name.endswith(".json"):  # a feed too deep for json: show says so in one line, as add does
        assert code == 1 and "invalid JSON" in err
    else:
        assert code == 0 and "deep words" in out.replace("\\n", " ")
        if name.endswith(".rss"):  # shown through the feed parser: its one item
            assert [article["title"] for article in json.loads(out)] == ["Deep item"]
    code, _, err = cli(capsys, "add", str(path))
    if name.endswith(".json"):
        assert code == 1 and "invalid JSON" in err  # too deep for json: one clear line
    else:
        assert code == 0, err
    assert time.monotonic() - started < 60  # a hang bound: ten thousand levels read without a limit take minutes


def test_nesting_and_size_in_a_subprocess_never_hang(tmp_path) -> None:
    """All the deep files at once, as a user would add a folder of them."""
    folder = tmp_path / "deep"
    folder.mkdir()
    for name, text in NESTING.items():
        (folder / name).write_text(text)
    for name in SMALL:
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    base = [sys.executable, "-m", "newsreader", "--home", str(tmp_path / "home")]
    done = subprocess.run(base + ["add", str(folder)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    done = subprocess.run(base + ["list", "--json"], capture_output=True, text=True, timeout=60)
    assert len(json.loads(done.stdout)) >= len(NESTING)
