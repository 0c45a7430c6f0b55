"""The store's migrations: each a script of SQL, in the order they apply (``MIGRATIONS``).

The schema grows only by appending a migration to the end of ``MIGRATIONS``; never edit
one that has shipped (a file that has had it would not get the change). ``schema.migrate``
applies them; ``PRAGMA user_version`` says how many a file has had.
"""

from __future__ import annotations

from newsreader.store.bodies import BODY_PACKED
from newsreader.store.item_memos import ITEM_MEMO
from newsreader.store.old_text import CLEAN_OLD_TEXT
from newsreader.store.search_queue import SEARCH_QUEUE

SCHEMA_TABLES = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    address TEXT NOT NULL UNIQUE,
    title TEXT,
    folder TEXT,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    last_status TEXT,
    last_error TEXT,
    last_refreshed TEXT,
    added TEXT NOT NULL
);

-- seq is the stable integer rowid the FTS index points at (VACUUM may renumber
-- an implicit rowid); id is the article's public, stable identity.
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    origin TEXT NOT NULL,
    guid TEXT,
    url TEXT,
    title TEXT NOT NULL,
    published TEXT,
    date TEXT,
    outlet TEXT,
    sort_time TEXT NOT NULL,
    document TEXT NOT NULL,
    full_document TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    updated TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    bookmarked_at TEXT
);

CREATE TABLE related_targets (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    target_id TEXT,
    PRIMARY KEY (article_id, position)
) WITHOUT ROWID;
"""

# One index per headline filter, each ending in (sort_time, id), so that the
# first page and page N of every view are an index range scan, never a sort.
PAGING_INDEXES = """
CREATE INDEX articles_by_time ON articles(sort_time, id);
CREATE INDEX articles_unread_by_time ON articles(sort_time, id) WHERE read = 0;
CREATE INDEX articles_bookmarked_by_time ON articles(sort_time, id) WHERE bookmarked_at IS NOT NULL;
CREATE INDEX articles_by_bookmark_time ON articles(bookmarked_at) WHERE bookmarked_at IS NOT NULL;
CREATE INDEX articles_by_source ON articles(source_id, sort_time, id);
CREATE INDEX articles_unread_by_source ON articles(source_id, sort_time, id) WHERE read = 0;
CREATE INDEX articles_by_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX sources_by_folder ON sources(folder) WHERE folder IS NOT NULL;
"""

# External-content FTS5: the index points at articles.seq and reads title and
# text back from articles, so the text is stored once. It is kept in step in
# the writer's own transaction: new rows are indexed by ingest.write_chunk with
# an explicit INSERT (measured twice as fast as an AFTER INSERT trigger for
# bulk ingest); deletes and changes of title/text by the triggers below, so no
# other statement can leave the index stale. Only ingest inserts articles. A bulk
# write may queue its new rows and index them at its end instead (store.search_queue).
FULL_TEXT = """
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content='articles', content_rowid='seq',
    tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
"""

# Articles removed by retention (age or number), remembered for a while so a
# feed that still lists them does not bring them back as new and unread.
PRUNED_MEMORY = """
CREATE TABLE pruned (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL
) WITHOUT ROWID;
"""

# A folder view pages by an index of its own, like a source view: each article
# carries its source's folder. Ingest writes it on insert; the triggers keep it
# in step when a source moves to another folder or an article changes source
# (adopted by a new source, or left without one by remove_source).
FOLDER_ON_ARTICLES = """
ALTER TABLE articles ADD COLUMN folder TEXT;

UPDATE articles SET folder = (SELECT folder FROM sources WHERE sources.id = articles.source_id)
WHERE source_id IS NOT NULL;

CREATE INDEX articles_by_folder ON articles(folder, sort_time, id) WHERE folder IS NOT NULL;
CREATE INDEX articles_unread_by_folder ON articles(folder, sort_time, id) WHERE folder IS NOT NULL AND read = 0;

