"""Short relative dates for the headline list: "now", "5m", "3h", "2d", "12 Mar".

The clock is passed in so tests and snapshots show the same text every run.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Callable

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


def _parse(published: str | None, day: str | None) -> tuple[datetime | None, date | None]:
    """A timestamp when the article has a time, else only its day."""
    if published:
        try:
            moment = datetime.fromisoformat(published.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            return moment, moment.date()
    if day:
        try:
            return None, date.fromisoformat(day[:10])
        except ValueError:
            return None, None
    return None, None


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
        now = now.replace(tzinfo=timezone.utc)
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
