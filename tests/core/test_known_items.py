"""A feed's items known by their bytes (``sources.known_items``): skipping them before the XML
is read must give exactly what reading the whole feed gives, or not happen at all.

Every comparison reads the same feed twice, with the memo of an earlier read and without,
and wants equal articles and counts. Each case also says whether the memo must have been
used, counted by the entries fingerprinted, so a change that quietly reads everything fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import newsreader.sources.feeds as feeds
from benchmarks import data
from newsreader.refresh import read_feed
from newsreader.sources.feeds import FeedError, parse_feed
from newsreader.sources.known_items import split_items
from newsreader.store import Store

URL = "https://example.org/feed.xml"
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")


def rss(items: list[str], channel: str = "<title>Feed</title><link>https://example.org/</link>") -> bytes:
    body = "\n".join(items)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{channel}\n{body}\n</channel></rss>'.encode()


def item(n: int, text: str = "") -> str:
    return f"<item><title>Story {n}</title><guid>s{n}</guid><description>Words {n}. {text}</description></item>"


@pytest.fixture
def counted(monkeypatch) -> list[int]:
    """How many entries each read fingerprinted."""
    calls: list[int] = []
    fingerprint = feeds.entry_fingerprint

    def counting(*args):
        calls.append(1)
        return fingerprint(*args)

    monkeypatch.setattr(feeds, "entry_fingerprint", counting)
    return calls


def read_twice(body: bytes, memo: str, known: frozenset[str], url: str = URL, headers=None):
    """(read with the memo, read without it): ParsedFeed or the FeedError message."""
    out = []
    for given in (memo, None):
        try:
            out.append(parse_feed(body, url, headers, known=known, memo=given))
        except FeedError as error:
            out.append(f"FeedError: {error}")
    return out


def same(with_memo, without) -> bool:
    if isinstance(with_memo, str) or isinstance(without, str):
        return with_memo == without
    return (with_memo.title, with_memo.link, with_memo.items, with_memo.skipped) == (
        without.title,
        without.link,
        without.items,
        without.skipped,
    )


def first_read(body: bytes, url: str = URL, headers=None):
    parsed = parse_feed(body, url, headers, memo="")
    return parsed.memo, frozenset(f for f in parsed.fingerprints or [] if f)


# ---------------------------------------------------------------------------- the cut


def test_a_feed_is_cut_into_its_channel_and_items_that_make_it_again() -> None:
    body = rss([item(1), item(2), item(3)])
    split = split_items(body)
    assert split is not None and len(split.items) == 3
    assert split.head + b"".join(split.items) + split.tail == body
    assert split.items[1] == item(2).encode() + b"\n" and split.items[2] == item(3).encode()
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>'
        b"<entry><id>a</id><title>A</title></entry> <entry xml:lang='en'><id>b</id></entry></feed>"
    )
    assert [len(i) for i in split_items(atom).items] == [42, 39]


@pytest.mark.parametrize(
    "body",
    [
        # an item tag inside a CDATA section or a comment: the tags do not add up
        rss([item(1, "<![CDATA[ </item> ]]>"), item(2)]),
        rss([item(1, "<![CDATA[ <item> ]]>"), item(2)]),
        rss(["<!-- <item> -->", item(1)]),
        rss([item(1), "<p>between</p>", item(2)]),  # not side by side
        rss([item(1), "<entry><id>x</id></entry>"]),  # both kinds
        rss([item(1), "<item/>"]),
        rss(["<item><title>never closed</title>"]),
        rss([]),
    ],
)
def test_a_cut_that_is_not_certain_is_no_cut(body: bytes) -> None:
    assert split_items(body) is None


def test_rss_1_s_item_list_in_its_channel_is_no_item() -> None:
    body = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
        b'<channel rdf:about="x"><title>F</title><items><rdf:Seq><rdf:li resource="a"/></rdf:Seq></items></channel>'
        b'<item rdf:about="a"><title>A</title><link>https://example.org/a</link></item></rdf:RDF>'
    )
    split = split_items(body)
    assert split is not None and len(split.items) == 1 and split.items[0].startswith(b'<item rdf:about="a">')


# ---------------------------------------------------------------------------- reading with a memo


def test_a_changed_feed_reads_only_its_new_items_and_gives_what_a_whole_read_gives(counted) -> None:
    cache: dict = {}
    memo, known = first_read(data.feed_xml(1, 0, 0, 30, None, cache))
    newer = data.feed_xml(1, 0, 1, 30, None, cache)  # 5 new items on top; its build date moved
    counted.clear()
    with_memo, without = read_twice(newer, memo, known)
    assert sum(counted) == 5 + 30  # 5 read with the memo, 30 without
    assert same(with_memo, without) and len(with_memo.items) == 5 and with_memo.skipped == 25
    assert with_memo.memo == parse_feed(newer, URL, known=known, memo="").memo  # the same memo either way


def test_a_feed_whose_items_are_all_known_reads_one_for_its_channel(counted) -> None:
    body = rss([item(n) for n in range(10)])
    memo, known = first_read(body)
    moved = body.replace(b"<link>https://example.org/</link>", b"<link>https://example.org/</link><ttl>60</ttl>", 1)
    for feed in (body, rss([item(n) for n in range(10)], "<title>Feed</title><link>https://example.org/</link>")):
        counted.clear()
        with_memo, without = read_twice(feed, memo, known)
        assert sum(counted) == 1 + 10 and same(with_memo, without) and with_memo.skipped == 10
    counted.clear()
    with_memo, without = read_twice(moved, memo, known)  # another channel: read whole both ways
    assert sum(counted) == 20 and same(with_memo, without)


@pytest.mark.parametrize(
    "change",
    [
        lambda body: body.replace(b"<title>Feed</title>", b"<title>Another name</title>"),  # in every fingerprint
        lambda body: body.replace(b'version="2.0">', b'version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'),
        lambda body: body.replace(b"<channel>", b'<channel xml:base="https://elsewhere.example/">'),
    ],
)
def test_a_memo_made_under_another_channel_is_not_used(change, counted) -> None:
    body = rss([item(n) for n in range(6)])
    memo, known = first_read(body)
    counted.clear()
    with_memo, without = read_twice(change(body), memo, known)
    assert sum(counted) == 12 and same(with_memo, without)


def test_the_memo_of_another_address_or_content_type_is_not_used(counted) -> None:
    body = rss([item(n) for n in range(4)])
    memo, known = first_read(body, headers={"Content-Type": "application/rss+xml"})
    for url, headers in (
        (URL + "?moved", {"Content-Type": "application/rss+xml"}),
        (URL, {"Content-Type": "text/xml"}),
    ):
        counted.clear()
        with_memo, without = read_twice(body, memo, known, url, headers)
        assert sum(counted) == 8 and same(with_memo, without)


def test_an_item_the_store_no_longer_holds_is_read_again(counted) -> None:
    body = rss([item(n) for n in range(5)])
    memo, known = first_read(body)
    gone = sorted(known)[0]  # removed from the store (by hand, or by retention)
    counted.clear()
    with_memo, without = read_twice(body, memo, known - {gone})
    assert sum(counted) == 1 + 5 and same(with_memo, without) and len(with_memo.items) == 1


@pytest.mark.parametrize(
    ("declared", "charset", "cut"),
    [
        ("utf-8", None, True),
        (None, "utf-8", True),
        ("iso-8859-1", None, False),
        ("iso-2022-jp", None, False),  # stateful: "<item>" may be the bytes of other characters
        ("utf-8", "windows-1252", False),  # they disagree: not read by fastfeed
    ],
)
def test_only_a_feed_in_utf_8_is_cut(declared: str | None, charset: str | None, cut: bool) -> None:
    declaration = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
    body = rss([item(n) for n in range(3)]).replace(b'<?xml version="1.0" encoding="utf-8"?>', declaration.encode())
    headers = {"Content-Type": f"application/rss+xml; charset={charset}"} if charset else None
    assert (parse_feed(body, URL, headers, memo="").memo is not None) is cut


def test_a_broken_memo_is_no_memo() -> None:
    body = rss([item(n) for n in range(3)])
    _, known = first_read(body)
    for memo in ("{", "[]", '{"context": 1, "items": []}', '{"context": "x", "items": {"a": 1}}'):
        with_memo, without = read_twice(body, memo, known)
        assert same(with_memo, without)


def test_every_corpus_feed_reads_the_same_with_its_memo(shared: Path) -> None:
    files = [p for p in sorted((shared / "corpus").rglob("*")) if p.suffix.lower() in FEED_SUFFIXES]
    used = 0
    for path in files:
        body = path.read_bytes()
        try:
            memo, known = first_read(body, str(path))
        except FeedError:
            continue
        # the first of its stored entries gone: the rest are skipped by the memo where it applies
        for held in (known, known - set(sorted(known)[:1])):
            with_memo, without = read_twice(body, memo, held, str(path))
            assert same(with_memo, without), path
        used += memo is not None
    # feeds the memo can cut (UTF-8, read whole by fastfeed): 111 of the 488 that read, when this was written
    assert used >= 90


# ---------------------------------------------------------------------------- kept with the source


def test_the_memo_is_kept_with_the_source_by_the_write_of_its_articles(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        source = store.add_source("feed", URL)
        assert store.item_memo(source.id) is None
        body = rss([item(n) for n in range(3)])
        first = read_feed(body, URL, memo="")
        assert store.ingest_many([(source.id, first.batch)])[0].added
        memo = store.item_memo(source.id)
        assert memo is not None and memo == first.batch.item_memo
        again = read_feed(body + b" ", URL, known=store.entry_hashes(source.id), memo=memo)
        assert again.batch.articles == [] and again.batch.listed == 3
        store.ingest_prepared(source.id, again.batch)  # nothing new: the memo is still written
        assert store.item_memo(source.id) == again.batch.item_memo
