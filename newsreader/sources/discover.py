"""Finding a site's feed from one of its pages: rel=alternate links, then the usual paths."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import urlsplit

from newsreader.sources.entries import web_url

_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "text/xml",
    "application/xml",
}
COMMON_FEED_PATHS = ("/feed", "/rss", "/atom.xml", "/feed.xml", "/index.xml", "/rss.xml")


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("link", "a"):
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in _FEED_TYPES and values.get("href"):
            self.found.append(values["href"])


def discover_feeds(page: str, base_url: str) -> list[str]:
    """Feed addresses a web page offers: its rel=alternate links, then the usual paths."""
    parser = _AlternateLinks()
    try:
        parser.feed(page)
        parser.close()
    except Exception:
        pass
    candidates: list[str] = []
    for href in parser.found:
        url = web_url(html.unescape(href), base_url)
        if url and url not in candidates:
            candidates.append(url)
    parts = urlsplit(base_url)
    if parts.scheme in ("http", "https") and parts.netloc:
        root = f"{parts.scheme}://{parts.netloc}"
        for path in COMMON_FEED_PATHS:
            url = root + path
            if url not in candidates:
                candidates.append(url)
    return candidates
