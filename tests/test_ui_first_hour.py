"""What a new reader meets in the first hour: the sources pane's keys, the breadcrumb, a failing
source's error, changes made by the CLI while the app is open, and the command palette."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import OptionList

from newsreader.ui.article import ArticleView
from newsreader.ui.headlines import HeadlineList
from newsreader.ui.main_screen import MainScreen
from ui_fixtures import main_screen, make_app, settle

WIDE = (160, 48)


def headlines(app) -> HeadlineList:
    return main_screen(app).query_one(HeadlineList)


def article(app) -> ArticleView:
    return main_screen(app).query_one(ArticleView)


# -- the sources pane moves like the headline list ----------------------------


async def test_the_sources_pane_moves_with_j_k_g_and_G(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        source_list = main_screen(app).query_one("#source-list", OptionList)
        source_list.focus()
        source_list.highlighted = 0
        await pilot.pause()
        await pilot.press("j", "j")
        assert source_list.highlighted == 2
        await pilot.press("k")
        assert source_list.highlighted == 1
        await pilot.press("G")
        assert source_list.highlighted == source_list.option_count - 1
        await pilot.press("g")
        assert source_list.highlighted == 0
        assert headlines(app).cursor == 0  # the keys moved the pane, not the list


async def test_the_help_screen_lists_the_sources_keys(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE):
        sections = dict(app.help_sections())
        assert [keys.split(",")[0] for keys, _ in sections["Sources"]] == ["j", "k", "g", "G"]


# -- the command palette ------------------------------------------------------


async def palette_prompts(pilot, query: str = "") -> list[str]:
    await pilot.press("ctrl+p")
    if query:
        await pilot.press(*query)
    await pilot.pause(0.5)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    return [str(option.prompt) for option in palette.query_one(OptionList).options]


async def test_the_palette_does_not_offer_textuals_keys_panel(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listed = " ".join(await palette_prompts(pilot))
        assert "Help" in listed and "Quit" in listed  # the palette still lists the commands
        assert "Keys" not in listed
        await pilot.press("escape")
        assert not [prompt for prompt in await palette_prompts(pilot, "keys") if "Keys" in prompt]
        await pilot.press("escape")
        assert not app.screen.query("HelpPanel")
