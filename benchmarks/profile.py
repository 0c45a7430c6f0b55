"""Where a cold refresh's time goes: one article's way through it, stage by stage, in a child process.

python -m benchmarks.profile URLS.json FOLDER -> one JSON line

URLS.json is ["http://127.0.0.1:…/feed/0.xml", …] (the benchmark's loopback
server). Every feed is taken through the same functions a refresh runs, one
stage at a time, in this one process and thread, and each stage's wall and CPU
time is added up over all articles:

- fetch: ``sources.http.fetch`` of each feed (kept-alive connections, as a refresh);
- XML: the entity check and ``fastfeed`` (feedparser for what it cannot read);
- fingerprints: ``entry_fingerprint`` of each entry (what lets a refresh skip known ones);
- entry fields: ``entries.entry_article`` given the body's blocks (title, link, dates, author, images);
- HTML to blocks: what a refresh makes of the body's HTML (``entries.refresh_body``): its words
  when it is kept as it came (``store.documents.quick_reading``), else the document's blocks;
- serialisation: the document to its stored JSON (``document_to_json``);
- plain text: the body's words for the search index (``searchable_text``);
- packing: the JSON and the words compressed into the stored body (``store.bodies.pack_body``);
- row values and ids: the rest of ``prepare_batch`` (dates, content hash, ids);
- SQLite rows: ``Store.ingest_many`` in groups of 8 feeds, as the refresh's writer: the rows,
  their new articles queued for the search index;
- FTS: ``Store.index_pending``, the queue indexed at the refresh's end;
- link pass: ``resolve_all`` over the new articles (in this process, no workers).

A refresh runs these concurrently (fetch threads, two parse processes); this is
the CPU each costs, not the wall time of a refresh. Entry fields are ``entry_article``
timed with ``refresh_body`` answering with the body just made; serialisation, plain
text and packing are timed on their own, and taken out of ``prepare_batch`` timed whole.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

STAGES = (
    "fetch",
    "XML",
    "fingerprints",
    "entry fields",
    "HTML to blocks",
    "serialisation",
    "plain text",
    "packing",
    "row values and ids",
    "SQLite rows",
    "FTS",
    "link pass",
)
GROUP = 8  # feeds a store worker writes in one go (refresh.STORE_GROUP)


class Clock:
    """Wall and CPU seconds added up per stage."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu

    def less(self, name: str, whole: str, *parts: str) -> None:
        """``name`` = ``whole`` minus ``parts`` (timed on their own), never below 0; ``whole`` goes."""
        for table in (self.wall, self.cpu):
            table[name] = max(0.0, table.pop(whole, 0.0) - sum(table.get(p, 0.0) for p in parts))


def profile(urls: list[str], folder: Path) -> dict:
    from newsreader.config import RefreshConfig
    from newsreader.related import resolve_all
    from newsreader.sources import entries as entries_module
    from newsreader.sources import feeds as feeds_module
    from newsreader.sources.entries import clean_title, web_url
    from newsreader.sources.fastfeed import read_simple_feed
    from newsreader.sources.http import close_idle_connections, fetch
    from newsreader.sources.xmlencoding import bom_wins
    from newsreader.sources.xmlsafety import declares_entities
    from newsreader.store import Store, prepare_batch
    from newsreader.store.bodies import pack_body
    from newsreader.store.documents import document_to_json
    from newsreader.store.identity import searchable_text

    clock = Clock()
    config = RefreshConfig()
    bodies = []
    for url in urls:
        with clock.stage("fetch"):
            response = fetch(url, config=config)
        bodies.append((url, response.body, response.headers))
    close_idle_connections()

    batches = []
    articles = 0
    body_of = entries_module.refresh_body
    for url, body, headers in bodies:
        with clock.stage("XML"):
            if declares_entities(body):
                raise SystemExit(f"{url}: declares entities")
            body = bom_wins(body)
            result = read_simple_feed(body, headers) or feeds_module._feedparser(body, url, headers)
        with clock.stage("entry fields"):
            feed = result.get("feed") or {}
            title = clean_title(feed.get("title"), (feed.get("title_detail") or {}).get("type"))
            link = web_url(feed.get("link"), url)
        items = []
        for entry in result.get("entries") or []:
            with clock.stage("fingerprints"):
                fingerprint = entries_module.entry_fingerprint(entry, url, title, link)
            with clock.stage("HTML to blocks"):
                base = web_url(entry.get("link"), url) or url
                body = entries_module.refresh_body(entry, base, entries_module._images(entry, base))
            entries_module.refresh_body = lambda entry, base, images, body=body: (
                body
            )  # the body just made: the rest alone
            try:
                with clock.stage("entry fields"):
                    items.append(entries_module.entry_article(entry, url, title, link, fingerprint))
            finally:
                entries_module.refresh_body = body_of
        for item in items:
            with clock.stage("serialisation"):
                document_json = document_to_json(item.document)
            with clock.stage("plain text"):
                words = searchable_text(item.document)
            with clock.stage("packing"):
                pack_body(document_json, words)
        with clock.stage("prepare"):
            batch = prepare_batch(items)
        articles += len(batch.articles)
        batches.append((url, batch))
    clock.less("row values and ids", "prepare", "serialisation", "plain text", "packing")

    store = Store(folder / "store.db")
    ready = [(store.add_source("feed", url).id, batch) for url, batch in batches]
    for start in range(0, len(ready), GROUP):
        with clock.stage("SQLite rows"):
            for result in store.ingest_many(ready[start : start + GROUP], index=False):
                if isinstance(result, Exception):
                    raise result
    with clock.stage("FTS"):
        store.index_pending()
    with clock.stage("link pass"):
        resolve_all(store)
    stored = store.count()
    store.close()
    return {
        "feeds": len(urls),
        "articles": articles,
        "stored": stored,
        "host": urlsplit(urls[0]).netloc if urls else "",
        "wall": {s: clock.wall.get(s, 0.0) for s in STAGES},
        "cpu": {s: clock.cpu.get(s, 0.0) for s in STAGES},
    }


def main(argv: list[str]) -> int:
    urls = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    print(json.dumps(profile(urls, Path(argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
