"""What the source settings dialog looks like, at 80x24 and 160x48, with a fixed library.

Update the baselines with ``pytest tests/ui/test_snapshots_settings.py --snapshot-update``
and look at the SVGs in tests/ui/__snapshots__/ before keeping them.
"""

from __future__ import annotations

import pytest
from support.snapshots import SIZES, settle
from support.ui_fixtures import main_screen, make_app
from textual.widgets import Input, TextArea

from newsreader.config import Config
from newsreader.library import Library
from newsreader.ui.widgets.sources import SourceList


@pytest.mark.parametrize("size", SIZES)
def test_source_settings_dialog(snap_compare, library, size):
    """`S` on a source with settings of its own, one field refused: the message under the fields."""
    store, info = library
    metro = info["sources"]["metro"]
    Library(store, Config()).change_source_settings(
        metro.id, [("interval", "2h"), ("header", "Accept-Language: fr"), ("full_text", "true")]
    )
    app = make_app(store)

    async def run_before(pilot) -> None:
        await settle(pilot)
        option_list = main_screen(pilot.app).sources_pane.query_one(SourceList)
        option_list.focus()
        option_list.highlighted = option_list.get_option_index(f"source:{metro.id}")
        await pilot.press("S")
        await settle(pilot)
        dialog = pilot.app.screen
        for field in dialog.query(Input):
            field.cursor_blink = False  # the same frame every run
        dialog.query_one(TextArea).cursor_blink = False
        dialog.query_one("#setting-max_articles", Input).value = "many"
        await pilot.click("#settings-ok")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
