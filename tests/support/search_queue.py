"""Shared by the search queue's tests: articles of one feed, what a search finds, the queue's
length, and FTS5's own check of the index against the articles table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsreader.document.blocks import Document, Paragraph, Span
from newsreader.store import NewArticle, PreparedBatch, Store, prepare_batch
from newsreader.store.bodies import register

FEED = "https://example.org/feed.xml"


def article(guid: str, title: str, text: str) -> NewArticle:
    return NewArticle(title, Document(blocks=[Paragraph([Span(text)])]), FEED, guid=guid)


def batch(*articles: NewArticle) -> PreparedBatch:
    return prepare_batch(list(articles))


def titles(store: Store, query: str) -> list[str]:
    return sorted(hit.headline.title for hit in store.search(query))


def queued(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM search_pending").fetchone()[0])


def index_is_sound(path: Path) -> None:
    """FTS5's own check of an external-content index against its table (raises if they differ)."""
    with sqlite3.connect(path) as connection:
        register(connection)  # the index reads its text through them (store.bodies)
        connection.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
