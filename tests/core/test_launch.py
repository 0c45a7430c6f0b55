"""Starting the app: the demo's temporary home is removed however the app ends."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = """
import sys, tempfile, time, pathlib
from newsreader.launch import remove_on_hangup
folder = tempfile.mkdtemp(prefix="newsreader-demo-test-")
(pathlib.Path(folder) / "newsreader.db").write_bytes(b"x")
remove_on_hangup(pathlib.Path(folder))
print(folder, flush=True)
time.sleep(60)  # stays up until the test's signal ends it
"""


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_a_hangup_or_kill_still_removes_the_demo_folder(signum: int) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True)
    try:
        folder = Path(child.stdout.readline().strip())
        assert folder.is_dir()
        child.send_signal(signum)
        assert child.wait(timeout=20) == -signum
        assert not folder.exists()
    finally:
        child.kill()
        child.wait()


def test_the_demo_library_loads_into_a_store(tmp_path: Path) -> None:
    from newsreader.config import Config
    from newsreader.launch import DEMO_FOLDER_TITLE, load_demo_library
    from newsreader.store import Store, View

    store = Store(tmp_path / "demo.db")
    try:
        results = load_demo_library(store, Config())
        assert all(r.status == "ok" for r in results)
        assert DEMO_FOLDER_TITLE in [s.title for s in store.sources()]
        assert store.count(View()) == 25
    finally:
        store.close()


def test_the_launch_path_imports_only_what_the_first_screen_needs() -> None:
    """Feeds, HTTP, HTML, the related package and the dialogs load when first used, not to paint."""
    code = (
        "import sys, newsreader.cli, newsreader.launch, newsreader.store, newsreader.ui.app; "
        "print(' '.join(sorted(sys.modules)))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(run.stdout.split())
    deferred = {
        "newsreader.refresh",
        "newsreader.related",
        "newsreader.keep",
        "newsreader.render",
        "newsreader.sources",
        "newsreader.ui.search",
        "newsreader.ui.dialogs",
        "newsreader.ui.welcome",
        "newsreader.ui.commands",
        "newsreader.ui.block_widgets",
        "feedparser",
        "markdown_it",
        "html.parser",
        "http.client",
        "tomllib",
    }
    assert not deferred & loaded


def test_the_app_can_still_reach_refresh_and_the_demo(tmp_path: Path) -> None:
    """build_app's refresh_all and add_sources import newsreader.refresh on their first call."""
    from newsreader.config import Config
    from newsreader.store import Store
    from newsreader.ui.app import build_app

    store = Store(tmp_path / "s.db")
    try:
        app = build_app(store, Config())
        assert app.refresh_all is not None and app.add_sources is not None
        assert not list(app.refresh_all(store, Config()) or [])  # no sources: nothing to fetch
    finally:
        store.close()
