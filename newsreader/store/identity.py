"""Who an article is (its stable id) and when it sorts, decided before it is stored.

Identity is origin + guid, else origin + url, else origin + content hash; a
feed that gives several different items the same guid (or url) has that key
ignored for those items, so they stay distinct articles. Times are kept as
fixed-width UTC strings so that text order is time order (``newsreader.dates``).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsreader.dates import TIME_FORMAT as TIME_FORMAT  # the store's times, named here as before
from newsreader.dates import now_text as now_text
from newsreader.dates import parse_time, utc_text
from newsreader.document.blocks import Document
from newsreader.document.clean import clean_inline
from newsreader.store.bodies import pack_body
from newsreader.store.documents import LazyDocument, document_to_json
from newsreader.store.fts import MARK_END, MARK_START
from newsreader.store.models import NewArticle

# An article file with no date of its own sorts after every dated article, by the
# file's modification time among the undated ("-" sorts before every digit).
UNDATED = "-"
FUTURE_SLACK = timedelta(days=1)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RELATED_MARK = '"type":"related"'  # in a document's JSON, as a related-link block starts


def undated_sort(moment: datetime) -> str:
    """The sort time of an undated article file changed at ``moment``."""
    return UNDATED + utc_text(moment)


def file_date(sort_time: str | None) -> str | None:
    """YYYY-MM-DD of an undated article file's modification time, from its sort time; else None."""
    if sort_time and sort_time.startswith(UNDATED):
        return sort_time[len(UNDATED) : len(UNDATED) + 10]
    return None


def short_hash(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def article_id(origin: str, key: str) -> str:
    """16 hex digits of blake2b over (origin, identity key): the same article, the same id, forever."""
    return short_hash(origin, key)


@dataclass
class PreparedArticle:
    """A NewArticle with everything the articles table needs worked out."""

    id: str
    origin: str
    guid: str | None
    url: str | None
    title: str
    published: str | None
    date: str | None
    outlet: str | None
    published_sort: str | None  # UTC sort time from `published`, None when absent or implausible
    body: bytes  # the document's JSON and its words, packed (store.bodies)
    has_related: bool  # whether the document holds a related link
    content_hash: str
    entry_hash: str | None = None


def _clean_or_none(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = clean_inline(value)
    return cleaned or None


def searchable_text(document: Document) -> str:
    """The body's words for the search index, without the two characters snippets are marked with.

    The parsers have already cleaned the text (document.clean); running
    strip_controls over every body again took 40% of the time of an ingest.
    """
    if isinstance(document, LazyDocument) and not document.built:
        words = document.text  # quick_reading's words of the HTML kept as it came
    else:
        words = document.plain_text()
    return words.replace(MARK_START, "").replace(MARK_END, "")


def prepare(item: NewArticle, now: datetime) -> tuple[PreparedArticle, list[str]]:
    """The row values for ``item`` and its candidate identity keys, best first."""
    document = item.document
    title = clean_inline(item.title or document.title or "") or "(untitled)"
    url = _clean_or_none(item.url or document.url)
    guid = _clean_or_none(item.guid)
    origin = clean_inline(item.origin or "")
    given = (item.published or document.published or "").strip()
    moment = parse_time(given) or parse_time(document.date)
    # A bare date sorts at its midnight (UTC) but is no time of publication.
    published = moment.isoformat() if moment and not _DATE.match(given) and given else None
    published_sort = utc_text(moment) if moment and moment <= now + FUTURE_SLACK else None
    changed = parse_time(item.file_time) if moment is None else None
    if changed is not None:
        published_sort = undated_sort(min(changed, now))
    date: str | None
    if document.date and _DATE.match(document.date):
        date = document.date
    else:
        date = moment.date().isoformat() if moment else None
    document_json = document_to_json(document)
    content_hash = short_hash(title, url or "", published or "", document_json)
    keys = [f"guid:{guid}"] if guid else []
    if url:
        keys.append(f"url:{url}")
    keys.append(f"hash:{content_hash}")
    prepared = PreparedArticle(
        id="",
        origin=origin,
        guid=guid,
        url=url,
        title=title,
        published=published,
        date=date,
        outlet=_clean_or_none(document.source),
        published_sort=published_sort,
        body=pack_body(document_json, searchable_text(document)),
        has_related=RELATED_MARK in document_json,
        content_hash=content_hash,
        entry_hash=item.entry_hash,
    )
    return prepared, keys


@dataclass
class PreparedBatch:
    """A source's items made ready for the store, ids assigned; plain data, so that a
    worker process can do this part of an ingest (``prepare_batch``) and send it back."""

    articles: list[PreparedArticle]
    listed: int  # the items given, repeats included
    batch_time: datetime
    item_memo: str | None = None  # the feed's memo of this read, kept with it (store.item_memos)


def prepare_batch(items: Iterable[NewArticle], now: datetime | None = None) -> PreparedBatch:
    """Row values and ids for ``items`` (NewArticle), repeats dropped; no database needed."""
    now = now or datetime.now(UTC)
    listed = list(items)
    return PreparedBatch(assign_ids([prepare(item, now) for item in listed]), len(listed), now)


def assign_ids(prepared: list[tuple[PreparedArticle, list[str]]]) -> list[PreparedArticle]:
    """Give each article its id; a key shared by items with different content is not an identity.

    Exact repeats (same key, same content) keep one copy: the first, which in
    a feed is the newest.
    """
    chosen = [0] * len(prepared)  # index into each item's keys
    while True:
        holders: dict[tuple[str, str], set[str]] = defaultdict(set)
        for index, (article, keys) in enumerate(prepared):
            holders[(article.origin, keys[chosen[index]])].add(article.content_hash)
        moved = False
        for index, (article, keys) in enumerate(prepared):
            key = keys[chosen[index]]
            if len(holders[(article.origin, key)]) > 1 and chosen[index] < len(keys) - 1:
                chosen[index] += 1
                moved = True
        if not moved:
            break
    result: list[PreparedArticle] = []
    seen: set[str] = set()
    for index, (article, keys) in enumerate(prepared):
        article.id = article_id(article.origin, keys[chosen[index]])
        if article.id not in seen:
            seen.add(article.id)
            result.append(article)
    return result
