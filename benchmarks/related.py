"""Related links: what the resolver costs, and how right it is; and "Related in your library"
(similar stories), per opened article.

Cost, in a child process on a copy of a built store (``resolve_all`` writes its
answers into the store, so the built one stays as the other sections expect it):

- the pass after a refresh that adds 30 articles (5 in each of 6 feeds) to the
  largest store (100,000 articles in a full run), once that store has been
  resolved; target ≤ 0.5 s of CPU;
- a full pass over a store of 30,000 articles never resolved (every article
  new: the pass after a cold refresh); target ≤ 10 s of CPU. (The first pass over
  the largest store, before the refresh, is reported too, without a target.)

Rightness, for each sample set (``../shared/samples/articles``, ``threads``, the
demo library): precision, recall, and recall per kind of link (exact, rewording,
near miss with a target), with ``benchmarks.related_quality``.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from benchmarks.context import Context
from benchmarks.measure import REPO, ProcessRun, Skip, quiet_env, reason, run_timed
from benchmarks.report import Row, check

SHARED = Path(__file__).resolve().parents[2] / "shared" / "samples"
SAMPLE_SETS = ("articles", "threads")
AFTER_REFRESH_CPU = 0.5  # s of CPU for the pass after a 30-article refresh of the largest store
FULL_PASS_SIZE = 30_000
FULL_PASS_CPU = 10.0  # s of CPU for a full pass over FULL_PASS_SIZE articles
KIND_NAMES = {"exact": "exact", "paraphrase": "rewording", "decoy": "near miss"}


def run(ctx: Context) -> None:
    size = ctx.settings.related_store
    try:
        after_refresh(ctx, size)
    except Exception as error:
        ctx.report.skip(f"related: resolve_all after a refresh of {size:,} articles", reason(error))
    full = FULL_PASS_SIZE if not ctx.settings.quick else min(ctx.settings.store_sizes)
    try:
        full_pass(ctx, full)
    except Exception as error:
        ctx.report.skip(f"related: full pass over {full:,} articles", reason(error))
    try:
        similar_time(ctx, size)
    except Exception as error:
        ctx.report.skip(f"related: similar stories per opened article, {size:,} articles", reason(error))
    for name in (*SAMPLE_SETS, "demo"):
        try:
            score(ctx, name)
        except Exception as error:
            ctx.report.skip(f"related: precision/recall on {name}", reason(error))


def _copy(ctx: Context, size: int, name: str) -> tuple[Path, Path]:
    built = ctx.store(size)
    folder = ctx.folder(name)
    copy = folder / built.db.name
    shutil.copyfile(built.db, copy)
    if Path(str(built.db) + "-wal").exists():
        shutil.copyfile(str(built.db) + "-wal", str(copy) + "-wal")
    return copy, folder


def _row(name: str, answer: dict, result: ProcessRun, target: float | None = None) -> Row:
    cpu = answer.get("cpu_seconds")
    return Row(
        "related",
        f"{name} (CPU)",
        cpu,
        "s",
        result.peak_rss_mb,
        target=f"≤ {target:g} s CPU" if target is not None else None,
        verdict=check(cpu, target) if target is not None else None,
        detail={
            "wall_s": round(answer["seconds"], 3),
            "returned": answer.get("returned"),
            "process_s": round(result.seconds, 2),
        },
    )


def after_refresh(ctx: Context, size: int) -> None:
    """The first pass over the store, then the pass after 30 new articles arrive."""
    copy, folder = _copy(ctx, size, f"related-{size}")
    answer, result = resolve_child(ctx, copy, folder)
    ctx.report.add(_row(f"first pass over {size:,} articles", answer, result))
    new = add_new_items(copy, ctx.settings.seed, ctx.settings.per_feed)
    answer, result = resolve_child(ctx, copy, folder)
    ctx.report.add(_row(f"pass after a refresh of {new} new articles in {size:,}", answer, result, AFTER_REFRESH_CPU))


def full_pass(ctx: Context, size: int) -> None:
    """A pass over a store whose articles are all new to the resolver."""
    copy, folder = _copy(ctx, size, f"related-full-{size}")
    answer, result = resolve_child(ctx, copy, folder)
    ctx.report.add(_row(f"full pass over {size:,} articles", answer, result, FULL_PASS_CPU))


SIMILAR_OPENED = 60  # articles opened, spread over the store


def similar_time(ctx: Context, size: int) -> None:
    """ "Related in your library" as the app asks for it when an article opens: the
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
    ctx.report.add(
        Row(
            "related",
            f"similar stories per opened article, {size:,} articles",
            statistics.median(times) * 1000,
            "ms",
            detail={"opened": len(times), "slowest_ms": round(max(times) * 1000, 1), "shown": shown},
        )
    )


def resolve_child(ctx: Context, db: Path, folder: Path) -> tuple[dict, ProcessRun]:
    result = run_timed(
        [sys.executable, "-m", "benchmarks.resolve_child", str(db)],
        env=quiet_env(str(folder)),
        cwd=REPO,
        timeout=ctx.settings.timeout,
    )
    if result.returncode != 0:
        raise Skip(f"resolve_all failed: {(result.stderr or result.stdout).strip().splitlines()[-1:]}")
    return json.loads(result.stdout.strip().splitlines()[-1]), result


def add_new_items(db: Path, seed: int, per_feed: int, feeds: int = 6) -> int:
    """The next ``ITEMS_PER_GENERATION`` items of the first ``feeds`` feeds, as a refresh would add them."""
    from benchmarks import data
    from benchmarks.stores import DEAD_ORIGIN, new_articles
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


def sample_figures(name: str) -> dict:
    """``related_quality`` figures of one sample set: a folder of ../shared/samples, or the demo."""
    from benchmarks.related_quality import score_demo, score_samples

    if name == "demo":
        return score_demo()
    folder = SHARED / name
    if not folder.is_dir():
        folder = Path("/work/shared/samples") / name
    if not folder.is_dir():
        raise Skip(f"no samples at {folder}")
    return score_samples(folder)


def score(ctx: Context, name: str) -> None:
    figures = sample_figures(name)
    with_target = figures["with_target"]
    ctx.report.add(
        Row(
            "related",
            f"{name}: precision",
            figures["precision"] * 100,
            "%",
            target="100 %",
            verdict="ok" if figures["precision"] == 1.0 else "MISS",
            detail={"resolved": figures["resolved"], "correct": figures["correct"]},
        )
    )
    ctx.report.add(
        Row(
            "related",
            f"{name}: recall",
            figures["recall"] * 100,
            "%",
            detail={"correct": figures["correct"], "links with a target": with_target},
        )
    )
    for kind, entry in sorted(figures["recall_by_kind"].items()):
        label = KIND_NAMES.get(kind, kind)
        ctx.report.add(
            Row(
                "related",
                f"{name}: recall, {label}",
                entry["recall"] * 100,
                "%",
                detail={"correct": entry["correct"], "links": entry["links"]},
            )
        )
