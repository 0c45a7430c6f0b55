"""The command line (see CLI.md). Placeholder while the foundation is built."""

from __future__ import annotations

import argparse

from newsreader import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsreader")
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    parser.parse_args(argv)
    return 0
