"""Deterministic stores and apps for the UI tests: fixed articles, fixed dates, a fixed clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsreader.config import Config
from newsreader.document.blocks import (
    BulletList,
    Document,
    Heading,
    Image,
    Paragraph,
    Preformatted,
    Quote,
    RelatedLink,
    Rule,
    Span,
)
from newsreader.store import NewArticle, Store

NOW = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
INJECTION_TITLE = "[bold red]x[/] [@click=app.quit]boom[/]"


def fixed_clock() -> datetime:
    return NOW


def paragraph(*parts: str | Span) -> Paragraph:
    return Paragraph([part if isinstance(part, Span) else Span(part) for part in parts])


def bridge_document() -> Document:
    """The feature article: quotes, a quote block, a list, links (one stored, one not), image, code."""
    return Document(
        title="River bridge reopens after two years of repairs",
        date="2026-03-12",
        published="2026-03-12T09:00:00+00:00",
        source="Valley Courier",
        url="https://courier.example/bridge-reopens",
        blocks=[
            paragraph(
                "The old river bridge opened to traffic on Thursday. ",
                Span("“We kept every stone we could,”", "quote", speaker="Mara Ortis"),
                " the chief engineer said at the ceremony.",
            ),
            Quote("It is the same bridge our grandparents crossed, only stronger.", "Mayor Ilse Brandt"),
            Heading("What changed", 2),
            BulletList(
                [
                    "New steel bearings under each arch",
                    "A wider footpath on the north side",
                    "Sensors that report cracks",
                ],
                lead="The repairs included:",
            ),
            BulletList(["Close the old ramp", "Open the new one"], lead="Two steps remain:", ordered=True),
            Image("The bridge at dusk", "https://courier.example/bridge.jpg"),
            Preformatted("span   length\narch 1   42 m\narch 2   38 m"),
            Rule(),
            RelatedLink("Council approves bridge budget", "Valley Courier", "https://courier.example/budget"),
            RelatedLink("Ferry service ends as bridge returns", "Harbour News", "https://harbour.example/ferry"),
        ],
    )


def simple_document(title: str, day: int, text: str, url: str | None = None) -> Document:
    return Document(title=title, date=f"2026-03-{day:02d}", blocks=[paragraph(text)], url=url)


ARTICLES: list[tuple[str, int, int, str]] = [
    # (title, day, hour, source key)
    ("Council approves bridge budget", 2, 10, "courier"),
    ("Harvest festival draws record crowds", 9, 15, "courier"),
    ("Library extends weekend hours", 10, 8, "courier"),
    ("Storm warning for the coast tonight", 11, 20, "harbour"),
    ("Fishing fleet returns early", 12, 6, "harbour"),
    ("New tram line opens in the east", 12, 11, "metro"),
    ("School choir wins national prize", 7, 14, "metro"),
    (INJECTION_TITLE, 1, 9, "metro"),
]


def fill_store(store: Store) -> dict[str, Any]:
    """Three sources (two in the folder "Regional"), nine articles, one bookmarked."""
    courier = store.add_source("feed", "https://courier.example/feed.xml", "Valley Courier", "Regional")
    harbour = store.add_source("feed", "https://harbour.example/rss", "Harbour News", "Regional")
    metro = store.add_source("file", "/data/metro", "Metro Daily")
    sources = {"courier": courier, "harbour": harbour, "metro": metro}
    ids: dict[str, str] = {}
    for title, day, hour, key in ARTICLES:
        slug = "".join(ch for ch in title.lower() if ch.isalnum())[:20]
        url = f"https://{key}.example/{slug}"
        document = simple_document(title, day, f"{title}. More words about it for the search index.", url)
        item = NewArticle(
            title=title,
            document=document,
            origin=sources[key].address,
            guid=slug,
            url=url,
            published=f"2026-03-{day:02d}T{hour:02d}:00:00+00:00",
        )
        ids[title] = store.ingest(sources[key].id, [item]).added[0]
    bridge = bridge_document()
    item = NewArticle(
        title=bridge.title,
        document=bridge,
        origin=courier.address,
        guid="bridge",
        url=bridge.url,
        published=bridge.published,
    )
    ids["bridge"] = store.ingest(courier.id, [item]).added[0]
    store.links.set_targets(ids["bridge"], [ids["Council approves bridge budget"], None])
    store.bookmark(ids["Library extends weekend hours"])
    return {"ids": ids, "sources": sources}


def make_store(tmp_path: Path, *, empty: bool = False) -> tuple[Store, dict[str, Any]]:
    store = Store(tmp_path / "newsreader.db")
    info = {} if empty else fill_store(store)
    return store, info


def make_config(mark_read_after: float = 30.0, keys: dict[str, str] | None = None) -> Config:
    config = Config()
    config.reader.mark_read_after = mark_read_after
    if keys:
        config.keys = dict(keys)
    return config


def offline_fetch(url: str, **kwargs: Any):
    """The network in UI tests: never there (no test touches the internet)."""
    from newsreader.sources.http import FetchError

    raise FetchError(f"offline in tests: {url}")


def make_app(store: Store, config: Config | None = None, **kwargs: Any):
    from newsreader.ui.app import build_app

    kwargs.setdefault("clock", fixed_clock)
    kwargs.setdefault("fetch", offline_fetch)
    kwargs.setdefault("refresh_all", None)
    return build_app(store, config or make_config(), **kwargs)


async def wait_for_workers(app: Any) -> None:
    """Every worker the app has started is finished. A worker cancelled on the way counts as
    finished: an ``exclusive=True`` worker is cancelled by its successor (a newer count or
    search), which is how the app drops stale work, and Textual's ``wait_for_complete``
    raises WorkerCancelled for it. A worker that failed still fails the test."""
    from textual.worker import WorkerCancelled, WorkerState

    for _ in range(50):  # bounded: workers that kept starting workers would otherwise hang the test
        unfinished = [w for w in app.workers if not w.is_finished]
        if not unfinished:
            return
        started = [w for w in unfinished if w.state != WorkerState.PENDING]
        for worker in started:
            try:
                await worker.wait()
            except WorkerCancelled:
                pass
        if not started:
            await asyncio.sleep(0.01)  # created, not started yet: yield to the app's loop, which starts them
    raise AssertionError(f"workers still running: {[w for w in app.workers if not w.is_finished]}")


async def until(pilot: Any, condition: Any, what: str, seconds: float = 30.0) -> None:
    """Wait, a frame at a time, until ``condition()`` holds. The bound is generous on purpose:
    it only turns a hang into a failure (what a test asserts never depends on how fast the
    machine is); a timer of the app, a debounce or a worker ends long before it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"still waiting after {seconds} s: {what}")
        await pilot.pause(0.02)


async def settle(pilot: Any, rounds: int = 2) -> None:
    """Let workers (counts, bookmarks, search) finish and their messages land, ``rounds``
    times: a worker's message may start another worker (marking all read recounts)."""
    for _ in range(rounds):
        await wait_for_workers(pilot.app)
        await pilot.pause()


def main_screen(app: Any) -> Any:
    """The app's MainScreen, wherever it is in the screen stack."""
    from newsreader.ui.screens.main import MainScreen

    return next(s for s in app.screen_stack if isinstance(s, MainScreen))
