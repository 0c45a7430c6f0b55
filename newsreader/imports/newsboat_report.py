"""Where newsboat's files are, and the report of an import: what it did, or in a dry run would do."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsreader.imports.newsboat_urls import Skipped


class ImportError_(Exception):
    """The import cannot start (a file missing, unreadable, locked or corrupt); nothing was changed."""


@dataclass
class NewsboatFiles:
    urls: Path
    cache: Path | None
    config: Path | None


def locate_files(
    urls: str | None = None,
    cache: str | None = None,
    config: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> NewsboatFiles:
    """The files named, else newsboat's own: ``~/.newsboat/`` when it exists, else the XDG folders.

    A file named on the command line must exist; a default one may be absent
    (no cache: feeds only; no config: nothing of it). The urls file is needed.
    """
    env = os.environ if environ is None else environ
    home = Path(env.get("HOME") or Path.home())
    dotdir = home / ".newsboat"
    if dotdir.is_dir():
        defaults = {"urls": dotdir / "urls", "cache": dotdir / "cache.db", "config": dotdir / "config"}
    else:
        config_home = Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "newsboat"
        data_home = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share") / "newsboat"
        defaults = {"urls": config_home / "urls", "cache": data_home / "cache.db", "config": config_home / "config"}

    def pick(given: str | None, name: str) -> Path | None:
        if given:
            path = Path(given).expanduser()
            if not path.is_file():
                raise ImportError_(f"{path}: no such file")
            return path
        return defaults[name] if defaults[name].is_file() else None

    urls_path = pick(urls, "urls")
    if urls_path is None:
        raise ImportError_(f"no newsboat urls file at {defaults['urls']} (name one with --urls FILE)")
    return NewsboatFiles(urls=urls_path, cache=pick(cache, "cache"), config=pick(config, "config"))


@dataclass
class NewsboatReport:
    """What the import did (or, in a dry run, would do)."""

    dry_run: bool
    files: NewsboatFiles
    feeds_added: list[str] = field(default_factory=list)
    feeds_existing: list[str] = field(default_factory=list)
    articles_added: int = 0
    articles_existing: int = 0
    marked_read: int = 0
    bookmarked: int = 0
    source_tags: int = 0
    views_added: list[str] = field(default_factory=list)
    views_existing: list[str] = field(default_factory=list)
    rules_added: int = 0
    config_keys_added: int = 0  # [keys] entries and settings written to config.toml
    skipped: list[tuple[str, Skipped]] = field(default_factory=list)  # (file, line)

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "files": {
                "urls": str(self.files.urls),
                "cache": str(self.files.cache) if self.files.cache else None,
                "config": str(self.files.config) if self.files.config else None,
            },
            "feeds": {"added": len(self.feeds_added), "existing": len(self.feeds_existing)},
            "articles": {
                "added": self.articles_added,
                "existing": self.articles_existing,
                "read": self.marked_read,
                "bookmarked": self.bookmarked,
            },
            "tags": self.source_tags,
            "views": {"added": self.views_added, "existing": self.views_existing},
            "config": {"keys": self.config_keys_added, "rules": self.rules_added},
            "skipped": [{"file": name, **line.to_json()} for name, line in self.skipped],
        }
