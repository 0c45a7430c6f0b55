"""The store at scale: ingest rate, first page of headlines, FTS search, size on disk.

Measured through the Store API on the run's stores of generated articles
(see ``stores``). In full runs, ``benchmarks.store_figures.measure_store(n)``
(the store's own figures, on its own generated articles) goes into the JSON
under meta.bench_store (the key the recorded runs use).
"""

from __future__ import annotations

import time

from benchmarks import store_figures
from benchmarks.context import Context
from benchmarks.measure import median, percentile, reason
from benchmarks.report import Row, check
from benchmarks.stores import size_on_disk

QUERIES = [
    "tribunal",
    "harbour",
    "dredging",
    "rent cap",
    '"rent cap"',
    "teachers strike",
    "Ortis",
    "Lina Ortis",
    "ferry timetable",
    "emissions target",
    "privacy cameras",
    "pension reform wages",
    "flood levee reservoir",
    "harb*",
    "budget deficit",
    "Eastport council",
    "mediator deadline",
    "night ferry",
    "zzzznotaword",
    "strike OR union",
]
PASSES = 3  # each query this many times: 60 searches
# A saved view / list --query as the app runs one: compiled, then its first page of 50.
VIEW_QUERIES = ["unread -bookmarked (harbour OR ferry)", "unread source:1 OR source:2", "older:2026-06-01 -strike"]


def run(ctx: Context) -> None:
    sizes = sorted(ctx.settings.store_sizes)
    for size in sizes:
        try:
            measure(ctx, size)
        except Exception as error:
            ctx.report.skip(f"store: {size:,} articles", reason(error))
    if ctx.settings.quick:
        return  # it builds stores of its own: full runs only
    for size in sizes:
        try:
            figures = store_figures.measure_store(size)
        except Exception as error:
            ctx.report.skip(f"store: store_figures.measure_store({size})", reason(error))
            continue
        ctx.report.meta.setdefault("bench_store", {})[str(size)] = figures
        print(f"  store_figures.measure_store({size}): {len(figures or {})} figures, in the JSON", flush=True)


def measure(ctx: Context, size: int) -> None:
    from newsreader.store import Store, View

    built = ctx.store(size)
    label = f"{size:,} articles"
    ctx.report.add(
        Row(
            "store",
            f"{label}: ingest rate (30 a batch)",
            built.ingest_rate,
            "articles/s",
            detail={"ingest_s": round(built.ingest_seconds, 2)},
        )
    )

    began = time.perf_counter()
    store = Store(built.db)
    try:
        page = store.headlines(View(), limit=200)
        cold = time.perf_counter() - began
        warm = []
        for _ in range(20):
            began = time.perf_counter()
            store.headlines(View(), limit=200)
            warm.append(time.perf_counter() - began)
        unread = []
        for _ in range(10):
            began = time.perf_counter()
            store.headlines(View(unread=True), limit=200)
            unread.append(time.perf_counter() - began)
        ctx.report.add(
            Row("store", f"{label}: open + first page (200 headlines)", cold * 1000, "ms", detail={"rows": len(page)})
        )
        ctx.report.add(Row("store", f"{label}: first page again", median(warm) * 1000, "ms"))
        ctx.report.add(Row("store", f"{label}: first page of unread", median(unread) * 1000, "ms"))
        if page:
            began = time.perf_counter()
            store.headlines(View(), after=page[-1].sort_key, limit=200)
            ctx.report.add(Row("store", f"{label}: next page (keyset)", (time.perf_counter() - began) * 1000, "ms"))

        view_times = []
        for _ in range(5):
            for query in VIEW_QUERIES:
                began = time.perf_counter()
                store.headlines(store.query_view(query), limit=50)
                view_times.append(time.perf_counter() - began)
        view_median = median(view_times) * 1000
        ctx.report.add(
            Row(
                "store",
                f"{label}: saved view / list --query, first page (50) median",
                view_median,
                "ms",
                target="<= 50 ms",
                verdict=check(view_median, 50),
                detail={"queries": VIEW_QUERIES},
            )
        )

        times, hits = [], {}
        for _ in range(PASSES):
            for query in QUERIES:
                began = time.perf_counter()
                found = store.search(query, limit=50)
                times.append(time.perf_counter() - began)
                hits[query] = len(found)
        search_median = median(times) * 1000
        ctx.report.add(
            Row(
                "store",
                f"{label}: FTS search median ({len(QUERIES)} queries)",
                search_median,
                "ms",
                target="< 50 ms",
                verdict=check(search_median, 50),
                detail={"hits": hits},
            )
        )
        ctx.report.add(Row("store", f"{label}: FTS search p95", percentile(times, 0.95) * 1000, "ms"))
    finally:
        store.close()
    ctx.report.add(
        Row(
            "store",
            f"{label}: size on disk",
            size_on_disk(built.db) / 1e6,
            "MB",
            detail={"bytes_per_article": round(size_on_disk(built.db) / size)},
        )
    )
