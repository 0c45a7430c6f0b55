"""Refreshing N feeds × 30 items from the loopback server: newsreader, newsraft and newsboat, as a user runs them.

Ours: ``newsreader --home TMP import-opml feeds.opml`` (untimed), then
``newsreader --home TMP refresh --json`` four times: cold (empty store),
after every feed changed (5 new items each), with every feed sent whole again
though unchanged (the server ignores ETag and Last-Modified), and with every
feed answering 304 (its config raises ``refresh.per_host`` to 8, the overall concurrency:
every feed here shares the host 127.0.0.1). newsboat: ``newsboat -x reload`` the same way, default config and
``reload-threads 8``, stock and after ``ANALYZE`` of its cache.db. newsraft (on PATH or at
``$NEWSRAFT``; else the section says how to build it and goes on without it): ``newsraft -f
FEEDS -d DB -c /dev/null -e reload-all`` the same four ways, its default config.
Wall time and the peak RSS of the process tree; the median over runs. Each feed count ends
with the phases side by side, ours / theirs as ratios, and the store size per article.
``--profile`` first takes a cold refresh apart stage by stage (``bench/profile.py``).
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from benchmarks import data, newsboat, newsraft
from benchmarks.context import Context
from benchmarks.measure import REPO, ProcessRun, Skip, median, newsreader_command, quiet_env, reason, run_timed
from benchmarks.report import Row, check
from benchmarks.server import FeedServer

# "unchanged": the server ignores the validators and sends every feed whole, unchanged.
PHASES = ("cold", "changed", "unchanged", "304")
PER_HOST = 8  # = config.refresh.concurrency's default
NEWSBOAT_CONFIGS = {"newsboat": [], "newsboat reload-threads 8": ["reload-threads 8"]}


def run(ctx: Context) -> None:
    settings = ctx.settings
    version = newsboat.version()
    for feeds in settings.refresh_feeds:
        print(f"  (rendering {feeds} feeds × {settings.items_per_feed} items…)", flush=True)
        with FeedServer(feeds, settings.items_per_feed, settings.seed) as server:
            try:
                measure_floor(ctx, server)
            except Exception as error:
                ctx.report.skip(f"refresh: loopback floor {feeds} feeds", reason(error))
            if settings.profile:
                try:
                    measure_profile(ctx, server)
                except Exception as error:
                    ctx.report.skip(f"refresh: profile {feeds} feeds", reason(error))
            ours = measure_ours(ctx, server) if "newsreader" in settings.readers else None
            raft = None
            if "newsraft" in settings.readers:
                try:
                    raft = measure_newsraft(ctx, server)
                except Exception as error:
                    ctx.report.skip(f"refresh: newsraft {feeds} feeds", reason(error))
            theirs = {}
            if "newsboat" not in settings.readers:
                pass
            elif version is None:
                ctx.report.skip(f"refresh: newsboat {feeds} feeds", "newsboat is not installed")
            else:
                for label in settings.newsboat_configs:
                    config = NEWSBOAT_CONFIGS[label]
                    try:
                        theirs[label] = measure_newsboat(ctx, server, label, config)
                    except Exception as error:
                        ctx.report.skip(f"refresh: {label} {feeds} feeds", reason(error))
            compare(ctx, feeds, ours, theirs)
            compare_newsraft(ctx, feeds, ours, raft)
            side_by_side(feeds, server.items, ours, raft, theirs.get("newsboat"))


# --- the floor ------------------------------------------------------------------------


def measure_floor(ctx: Context, server: FeedServer) -> None:
    """All feeds with 16 urllib threads in a child process: 200s, then 304s. No parsing, no store."""
    folder = ctx.folder(f"floor-{server.feeds}")
    for label, etags in (("200", [None] * server.feeds), ("304", server.etags())):
        targets = folder / f"targets-{label}.json"
        targets.write_text(json.dumps([[url, etag] for (url, _), etag in zip(server.urls(), etags)]))
        runs = []
        for _ in range(ctx.settings.runs):
            result = run_timed(
                [sys.executable, "-m", "benchmarks.fetch_floor", str(targets)],
                env=quiet_env(str(folder)),
                cwd=REPO,
                timeout=ctx.settings.timeout,
            )
            if result.returncode != 0:
                raise Skip(f"fetch_floor exited {result.returncode}: {last_line(result)}")
            runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
        server.reset_counts()
        ctx.report.add(
            Row(
                "refresh",
                f"{server.feeds} feeds, all {label}: floor (16 urllib threads, no parsing)",
                median([r["seconds"] for r in runs]),
                "s",
                detail={"runs_s": [round(r["seconds"], 3) for r in runs], "statuses": [r["statuses"] for r in runs]},
            )
        )


# --- the profile (--profile) --------------------------------------------------------------


def measure_profile(ctx: Context, server: FeedServer) -> dict[str, float]:
    """Each stage of a cold refresh in one process (``bench/profile.py``): CPU µs per article,
    the median over runs, printed as a table and kept as rows."""
    from benchmarks.profile import STAGES

    folder = ctx.folder(f"profile-{server.feeds}")
    targets = folder / "urls.json"
    targets.write_text(json.dumps([url for url, _ in server.urls()]))
    runs = []
    for number in range(ctx.settings.runs):
        scratch = ctx.folder(f"profile-{server.feeds}-run")
        server.reset_counts()
        result = run_timed(
            [sys.executable, "-m", "benchmarks.profile", str(targets), str(scratch)],
            env=quiet_env(str(scratch)),
            cwd=REPO,
            timeout=ctx.settings.timeout,
        )
        if result.returncode != 0:
            raise Skip(f"the profile exited {result.returncode}: {last_line(result)}")
        runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
        print(
            f"    profile {server.feeds} run {number + 1}: {sum(runs[-1]['cpu'].values()):.2f} s of CPU, "
            f"{runs[-1]['articles']} articles",
            flush=True,
        )
        if ctx.settings.enough(number + 1, result.seconds):
            break
    articles = runs[-1]["articles"] or 1
    cpu = {stage: median([r["cpu"][stage] for r in runs]) * 1e6 / articles for stage in STAGES}
    wall = {stage: median([r["wall"][stage] for r in runs]) * 1e6 / articles for stage in STAGES}
    total = sum(cpu.values()) or 1.0
    print(
        f"\n  {server.feeds} feeds × {server.items}, cold: one article's way, stage by stage "
        f"(one process, {len(runs)} run{'s' if len(runs) > 1 else ''}, median)",
        flush=True,
    )
    print(f"    {'stage':<22}{'CPU µs/article':>16}{'wall µs/article':>17}{'share':>8}", flush=True)
    for stage in STAGES:
        print(f"    {stage:<22}{cpu[stage]:>16.1f}{wall[stage]:>17.1f}{cpu[stage] / total * 100:>7.1f}%", flush=True)
    print(f"    {'all':<22}{total:>16.1f}{sum(wall.values()):>17.1f}", flush=True)
    for stage in STAGES:
        ctx.report.add(
            Row(
                "refresh",
                f"{server.feeds} feeds cold, profile: {stage} (CPU per article)",
                round(cpu[stage], 1),
                "µs",
                detail={"wall_us": round(wall[stage], 1), "runs_cpu_s": [round(r["cpu"][stage], 4) for r in runs]},
            )
        )
    ctx.report.add(
        Row(
            "refresh",
            f"{server.feeds} feeds cold, profile: all stages (CPU per article)",
            round(total, 1),
            "µs",
            detail={"articles": articles, "stored": runs[-1]["stored"], "runs": len(runs)},
        )
    )
    return cpu


# --- ours ------------------------------------------------------------------------------


def measure_ours(ctx: Context, server: FeedServer) -> dict[str, dict] | None:
    feeds, label = server.feeds, "newsreader"
    samples: dict[str, list[tuple[ProcessRun, dict]]] = {p: [] for p in PHASES}
    sizes: list[tuple[int, int]] = []
    try:
        for number in range(ctx.settings.runs):
            home = ctx.folder(f"refresh-ours-{feeds}")
            write_config(home)
            opml = home / "feeds.opml"
            opml.write_text(data.opml(server.urls()))
            env = quiet_env(str(home))
            imported = run_timed([*newsreader_command(), "--home", str(home), "import-opml", str(opml)], env=env)
            if imported.returncode != 0:
                raise Skip(f"import-opml failed: {last_line(imported)}")
            for phase in PHASES:
                if phase == "changed":
                    server.advance()
                server.reset_counts()
                server.conditional = phase != "unchanged"
                result = run_timed(
                    [*newsreader_command(), "--home", str(home), "refresh", "--json"],
                    env=env,
                    timeout=ctx.settings.timeout,
                )
                server.conditional = True
                samples[phase].append((result, summarise_ours(result, server.reset_counts())))
                print(
                    f"    {label} {feeds} {phase} run {number + 1}: {result.seconds:.2f} s, "
                    f"{result.tree_rss_mb:.0f} MB {samples[phase][-1][1]}",
                    flush=True,
                )
            sizes.append(store_size(home))
            if ctx.settings.enough(number + 1, sum(s[-1][0].seconds for s in samples.values())):
                print(f"    ({label}: one run only, it is slow)", flush=True)
                break
    except Exception as error:
        ctx.report.skip(f"refresh: {label} {feeds} feeds", reason(error))
        return None
    out = {}
    for phase in PHASES:
        out[phase] = add_rows(ctx, f"{feeds} feeds × {server.items} {phase}: {label}", samples[phase])
    out["store"] = add_store_row(ctx, feeds, label, sizes[-1])
    return out


def store_size(home) -> tuple[int, int]:
    """(bytes on disk, articles) of our store in ``home``: the database and its WAL files."""
    import sqlite3

    from newsreader.paths import resolve_paths

    data_dir = resolve_paths(home).data_dir
    files = [p for p in data_dir.glob("*.db*") if p.is_file()]
    articles = 0
    for path in files:
        if path.suffix == ".db":
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
                articles += connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    return sum(p.stat().st_size for p in files), articles


def add_store_row(ctx: Context, feeds: int, label: str, size: tuple[int, int]) -> dict:
    on_disk, articles = size
    per_article = on_disk / articles / 1000 if articles else 0.0
    ctx.report.add(
        Row(
            "refresh",
            f"{feeds} feeds, store on disk per article after the four refreshes: {label}",
            round(per_article, 2),
            "kB",
            detail={"bytes": on_disk, "articles": articles},
        )
    )
    return {"bytes": on_disk, "articles": articles, "kb_per_article": per_article}


def write_config(home) -> None:
    """Every feed is on 127.0.0.1 here, where a user's feeds are on many hosts: let the
    per-host limit be the overall concurrency, as it is for feeds on distinct hosts."""
    from newsreader.paths import resolve_paths

    paths = resolve_paths(home)
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.config.write_text(f"[refresh]\nper_host = {PER_HOST}\n")


def summarise_ours(result: ProcessRun, http: dict[str, int]) -> dict:
    try:
        results = json.loads(result.stdout)
    except ValueError:
        raise Skip(f"refresh --json exited {result.returncode} without JSON: {last_line(result)}") from None
    statuses = Counter(r.get("status") for r in results)
    added = sum(r.get("added") or 0 for r in results)
    errors = [r.get("error") for r in results if r.get("status") == "error"][:3]
    out = {"statuses": dict(statuses), "added": added, "http": http, "exit": result.returncode}
    if errors:
        out["errors"] = errors
    return out


def last_line(result: ProcessRun) -> str:
    lines = (result.stderr or result.stdout).strip().splitlines()
    return lines[-1][:200] if lines else f"exit {result.returncode}"


# --- newsboat ----------------------------------------------------------------------------


def measure_newsboat(ctx: Context, server: FeedServer, label: str, config: list[str]) -> dict[str, dict]:
    feeds = server.feeds
    phases = PHASES if ctx.settings.quick else (*PHASES, "changed ANALYZE", "304 ANALYZE")
    samples: dict[str, list[tuple[ProcessRun, dict]]] = {p: [] for p in phases}
    urls = [url for url, _ in server.urls()]
    for number in range(ctx.settings.newsboat_runs):
        home = newsboat.NewsboatHome(ctx.folder(f"refresh-newsboat-{feeds}"), urls, config)
        for phase in phases:
            if phase == "changed ANALYZE":
                home.analyze()
            if phase.startswith("changed"):
                server.advance()
            server.reset_counts()
            server.conditional = phase != "unchanged"
            result = home.reload(timeout=ctx.settings.timeout)
            server.conditional = True
            samples[phase].append((result, {"http": server.reset_counts()}))
            print(
                f"    {label} {feeds} {phase} run {number + 1}: {result.seconds:.2f} s, "
                f"{result.tree_rss_mb:.0f} MB {samples[phase][-1][1]}",
                flush=True,
            )
        if ctx.settings.enough(number + 1, sum(s[-1][0].seconds for s in samples.values())):
            print(f"    ({label}: one run only, it is slow)", flush=True)
            break
    return {
        phase: add_rows(ctx, f"{feeds} feeds × {server.items} {phase}: {label}", samples[phase]) for phase in phases
    }


# --- newsraft ----------------------------------------------------------------------------


def measure_newsraft(ctx: Context, server: FeedServer) -> dict[str, dict]:
    """``newsraft -e reload-all`` through the four phases, as many runs as ours."""
    feeds, label = server.feeds, "newsraft"
    samples: dict[str, list[tuple[ProcessRun, dict]]] = {p: [] for p in PHASES}
    urls = [url for url, _ in server.urls()]
    home = None
    for number in range(ctx.settings.runs):
        home = newsraft.NewsraftHome(ctx.folder(f"refresh-newsraft-{feeds}"), urls)
        for phase in PHASES:
            if phase == "changed":
                server.advance()
            server.reset_counts()
            server.conditional = phase != "unchanged"
            result = home.reload(timeout=ctx.settings.timeout)
            server.conditional = True
            samples[phase].append((result, {"http": server.reset_counts(), "items": home.items()}))
            print(
                f"    {label} {feeds} {phase} run {number + 1}: {result.seconds:.2f} s, "
                f"{result.tree_rss_mb:.0f} MB {samples[phase][-1][1]}",
                flush=True,
            )
        if ctx.settings.enough(number + 1, sum(s[-1][0].seconds for s in samples.values())):
            break
    out = {phase: add_rows(ctx, f"{feeds} feeds × {server.items} {phase}: {label}", samples[phase]) for phase in PHASES}
    out["store"] = add_store_row(ctx, feeds, label, (home.size(), home.items()))
    return out


def compare_newsraft(ctx: Context, feeds: int, ours: dict | None, raft: dict | None) -> None:
    """Ratios us/newsraft, with issue 18's targets at 1,000 feeds."""
    if ours is None or raft is None:
        return
    targets = {"cold": 1.5, "changed": 1.0, "304": 1.0}
    for phase in PHASES:
        if not raft[phase]["seconds"]:
            continue
        ratio = ours[phase]["seconds"] / raft[phase]["seconds"]
        limit = targets.get(phase) if feeds == 1000 else None
        ctx.report.add(
            Row(
                "refresh",
                f"{feeds} feeds {phase}: us / newsraft",
                ratio,
                "x",
                target=f"≤ {limit:g}× newsraft" if limit else None,
                verdict=check(ratio, limit) if limit else None,
            )
        )
        if phase == "cold" and raft[phase]["memory"]:
            ratio = ours[phase]["memory"] / raft[phase]["memory"]
            ctx.report.add(
                Row(
                    "refresh",
                    f"{feeds} feeds cold, peak memory of the process tree: us / newsraft",
                    ratio,
                    "x",
                    target="≤ 1× newsraft" if feeds == 1000 else None,
                    verdict=check(ratio, 1.0) if feeds == 1000 else None,
                )
            )
    if raft["store"]["kb_per_article"]:
        ratio = ours["store"]["kb_per_article"] / raft["store"]["kb_per_article"]
        ctx.report.add(
            Row(
                "refresh",
                f"{feeds} feeds, store per article: us / newsraft",
                ratio,
                "x",
                target="≤ 1.2× newsraft" if feeds == 1000 else None,
                verdict=check(ratio, 1.2) if feeds == 1000 else None,
            )
        )


