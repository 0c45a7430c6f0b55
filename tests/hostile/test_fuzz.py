"""Fuzzing the parsers: no exception escapes, and what comes out is clean text.

Structured strategies (article-shaped text, tag soup with attributes and
entities, Markdown fragments, feed-shaped XML and JSON) complement the plain
random-text properties in test_plaintext_properties.py and test_html.py.
Real feeds from ../shared/corpus/feeds are mutated (bytes flipped, cut,
spliced) when that folder is present. Each test keeps to a few seconds.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.paths import SHARED

from newsreader.document.blocks import Document
from newsreader.document.clean import is_clean
from newsreader.document.decode import decode_bytes
from newsreader.document.html import parse_html, parse_html_page
from newsreader.document.markdown import parse_markdown
from newsreader.document.plaintext import parse_plaintext
from newsreader.sources.feeds import FeedError, parse_feed
from newsreader.sources.opml import OpmlError, read_opml

CORPUS = SHARED / "corpus" / "feeds"
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HOSTILE_CHARS = [
    "\x1b[31m",
    "\x1b]52;c;eA==\x07",
    "\x1b]8;;http://e\x1b\\",
    "\x9b",
    "\x85",
    "\x00",
    "\x7f",
    "\u202e",
    "\u2028",
    "\r",
    "\t",
    "\ufeff",
    "\u200b",
    "\udcff",
]
words = st.sampled_from(
    [
        "the",
        "minister",
        "said",
        "bridge",
        "Köln",
        "—",
        "«",
        "»",
        "“",
        "”",
        '"',
        "'",
        ":",
        "-",
        "*",
        "1.",
        "•",
        "Read more:",
        "By",
        "date 2026-03-02",
        "[bold]",
        "&amp;",
        "&#27;",
        "http://x.example/a",
    ]
)
pieces = st.one_of(words, st.sampled_from(HOSTILE_CHARS), st.text(max_size=8))
lines = st.lists(pieces, max_size=12).map(" ".join)
article_text = st.lists(st.one_of(lines, st.just(""), st.just("- item"), st.just("> quoted")), max_size=25).map(
    "\n".join
)


def assert_clean_document(document: Document) -> None:
    """Every text field of the document, and of its blocks, holds no control character."""
    data = document.to_dict()

    def walk(value) -> None:
        if isinstance(value, str):
            assert is_clean(value.replace("\n", " ").replace("\t", " ")), repr(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    json.dumps(data, ensure_ascii=False).encode("utf-8")  # no lone surrogates either


def assert_clean_blocks(blocks) -> None:
    assert_clean_document(Document(title="", blocks=list(blocks)))


@FAST
@given(article_text)
def test_plaintext_article_shaped_text(text: str) -> None:
    assert_clean_document(parse_plaintext(text))


@FAST
@given(st.binary(max_size=600), st.sampled_from([None, "utf-8", "latin-1", "utf-16", "cp1252", "x-bogus", "utf-7"]))
def test_plaintext_through_decode_bytes(data: bytes, declared: str | None) -> None:
    assert_clean_document(parse_plaintext(decode_bytes(data, declared)))


tags = st.sampled_from(
    [
        "p",
        "div",
        "blockquote",
        "q",
        "ul",
        "ol",
        "li",
        "a",
        "em",
        "strong",
        "b",
        "i",
        "code",
        "pre",
        "h1",
        "h2",
        "h3",
        "img",
        "figure",
        "figcaption",
        "table",
        "tr",
        "td",
        "br",
        "hr",
        "script",
        "style",
        "iframe",
        "svg",
        "math",
        "template",
        "noscript",
        "footer",
        "cite",
        "article",
        "main",
    ]
)
attributes = st.sampled_from(
    [
        "",
        ' href="javascript:alert(1)"',
        ' href="https://e.example/a"',
        " href='/rel'",
        ' src="data:image/png;base64,AA"',
        ' alt="\x1b[2J alt"',
        ' class="related"',
        " hidden",
        ' style="display:none"',
        ' href="&#106;avascript:x"',
        ' title="[@click=app.quit]"',
    ]
)
fragments = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", tags, attributes),
    st.builds(lambda t: f"</{t}>", tags),
    pieces,
    st.sampled_from(
        ["<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "&#x1b;", "&#155;", "&nbsp;", "<", ">", "&"]
    ),
)
soup = st.lists(fragments, max_size=40).map("".join)


@FAST
@given(soup, st.sampled_from([None, "https://example.org/a/b", "file:///etc/"]))
def test_html_tag_soup(markup: str, base: str | None) -> None:
    assert_clean_blocks(parse_html(markup, base))
    assert_clean_document(parse_html_page(markup, base))


markdown_bits = st.one_of(
    pieces,
    st.sampled_from(
        [
            "# ",
            "## ",
            "> ",
            "- ",
            "* ",
            "1. ",
            "```",
            "~~~",
            "    ",
            "**",
            "_",
            "`",
            "[",
            "](",
            ")",
            "![",
            "<b>",
            "---",
            "\n",
            "\n\n",
            "<http://x.example>",
            "[x]: http://y.example",
            "\\",
            "|",
            "date 2026-01-02\n",
        ]
    ),
)


@FAST
@given(st.lists(markdown_bits, max_size=50).map("".join))
def test_markdown_fragments(text: str) -> None:
    assert_clean_document(parse_markdown(text))


def assert_feed_ok(body: bytes, url: str = "https://example.org/feed") -> None:
    try:
        parsed = parse_feed(body, url)
    except FeedError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert is_clean(parsed.title)
    for item in parsed.items:
        assert_clean_document(item.document)
        assert is_clean(item.title)


@FAST
@given(st.binary(max_size=800))
def test_feed_random_bytes(body: bytes) -> None:
    assert_feed_ok(body)


xml_text = st.lists(
    st.one_of(pieces, st.sampled_from(["&amp;", "&lt;p&gt;", "&#27;", "<![CDATA[<p>x</p>]]>", "&bogus;"])), max_size=6
).map("".join)


@FAST
@given(
    st.sampled_from(["rss", "atom", "rdf"]),
    st.lists(
        st.tuples(xml_text, xml_text, st.sampled_from(["http://e.example/1", "javascript:x", "", "/rel", "\x1b"])),
        max_size=4,
    ),
    xml_text,
)
def test_feed_shaped_xml(kind: str, items, title: str) -> None:
    def entry(t: str, body: str, link: str) -> str:
        if kind == "atom":
            return f"<entry><title type='html'>{t}</title><link href='{link}'/><content type='html'>{body}</content></entry>"
        return f"<item><title>{t}</title><link>{link}</link><description>{body}</description></item>"

    inner = "".join(entry(*item) for item in items)
    if kind == "atom":
        doc = f"<feed xmlns='http://www.w3.org/2005/Atom'><title>{title}</title>{inner}</feed>"
    elif kind == "rdf":
        doc = (
            f"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='http://purl.org/rss/1.0/'>"
            f"<channel><title>{title}</title></channel>{inner}</rdf:RDF>"
        )
    else:
        doc = f"<rss version='2.0'><channel><title>{title}</title>{inner}</channel></rss>"
    assert_feed_ok(("<?xml version='1.0'?>" + doc).encode("utf-8", "surrogatepass"))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), xml_text),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "url",
                    "title",
                    "content_html",
                    "content_text",
                    "summary",
                    "authors",
                    "name",
                    "items",
                    "image",
                    "date_published",
                    "attachments",
                    "mime_type",
                    "external_url",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@FAST
@given(json_values, json_values)
def test_json_feed_shapes(title, items) -> None:
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": title,
            "items": items if isinstance(items, list) else [items],
        },
        ensure_ascii=False,
    )
    assert_feed_ok(body.encode("utf-8", "surrogatepass"))


@FAST
@given(st.binary(max_size=600))
def test_opml_random_bytes(data: bytes) -> None:
    try:
        entries = read_opml(b"<?xml version='1.0'?><opml version='2.0'><body>" + data + b"</body></opml>")
    except OpmlError:
        return
    for entry in entries:
        assert is_clean(entry.url) and (entry.title is None or is_clean(entry.title))


def corpus_feeds() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.stat().st_size < 300_000)


def mutate(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not data:
            break
        choice = rng.random()
        at = rng.randrange(len(data))
        if choice < 0.4:
            data[at] = rng.randrange(256)
        elif choice < 0.6:
            del data[at : at + rng.randint(1, 64)]
        elif choice < 0.8:
            data[at:at] = rng.choice(
                [b"\x1b]0;x\x07", b"<", b"&", b"]]>", b"\x00", b"<!DOCTYPE x>", b"\xff\xfe", b"&#27;"]
            )
        else:
            del data[at:]
    return bytes(data)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**6))
def test_mutated_corpus_feeds(seed: int, pick: int) -> None:
    feeds = corpus_feeds()
    if not feeds:
        pytest.skip("../shared/corpus/feeds is not present")
    path = feeds[pick % len(feeds)]
    assert_feed_ok(mutate(path.read_bytes(), seed), url=str(path))
