"""Where the tests' files are: the repository, the fixtures, the shared samples and corpus."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
FIXTURE_ROOT = TESTS / "fixtures"  # small files, one per behaviour, kept with the tests
SHARED = REPO.parent / "shared"  # the corpus and samples beside the repository (../shared)
README = REPO / "README.md"
APP_CSS = REPO / "newsreader" / "ui" / "newsreader.tcss"  # the app's one stylesheet, for test apps that borrow it
