"""The footer: the keys that apply in the focused pane, whole, at 80 columns and wider."""

from __future__ import annotations

import pytest
from support.ui_fixtures import main_screen, make_app, paragraph, settle

from newsreader.document.blocks import Document
from newsreader.store import NewArticle

PALETTE = "^p palette"


def footer_line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text


def assert_whole(line: str, *items: str) -> None:
    """Each item is on the line, in order, and the palette's key still ends it (nothing was cut)."""
    assert line.rstrip().endswith(PALETTE), line
    keys = line[: line.rindex(PALETTE)]
    places = [keys.find(item) for item in items]
    assert all(place >= 0 for place in places), (items, line)
    assert places == sorted(places), line


@pytest.mark.parametrize("width", [80, 100, 120, 160])
async def test_the_list_footer_is_whole_at_every_width(library, width):
    store, _ = library
    app = make_app(store)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        assert_whole(
            footer_line(app), "Open", "m Read", "b Bookmark", "/ Search", "R Refresh", "s Sources", "? Help", "q Quit"
        )


async def test_the_article_footer_is_whole_at_80_columns_with_every_key_in_use(library):
    """The longest article footer: a focused link, somewhere to go back to, and a saved whole text."""
    store, info = library
    bridge = info["ids"]["bridge"]
    store.set_full_document(bridge, Document(title="Bridge", blocks=[paragraph("The whole story.")]))
    # Another outlet's report of the reopening: the link Tab reaches is under "Related in your library".
    other = store.add_source("feed", "https://gazette.example/rss", "Valley Gazette")
    report = Document(
        title="Old river bridge reopens to traffic",
        date="2026-03-12",
        blocks=[
            paragraph(
                "Mayor Ilse Brandt reopened the old river bridge to traffic on Thursday after two years of repairs. "
                "Chief engineer Mara Ortis said new steel bearings sit under each arch."
            )
        ],
    )
    store.ingest(other.id, [NewArticle(title=report.title, document=report, origin=other.address, guid="reopens")])
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.open_article(info["ids"]["Council approves bridge budget"])
        await settle(pilot)
        screen.open_article(bridge)
        screen.show_reading()
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        line = footer_line(app)
        assert_whole(line, "esc List", "Follow", "n Next", "Back", "b Bookmark", "t Whole/feed", "? Help")
        assert "Open" not in line and "/ Search" not in line  # the list's keys are not the article's


async def test_the_sources_footer_offers_refresh_add_remove_and_rename(library):
    store, _ = library
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert_whole(
            footer_line(app), "esc List", "r Refresh", "a Add", "d Remove", "e Rename", "s Sources", "? Help", "q Quit"
        )


async def test_a_key_left_out_of_the_footer_still_works(library):
    store, _ = library
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "N " not in footer_line(app)
        await pilot.press("N")  # next unread: not in the list's footer, still bound
        await settle(pilot)
        assert main_screen(app).article_view.article_id is not None


async def test_a_key_that_cannot_be_used_now_is_not_shown(library):
    store, _ = library
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "tab")
        await settle(pilot)
        line = footer_line(app)
        assert "Back" not in line  # nothing read before this article
        assert "? Help" in line
