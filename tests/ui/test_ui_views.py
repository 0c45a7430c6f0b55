"""Saved views and tags in the app: listed under the sources with their unread counts,
chosen like a source, saved from the search screen; sources grouped by tag."""

from __future__ import annotations

from support.ui_fixtures import main_screen, make_app, settle

from newsreader.store import View
from newsreader.ui.screens.dialogs import NameViewScreen
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.screens.search import SearchScreen
from newsreader.ui.widgets.headlines import HeadlineList
from newsreader.ui.widgets.sources import SourceList

WIDE = (160, 48)


def option_ids(app) -> list[str]:
    options = main_screen(app).query_one(SourceList)
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


def option_text(app, key: str) -> str:
    options = main_screen(app).query_one(SourceList)
    return options.get_option_at_index(options.get_option_index(key)).prompt.plain


async def choose(app, pilot, key: str) -> None:
    options = main_screen(app).query_one(SourceList)
    options.focus()
    options.highlighted = options.get_option_index(key)
    await pilot.press("enter")
    await settle(pilot)


async def test_saved_views_are_listed_with_counts_and_chosen(library):
    store, info = library
    store.save_view("Storms and trams", "storm OR tram")
    store.save_view("Old news", "older:2026-03-05")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        ids = option_ids(app)
        assert ids.index("view:Storms and trams") > max(i for i, key in enumerate(ids) if key.startswith("source:"))
        assert option_text(app, "view:Storms and trams").split() == ["Storms", "and", "trams", "2"]
        await choose(app, pilot, "view:Storms and trams")
        shown = main_screen(app).query_one(HeadlineList)
        assert shown.count == 2
        assert {shown.highlighted.title} <= {"Storm warning for the coast tonight", "New tram line opens in the east"}
        assert app.sub_title.startswith("View Storms and trams")
        await choose(app, pilot, "view:Old news")
        assert main_screen(app).query_one(HeadlineList).count == 2  # the budget and the markup title


async def test_a_search_is_saved_as_a_view(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"harbour -storm")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NameViewScreen)
        await pilot.press(*"Harbour calm", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert [(v.name, v.query) for v in store.saved_views()] == [("Harbour calm", "harbour -storm*")]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "view:Harbour calm" in option_ids(app)


async def test_a_view_saved_while_typing_lists_what_the_search_showed(library):
    """The word being typed is searched as a prefix; the view keeps it so, and is not empty."""
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"stor")  # half of "storm"
        for _ in range(50):
            await pilot.pause(0.1)
            if app.screen._hits:
                break
        shown = {hit.headline.id for hit in app.screen._hits}
        assert shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "stor*" in str(app.screen.query_one(".dialog-hint").render())
        await pilot.press(*"Harbour", "enter")
        await pilot.pause()
        [view] = store.saved_views()
        assert view.query == "stor*"
        listed = store.headlines(view=View(query=store.compile_query(view.query)))
        assert {h.id for h in listed} == shown


async def test_a_malformed_search_is_not_saved(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"(storm")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert store.saved_views() == []


async def test_tagging_a_source_groups_it_and_an_article_gets_tags(library):
    from newsreader.ui.screens.tags import TagScreen

    store, info = library
    metro = info["sources"]["metro"]
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        options = main_screen(app).query_one(SourceList)
        options.focus()
        options.highlighted = options.get_option_index(f"source:{metro.id}")
        await pilot.press("number_sign")
        await pilot.pause()
        assert isinstance(app.screen, TagScreen)
        await pilot.press(*"City, Regional", "enter")
        await settle(pilot)
        assert store.tags_of_source(metro.id) == ["City", "Regional"]
        ids = option_ids(app)
        assert "tag:City" in ids and "tag:Regional" in ids  # Regional now holds a source that is not in the folder
        assert sum(key.split("#")[0] == f"source:{metro.id}" for key in ids) == 2  # under each of its tags
        await choose(app, pilot, "tag:Regional")
        assert main_screen(app).query_one(HeadlineList).count == len(store.headlines(limit=100))  # all three sources
        shown = main_screen(app).query_one(HeadlineList)
        shown.focus()
        article_id = shown.highlighted.id
        await pilot.press("number_sign")
        await pilot.pause()
        await pilot.press(*"later", "enter")
        await settle(pilot)
        assert store.tags_of_article(article_id) == ["later"]


async def test_d_on_a_saved_view_removes_it_after_asking(library):
    """A view saved by mistake can be dropped in the app, as with `newsreader view remove`."""
    from newsreader.ui.screens.dialogs import ConfirmRemoveScreen

    store, info = library
    store.save_view("Storms and trams", "storm OR tram")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await choose(app, pilot, "view:Storms and trams")
        options = main_screen(app).query_one(SourceList)
        options.focus()
        options.highlighted = options.get_option_index("view:Storms and trams")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmRemoveScreen)
        assert "saved view" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("n")  # no: nothing goes
        await pilot.pause()
        assert [v.name for v in store.saved_views()] == ["Storms and trams"]
        await pilot.press("d", "y")
        await settle(pilot)
        assert store.saved_views() == []
        assert "view:Storms and trams" not in option_ids(app)
        assert main_screen(app).view_key == "all"  # the view shown is gone: back to every article
        assert len(store.sources()) == 3  # no source went with it
