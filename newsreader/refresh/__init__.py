"""Refreshing sources: every feed fetched, every file and folder re-read, concurrently.

One package, one concept a module: ``run`` (a refresh, start to end), ``feeds`` and
``files`` (the kinds of source), ``adding`` (adding sources, a page's feed discovered),
``parsing`` (bytes to rows, in the parse pool when there are many), ``context`` (what the
tasks of one refresh share) and ``results`` (what they report). Feed parsing (CPU work
under the GIL) can run in a small process pool, which reads and writes the feeds that
gathered while it was busy together (groups.py); the tasks waiting for that are threads
beyond the fetching ones.
"""

from __future__ import annotations

from newsreader.refresh.adding import add_sources
from newsreader.refresh.parsing import (
    POOL_FROM_SOURCES,
    STORE_GROUP,
    ReadSource,
    StoredFeed,
    modified_time,
    read_feed,
    read_file,
    shutdown_parse_pool,
    store_feeds,
    write_feeds,
)
from newsreader.refresh.results import ProgressEvent, SourceResult, one_line
from newsreader.refresh.run import refresh_all
from newsreader.sources.parse_pool import POOL, ParsePool

__all__ = [
    "POOL",
    "POOL_FROM_SOURCES",
    "STORE_GROUP",
    "ParsePool",
    "ProgressEvent",
    "ReadSource",
    "SourceResult",
    "StoredFeed",
    "add_sources",
    "modified_time",
    "one_line",
    "read_feed",
    "read_file",
    "refresh_all",
    "shutdown_parse_pool",
    "store_feeds",
    "write_feeds",
]
