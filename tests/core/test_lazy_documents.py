"""Feed items kept as their HTML at refresh, their blocks built when read (store.documents).

An article stored that way must read, search and link exactly as one built at once:
the same document, the same rendering, the same search text and snippets, the same
related links and the same own texts for the resolver.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from support.old_stores import add_source_as_then, ingest_as_then

import newsreader.sources.entries as entries
import newsreader.sources.feeds as feeds
from benchmarks import data
from newsreader.document.blocks import Document, Image
from newsreader.document.feed_blocks import html_blocks, with_images
from newsreader.document.texts import own_texts
from newsreader.related import resolve_all
from newsreader.render import render_document
from newsreader.store import Store
from newsreader.store.documents import LazyDocument, document_from_json, document_to_json, quick_reading
from newsreader.store.migrations import MIGRATIONS
from newsreader.store.related_links import block_texts, related_links_in

BASE = "https://news.example/story"

BODIES = [
    "<p>The harbour reopened on Monday.</p><p>Ships queued <em>all night</em> at the <a href='/locks'>locks</a>.</p>",
    "<p>Officials named the priorities:</p><ul><li>cheaper berths</li><li>a shared <b>customs</b> point</li></ul>",
    "<blockquote><p>\u201cWe sail at dawn.\u201d</p><p>Second line.</p><footer>Ana Ortis</footer></blockquote><p>After.</p>",
    "<h2>Background</h2><p>Text &amp; more text&nbsp;here.</p>\n\n<div>A div line<br>and a break</div>",
    "<p>Body.</p><p>Read more: <a href='https://news.example/older'>Older headline</a> - The Courier</p>",
    "<p>Body.</p><h3>Related stories</h3><ul><li><a href='https://a.example/1'>First</a></li>"
    "<li><a href='https://a.example/2'>Second</a></li></ul>",
    "<p>Body text.</p><p>See also: Unlinked headline - Daily Post</p><p>Tail paragraph.</p>",
    "Words with no tag at all, &amp; an entity.",
    "<P CLASS='lede'>Upper-case <EM>tags</EM></P><p-note>A custom element's name</p-note>",
]

# Bodies the refresh must build at once: the quick reading would not say what the HTML reader says.
BUILT = [
    "<p>Hidden <span style='display:none'>secret</span> words</p>",
    "<p>With <img src='https://img.example/a.jpg' alt='a picture'> inside</p>",
    "<ul><li>one<ul><li>nested</li></ul></li></ul>",
    "<p>\u201cWe sail,\u201d said Ortis.</p>",
    "<p>The sign read <q>closed</q>.</p>",
    "<p>Control &#27;[2J here</p>",
    "<table><tr><td>a</td><td>b</td></tr></table>",
    "<p>Unclosed < sign</p>",
    "<p>A closing tag with no opening one.</p></blockquote><p>After.</p>",
    "<p>An unknown <blink>tag</blink>.</p>",
]


def _bench_bodies() -> list[str]:
    return [data.item_html(data.make_item(1, feed, number)) for feed in range(4) for number in range(30)]


@pytest.mark.parametrize("body", BODIES + _bench_bodies())
def test_quick_reading_says_what_the_built_blocks_say(body: str) -> None:
    reading = quick_reading(body, BASE)
    assert reading is not None
    built = Document(title="T", blocks=html_blocks(body, BASE))
    text, related, _layout = reading
    assert text == built.plain_text()
    assert related == built.related_links
    lazy = LazyDocument(body, BASE, [], *reading, title="T")
    stored = document_to_json(lazy)
    assert '"html":' in stored and '"blocks":' not in stored
    assert document_from_json(stored) == built
    assert related_links_in(stored) == built.related_links
    assert block_texts(stored, text) == own_texts(built)
    assert block_texts(stored) == own_texts(built)  # without the text: built from the HTML


@pytest.mark.parametrize("body", BUILT)
def test_bodies_the_quick_reading_cannot_say_are_built(body: str) -> None:
    assert quick_reading(body, BASE) is None


def test_a_lazy_document_is_its_built_document() -> None:
    body = BODIES[0]
    lazy = LazyDocument(body, BASE, ["https://img.example/lead.jpg"], "ignored", title="T", url=BASE)
    assert not lazy.built
    built = Document(
        title="T",
        url=BASE,
        blocks=with_images(html_blocks(body, BASE), [Image("", "https://img.example/lead.jpg")]),
    )
    assert lazy == built and built == lazy
    assert lazy.built and lazy.blocks == built.blocks
    assert document_from_json(document_to_json(built)) == built  # built: stored as blocks


def _feed(feed: int) -> bytes:
    return data.feed_xml(1, feed, 0, 30, f"http://127.0.0.1/feed/{feed}.xml")


def _store_feeds(path: Path, lazy: bool, monkeypatch: pytest.MonkeyPatch, feeds_count: int = 6) -> Store:
    with monkeypatch.context() as patch:
        if not lazy:
            patch.setattr(entries, "quick_reading", lambda html, base: None)
        store = Store(path)
        for number in range(feeds_count):
            url = f"http://127.0.0.1/feed/{number}.xml"
            parsed = feeds.parse_feed(_feed(number), url)
            store.ingest(store.add_source("feed", url).id, parsed.items)
        resolve_all(store)
    return store


def _rendered(document: Document) -> str:
    console = Console(width=100, record=True, color_system=None, markup=False, highlight=False, emoji=False)
    console.print(render_document(document))
    return console.export_text()


def test_a_feed_stored_raw_reads_searches_and_links_as_one_built_at_once(tmp_path: Path, monkeypatch) -> None:
    lazy = _store_feeds(tmp_path / "lazy.db", True, monkeypatch)
    eager = _store_feeds(tmp_path / "eager.db", False, monkeypatch)
    try:
        with lazy._db.reading() as db:
            kept_raw = db.execute(
                "SELECT count(*) FROM (SELECT body_document(body) AS document FROM articles)"
                " WHERE document LIKE '{%\"html\":%' AND document NOT LIKE '%\"blocks\":%'"
            ).fetchone()[0]
        assert kept_raw == lazy.count() == eager.count() == 180
        ids = [h.id for h in eager.headlines(limit=1000)]
        assert [h.id for h in lazy.headlines(limit=1000)] == ids
        for article_id in ids:
            built, raw = eager.article(article_id), lazy.article(article_id)
            assert raw.document == built.document
            assert raw.text == built.text
            assert lazy.links.targets(article_id) == eager.links.targets(article_id)
            assert _rendered(raw.document) == _rendered(built.document)
        assert lazy.documents(ids[:20]) == eager.documents(ids[:20])
        for query in ("harbour", "said", ids and eager.article(ids[0]).title.split()[0], "priorities"):
            hits = [(h.headline.id, h.snippet, h.highlights) for h in lazy.search(query)]
            assert hits == [(h.headline.id, h.snippet, h.highlights) for h in eager.search(query)]
    finally:
        lazy.close()
        eager.close()


def test_a_store_of_the_old_layout_reads_its_articles_and_takes_raw_ones(tmp_path: Path, monkeypatch) -> None:
    """Every stored document of before (blocks) still reads; new items are kept as HTML beside them."""
    path = tmp_path / "old.db"
    url = "http://127.0.0.1/feed/0.xml"
    with monkeypatch.context() as patch:
        patch.setattr(entries, "quick_reading", lambda html, base: None)
        items = feeds.parse_feed(_feed(0), url).items
    old = Store(path, migrations=MIGRATIONS[:-1])
    ids = ingest_as_then(old, add_source_as_then(old, "feed", url), items)
    old.close()
    before = dict(zip(ids, (item.document for item in items)))
    with Store(path) as store:
        for article_id, document in before.items():
            assert store.article(article_id).document == document
            assert _rendered(store.article(article_id).document) == _rendered(document)
        url = "http://127.0.0.1/feed/1.xml"
        added = store.ingest(store.add_source("feed", url).id, feeds.parse_feed(_feed(1), url).items).added
        assert len(added) == 30
        resolve_all(store)
        for article_id in added:
            assert store.article(article_id).document.blocks
        assert store.search(store.article(added[0]).title)
