"""The article store: sources, articles, read state, bookmarks and full-text search in SQLite.

``from newsreader.store import Store, View, NewArticle, StoreError, ...`` is the
whole public surface; the modules behind it are:

- ``store``     the Store facade (every method thread-safe; writes in short transactions):
                search, read state, bookmarks, whole texts, retention
- ``reading``   articles and pages of headlines (a mixin of Store)
- ``sources``   adding, changing and removing sources (a mixin of Store)
- ``ingest``    writing articles: insert new, update changed, delete nothing (a mixin of Store)
- ``organize``  the query language, tags, hidden articles, saved views (a mixin of Store)
- ``settings``  per-source settings and article limits (a mixin of Store)
- ``links``     ``store.links``: where related links lead, backlinks, story lines
- ``related_links`` the SQL behind ``store.links``, reading links without decoding documents
- ``database``  opening a file safely, one connection per thread, transactions
- ``migrations`` the ordered MIGRATIONS, each a script of SQL
- ``schema``    applying them, keyed on PRAGMA user_version
- ``old_text``  the short texts of a file written before every door cleaned them, cleaned once
- ``identity``  article ids (origin + guid / url / content hash) and sortable times
- ``views``     a View as SQL for keyset paging
- ``fts``       FTS5 queries made safe, ranking and snippets
- ``documents`` the compact JSON a Document is stored as
- ``models``    the dataclasses handed in and out
- ``errors``    StoreError and the messages for sqlite3's failures
"""

from newsreader.store.errors import StoreError
from newsreader.store.identity import PreparedBatch, prepare_batch
from newsreader.store.ingest import INGEST_CHUNK
from newsreader.store.links import RelatedLinks
from newsreader.store.migrations import MIGRATIONS
from newsreader.store.models import (
    Article,
    Headline,
    IngestResult,
    NewArticle,
    RemovedSource,
    SearchHit,
    SortKey,
    Source,
    View,
)
from newsreader.store.organize import SavedView
from newsreader.store.store import Store, as_typed

__all__ = [
    "INGEST_CHUNK",
    "as_typed",
    "MIGRATIONS",
    "Article",
    "Headline",
    "IngestResult",
    "NewArticle",
    "PreparedBatch",
    "RelatedLinks",
    "RemovedSource",
    "SavedView",
    "SearchHit",
    "SortKey",
    "Source",
    "Store",
    "StoreError",
    "View",
    "prepare_batch",
]
