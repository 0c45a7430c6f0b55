"""What every section shares in one run: settings, the report, a scratch folder, built stores."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.report import Report


@dataclass
class Settings:
    quick: bool
    runs: int  # repetitions of each timed thing (the median is reported)
    paint_runs: int  # launches of each reader per store size
    seed: int
    refresh_feeds: list[int]
    items_per_feed: int
    store_sizes: list[int]
    related_store: int  # the store resolve_all runs over (the largest; the smallest in --quick)
    per_feed: int  # articles per source in those stores
    out: Path
    keep: bool = False  # keep the scratch folder (for a look afterwards)
    newsboat_configs: tuple[str, ...] = ("newsboat", "newsboat reload-threads 8")
    newsboat_runs: int = 3
    readers: tuple[str, ...] = ("newsreader", "newsraft", "newsboat")  # whose figures to take
    profile: bool = False  # --profile: the refresh section also takes a cold refresh apart, stage by stage
    timeout: float = 1800.0  # the longest one timed process may take (--quick: short, to stay under 2 minutes)

    def enough(self, done: int, seconds: float) -> bool:
        """Stop repeating a measurement whose run is already slow (over 15 s in --quick, else 60 s):
        the median of the runs done so far is reported, and the JSON lists them."""
        return done >= 1 and seconds > (15 if self.quick else 60)


@dataclass
class Context:
    settings: Settings
    report: Report
    scratch: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="newsreader-bench-")))
    stores: dict = field(default_factory=dict)  # articles -> BuiltStore

    def folder(self, name: str) -> Path:
        path = self.scratch / name
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        return path

    def store(self, articles: int):
        """The store of ``articles`` generated articles, built on first use (its ingest is timed)."""
        if articles not in self.stores:
            from benchmarks.stores import build_store

            print(f"  (building a store of {articles:,} articles…)", flush=True)
            self.stores[articles] = build_store(
                self.folder(f"store-{articles}"), articles, self.settings.seed, self.settings.per_feed
            )
        return self.stores[articles]

    def cleanup(self) -> None:
        if not self.settings.keep:
            shutil.rmtree(self.scratch, ignore_errors=True)
