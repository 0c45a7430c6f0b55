"""parse_feed over the real corpus in ../shared/corpus (skipped when absent; CI requires it).

Every feed gives articles, except the few named in MAY_FAIL, which must fail
with a clear FeedError; where a peer parser's expected output exists
(with-expectations/), titles and dates must agree with it.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from support.paths import SHARED

from newsreader.document.clean import clean_inline
from newsreader.sources.feeds import FeedError, parse_feed

CORPUS = SHARED / "corpus" / "feeds"
FEEDPARSER_TESTS = SHARED / "corpus" / "feedparser-tests"
EXPECTATION_SUFFIXES = (".serde.json", ".expected.json")


def _is_expectation(path: Path) -> bool:
    if path.name.endswith(EXPECTATION_SUFFIXES):
        return True
    # fastfeedparser pairs x.xml with x.json
    return path.suffix == ".json" and path.with_suffix(".xml").exists()


def _feed_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and not _is_expectation(p))


def _ids(paths):
    return [str(p.relative_to(CORPUS)) for p in paths]


FEEDS = _feed_files()
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


def _parse(path: Path):
    return parse_feed(path.read_bytes(), str(path))


# Corpus feeds that may end in a FeedError instead of articles, and why. Every feed of the
# corpus parses, ill-formed ones included (they are repaired): the list is empty, and a
# feed added to it must say why no reader could take articles from it.
MAY_FAIL: dict[str, str] = {}


def test_the_corpus_is_all_there(shared: Path) -> None:
    """FEEDS is listed when the file is collected: a corpus that lost feeds must not pass by testing fewer."""
    assert shared / "corpus" / "feeds" == CORPUS
    assert len(FEEDS) >= 71
    assert set(MAY_FAIL) <= set(_ids(FEEDS))


@needs_corpus
@pytest.mark.parametrize("path", FEEDS, ids=_ids(FEEDS))
def test_every_feed_gives_articles(path):
    name = str(path.relative_to(CORPUS))
    if name in MAY_FAIL:
        with pytest.raises(FeedError) as caught:
            _parse(path)
        assert str(caught.value) and "\n" not in str(caught.value)
        return
    feed = _parse(path)  # a FeedError here fails the test: every other corpus feed must parse
    assert feed.items, f"{path.name}: a feed without items"
    for item in feed.items:
        assert item.title == clean_inline(item.title) and item.title
        assert "\ufffd" not in item.title, f"{path.name}: mis-decoded title {item.title!r}"
        assert item.published is None or datetime.fromisoformat(item.published).utcoffset().total_seconds() == 0
        assert item.document.date == (item.published[:10] if item.published else None)
        assert item.origin == str(path)


def _expected_pairs() -> list[tuple[Path, Path]]:
    base = CORPUS / "with-expectations"
    if not base.is_dir():
        return []
    pairs = []
    for expected in sorted(base.rglob("*.json")):
        if expected.name.endswith(".serde.json"):
            source = expected.with_name(expected.name[: -len(".serde.json")])
            candidates = [source.with_suffix(".xml"), source.with_suffix(".json")]
        elif expected.name.endswith(".expected.json"):
            candidates = [expected.with_name(expected.name[: -len(".expected.json")] + ".json")]
        else:
            candidates = [expected.with_suffix(".xml")]
        for candidate in candidates:
            if candidate.exists() and candidate != expected:
                pairs.append((candidate, expected))
                break
    return pairs


def _expected_entries(expected: Path) -> tuple[str | None, list[tuple[str, str | None]]]:
    data = json.loads(expected.read_text("utf-8"))
    if "feed_type" in data:  # feed-rs serde model
        title = (data.get("title") or {}).get("content")
        entries = [
            ((e.get("title") or {}).get("content") or "", e.get("published") or e.get("updated"))
            for e in data["entries"]
        ]
    else:  # fastfeedparser (feedparser-like) shape
        title = (data.get("feed") or {}).get("title")
        entries = [(e.get("title") or "", e.get("published") or e.get("updated")) for e in data["entries"]]
    return title, entries


def _instant(value: str | None):
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


PAIRS = _expected_pairs()


@needs_corpus
@pytest.mark.parametrize("source, expected", PAIRS, ids=[p[0].name for p in PAIRS])
def test_agrees_with_peer_parser(source, expected):
    feed = _parse(source)
    title, entries = _expected_entries(expected)
    if title:
        assert feed.title == clean_inline(title)
    assert len(feed.items) == len(entries)
    for item, (want_title, want_date) in zip(feed.items, entries):
        if want_title:
            assert item.title == clean_inline(want_title)
        if want_date:
            assert _instant(item.published) == _instant(want_date)


@needs_corpus
@pytest.mark.parametrize(
    "name, count, title",
    [
        ("rss2/economist-asia_en.xml", 300, None),
        (
            "rss2/hackernews-double-escaped_en.xml",
            1,
            "GPTZero case study discovers it's only accurate on less than 50% of text",
        ),
        ("rss2/ukranews_uk-ru.xml", 2, None),
        ("rss2/nytimes-world_en.xml", 57, None),
        ("rss1-rdf/coolloud_zh-tw_big5.rdf", None, None),
        ("illformed/androidauthority-blank-lines-before-xmldecl.xml", 1, None),
        ("illformed/dylanharris-broken-prolog.xml", 35, "jenni tucker"),
        ("jsonfeed/humanwhocodes.json", 10, None),
        ("rss2/time-world_en.xml", 100, None),
    ],
)
def test_corpus_notes(name, count, title):
    path = CORPUS / name
    assert path.exists(), f"{name} is missing from the corpus"
    feed = _parse(path)
    if count is not None:
        assert len(feed.items) == count
    else:
        assert feed.items
    if title is not None:
        assert feed.items[0].title == title


@needs_corpus
def test_titles_in_legacy_encodings():
    cases = {
        "rss2/uol-noticias_pt_latin1-undeclared.xml": "UOL Noticias",
        "rss2/kc0011_zh_gb2312.xml": "投资资讯网交易在线--流通纪念币最新20篇论坛主题-全文",
        "rss2/ukrainska-pravda_uk_windows-1251.xml": "Украинская правда",
        "rss2/nytimes-world_en.xml": "NYT > World News",
    }
    for name, title in cases.items():
        assert _parse(CORPUS / name).title == title
    uol = _parse(CORPUS / "rss2/uol-noticias_pt_latin1-undeclared.xml")
    assert all("\ufffd" not in item.document.plain_text() for item in uol.items)


def _feedparser_suite() -> list[Path]:
    if not FEEDPARSER_TESTS.is_dir():
        return []
    return sorted(
        p for p in FEEDPARSER_TESTS.rglob("*") if p.suffix in (".xml", ".json", ".rdf", ".atom") and p.is_file()
    )


@pytest.mark.skipif(not FEEDPARSER_TESTS.is_dir(), reason="../shared/corpus is not present")
def test_feedparser_suite_never_crashes():
    """All 500-odd upstream test documents: a ParsedFeed or a FeedError, nothing else."""
    failures = []
    for path in _feedparser_suite():
        try:
            _parse(path)
        except FeedError:
            pass
        except Exception as error:
            failures.append(f"{path.relative_to(FEEDPARSER_TESTS)}: {type(error).__name__}: {error}")
    assert not failures, "\n".join(failures)
