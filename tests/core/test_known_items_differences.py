"""Feeds whose read with the item memo (``sources.known_items``) could differ from a whole read.

Each test reads a changed feed twice, with the memo of its earlier version and without,
and wants the same articles, fingerprints and counts (the memo's promise): ill-formed feeds
(feedparser's loose parser), an xml:base feedparser carries from item to item, item tags
hidden in a CDATA section, and the cost of cutting a hostile feed or reading a broken memo.
"""

from __future__ import annotations

import time
from pathlib import Path

import newsreader.sources.feeds as feeds
from newsreader.sources.entries import ParsedFeed
from newsreader.sources.feeds import FeedError, parse_feed
from newsreader.sources.known_items import split_items

URL = "https://example.org/feed.xml"
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")


def rss(items: list[str]) -> bytes:
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
    return (
        f"{head}<title>Feed</title><link>https://example.org/</link>\n{chr(10).join(items)}\n</channel></rss>".encode()
    )


def atom(entries: list[str]) -> bytes:
    head = '<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><link href="https://example.org/"/>'
    return (head + "\n".join(entries) + "</feed>").encode()


def html_item(n: int) -> str:
    """An item whose HTML feedparser's strict and loose parsers give differently (&apos;, <br/>)."""
    return f"<item><title>Story {n}</title><guid>s{n}</guid><description><![CDATA[<p>Words {n}<br/>&apos;q&apos;</p>]]></description></item>"


# An HTML entity XML does not know: the document is ill-formed and feedparser reads it loosely.
ILL_FORMED = "<item><title>Caf&eacute;</title><guid>bad</guid><description>x</description></item>"


def outcome(parsed: object) -> object:
    """What a read gives that a refresh stores: articles, their fingerprints, the counts."""
    if not isinstance(parsed, ParsedFeed):
        return parsed
    return (
        parsed.title,
        parsed.link,
        [(a.title, a.url, a.guid, a.published, a.entry_hash) for a in parsed.items],
        parsed.skipped,
    )


def read(body: bytes, memo: str | None, known: frozenset[str], url: str = URL) -> object:
    try:
        return parse_feed(body, url, known=known, memo=memo)
    except FeedError as error:
        return f"FeedError: {error}"


def with_and_without_memo(before: bytes, after: bytes, url: str = URL) -> tuple[object, object]:
    """``after`` read with the memo and the known fingerprints of reading ``before``, and without the memo."""
    first = parse_feed(before, url, memo="")
    known = frozenset(f for f in first.fingerprints or [] if f)
    if not known:
        known = frozenset(a.entry_hash for a in first.items if a.entry_hash)
    memo = first.memo if first.memo is not None else ""  # none made: the store keeps no memo
    return outcome(read(after, memo, known, url)), outcome(read(after, None, known, url))


def test_an_old_ill_formed_item_is_not_cut_to_read_the_new_items_strictly() -> None:
    with_memo, without = with_and_without_memo(
        rss([ILL_FORMED, html_item(1), html_item(2)]), rss([html_item(3), ILL_FORMED, html_item(1), html_item(2)])
    )
    assert with_memo == without


def test_a_new_ill_formed_item_reads_the_whole_feed_loosely_with_the_memo_too() -> None:
    with_memo, without = with_and_without_memo(
        rss([html_item(1), html_item(2)]), rss([ILL_FORMED, html_item(1), html_item(2)])
    )
    assert with_memo == without


def test_a_new_entry_s_xml_base_that_feedparser_carries_on_reads_the_whole_feed() -> None:
    def entry(n: int, base: str = "") -> str:
        content = f"<content type='html'{base}>&lt;p&gt;x&lt;/p&gt;</content>" if base else ""
        return f"<entry><id>urn:{n}</id><title>E{n}</title><link href='p{n}'/>{content}</entry>"

    with_memo, without = with_and_without_memo(
        atom([entry(1), entry(2)]), atom([entry(3, " xml:base='https://b.example/x/'"), entry(1), entry(2)])
    )
    assert with_memo == without


