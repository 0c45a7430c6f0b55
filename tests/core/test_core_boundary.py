"""The core never imports Textual: each core module is imported in a fresh interpreter."""

import pkgutil
import subprocess
import sys

import pytest

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
