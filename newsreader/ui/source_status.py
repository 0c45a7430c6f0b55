"""What went wrong with a source, in words: shown when a failing source is selected.

The sources pane marks a failing source with "!"; this is the line that says why,
when it failed and, when its server asked to wait (Retry-After), when it is tried
again. The error comes from outside: it is cleaned and kept plain text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newsreader.dates import parse_iso_time
from newsreader.document.clean import edge_guard
from newsreader.ui.dates import relative_date

if TYPE_CHECKING:
    from newsreader.store import Source


def _ago(value: str | None, now: datetime) -> str:
    when = relative_date(value, None, now)
    if not when:
        return ""
    if when == "now":
        return "just now"
    if when[-1] in "mhd" and when[:-1].isdigit():
        return f"{when} ago"
    return f"on {when}"


def _until(moment: datetime, now: datetime) -> str:
    """When the next try is: "14:30 UTC" today, else "13 Mar 14:30 UTC"."""
    moment = moment.astimezone(UTC)
    if moment.date() == now.astimezone(UTC).date():
        return f"{moment:%H:%M} UTC"
    return f"{moment.day} {moment:%b %H:%M} UTC"


def failure_note(source: Source | None, now: datetime) -> str | None:
    """ "Failed 3h ago: HTTP 503 · the server asked to wait until 14:30 UTC", for a source whose
    last refresh failed; None for one that did not."""
    if source is None or source.last_status != "error":
        return None
    error = edge_guard(source.last_error or "") or "no reason given"
    ago = _ago(source.last_refreshed, now)
    note = f"Failed {ago}: {error}" if ago else f"Failed: {error}"
    retry = parse_iso_time(source.retry_at)
    if retry is not None and retry > now:
        note += f" · the server asked to wait: next try after {_until(retry, now)}"
    else:
        note += " · tried again on the next refresh"
    return note
