"""Managing subscriptions from the command line: remove, rename, adding one twice, and the
``sources`` table; a real store under a temporary home, feeds from a loopback server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from support.loopback import LoopbackServer
from support.paths import FIXTURE_ROOT

from newsreader.cli import main
from newsreader.document.blocks import Document, Paragraph, Span
from newsreader.paths import resolve_paths
from newsreader.store import NewArticle, Store

FIXTURES = FIXTURE_ROOT / "keep"
TIMETABLE = "Harbour board approves new ferry timetable"
STRIKE = "Ferry workers call off strike"
WHOLE = "first Monday of April"  # only on the timetable's page, never in the feed

ARTICLE = """ date 2026-03-04 The harbour board of Velmont approved a new ferry timetable on Tuesday.

Board chair Ines Calder announced the decision after a two-hour meeting, Velmont Courier reports.
"""


@pytest.fixture
def server():
    running = LoopbackServer().start()
    yield running
    if not running.stopping.is_set():
        running.stop()


def serve_feed(server: LoopbackServer, title: str = "Velmont Courier") -> str:
    feed = (FIXTURES / "feed.xml").read_text("utf-8").replace("{BASE}", server.url(""))
    server.static(
        "/feed.xml",
        feed.replace("<title>Velmont Courier</title>", f"<title>{title}</title>"),
        content_type="application/rss+xml",
    )
    for name in ("ferry-timetable.html", "ferry-strike.html"):
        server.static(f"/news/{name}", (FIXTURES / name).read_bytes(), content_type="text/html; charset=utf-8")
    return server.url("/feed.xml")


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "Island articles"
    folder.mkdir()
    (folder / "timetable.txt").write_text(ARTICLE, "utf-8")
    return folder


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def sources(capsys) -> list[dict]:
    code, out, _ = run(["sources", "--json"], capsys)
    assert code == 0
    return json.loads(out)


def ids_by_title(capsys, *extra: str) -> dict[str, str]:
    code, out, _ = run(["list", "--json", *extra], capsys)
    assert code == 0
    return {item["title"]: item["id"] for item in json.loads(out)}


# --- remove ---------------------------------------------------------------------------------------


def test_remove_by_title_keeps_bookmarks_whole_listed_and_searchable(
    home: Path, server: LoopbackServer, articles: Path, capsys
) -> None:
    feed = serve_feed(server)
    assert run(["add", feed, str(articles)], capsys)[0] == 0
    kept = ids_by_title(capsys)[TIMETABLE]
    code, _, err = run(["bookmark", kept], capsys)
    assert code == 0 and "whole text kept" in err
    server.stop()  # from here on, no network

    code, _, err = run(["remove", "velmont courier"], capsys)  # a title, in any case
    assert code == 0
    assert (
        "removed Velmont Courier and 0 articles; kept: 1 bookmarked article (newsreader bookmarks) "
        "and 1 story a bookmark links to"
    ) in err
    assert [s["title"] for s in sources(capsys)] == ["Island articles"]
    titles = ids_by_title(capsys)
    assert titles[TIMETABLE] == kept and STRIKE in titles  # the story its "Read more" leads to stays too
    code, out, _ = run(["bookmarks", "--json"], capsys)
    (bookmark,) = json.loads(out)
    assert bookmark["id"] == kept and bookmark["source"] == "Velmont Courier"  # still named after its feed
    code, out, _ = run(["search", "morning boat", "--json"], capsys)
    assert kept in [hit["id"] for hit in json.loads(out)]
    code, out, _ = run(["show", kept], capsys)
    assert code == 0 and WHOLE in out  # the whole text, offline
    run(["unbookmark", kept], capsys)
    run(["refresh"], capsys)  # no longer kept, and without a source: gone with the next prune
    assert set(ids_by_title(capsys)) == {"The harbour board of Velmont approved a new ferry timetable on Tuesday"}


def test_remove_by_id_address_and_path_in_one_go(
    home: Path, server: LoopbackServer, articles: Path, capsys, monkeypatch
) -> None:
    feed = serve_feed(server)
    run(["add", feed, str(articles)], capsys)
    monkeypatch.chdir(articles.parent)
    code, _, err = run(["remove", feed, f"./{articles.name}"], capsys)  # an address, a path as typed
    assert code == 0 and err.count("removed ") == 2
    assert sources(capsys) == []
    assert ids_by_title(capsys) == {}


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["Nowhere Gazette"], "no source named 'Nowhere Gazette'"),
        (["1", "99"], "no source named '99'"),  # the first one is not removed either
        (["courier"], "did you mean"),  # part of a title: named, never removed
        (["Harbour News"], "matches several sources"),
    ],
)
def test_remove_of_an_unknown_or_ambiguous_source_changes_nothing(home: Path, capsys, names, message) -> None:
    with Store(resolve_paths(str(home)).store) as store:
        store.add_source("feed", "https://courier.example/feed.xml", "Valley Courier")
        store.add_source("feed", "https://harbour.example/rss", "Harbour News")
        store.add_source("feed", "https://harbour.example/other", "Harbour News")
    before = sources(capsys)
    code, out, err = run(["remove", *names], capsys)
    assert code == 1 and out == ""
    assert message in err and err.startswith("newsreader: ") and err.count("\n") == 1
    assert sources(capsys) == before


# --- rename ---------------------------------------------------------------------------------------


def test_a_title_of_your_own_outlives_refreshes(home: Path, server: LoopbackServer, capsys) -> None:
    feed = serve_feed(server)
    run(["add", feed], capsys)
    code, _, err = run(["rename", "Velmont Courier", "Island news"], capsys)
    assert code == 0 and "renamed Velmont Courier to Island news" in err
    serve_feed(server, title="Velmont Courier Online")  # the feed renames itself, and changes
    assert run(["refresh"], capsys)[0] == 0
    assert run(["add", feed], capsys)[0] == 0
    (source,) = sources(capsys)
    assert source["title"] == "Island news"
    code, out, _ = run(["list", "--json", "--source", "Island news"], capsys)
    assert {item["feed"] for item in json.loads(out)} == {"Island news"}


def test_rename_refuses_an_unknown_source_or_an_empty_title(home: Path, articles: Path, capsys) -> None:
    run(["add", str(articles)], capsys)
    code, _, err = run(["rename", "Elsewhere", "Mine"], capsys)
    assert code == 1 and "no source named 'Elsewhere'" in err
    code, _, err = run(["rename", "Island articles", " \x1b[31m "], capsys)
    assert code == 1 and "empty" in err
    assert [s["title"] for s in sources(capsys)] == ["Island articles"]


# --- adding a source twice ------------------------------------------------------------------------


def test_adding_a_source_again_says_it_is_there(home: Path, server: LoopbackServer, articles: Path, capsys) -> None:
    feed = serve_feed(server)
    code, _, err = run(["add", feed, str(articles)], capsys)
    assert code == 0 and "Already subscribed" not in err
    code, _, err = run(["add", feed, str(articles / ".." / articles.name)], capsys)
    assert code == 0
    assert "Already subscribed: Velmont Courier" in err and "Already subscribed: Island articles" in err
    assert "✓" not in err
    code, out, _ = run(["add", feed, "--json"], capsys)
    (result,) = json.loads(out)
    assert result["existing"] is True and result["status"] in ("ok", "unchanged")
    assert len(sources(capsys)) == 2


# --- the sources table ----------------------------------------------------------------------------


def test_sources_fit_80_columns_and_never_say_1_articles(home: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    long_address = "https://news.example/" + "/".join(["section"] * 12) + "/feed.xml"
    with Store(resolve_paths(str(home)).store) as store:
        one = store.add_source("feed", "https://one.example/feed.xml", "One")
        store.ingest(
            one.id,
            [NewArticle("Alone", Document(title="Alone", blocks=[Paragraph([Span("Text.")])]), one.address, guid="a")],
        )
        store.add_source("feed", long_address, "Al Jazeera – Breaking News, World News and Video from Al Jazeera")
        broken = store.add_source("feed", "https://broken.example/feed.xml", "Broken")
        store.update_source(
            broken.id,
            last_status="error",
            last_error="cannot find the server (DNS lookup failed) " + "and more words " * 8,
        )
    code, out, _ = run(["sources"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert "articles" not in " ".join(lines[1:]) and "1 article" not in out
    assert long_address in [line.strip() for line in lines]  # one line, whole, never folded
    assert all(cell_len(line) <= 80 for line in lines if line.strip() != long_address)
    assert all(line == line.rstrip() for line in lines)
    (alone,) = [line for line in lines if "One" in line]
    assert alone.split()[-3:] == ["1", "1", "not"] or alone.split()[-4:] == ["1", "1", "not", "yet"]
    assert any(line.startswith("      Video from Al Jazeera") for line in lines)  # the title wraps in its column
    assert any("✗ cannot find the server" in line for line in lines)


def test_an_untitled_source_shows_its_address_whole(home: Path, capsys, monkeypatch) -> None:
    """A source that has no title yet (a feed never fetched, or one newsboat could not read)
    is listed with its address on its own line, whole, as every other source's."""
    monkeypatch.setenv("COLUMNS", "80")
    address = "http://127.0.0.1:8731/jsonfeed/inessential.json"
    with Store(resolve_paths(str(home)).store) as store:
        store.add_source("feed", address, None)
    code, out, _ = run(["sources"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert address in [line.strip() for line in lines]
    assert "(no title yet)" in lines[1]
    assert all(cell_len(line) <= 80 for line in lines)


# --- show: the article's own address ------------------------------------------------------------


@pytest.mark.parametrize("columns", ["40", "80"])
def test_show_never_breaks_the_article_address(home: Path, capsys, monkeypatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    url = "https://www.aljazeera.com/news/2026/2/18/stephen-colbert-says-cbs-barred-his-interview?traffic_source=rss"
    with Store(resolve_paths(str(home)).store) as store:
        source = store.add_source("feed", "https://www.aljazeera.com/xml/rss/all.xml", "Al Jazeera")
        document = Document(
            title="Stephen Colbert says CBS barred interview with Texas Democratic candidate",
            url=url,
            date="2026-02-18",
            blocks=[Paragraph([Span("US late-night show host. " * 6)])],
        )
        (article_id,) = store.ingest(
            source.id, [NewArticle(document.title, document, source.address, guid="c", url=url)]
        ).added
    code, out, _ = run(["show", article_id], capsys)
    assert code == 0
    lines = out.splitlines()
    assert url in lines
    assert all(cell_len(line) <= int(columns) for line in lines if line != url)  # the rest still wraps
