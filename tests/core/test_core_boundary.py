"""The core's two edges.

- The core never imports Textual: each core module is imported in a fresh interpreter.
- The front ends (``cli/``, ``ui/``, ``launch.py``) reach the store only through ``Library``
  (issue 17): read from their source, none touches an attribute ``store`` (or ``_store``) of
  anything, and what they import from ``newsreader.store`` is its models and types only. A
  function of another package that takes the store (``sync``, ``rules``, ``related``,
  ``imports``) cannot be called without one, so this holds those too.
"""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_import_graph import PACKAGE, _nodes_that_run

import newsreader

CORE_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(newsreader.__path__, prefix="newsreader.")
    if not info.name.startswith(("newsreader.ui", "newsreader.launch")) and info.name != "newsreader.__main__"
)


def test_there_are_core_modules_to_check() -> None:
    assert "newsreader.store" in CORE_MODULES and "newsreader.document.blocks" in CORE_MODULES


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; sys.exit(1 if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 0)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} imports textual\n{result.stderr}"


# -- the front ends go through Library -------------------------------------------------------

FRONT_ENDS = sorted([*(PACKAGE / "cli").rglob("*.py"), *(PACKAGE / "ui").rglob("*.py"), PACKAGE / "launch.py"])
# What a front end may import from newsreader.store: the rows and filters Library's methods
# take and give, and the error a command reports.
STORE_MODELS = {
    "Article",
    "Headline",
    "RemovedSource",
    "SavedView",
    "SearchHit",
    "SortKey",
    "Source",
    "View",
    "StoreError",
}
# The places a front end may name the store, each with why: where it is opened and handed to
# Library. (Imports under ``if TYPE_CHECKING:`` are annotations and never run: not counted.)
ALLOWED = {
    ("cli/context.py", "Store"): "Context.library opens the store and hands it to Library",
    ("cli/context.py", "self.paths.store"): "the store's file, opened there",
    ("cli/context.py", "self._store"): "kept to close it when the command ends (Context.close)",
    ("launch.py", "Store"): "the demo's throwaway store, opened and handed to Library",
    ("launch.py", "paths.store"): "the demo store's file",
}


def _is_store_module(name: str) -> bool:
    return name == "newsreader.store" or name.startswith("newsreader.store.")


def store_accesses(source: str) -> list[str]:
    """What ``source`` reaches of the store: ``.store``/``._store`` attributes, names imported from
    ``newsreader.store`` that are not its models, the module itself imported or ``load``-ed."""
    found = []
    for node in _nodes_that_run(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ("store", "_store"):
            found.append(ast.unparse(node))
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if _is_store_module(node.module):
                found += [alias.name for alias in node.names if alias.name not in STORE_MODELS]
            elif node.module == "newsreader":
                found += [f"newsreader.{alias.name}" for alias in node.names if alias.name == "store"]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_store_module(alias.name)]
        elif isinstance(node, ast.Call):
            found += [
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and _is_store_module(arg.value)
            ]
    return found


def test_there_are_front_ends_to_check() -> None:
    names = {path.relative_to(PACKAGE).as_posix() for path in FRONT_ENDS}
    assert {"cli/context.py", "cli/keeping.py", "ui/app.py", "ui/workers.py", "launch.py"} <= names


@pytest.mark.parametrize("path", FRONT_ENDS, ids=lambda path: path.relative_to(PACKAGE).as_posix())
def test_front_end_reaches_the_store_only_through_library(path: Path) -> None:
    name = path.relative_to(PACKAGE).as_posix()
    reached = [found for found in store_accesses(path.read_text(encoding="utf-8")) if (name, found) not in ALLOWED]
    assert reached == [], f"{name} goes around Library (give Library the job): {reached}"


def test_every_allowed_access_is_still_there() -> None:
    """An exception no longer needed is taken off the list, so it cannot hide a new access."""
    found = {
        (path.relative_to(PACKAGE).as_posix(), access)
        for path in FRONT_ENDS
        for access in store_accesses(path.read_text(encoding="utf-8"))
    }
    assert set(ALLOWED) <= found, sorted(set(ALLOWED) - found)


def test_a_store_access_is_caught() -> None:
    """The check can fail: each way around Library is found."""
    source = """
from typing import TYPE_CHECKING
from newsreader.store import Headline, View, as_typed
from newsreader import store
import newsreader.store.fts
from newsreader.lazy_import import load

if TYPE_CHECKING:
    from newsreader.store import Store  # an annotation: never runs

def run(ctx, app):
    ctx.store.article("x")
    app.library.store.sources()
    app.library.articles._store.count()
    load("newsreader.store").Store(":memory:")
    return View(unread=True), Headline
"""
    assert sorted(store_accesses(source)) == sorted(
        [
            "as_typed",
            "newsreader.store",
            "newsreader.store.fts",
            "ctx.store",
            "app.library.store",
            "app.library.articles._store",
            "newsreader.store",
        ]
    )
