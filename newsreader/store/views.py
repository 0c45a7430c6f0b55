"""A View as SQL: the filter, the keyset condition and the row-to-Headline mapping.

Every filter here has an index ending in (sort_time, id) (see migrations.PAGING_INDEXES),
and the conditions are written so the planner can see it: ``read = 0`` and
``bookmarked_at IS NOT NULL`` match the partial indexes word for word.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from newsreader.store.identity import file_date
from newsreader.store.models import Headline, SortKey, View

HEADLINE_COLUMNS = """
    a.id, a.title, a.date, a.published, COALESCE(a.outlet, s.title) AS source, s.title AS feed,
    a.origin, a.url, a.read, a.bookmarked_at IS NOT NULL AS bookmarked, a.source_id, a.sort_time
"""

NOT_HIDDEN = "a.seq NOT IN (SELECT seq FROM hidden_articles)"  # as newsreader.query.sql spells it

HEADLINE_FROM = "articles AS a LEFT JOIN sources AS s ON s.id = a.source_id"


def view_filter(view: View | None, hiding: bool = True) -> tuple[list[str], list[Any]]:
    """WHERE conditions (joined by AND) and their parameters for ``view``; ``hiding`` False for
    a store older than hidden articles (migrations.QUERY_TAGS_AND_HIDDEN)."""
    conditions: list[str] = []
    params: list[Any] = []
    if view is None:
        if hiding:
            conditions.append(NOT_HIDDEN)
        return conditions, params
    if view.unread:
        conditions.append("a.read = 0")
    if view.bookmarked:
        conditions.append("a.bookmarked_at IS NOT NULL")
    if view.source_id is not None:
        conditions.append("a.source_id = ?")
        params.append(view.source_id)
    if view.folder is not None:
        conditions.append("a.folder = ?")
        params.append(view.folder)
    query = view.query
    if query is not None and not query.empty:
        conditions.append(query.where)
        params.extend(query.params)
    if hiding and (query is None or not query.shows_hidden):
        conditions.append(NOT_HIDDEN)  # hidden articles (rules' "hide") show only when asked for
    return conditions, params


def where_clause(conditions: list[str]) -> str:
    return ("WHERE " + " AND ".join(conditions)) if conditions else ""


def headline_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Headline:
    return Headline(
        id=row[0],
        title=row[1],
        date=row[2],
        published=row[3],
        source=row[4],
        feed=row[5],
        origin=row[6],
        url=row[7],
        read=bool(row[8]),
        bookmarked=bool(row[9]),
        source_id=row[10],
        sort_key=(row[11], row[0]),
        file_date=file_date(row[11]),
    )


def headlines_by_id(db: sqlite3.Connection, ids: Sequence[str], chunk: int = 500) -> list[Headline]:
    """The headlines of the stored articles among ``ids`` (distinct), in no order; ``chunk``
    ids per IN (...) list."""
    found: list[Headline] = []
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        marks = ",".join("?" * len(part))
        rows = db.execute(f"SELECT {HEADLINE_COLUMNS} FROM {HEADLINE_FROM} WHERE a.id IN ({marks})", part)
        found.extend(headline_from_row(row) for row in rows)
    return found


def page_query(
    view: View | None, key: SortKey | None, newer: bool, limit: int, hiding: bool = True
) -> tuple[str, list[Any]]:
    """Headlines after ``key`` (older, newest first) or before it (newer, nearest first)."""
    conditions, params = view_filter(view, hiding)
    if key is not None:
        conditions.append("(a.sort_time, a.id) > (?, ?)" if newer else "(a.sort_time, a.id) < (?, ?)")
        params.extend(key)
    order = "ASC" if newer else "DESC"
    if view is not None and view.query is not None:
        # A query's conditions may pick rows the planner must sort (the articles of a few
        # sources, of a tag): the page is chosen first from the indexes alone, then read.
        chosen = (
            f"SELECT a.seq FROM articles AS a {where_clause(conditions)} "
            f"ORDER BY a.sort_time {order}, a.id {order} LIMIT ?"
        )
        sql = f"SELECT {HEADLINE_COLUMNS} FROM {HEADLINE_FROM} WHERE a.seq IN ({chosen}) ORDER BY a.sort_time {order}, a.id {order}"
    else:
        sql = (
            f"SELECT {HEADLINE_COLUMNS} FROM {HEADLINE_FROM} {where_clause(conditions)} "
            f"ORDER BY a.sort_time {order}, a.id {order} LIMIT ?"
        )
    params.append(max(limit, 0))  # SQLite reads a negative LIMIT as no limit at all
    return sql, params


def count_query(view: View | None, after: SortKey | None = None, hiding: bool = True) -> tuple[str, list[Any]]:
    """How many headlines ``view`` holds (only those newer than ``after``, when given)."""
    conditions, params = view_filter(view, hiding)
    if after is not None:
        conditions.append("(a.sort_time, a.id) > (?, ?)")
        params.extend(after)
    return f"SELECT count(*) FROM articles AS a {where_clause(conditions)}", params
