"""An article's body as stored: its document and its words for search, packed together and
compressed in one column, ``articles.body``.

Kept apart and as they were, the document (JSON: the item's HTML as it came, or the blocks)
and its words took 6.4 kB of the 10.2 kB an article of a refresh of 1,000 feeds × 30 stored:
the body twice over, uncompressed. Packed, they take ~2 kB (zstd at level 1: the words repeat
the HTML, so their second copy costs little once compressed). zstd, not the standard
library's zlib: on the benchmark's bodies (6.4 kB) it packed in 50 µs against 180 µs and
unpacked in 17 µs against 55 µs, to 1,959 bytes against 2,012; with zlib a cold refresh of
1,000 feeds took ~10% longer than with the body twice over, uncompressed. Queries read them with
``body_document(body)`` and ``body_text(body)``, functions each connection registers
(``register``); the search index reads its text through the view ``article_words``. The
schema's tables and indexes call none of them, so any SQLite tool can check and read the file
(``PRAGMA integrity_check``, the headlines); only a body needs these functions.

The words are stored, not made again from the HTML when read: the search index deletes an
article's terms by handing back the very text it indexed, which a later version of the HTML
reader might not make the same.
"""

from __future__ import annotations

import sqlite3
import struct
import threading

from newsreader.lazy_import import load

__all__ = ["BODY_PACKED", "LEVEL", "body_document", "body_text", "pack_body", "register", "unpack_body"]

FORMAT = b"\x01"  # the first byte of a body: how the rest is packed (below)
LEVEL = 1  # zstd's level: 3 took 30% longer for bodies no smaller
_LENGTH = struct.Struct("<I")  # the words' length in bytes, after the format byte
_START = 1 + _LENGTH.size  # where the compressed bytes start


class _Codecs(threading.local):
    """A compressor and a decompressor for each thread: zstandard's are not to be shared. Made
    on a thread's first body: the app shows its first headlines without importing zstandard
    (~25 ms with the ``platform`` module it imports)."""

    def __init__(self) -> None:
        zstandard = load("zstandard")  # under the import lock: threads make their first at once
        self.compressor = zstandard.ZstdCompressor(level=LEVEL)
        self.decompressor = zstandard.ZstdDecompressor()


_codecs = _Codecs()


def pack_body(document_json: str, text: str) -> bytes:
    """The stored body of a document (``documents.document_to_json``) and its words: the
    format byte, the words' length, then zstd of the words followed by the document."""
    words = text.encode()
    packed: bytes = _codecs.compressor.compress(words + document_json.encode())
    return FORMAT + _LENGTH.pack(len(words)) + packed


def _inflate(body: bytes) -> tuple[int, bytes]:
    """(the words' length in bytes, the words followed by the document) of a stored body."""
    if body[:1] != FORMAT:
        raise ValueError(f"an article body of an unknown format ({body[:1]!r})")
    whole: bytes = _codecs.decompressor.decompress(body[_START:])
    return _LENGTH.unpack_from(body, 1)[0], whole


def unpack_body(body: bytes) -> tuple[str, str]:
    """(document JSON, words) of a stored body."""
    length, whole = _inflate(body)
    return whole[length:].decode(), whole[:length].decode()


def body_document(body: bytes | None) -> str | None:
    if body is None:
        return None
    length, whole = _inflate(body)
    return whole[length:].decode()


def body_text(body: bytes | None) -> str | None:
    if body is None:
        return None
    length, whole = _inflate(body)
    return whole[:length].decode()


def register(connection: sqlite3.Connection) -> None:
    """The functions queries, the search index's view, the triggers and the migration below call."""
    connection.create_function("pack_body", 2, pack_body, deterministic=True)
    connection.create_function("body_document", 1, body_document, deterministic=True)
    connection.create_function("body_text", 1, body_text, deterministic=True)


# The document and its words packed into ``body``, and ``has_related`` saying whether the
# document holds a related link (the link pass's partial index tested the document itself,
# which would now be unpacked at every insert). The search index reads its text through the
# view ``article_words``, so it is made again on it (the text is the same, so is the index;
# a 'rebuild' also indexes what was queued, so the queue is emptied with it). The triggers
# that named the old columns are made again as they were, on ``body``. Dropping a column
# rewrites the table: a store of 35,000 articles took 13 s, once (``database.compact`` then
# gives the freed space back).
BODY_PACKED = """
DROP INDEX articles_with_related;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TRIGGER related_pending_update;
DROP TABLE articles_fts;

ALTER TABLE articles ADD COLUMN body BLOB;
ALTER TABLE articles ADD COLUMN has_related INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET body = pack_body(document, text), has_related = instr(document, '"type":"related"') > 0;
ALTER TABLE articles DROP COLUMN document;
ALTER TABLE articles DROP COLUMN text;

CREATE INDEX articles_with_related ON articles(id) WHERE has_related;

CREATE VIEW article_words (seq, title, text) AS SELECT seq, title, body_text(body) FROM articles;

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content='article_words', content_rowid='seq',
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8);
INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
DELETE FROM search_pending;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        SELECT 'delete', old.seq, old.title, body_text(old.body)
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE seq = old.seq);
    DELETE FROM search_pending WHERE seq = old.seq;
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles
WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE seq = old.seq) BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, body_text(old.body));
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, body_text(new.body));
END;

CREATE TRIGGER related_pending_update AFTER UPDATE OF body ON articles
WHEN body_document(old.body) IS NOT body_document(new.body) BEGIN
    INSERT OR IGNORE INTO related_pending (seq) VALUES (new.seq);
END;
"""
