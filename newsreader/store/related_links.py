"""What the related-link resolver reads and writes in bulk (``newsreader.related``, a pass over
many links): articles' links and own text without decoding whole documents, addresses, titles,
and many articles' targets in one transaction.

A stored document is compact JSON (``documents.py``) whose blocks each start with their
``"type"``, so a related link's block is found by its opening ``{"type":"related"`` and
decoded alone: a quote inside a text is escaped (``\\"``) and cannot look like one. A
document in any other shape is decoded whole, as ``Store.article`` would.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from newsreader.document.blocks import RelatedLink
from newsreader.document.texts import own_texts
from newsreader.store.bodies import unpack_body
from newsreader.store.database import in_chunks, placeholders
from newsreader.store.documents import document_from_json, own_texts_from

CHUNK = 500  # ids per IN (...) list
TitleRow = tuple[str, str, str | None, str | None]  # (id, title, date, source)
RELATED_KEY = '"type":"related"'  # how a related link's block starts in a stored document
_DECODER = json.JSONDecoder()


@dataclass
class ResolverRow:
    """One article as the resolver reads it: its title, date, related links (their
    targets filled in as ``Store.article`` does) and stored targets, its own text on demand."""

    id: str
    title: str
    date: str | None
    document: str = field(repr=False)  # the stored JSON
    links: list[RelatedLink] = field(default_factory=list)
    targets: list[str | None] = field(default_factory=list)  # ``Store.links.targets``
    suggestions: list[tuple[str, ...]] = field(default_factory=list)  # ``Store.links.suggestions``
    text: str | None = field(default=None, repr=False)  # the search text of a document kept as HTML
    layout: list[list[int]] | None = field(default=None, repr=False)  # and which of its lines are own texts

    def __post_init__(self) -> None:
        if self.text is not None and self.layout is None:
            try:  # kept as HTML, its own texts in its search text: the HTML is not needed any more
                self.layout = json.loads(self.document).get("own") or []
                self.document = ""
            except (ValueError, AttributeError):
                self.text = None

    def texts(self) -> list[str]:
        """Its own text block by block, related-link headlines left out (``document.texts.own_texts``)."""
        if self.text is not None and self.layout is not None:
            return own_texts_from(self.text, self.layout)
        return block_texts(self.document)


def related_links_in(document: str) -> list[RelatedLink]:
    """The related links of a stored document, as ``document_from_json(document).related_links``."""
    links: list[RelatedLink] = []
    start = document.find(RELATED_KEY)
    while start != -1:
        try:
            if document[start - 1] != "{":
                raise ValueError("not a block of the compact shape")
            block, end = _DECODER.raw_decode(document, start - 1)
            links.append(RelatedLink(block["title"], block.get("source"), block.get("url"), block.get("target")))
        except (ValueError, KeyError, TypeError):
            return document_from_json(document).related_links
        start = document.find(RELATED_KEY, end)
    return links


def block_texts(document: str, text: str | None = None) -> list[str]:
    """The non-empty text of each block but the related links, in order: what
    ``own_texts(document_from_json(document))`` gives, without building the Document.
    A document kept as HTML has them from its search ``text`` (when given) and its layout."""
    texts: list[str] = []
    try:
        data = json.loads(document)
        if "blocks" not in data:
            if text is not None and "html" in data:
                return own_texts_from(text, data.get("own") or [])
            raise ValueError("kept as HTML: its blocks are built")
        for block in data["blocks"]:
            kind = block.get("type")
            if kind == "paragraph":
                spans = block.get("spans")
                texts.append("".join(span["text"] for span in spans) if "spans" in block else block.get("text", ""))
            elif kind == "list":
                texts.extend([block.get("lead") or "", *block.get("items", [])])
            elif kind in ("quote", "heading", "preformatted"):
                texts.append(block["text"])
            elif kind not in ("related", "image", "rule"):
                raise ValueError(f"unknown block type: {kind!r}")
    except (ValueError, KeyError, TypeError, AttributeError):
        return own_texts(document_from_json(document))  # the shape is not ours: decode it whole
    return [text for text in texts if text]


def _kept_as_html(document: str) -> bool:
    """Whether a stored document was kept as HTML (documents.document_to_json): it has no
    "blocks" key (in a JSON string a quote is \")."""
    return '"blocks":' not in document


# A document holding a related link (ingest says so in has_related), spelled as the partial
# index of store.bodies.BODY_PACKED is, so that SQLite reads that index instead of every row.
LINKING = "has_related"
SCAN_SHARE = 16  # beyond one article in this many pending, scan an index of all rather than look each up


def _many_pending(db: sqlite3.Connection) -> bool:
    """Whether so many articles are pending that a scan of an index of every article is cheaper
    than looking each pending one up (a document read a piece; the newest seq stands for the size)."""
    pending = db.execute("SELECT count(*) FROM related_pending").fetchone()[0]
    newest = db.execute("SELECT max(seq) FROM articles").fetchone()[0] or 0
    return bool(pending * SCAN_SHARE > newest)


def pending(db: sqlite3.Connection) -> list[str]:
    """``Store.links.pending``."""
    if _many_pending(db):  # the ids from the id index, not from each article's row
        sql = "SELECT id FROM articles WHERE +seq IN (SELECT seq FROM related_pending)"
    else:
        sql = "SELECT a.id FROM related_pending AS p CROSS JOIN articles AS a ON a.seq = p.seq"
    return [row[0] for row in db.execute(sql)]


def unresolved(db: sqlite3.Connection) -> list[str]:
    """``Store.links.unresolved``: pending articles with a related link, and
    those with a link resolved to nothing.

    Few pending: each is looked up (CROSS JOIN keeps them first: left to itself, SQLite
    read every article's document, 1.4 s at 100,000). Many: the partial index of the
    articles with a link is scanned (5 ms for 30,000 new articles, against 250 ms).
    """
    if _many_pending(db):
        new = f"SELECT id FROM articles WHERE {LINKING} AND +seq IN (SELECT seq FROM related_pending)"
    else:
        new = f"SELECT a.id FROM related_pending AS p CROSS JOIN articles AS a ON a.seq = p.seq WHERE {LINKING}"
    rows = db.execute(f"{new} UNION SELECT article_id FROM related_targets WHERE target_id IS NULL").fetchall()
    return [row[0] for row in rows]


def resolver_rows(db: sqlite3.Connection, ids: Sequence[str]) -> list[ResolverRow]:
    """The articles of ``ids`` that exist, in that order, their links' stored targets filled in."""
    found: dict[str, ResolverRow] = {}
    for chunk in in_chunks(ids, CHUNK):
        for article_id, title, date, body, whole in db.execute(
            f"SELECT id, title, date, body, full_document IS NOT NULL FROM articles WHERE id IN ({placeholders(chunk)})",
            list(chunk),
        ):
            document, words = unpack_body(body)  # the body once, here rather than in SQL functions
            text = words if _kept_as_html(document) and not whole else None
            found[article_id] = ResolverRow(article_id, title, date, document, related_links_in(document), text=text)
    for article_id, targets in related_targets_of(db, list(found)).items():
        row = found[article_id]
        row.targets = targets
        for link, target in zip(row.links, targets):
            link.target = target
    for article_id, suggestions in suggestions_of(db, list(found)).items():
        found[article_id].suggestions = suggestions
    return [found[article_id] for article_id in dict.fromkeys(ids) if article_id in found]


def related_targets_of(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, list[str | None]]:
    """``Store.links.targets`` of many articles at once (those with none are left out)."""
    rows: dict[str, list[tuple[int, str | None]]] = {}
    for chunk in in_chunks(ids, CHUNK):
        for article_id, position, target in db.execute(
            "SELECT r.article_id, r.position, t.id FROM related_targets AS r LEFT JOIN articles AS t ON t.id = r.target_id"
            f" WHERE r.article_id IN ({placeholders(chunk)})",
            list(chunk),
        ):
            rows.setdefault(article_id, []).append((position, target))
    targets: dict[str, list[str | None]] = {}
    for article_id, positions in rows.items():
        filled: list[str | None] = [None] * (max(position for position, _ in positions) + 1)
        for position, target in positions:
            filled[position] = target
        targets[article_id] = filled
    return targets


def suggestions_of(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, list[tuple[str, ...]]]:
    """``Store.links.suggestions`` of many articles at once (those with none are left out):
    by position, each the stored ids still in the store, best first."""
    rows: dict[str, list[tuple[int, list[str]]]] = {}
    for chunk in in_chunks(ids, CHUNK):
        for article_id, position, text in db.execute(
            "SELECT article_id, position, suggestions FROM related_targets"
            f" WHERE article_id IN ({placeholders(chunk)}) AND suggestions IS NOT NULL",
            list(chunk),
        ):
            rows.setdefault(article_id, []).append((position, text.split()))
    named = list(dict.fromkeys(i for positions in rows.values() for _, listed in positions for i in listed))
    existing: set[str] = set()
    for chunk in in_chunks(named, CHUNK):
        existing.update(
            row[0] for row in db.execute(f"SELECT id FROM articles WHERE id IN ({placeholders(chunk)})", list(chunk))
        )
    found: dict[str, list[tuple[str, ...]]] = {}
    for article_id, positions in rows.items():
        filled: list[tuple[str, ...]] = [()] * (max(position for position, _ in positions) + 1)
        for position, listed in positions:
            filled[position] = tuple(i for i in listed if i in existing)
        found[article_id] = filled
    return found


def linked_from(db: sqlite3.Connection, article_id: str) -> list[str]:
    """``Store.links.linked_from``: the articles with a link resolved to ``article_id``, newest first."""
    return [
        row[0]
        for row in db.execute(
            "SELECT a.id FROM articles AS a WHERE a.id IN (SELECT article_id FROM related_targets WHERE target_id = ?)"
            " ORDER BY a.sort_time DESC, a.id DESC",
            (article_id,),
        )
    ]


def resolved_edges(db: sqlite3.Connection, ids: Sequence[str]) -> list[tuple[str, str]]:
    """(linking article, target) for every resolved link from or to one of ``ids``, both
    ends still stored, in each linking article's link order."""
    edges: dict[tuple[str, str], None] = {}
    for chunk in in_chunks(list(ids), CHUNK):
        marks = placeholders(chunk)
        for article_id, target in db.execute(
            "SELECT r.article_id, r.target_id FROM related_targets AS r JOIN articles AS t ON t.id = r.target_id"
            f" WHERE r.article_id IN ({marks}) ORDER BY r.article_id, r.position",
            list(chunk),
        ):
            edges[(article_id, target)] = None
        for article_id, target in db.execute(
            "SELECT r.article_id, r.target_id FROM related_targets AS r JOIN articles AS a ON a.id = r.article_id"
            f" WHERE r.target_id IN ({marks}) ORDER BY r.article_id, r.position",
            list(chunk),
        ):
            edges[(article_id, target)] = None
    return list(edges)


def articles_by_urls(db: sqlite3.Connection, urls: Iterable[str]) -> dict[str, str]:
    """``Store.article_by_url`` of many addresses: each found address with its most recent article."""
    listed = list(dict.fromkeys(urls))
    found: dict[str, str] = {}
    for chunk in in_chunks(listed, CHUNK):
        for url, article_id in db.execute(
            f"SELECT url, id FROM articles WHERE url IN ({placeholders(chunk)}) ORDER BY sort_time DESC, id DESC",
            list(chunk),
        ):
            found.setdefault(url, article_id)
    return found


def title_rows(db: sqlite3.Connection) -> Iterator[TitleRow]:
    """(id, title, date, source) of every article, newest first (as ``Store.headlines`` pages
    them), read as they are taken."""
    return db.execute(
        "SELECT a.id, a.title, a.date, COALESCE(a.outlet, s.title) FROM articles AS a"
        " LEFT JOIN sources AS s ON s.id = a.source_id ORDER BY a.sort_time DESC, a.id DESC"
    )


def write_targets(
    db: sqlite3.Connection,
    targets: Sequence[tuple[str, Sequence[str | None]]],
    suggestions: Mapping[str, Sequence[Sequence[str]]] | None = None,
) -> None:
    """``Store.links.set_targets`` for each (article id, targets), inside the caller's
    transaction; ``suggestions`` (article id -> by position, ids best first) for those that have them."""
    latest = dict(targets)  # the same article twice: the last targets stand, as in one call after another
    existing: set[str] = set()
    for chunk in in_chunks(list(latest), CHUNK):
        rows = db.execute(f"SELECT id FROM articles WHERE id IN ({placeholders(chunk)})", list(chunk))
        existing.update(row[0] for row in rows)
    kept = [(article_id, found) for article_id, found in latest.items() if article_id in existing]
    suggested = suggestions or {}
    db.executemany("DELETE FROM related_targets WHERE article_id = ?", [(article_id,) for article_id, _ in kept])
    db.executemany(
        "INSERT INTO related_targets (article_id, position, target_id, suggestions) VALUES (?, ?, ?, ?)",
        [
            (article_id, position, target, _suggestion_text(target, suggested.get(article_id), position))
            for article_id, found in kept
            for position, target in enumerate(found)
        ],
    )


def _suggestion_text(target: str | None, suggestions: Sequence[Sequence[str]] | None, position: int) -> str | None:
    if target is not None or not suggestions or position >= len(suggestions) or not suggestions[position]:
        return None
    return " ".join(suggestions[position])
