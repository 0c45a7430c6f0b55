"""Real feed bodies and saved pages from the shared corpus parse into sensible blocks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from support.paths import SHARED

from newsreader.document.blocks import BulletList, Document, Heading, Paragraph, Quote, RelatedLink
from newsreader.document.decode import decode_bytes
from newsreader.document.html import parse_html, parse_html_page

RSS2 = SHARED / "corpus" / "feeds" / "rss2"
READABILITY = SHARED / "corpus" / "articles" / "html" / "readability"

FEEDS = [
    "dawn-world_en.xml",
    "stratechery_en.xml",
    "time-world_en.xml",
    "404media_en.xml",
    "guardian-us_en.xml",
    "elpais-english_en.xml",
    "npr-world_en.xml",
    "sixapart-jp_ja.xml",
]
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def item_bodies(name: str) -> list[tuple[str, str]]:
    """(link, html) of every content:encoded and description body in a feed file."""
    path = RSS2 / name
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")  # as the shared fixture: CI (.ci/run) requires it
    assert path.is_file(), f"{path} is missing from the corpus"
    root = ET.fromstring(path.read_bytes())
    bodies = []
    for item in root.iter("item"):
        link = (item.findtext("link") or "").strip() or None
        for child in item:
            if (child.tag == CONTENT or child.tag == "description") and child.text and child.text.strip():
                bodies.append((link, child.text))
    return bodies


def no_controls(text: str) -> bool:
    return not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in text)


def quoted_blockquotes(html: str) -> int:
    """Blockquotes in the source that hold words (embeds with an empty link hold none)."""
    count = 0
    for match in re.finditer(r"<blockquote\b.*?</blockquote>", html, re.S | re.I):
        inner = re.sub(r"<[^>]*>", "", match.group(0))
        if re.search(r"\w", inner):
            count += 1
    return count


@pytest.mark.parametrize("name", FEEDS)
def test_every_item_body_parses(name: str) -> None:
    bodies = item_bodies(name)
    assert bodies
    for link, html in bodies:
        blocks = parse_html(html, link)
        text = Document(blocks=blocks).plain_text()
        assert no_controls(text)
        assert "<script" not in text.lower()
        for block in blocks:
            if isinstance(block, Paragraph):
                for span in block.links:
                    assert span.url and span.url.startswith(("http://", "https://", "mailto:"))


@pytest.mark.parametrize("name", ["dawn-world_en.xml", "stratechery_en.xml", "404media_en.xml"])
def test_blockquotes_become_quotes(name: str) -> None:
    found = expected = 0
    for link, html in item_bodies(name):
        wanted = quoted_blockquotes(html)
        if not wanted:
            continue
        quotes = [b for b in parse_html(html, link) if isinstance(b, Quote)]
        assert len(quotes) >= wanted, html[:200]
        found += len(quotes)
        expected += wanted
    assert expected > 0 and found >= expected


def test_dawn_tweet_embeds_keep_their_links() -> None:
    for link, html in item_bodies("dawn-world_en.xml"):
        if 'class="twitter-tweet"' not in html:
            continue
        urls = [s.url for b in parse_html(html, link) if isinstance(b, Paragraph) for s in b.links]
        assert any(u and "twitter.com/" in u and "/status/" in u for u in urls)
        return
    pytest.fail("no tweet embed found")


def test_stratechery_quote_joins_its_paragraphs() -> None:
    quotes = [b for _, html in item_bodies("stratechery_en.xml") for b in parse_html(html) if isinstance(b, Quote)]
    assert any("\n" in q.text for q in quotes)
    assert any(q.text.startswith("When the interface is a natural language conversation") for q in quotes)


@pytest.mark.parametrize("name", ["stratechery_en.xml", "time-world_en.xml", "404media_en.xml", "sixapart-jp_ja.xml"])
def test_lists_become_bullet_lists(name: str) -> None:
    total_lists = 0
    for link, html in item_bodies(name):
        lists = len(re.findall(r"<(?:ul|ol)\b", html, re.I))
        if not lists:
            continue
        items = len(re.findall(r"<li\b", html, re.I))
        blocks = parse_html(html, link)
        bullet_lists = [b for b in blocks if isinstance(b, BulletList)]
        related = [b for b in blocks if isinstance(b, RelatedLink)]
        assert bullet_lists or related, html[:200]
        assert sum(len(b.items) for b in bullet_lists) + len(related) >= min(items, 1)
        total_lists += len(bullet_lists)
    assert total_lists > 0


def test_time_world_megabyte_feed_parses_whole() -> None:
    bodies = item_bodies("time-world_en.xml")
    joined = "".join(html for _, html in bodies)
    assert len(joined) > 900_000
    blocks = parse_html(joined, "https://time.com/")
    kinds = {type(b) for b in blocks}
    assert {Paragraph, Heading, BulletList, Quote} <= kinds
    assert sum(len(b.text) for b in blocks if isinstance(b, Paragraph)) > 300_000


def test_guardian_related_links_have_addresses() -> None:
    related = [
        b
        for link, html in item_bodies("guardian-us_en.xml")
        for b in parse_html(html, link)
        if isinstance(b, RelatedLink)
    ]
    assert related
    assert all(r.url and r.url.startswith("https://www.theguardian.com/") for r in related)
    assert not any(r.title.lower().startswith("continue reading") for r in related)


def pages() -> list[Path]:
    if not READABILITY.is_dir():
        return []
    return sorted(p for p in READABILITY.iterdir() if (p / "source.html").is_file())


@pytest.mark.parametrize("folder", pages(), ids=lambda p: p.name)
def test_saved_pages_parse_with_sensible_titles(folder: Path) -> None:
    html = decode_bytes((folder / "source.html").read_bytes())
    document = parse_html_page(html, "https://example.com/article")
    expected = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
    assert document.title == expected["title"]
    assert document.blocks
    text = document.plain_text()
    assert no_controls(text) and no_controls(document.title)
    assert len(text) > 50
    if expected.get("publishedTime"):
        assert document.date == expected["publishedTime"][:10]


def test_the_saved_pages_are_all_there(shared: Path) -> None:
    """The pages above are parametrized when the file is collected: without this, a corpus
    that lost its pages would run none of them, silently."""
    folder = shared / "corpus" / "articles" / "html" / "readability"
    assert folder == READABILITY and len(pages()) == 7  # every folder of the corpus with a source.html
