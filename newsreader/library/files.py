"""The sources' own formats read or written without a refresh: a file read as ``add`` reads
it but not stored (``show FILE``), and what an OPML import did."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.config import Config
from newsreader.document.clean import OneLineError
from newsreader.lazy_import import load

if TYPE_CHECKING:
    from newsreader.document.blocks import Document
    from newsreader.sources.opml import SkippedOutline
    from newsreader.store import Source

__all__ = ["FileArticle", "FileReading", "LibraryError", "OpmlReport", "read_file"]


class LibraryError(OneLineError):
    """A job that failed in an expected way (a file that cannot be read): the message, one
    line naming the file, is for the person who asked."""


@dataclass
class FileArticle:
    """An article read from a file without storing it: no id, unread, not kept."""

    document: Document
    origin: str  # the file's absolute path
    feed: str | None = None  # the feed's title, when the file is a feed

    def to_json(self) -> dict[str, Any]:
        """The docs/cli.md shape of an article in a list, for ``show FILE --json``."""
        document = self.document
        return {
            "id": None,
            "title": document.title,
            "date": document.date,
            "published": document.published,
            "source": document.source,
            "feed": self.feed,
            "origin": self.origin,
            "url": document.url,
            "read": False,
            "bookmarked": False,
        }


@dataclass
class FileReading:
    """A file read as ``add`` reads it (a feed by its content): a feed's title and articles in
    feed order, or the one article it is."""

    is_feed: bool
    title: str | None
    articles: list[FileArticle]
    day: str | None = None  # an article file without a date of its own: the day it was last changed


@dataclass
class OpmlReport:
    """What ``import_opml`` did: the feeds subscribed, those already here, the outlines left out."""

    added: list[Source] = field(default_factory=list)
    existing: list[Source] = field(default_factory=list)
    skipped: list[SkippedOutline] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The docs/cli.md shape of ``import-opml --json``."""
        return {
            "added": [source.to_subscription_json() for source in self.added],
            "existing": [source.to_subscription_json() for source in self.existing],
            "skipped": [outline.to_json() for outline in self.skipped],
        }


def read_file(path: Path, config: Config) -> FileReading:
    """The articles of the file at ``path``, read as ``add`` reads it (the same test of a
    feed by its content, so the two agree) but not stored. LibraryError, one line naming
    the file, when it cannot be read. It needs no store: ``show FILE`` opens none."""
    files = load("newsreader.sources.files")
    feeds = load("newsreader.sources.feeds")
    origin = str(path.resolve())
    try:
        data = files.read_bytes(path, config.limits.max_bytes)
        if files.reads_as_feed(path, data):
            parsed = feeds.parse_feed(data, origin)
            title = parsed.title or None
            return FileReading(True, title, [FileArticle(item.document, origin, title) for item in parsed.items])
        document = files.parse_article(data, path)
    except files.SourceError as error:  # names the file already
        raise LibraryError(str(error)) from None
    except feeds.FeedError as error:  # "not a feed: …", "refused: …"
        raise LibraryError(f"{path}: {error}") from None
    except Exception as error:  # a parser's surprise is one line too, as for add
        raise LibraryError(f"{path}: cannot read it ({type(error).__name__}: {error})") from None
    changed = None if document.date or document.published else load("newsreader.refresh").modified_time(path)
    return FileReading(False, document.title, [FileArticle(document, origin)], changed[:10] if changed else None)
