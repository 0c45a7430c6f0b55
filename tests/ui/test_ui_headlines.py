"""The headline list is virtual: it draws rows from pages of the store, never the whole view."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from support.paths import APP_CSS
from support.ui_fixtures import fixed_clock, simple_document
from textual.app import App

from newsreader.store import NewArticle, Store, View
from newsreader.ui.dates import relative_date
from newsreader.ui.widgets.headline_pages import HeadlinePages
from newsreader.ui.widgets.headlines import HeadlineList

NOW = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("published", "day", "expected"),
    [
        ("2026-03-12T11:59:30+00:00", None, "now"),
        ("2026-03-12T11:15:00+00:00", None, "45m"),
        ("2026-03-12T09:00:00Z", None, "3h"),
        ("2026-03-10T12:00:00+00:00", None, "2d"),
        ("2026-03-01T12:00:00+00:00", None, "1 Mar"),
        ("2025-12-24T08:00:00+00:00", None, "24 Dec 2025"),
        (None, "2026-03-12", "today"),
        (None, "2026-03-09", "3d"),
        (None, "2026-02-02", "2 Feb"),
        (None, None, ""),
        ("not a date", None, ""),
        ("2026-03-14T10:00:00+00:00", None, "14 Mar"),  # the future: just the date
    ],
)
def test_relative_dates(published, day, expected):
    assert relative_date(published, day, NOW) == expected


@dataclass
class FakeHeadline:
    id: str
    title: str
    sort_key: tuple[str, str]
    date: str | None = "2026-03-01"
    published: str | None = None
    source: str | None = "Bulk"
    feed: str | None = "Bulk"
    url: str | None = None
    read: bool = False
    bookmarked: bool = False
    source_id: int | None = 1


class CountingStore:
    """A view of ``size`` synthetic headlines that counts how many rows it hands out."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.rows_served = 0
        self.counted = 0

    def _row(self, index: int) -> FakeHeadline:
        return FakeHeadline(f"id{index}", f"Headline {index}", (f"{self.size - index:09d}", f"id{index}"))

    def _index(self, key: tuple[str, str]) -> int:
        return self.size - int(key[0])

    def count(self, view) -> int:
        self.counted += 1
        return self.size

    def headlines(self, view, after=None, limit=200):
        start = 0 if after is None else self._index(after) + 1
        rows = [self._row(i) for i in range(start, min(self.size, start + limit))]
        self.rows_served += len(rows)
        return rows

    def headlines_before(self, view, before, limit=200):
        end = self.size if before is None else self._index(before)
        rows = [self._row(i) for i in range(max(0, end - limit), end)]
        self.rows_served += len(rows)
        return rows

    def position(self, view, article_id):
        index = int(article_id[2:])
        return index if 0 <= index < self.size else None


class ListApp(App[None]):
    CSS_PATH = APP_CSS

    def __init__(self, store) -> None:
        super().__init__()
        self.store = store

    def compose(self):
        yield HeadlineList(self.store, clock=fixed_clock, id="headlines")

    def on_mount(self) -> None:
        listing = self.query_one(HeadlineList)
        listing.show_view(View())
        listing.focus()


def test_pages_serve_any_row_and_keep_only_a_few_pages():
    store = CountingStore(100_000)
    pages = HeadlinePages(store, View(), page_size=100)
    assert pages.row(0).id == "id0"
    assert pages.row(99_999).id == "id99999"  # the bottom: fetched from the end, not walked to
    assert pages.row(99_950).id == "id99950"
    assert pages.row(99_850).id == "id99850"  # the page above, by keyset
    assert pages.row(150).id == "id150"
    assert store.rows_served < 1_000
    assert len(pages._pages) <= 8
    assert pages.row(100_000) is None and pages.row(-1) is None


def test_pages_without_a_count_read_one_page_until_the_count_comes():
    store = CountingStore(100_000)
    pages = HeadlinePages(store, View(), page_size=100, count=False)
    assert (pages.count, pages.exact, store.counted, store.rows_served) == (100, False, 0, 100)
    assert pages.row(99).id == "id99" and pages.row(100) is None
    pages.settle_count(100_000)
    assert pages.exact and pages.row(99_999).id == "id99999"
    short = HeadlinePages(CountingStore(30), View(), page_size=100, count=False)
    assert short.exact and short.count == 30  # a short first page is the whole view


