"""Regenerate screenshots/*.svg from the current code, on the demo library.

    python tests/make_screenshots.py

Each screenshot is a real run of the app (App.run_test with Pilot) at a fixed
size and a fixed clock, saved with Textual's save_screenshot.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from newsreader.config import Config
from newsreader.launch import load_demo_library
from newsreader.paths import resolve_paths
from newsreader.store import Store
from newsreader.ui.app import build_app

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
CLOCK = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

Steps = Callable[..., Awaitable[None]]


async def open_first_article(pilot) -> None:
    await pilot.press("j", "k", "enter")
    await pilot.pause(0.3)


async def follow_a_link(pilot) -> None:
    """Open the first article, then the first related story of it that is in the library
    (by its number: the links in the text and the pictures are numbered too)."""
    from newsreader.document.blocks import RelatedLink
    from newsreader.ui.widgets.article import ArticleView

    await open_first_article(pilot)
    links = pilot.app.screen.query_one(ArticleView).links
    number = next(n for n, (link, target) in enumerate(links, 1) if isinstance(link, RelatedLink) and target)
    await pilot.press(str(number))
    await pilot.pause(0.3)


async def search(pilot) -> None:
    await pilot.press("slash")
    await pilot.press(*"strike")
    await pilot.pause(0.6)


async def show_help(pilot) -> None:
    await pilot.press("question_mark")
    await pilot.pause(0.3)


SHOTS: list[tuple[str, tuple[int, int], Steps]] = [
    ("main", (160, 48), open_first_article),
    ("follow", (160, 48), follow_a_link),
    ("search", (160, 48), search),
    ("help", (120, 40), show_help),
    ("narrow", (80, 24), open_first_article),
]


async def take(name: str, size: tuple[int, int], steps: Steps, home: Path) -> Path:
    paths = resolve_paths(home / name)
    paths.ensure()
    store = Store(paths.store)
    config = Config()
    try:
        load_demo_library(store, config)
        app = build_app(store, config, paths=paths, clock=lambda: CLOCK)
        async with app.run_test(size=size) as pilot:
            await pilot.pause(0.3)
            await steps(pilot)
            await pilot.pause(0.2)
            return Path(app.save_screenshot(filename=f"{name}.svg", path=str(SCREENSHOTS)))
    finally:
        store.close()


async def main() -> int:
    SCREENSHOTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newsreader-shots-") as home:
        for name, size, steps in SHOTS:
            saved = await take(name, size, steps, Path(home))
            print(f"wrote {saved.relative_to(SCREENSHOTS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
