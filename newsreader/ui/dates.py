"""Short relative dates for the headline list: "now", "5m", "3h", "2d", "12 Mar".

The clock is passed in so tests and snapshots show the same text every run. Stored times and
days are read by ``newsreader.dates``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from newsreader.dates import parse_day, parse_iso_time, utc_now

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return utc_now()


def _parse(published: str | None, day: str | None) -> tuple[datetime | None, date | None]:
    """A timestamp when the article has a time, else only its day."""
    moment = parse_iso_time(published)
    if moment is not None:
        return moment, moment.date()
    return None, parse_day(day)


def _calendar(day: date, today: date, compact: bool = False) -> str:
    label = f"{day.day} {day.strftime('%b')}"
    if day.year == today.year:
        return label
    return str(day.year) if compact else f"{label} {day.year}"


def relative_date(published: str | None, day: str | None, now: datetime, compact: bool = False) -> str:
    """How long ago, in at most 11 cells (6 when ``compact``: another year is just the year);
    the calendar date once a week has passed."""
    moment, when = _parse(published, day)
    if when is None:
        return ""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    today = now.date()
    if moment is not None:
        seconds = (now - moment).total_seconds()
        if 0 <= seconds < 60:
            return "now"
        if 0 <= seconds < 3600:
            return f"{int(seconds // 60)}m"
        if 0 <= seconds < 86400:
            return f"{int(seconds // 3600)}h"
    days = (today - when).days
    if days == 0:
        return "today"
    if 0 < days < 7:
        return f"{days}d"
    return _calendar(when, today, compact)
