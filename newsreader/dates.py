"""Dates as a reader reads them: "12 March 2026", for the article view and the exports alike."""

from __future__ import annotations

from datetime import date

from newsreader.document.clean import clean_inline


def long_date(day: str | None) -> str | None:
    """ "2026-03-12" as "12 March 2026"; anything else as it is, cleaned; None for nothing."""
    if not day:
        return None
    try:
        parsed = date.fromisoformat(day[:10])
    except ValueError:
        return clean_inline(day)
    return f"{parsed.day} {parsed.strftime('%B')} {parsed.year}"