def test_item_tags_a_cdata_section_hides_around_a_known_item_are_no_cut() -> None:
    known = "<item><title>A</title><guid>a</guid><description>known</description></item>"
    other = "<item><title>B</title><guid>b</guid><description>b</description></item>"
    changed = rss(
        [
            "<item><title>S</title><guid>s</guid><description><![CDATA[hidden: </item>",
            known,  # text of S's description here, not an item
            "<item>]]></description>"
            '<x:item xmlns:x="http://purl.org/rss/1.0/"><title>Y</title><guid>y</guid></x:item></item>',
            other,
        ]
    )
    with_memo, without = with_and_without_memo(rss([known, other]), changed)
    assert with_memo == without


def test_a_hostile_feed_of_nested_openings_cannot_hold_a_refresh() -> None:
    """Not a speed figure (those are the benchmark's): a guard against quadratic work. Each
    opening once searched for its closing past all the others: 780 KB took 4.6 s, so these
    4 MB would take about two minutes; cut in linear time, they take milliseconds."""
    n = 300_000  # 4 MB; feeds of 20 MB are accepted
    body = b'<rss version="2.0"><channel><title>t</title>' + b"<item>" * n + b"</item>" * n + b"</channel></rss>"
    started = time.perf_counter()
    assert split_items(body) is None
    assert time.perf_counter() - started < 10.0


def test_a_deeply_nested_memo_is_no_memo() -> None:
    body = rss([html_item(1)])
    for memo in ("[" * 100_000, '{"context": "x", "items": ' + "[" * 100_000 + "}"):
        assert outcome(read(body, memo, frozenset())) == outcome(read(body, None, frozenset()))


def test_a_memo_made_under_another_feedparser_is_not_used(monkeypatch) -> None:
    """Another feedparser may read the same bytes otherwise: a whole read would store that."""
    body = rss([html_item(n) for n in range(4)])
    first = parse_feed(body, URL, memo="")
    known = frozenset(f for f in first.fingerprints or [] if f)
    read_entries: list[int] = []
    fingerprint = feeds.entry_fingerprint
    monkeypatch.setattr(feeds, "entry_fingerprint", lambda *args: read_entries.append(1) or fingerprint(*args))
    monkeypatch.setattr(feeds.feedparser, "__version__", "0.0.1")
    again = parse_feed(body, URL, known=known, memo=first.memo)
    assert sum(read_entries) == 4 and again.skipped == 4  # read whole: the memo's context is another


def insert_first(body: bytes, item: bytes) -> bytes | None:
    split = split_items(body)
    if split is None or len(split.items) < 2:
        return None
    return split.head + item + b"\n" + body[len(split.head) :]


def test_corpus_feeds_with_an_ill_formed_item_read_the_same_with_the_memo(shared: Path) -> None:
    """Every corpus feed the memo can cut, with an ill-formed item added before its items:
    (1) the ill-formed item old, the feed's first item new; (2) the feed old, the ill-formed item new."""
    bad = {
        b"<item": ILL_FORMED.encode(),
        b"<entry": b"<entry><title>Caf&eacute;</title><id>urn:bad</id><summary>x</summary></entry>",
    }
    differ = []
    for path in sorted((shared / "corpus").rglob("*")):
        if path.suffix.lower() not in FEED_SUFFIXES:
            continue
        body = path.read_bytes()
        split = split_items(body)
        if split is None or len(split.items) < 2:
            continue
        extra = bad[b"<item" if split.items[0].startswith(b"<item") else b"<entry"]
        changed = insert_first(body, extra)
        assert changed is not None
        old_bad = split.head + extra + b"\n" + b"".join(split.items[1:]) + split.tail
        for before, after in ((old_bad, changed), (body, changed)):
            try:
                first = parse_feed(before, str(path), memo="")
            except FeedError:
                continue
            if first.memo is None:
                continue
            known = frozenset(f for f in first.fingerprints or [] if f)
            if outcome(read(after, first.memo, known, str(path))) != outcome(read(after, None, known, str(path))):
                differ.append(path.name)
    assert differ == []
