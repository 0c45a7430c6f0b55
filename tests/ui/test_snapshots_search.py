"""What the search screen looks like, at 80x24 and 160x48, with a fixed clock and a fixed library.

Update the baselines with ``pytest tests/ui/test_snapshots_search.py --snapshot-update``
and look at the SVGs in tests/ui/__snapshots__/ before keeping them.
"""

from __future__ import annotations

import pytest
from support.snapshots import SIZES, settle
from support.ui_fixtures import make_app
from textual.widgets import Input


@pytest.mark.parametrize("size", SIZES)
def test_search(snap_compare, library, size):
    store, info = library
    app = make_app(store)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash")
        pilot.app.screen.query_one(Input).cursor_blink = False  # the same frame every run
        await pilot.press(*"bridge")
        await pilot.pause(0.3)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