def side_by_side(feeds: int, items: int, ours: dict | None, raft: dict | None, boat: dict | None) -> None:
    """Each phase on one line: ours, newsraft's and newsboat's time and memory, and ours / theirs."""
    readers = [("newsreader", ours), ("newsraft", raft), ("newsboat", boat)]
    if sum(1 for _, r in readers if r) < 2:
        return
    print(f"\n  {feeds} feeds × {items}: seconds (peak MB of the process tree); ratio = ours / theirs", flush=True)
    print(f"    {'phase':<10}" + "".join(f"{name:>24}" for name, _ in readers), flush=True)
    for phase in PHASES:
        cells = []
        for name, figures in readers:
            got = (figures or {}).get(phase)
            if not got:
                cells.append(f"{'-':>24}")
                continue
            text = f"{got['seconds']:.2f} s ({got['memory']:.0f} MB)"
            if name != "newsreader" and ours and got["seconds"]:
                text += f" {ours[phase]['seconds'] / got['seconds']:.2f}×"
            cells.append(f"{text:>24}")
        print(f"    {phase:<10}" + "".join(cells), flush=True)
    sizes = [(name, (r or {}).get("store")) for name, r in readers]
    if any(size for _, size in sizes):
        cells = [f"{size['kb_per_article']:.1f} kB/article" if size else "-" for _, size in sizes]
        print(f"    {'store':<10}" + "".join(f"{c:>24}" for c in cells), flush=True)


