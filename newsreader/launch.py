"""Starting the app: on the user's store, or on the demo library in a throwaway store."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.config import Config
from newsreader.paths import Paths, resolve_paths

if TYPE_CHECKING:
    from newsreader.library import Library

DEMO_FOLDER_TITLE = "Corvenia Wire (demo articles)"


def load_demo_library(store, config: Config) -> list:
    """Ingest the bundled demo articles and feed files; resolve their links."""
    from newsreader.library import Library

    return Library(store, config).load_demo(DEMO_FOLDER_TITLE)


def run_app(library: Library, config: Config, paths: Paths) -> int:
    """The app on ``library`` (its refresh steps import newsreader.refresh on their first call)."""
    # No garbage collection on the way to the first frame (a full collection there
    # took ~20 ms): the app turns the collector back on once the headlines are painted.
    gc.disable()
    try:
        from newsreader.ui.app import build_app

        app = build_app(
            library,
            config,
            paths=paths,
            load_demo=lambda: library.load_demo(DEMO_FOLDER_TITLE),
            on_first_paint=gc.enable,
        )
        app.run()
    finally:
        gc.enable()
    return app.return_code or 0


def run_demo(config: Config) -> int:
    """The app on the demo library, in a temporary home that is removed afterwards.

    The user's own store and history are never touched; their config (keys,
    theme) still applies.
    """
    from newsreader.library import Library
    from newsreader.store import Store

    with tempfile.TemporaryDirectory(prefix="newsreader-demo-") as home:
        remove_on_hangup(Path(home))
        paths = resolve_paths(Path(home))
        paths.ensure()
        store = Store(paths.store)
        try:
            library = Library(store, config)
            library.load_demo(DEMO_FOLDER_TITLE)
            return run_app(library, config, paths)
        finally:
            store.close()


def remove_on_hangup(folder: Path) -> None:
    """A closed terminal (SIGHUP) or a kill (SIGTERM) skips ``finally``: remove the demo folder then too."""

    def remove_and_die(signum: int, frame: object) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for signum in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(signum, remove_and_die)
