"""A web page -> its main text (sources/extract.py): furniture out, article in, never a crash."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from support.paths import FIXTURE_ROOT, SHARED

from newsreader.document.blocks import BulletList, Paragraph, Quote
from newsreader.sources.extract import (
    ExtractError,
    check_page_type,
    declared_charset,
    extract_article,
    page_text,
    word_count,
)

FIXTURES = FIXTURE_ROOT / "keep"
READABILITY = SHARED / "corpus" / "articles" / "html" / "readability"
URL = "http://127.0.0.1:8000/news/ferry-timetable.html"


def page(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


def test_article_text_without_the_page_furniture() -> None:
    document = extract_article(page("ferry-timetable.html"), URL)
    text = document.plain_text()
    assert document.title == "Harbour board approves new ferry timetable"
    assert document.date == "2026-03-04"
    assert document.source == "Velmont Courier"
    assert document.url == URL  # the canonical link, resolved against the page's address
    assert "a morning boat for every island from April" in text
    assert "first Monday of April" in text  # the last paragraph
    for furniture in ("Islands", "Forgot your password", "Most read", "Comet seen", "inbox", "All rights reserved",
                      "Advertisement", "Tweet", "Subscribe today"):  # fmt: skip
        assert furniture not in text, furniture
    quotes = [b for b in document.blocks if isinstance(b, Quote)]
    assert quotes and quotes[0].speaker == "Ines Calder"
    lists = [b for b in document.blocks if isinstance(b, BulletList)]
    assert lists and lists[0].lead == "The new timetable adds:" and len(lists[0].items) == 3
    links = [s for b in document.blocks if isinstance(b, Paragraph) for s in b.links]
    assert [s.url for s in links] == ["http://127.0.0.1:8000/news/ferry-strike.html"]


def test_page_marked_up_as_an_article() -> None:
    document = extract_article(page("ferry-strike.html"), "http://127.0.0.1:8000/news/ferry-strike.html")
    text = document.plain_text()
    assert document.title == "Ferry workers call off strike"
    assert "six per cent" in text and "Sunday afternoon boat" in text
    assert "Harbour Street" not in text and "Home" not in text


@pytest.mark.parametrize(
    "html",
    [
        "",
        "just words, no tags",
        "<html><body>" + "<div>" * 20000 + "<p>" + "deep words " * 40 + "</p>",
        "<html><body><p>cut off in the middle of <a href='",
        "<html><body><div id=app></div><script>document.write('all of it')</script>",
        "\x00\x1b[31m<p>\x1b]52;c;aGk=\x07 red</p>",
    ],
)
def test_any_input_gives_a_document(html: str) -> None:
    document = extract_article(html, URL)
    text = document.plain_text()
    assert "\x1b" not in text and "\x00" not in text and "\x07" not in text
    if "deep words" in html:
        assert word_count(text) == 80  # lxml-based extractors lose text nested this deep; ours keeps it


def test_charset_from_header_then_meta() -> None:
    body = '<html><head><meta charset="windows-1251"></head><body><p>Паром</p></body></html>'.encode("cp1251")
    assert declared_charset(body, "text/html") == "windows-1251"
    assert declared_charset(body, "text/html; charset=koi8-r") == "koi8-r"
    assert "Паром" in page_text(body, "text/html")
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"><p>\xb3\xf3d\xbc</p>'
    assert "łódź" in page_text(http_equiv, None)


def test_only_web_pages() -> None:
    for kind in (None, "", "text/html; charset=utf-8", "application/xhtml+xml", "TEXT/HTML"):
        check_page_type(kind)
    for kind in ("application/pdf", "image/png", "application/json"):
        with pytest.raises(ExtractError, match="not a web page"):
            check_page_type(kind)


def test_word_count_counts_cjk_characters() -> None:
    assert word_count("The ferry's new timetable — from April.") == 6
    assert word_count("光明日报") == 4


# --- the real corpus: the measurement that chose this extractor, kept as a guard --------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        self.parts.append(" ")


def _words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in re.findall(r"[\u3040-\u30ff\u3400-\u9fff]|[^\W_]+", text))


def test_readability_corpus_recall_and_precision() -> None:
    """Words of Readability's expected article text found by our extractor (see the keep report)."""
    if not READABILITY.is_dir():
        pytest.skip("../shared corpus is not present")
    pages = sorted(p for p in READABILITY.iterdir() if (p / "source.html").is_file())
    assert len(pages) >= 7, "the corpus lost its saved pages"
    recalls, precisions = [], []
    for folder in pages:
        parser = _Text()
        parser.feed((folder / "expected.html").read_text("utf-8", "replace"))
        want = _words("".join(parser.parts))
        source = (folder / "source.html").read_text("utf-8", "replace")
        got = _words(extract_article(source, "http://127.0.0.1/").plain_text())
        overlap = sum((got & want).values())
        recalls.append(overlap / sum(want.values()))
        precisions.append(overlap / max(1, sum(got.values())))
        assert recalls[-1] > 0.95, folder.name  # never lose the article
    assert sum(recalls) / len(recalls) > 0.98
    assert sum(precisions) / len(precisions) > 0.94
