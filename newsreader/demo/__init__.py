"""The bundled demo library: invented articles and feeds shown to new users.

Everything here is fiction written by the newsreader developers (see README.md
in this directory). The files live inside the package so that they ship as
package data in the wheel and the sdist.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["DEMO_DIR", "ARTICLE_SUFFIXES", "FEED_SUFFIXES", "demo_files", "demo_sources"]

DEMO_DIR = Path(__file__).parent

ARTICLE_SUFFIXES = frozenset({".txt"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})

_SUBDIRS = {"articles": ARTICLE_SUFFIXES, "feeds": FEED_SUFFIXES}


def _root() -> Path:
    """The demo directory as a real filesystem path.

    ``importlib.resources.files`` returns a :class:`pathlib.Path` for packages
    installed normally (wheel, editable or source checkout). For exotic loaders
    (e.g. a zip import) it returns another Traversable; in that case fall back
    to the directory of this module, which is what ``__file__`` points to.
    """
    try:
        root = resources.files(__name__)
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - defensive
        return DEMO_DIR
    return root if isinstance(root, Path) else DEMO_DIR


def demo_files() -> list[Path]:
    """All demo article and feed files, sorted by their path.

    Articles (``articles/*.txt``) come before feeds (``feeds/*.rss``,
    ``feeds/*.atom``) because the paths are sorted.
    """
    root = _root()
    found: list[Path] = []
    for sub, suffixes in _SUBDIRS.items():
        folder = root / sub
        if not folder.is_dir():
            continue
        found.extend(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
    return sorted(found)


def demo_sources() -> list[Path]:
    """What ``--demo`` subscribes to: the articles folder as one source, then each feed file.

    A folder is one source, as it is for a user who adds ``~/Articles``.
    """
    root = _root()
    feeds = [p for p in demo_files() if p.parent.name == "feeds"]
    return [root / "articles", *feeds]
