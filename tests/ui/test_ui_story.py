"""In the app: "Perhaps:" under a link that leads nowhere, "Linked from", and the story
line (key T), each entry followable with back and forward as for links."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.stories import DEAL, REVIEW, STRIKE_ONE, STRIKE_TWO, ingest
from support.ui_fixtures import main_screen, make_app, settle

from newsreader.related import resolve_all
from newsreader.store import Store
from newsreader.ui.screens.story import StoryScreen
from newsreader.ui.widgets.article import ArticleView
from newsreader.ui.widgets.block_widgets import LinkLine, SuggestionLine

WIDE = (160, 48)


@pytest.fixture
def linked(tmp_path: Path):
    store = Store(tmp_path / "newsreader.db")
    ids = {
        name: ingest(store, f"{name}.txt", text)
        for name, text in (("one", STRIKE_ONE), ("two", STRIKE_TWO), ("deal", DEAL), ("review", REVIEW))
    }
    resolve_all(store)
    yield store, ids
    store.close()


def view(app) -> ArticleView:
    return main_screen(app).article_view


async def test_suggestions_show_under_an_unresolved_link_and_open(linked) -> None:
    store, ids = linked
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(ids["deal"])
        await settle(pilot)
        body = view(app).query_one("#article-body")
        lines = list(body.query(LinkLine))
        kinds = [(type(line).__name__, line.number) for line in lines]
        assert kinds[:2] == [("LinkLine", 1), ("LinkLine", 2)]
        perhaps = [line for line in lines if isinstance(line, SuggestionLine)]
        assert {line.target for line in perhaps} == {ids["one"], ids["two"]}
        assert lines.index(perhaps[0]) == 2  # right under link 2, before link 3
        assert str(perhaps[0].render()).startswith("Perhaps: ")
        assert perhaps[0].has_class("-suggestion") and not perhaps[0].has_class("-resolved")
        perhaps[0].focus()
        await pilot.press("enter")
        await settle(pilot)
        assert view(app).article_id == perhaps[0].target
        await pilot.press("backspace")
        assert view(app).article_id == ids["deal"]


async def test_linked_from_lists_the_articles_that_lead_here(linked) -> None:
    store, ids = linked
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(ids["two"])
        await settle(pilot)
        section = view(app).query_one("#article-linked-from")
        assert "Linked from" in str(section.children[0].render())
        lines = list(section.query(LinkLine))
        assert [line.target for line in lines] == [ids["deal"]]
        lines[0].focus()
        await pilot.press("enter")
        await settle(pilot)
        assert view(app).article_id == ids["deal"]
        assert [line.target for line in view(app).query_one("#article-linked-from").query(LinkLine)] == [ids["review"]]
        main_screen(app).open_article(ids["one"])
        await settle(pilot)
        assert not view(app).query_one("#article-linked-from").children
        assert not view(app).query_one("#article-linked-from").display


async def test_story_line_key_t(linked) -> None:
    store, ids = linked
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        main_screen(app).open_article(ids["deal"])
        await settle(pilot)
        view(app).focus()
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen)
        options = app.screen.query_one("#story-list")
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [
            ids["two"],
            ids["deal"],
            ids["review"],
        ]
        assert options.highlighted == 1
        assert str(options.get_option_at_index(1).prompt).startswith("▶ ")
        assert not str(options.get_option_at_index(0).prompt).startswith("▶")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "→" not in " ".join(prompts)  # an arrow and a number said nothing to a reader
        assert prompts[1].endswith(" · links to 1")  # the deal links to the tram strike story
        await pilot.press("down", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, StoryScreen)
        assert view(app).article_id == ids["review"]
        await pilot.press("backspace")
        assert view(app).article_id == ids["deal"]
        await pilot.press("alt+right")
        assert view(app).article_id == ids["review"]
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, StoryScreen) and view(app).article_id == ids["review"]