# --- rows --------------------------------------------------------------------------------


def add_rows(ctx: Context, name: str, samples: list[tuple[ProcessRun, dict]]) -> dict:
    seconds = median([r.seconds for r, _ in samples])
    memory = median([r.tree_rss_mb for r, _ in samples])  # with the worker processes, for a reader that has them
    detail = {
        "runs_s": [round(r.seconds, 3) for r, _ in samples],
        "peak_rss_mb": [round(r.peak_rss_mb, 1) for r, _ in samples],
        "tree_rss_mb": [round(r.tree_rss_mb, 1) for r, _ in samples],
        "checks": [d for _, d in samples],
    }
    ctx.report.add(Row("refresh", name, seconds, "s", memory, detail=detail))
    return {"seconds": seconds, "memory": memory}


def compare(ctx: Context, feeds: int, ours: dict | None, theirs: dict[str, dict]) -> None:
    """Ratios us/newsboat, and the issue's targets for 1,000 feeds."""
    if ours is None:
        return
    for label, phases in theirs.items():
        for phase in PHASES:
            for variant in ("", " ANALYZE"):
                reference = phases.get(phase + variant) if phase != "cold" or not variant else None
                if not reference or not reference["seconds"]:
                    continue
                ratio = ours[phase]["seconds"] / reference["seconds"]
                target = verdict = None
                if feeds == 1000 and phase == "cold" and label == "newsboat":
                    target, verdict = "≤ 0.5× stock newsboat", check(ratio, 0.5)
                if feeds == 1000 and phase == "304" and variant and label == "newsboat":
                    target, verdict = "≤ 0.25× ANALYZE'd newsboat", check(ratio, 0.25)
                ctx.report.add(
                    Row(
                        "refresh",
                        f"{feeds} feeds {phase}: us / {label}{variant}",
                        ratio,
                        "x",
                        target=target,
                        verdict=verdict,
                    )
                )
    if feeds == 1000:
        value = ours["unchanged"]["seconds"]
        ctx.report.add(
            Row(
                "refresh",
                "1000 feeds unchanged, downloaded whole: newsreader (target)",
                value,
                "s",
                ours["unchanged"]["memory"],
                "< 1 s",
                check(value, 1.0),
            )
        )
        value = ours["304"]["seconds"]
        ctx.report.add(
            Row(
                "refresh",
                "1000 feeds all-304: newsreader (target)",
                value,
                "s",
                ours["304"]["memory"],
                "< 0.5 s",
                check(value, 0.5),
            )
        )
