"""No import circles in newsreader/: the import graph, read from the source, has no cycle.

The graph is built from each module's syntax tree, without importing anything. An edge is
any import a module runs: at the top of the module, inside a function, or through
``newsreader.lazy_import.load("newsreader....")`` (an import put off is still an import).
Imports under ``if TYPE_CHECKING:`` are left out: they never run.

Two graphs are checked: the modules, and the top-level parts of the package (``store``,
``related``, ``document``, ``refresh``, ...), where a module of ``store`` importing one of
``related`` while another of ``related`` imports ``store`` is a circle between floors even
when no single module closes it.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import newsreader
from newsreader.sources.parse_pool import PRELOAD

PACKAGE = Path(newsreader.__file__).parent

# Circles known and being taken apart elsewhere; each is reported, none may grow. None is
# known today: the set stays for a circle that must be allowed while it is taken apart.
KNOWN: set[frozenset[str]] = set()


def module_names(package: Path) -> dict[str, Path]:
    names = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _nodes_that_run(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under ``if TYPE_CHECKING:`` (its ``else:`` runs)."""
    found: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, ast.If) and _type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of ``modules`` that module ``name`` imports."""
    is_package = path.name == "__init__.py"
    wanted: list[str] = []
    for node in _nodes_that_run(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            wanted += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # ``from package import module`` imports the module; ``from module import name`` the module
            wanted += [
                f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module for alias in node.names
            ]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr) == "load"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            wanted.append(node.args[0].value)
    found = set()
    for module in wanted:
        while module not in modules and "." in module:  # a name inside a module: the module
            module = module.rsplit(".", 1)[0]
        if module in modules and module != name:
            found.add(module)
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    modules = module_names(package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def part_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph between the top-level parts of the package (``newsreader.store``, ...)."""

    def part(name: str) -> str:
        return ".".join(name.split(".")[:2])

    parts: dict[str, set[str]] = {part(name): set() for name in graph}
    for name, imported in graph.items():
        parts[part(name)].update(part(other) for other in imported if part(other) != part(name))
    return parts


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                part = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    part.append(member)
                    if member == node:
                        break
                if len(part) > 1:
                    found.append(sorted(part))
    return sorted(found)


def _unknown(found: list[list[str]]) -> list[list[str]]:
    return [circle for circle in found if frozenset(circle) not in KNOWN]


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "newsreader.store.store" in graph["newsreader.store"]
    assert "newsreader.store" in graph["newsreader.related.passes"]  # through load("newsreader.store")


def test_no_module_import_circle() -> None:
    found = circles(import_graph())
    assert _unknown(found) == [], "import circles:\n" + "\n".join(" <-> ".join(circle) for circle in _unknown(found))


def test_no_import_circle_between_the_parts_of_the_package() -> None:
    found = circles(part_graph(import_graph()))
    assert _unknown(found) == [], "import circles between parts:\n" + "\n".join(
        " <-> ".join(c) for c in _unknown(found)
    )


def test_known_circles_are_reported(capsys) -> None:
    known = [circle for circle in circles(import_graph()) if frozenset(circle) in KNOWN]
    with capsys.disabled():
        for circle in known:
            print(f"\nknown import circle, being taken apart: {' <-> '.join(circle)}")


def test_the_parse_pool_preloads_modules_that_exist() -> None:
    """``PRELOAD`` names modules as strings (the fork server takes names); naming
    ``newsreader.refresh`` by reference would close a circle, since refresh imports the pool."""
    assert [name for name in PRELOAD if importlib.util.find_spec(name) is None] == []


def test_the_check_finds_a_circle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "b.py").write_text(
        "from newsreader.lazy_import import load\ndef f():\n    return load('pkg.c')\n"
    )
    (package / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.d\nelse:\n    from . import a\n"
    )
    (package / "d.py").write_text("def f():\n    from .c import x\n")
    graph = import_graph(package)
    assert graph["pkg.a"] == {"pkg.sub.b"} and graph["pkg.c"] == {"pkg.a"} and graph["pkg.d"] == {"pkg.c"}
    assert circles(graph) == [["pkg.a", "pkg.c", "pkg.sub.b"]]
    assert circles(part_graph(graph)) == [["pkg.a", "pkg.c", "pkg.sub"]]
