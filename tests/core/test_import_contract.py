"""The floors of the package, read from its source (as ``test_import_graph`` reads it):

- the core never imports the UI: only ``newsreader.ui`` itself and the launcher do;
- ``newsreader.document`` (text in, blocks out) does no I/O: it imports no other part of the
  package (but ``lazy_import``, which puts an import off), no standard module that reaches a file, a socket, a database, a thread or a process,
  and calls no ``open``.
"""

from __future__ import annotations

import ast

import pytest
from test_import_graph import PACKAGE, _nodes_that_run, import_graph, module_names

GRAPH = import_graph()
UI_IMPORTERS = ("newsreader.ui", "newsreader.launch")  # the app, and what starts it
# Standard modules that reach outside the process or the disk.
IO_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib.request",
    "sqlite3",
    "subprocess",
    "shutil",
    "os",
    "pathlib",
    "tempfile",
    "io",
    "select",
    "multiprocessing",
    "threading",
}


def _in(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _stdlib_imports(path) -> set[str]:
    found = set()
    for node in _nodes_that_run(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module)
    return found


def test_the_core_never_imports_the_ui() -> None:
    crossing = sorted(
        f"{name} -> {other}"
        for name, imported in GRAPH.items()
        if not _in(name, UI_IMPORTERS)
        for other in imported
        if _in(other, ("newsreader.ui",))
    )
    assert crossing == []


DOCUMENT = sorted(name for name in module_names(PACKAGE) if _in(name, ("newsreader.document",)))


def test_there_are_document_modules() -> None:
    assert "newsreader.document.plaintext" in DOCUMENT and "newsreader.document.html" in DOCUMENT


@pytest.mark.parametrize("name", DOCUMENT)
def test_document_does_no_io(name: str) -> None:
    path = module_names(PACKAGE)[name]
    outside = sorted(
        other for other in GRAPH[name] if not _in(other, ("newsreader.document", "newsreader.lazy_import"))
    )
    assert outside == [], f"{name} imports other parts of the package: {outside}"
    io = sorted(m for m in _stdlib_imports(path) if any(m == io or m.startswith(io + ".") for io in IO_MODULES))
    assert io == [], f"{name} imports modules that do I/O: {io}"
    calls = [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open"
    ]
    assert calls == [], f"{name} calls open() at lines {calls}"


def test_a_module_that_does_io_is_caught(tmp_path) -> None:
    """The check can fail: a document module that opened a file or imported sqlite3 is found."""
    (tmp_path / "bad.py").write_text("import sqlite3\n\ndef f():\n    return open('x')\n", encoding="utf-8")
    assert _stdlib_imports(tmp_path / "bad.py") == {"sqlite3"}
