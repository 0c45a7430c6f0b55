"""Refreshing a feed: fetched (its server's validators and wishes followed), and its new
and changed entries stored, here or by the parse pool's workers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from newsreader.refresh.context import Run, digest
from newsreader.refresh.parsing import write_feeds
from newsreader.refresh.results import SourceResult
from newsreader.sources.http import FetchError
from newsreader.store import Source

# A server's Retry-After is followed for at most a day: a longer one would silence its feed.
RETRY_AFTER_MOST = 24 * 3600


def refresh_feed(run: Run, source: Source) -> SourceResult:
    response = run.get(source.address, source)
    fields: dict[str, Any] = {}
    if response.permanent_redirect and response.permanent_redirect != source.address:
        if run.store.find_source(response.permanent_redirect) is None:
            fields["address"] = response.permanent_redirect
    if response.not_modified:
        return run.unchanged(source, fields)
    body_hash = digest(response.body)
    fields.update(etag=response.etag, last_modified=response.last_modified, body_hash=body_hash)
    if body_hash == source.body_hash and source.last_status != "error":
        return run.unchanged(source, fields)
    if run.groups is not None:
        stored = run.groups.submit((source.id, response.body, source.address, response.headers), len(response.body))
    else:  # here, on the app's store (an in-memory one cannot be reached from another process)
        (written,) = write_feeds(
            run.store, [(source.id, response.body, source.address, response.headers)], run.write_lock, index=False
        )
        if isinstance(written, Exception):
            raise written
        stored = written
    if not source.title and stored.title:
        fields["title"] = stored.title
    run.record_status(source.id, "ok", fields)
    return SourceResult(source.id, fields.get("title") or source.name, "ok", stored.added, stored.updated)


def asked_to_wait(source: Source) -> SourceResult | None:
    """The source's result when its server asked (Retry-After) not to be fetched yet; it is left
    as it is, its last error kept, and tried again once that time has passed."""
    if not source.retry_at:
        return None
    try:
        until = datetime.fromisoformat(source.retry_at)
    except ValueError:
        return None
    if until <= datetime.now(UTC):
        return None
    why = source.last_error or "the server asked to wait"
    return SourceResult(
        source.id, source.name, "error", error=f"{why}; not asked again before {until:%Y-%m-%d %H:%M} UTC"
    )


def retry_at(error: BaseException) -> str | None:
    """When a failed source may be fetched again, if its server said (Retry-After)."""
    seconds = getattr(error, "retry_after", None)
    if not isinstance(error, FetchError) or seconds is None:
        return None
    until = datetime.now(UTC) + timedelta(seconds=min(seconds, RETRY_AFTER_MOST))
    return until.isoformat(timespec="seconds")
