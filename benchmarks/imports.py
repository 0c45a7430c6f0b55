"""Coming from newsboat: a cache of N feeds × 30 items built by the real newsboat, then imported.

newsboat reloads every generated feed from the loopback server once (its cache
is then what a user's holds: its schema, its statistics). Then, timed as a
user runs it: ``newsreader --home TMP import-newsboat --urls URLS --cache
CACHE --json`` into an empty store, and the same again (the second import adds
nothing). The issue's target: ≤ 10 s at 1,000 feeds.
"""

from __future__ import annotations

import json

from benchmarks import newsboat
from benchmarks.context import Context
from benchmarks.measure import Skip, newsreader_command, quiet_env, reason, run_timed
from benchmarks.report import Row, check
from benchmarks.server import FeedServer

TARGET_SECONDS = 10.0


def run(ctx: Context) -> None:
    if newsboat.version() is None:
        ctx.report.skip("imports", "newsboat is not installed (apt-get install newsboat)")
        return
    for feeds in ctx.settings.refresh_feeds:
        try:
            measure(ctx, feeds)
        except Exception as error:
            ctx.report.skip(f"imports: {feeds} feeds", reason(error))


def measure(ctx: Context, feeds: int) -> None:
    items = ctx.settings.items_per_feed
    folder = ctx.folder(f"import-{feeds}")
    with FeedServer(feeds, items, ctx.settings.seed) as server:
        home = newsboat.NewsboatHome(folder / "newsboat", [url for url, _ in server.urls()])
        print(f"  (newsboat reloads {feeds} feeds × {items} items to build its cache…)", flush=True)
        home.reload(timeout=ctx.settings.timeout)
    ours = folder / "ours"
    argv = [
        *newsreader_command(),
        "--home",
        str(ours),
        "import-newsboat",
        "--urls",
        str(home.urls),
        "--cache",
        str(home.cache),
        "--json",
    ]
    for phase in ("first", "again"):
        run = run_timed(argv, env=quiet_env(str(folder)), timeout=ctx.settings.timeout)
        if run.returncode != 0:
            raise Skip(f"import-newsboat exited {run.returncode}: {run.stderr.strip()[-300:]}")
        counts = json.loads(run.stdout)
        expected = feeds * items if phase == "first" else 0
        name = f"{feeds} feeds × {items}: import, {phase}"
        detail = {"articles": counts["articles"], "feeds": counts["feeds"]}
        if counts["articles"]["added"] != expected:
            detail["wrong"] = f"added {counts['articles']['added']}, expected {expected}"
        target = TARGET_SECONDS if phase == "first" and feeds >= 1000 else None
        ctx.report.add(
            Row(
                "imports",
                name,
                round(run.seconds, 2),
                "s",
                memory_mb=run.tree_rss_mb or run.peak_rss_mb,
                target=f"≤ {target:g} s" if target else None,
                verdict=check(run.seconds, target) if target else None,
                detail=detail,
            )
        )