CREATE TRIGGER sources_folder_update AFTER UPDATE OF folder ON sources BEGIN
    UPDATE articles SET folder = new.folder WHERE source_id = new.id;
END;

CREATE TRIGGER articles_source_update AFTER UPDATE OF source_id ON articles BEGIN
    UPDATE articles SET folder = (SELECT folder FROM sources WHERE id = new.source_id) WHERE seq = new.seq;
END;
"""

# Each source's article and unread counts, kept by triggers in the same
# transaction as the change, so listing sources costs the same at 100 articles
# or 100,000 (a GROUP BY over the articles took ~10 ms CPU at 100,000).
SOURCE_COUNTS = """
ALTER TABLE sources ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0;

UPDATE sources SET
    article_count = (SELECT count(*) FROM articles WHERE source_id = sources.id),
    unread_count = (SELECT count(*) FROM articles WHERE source_id = sources.id AND read = 0);

CREATE TRIGGER articles_count_insert AFTER INSERT ON articles WHEN new.source_id IS NOT NULL BEGIN
    UPDATE sources SET article_count = article_count + 1, unread_count = unread_count + (new.read = 0)
    WHERE id = new.source_id;
END;

CREATE TRIGGER articles_count_delete AFTER DELETE ON articles WHEN old.source_id IS NOT NULL BEGIN
    UPDATE sources SET article_count = article_count - 1, unread_count = unread_count - (old.read = 0)
    WHERE id = old.source_id;
END;

CREATE TRIGGER articles_count_update AFTER UPDATE OF read, source_id ON articles
WHEN old.read IS NOT new.read OR old.source_id IS NOT new.source_id BEGIN
    UPDATE sources SET article_count = article_count - 1, unread_count = unread_count - (old.read = 0)
    WHERE id = old.source_id;
    UPDATE sources SET article_count = article_count + 1, unread_count = unread_count + (new.read = 0)
    WHERE id = new.source_id;
END;
"""

# The last attempt to fetch a bookmark's whole text (newsreader.keep): when,
# and why it failed (NULL after a success), so it is shown and retried.
WHOLE_TEXT_ATTEMPTS = """
ALTER TABLE articles ADD COLUMN full_error TEXT;
ALTER TABLE articles ADD COLUMN full_attempted TEXT;
"""

# For the related-link resolver (newsreader.related). ``articles_fts_vocab`` says
# how many articles hold a word, so a candidate query asks for rare words only
# (an OR of common words reads most of the index: ~200 ms at 100,000 articles).
# ``related_pending`` holds the articles added or changed since the resolver
# last saw them, so a pass after a refresh looks at what is new. It is a table
# of its own, kept by triggers (ingest is unchanged): a flag on articles would
# rewrite a whole article row, document and all, each time it is cleared.
# Existing articles start pending: the first pass after this one sees them all.
# A link whose target is deleted becomes unresolved (NULL), so the unresolved
# links are one index range, not a join of every link with the articles.
RELATED_LOOKUPS = """
CREATE VIRTUAL TABLE articles_fts_vocab USING fts5vocab(articles_fts, row);

CREATE INDEX related_targets_by_target ON related_targets(target_id);

UPDATE related_targets SET target_id = NULL
WHERE target_id IS NOT NULL AND target_id NOT IN (SELECT id FROM articles);

CREATE TRIGGER related_targets_removed AFTER DELETE ON articles BEGIN
    UPDATE related_targets SET target_id = NULL WHERE target_id = old.id;
END;

CREATE TABLE related_pending (seq INTEGER PRIMARY KEY);

INSERT INTO related_pending (seq) SELECT seq FROM articles;

CREATE TRIGGER related_pending_insert AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO related_pending (seq) VALUES (new.seq);
END;

CREATE TRIGGER related_pending_update AFTER UPDATE OF document ON articles BEGIN
    INSERT OR IGNORE INTO related_pending (seq) VALUES (new.seq);
END;

CREATE TRIGGER related_pending_delete AFTER DELETE ON articles BEGIN
    DELETE FROM related_pending WHERE seq = old.seq;
