"""Related-link resolution: ``resolve_all`` over the largest store, and precision/recall on the samples.

``resolve_all`` writes its answers into the store, so it runs on a copy,
leaving the built store as the other sections expect it.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from newsreader.bench.context import Context
from newsreader.bench.measure import Skip, quiet_env, reason, run_timed
from newsreader.bench.report import Row

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "articles"


def run(ctx: Context) -> None:
    size = ctx.settings.related_store
    try:
        resolve_time(ctx, size)
    except Exception as error:
        ctx.report.skip(f"related: resolve_all {size:,} articles", reason(error))
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
    result = run_timed([sys.executable, "-m", "newsreader.bench.resolve_child", str(copy)],
                       env=quiet_env(str(folder)), timeout=ctx.settings.timeout)
    if result.returncode != 0:
        raise Skip(f"resolve_all failed: {(result.stderr or result.stdout).strip().splitlines()[-1:]}")
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    ctx.report.add(Row("related", f"resolve_all over {size:,} articles", answer["seconds"], "s", result.peak_rss_mb,
                       detail={"returned": answer.get("returned"), "process_s": round(result.seconds, 2)}))


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
