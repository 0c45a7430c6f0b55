"""Imports and threads: the code that worker threads run imports nothing inside a function
except through ``newsreader.lazy_import.load`` (see that module for the race it prevents)."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import newsreader

PACKAGE = Path(newsreader.__file__).parent

# Run only in the main thread before any worker starts: the entry points, the app
# (newsreader/ui: its worker functions use ``load`` too).
MAIN_THREAD_ONLY = ("cli/", "launch.py", "__main__.py", "ui/")
# Imports that may stay inside a function, and why.
ALLOWED = {
    ("config.py", "tomllib"): "the config file is read in the main thread, before any worker starts; stdlib, no cycle",
}


def function_imports() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name.startswith(MAIN_THREAD_ONLY):
            continue
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    modules = ["." * node.level + (node.module or "")]
                else:
                    continue
                found += [(name, node.lineno, module) for module in modules if (name, module) not in ALLOWED]
    return found


def test_code_that_threads_run_imports_at_the_top_or_through_load() -> None:
    assert function_imports() == []


def test_the_check_finds_an_import_inside_a_function(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "worker.py").write_text("def parse():\n    import feedparser\n    from x import y\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    assert function_imports() == [("worker.py", 2, "feedparser"), ("worker.py", 3, "x")]


# A package shaped like feedparser: its __init__ imports a module that imports back into the
# package, and each module takes a while to run, so threads meet inside the circle.
CIRCLE = {
    "__init__.py": "from .api import parse\n",
    "api.py": "import time\ntime.sleep(0.02)  # a slow module body: the window the threads race in\nfrom .mixin import Mixin\ndef parse():\n    return Mixin.name\n",
    "mixin.py": "import time\nfrom . import dates\ntime.sleep(0.02)  # a slow module body: the window the threads race in\nclass Mixin:\n    name = 'mixin'\n",
    "dates.py": "import circle\ndef parse_date():\n    return 'date'\n",
}
RACE = """
import sys, threading
from newsreader.lazy_import import load
sys.path.insert(0, {folder!r})
names = ["circle", "circle.mixin", "circle.dates", "circle.api"] * 4
barrier = threading.Barrier(len(names))
errors = []
def work(name):
    barrier.wait()
    try:
        module = load(name)
        assert module.__name__ == name
        assert load("circle.mixin").Mixin.name == "mixin"
    except BaseException as error:
        errors.append(repr(error))
threads = [threading.Thread(target=work, args=(n,)) for n in names]
for t in threads: t.start()
for t in threads: t.join()
print(errors)
"""


def test_load_from_many_threads_at_once_gives_every_thread_the_finished_module(tmp_path: Path) -> None:
    folder = tmp_path / "circle"
    folder.mkdir()
    for name, text in CIRCLE.items():
        (folder / name).write_text(text)
    for _ in range(5):  # each round a fresh process: the first import is the one that races
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(RACE.format(folder=str(tmp_path)))],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "[]"
