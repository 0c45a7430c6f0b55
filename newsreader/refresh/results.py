"""What a refresh or an ``add`` reports: one result per source, and an event as each ends."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsreader.document.clean import clean_inline
from newsreader.sources.entries import FeedError
from newsreader.sources.files import SourceError
from newsreader.sources.http import FetchError


@dataclass
class SourceResult:
    source_id: int | None
    name: str
    status: str  # "ok" | "unchanged" | "error" | "cancelled"
    added: int = 0
    updated: int = 0
    error: str | None = None
    existing: bool = False  # ``add`` of a source already subscribed (refreshed instead)

    def to_json(self) -> dict[str, Any]:
        """The docs/cli.md shape of a source's result in ``refresh --json`` and ``add --json``."""
        return {
            "source_id": self.source_id, "name": self.name, "status": self.status, "added": self.added,
            "updated": self.updated, "error": self.error, "existing": bool(self.existing),
        }  # fmt: skip


@dataclass(frozen=True)
class ProgressEvent:
    done: int  # sources finished so far, this one included
    total: int
    source_id: int | None
    name: str
    status: str
    message: str | None = None


def one_line(error: BaseException) -> str:
    """An exception as one short line for the user, cleaned: it may quote a file name
    or a server's words, and it is stored and printed."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if not isinstance(error, (FetchError, FeedError, SourceError)) and text:
        text = f"{type(error).__name__}: {text}"
    return clean_inline(text) or type(error).__name__
