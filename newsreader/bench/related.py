"""Related-link resolution: ``resolve_all`` over the largest store, then after a small
refresh of it, and precision/recall on the samples; and "Related in your library"
(similar stories) per opened article in that store.

The store was never resolved, so the first pass is the one after a cold refresh
(every article new: the full pass). Then 30 new items arrive (5 in each of 6
feeds) and the pass after that refresh is timed (the incremental one).
``resolve_all`` writes its answers into the store, so it runs on a copy,
leaving the built store as the other sections expect it.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from newsreader.bench.context import Context
from newsreader.bench.measure import ProcessRun, Skip, quiet_env, reason, run_timed
from newsreader.bench.report import Row

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "articles"


def run(ctx: Context) -> None:
    size = ctx.settings.related_store
    try:
        resolve_time(ctx, size)
    except Exception as error:
        ctx.report.skip(f"related: resolve_all {size:,} articles", reason(error))
    try:
        similar_time(ctx, size)
    except Exception as error:
        ctx.report.skip(f"related: similar stories per opened article, {size:,} articles", reason(error))
    try:
        score(ctx)
    except Exception as error:
        ctx.report.skip("related: precision/recall on the samples", reason(error))


def resolve_time(ctx: Context, size: int) -> None:
    built = ctx.store(size)
    folder = ctx.folder(f"related-{size}")
    copy = folder / built.db.name
    shutil.copyfile(built.db, copy)
    if Path(str(built.db) + "-wal").exists():
        shutil.copyfile(str(built.db) + "-wal", str(copy) + "-wal")
    answer, result = resolve_child(ctx, copy, folder)
    ctx.report.add(Row("related", f"resolve_all over {size:,} articles", answer["seconds"], "s", result.peak_rss_mb,
                       detail={"returned": answer.get("returned"), "process_s": round(result.seconds, 2)}))
    new = add_new_items(copy, ctx.settings.seed, ctx.settings.per_feed)
    answer, result = resolve_child(ctx, copy, folder)
    ctx.report.add(Row("related", f"resolve_all after {new} new articles in {size:,}", answer["seconds"], "s",
                       result.peak_rss_mb,
                       detail={"returned": answer.get("returned"), "process_s": round(result.seconds, 2)}))


SIMILAR_OPENED = 60  # articles opened, spread over the store


def similar_time(ctx: Context, size: int) -> None:
    """"Related in your library" as the app asks for it when an article opens: the
    median and the slowest of ``SIMILAR_OPENED`` articles, each opened once."""
    import statistics
    import time

    from newsreader.related import similar_articles
    from newsreader.store import Store, View

    built = ctx.store(size)
    with Store(built.db) as store:
        ids = [h.id for h in store.headlines(View(), limit=size)]
        step = max(1, len(ids) // SIMILAR_OPENED)
        times: list[float] = []
        shown = 0
        for article_id in ids[::step][:SIMILAR_OPENED]:
            start = time.perf_counter()
            shown += len(similar_articles(store, article_id, limit=5))
            times.append(time.perf_counter() - start)
    ctx.report.add(Row("related", f"similar stories per opened article, {size:,} articles",
                       statistics.median(times) * 1000, "ms",
                       detail={"opened": len(times), "slowest_ms": round(max(times) * 1000, 1), "shown": shown}))


def resolve_child(ctx: Context, db: Path, folder: Path) -> tuple[dict, ProcessRun]:
    result = run_timed([sys.executable, "-m", "newsreader.bench.resolve_child", str(db)],
                       env=quiet_env(str(folder)), timeout=ctx.settings.timeout)
    if result.returncode != 0:
        raise Skip(f"resolve_all failed: {(result.stderr or result.stdout).strip().splitlines()[-1:]}")
    return json.loads(result.stdout.strip().splitlines()[-1]), result


def add_new_items(db: Path, seed: int, per_feed: int, feeds: int = 6) -> int:
    """The next ``ITEMS_PER_GENERATION`` items of the first ``feeds`` feeds, as a refresh would add them."""
    from newsreader.bench import data
    from newsreader.bench.stores import DEAD_ORIGIN, new_articles
    from newsreader.store import Store

    added = 0
    with Store(db) as store:
        for feed in range(feeds):
            origin = DEAD_ORIGIN.format(feed)
            source = store.find_source(origin)
            if source is None:
                continue
            numbers = range(per_feed, per_feed + data.ITEMS_PER_GENERATION)
            items = new_articles([data.make_item(seed, feed, n) for n in numbers], origin)
            added += len(store.ingest(source.id, items).added)
    return added


def score(ctx: Context) -> None:
    from newsreader.bench_related import score_samples

    samples = SAMPLES if SAMPLES.is_dir() else Path("/work/shared/samples/articles")
    if not samples.is_dir():
        ctx.report.skip("related: precision/recall", f"no samples at {samples}")
        return
    figures = score_samples(samples)
    if not isinstance(figures, dict):
        figures = {key: getattr(figures, key) for key in ("precision", "recall") if hasattr(figures, key)}
    for key in ("precision", "recall", "f1"):
        value = figures.get(key)
        if isinstance(value, (int, float)):
            ctx.report.add(Row("related", f"samples: {key}", value * 100 if value <= 1 else value, "%"))
    extra = {k: v for k, v in figures.items() if k not in ("precision", "recall", "f1")}
    if extra and ctx.report.rows and ctx.report.rows[-1].section == "related":
        ctx.report.rows[-1].detail.update({k: v if isinstance(v, (int, float, str)) else repr(v)[:200]
                                           for k, v in extra.items()})
