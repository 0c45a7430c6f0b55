"""python -m benchmarks [--quick] [--only SECTIONS] [--runs N] [--profile] [--out DIR] [--record]

Prints a table and writes JSON (bench-results/ by default). Sections:
documents, store, paint, related, refresh, imports (in that order, unless --only
gives another). A section whose piece is missing or fails says
"skipped: <reason>" and the run goes on. See BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

from benchmarks.context import Context, Settings
from benchmarks.measure import reason
from benchmarks.newsboat import version as newsboat_version
from benchmarks.newsraft import BUILD_HINT as NEWSRAFT_HINT
from benchmarks.newsraft import version as newsraft_version
from benchmarks.report import Report, machine_meta, markdown_section, print_table, write_json

SECTIONS = ("documents", "store", "paint", "related", "refresh", "imports")
REPO = Path(__file__).resolve().parents[1]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__.split("\n\n")[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick", action="store_true", help="everyday mode, about 90 s: 200 feeds, stores of 1,000 and 10,000, 3 runs"
    )
    parser.add_argument(
        "--only", metavar="SECTIONS", help=f"comma-separated, run in the order given, from: {','.join(SECTIONS)}"
    )
    parser.add_argument("--runs", type=int, metavar="N", help="repetitions of each measurement (median reported)")
    parser.add_argument("--feeds", metavar="N,N", help="refresh sizes (default 200 quick, 200,1000 full)")
    parser.add_argument(
        "--stores", metavar="N,N", help="store sizes (default 1000,10000 quick; 1000,10000,100000 full)"
    )
    parser.add_argument(
        "--per-feed",
        type=int,
        default=100,
        metavar="N",
        help="articles per source in the stores (default 100: 1,000 sources at 100,000)",
    )
    parser.add_argument(
        "--readers",
        default="newsreader,newsraft,newsboat",
        metavar="WHO",
        help="comma-separated from newsreader, newsraft, newsboat (default all three; "
        "newsraft is taken from PATH or $NEWSRAFT)",
    )
    parser.add_argument("--seed", type=int, default=1, help="the data generator's seed (default 1)")
    parser.add_argument("--out", type=Path, default=REPO / "bench-results", help="where the JSON goes")
    parser.add_argument(
        "--record",
        action="store_true",
        help="append this run's section (date, machine, commit, table) to BENCHMARKS.md",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="in the refresh section, also where a cold refresh's CPU goes, stage by stage "
        "(fetch, XML, entry fields, HTML to blocks, fingerprints, serialisation, SQLite, FTS, links)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (stores, caches) for a look")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in (args.only or ",".join(SECTIONS)).split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    args.sections = list(dict.fromkeys(chosen))  # in the order given
    return args


def settings_from(args: argparse.Namespace) -> Settings:
    def sizes(text: str) -> list[int]:
        return [int(x) for x in text.split(",") if x.strip()]

    stores = sizes(args.stores) if args.stores else ([1000, 10000] if args.quick else [1000, 10000, 100000])
    return Settings(
        quick=args.quick,
        runs=args.runs or 3,
        paint_runs=args.runs or (3 if args.quick else 5),
        seed=args.seed,
        refresh_feeds=sizes(args.feeds) if args.feeds else ([200] if args.quick else [200, 1000]),
        items_per_feed=30,
        store_sizes=stores,
        related_store=min(stores) if args.quick else max(stores),
        per_feed=args.per_feed,
        out=args.out,
        keep=args.keep,
        profile=args.profile,
        newsboat_configs=("newsboat",) if args.quick else ("newsboat", "newsboat reload-threads 8"),
        newsboat_runs=1 if args.quick else (args.runs or 3),
        timeout=30.0 if args.quick else 1800.0,
        readers=tuple(r.strip() for r in args.readers.split(",") if r.strip()),
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = settings_from(args)
    meta = machine_meta(REPO)
    meta.update(
        quick=settings.quick,
        runs=settings.runs,
        seed=settings.seed,
        sections=args.sections,
        refresh_feeds=settings.refresh_feeds,
        items_per_feed=settings.items_per_feed,
        store_sizes=settings.store_sizes,
        paint_runs=settings.paint_runs,
        per_feed=settings.per_feed,
        readers=list(settings.readers),
        profile=settings.profile,
        load_average=[round(os.getloadavg()[0], 2)],
        store_documents="constructed directly from the generated items (not parsed), ingested 30 a call",
    )
    meta["newsboat"] = newsboat_version() if "newsboat" in settings.readers else None
    meta["newsraft"] = newsraft_version() if "newsraft" in settings.readers else None
    if "newsraft" in settings.readers and meta["newsraft"] is None and "refresh" in args.sections:
        print(f"(newsraft is not measured: {NEWSRAFT_HINT})", flush=True)
    report = Report(meta)
    ctx = Context(settings, report)
    print(
        f"newsreader benchmark ({'quick' if settings.quick else 'full'}): {meta['cpu']}, {meta['nproc']} cpus, "
        f"Python {meta['python']}, commit {meta['commit']}; scratch {ctx.scratch}",
        flush=True,
    )
    began = time.perf_counter()
    try:
        for name in args.sections:
            print(f"\n== {name}", flush=True)
            section_began = time.perf_counter()
            try:
                importlib.import_module(f"benchmarks.{name}").run(ctx)
            except KeyboardInterrupt:
                report.skip(name, "interrupted")
                break
            except Exception as error:
                report.skip(name, reason(error))
            meta.setdefault("section_seconds", {})[name] = round(time.perf_counter() - section_began, 1)
            write_json(report, settings.out)  # after every section: a long run stopped midway keeps its figures
    finally:
        ctx.cleanup()
    meta["total_seconds"] = round(time.perf_counter() - began, 1)
    meta["load_average"].append(round(os.getloadavg()[0], 2))
    print_table(report)
    path = write_json(report, settings.out)
    if args.record:
        with open(REPO / "BENCHMARKS.md", "a", encoding="utf-8") as benchmarks:
            benchmarks.write("\n" + markdown_section(report))
        print(f"appended this run to {REPO / 'BENCHMARKS.md'}")
    print(
        f"\n{len(report.rows)} measurements, {len(report.skipped)} skipped, {meta['total_seconds']:.0f} s; JSON: {path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
