"""The fast feed reader must give exactly what feedparser gives, or step aside.

Every comparison parses the same bytes twice: ``parse_feed(..., fast=True)``
(fastfeed when it takes the feed) and ``fast=False`` (feedparser always),
and wants equal articles. Each case also says whether the fast reader must
take the feed, so a change that quietly sends everything to feedparser fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.paths import FIXTURE_ROOT, REPO

from benchmarks import data
from newsreader.sources.fastfeed import read_simple_feed
from newsreader.sources.feeds import FeedError, parse_feed
from newsreader.sources.xmlencoding import bom_wins

FIXTURES = FIXTURE_ROOT
DEMO = REPO / "newsreader" / "demo"
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")


def both(body: bytes, headers: dict[str, str] | None = None, url: str = "https://example.org/feed.xml"):
    """(fast result, feedparser result): a ParsedFeed, or the FeedError message."""
    out = []
    for fast in (True, False):
        try:
            out.append(parse_feed(body, url, headers, fast=fast))
        except FeedError as error:
            out.append(f"FeedError: {error}")
    return out


def assert_same(body: bytes, headers: dict[str, str] | None = None, *, taken: bool | None = True) -> None:
    if taken is not None:
        assert (read_simple_feed(bom_wins(body), headers) is not None) is taken
    fast, slow = both(body, headers)
    assert fast == slow


def rss(items: str, channel: str = "<title>Feed</title><link>https://example.org/</link>", ns: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"{ns}><channel>{channel}{items}</channel></rss>'
    ).encode()


def atom(entries: str, head: str = '<title>Feed</title><link href="https://example.org/"/>') -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">{head}{entries}</feed>'.encode()


# ---------------------------------------------------------------------------- real feeds


def _feed_files(*roots: Path) -> list[Path]:
    return [p for root in roots if root.is_dir() for p in sorted(root.rglob("*")) if p.suffix.lower() in FEED_SUFFIXES]


def test_every_feed_of_ours_reads_the_same_both_ways() -> None:
    files = _feed_files(FIXTURES, DEMO)
    taken = 0
    for path in files:
        body = path.read_bytes()
        taken += read_simple_feed(bom_wins(body)) is not None
        fast, slow = both(body, url=str(path))
        assert fast == slow, path
    assert taken >= 2  # at least the demo's RSS and Atom feeds


def test_every_corpus_feed_reads_the_same_both_ways(shared: Path) -> None:
    files = _feed_files(shared / "corpus")
    taken = 0
    for path in files:
        body = path.read_bytes()
        taken += read_simple_feed(bom_wins(body)) is not None
        for headers in (None, {"Content-Type": "text/xml"}, {"Content-Type": "application/rss+xml; charset=utf-8"}):
            fast, slow = both(body, headers, url=str(path))
            assert fast == slow, (path, headers)
    assert taken >= 150  # 205 of the corpus's feeds were simple when this was written


def test_the_benchmark_feeds_are_simple_and_read_the_same() -> None:
    for feed in range(3):
        body = data.feed_xml(1, feed, 0, 30, f"http://127.0.0.1/feed/{feed}.xml")
        assert_same(body, {"Content-Type": "application/rss+xml"})


# ---------------------------------------------------------------------------- feedparser's quirks, copied


@pytest.mark.parametrize(
    "item",
    [
        # a guid is the link unless isPermaLink="false" or a link comes first
        "<item><title>A</title><guid>https://example.org/a</guid></item>",
        '<item><title>A</title><guid isPermaLink="false">https://example.org/a</guid></item>',
        '<item><title>A</title><guid isPermaLink="False">https://example.org/a</guid></item>',
        "<item><title>A</title><link>https://example.org/l</link><guid>https://example.org/g</guid></item>",
        "<item><title>A</title><guid>https://example.org/g</guid><link>https://example.org/l</link></item>",
        "<item><title>A</title><link></link><guid>https://example.org/g</guid></item>",
        # query strings written with an entity too many
        "<item><title>A</title><link>https://example.org/?a=1&amp;amp;b=2&amp;c;=3</link></item>",
        # titles: HTML guessed, entities, C1 characters, UTF-8 read as Latin-1
        "<item><title>Caf\u00c3\u00a9 &lt;b&gt;bold&lt;/b&gt;</title></item>",
        "<item><title>Tom &amp;amp; Jerry \u0093quoted\u0094 \u0080</title></item>",
        "<item><title>a &lt; b and c &gt; d</title></item>",
        '<item><title type="html">&lt;i&gt;Styled&lt;/i&gt;</title></item>',
        "<item><title>  </title><description>Only a body, no title at all here.</description></item>",
        # bodies: content:encoded wins, whichever order; a description after it replaces the summary
        "<item><title>A</title><description>&lt;p&gt;short&lt;/p&gt;</description>"
        "<content:encoded><![CDATA[<p>long <b>body</b></p>]]></content:encoded></item>",
        "<item><title>A</title><content:encoded><![CDATA[<p>long</p>]]></content:encoded>"
        "<description>plain words</description></item>",
        "<item><title>A</title><content:encoded>   </content:encoded><description>words</description></item>",
        # dates in every form feedparser reads, and some it does not
        "<item><title>A</title><pubDate>Tue, 05 Mar 2024 09:30:00 +0100</pubDate></item>",
        "<item><title>A</title><pubDate>2024-03-05T09:30:00Z</pubDate><dc:date>2024-03-06</dc:date></item>",
        "<item><title>A</title><dc:date>2024-03-06T10:00:00+02:00</dc:date></item>",
        "<item><title>A</title><pubDate>yesterday-ish</pubDate></item>",
        "<item><title>A</title><pubDate>Mon, 31 Feb 2024 25:61:00 GMT</pubDate></item>",
        # authors: the last wins; "email (name)" is ours to split
        "<item><title>A</title><author>jo@example.org (Jo Reed)</author></item>",
        "<item><title>A</title><author>jo@example.org</author><dc:creator>Jo Reed</dc:creator></item>",
        # images: enclosures, media content and thumbnails, in a media group too
        '<item><title>A</title><enclosure url="https://example.org/a.jpg" type="image/jpeg" length="1"/></item>',
        '<item><title>A</title><enclosure url="https://example.org/a.mp3" type="audio/mpeg"/>'
        '<media:thumbnail url="https://example.org/t.jpg"/></item>',
        '<item><title>A</title><media:content url="https://example.org/m.jpg" medium="image"/>'
        '<media:content url="https://example.org/v.mp4" type="video/mp4"/></item>',
        '<item><title>A</title><media:group><media:content url="https://example.org/g.jpg" type="IMAGE/JPEG"/>'
        "<media:thumbnail>https://example.org/t.png</media:thumbnail></media:group></item>",
        # elements feedparser keeps elsewhere or under their own names
        "<item><title>A</title><category>x</category><comments>https://example.org/c</comments>"
        '<source url="https://example.org/s.xml">Elsewhere</source><dc:subject>y</dc:subject>'
        "<slash:comments>3</slash:comments><wp:extra>1</wp:extra><other>2</other></item>",
        # atom elements inside RSS
        '<item><title>A</title><atom:link href="https://example.org/alt" rel="alternate"/></item>',
        '<item><title>A</title><link>https://example.org/l</link><atom:link href="https://example.org/x.pdf" '
        'type="application/pdf"/></item>',
        # items with nothing to read
        "<item></item>",
        "<item><title>Only a title</title></item>",
    ],
)
def test_rss_items_read_the_same(item: str) -> None:
    ns = (
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom"'
        ' xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:wp="https://wordpress.org/export/1.2/"'
    )
    body = rss(item + "<item><title>Second</title><link>https://example.org/2</link></item>", ns=ns)
    assert_same(body, taken=True)


@pytest.mark.parametrize(
    "entry",
    [
        "<entry><title>A</title><id>https://example.org/id</id><updated>2024-03-05T09:30:00Z</updated></entry>",
        "<entry><id>tag:example.org,2024:1</id><title>A</title><link href='https://example.org/a'/></entry>",
        "<entry><link href='https://example.org/a'/><id>https://example.org/id</id><title>A</title></entry>",
        "<entry><title>A</title><link rel='alternate' type='application/pdf' href='https://example.org/a.pdf'/>"
        "<link rel='enclosure' type='image/png' href='https://example.org/i.png'/></entry>",
        "<entry><title type='html'>&lt;b&gt;A&lt;/b&gt; &amp;amp;</title><summary>plain &lt;b&gt;</summary></entry>",
        "<entry><title>A</title><content type='html'>&lt;p&gt;body&lt;/p&gt;</content>"
        "<summary type='text'>short</summary></entry>",
        "<entry><title>A</title><content>plain body</content></entry>",
        "<entry><title>A</title><author><name>Jo Reed</name><email>jo@example.org</email></author></entry>",
        "<entry><title>A</title><author><email>jo@example.org</email></author>"
        "<contributor><name>Al</name></contributor></entry>",
        "<entry><title>A</title><published>2024-03-05T09:30:00+01:00</published>"
        "<updated>2024-03-06T00:00:00Z</updated><category term='x'/></entry>",
    ],
)
def test_atom_entries_read_the_same(entry: str) -> None:
    assert_same(atom(entry + "<entry><title>Second</title><id>https://example.org/2</id></entry>"), taken=True)


def test_an_atom_feed_without_an_alternate_link_takes_its_id() -> None:
    assert_same(atom("<entry><title>A</title></entry>", head="<title>F</title><id>https://example.org/home</id>"))


# ---------------------------------------------------------------------------- left to feedparser


@pytest.mark.parametrize(
    "body",
    [
        rss("<item><title>A</title><title>B</title></item>"),  # feedparser keeps the first non-empty
        rss("<item><title>A</title><description><p>inline markup</p></description></item>"),
        rss("<item><title>A</title></item>", channel='<title xml:base="https://example.org/">F</title>'),
        rss(
            "<item><title>A</title><media:title>Other</media:title></item>",
            ns=' xmlns:media="http://search.yahoo.com/mrss/"',
        ),
        rss("<item><title>A</title><dc:title>Other</dc:title></item>", ns=' xmlns:dc="http://example.org/not-dc"'),
        rss("<item><title>A</title></item>").replace(b"utf-8", b"x-no-such-codec"),
        atom("<entry><title type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>A</div></title></entry>"),
        atom("<entry><title>A</title><content type='image/png'>iVBORw0KGgo=</content></entry>"),
        atom("<entry><title>A</title><content src='https://example.org/body'/></entry>"),
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>',
        b"<rss version='2.0'><channel><title>Broken</title><item><title>A &nbsp; B</title></item></channel></rss>",
        rss(
            "<item><title>A</title></item>",
            channel="<title>F</title><image><url>u</url><title>I</title></image><itunes:link href='x'/>",
        ).replace(b"<rss ", b'<rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '),
    ],
)
def test_what_the_fast_reader_does_not_model_goes_to_feedparser(body: bytes) -> None:
    assert_same(body, taken=False)


def test_a_charset_the_declaration_contradicts_goes_to_feedparser() -> None:
    assert_same(rss("<item><title>A</title></item>"), {"Content-Type": "text/xml; charset=iso-8859-1"}, taken=False)


@pytest.mark.parametrize("codec", ["iso-8859-1", "windows-1251", "koi8-r", "shift_jis", "windows-1252"])
def test_feeds_in_other_encodings_read_the_same(codec: str) -> None:
    words = {
        "iso-8859-1": "Café déjà vu",
        "windows-1251": "Новости дня",
        "koi8-r": "Новости дня",
        "shift_jis": "今日のニュース",
        "windows-1252": "Smart \u201cquotes\u201d \u2014 and \u20ac",
    }[codec]
    text = (
        f'<?xml version="1.0" encoding="{codec}"?><rss version="2.0"><channel><title>{words}</title>'
        f"<item><title>{words}</title><description>&lt;p&gt;{words}&lt;/p&gt;</description></item></channel></rss>"
    )
    body = text.encode(codec)
    assert_same(body, taken=True)
    assert_same(body, {"Content-Type": f"application/rss+xml; charset={codec}"}, taken=True)
    (fast, _) = both(body)
    assert fast.items[0].title == words


# ---------------------------------------------------------------------------- generated feeds

_TEXT = st.text(alphabet=st.sampled_from(list("ab <>&;é\u0080\u0093\u00c3\u00a9#x/\"' \n")), max_size=12)
_ESCAPED = _TEXT.map(lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
_PARTS = st.sampled_from(
    [
        "<title>{}</title>",
        "<link>{}</link>",
        "<guid>{}</guid>",
        '<guid isPermaLink="false">{}</guid>',
        "<description>{}</description>",
        "<content:encoded>{}</content:encoded>",
        "<pubDate>{}</pubDate>",
        "<dc:date>{}</dc:date>",
        "<author>{}</author>",
        "<dc:creator>{}</dc:creator>",
        "<category>{}</category>",
        '<enclosure url="https://example.org/{}" type="image/jpeg"/>',
        '<media:thumbnail url="https://e.org/{}"/>',
        '<atom:link rel="alternate" href="https://example.org/{}"/>',
        "<comments>{}</comments>",
    ]
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.lists(st.tuples(_PARTS, _ESCAPED), max_size=6), min_size=1, max_size=3), _ESCAPED)
def test_generated_rss_reads_the_same_both_ways(items, channel_title) -> None:
    ns = (
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom"'
    )
    xml_items = "".join(
        "<item>" + "".join(part.format(text.replace('"', "&quot;")) for part, text in item) + "</item>"
        for item in items
    )
    body = rss(xml_items, channel=f"<title>{channel_title}</title>", ns=ns)
    assert_same(body, taken=None)
