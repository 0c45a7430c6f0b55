"""Bookmarks kept whole (keep.py): a summary-only feed on the loopback server, its pages fetched
when an article is kept, and everything still there when the server is gone."""

from __future__ import annotations

import http.client
import json
import sqlite3
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from support.loopback import LoopbackServer
from support.old_stores import add_source_as_then, ingest_as_then, keep_whole_text_as_then
from support.paths import FIXTURE_ROOT

from newsreader.cli import main
from newsreader.config import Config, RefreshConfig
from newsreader.document.blocks import Document, Paragraph, RelatedLink, Span
from newsreader.keep import complete_bookmarks, document_to_read, fetch_whole_text, needs_whole_text
from newsreader.paths import resolve_paths
from newsreader.refresh import refresh_all
from newsreader.related import resolve_all
from newsreader.store import MIGRATIONS, NewArticle, Store
from newsreader.store.migrations import WHOLE_TEXT_ATTEMPTS

FIXTURES = FIXTURE_ROOT / "keep"
TIMETABLE = "Harbour board approves new ferry timetable"
STRIKE = "Ferry workers call off strike"
WHOLE = "first Monday of April"  # only on the timetable's page, never in the feed


def serve_site(server: LoopbackServer) -> None:
    feed = (FIXTURES / "feed.xml").read_text("utf-8").replace("{BASE}", server.url(""))
    server.static("/feed.xml", feed, content_type="application/rss+xml")
    for name in ("ferry-timetable.html", "ferry-strike.html"):
        server.static(f"/news/{name}", (FIXTURES / name).read_bytes(), content_type="text/html; charset=utf-8")


