"""How fast the store is at realistic sizes: generated articles, timed by hand.

``measure_store(n)`` builds a store of ``n`` generated articles (~3 KB each,
``data.generated_articles``) in a temporary folder and returns figures; it
prints nothing.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.data import RARE_WORD, generated_articles
from newsreader.store import Store, View
from newsreader.store.identity import assign_ids, prepare

COMMON_WORD = "the"  # in nearly every article
SOURCES = 20
# Saved views / list --query, timed to their first page of 50 (target: 50 ms at 100,000 articles).
QUERY_VIEWS = {
    "view": "unread (tag:world OR tag:science) -bookmarked newer:2y",
    "words": 'minister unread -source:"Feed 3"',
    "rare": f"{RARE_WORD} OR title:report*",
    "older": "older:2026-06-01 -tag:world",
}


def _median_ms(action: Callable[[], Any], repeat: int = 15) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of ``action`` (CPU is steadier on a busy machine)."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return round(statistics.median(wall), 3), round(statistics.median(cpu), 3)


def _store_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def measure_store(n_articles: int) -> dict[str, Any]:
    """Build a store of ``n_articles`` and time ingest, paging, search and opening. Prints nothing."""
    with tempfile.TemporaryDirectory(prefix="newsreader-bench-") as folder:
        path = Path(folder) / "bench.db"
        store = Store(path)
        sources = [
            store.add_source("feed", f"https://example.org/feed/{n}", f"Feed {n}", folder="World" if n < 5 else None)
            for n in range(SOURCES)
        ]
        per_source = -(-n_articles // SOURCES)
        ingest_seconds = 0.0
        ingest_cpu_seconds = 0.0
        made = 0
        for source in sources:
            take = min(per_source, n_articles - made)
            if take <= 0:
                break
            items = list(generated_articles(take, source.address, start=made))
            started, cpu_started = time.perf_counter(), time.process_time()
            store.ingest(source.id, items)
            ingest_seconds += time.perf_counter() - started
            ingest_cpu_seconds += time.process_time() - cpu_started
            made += take
        repeat = list(generated_articles(min(per_source, n_articles), sources[0].address, start=0))
        cpu_started = time.process_time()
        assign_ids([prepare(item, datetime.now(UTC)) for item in repeat])  # the Python half of ingest
        prepare_cpu_us = (time.process_time() - cpu_started) * 1e6 / max(len(repeat), 1)
        started = time.perf_counter()
        store.ingest(sources[0].id, repeat)  # every one already stored: the unchanged path
        reingest_seconds = time.perf_counter() - started
        text_bytes = sum(len(a.document.plain_text().encode()) for a in generated_articles(min(n_articles, 200)))
        store.set_read([h.id for h in store.headlines(limit=n_articles // 2 or 1)])  # half read
        page = store.headlines(limit=200)
        deep = store.headlines(limit=max(n_articles - 400, 1))
        deep_key = deep[-1].sort_key if deep else None
        some_id = page[len(page) // 2].id
        store.tag_source(sources[7].id, ["Science"])
        store.bookmark(page[3].id)

        def query_page(query: str) -> Callable[[], Any]:
            """A saved view or ``list --query`` as the app and the CLI run it: compiled, then its first page."""
            return lambda: store.headlines(store.query_view(query), limit=50)

        timed: dict[str, tuple[Callable[[], Any], int]] = {
            "first_page": (lambda: store.headlines(limit=200), 15),
            "second_page": (lambda: store.headlines(after=page[-1].sort_key, limit=200), 15),
            "deep_page": (lambda: store.headlines(after=deep_key, limit=200), 15),
            "page_above": (lambda: store.headlines_before(View(), deep_key or page[-1].sort_key, limit=200), 15),
            "first_page_unread": (lambda: store.headlines(View(unread=True), limit=200), 15),
            "first_page_source": (lambda: store.headlines(View(source_id=sources[0].id), limit=200), 15),
            "first_page_folder": (lambda: store.headlines(View(folder="World"), limit=200), 15),
            "article": (lambda: store.article(some_id), 15),
            "position": (lambda: store.position(View(), some_id), 15),
            "count_unread": (lambda: store.count(View(unread=True)), 15),
            "sources": (store.sources, 15),
            "unread_total": (store.unread_total, 15),
            "search_rare_word": (lambda: store.search(RARE_WORD), 15),
            "search_common_word": (lambda: store.search(COMMON_WORD), 7),
            "search_common_word_unread": (lambda: store.search(COMMON_WORD, view=View(unread=True)), 7),
            "search_prefix": (lambda: store.search("minist*"), 7),
            "search_phrase": (lambda: store.search('"report number"'), 7),
            "candidates": (lambda: store.candidates(["minister", "government", RARE_WORD]), 7),
            **{f"query_{name}": (query_page(query), 15) for name, query in QUERY_VIEWS.items()},
            "query_count": (lambda: store.count(store.query_view(QUERY_VIEWS["view"])), 7),
        }
        figures: dict[str, Any] = {
            "articles": n_articles,
            "load_average": round(os.getloadavg()[0], 2),
            "ingest_seconds": round(ingest_seconds, 2),
            "ingest_per_second": round(n_articles / ingest_seconds) if ingest_seconds else None,
            "ingest_cpu_seconds": round(ingest_cpu_seconds, 2),
            "prepare_cpu_us_per_article": round(prepare_cpu_us),  # ids, JSON, hashes: before SQLite sees it
            "reingest_unchanged_per_second": round(len(repeat) / reingest_seconds) if reingest_seconds else None,
            "body_bytes_mean": round(text_bytes / max(min(n_articles, 200), 1)),
            "search_rare_hits": len(store.search(RARE_WORD, limit=1000)),
            "cpu_ms": {},
        }
        for name, (action, repeat_count) in timed.items():
            figures[f"{name}_ms"], figures["cpu_ms"][name] = _median_ms(action, repeat_count)
        store.close()
        store_bytes = _store_bytes(path)

        def open_and_list() -> None:
            opened = Store(path)
            opened.sources()
            opened.close()

        figures["open_and_sources_ms"], figures["cpu_ms"]["open_and_sources"] = _median_ms(open_and_list, 7)
        figures["store_bytes"] = store_bytes
        figures["store_bytes_per_article"] = round(store_bytes / max(n_articles, 1))
        figures["wal_bytes_after_close"] = (
            os.path.getsize(str(path) + "-wal") if os.path.exists(str(path) + "-wal") else 0
        )
        return figures
