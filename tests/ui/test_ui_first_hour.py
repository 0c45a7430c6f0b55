"""What a new reader meets in the first hour: the sources pane's keys, the breadcrumb, a failing
source's error, changes made by the CLI while the app is open, and the command palette."""

from __future__ import annotations

from support.ui_fixtures import main_screen, make_app, settle
from textual.command import CommandPalette
from textual.widgets import OptionList

from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.article import ArticleView
from newsreader.ui.widgets.headlines import HeadlineList

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
        assert [keys.split(",")[0] for keys, _ in sections["Sources"]][:4] == ["j", "k", "g", "G"]


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


async def test_the_palette_finds_an_article_by_the_word_being_typed(library):
    """As the search (`/`) does: "festiv" finds the harvest festival before the word is whole."""
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        prompts = await palette_prompts(pilot, "festiv")
        assert any(prompt.startswith("Article: Harvest festival draws record crowds") for prompt in prompts)


# -- the breadcrumb shows as many steps as fit --------------------------------


def test_fit_steps_shows_every_step_that_fits_and_elides_only_when_needed():
    from newsreader.ui.widgets.breadcrumb import fit_steps

    titles = [
        "Council approves bridge budget",
        "Harvest festival draws record crowds",
        "Library extends weekend hours",
        "Storm warning for the coast tonight",
    ]
    assert fit_steps(titles, 200) == (titles, False)
    shown, elided = fit_steps(titles, 80)  # all four, shortened after whole words
    assert not elided and len(shown) == 4
    assert all(step.endswith("…") for step in shown[:3]) and shown[0].startswith("Council")
    assert sum(len(step) for step in shown) + 2 + 3 * 3 <= 80
    shown, elided = fit_steps(titles, 50)  # not all fit: the newest, after "…"
    assert elided and shown[-1].startswith("Storm warning") and len(shown) < 4
    assert fit_steps(titles[:2], 200, earlier=True) == (titles[:2], True)
    assert fit_steps(["[b]x[/b]\x1b[31m", "B"], 40) == (["[b]x[/b]", "B"], False)  # no escapes


async def open_in_turn(pilot, app, rows: list[int]) -> None:
    for row in rows:
        headlines(app).move_to(row)
        headlines(app).focus()
        await pilot.press("enter")
        await pilot.pause()


async def test_the_breadcrumb_shows_every_step_at_180_columns(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=(180, 50)) as pilot:
        await settle(pilot)
        await open_in_turn(pilot, app, [0, 2, 3])
        await pilot.pause()
        crumb = str(article(app).query_one("#breadcrumb").render())
        assert crumb.startswith("‹ ") and not crumb.startswith("‹ … ›")
        titles = [headlines(app).headline_at(row).title for row in (0, 2, 3)]
        assert crumb.count(" › ") == 2
        for title in titles:
            assert " ".join(title.split()[:2]) in crumb


