"""A View as SQL: the filter, the keyset condition and the row-to-Headline mapping.

Every filter here has an index ending in (sort_time, id) (see schema.PAGING_INDEXES),
and the conditions are written so the planner can see it: ``read = 0`` and
``bookmarked_at IS NOT NULL`` match the partial indexes word for word.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from newsreader.store.identity import file_date
from newsreader.store.models import Headline, SortKey, View

HEADLINE_COLUMNS = """
    a.id, a.title, a.date, a.published, COALESCE(a.outlet, s.title) AS source, s.title AS feed,
    a.origin, a.url, a.read, a.bookmarked_at IS NOT NULL AS bookmarked, a.source_id, a.sort_time
"""

HEADLINE_FROM = "articles AS a LEFT JOIN sources AS s ON s.id = a.source_id"


def view_filter(view: View | None) -> tuple[list[str], list[Any]]:
    """WHERE conditions (joined by AND) and their parameters for ``view``."""
    conditions: list[str] = []
    params: list[Any] = []
    if view is None:
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
    return conditions, params


def where_clause(conditions: list[str]) -> str:
    return ("WHERE " + " AND ".join(conditions)) if conditions else ""


def headline_from_row(row: sqlite3.Row | tuple) -> Headline:
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


def page_query(view: View | None, key: SortKey | None, newer: bool, limit: int) -> tuple[str, list[Any]]:
    """Headlines after ``key`` (older, newest first) or before it (newer, nearest first)."""
    conditions, params = view_filter(view)
    if key is not None:
        conditions.append("(a.sort_time, a.id) > (?, ?)" if newer else "(a.sort_time, a.id) < (?, ?)")
        params.extend(key)
    order = "ASC" if newer else "DESC"
    sql = (
        f"SELECT {HEADLINE_COLUMNS} FROM {HEADLINE_FROM} {where_clause(conditions)} "
        f"ORDER BY a.sort_time {order}, a.id {order} LIMIT ?"
    )
    params.append(max(limit, 0))  # SQLite reads a negative LIMIT as no limit at all
    return sql, params


def count_query(view: View | None, after: SortKey | None = None) -> tuple[str, list[Any]]:
    """How many headlines ``view`` holds (only those newer than ``after``, when given)."""
    conditions, params = view_filter(view)
    if after is not None:
        conditions.append("(a.sort_time, a.id) > (?, ?)")
        params.extend(after)
    return f"SELECT count(*) FROM articles AS a {where_clause(conditions)}", params
