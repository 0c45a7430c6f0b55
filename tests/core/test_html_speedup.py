"""The fast tokenizer gives exactly the blocks the stdlib ``HTMLParser`` loop gives.

``tolerant.TolerantParser.goahead`` has a fast path for plain start and end
tags that runs where the stdlib is the code it mirrors (``FAST_TOKENIZER``);
elsewhere the stdlib loop runs. The reader is run both ways over every HTML
fixture, every item body of every feed in the shared corpus (extracted with
feedparser as a refresh does), the corpus's saved pages, the benchmark's
generated items, pathological inputs and hypothesis-generated tag soup; the
blocks (and, for whole pages, the Documents) must be equal. When the speed-up
landed (commit b83eb97) the same inputs were compared with a frozen copy of the
reader from before it, with no difference. No timings here: see BENCHMARKS.md.

Both ways are forced, whatever this Python's gate says: on a Python where the
gate keeps the fast path off, the comparisons still say whether the fast path
reads as that Python's html.parser does (a difference there is why the gate is
closed). The gate itself is tested first: what each Python runs is the path
its gate names, and the gate closes when html.parser changes.
"""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.paths import FIXTURE_ROOT

from newsreader.document.html import parse_html, parse_html_page, tolerant

FIXTURES = FIXTURE_ROOT
BASE = "https://harbor.example/news/"


def read_with(fast: bool, read, *args):
    """``read(*args)`` with the fast path on or off, whatever the gate says on this Python."""
    gate, tolerant.FAST_TOKENIZER = tolerant.FAST_TOKENIZER, fast
    try:
        return read(*args)
    finally:
        tolerant.FAST_TOKENIZER = gate


def read_with_stdlib_loop(read, *args):
    """``read(*args)`` with the fast path off: what a Python with another html.parser runs."""
    return read_with(False, read, *args)


def read_with_fast_path(read, *args):
    return read_with(True, read, *args)


def assert_same(markup: object, base_url: str | None, page: bool = True) -> None:
    """The blocks (and page Document) are the same with the fast path and without it."""
    assert read_with_fast_path(parse_html, markup, base_url) == read_with_stdlib_loop(parse_html, markup, base_url)
    if page:
        fast = read_with_fast_path(parse_html_page, markup, base_url)
        assert fast == read_with_stdlib_loop(parse_html_page, markup, base_url)


# --- the gate --------------------------------------------------------------------------


def test_the_gate_is_open_exactly_for_a_known_html_parser() -> None:
    fingerprint = tolerant.stdlib_fingerprint()
    assert fingerprint is not None  # this Python's html.parser has every part the fingerprint reads
    assert (fingerprint in tolerant._KNOWN_STDLIB) == tolerant.FAST_TOKENIZER


def test_the_gate_closes_when_html_parser_changes(monkeypatch) -> None:
    import html.parser
    import re

    known = tolerant.stdlib_fingerprint()
    monkeypatch.setattr(html.parser, "interesting_normal", re.compile("[&<]|x"))
    assert tolerant.stdlib_fingerprint() not in (known, *tolerant._KNOWN_STDLIB)
    monkeypatch.undo()
    assert tolerant.stdlib_fingerprint() == known

    def parse_endtag(self, i):  # the same name, other code
        return -1

    monkeypatch.setattr(html.parser.HTMLParser, "parse_endtag", parse_endtag)
    assert tolerant.stdlib_fingerprint() not in (known, *tolerant._KNOWN_STDLIB)


@pytest.mark.parametrize("fast", [True, False, None], ids=["forced-on", "forced-off", "this-python"])
def test_each_python_runs_the_path_its_gate_names(fast, monkeypatch) -> None:
    """The stdlib's goahead runs exactly when the gate is closed."""
    import html.parser

    calls = []
    stdlib_goahead = html.parser.HTMLParser.goahead

    def counted(self, end):
        calls.append(end)
        return stdlib_goahead(self, end)

    monkeypatch.setattr(html.parser.HTMLParser, "goahead", counted)
    if fast is not None:
        monkeypatch.setattr(tolerant, "FAST_TOKENIZER", fast)
    blocks = parse_html("<p>One <b>two</b> three.</p><ul><li>four</li></ul>", BASE)
    assert blocks  # read either way
    assert bool(calls) == (not tolerant.FAST_TOKENIZER)


