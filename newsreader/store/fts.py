"""Full-text search: user queries made safe for FTS5, and snippets without markup.

A user typing ``"unbalanced`` or ``-`` or ``NEAR(`` has not asked for a syntax
error: a query FTS5 refuses is retried as its plain words, each quoted.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from typing import Any

from newsreader.store.models import Headline, SearchHit

TITLE_WEIGHT = 10.0
TEXT_WEIGHT = 1.0
RANK = f"bm25({TITLE_WEIGHT}, {TEXT_WEIGHT})"  # FTS5's rank function, for ORDER BY rank
BM25 = f"bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT})"  # the same score as a plain SQL function
MARK_START = "\x02"  # control characters: the sanitiser keeps them out of stored text
MARK_END = "\x03"
ELLIPSIS = "…"
SNIPPET_TOKENS = 16

OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_WORD = re.compile(r"\w+(\*)?")
_SHORT_PREFIX = re.compile(r'(?<![\w*"])("?\w"?)\*')


def widen_short_prefixes(query: str) -> str:
    """``a*`` and ``"a"*`` searched as the word ``a``: a one-letter prefix matches
    thousands of terms and can keep FTS5 busy for minutes (measured: ``a* OR b*``,
    140 s of CPU at 100,000 articles)."""
    return _SHORT_PREFIX.sub(r"\1", query)


_LAST_WORD = re.compile(r"(?<![\w*])(\w+)$")


def last_word_as_prefix(query: str) -> str:
    """``query`` with the word being typed at its end searched as a prefix: ``bangl``
    is ``bangl*`` (it finds Bangladesh). As typed, when it ends in a space, a quote,
    a ``*`` or a closing parenthesis, or in an operator (``OR``, ``AND``, ``NOT``,
    ``NEAR``); an open phrase is closed, its end the prefix. For search as you type."""
    text = query.rstrip("\n")
    match = _LAST_WORD.search(text)
    if match is None or match.group(1) in OPERATORS:
        return query
    return text + ('"*' if text.count('"') % 2 else "*")  # an open phrase: its end is the prefix


def quote_term(term: str) -> str:
    """One FTS5 string: the term as a phrase of its words, operators meaning nothing."""
    return '"' + term.replace('"', '""') + '"'


def plain_words_query(query: str) -> str:
    """``query`` as quoted words (a trailing * kept as a prefix search); '' when it has no words.

    Operator keywords (AND, OR, NOT, NEAR in capitals) of the failed query
    are dropped, unless they are all it has.
    """
    matches = list(_WORD.finditer(query))
    words = [m for m in matches if m.group(0).rstrip("*") not in OPERATORS] or matches
    return " ".join(
        quote_term(m.group(0).rstrip("*")) + ("*" if m.group(1) and len(m.group(0)) > 2 else "") for m in words
    )


def any_term_query(terms: Iterable[str]) -> str:
    """An OR of the terms, each quoted; '' when no term has a word in it."""
    return " OR ".join(quote_term(term) for term in terms if _WORD.search(term))


def is_query_error(error: BaseException | None) -> bool:
    """True for FTS5's complaints about the query itself (syntax, unknown column, bad NEAR).

    They all come as the generic SQLITE_ERROR; locks, I/O errors and
    corruption have codes of their own and are not retried.
    """
    return isinstance(error, sqlite3.OperationalError) and getattr(error, "sqlite_errorname", "") == "SQLITE_ERROR"


def split_snippet(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The snippet text with the match markers taken out, and where they were."""
    out: list[str] = []
    ranges: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for piece in re.split(f"([{MARK_START}{MARK_END}])", marked):
        if piece == MARK_START:
            start = length
        elif piece == MARK_END:
            if start is not None and length > start:
                ranges.append((start, length))
            start = None
        elif piece:
            out.append(piece)
            length += len(piece)
    # Lines become spaces (same length, so the ranges still hold): a snippet is one line.
    return "".join(out).replace("\n", " "), ranges


def snippet_sql() -> str:
    """A passage of the body (column 1): the title is shown beside it anyway."""
    return f"snippet(articles_fts, 1, char(2), char(3), '{ELLIPSIS}', {SNIPPET_TOKENS})"


SEARCH_FROM = (
    "articles_fts JOIN articles AS a ON a.seq = articles_fts.rowid LEFT JOIN sources AS s ON s.id = a.source_id"
)


def best_rowids_sql() -> str:
    """The rowids of the best matches (parameters: MATCH expression, limit).

    ``ORDER BY bm25() LIMIT`` is a top-N sort, measured 40% faster than FTS5's
    ``ORDER BY rank``, which sorts every match.
    """
    return f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY {BM25} LIMIT ?"


def rows_sql(columns: str, count: int) -> str:
    """``columns`` for ``count`` given rowids, in no order.

    Parameters: the MATCH expression, the lowest and highest rowid, the rowids.
    The rowids are a range for FTS5 and a filter for SQLite (the unary ``+``):
    asked for rowid by rowid, FTS5 merges a prefix term's doclists again for
    each one (measured 2.8 s for ``t*`` at 100,000 articles, against 80 ms).
    No bm25() here: it would count every match of every phrase again.
    """
    marks = ",".join("?" * count)
    return (
        f"SELECT articles_fts.rowid, {columns} FROM {SEARCH_FROM} WHERE articles_fts MATCH ? "
        f"AND articles_fts.rowid BETWEEN ? AND ? AND +articles_fts.rowid IN ({marks})"
    )


def filtered_sql(columns: str, conditions: list[str]) -> str:
    """Best matches that pass ``conditions`` (parameters: MATCH expression, the conditions', limit).

    FTS5's rank order is walked and the walk stops once enough rows pass.
    """
    filters = "".join(f" AND {condition}" for condition in conditions)
    return f"SELECT {columns} FROM {SEARCH_FROM} WHERE articles_fts MATCH ? AND rank MATCH '{RANK}'{filters} ORDER BY rank LIMIT ?"


def ranked(
    db: sqlite3.Connection, columns: str, match: str, limit: int, conditions: list[str], params: list[Any]
) -> list[tuple[Any, ...]]:
    """Rows of ``columns`` for the best ``limit`` matches of ``match`` among rows passing ``conditions``."""
    if conditions:
        return db.execute(filtered_sql(columns, conditions), [match, *params, limit]).fetchall()
    rowids = [row[0] for row in db.execute(best_rowids_sql(), (match, limit))]
    if not rowids:
        return []
    place = {rowid: index for index, rowid in enumerate(rowids)}
    rows = db.execute(rows_sql(columns, len(rowids)), [match, min(rowids), max(rowids), *rowids]).fetchall()
    rows.sort(key=lambda row: place[row[0]])
    return [row[1:] for row in rows]


def hit(headline: Headline, marked: str | None) -> SearchHit:
    snippet, ranges = split_snippet(marked or "")
    return SearchHit(headline=headline, snippet=snippet, highlights=ranges)
