"""``python -m newsreader``: the same as the ``newsreader`` command."""

from newsreader.cli import main

if __name__ == "__main__":  # the parse pool's workers import this module again: they must not run the app
    raise SystemExit(main())