END;
"""

# Which articles hold a related link, for the resolver's pass over the new ones:
# without it, finding them meant reading every new document (250 ms for 30,000).
# A partial index, so SQLite keeps it in step with every insert, change and delete
# (ingest is unchanged); related_links.LINKING is the same test, spelled the same
# way (a query must repeat it word for word for SQLite to use the index).
RELATED_LINKING = """
CREATE INDEX articles_with_related ON articles(id) WHERE instr(document, '"type":"related"') > 0;
"""

# The fingerprint of the feed entry each article was made from (feeds.entry_fingerprint):
# a refresh asks for a source's fingerprints (index only) and skips the entries it
# already holds before parsing their HTML. NULL for files and older articles.
ENTRY_FINGERPRINTS = """
ALTER TABLE articles ADD COLUMN entry_hash TEXT;
CREATE INDEX articles_entry_hashes ON articles(source_id, entry_hash) WHERE entry_hash IS NOT NULL;
"""

# The search index merges its segments 8 at a time instead of FTS5's default 4: a cold
# refresh of 30,000 articles wrote it ~15% faster (0.165 -> 0.138 ms an article), and
# searches over it took the same time (measured at 30,000: 18-19 ms a ranked query either way).
SEARCH_INDEX_MERGES = """
INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8);
"""

# When a server answered with Retry-After (429 Too Many Requests, 503), the time before
# which its source is not fetched again (ISO-8601 UTC); NULL once a fetch succeeds.
RETRY_AFTER = """
ALTER TABLE sources ADD COLUMN retry_at TEXT;
"""

# For the query language (newsreader.query): tags on sources and on articles, and the
# articles a rule hid. A source's folder counts as one of its tags as well. Hidden
# articles are a table of their own, not a column: a column added to articles lands
# after the document, and testing it would read every row's overflow pages, where a
# count of a view now reads only an index. Both tag tables are (owner, tag) pairs
# so another feature keeping tags (a sync server's labels) can share them.
QUERY_TAGS_AND_HIDDEN = """
CREATE TABLE IF NOT EXISTS source_tags (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (source_id, tag)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS source_tags_by_tag ON source_tags(tag, source_id);

CREATE TABLE IF NOT EXISTS article_tags (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS article_tags_by_tag ON article_tags(tag, article_id);

CREATE TABLE hidden_articles (seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE);
"""

# Saved views: a query with a name (newsreader.query), listed in the order saved.
SAVED_VIEWS = """
CREATE TABLE saved_views (
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    query TEXT NOT NULL,
    added TEXT NOT NULL
);
"""

# A subscription's web page (OPML's htmlUrl), kept so an export writes it back.
SOURCE_WEB_PAGE = """
ALTER TABLE sources ADD COLUMN html_url TEXT;
"""

# Sync accounts (newsreader.sync): Google Reader API and Fever servers. An account's
# subscriptions are sources of kind "synced" (refresh leaves them to the sync); its
# items are mapped to articles by ``sync_items`` (kept when an article is pruned, so a
# pruned item is not fetched again). Every local change of read state or bookmark on a
# synced article is queued in ``sync_pending`` by the triggers below, whoever made it
# (the app, the CLI, mark-all-read), unless the sync itself is applying the server's
# state: it holds a row in ``sync_applying`` inside its own transaction, never committed.
# A change replaced by a newer one gets a new seq, so a send deletes only what it sent.
# A server's labels of a subscription, beyond its folder, are its tags (``source_tags``).
SYNC_ACCOUNTS = """
CREATE TABLE sync_accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    user TEXT NOT NULL,
    password_command TEXT,
    token TEXT,
    state TEXT NOT NULL DEFAULT '{}',
    status TEXT,
    last_error TEXT,
    last_sync TEXT,
    added TEXT NOT NULL
);

CREATE TABLE sync_feeds (
    account_id INTEGER NOT NULL REFERENCES sync_accounts(id) ON DELETE CASCADE,
    remote_id TEXT NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url TEXT,
    PRIMARY KEY (account_id, remote_id)
) WITHOUT ROWID;

CREATE UNIQUE INDEX sync_feeds_by_source ON sync_feeds(source_id);

CREATE TABLE sync_items (
    account_id INTEGER NOT NULL REFERENCES sync_accounts(id) ON DELETE CASCADE,
    remote_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (account_id, remote_id)
) WITHOUT ROWID;

CREATE INDEX sync_items_by_article ON sync_items(article_id);

CREATE TABLE sync_pending (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES sync_accounts(id) ON DELETE CASCADE,
    remote_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value INTEGER NOT NULL,
    queued TEXT NOT NULL,
    UNIQUE (account_id, remote_id, field) ON CONFLICT REPLACE
);

CREATE TABLE sync_applying (running INTEGER NOT NULL);

CREATE TRIGGER sync_pending_read AFTER UPDATE OF read ON articles
WHEN old.read IS NOT new.read AND NOT EXISTS (SELECT 1 FROM sync_applying) BEGIN
    INSERT INTO sync_pending (account_id, remote_id, field, value, queued)
    SELECT account_id, remote_id, 'read', new.read, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM sync_items WHERE article_id = new.id;
END;

CREATE TRIGGER sync_pending_star AFTER UPDATE OF bookmarked_at ON articles
WHEN (old.bookmarked_at IS NULL) IS NOT (new.bookmarked_at IS NULL) AND NOT EXISTS (SELECT 1 FROM sync_applying) BEGIN
    INSERT INTO sync_pending (account_id, remote_id, field, value, queued)
    SELECT account_id, remote_id, 'starred', new.bookmarked_at IS NOT NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM sync_items WHERE article_id = new.id;
END;
"""

# Article files with no date of their own sort after every dated article (identity.UNDATED),
# among themselves by the file's modification time; files read before this sort by when
# they were first read, the nearest time the store knows.
UNDATED_FILES_LAST = """
UPDATE articles SET sort_time = '-' || sort_time
WHERE published IS NULL AND date IS NULL AND guid = origin AND substr(sort_time, 1, 1) <> '-'
AND source_id IN (SELECT id FROM sources WHERE kind IN ('file', 'folder'));
"""

# The closest stories to a related link that resolved to nothing (newsreader.related:
# none clearly ahead): their ids, best first, separated by spaces; NULL when the link
# resolved or was never looked at. Kept with the target, so a pass rewrites both.
RELATED_SUGGESTIONS = """
ALTER TABLE related_targets ADD COLUMN suggestions TEXT;
"""

# Per-source settings (newsreader.source_settings): one JSON object per source, only the
# keys set (an absent key is its default); they go with their source.
SOURCE_SETTINGS = """
CREATE TABLE source_settings (
    source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    settings TEXT NOT NULL
);
"""

MIGRATIONS: list[str] = [
    SCHEMA_TABLES,
    PAGING_INDEXES,
    FULL_TEXT,
    PRUNED_MEMORY,
    FOLDER_ON_ARTICLES,
    SOURCE_COUNTS,
    WHOLE_TEXT_ATTEMPTS,
    RELATED_LOOKUPS,
    RELATED_LINKING,
    ENTRY_FINGERPRINTS,
    SEARCH_INDEX_MERGES,
    RETRY_AFTER,
    QUERY_TAGS_AND_HIDDEN,
    SAVED_VIEWS,
    SOURCE_WEB_PAGE,
    SYNC_ACCOUNTS,
    UNDATED_FILES_LAST,
    RELATED_SUGGESTIONS,
    SOURCE_SETTINGS,
    SEARCH_QUEUE,
    CLEAN_OLD_TEXT,  # short texts of a file written before every door cleaned them (store.old_text)
    ITEM_MEMO,  # a feed's items known by their bytes (store.item_memos, sources.known_items)
    BODY_PACKED,  # the document and its words in one compressed column (store.bodies)
]