def serve_again(port: int) -> LoopbackServer:
    """A new loopback server on the port a stopped one had: the stored article addresses name it."""
    server = LoopbackServer()
    handler = server._httpd.RequestHandlerClass
    server._httpd.server_close()
    try:
        server._httpd = type(server._httpd)(("127.0.0.1", port), handler)
    except OSError:
        pytest.skip(f"port {port} was taken by another program meanwhile")
    server.port = port
    server._thread = threading.Thread(target=server._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    return server.start()


@pytest.fixture
def server():
    running = LoopbackServer().start()
    yield running
    if not running.stopping.is_set():
        running.stop()


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def ids_by_title(capsys) -> dict[str, str]:
    code, out, _ = run(["list", "--json"], capsys)
    assert code == 0
    return {item["title"]: item["id"] for item in json.loads(out)}


def shown_text(article_id: str, capsys, *extra: str) -> tuple[str, list[dict]]:
    code, out, _ = run(["show", article_id, "--json", *extra], capsys)
    assert code == 0
    blocks = json.loads(out)["blocks"]
    return "\n".join(b.get("text") or b.get("title") or " ".join(b.get("items", [])) for b in blocks), blocks


# --- the whole story, through the command line --------------------------------------------------


def test_kept_article_is_whole_offline_everywhere(home: Path, server: LoopbackServer, capsys) -> None:
    serve_site(server)
    code, _, _ = run(["add", server.url("/feed.xml")], capsys)
    assert code == 0
    ids = ids_by_title(capsys)
    kept, strike = ids[TIMETABLE], ids[STRIKE]
    summary, _ = shown_text(kept, capsys)
    assert WHOLE not in summary

    code, _, err = run(["bookmark", kept], capsys)
    assert code == 0
    page = server.url("/news/ferry-timetable.html")
    assert f"kept {kept}; fetching the whole text from {page}…" in err
    assert "whole text kept (" in err and "words)" in err
    assert server.hits("/news/ferry-timetable.html") == 1
    server.stop()  # from here on, no network

    text, blocks = shown_text(kept, capsys)
    assert WHOLE in text and "Ines Calder" in text
    assert "Forgot your password" not in text and "Most read" not in text
    related = [b for b in blocks if b["type"] == "related"]
    assert [(b["title"], b["target"]) for b in related] == [(STRIKE, strike)]  # the feed's link, still resolved
    feed_text, _ = shown_text(kept, capsys, "--feed-text")
    assert WHOLE not in feed_text and "morning boat for every island" in feed_text
    code, out, _ = run(["show", kept], capsys)
    assert code == 0 and WHOLE in out

    code, out, _ = run(["bookmarks", "--json"], capsys)
    assert [item["id"] for item in json.loads(out)] == [kept]
    for form in ("md", "html", "json"):
        target = home / f"kept.{form}"
        code, _, _ = run(["export-bookmarks", "--format", form, "-o", str(target)], capsys)
        assert code == 0
        assert WHOLE in target.read_text("utf-8"), form
    exported = json.loads((home / "kept.json").read_text("utf-8"))
    assert exported[0]["id"] == kept
    assert [b["target"] for b in exported[0]["blocks"] if b["type"] == "related"] == [strike]

    with Store(resolve_paths(str(home)).store) as fresh:
        article = fresh.article(kept)
        assert article is not None and article.bookmarked and article.full_error is None
        assert WHOLE in article.full_document.plain_text()
        assert WHOLE not in article.document.plain_text()  # the feed's version is kept beside it


def test_failed_fetch_keeps_the_summary_and_is_retried_on_refresh(home: Path, server: LoopbackServer, capsys) -> None:
    serve_site(server)
    server.error("/news/ferry-timetable.html", 500)
    run(["add", server.url("/feed.xml")], capsys)
    kept = ids_by_title(capsys)[TIMETABLE]

    code, _, err = run(["bookmark", kept], capsys)
    assert code == 0
    assert "could not fetch the whole text: HTTP 500" in err
    assert "the summary is kept and it will be retried on the next refresh" in err
    text, _ = shown_text(kept, capsys)
    assert "morning boat for every island" in text and WHOLE not in text
    with Store(resolve_paths(str(home)).store) as store:
        article = store.article(kept)
        assert article.full_document is None and article.full_error.startswith("HTTP 500")
        assert store.kept_needing_text() == [kept]

    port = server.port
    server.stop()  # the server is gone: the retry fails again, with another reason
    code, _, err = run(["refresh"], capsys)
    assert code == 1  # the only feed failed; the kept article is reported, not fatal
    assert f"✗ whole text of {kept}:" in err
    _, _, err = run(["show", kept], capsys)
    assert "could not be fetched" in err
    with Store(resolve_paths(str(home)).store) as store:
        article = store.article(kept)
        assert article.full_document is None and not article.full_error.startswith("HTTP 500")
        assert article.full_attempted is not None

    back = serve_again(port)
    try:
        serve_site(back)
        code, _, err = run(["refresh"], capsys)
        assert code == 0
        assert f"✓ whole text kept for {kept}" in err
    finally:
        back.stop()
    text, _ = shown_text(kept, capsys)
    assert WHOLE in text
    with Store(resolve_paths(str(home)).store) as store:
        assert store.article(kept).full_error is None
        assert store.kept_needing_text() == []
    code, _, err = run(["refresh"], capsys)  # nothing left to fetch: no keep lines, no network for pages
    assert "whole text" not in err


def test_bookmarking_a_whole_article_fetches_nothing(home: Path, capsys, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "ferry.txt").write_text(
        "The harbour board of Velmont approved a new ferry timetable on Tuesday.\n\n"
        + "\n\n".join(f"Paragraph {n} of the whole story, told in full in the file itself." for n in range(30)),
        "utf-8",
    )
    run(["add", str(folder)], capsys)
    (article_id,) = ids_by_title(capsys).values()
    code, _, err = run(["bookmark", article_id], capsys)
    assert code == 0 and err.strip() == f"kept {article_id}"  # no address to fetch, and whole already


def test_an_article_file_with_a_web_address_is_kept_without_a_fetch(
    home: Path, server: LoopbackServer, capsys, tmp_path: Path
) -> None:
    """The file is the article: its text is whole even when it names its page and is short."""
    server.static("/news/ferry", "<html><body><p>The page.</p></body></html>", content_type="text/html")
    page = tmp_path / "ferry.html"
    page.write_text(
        f'<html><head><title>Ferry board meets</title><link rel="canonical" href="{server.url("/news/ferry")}">'
        "</head><body><article><h1>Ferry board meets</h1><p>The ferry board met.</p></article></body></html>",
        "utf-8",
    )
    run(["add", str(page)], capsys)
    (article_id,) = ids_by_title(capsys).values()
    code, _, err = run(["bookmark", article_id], capsys)
    assert code == 0 and err.strip() == f"kept {article_id}"
    run(["refresh"], capsys)  # nor after a refresh
    assert server.hits("/news/ferry") == 0


def test_demo_articles_are_kept_without_a_fetch(tmp_path: Path) -> None:
    """The demo's outlets are invented: keeping one of their articles asks no server (it used
    to report a failed DNS lookup), now or after a refresh."""
    from newsreader.launch import load_demo_library

    asked: list[str] = []

    def recording_fetch(url: str, **kwargs):
        asked.append(url)
        raise AssertionError(f"fetched {url}")

    with Store(tmp_path / "demo.db") as store:
        load_demo_library(store, Config())
        headlines = store.headlines(limit=100)
        assert any(h.url and h.url.startswith("https://") for h in headlines)
        for headline in headlines:
            store.bookmark(headline.id)
            result = fetch_whole_text(store, headline.id, Config(), recording_fetch)
            assert result.status == "not needed", headline.title
            assert store.article(headline.id).full_error is None
        assert complete_bookmarks(store, Config(), recording_fetch) == []
    assert asked == []


# --- offline: every fetch fails ----------------------------------------------------------------


def test_everything_works_when_every_fetch_fails(home: Path, server: LoopbackServer, capsys, monkeypatch) -> None:
    serve_site(server)
    run(["add", server.url("/feed.xml")], capsys)
    ids = ids_by_title(capsys)
    run(["bookmark", ids[TIMETABLE]], capsys)
    server.stop()

    def no_network(self):
        raise OSError("Network is unreachable")

    monkeypatch.setattr(http.client.HTTPConnection, "connect", no_network)
    code, _, err = run(["bookmark", ids[STRIKE]], capsys)
    assert code == 0 and "could not fetch the whole text: " in err
    code, _, _ = run(["refresh"], capsys)
    assert code == 1
    code, out, _ = run(["list", "--json"], capsys)
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _ = run(["search", "timetable", "--json"], capsys)
    assert code == 0 and json.loads(out)[0]["id"] == ids[TIMETABLE]
    code, out, _ = run(["bookmarks", "--json"], capsys)
    assert code == 0 and {item["id"] for item in json.loads(out)} == set(ids.values())
    for article_id in ids.values():
        code, out, _ = run(["show", article_id], capsys)
        assert code == 0 and out.strip()
    text, _ = shown_text(ids[TIMETABLE], capsys)
    assert WHOLE in text


def test_core_with_a_fetch_that_raises(tmp_path: Path) -> None:
    def broken_fetch(url, **kwargs):
        raise RuntimeError("no network at all")

    config = Config(refresh=RefreshConfig(total_timeout=2))
    with Store(tmp_path / "store.db") as store:
        source = store.add_source("feed", "http://127.0.0.1:9/feed.xml", title="Courier")
        store.ingest(source.id, [summary_item("a", "Ferry timetable approved"), summary_item("b", "Strike called off")])
        ids = [h.id for h in store.headlines()]
        for article_id in ids:
            store.bookmark(article_id)
        results = refresh_all(store, config, fetch=broken_fetch, parse_in_processes=False)
        assert [r.status for r in results] == ["error"]
        kept = complete_bookmarks(store, config, fetch=broken_fetch)
        assert sorted(r.article_id for r in kept) == sorted(ids)
        assert all(r.status == "failed" and "no network at all" in r.error for r in kept)
        assert [h.id for h in store.headlines()] and store.search("timetable")
        assert {h.id for h in store.bookmarks()} == set(ids)
        for article_id in ids:
            article = store.article(article_id)
            assert document_to_read(article) is article.document
            assert "no network at all" in article.full_error


# --- what needs the whole text ------------------------------------------------------------------


def body(*paragraphs: str) -> Document:
    return Document(blocks=[Paragraph([Span(text)]) for text in paragraphs])


LONG = " ".join(["The ferry board met again and agreed on the new crossings for the winter."] * 12)


@pytest.mark.parametrize(
    ("document", "url", "expected"),
    [
        (body("A short teaser of the story."), "https://e.example/a", True),
        (body(LONG), "https://e.example/a", True),  # one paragraph, however long
        (body(LONG, LONG), "https://e.example/a", False),  # a whole article
        (body(LONG, LONG + " …"), "https://e.example/a", True),
        (body(LONG, LONG, "Continue reading"), "https://e.example/a", True),
        (body(LONG, LONG + " Read more »"), "https://e.example/a", True),
        (body(LONG, "Short closing line."), "https://e.example/a", False),
        (body("A short teaser."), None, False),  # nowhere to fetch it from
        (body("A short teaser."), "ftp://e.example/a", False),
        (body("A short teaser."), "/home/me/article.txt", False),
        (Document(), "http://e.example/a", True),
    ],
)
def test_needs_whole_text(document: Document, url: str | None, expected: bool) -> None:
    article = SimpleNamespace(url=url, document=document, full_document=None, origin="https://e.example/feed.xml")
    assert needs_whole_text(article) is expected
    article.full_document = body(LONG, LONG)
    assert needs_whole_text(article) is False  # already kept whole


def test_page_no_longer_than_the_summary_is_a_failure(tmp_path: Path, server: LoopbackServer) -> None:
    server.static("/paywall", "<html><body><p>Subscribe to read.</p></body></html>", content_type="text/html")
    server.static("/report.pdf", b"%PDF-1.4", content_type="application/pdf")
    config = Config(refresh=RefreshConfig(total_timeout=5))
    with Store(tmp_path / "store.db") as store:
        source = store.add_source("feed", server.url("/feed.xml"))
        store.ingest(source.id, [summary_item("p", "Paywalled", server.url("/paywall")),
                                 summary_item("d", "A report", server.url("/report.pdf"))])  # fmt: skip
        by_title = {h.title: h.id for h in store.headlines()}
        result = fetch_whole_text(store, by_title["Paywalled"], config)
        assert result.status == "failed" and "no more text than the feed's summary" in result.error
        result = fetch_whole_text(store, by_title["A report"], config)
        assert result.status == "failed" and "not a web page (application/pdf)" in result.error
        assert store.article(by_title["A report"]).full_document is None
        assert fetch_whole_text(store, "no-such-id", config).status == "failed"


# --- kept articles outlive their source and retention, with their related-link targets ----------


def summary_item(key: str, title: str, url: str | None = None, *, published: str = "2026-03-04T09:00:00Z",
                 related: RelatedLink | None = None) -> NewArticle:  # fmt: skip
    blocks = [Paragraph([Span(f"{title}: a short summary of the story…")])]
    if related is not None:
        blocks.append(related)
    return NewArticle(title, Document(title=title, blocks=blocks), "http://127.0.0.1:9/feed.xml", guid=key,
                      url=url or f"http://127.0.0.1:9/news/{key}.html", published=published)  # fmt: skip


def test_kept_articles_survive_source_removal_and_pruning_with_their_targets(tmp_path: Path) -> None:
    link = RelatedLink("Ferry workers call off strike", "Velmont Courier", "http://127.0.0.1:9/news/strike.html")
    with Store(tmp_path / "store.db") as store:
        source = store.add_source("feed", "http://127.0.0.1:9/feed.xml")
        store.ingest(source.id, [
            summary_item("timetable", "Harbour board approves new ferry timetable", related=link),
            summary_item("strike", "Ferry workers call off strike", "http://127.0.0.1:9/news/strike.html",
                         published="2026-03-01T08:00:00Z"),
            *[summary_item(f"old{n}", f"Old story {n}", published="2020-01-01T00:00:00Z") for n in range(3)],
        ])  # fmt: skip
        resolve_all(store)
        by_title = {h.title: h.id for h in store.headlines()}
        kept, strike = by_title["Harbour board approves new ferry timetable"], by_title["Ferry workers call off strike"]
        assert store.links.targets(kept) == [strike]
        store.bookmark(kept)
        store.set_full_document(kept, body(LONG, LONG))

        assert store.prune(max_age_days=30, max_articles_per_source=1) >= 3
        assert store.article(kept) is not None and store.links.targets(kept) == [strike]
        store.remove_source(source.id)
        store.prune(max_age_days=30, max_articles_per_source=1)
        article = store.article(kept)
        assert article is not None and article.full_document is not None and article.source_id is None
        assert store.links.targets(kept) == [strike]  # the linked story is kept with the bookmark
        assert article.document.related_links[0].target == strike
        assert [h.id for h in store.bookmarks()] == [kept]
        store.unbookmark(kept)
        store.prune()
        assert store.count() == 0  # once nothing keeps them, both go


# --- the migration ----------------------------------------------------------------------------


def test_migration_adds_whole_text_attempts_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    before = MIGRATIONS.index(WHOLE_TEXT_ATTEMPTS)
    with Store(path, migrations=MIGRATIONS[:before]) as old:
        source_id = add_source_as_then(old, "feed", "http://127.0.0.1:9/feed.xml")
        ingest_as_then(old, source_id, [summary_item("a", "Harbour board approves new ferry timetable")])
        (article_id,) = [h.id for h in old.headlines()]
        old.bookmark(article_id)
        keep_whole_text_as_then(old, article_id, body(LONG, LONG))
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == before
        columns = {row[1] for row in connection.execute("PRAGMA table_info(articles)")}
        assert "full_error" not in columns
    with Store(path) as store:
        article = store.article(article_id)
        assert article.bookmarked and article.full_document is not None
        assert article.full_error is None and article.full_attempted is None
        store.set_full_error(article_id, "HTTP 503 Service Unavailable\x1b[2J")
        article = store.article(article_id)
        assert article.full_error == "HTTP 503 Service Unavailable" and article.full_attempted
        assert store.kept_needing_text() == []  # it has its whole text
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) > before


