"""A module says one thing: none in the package over 400 lines, none of the UI over 300
(issue 17's measure of a house a newcomer can change in an hour)."""

from __future__ import annotations

from support.paths import REPO

PACKAGE = REPO / "newsreader"
MOST = 400
MOST_IN_UI = 300


def test_no_module_is_over_its_size() -> None:
    over = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        most = MOST_IN_UI if "ui" in path.relative_to(PACKAGE).parts[:1] else MOST
        if lines > most:
            over.append(f"{path.relative_to(REPO)}: {lines} lines (at most {most})")
    assert over == []
