"""sources.feeds: one tiny fixture per behaviour (tests/fixtures/feeds/), expectation beside it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from support.paths import FIXTURE_ROOT

from newsreader.document.blocks import Image, Paragraph
from newsreader.sources.feeds import FeedError, declares_entities, discover_feeds, parse_feed

FIXTURES = FIXTURE_ROOT / "feeds"
ORIGIN = "https://feeds.example.org/feed.xml"


def parse(name: str, origin: str = ORIGIN):
    return parse_feed((FIXTURES / name).read_bytes(), origin)


def text_of(item) -> str:
    return item.document.plain_text()


def test_rss2_basic():
    feed = parse("rss2_basic.xml")
    assert feed.title == "Example News" and feed.link == "https://news.example.org/"
    (item,) = feed.items
    assert item.title == "Council approves the new bridge"
    assert item.guid == "bridge-2024" and item.url == "https://news.example.org/bridge"
    assert item.published == "2024-05-07T07:30:00+00:00"  # +0200 to UTC
    assert item.origin == ORIGIN
    doc = item.document
    assert doc.date == "2024-05-07" and doc.source == "Example News" and doc.url == item.url
    assert "The council voted 7 to 2." in text_of(item) and "Work starts in June." in text_of(item)
    assert "<p>" not in text_of(item)


def test_content_encoded_preferred_over_description():
    (item,) = parse("rss2_content_encoded.xml").items
    assert "The whole second paragraph." in text_of(item)
    assert "Only the teaser" not in text_of(item)


def test_rss091_with_public_doctype_is_accepted():
    feed = parse("rss091_netscape_doctype.xml")
    (item,) = feed.items
    assert item.title == "Café opens"
    assert item.published is None and item.document.date is None
    assert item.guid is None and item.url == "http://old.example.org/cafe"
    assert text_of(item) == "A plain text summary with no markup at all."


def test_rss1_rdf():
    feed = parse("rss1_rdf.rdf")
    assert feed.title == "RDF Site"
    (item,) = feed.items
    assert item.title == "First RDF item" and item.published == "2023-11-02T07:00:00+00:00"


def test_atom10_content_and_author():
    feed = parse("atom10.xml")
    assert feed.title == "Atom & Co"  # type="html": entity decoded once more, no markup
    (item,) = feed.items
    assert item.guid == "urn:uuid:entry-1" and item.url == "https://atom.example.org/entry"
    assert item.published == "2024-02-01T10:00:00+00:00"  # only <updated>: used as the date
    assert item.document.author == "Ann Author"
    assert "Atom content." in text_of(item) and "The summary" not in text_of(item)


def test_atom03():
    (item,) = parse("atom03.xml").items
    assert item.title == "Old atom entry" and item.published == "2005-07-31T12:29:29+00:00"
    assert item.guid == "tag:atom03.example.org,2005:entry"


def test_json_feed_11():
    feed = parse("jsonfeed11.json", "https://json.example.org/feed.json")
    assert feed.title == "JSON Example"
    first, second = feed.items
    assert first.title == "First JSON item" and first.guid == "1"
    assert first.published == "2024-03-04T10:06:07+00:00"
    assert first.document.author == "Jay Son"
    assert isinstance(first.document.blocks[0], Image) and first.document.blocks[0].url.endswith("one.jpg")
    assert "Hello JSON." in text_of(first)
    assert second.guid == "2" and second.url == "https://json.example.org/two"
    assert second.published is None  # "not a date"
    assert second.title == "An untitled note."
    assert [b.text for b in second.document.blocks if isinstance(b, Paragraph)] == [
        "An untitled note.",
        "Second paragraph.",
    ]


def test_json_feed_10():
    (item,) = parse("jsonfeed10.json").items
    assert item.title == "Version one item" and item.published == "2019-01-01T00:00:00+00:00"
    assert item.document.author == "Old Author" and text_of(item) == "Summary text."


@pytest.mark.parametrize("name", ["billion_laughs.xml", "xxe_file.xml", "xxe_parameter.xml"])
def test_entity_declarations_refused_before_any_expansion(name):
    started = time.monotonic()
    with pytest.raises(FeedError, match="declares XML entities"):
        parse(name)
    # A generous bound that tells a byte-scan refusal (milliseconds) from an expansion that runs
    # for minutes, on any machine however loaded; the speed itself belongs in the benchmark.
    assert time.monotonic() - started < 30


def test_entity_declaration_in_utf16_refused():
    body = (FIXTURES / "xxe_file.xml").read_text("utf-8").replace('<?xml version="1.0"?>', "")
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(body.encode("utf-16"), ORIGIN)


def test_comment_before_the_doctype_does_not_hide_it():
    body = b'<?xml version="1.0"?><!-- <rss> --><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss/>'
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(body, ORIGIN)


def test_entity_word_inside_content_is_fine():
    body = b'<rss version="2.0"><channel><title>t</title><item><title>About &lt;!ENTITY&gt; attacks</title></item></channel></rss>'
    assert not declares_entities(body)
    assert "attacks" in parse_feed(body, ORIGIN).items[0].title


def test_bad_dates_never_crash():
    items = {i.guid: i for i in parse("bad_dates.xml").items}
    assert set(items) == {"d1", "d2", "d3", "d4", "d5"}
    assert items["d1"].published is None and items["d2"].published is None and items["d3"].published is None
    assert items["d4"].published == "2026-01-01T04:30:00+00:00" and items["d4"].document.date == "2026-01-01"


def test_missing_guids():
    first, second, third = parse("missing_guids.xml").items
    assert first.guid is None and first.url == "https://feeds.example.org/relative/story"  # the document's base
    assert second.guid is None and second.url is None and second.title == "Nothing but a title"
    assert third.title.startswith("Nothing but a description")


def test_titles_are_cleaned():
    feed = parse("html_in_titles.xml")
    assert feed.title == "Titles & Tags"
    titles = {i.guid: i.title for i in feed.items}
    assert titles["t1"] == "Bold claim & counter\u2011claim"
    assert titles["t2"] == "Padded title"
    assert titles["t3"] == "Escape red evil"
    assert titles["t4"] == "AT&T earnings"


def test_images_kept():
    items = {i.guid: i.document.blocks for i in parse("images.xml").items}
    assert [b.url for b in items["i1"] if isinstance(b, Image)] == ["https://pics.example.org/a.jpg"]
    assert [b.url for b in items["i2"] if isinstance(b, Image)] == ["https://pics.example.org/b-large.jpg"]
    assert [b.url for b in items["i3"] if isinstance(b, Image)] == ["https://pics.example.org/c.jpg"]
    assert not [b for b in items["i4"] if isinstance(b, Image)]


def test_links_resolved_and_unsafe_dropped():
    relative, script = parse("links.xml").items
    assert relative.url == "https://feeds.example.org/story.html"  # relative to the feed's own address
    local = parse_feed((FIXTURES / "links.xml").read_bytes(), "/tmp/links.xml").items[0]
    assert local.url == "https://links.example.org/news/story.html"  # a file: relative to the channel link
    assert script.url is None


def test_empty_channel_is_a_feed_without_items():
    feed = parse("empty_channel.xml")
    assert feed.title == "Quiet" and feed.items == []


@pytest.mark.parametrize(
    "name, message",
    [("not_a_feed.html", "looks like an HTML page"), ("empty.xml", "empty"), ("plain_words.txt", "not a feed")],
)
def test_not_a_feed(name, message):
    with pytest.raises(FeedError, match=message):
        parse(name)


def test_bad_json():
    with pytest.raises(FeedError, match="invalid JSON"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": [', ORIGIN)
    with pytest.raises(FeedError, match="not a JSON Feed"):
        parse_feed(b'{"hello": "world"}', ORIGIN)


def test_local_paths_are_never_opened(tmp_path):
    # bytes that happen to be a file name are parsed as content, never read from disk
    target = tmp_path / "secret.xml"
    target.write_text('<rss version="2.0"><channel><title>SECRET</title></channel></rss>')
    with pytest.raises(FeedError):
        parse_feed(str(target).encode(), ORIGIN)


def test_discover_feeds():
    page = (FIXTURES / "not_a_feed.html").read_text()
    found = discover_feeds(page, "https://site.example.org/blog/post")
    assert found[:2] == ["https://site.example.org/feeds/all.rss", "https://other.example.org/atom.xml"]
    assert "https://site.example.org/feed" in found and "https://site.example.org/index.xml" in found
    assert len(found) == len(set(found))


def test_discover_feeds_without_links():
    assert discover_feeds("<html></html>", "https://x.example.org/a/b")[0] == "https://x.example.org/feed"


def test_rss_author_email_gives_way_to_the_name() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>One</title><link>https://example.org/1</link>"
        b"<author>culture@harbour-tribune.example (Ida Rowan)</author></item></channel></rss>"
    )
    (item,) = parse_feed(body, "https://example.org/feed").items
    assert item.document.author == "Ida Rowan"


def test_entry_fingerprints_tell_apart_values_that_join_to_the_same_text():
    from newsreader.sources.entries import entry_fingerprint

    def fingerprint(**entry):
        return entry_fingerprint(entry, "https://example.org/feed", "Feed", None)

    assert fingerprint(title="ab", summary="c") != fingerprint(title="a", summary="bc")
    assert fingerprint(title="x", link=None) != fingerprint(title="x", link="None")
    assert fingerprint(title="x", content=[{"type": "text/html", "value": "<p>1</p>"}]) != fingerprint(
        title="x", content=[{"type": "text/html", "value": "<p>2</p>"}]
    )
    # Equal entries give equal fingerprints: whatever order feedparser filled them in, and in any
    # process (a fingerprint stored by one refresh is compared in the next: no hash()).
    forwards = fingerprint(title="same", link="https://example.org/1", summary="s")
    assert forwards == fingerprint(summary="s", link="https://example.org/1", title="same")
    code = (
        "from newsreader.sources.entries import entry_fingerprint; "
        "print(entry_fingerprint({'title': 'same', 'link': 'https://example.org/1', 'summary': 's'}, "
        "'https://example.org/feed', 'Feed', None))"
    )
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert done.stdout.strip() == forwards, done.stderr