def test_the_words_of_a_whole_text_are_found_by_search_and_outlive_a_feed_update(tmp_path: Path) -> None:
    with Store(tmp_path / "store.db") as store:
        source = store.add_source("feed", "http://127.0.0.1:9/feed.xml")
        (article_id,) = store.ingest(source.id, [summary_item("w", "Harbour board meets")]).added
        assert store.search("crossings") == []
        store.bookmark(article_id)
        store.set_full_document(article_id, body(LONG, LONG))
        assert [hit.headline.id for hit in store.search("crossings")] == [article_id]
        changed = summary_item("w", "Harbour board meets")
        changed.document.blocks.append(Paragraph([Span("A correction was added to the summary.")]))
        assert store.ingest(source.id, [changed]).updated == [article_id]  # the feed's item changed
        assert [hit.headline.id for hit in store.search("crossings")] == [article_id]  # the whole text still counts
        store.set_full_document(article_id, None)
        assert store.search("crossings") == [] and [hit.headline.id for hit in store.search("correction")] == [
            article_id
        ]


# --- full text on demand, for any article -------------------------------------------------------


def test_fulltext_fetches_any_article_whole_and_search_finds_it(home: Path, server: LoopbackServer, capsys) -> None:
    serve_site(server)
    assert run(["add", server.url("/feed.xml")], capsys)[0] == 0
    kept = ids_by_title(capsys)[TIMETABLE]
    code, out, _ = run(["search", "first Monday", "--json"], capsys)
    assert kept not in out  # the feed's summary does not hold it
    code, _, err = run(["fulltext", kept], capsys)
    assert code == 0, err
    assert "whole text kept (" in err
    server.stop()  # from here on, no network
    text, _ = shown_text(kept, capsys)
    assert WHOLE in text
    feed_text, _ = shown_text(kept, capsys, "--feed-text")
    assert WHOLE not in feed_text and "morning boat for every island" in feed_text
    code, out, _ = run(["search", "first Monday", "--json"], capsys)
    assert code == 0 and kept in out  # the whole text is searched
    code, out, _ = run(["bookmarks", "--json"], capsys)
    assert json.loads(out) == []  # fetched, not bookmarked


def test_fulltext_failure_is_said_and_loses_nothing(home: Path, server: LoopbackServer, capsys) -> None:
    serve_site(server)
    assert run(["add", server.url("/feed.xml")], capsys)[0] == 0
    kept = ids_by_title(capsys)[TIMETABLE]
    assert run(["fulltext", kept], capsys)[0] == 0
    server.error("/news/ferry-timetable.html", 500)
    code, _, err = run(["fulltext", kept], capsys)
    assert code == 1 and "could not fetch the whole text" in err and "500" in err
    text, _ = shown_text(kept, capsys)
    assert WHOLE in text  # the whole text fetched before is still there
    code, _, err = run(["fulltext", "no-such-id"], capsys)
    assert code == 1 and "no article with id" in err