async def test_a_list_shown_before_its_count_takes_the_count_when_it_comes():
    store = CountingStore(100_000)
    app = ListApp(store)
    async with app.run_test(size=(100, 30)):
        listing = app.query_one(HeadlineList)
        listing.show_view(View(unread=True), count=False)
        assert not listing.counted and listing.count == 100
        listing.settle_count(View(), 5)  # a count of another view is not this one's
        assert listing.count == 100
        listing.settle_count(View(unread=True), 100_000)
        assert listing.counted and listing.virtual_size.height == 100_000
        listing.settle_count(View(unread=True), 7)  # counted already: a late count changes nothing
        assert listing.count == 100_000


async def test_a_view_of_100000_opens_and_moves_by_pages():
    store = CountingStore(100_000)
    app = ListApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        listing = app.query_one(HeadlineList)
        assert listing.count == 100_000
        assert listing.virtual_size.height == 100_000
        assert store.rows_served <= 200
        await pilot.press("G")
        assert listing.highlighted.id == "id99999"
        await pilot.press("pageup", "k", "k")
        assert listing.cursor < 99_999
        await pilot.press("g", "j")
        assert listing.highlighted.id == "id1"
        assert store.rows_served <= 1_000


async def test_rows_show_marks_title_source_and_date(tmp_path):
    store = Store(tmp_path / "s.db")
    source = store.add_source("feed", "https://x.example/feed", "Example Times")
    store.ingest(
        source.id,
        [
            NewArticle(
                "A [b]title[/b]",
                simple_document("t", 12, "x"),
                source.address,
                guid="1",
                published="2026-03-12T09:00:00+00:00",
            )
        ],
    )
    first = store.headlines(View())[0]
    store.bookmark(first.id)
    app = ListApp(store)
    async with app.run_test(size=(100, 10)):
        listing = app.query_one(HeadlineList)
        row = listing._row_text(listing.highlighted, 100, True).plain
        assert row.startswith("●★ A [b]title[/b]")
        assert "Example Times" in row and row.rstrip().endswith("3h")
        assert len(row) == 100
    store.close()


async def test_an_empty_view_says_so(tmp_path):
    store = Store(tmp_path / "s.db")
    app = ListApp(store)
    async with app.run_test(size=(60, 10)):
        listing = app.query_one(HeadlineList)
        assert listing.count == 0
        assert "No articles here." in listing.render_line(0).text
    store.close()


@pytest.mark.slow
async def test_a_real_store_of_100000_opens_as_fast_as_100(tmp_path):
    def fill(store: Store, n: int) -> None:
        source = store.add_source("feed", f"https://bulk{n}.example/feed", "Bulk")
        store.ingest(
            source.id,
            (
                NewArticle(
                    f"Headline {i}",
                    simple_document(f"Headline {i}", 1 + i % 28, "Body."),
                    source.address,
                    guid=f"g{i}",
                    published=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00",
                )
                for i in range(n)
            ),
        )

    timings = {}
    for n in (100, 100_000):
        store = Store(tmp_path / f"{n}.db")
        fill(store, n)
        app = ListApp(store)
        async with app.run_test(size=(100, 30)) as pilot:
            listing = app.query_one(HeadlineList)
            started = time.perf_counter()
            listing.show_view(View())
            await pilot.press("G", "g")
            timings[n] = time.perf_counter() - started
            assert listing.count == n
        store.close()
    assert timings[100_000] < max(0.5, timings[100] * 5)


@pytest.mark.parametrize(
    ("title", "width", "expected"),
    [
        ("Short title", 20, "Short title"),
        ("The Marigold, a 1931 passenger ferry that carried commuters", 40, "The Marigold, a 1931 passenger ferry…"),
        ("Δημήτρης Καλλέργης, a retired ferry engineer on Tollan", 30, "Δημήτρης Καλλέργης, a retired…"),
        ("Supercalifragilisticexpialidocious words", 12, "Supercalifr…"),
        ("日本語のタイトルはとても長い", 11, "日本語のタ…"),
    ],
)
def test_long_titles_are_shortened_after_a_whole_word(title, width, expected):
    from rich.cells import cell_len

    from newsreader.ui.widgets.headline_text import display_title

    shown = display_title(title, width)
    assert shown == expected
    assert cell_len(shown) <= width


