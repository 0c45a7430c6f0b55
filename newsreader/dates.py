"""Dates and times, one module for the whole core: how the store writes a time, how a time or a
day is read from what a feed, a file or the store gives, and how a reader reads a date.

- The store keeps every time as fixed-width UTC text (``TIME_FORMAT``, ``utc_text``), so text
  order is time order; ``now_text`` is the present in that form.
- ``parse_time`` reads what strangers write (ISO 8601, or RFC 822 as RSS has it);
  ``parse_iso_time`` reads an ISO 8601 time the store or a server wrote; ``parse_day`` the
  day (YYYY-MM-DD) a value begins with. None, never an exception, for what cannot be read.
- ``long_date`` writes a day as a reader reads it ("12 March 2026", the article view and the
  exports).

Times without a zone are taken as UTC throughout. This module reads ``document.clean``, so
``document/`` checks its own datelines (``document.article_format``) rather than import it. Short relative dates for the headline list
("5m", "2d") are the UI's (``ui.dates``), built on these.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from newsreader.document.clean import clean_inline

__all__ = [
    "TIME_FORMAT",
    "epoch_iso",
    "long_date",
    "now_text",
    "parse_day",
    "parse_iso_time",
    "parse_time",
    "utc_now",
    "utc_text",
]

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # the store's times: fixed width, so text order is time order


def utc_now() -> datetime:
    return datetime.now(UTC)


def utc_text(moment: datetime) -> str:
    """A fixed-width UTC timestamp: comparing the strings compares the times."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def now_text() -> str:
    return utc_text(datetime.now(UTC))


def parse_time(value: str | None) -> datetime | None:
    """An ISO-8601 (or RFC 822) time or date as an aware datetime; None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:  # RFC 822 dates, as RSS writes them, in case a parser passed one on
            moment = parsedate_to_datetime(value.strip())
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def parse_iso_time(value: str | None) -> datetime | None:
    """An ISO-8601 time (``Z`` for UTC) as an aware datetime; None when absent or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def parse_day(value: str | None) -> date | None:
    """The day a value begins with (``YYYY-MM-DD``, a time after it or not); None when there is none."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def epoch_iso(seconds: float) -> str:
    """Seconds since 1970 as an ISO-8601 UTC time to the second."""
    return datetime.fromtimestamp(int(seconds), tz=UTC).isoformat(timespec="seconds")


def long_date(day: str | None) -> str | None:
    """ "2026-03-12" as "12 March 2026"; anything else as it is, cleaned; None for nothing."""
    if not day:
        return None
    try:
        parsed = date.fromisoformat(day[:10])
    except ValueError:
        return clean_inline(day)
    return f"{parsed.day} {parsed.strftime('%B')} {parsed.year}"
