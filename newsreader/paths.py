"""Where things live: platformdirs' user folders, or everything under one home folder.

``--home DIR`` or ``NEWSREADER_HOME`` moves data, config and cache under DIR,
which is how tests, the demo and a second profile stay apart from the user's store.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "newsreader"
HOME_ENV = "NEWSREADER_HOME"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path
    cache_dir: Path

    @property
    def store(self) -> Path:
        return self.data_dir / "newsreader.db"

    @property
    def config(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def state(self) -> Path:
        """Small UI state kept across runs (the reading history)."""
        return self.data_dir / "state.json"

    def ensure(self) -> None:
        for folder in (self.data_dir, self.config_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)


def resolve_paths(home: str | os.PathLike[str] | None = None) -> Paths:
    """The folders to use: ``home`` if given, else ``$NEWSREADER_HOME``, else platformdirs."""
    chosen = home if home is not None else os.environ.get(HOME_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return Paths(root / "data", root / "config", root / "cache")
    return Paths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )
