"""sources.opml: reading real and broken OPML, writing it back, round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.paths import FIXTURE_ROOT, SHARED

from newsreader.sources.opml import OpmlEntry, OpmlError, SkippedOutline, read_opml, read_opml_report, write_opml

FIXTURES = FIXTURE_ROOT / "opml"
CORPUS = SHARED / "corpus" / "opml"


def read(name: str) -> list[OpmlEntry]:
    return read_opml((FIXTURES / name).read_bytes())


def test_nested_folders_duplicates_and_unsafe_urls():
    assert read("nested.opml") == [
        OpmlEntry("https://top.example.org/feed", "Top feed", None),
        OpmlEntry("https://world.example.org/rss", "World", "News"),
        OpmlEntry("https://kyiv.example.org/atom.xml", "Kyiv", "News/Europe"),
    ]


def test_what_is_left_out_is_reported_with_why():
    report = read_opml_report((FIXTURES / "nested.opml").read_bytes())
    assert report.entries == read("nested.opml")
    assert report.skipped == [
        SkippedOutline("https://world.example.org/rss", "Duplicate", None, "duplicate"),
        SkippedOutline("|~/fetch.sh", "Piped", None, "not-http"),
        SkippedOutline("file:///etc/passwd", "Local", None, "not-http"),
    ]
    assert [s.message for s in report.skipped] == [
        "listed twice in the file",
        "not an http or https address",
        "not an http or https address",
    ]


LEFT_OUT = (
    '<opml version="2.0"><body><outline text="Folder">'
    '<outline type="rss" text="No xmlUrl" htmlUrl="https://page.example/"/>'
    '<outline type="atom" text="Bare"/>'
    '<outline type="rss" text="No host" xmlUrl="https:///feed"/>'
    '<outline text="Note"/>'  # an empty folder or a note: not a feed, nothing to report
    '<outline text="Kept" xmlUrl="https://kept.example/rss"/>'
    "</outline></body></opml>"
)


@pytest.mark.parametrize("broken", [False, True], ids=["xml", "lenient"])
def test_feed_outlines_without_a_usable_address_are_reported(broken):
    text = LEFT_OUT.replace("<body>", "<body><bad attr=x>") if broken else LEFT_OUT  # XML refuses: the lenient scan
    report = read_opml_report(text.encode())
    assert report.entries == [OpmlEntry("https://kept.example/rss", "Kept", "Folder")]
    assert [(s.address, s.title, s.folder, s.reason) for s in report.skipped] == [
        ("https://page.example/", "No xmlUrl", "Folder", "no-address"),
        (None, "Bare", "Folder", "no-address"),
        ("https:///feed", "No host", "Folder", "no-host"),
    ]


def test_a_broken_file_with_only_unusable_feeds_is_read_not_refused():
    report = read_opml_report(b'<opml><body><outline xmlUrl="|cmd" text="A & B"/></body>')
    assert report.entries == [] and [s.reason for s in report.skipped] == ["not-http"]


def test_opml1_in_latin1():
    assert read("opml1.opml") == [OpmlEntry("http://cafe.example.org/rss.xml", "Café society", None)]


def test_raw_ampersands_recovered():
    assert read("broken_ampersand.opml") == [
        OpmlEntry("https://tj.example.org/feed?a=1&b=2", "Tom & Jerry", "Stuff & Things")
    ]


def test_quotes_inside_attributes_recovered():
    entries = read("broken_quotes.opml")
    assert [e.url for e in entries] == ["https://gazeta.example.org/main.xml", "https://second.example.org/rss"]
    assert entries[1] == OpmlEntry("https://second.example.org/rss", "Second", "Papers")


def test_unreadable_opml_names_the_line():
    with pytest.raises(OpmlError, match=r"invalid token\) at line 4, column 31$"):
        read("garbage.opml")


def test_entities_refused():
    with pytest.raises(OpmlError, match="declares XML entities"):
        read("billion_laughs.opml")


def test_not_opml():
    with pytest.raises(OpmlError, match="root element is <rss>"):
        read("not_opml.xml")


def test_write_then_read_round_trips():
    entries = [
        OpmlEntry("https://a.example.org/feed", "A & B <c>", None),
        OpmlEntry("https://b.example.org/feed?x=1&y=2", None, "News"),
        OpmlEntry("https://c.example.org/feed", 'Кyiv "Post"', "News/Europe"),
        OpmlEntry("https://d.example.org/feed", "Back at the top", None),
        OpmlEntry("https://e.example.org/feed", "News again", "News"),
    ]
    text = write_opml(entries)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert read_opml(text.encode("utf-8")) == entries


def test_write_skips_non_feed_sources():
    class FakeSource:
        def __init__(self, kind, address, title=None, folder=None):
            self.kind, self.address, self.title, self.folder = kind, address, title, folder

    text = write_opml([FakeSource("feed", "https://f.example.org/rss", "F", "X"), FakeSource("file", "/home/me/a.txt")])
    assert read_opml(text.encode()) == [OpmlEntry("https://f.example.org/rss", "F", "X")]


_names = (
    st.text(
        st.characters(
            min_codepoint=0x20,
            max_codepoint=0x2FF,
            blacklist_categories=("Cc", "Cf", "Zs", "Mn", "Zl", "Zp"),
            blacklist_characters="/",
        ),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(lambda s: s and s == " ".join(s.split()))
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10_000),
            st.one_of(st.none(), _names),
            st.one_of(st.none(), st.lists(_names, min_size=1, max_size=3)),
        ),
        max_size=12,
        unique_by=lambda t: t[0],
    )
)
def test_round_trip_property(rows):
    entries = [
        OpmlEntry(f"https://feed{n}.example.org/rss", title, "/".join(folder) if folder else None)
        for n, title, folder in rows
    ]
    assert read_opml(write_opml(entries).encode("utf-8")) == entries


CORPUS_FILES = sorted(CORPUS.glob("*.opml")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_corpus_reads_or_fails_clearly_and_round_trips(path):
    try:
        entries = read_opml(path.read_bytes())
    except OpmlError as error:
        assert path.name in ("newsboat-body-element-missing.opml", "newsboat-opml-element-missing.opml"), error
        return
    assert entries
    assert all(e.url.startswith(("http://", "https://")) for e in entries)
    assert len({e.url for e in entries}) == len(entries)
    assert read_opml(write_opml(entries).encode("utf-8")) == entries


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_corpus_details():
    subs = read_opml((CORPUS / "netnewswire-Subs.opml").read_bytes())
    no_titles = read_opml((CORPUS / "netnewswire-SubsNoTitleAttributes.opml").read_bytes())
    assert [e.url for e in subs] == [e.url for e in no_titles]
    assert all(e.title for e in no_titles)  # text= stands in for title=
    piped = read_opml((CORPUS / "newsboat-piped.opml").read_bytes())
    assert all(not e.url.startswith("|") for e in piped)
    ukraine = read_opml((CORPUS / "plenary-Ukraine.opml").read_bytes())
    assert {e.folder for e in ukraine} == {"Ukraine"}
    for name in ("plenary-News.opml", "plenary-United-Kingdom.opml", "plenary-Russia.opml"):
        assert read_opml((CORPUS / name).read_bytes()), name  # not well-formed, recovered
    example = read_opml((CORPUS / "newsboat-example.opml").read_bytes())
    assert ("https://blogs.example.com/~mike/.rss", "Blogs/friends") in [(e.url, e.folder) for e in example]


def test_the_feed_scheme_some_readers_export_is_read_as_the_web_address():
    text = (
        '<opml version="2.0"><body>'
        '<outline text="A" xmlUrl="feed://a.example/rss"/>'
        '<outline text="B" xmlUrl="feed:https://b.example/atom.xml"/>'
        '<outline text="C" xmlUrl="feed:ftp://c.example/x"/>'
        "</body></opml>"
    )
    report = read_opml_report(text.encode())
    assert [e.url for e in report.entries] == ["http://a.example/rss", "https://b.example/atom.xml"]
    assert [(s.address, s.reason) for s in report.skipped] == [("feed:ftp://c.example/x", "not-http")]