async def test_the_breadcrumb_elides_when_the_pane_is_narrow(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = []
        for row in (0, 2, 3, 4, 5):
            await pilot.press("escape")
            headlines(app).move_to(row)
            titles.append(headlines(app).highlighted.title)
            await pilot.press("enter")
            await pilot.pause()
        crumb = article(app).query_one("#breadcrumb")
        text = str(crumb.render())
        assert text.startswith("‹ … › ")
        assert len(text) <= crumb.content_region.width
        assert titles[-1].split()[0] in text


async def test_an_article_opened_from_the_palette_is_the_lists_too(library):
    """Opened from the palette while another source's headlines are shown, then Tab back to
    the list and Enter: the same article stays open (the list's cursor went to it)."""
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        main_screen(app).choose_view(f"source:{info['sources']['harbour'].id}")
        await settle(pilot)
        wanted = info["ids"]["New tram line opens in the east"]  # a Metro Daily story
        await palette_prompts(pilot, "tram line")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert article(app).article_id == wanted
        assert headlines(app).highlighted.id == wanted
        for _ in range(20):
            if app.focused is headlines(app):
                break
            await pilot.press("tab")
        assert app.focused is headlines(app)
        await pilot.press("enter")
        await pilot.pause()
        assert article(app).article_id == wanted


async def test_an_article_in_the_view_keeps_the_view(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        harbour = info["sources"]["harbour"].id
        main_screen(app).choose_view(f"source:{harbour}")
        await settle(pilot)
        await palette_prompts(pilot, "storm warning")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert article(app).article_id == info["ids"]["Storm warning for the coast tonight"]
        assert headlines(app).view.source_id == harbour
        assert headlines(app).highlighted.id == info["ids"]["Storm warning for the coast tonight"]


# -- a failing source says why when it is selected ----------------------------


def fail(store, source_id: int, error: str, *, retry_at: str | None = None) -> None:
    store.update_source(
        source_id, last_status="error", last_error=error, last_refreshed="2026-03-12T09:00:00+00:00", retry_at=retry_at
    )


def test_failure_note_says_why_when_and_when_again():
    from types import SimpleNamespace

    from support.ui_fixtures import NOW

    from newsreader.ui.source_status import failure_note

    ok = SimpleNamespace(last_status="ok", last_error=None, last_refreshed=None, retry_at=None)
    assert failure_note(ok, NOW) is None
    failed = SimpleNamespace(
        last_status="error",
        last_error="HTTP 503 [b]busy[/b]\x1b[2J",
        last_refreshed="2026-03-12T09:00:00+00:00",
        retry_at="2026-03-12T14:30:00+00:00",
    )
    note = failure_note(failed, NOW)
    assert note == ("Failed 3h ago: HTTP 503 [b]busy[/b] · the server asked to wait: next try after 14:30 UTC")
    failed.retry_at = "2026-03-11T10:00:00+00:00"  # past: the next refresh tries it
    assert failure_note(failed, NOW).endswith("· tried again on the next refresh")
    failed.retry_at = "2026-03-14T08:05:00+00:00"
    assert failure_note(failed, NOW).endswith("next try after 14 Mar 08:05 UTC")


async def test_a_failing_source_shows_its_error_when_highlighted_and_over_its_headlines(library):
    store, info = library
    harbour = info["sources"]["harbour"].id
    fail(store, harbour, "HTTP 503 Service Unavailable", retry_at="2026-03-12T14:30:00+00:00")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert not screen.query("#source-detail") or not screen.query_one("#source-detail").display
        source_list = screen.query_one("#source-list", OptionList)
        source_list.focus()
        source_list.highlighted = source_list.get_option_index(f"source:{harbour}")
        await pilot.pause()
        detail = screen.query_one("#source-detail")
        assert detail.display
        shown = str(detail.render())
        assert "Harbour News" in shown and "HTTP 503 Service Unavailable" in shown and "14:30 UTC" in shown
        await pilot.press("k")  # another entry: the detail goes
        await pilot.pause()
        assert not detail.display
        assert not screen.query_one("#view-note").display
        screen.choose_view(f"source:{harbour}")
        await settle(pilot)
        note = screen.query_one("#view-note")
        assert note.display and note.region.height >= 1
        assert "Harbour News: Failed 3h ago: HTTP 503 Service Unavailable" in str(note.render())
        screen.choose_view(f"source:{info['sources']['metro'].id}")
        await settle(pilot)
        assert not note.display
        screen.choose_view("folder:Regional")  # the folder holds the failing source
        await settle(pilot)
        assert note.display and "Harbour News" in str(note.render())


async def test_the_note_goes_when_the_source_recovers(library):
    store, info = library
    harbour = info["sources"]["harbour"].id
    fail(store, harbour, "connection refused")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.choose_view(f"source:{harbour}")
        await settle(pilot)
        assert screen.query_one("#view-note").display
        store.update_source(harbour, last_status="ok", last_error=None)
        screen.update_counts()
        await settle(pilot)
        assert not screen.query_one("#view-note").display


# -- changes made by the command line show up without R -----------------------


def run_cli(home, *args: str) -> str:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "newsreader", "--home", str(home), *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def test_the_app_sees_what_the_command_line_changed(tmp_path):
    """The real CLI, in another process, on the app's store file: a source added, a bookmark
    dropped, an article marked read; the app picks them up with the cursor on its article."""
    from support.ui_fixtures import fill_store

    from newsreader.paths import resolve_paths
    from newsreader.store import Store

    home = tmp_path / "home"
    paths = resolve_paths(home)
    paths.store.parent.mkdir(parents=True, exist_ok=True)
    store = Store(paths.store)
    info = fill_store(store)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "ferry.txt").write_text(
        "Night ferry returns to the island\n\nThe night ferry sails again from Monday, the harbour office said.\n",
        "utf-8",
    )
    app = make_app(store)
    try:
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            screen = main_screen(app)
            assert screen._store_timer is not None  # polling runs on its own
            kept = info["ids"]["Library extends weekend hours"]
            headlines(app).select_article(kept)
            assert not screen.check_store()  # nothing changed yet

            run_cli(home, "unbookmark", kept)
            run_cli(home, "add", str(notes / "ferry.txt"))
            assert screen.check_store()
            await settle(pilot)
            assert headlines(app).highlighted.id == kept  # the cursor stayed on its article
            assert not headlines(app).highlighted.bookmarked
            assert headlines(app).count == 10
            assert any(
                row.title.startswith("Night ferry")
                for row in (headlines(app).headline_at(i) for i in range(headlines(app).count))
            )
            labels = " ".join(str(option.prompt) for option in screen.query_one("#source-list", OptionList).options)
            assert "ferry" in labels
            assert "Bookmarks (1)" not in labels and "Bookmarks" in labels
            assert not screen.check_store()  # once only
    finally:
        store.close()


async def test_a_change_from_another_connection_reloads_and_keeps_the_open_article(library, tmp_path):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        bridge = info["ids"]["bridge"]
        screen.open_article(bridge)
        await settle(pilot)
        assert app.sub_title.endswith(" 9 unread")
        from newsreader.store import Store

        other = Store(store.path)  # what the command line does: its own connection to the file
        try:
            other.bookmark(bridge)
            other.set_read([bridge])
        finally:
            other.close()
        assert screen.check_store()
        await settle(pilot)
        assert headlines(app).highlighted.id == bridge
        assert headlines(app).highlighted.bookmarked and headlines(app).highlighted.read
        assert screen._open["bookmarked"]
        assert app.sub_title.endswith(" 8 unread")


async def test_a_view_of_a_source_removed_elsewhere_falls_back_to_all(library):
    store, info = library
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        metro = info["sources"]["metro"].id
        screen.choose_view(f"source:{metro}")
        await settle(pilot)
        from newsreader.store import Store

        other = Store(store.path)
        try:
            other.remove_source(metro)
        finally:
            other.close()
        assert screen.check_store()
        await settle(pilot)
        assert screen.view_key == "all"
        assert headlines(app).count == 6


def test_a_step_is_cut_after_a_whole_word():
    from newsreader.ui.widgets.breadcrumb import shorten

    assert shorten("Workers go backwards as wages growth lags", 16) == "Workers go…"
    assert shorten("Man, 19, released without charge", 16) == "Man, 19…"
    assert shorten("Supercalifragilistic news", 10) == "Supercali…"
    assert shorten("Short", 10) == "Short"
