"""Starting the app: on the user's store, or on the demo library in a throwaway store."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import tempfile
from pathlib import Path

from newsreader.config import Config
from newsreader.paths import Paths, resolve_paths

DEMO_FOLDER_TITLE = "Corvenia Wire (demo articles)"


def load_demo_library(store, config: Config) -> list:
    """Ingest the bundled demo articles and feed files; resolve their links."""
    from newsreader.library import Library

    return Library(store, config).load_demo(DEMO_FOLDER_TITLE)


def run_app(store, config: Config, paths: Paths) -> int:
    # No garbage collection on the way to the first frame (a full collection there
    # took ~20 ms): the app turns the collector back on once the headlines are painted.
    gc.disable()
    try:
        from newsreader.library import Library
        from newsreader.ui.app import build_app

        # the library's refresh steps import newsreader.refresh on their first call
        app = build_app(
            Library(store, config),
            config,
            paths=paths,
            load_demo=lambda: load_demo_library(store, config),
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
    from newsreader.store import Store

    with tempfile.TemporaryDirectory(prefix="newsreader-demo-") as home:
        remove_on_hangup(Path(home))
        paths = resolve_paths(Path(home))
        paths.ensure()
        store = Store(paths.store)
        try:
            load_demo_library(store, config)
            return run_app(store, config, paths)
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
