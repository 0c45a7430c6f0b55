"""A server's items as articles: the same HTML reader, cleaning and dates as feed items.

The text is a stranger's, twice over (the feed's author, then the server): titles
and bodies go through ``sources.entries`` exactly as a feed's do, links are kept
only when http(s), numbers that are not numbers are dropped.
"""

from __future__ import annotations

from typing import Any

from newsreader.dates import epoch_iso
from newsreader.document.blocks import Document
from newsreader.document.clean import clean_inline
from newsreader.document.feed_blocks import html_blocks
from newsreader.sources.entries import clean_title, title_from_blocks, web_url
from newsreader.store import NewArticle


def item_guid(account_name: str, remote_id: str) -> str:
    """The identity of an account's item among articles: its account and the server's number."""
    return f"sync:{account_name}:{remote_id}"


def iso_from_seconds(value: Any) -> str | None:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    if not 0 < seconds < 7_258_118_400:  # before 2200
        return None
    return epoch_iso(seconds)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def build_article(*, account_name: str, remote_id: str, origin: str, feed_title: str | None, title: Any,
                  html: Any, link: Any, published: str | None, author: Any) -> NewArticle:  # fmt: skip
    url = web_url(link, origin if "://" in origin else None)
    blocks = html_blocks(_text(html), url or (origin if "://" in origin else None)) if _text(html).strip() else []
    headline = clean_title(_text(title), "html") or title_from_blocks(blocks) or (url or "")
    document = Document(
        title=headline,
        blocks=blocks,
        date=published[:10] if published else None,
        published=published,
        source=clean_inline(feed_title or "") or None,
        url=url,
        author=clean_inline(_text(author)) or None,
    )
    return NewArticle(
        title=headline, document=document, origin=origin, guid=item_guid(account_name, remote_id), url=url,
        published=published,
    )  # fmt: skip


def _first_href(value: Any) -> str | None:
    for entry in value if isinstance(value, list) else []:
        href = entry.get("href") if isinstance(entry, dict) else None
        if isinstance(href, str):
            return href
    return None


def greader_article(
    account_name: str, remote_id: str, item: dict[str, Any], origin: str, feed_title: str | None
) -> NewArticle:
    body = item.get("content") if isinstance(item.get("content"), dict) else item.get("summary")
    html = body.get("content") if isinstance(body, dict) else None
    published = iso_from_seconds(item.get("published")) or iso_from_seconds(item.get("updated"))
    link = _first_href(item.get("canonical")) or _first_href(item.get("alternate"))
    return build_article(
        account_name=account_name, remote_id=remote_id, origin=origin, feed_title=feed_title, title=item.get("title"),
        html=html, link=link, published=published, author=item.get("author"),
    )  # fmt: skip


def fever_article(
    account_name: str, remote_id: str, item: dict[str, Any], origin: str, feed_title: str | None
) -> NewArticle:
    return build_article(
        account_name=account_name, remote_id=remote_id, origin=origin, feed_title=feed_title, title=item.get("title"),
        html=item.get("html"), link=item.get("url"), published=iso_from_seconds(item.get("created_on_time")),
        author=item.get("author"),
    )  # fmt: skip
