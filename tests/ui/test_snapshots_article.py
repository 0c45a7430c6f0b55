"""What an open article looks like, at 80x24 and 160x48, with a fixed clock and a fixed library:
quotes, a list and links; a bookmark whose whole text could not be saved.

Update the baselines with ``pytest tests/ui/test_snapshots_article.py --snapshot-update``
and look at the SVGs in tests/ui/__snapshots__/ before keeping them.
"""

from __future__ import annotations

import pytest
from support.snapshots import SIZES, pressing, settle
from support.ui_fixtures import main_screen, make_app


@pytest.mark.parametrize("size", SIZES)
def test_article_with_quotes_list_and_links(snap_compare, library, size):
    store, info = library
    app = make_app(store)
    assert snap_compare(app, terminal_size=size, run_before=pressing("j", "enter"))


def test_bookmark_without_its_whole_text(snap_compare, library):
    """A kept article whose page could not be saved: the note under the meta line, plain text."""
    store, info = library
    kept = info["ids"]["Library extends weekend hours"]
    store.set_full_error(kept, "HTTP 404 [bold]Not Found[/]")

    async def run_before(pilot) -> None:
        await settle(pilot)
        screen = main_screen(pilot.app)
        index = next(i for i in range(screen.headlines.count) if screen.headlines.headline_at(i).id == kept)
        screen.headlines.move_to(index)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(store), terminal_size=(160, 48), run_before=run_before)
