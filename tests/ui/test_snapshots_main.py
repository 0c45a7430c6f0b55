"""What the main screens look like, at 80x24 and 160x48, with a fixed clock and a fixed library:
the headlines, the help, the welcome of an empty library.

Update the baselines with ``pytest tests/ui/test_snapshots_main.py --snapshot-update``
and look at the SVGs in tests/ui/__snapshots__/ before keeping them.
"""

from __future__ import annotations

import pytest
from support.snapshots import SIZES, pressing, settle
from support.ui_fixtures import make_app, make_store


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, library, size):
    store, info = library
    app = make_app(store)
    assert snap_compare(app, terminal_size=size, run_before=pressing("j"))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, library, size):
    store, info = library
    app = make_app(store)
    assert snap_compare(app, terminal_size=size, run_before=pressing("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare, tmp_path, size):
    store, _ = make_store(tmp_path, empty=True)
    app = make_app(store, load_demo=lambda: None)
    try:
        assert snap_compare(app, terminal_size=size, run_before=settle)
    finally:
        store.close()