# --- (a) fixtures ---------------------------------------------------------------------


def fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix != ".py")


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_reads_the_same(path: Path) -> None:
    data = path.read_bytes()
    text = data.decode("utf-8", "replace")
    assert_same(text, BASE)
    assert_same(text, None)
    assert_same(data, BASE, page=False)  # bytes are accepted too


# --- (b) the shared corpus -----------------------------------------------------------


def feed_item_bodies(corpus: Path) -> list[tuple[str | None, str]]:
    """(link, html) of every content and summary of every entry of every feed, as a refresh reads them."""
    import feedparser

    bodies: list[tuple[str | None, str]] = []
    for path in sorted(corpus.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".json" and "jsonfeed" in path.parts:
            try:
                items = json.loads(path.read_bytes()).get("items", [])
            except ValueError:
                continue
            for item in items:
                for key in ("content_html", "summary"):
                    if isinstance(item.get(key), str):
                        bodies.append((item.get("url"), item[key]))
            continue
        if path.suffix not in (".xml", ".rdf", ".atom", ".rss"):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = feedparser.parse(io.BytesIO(path.read_bytes()), sanitize_html=False, resolve_relative_uris=False)
        for entry in result.entries:
            link = entry.get("link")
            for content in entry.get("content") or []:
                if content.get("value"):
                    bodies.append((link, content["value"]))
            if entry.get("summary"):
                bodies.append((link, entry["summary"]))
    return bodies


def test_every_corpus_feed_item_reads_the_same(shared: Path) -> None:
    corpus = shared / "corpus"
    bodies = feed_item_bodies(corpus / "feeds") + feed_item_bodies(corpus / "feedparser-tests")
    assert len(bodies) > 1000
    different = [
        (link, markup[:200])
        for link, markup in bodies
        if read_with_fast_path(parse_html, markup, link) != read_with_stdlib_loop(parse_html, markup, link)
    ]
    assert different == []


def test_every_corpus_page_reads_the_same(shared: Path) -> None:
    pages = sorted((shared / "corpus" / "articles" / "html").rglob("*.html"))
    assert len(pages) >= 7  # the corpus's saved pages (a corpus that lost them must not pass by reading none)
    for path in pages:
        text = path.read_bytes().decode("utf-8", "replace")
        assert_same(text, "https://example.com/article")


def test_generated_bench_items_read_the_same() -> None:
    from benchmarks import data

    for number in range(150):
        item = data.make_item(7, number % 10, number)
        assert_same(data.item_html(item), item.url, page=number % 10 == 0)


@pytest.mark.parametrize(
    "markup",
    [
        "<div>" * 10_000 + "deep" + "</div>" * 10_000,
        "<blockquote>" * 3_000 + "deep" + "</blockquote>" * 3_000,
        "<ul><li>" * 3_000 + "deep",
        "<b><i><a href='https://e.example/'>" * 3_000 + "deep",
        "<table><tr><td>" * 2_000 + "deep",
        "<br>" * 50_000,
        "<!--" + "x" * 50_000,
        "<!-- a --> b <!-- c" + "-" * 1000,
        "<a" + " b" * 20_000 + ">x",
        '<a title="x>' * 5_000,
        "<a title='x>" * 5_000,
        "<a href=x" + "y" * 20_000,
        "<p " + "\xa0" * 1000 + "class=x>t</p>",
        "<![CDATA[x>" * 2_000,
        "</a b='>" * 2_000,
        "<script>" + "x</scrip>" * 2_000,
        "<style/>a<p>b</style>c",
        "&amp" * 5_000 + ">",
        "<!x" * 2_000 + ">",
        "<?x" * 2_000 + ">",
        "</" * 2_000 + ">",
        "<" * 2_000 + "p>",
    ],
    ids=lambda m: repr(m[:24]),
)
def test_pathological_inputs_read_the_same(markup: str) -> None:
    assert_same(markup, BASE)


# --- (c) tag soup --------------------------------------------------------------------

TAG_NAMES = (
    "p div span a em i b strong code kbd tt blockquote ul ol li pre xmp listing plaintext table tr td th "
    "h1 h2 h3 h6 figure figcaption cite footer q script style textarea title svg math br hr img wbr head "
    "body html meta link time base article main nav form section header aside dl dt dd caption iframe "
    "noscript template input button font center sup o:p my-el x1"
).split()
ATTR_NAMES = (
    "href src alt class id style hidden width height itemprop property role content name datetime rel "
    "type srcset data-src data-srcset pubdate HREF Class x:y data-a.b _u"
).split() + ["'", '"', "=", "a=b", "/", "<"]
ATTR_VALUES = [
    "https://e.example/a?b=1&amp;c=2",
    "https://e.example/x y",
    "HTTPS://E.example/",
    "http://[::1",
    "//cdn.example/i.png",
    "javascript:alert(1)",
    "mailto:a@e.example",
    "data:x",
    "/rel/path",
    "rel",
    "",
    " ",
    "display: none",
    "display:none",
    "articleBody",
    "main",
    "emoji",
    "smiley",
    "0",
    "1",
    " 1 ",
    "a>b",
    "a/b",
    "&#27;[31m",
    "&#x1b;",
    'x"y',
    "x'y",
    "a b",
    "\t",
    "&lt;b&gt;",
    "&amp",
    "&#0;",
    "ld+json",
    "application/ld+json",
    "canonical",
    "article:published_time",
    "2025-06-12T09:30:00+02:00",
    "\u201cq\u201d",
    "é",
    "\x00",
    "x\ny",
]
SPACES = [" ", "  ", "\t", "\n", "\r", "\r\n", "\x0c", "\x0b", "\xa0", "\u2028", "/", " / ", "//"]


@st.composite
def attribute(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(ATTR_NAMES))
    style = draw(st.sampled_from(["none", "double", "single", "bare", "spaced", "double-eq", "empty"]))
    value = draw(st.sampled_from(ATTR_VALUES))
    if style == "none":
        return name
    if style == "double":
        return f'{name}="{value}"'
    if style == "single":
        return f"{name}='{value}'"
    if style == "bare":
        return f"{name}={value}"
    if style == "spaced":
        return f'{name} = "{value}"'
    if style == "double-eq":
        return f"{name}=={value}"
    return f"{name}="


@st.composite
def start_tag(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(TAG_NAMES))
    if draw(st.booleans()):
        name = "".join(c.upper() if draw(st.booleans()) else c for c in name)
    parts = [f"<{name}"]
    for attr in draw(st.lists(attribute(), max_size=3)):
        parts.append(draw(st.sampled_from(SPACES)) if draw(st.integers(0, 5)) else " ")
        parts.append(attr)
    parts.append(draw(st.sampled_from(["", " ", "\n", "\xa0", "/", " /"])))
    parts.append(draw(st.sampled_from([">", ">", ">", "/>", "", " >"])))
    return "".join(parts)


@st.composite
def end_tag(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(TAG_NAMES))
    return draw(st.sampled_from(["</{}>", "</{} >", "</ {}>", "</{}\n>", "</{} x='>'>", "</{}", "</{}/>"])).format(
        name.upper() if draw(st.booleans()) else name
    )


OTHER_TOKENS = [
    "<!-- c -->",
    "<!--",
    "-->",
    "<!---->",
    "<!-- a -- b --!>",
    "<!-- x -- >",
    "<!->",
    "<![CDATA[cdata]]>",
    "<![CDATA[",
    "]]>",
    "<![if !supportLists]>",
    "<![endif]>",
    "<![foo]>",
    "<!DOCTYPE html>",
    "<!doctype",
    "<!x>",
    "<?xml version='1.0'?>",
    "<?",
    "</>",
    "<>",
    "< p>",
    "<3",
    "</3>",
    "<",
    ">",
    "&",
    "&amp;",
    "&lt;p&gt;",
    "&#27;",
    "&#x1b;[31m",
    "&#0;",
    "&#xD800;",
    "&#128512;",
    "&nbsp;",
    "&notit;",
    "&amp",
    "&#x;",
    "&#",
    "&#65",
    "&#x41",
    "&copy",
    "&AElig",
    "“",
    "”",
    "«",
    "»",
    '"',
    "'",
    ":",
    "Read more: ",
    " - Harbor Daily",
    "Related stories",
    "— Lina Ortis",
    "-- Aurel Dancy, Minister",
    "\x00",
    "\x0c",
    "\x1b[31m",
    "\x9b",
    "\u202e",
    "\u2028",
    "\r\n",
    "\n",
    "\t",
    "  ",
    " ",
    "\xa0",
    "e\u0301",
    "Ortis said.",
    "x" * 30,
]


def token() -> st.SearchStrategy[str]:
    return st.one_of(
        start_tag(),
        end_tag(),
        st.sampled_from(OTHER_TOKENS),
        st.text(max_size=8),
        st.text(alphabet="<>/=\"' !-&#;:aAp\n[]?", max_size=8),
    )


@given(st.lists(token(), max_size=40), st.sampled_from([None, BASE, "not a url"]))
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_tag_soup_reads_the_same(pieces: list[str], base_url: str | None) -> None:
    assert_same("".join(pieces), base_url)


@given(st.text(alphabet="<>/=\"' \t\n!-&#;:aApb[]?xX1\xa0\x0b", max_size=60))
@settings(max_examples=1500, deadline=None)
def test_markup_characters_read_the_same(markup: str) -> None:
    assert_same(markup, BASE)


# --- the shortcuts, one by one -------------------------------------------------------

SHORTCUT_TEXT = st.text(
    alphabet=st.sampled_from(
        list(
            "a Z.\t\n\r\x0b\x0c\x1b[]P\\X^_\x07\x85\x9b\x9c\x9d\u2028\u2029\u200b\u200d\u202e"
            '\ufeff\xad\xa0\u3000\ud800\x00\x7f"“”«»„e\u0301é'
        )
    )
    | st.characters(),
    max_size=40,
)


@given(SHORTCUT_TEXT)
@settings(max_examples=1000, deadline=None)
def test_strip_controls_leaves_alone_only_what_the_long_way_leaves_alone(text: str) -> None:
    from newsreader.document import clean

    assert clean.strip_controls(text) == (clean._strip_found(text) if text else "")


@given(SHORTCUT_TEXT)
@settings(max_examples=1000, deadline=None)
def test_clean_line_told_the_text_is_printable_is_clean_inline(text: str) -> None:
    from newsreader.document.clean import clean_inline
    from newsreader.document.html.inline import clean_line

    assert clean_line(text, text.isprintable()) == clean_inline(text)


@given(SHORTCUT_TEXT)
@settings(max_examples=500, deadline=None)
def test_quote_marks_are_found_as_quote_spans_finds_them(text: str) -> None:
    from newsreader.document.html.top_level import QUOTE_MARK, has_quote_mark

    assert has_quote_mark(text) == (QUOTE_MARK.search(text) is not None)


@given(
    st.lists(
        st.sampled_from(["&amp;", "&#8217;", "&nbsp;", "&notit;", "&amp", "&#x1F600;", "&#", "&", "a", " "]),
        max_size=12,
    )
)
@settings(max_examples=500, deadline=None)
def test_remembered_character_references_are_what_unescape_makes(pieces: list[str]) -> None:
    from html import unescape

    text = "".join(pieces)
    assert tolerant.unescape_text(text) == unescape(text)
    assert tolerant.unescape_text(text) == unescape(text)  # the second time from what was remembered