def test_the_list_shows_only_the_year_of_an_older_date():
    assert relative_date("2025-12-24T08:00:00+00:00", None, NOW, compact=True) == "2025"
    assert relative_date("2026-03-01T12:00:00+00:00", None, NOW, compact=True) == "1 Mar"


async def test_a_lede_title_gets_the_row_and_a_one_source_view_drops_the_source_column(tmp_path):
    lede = (
        "The Marigold, a 1931 passenger ferry that carried commuters across the Wend estuary for half a "
        "century, opened on Saturday as a floating museum"
    )
    store = Store(tmp_path / "s.db")
    source = store.add_source("feed", "https://x.example/feed", "Example Times")
    store.ingest(
        source.id,
        [
            NewArticle(
                lede, simple_document(lede, 1, "x"), source.address, guid="1", published="2025-11-18T09:00:00+00:00"
            )
        ],
    )
    app = ListApp(store)
    async with app.run_test(size=(72, 10)):
        listing = app.query_one(HeadlineList)
        row = listing._row_text(listing.highlighted, 72, False).plain
        assert row.startswith("●  The Marigold, a 1931 passenger ferry that…  ")
        assert "Example Times" in row and row.endswith("  2025")
        assert len(row) == 72
        listing.show_view(View(source_id=source.id))
        row = listing._row_text(listing.highlighted, 72, False).plain
        assert "Example Times" not in row
        assert "ferry that carried commuters…" in row
    store.close()


SEVENTY = "Harbour board approves the new ferry timetable after a long winter row"  # 70 characters


@pytest.mark.parametrize("width", [80, 120, 160, 200, 260])
async def test_a_70_character_headline_is_read_whole_at_every_width(tmp_path, width):
    """In the app as laid out at each width: the whole headline is on screen (on one line or
    wrapped to a second beside source and date), and keys and paging still land on the right rows."""
    from support.ui_fixtures import main_screen, make_app, settle

    assert len(SEVENTY) == 70
    store = Store(tmp_path / "s.db")
    source = store.add_source("feed", "https://x.example/feed", "Example Times")
    store.ingest(
        source.id,
        [
            NewArticle(
                SEVENTY if n == 0 else f"Story {n} {SEVENTY}",
                simple_document("t", 1, "x"),
                source.address,
                guid=f"g{n}",
                published=f"2026-03-{12 - n // 24:02d}T{23 - n % 24:02d}:00:00+00:00",
            )
            for n in range(60)
        ],
    )
    app = make_app(store)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        listing = main_screen(app).headlines
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        region = listing.content_region
        shown = " ".join(line[region.x : region.right].strip(" ●★") for line in lines[region.y : region.bottom])
        assert SEVENTY in " ".join(shown.split()), shown
        height = listing.row_height
        assert listing.virtual_size.height == 60 * height
        await pilot.press("pagedown")
        assert listing.cursor == max(1, listing.scrollable_content_region.height // height - 1)
        await pilot.press("G")
        assert listing.highlighted.id == store.headlines(View(), limit=100)[-1].id
        top = round(listing.scroll_y)
        assert top <= listing.cursor * height and (listing.cursor + 1) * height <= top + listing.size.height
    store.close()


@pytest.mark.parametrize(
    ("title", "first", "second", "expected"),
    [
        ("Short", 20, 10, ("Short", "")),
        (SEVENTY, 40, 40, ("Harbour board approves the new ferry", "timetable after a long winter row")),
        (SEVENTY, 30, 20, ("Harbour board approves the new", "ferry timetable…")),
        ("Supercalifragilisticexpialidocious words", 12, 12, ("Supercalifra", "gilisticexp…")),
        ("日本語のタイトルはとても長い", 11, 20, ("日本語のタ", "イトルはとても長い")),
    ],
)
def test_a_two_line_title_breaks_after_a_word(title, first, second, expected):
    from rich.cells import cell_len

    from newsreader.ui.widgets.headline_text import split_title

    head, rest = split_title(title, first, second)
    assert (head, rest) == expected
    assert cell_len(head) <= first and cell_len(rest) <= second
