"""``python -m newsreader``: the same as the ``newsreader`` command."""

from newsreader.cli import main

raise SystemExit(main())
