"""JSON Feed 1.0/1.1 (https://jsonfeed.org), and RSS-in-JSON, read by hand into articles."""

from __future__ import annotations

import json
from typing import Any

from newsreader.document.blocks import Block, Document, Image
from newsreader.document.clean import clean_inline
from newsreader.document.feed_blocks import html_blocks, plain_blocks, with_images
from newsreader.sources.entries import FeedError, ParsedFeed, clean_title, iso_from_text, title_from_blocks, web_url
from newsreader.store import NewArticle


def looks_like_json(body: bytes) -> bool:
    return body[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _json_document(body: bytes) -> Any:
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        return json.loads(body.decode("utf-8", errors="replace"))


def _json_item(item: dict[str, Any], feed_url: str, feed_title: str, home: str | None) -> NewArticle:
    link = web_url(item.get("url"), home or feed_url) or web_url(item.get("external_url"), home or feed_url)
    base = link or home or feed_url
    blocks: list[Block] = []
    if isinstance(item.get("content_html"), str) and item["content_html"].strip():
        blocks = html_blocks(item["content_html"], base)
    elif isinstance(item.get("content_text"), str) and item["content_text"].strip():
        blocks = plain_blocks(item["content_text"])
    elif isinstance(item.get("summary"), str):
        blocks = plain_blocks(item["summary"])
    images = [Image("", u) for u in (web_url(item.get("image"), base), web_url(item.get("banner_image"), base)) if u]
    for attachment in item.get("attachments") or []:
        if isinstance(attachment, dict) and str(attachment.get("mime_type", "")).startswith("image/"):
            url = web_url(attachment.get("url"), base)
            if url:
                images.append(Image(clean_inline(str(attachment.get("title") or "")), url))
    unique: list[Image] = []
    for image in images:
        if all(u.url != image.url for u in unique):
            unique.append(image)
    blocks = with_images(blocks, unique)
    title = clean_title(item.get("title"), None) or title_from_blocks(blocks) or (link or "")
    published = iso_from_text(item.get("date_published")) or iso_from_text(item.get("date_modified"))
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    names = [clean_inline(str(a.get("name"))) for a in authors if isinstance(a, dict) and a.get("name")]
    raw_id = item.get("id")
    guid = clean_inline(str(raw_id)) if raw_id not in (None, "") and not isinstance(raw_id, (dict, list)) else None
    document = Document(
        title=title,
        blocks=blocks,
        date=published[:10] if published else None,
        published=published,
        source=feed_title or None,
        url=link,
        author=", ".join(names) or None,
    )
    return NewArticle(title=title, document=document, origin=feed_url, guid=guid, url=link, published=published)


def _rss_in_json(rss: dict[str, Any]) -> dict[str, Any]:
    """Dave Winer's RSS-in-JSON ({"rss": {"channel": {"item": [...]}}}) in JSON Feed terms."""
    channel: dict[str, Any] = rss["channel"] if isinstance(rss.get("channel"), dict) else {}
    items = channel.get("item") or []
    if isinstance(items, dict):
        items = [items]
    converted = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        guid = item.get("guid")
        if isinstance(guid, dict):
            guid = guid.get("#value") or guid.get("value") or guid.get("#text")
        converted.append(
            {
                "id": guid,
                "url": item.get("link"),
                "title": item.get("title"),
                "content_html": item.get("description"),
                "date_published": item.get("pubDate"),
            }
        )
    return {
        "version": "rss-in-json",
        "title": channel.get("title"),
        "home_page_url": channel.get("link"),
        "items": converted,
    }


def parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        data = _json_document(body)
    except (ValueError, RecursionError) as error:
        raise FeedError(f"not a feed: invalid JSON ({str(error).splitlines()[0]})") from None
    if isinstance(data, dict) and isinstance(data.get("rss"), dict):
        data = _rss_in_json(data["rss"])
    if not isinstance(data, dict) or not (
        "jsonfeed.org/version" in str(data.get("version", "")) or isinstance(data.get("items"), list)
    ):
        raise FeedError("not a feed: JSON, but not a JSON Feed")
    title = clean_title(data.get("title"), None)
    home = web_url(data.get("home_page_url"), url)
    items = []
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            continue
        try:
            items.append(_json_item(item, url, title, home))
        except Exception:
            continue
    return ParsedFeed(title=title, link=home, items=items)
