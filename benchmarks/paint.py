"""Launch to the first headline painted on a real terminal (a 160×48 pty), ours and newsboat's.

Ours: ``newsreader --home DIR`` on a store of N generated articles; done when
one of the newest titles is on the screen; the stores take turns, launch by
launch. newsboat: the same articles written into its cache.db; its first
screen is the feed list (done when the first feed's title is on the screen),
and its first headline is one Enter later (the article list of that feed).
Both stock and after ``ANALYZE``. RSS is read from /proc when the headline shows.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from benchmarks import data, newsboat, pty_screen
from benchmarks.context import Context
from benchmarks.measure import Skip, median, newsreader_command, quiet_env, reason, run_timed
from benchmarks.report import Row, check
from benchmarks.server import FeedServer
from benchmarks.stores import DEAD_ORIGIN

TIMEOUT = 600.0  # newsboat 2.21 took 73 s at 100,000 articles on the machine
OUR_QUIT = b"\x11"  # ctrl+q, Textual's quit
NEWSBOAT_QUIT = b"qqqq"  # out of the article list, the feed list, and newsboat


def run(ctx: Context) -> None:
    sizes = ctx.settings.store_sizes
    ours = measure_ours(ctx, sizes) if "newsreader" in ctx.settings.readers else {}
    if ours:
        judge_ours(ctx, ours)
        try:
            measure_floor(ctx)
        except Exception as error:
            ctx.report.skip("paint: launch floor", reason(error))
    if "newsboat" not in ctx.settings.readers:
        return
    if newsboat.version() is None:
        ctx.report.skip("paint: newsboat", "newsboat is not installed")
        return
    for size in sizes:
        try:
            measure_newsboat(ctx, size, ours.get(size))
        except Exception as error:
            ctx.report.skip(f"paint: newsboat {size:,} articles", reason(error))


@dataclass
class OurLaunch:
    """How to launch us on the store of ``size`` articles, and what each timed launch saw."""

    size: int
    argv: list[str]
    env: dict[str, str]
    keys: list[str]
    sightings: list[pty_screen.Sighting] = field(default_factory=list)
    done: bool = False


def measure_ours(ctx: Context, sizes: list[int]) -> dict[int, tuple[float, float | None]]:
    """Our launches on every store, taking turns (1,000, 100,000, 1,000, …): a burst of load
    from elsewhere on a shared machine then lands on every size alike, so the growth
    compares like with like."""
    timeout = min(TIMEOUT, ctx.settings.timeout)
    launches: list[OurLaunch] = []
    for size in sizes:
        try:
            launches.append(prepare_ours(ctx, size, timeout))
        except Exception as error:
            ctx.report.skip(f"paint: newsreader {size:,} articles", reason(error))
            break  # the next size would fail the same way, only slower
    for number in range(ctx.settings.paint_runs):
        for launch in launches:
            if launch.done:
                continue
            try:
                sighting = pty_screen.first_sighting(
                    launch.argv, launch.env, launch.keys, timeout=timeout, quit_keys=OUR_QUIT
                )
            except Exception as error:
                ctx.report.skip(f"paint: newsreader {launch.size:,} articles", reason(error))
                launch.done, launch.sightings = True, []
                continue
            launch.sightings.append(sighting)
            print(
                f"    newsreader {launch.size:,} run {number + 1}: {sighting.seconds:.3f} s, "
                f"{sighting.rss_mb or 0:.0f} MB",
                flush=True,
            )
            launch.done = ctx.settings.enough(number + 1, sighting.seconds)
    ours = {}
    for launch in launches:
        if launch.sightings:
            ours[launch.size] = report_ours(ctx, launch.size, launch.sightings)
    return ours


def prepare_ours(ctx: Context, size: int, timeout: float) -> OurLaunch:
    built = ctx.store(size)
    keys = [pty_screen.screen_key(title) for title in built.newest_titles[:5]]
    launch = OurLaunch(size, [*newsreader_command(), "--home", str(built.home)], quiet_env(str(built.home)), keys)
    # One launch first, untimed: a store is opened many times for each time it is
    # migrated or recovered, and the timed launches should all find the same files.
    pty_screen.first_sighting(launch.argv, launch.env, keys, timeout=timeout, quit_keys=OUR_QUIT)
    return launch


def report_ours(ctx: Context, size: int, sightings: list[pty_screen.Sighting]) -> tuple[float, float | None]:
    seconds = median([s.seconds for s in sightings])
    memory = median([s.rss_mb for s in sightings if s.rss_mb is not None])
    ctx.report.add(
        Row(
            "paint",
            f"{size:,} articles: newsreader first headline",
            seconds,
            "s",
            memory,
            "< 0.3 s",
            check(seconds, 0.3),
            detail=detail(sightings),
        )
    )
    return seconds, memory


def judge_ours(ctx: Context, ours: dict[int, tuple[float, float | None]]) -> None:
    """Flat from the smallest store: time within ±10 %, memory under 60 MB throughout."""
    smallest, largest = min(ours), max(ours)
    if smallest != largest:
        growth = ours[largest][0] / ours[smallest][0] - 1
        ctx.report.add(
            Row(
                "paint",
                f"first headline {largest:,} vs {smallest:,} articles (growth)",
                growth * 100,
                "%",
                target="within ±10 %",
                verdict="ok" if abs(growth) <= 0.10 else "MISS",
            )
        )
    peak = max((m for _, m in ours.values() if m is not None), default=None)
    if peak is not None:
        ctx.report.add(
            Row(
                "paint",
                "newsreader RSS at first headline, largest of the stores",
                peak,
                "MB",
                target="< 60 MB",
                verdict=check(peak, 60),
            )
        )


FLOOR = {
    "launch floor: python -c pass": "pass",
    "launch floor: import textual.app": "import textual.app",
    # What `newsreader` imports before its first frame (refresh, related and the dialogs load when first used).
    "launch floor: import the launch path's modules (cli, launch, store, ui.app)": "import newsreader.cli, newsreader.launch, newsreader.store, newsreader.ui.app",
}


def measure_floor(ctx: Context) -> None:
    """What part of the first paint is only starting Python and importing: wall time of each, no terminal."""
    for name, code in FLOOR.items():
        runs = [run_timed([sys.executable, "-c", code], env=quiet_env()) for _ in range(ctx.settings.paint_runs)]
        if any(r.returncode for r in runs):
            raise Skip(f"{code[:40]}…: exit {runs[0].returncode}")
        ctx.report.add(Row("paint", name, median([r.seconds for r in runs]), "s"))


def measure_newsboat(ctx: Context, size: int, ours: tuple[float, float | None] | None) -> None:
    home = newsboat_cache(ctx, size)
    first_screen = [pty_screen.screen_key(data.feed_title(0))]
    count = min(ctx.settings.per_feed, size)
    first_feed = [
        pty_screen.screen_key(data.title_of(ctx.settings.seed, 0, n))
        for n in (*range(count - 1, count - 6, -1), *range(5))
    ]
    for variant in ("stock", "ANALYZE"):
        if variant == "ANALYZE":
            home.analyze()
        try:
            newsboat_variant(ctx, home, size, variant, first_screen, first_feed, ours)
        except Exception as error:
            ctx.report.skip(f"paint: newsboat {variant} {size:,} articles", reason(error))


def newsboat_variant(
    ctx: Context,
    home: newsboat.NewsboatHome,
    size: int,
    variant: str,
    first_screen: list[str],
    first_feed: list[str],
    ours: tuple[float, float | None] | None,
) -> None:
    sightings = []
    for number in range(ctx.settings.paint_runs):
        sighting = pty_screen.first_sighting(
            home.argv(),
            home.env(),
            first_screen,
            timeout=min(TIMEOUT, ctx.settings.timeout),
            then_keys=b"\r",
            then_expect=first_feed,
            quit_keys=NEWSBOAT_QUIT,
        )
        sightings.append(sighting)
        print(
            f"    newsboat {variant} {size:,} run {number + 1}: feed list {sighting.seconds:.3f} s, "
            f"headline {sighting.then_seconds or 0:.3f} s, {sighting.rss_mb or 0:.0f} MB",
            flush=True,
        )
        if ctx.settings.enough(number + 1, sighting.seconds):
            break
    screen = median([s.seconds for s in sightings])
    headline = median([s.then_seconds for s in sightings if s.then_seconds is not None])
    memory = median([s.rss_mb for s in sightings if s.rss_mb is not None])
    ctx.report.add(
        Row(
            "paint",
            f"{size:,} articles: newsboat {variant} first screen (feed list)",
            screen,
            "s",
            memory,
            detail=detail(sightings),
        )
    )
    ctx.report.add(Row("paint", f"{size:,} articles: newsboat {variant} first headline (+Enter)", headline, "s"))
    if ours and screen:
        ctx.report.add(Row("paint", f"{size:,} articles: us / newsboat {variant} first screen", ours[0] / screen, "x"))


def newsboat_cache(ctx: Context, size: int) -> newsboat.NewsboatHome:
    """newsboat's cache.db holding the same articles as our store of ``size``."""
    folder = ctx.folder(f"newsboat-cache-{size}")
    feeds = -(-size // ctx.settings.per_feed)
    home = newsboat.NewsboatHome(folder, [DEAD_ORIGIN.format(f) for f in range(feeds)])
    rows = (
        (DEAD_ORIGIN.format(feed), data.feed_title(feed), items)
        for feed, items in data.store_items(ctx.settings.seed, size, ctx.settings.per_feed)
    )
    print(f"  (writing newsboat's cache of {size:,} articles…)", flush=True)
    with FeedServer(1, 3, ctx.settings.seed) as bootstrap:
        newsboat.write_cache(home, rows, bootstrap.url(0))
    return home


def detail(sightings: list[pty_screen.Sighting]) -> dict:
    return {
        "runs_s": [round(s.seconds, 4) for s in sightings],
        "then_s": [round(s.then_seconds, 4) for s in sightings if s.then_seconds is not None],
        "rss_mb": [round(s.rss_mb, 1) for s in sightings if s.rss_mb is not None],
        "hwm_mb": [round(s.hwm_mb, 1) for s in sightings if s.hwm_mb is not None],
        "first_output_s": [round(s.first_output, 4) for s in sightings if s.first_output is not None],
    }
