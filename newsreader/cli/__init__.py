"""The command line: the contract of docs/cli.md (its JSON shapes are the models' ``to_json``).

Every subcommand works on the store under the home folder. ``--json`` prints one JSON
document on stdout and nothing else there; messages go to stderr. Exit status: 0 success,
1 failure, 2 usage error.

The modules, one per group of commands:

- ``main``          the parser, ``main``, and ``GROUPS``: where a group of commands is registered
- ``context``       ``Context`` (folders, config, store, the ``Library`` service), errors, finding a source
- ``output``        JSON on stdout, messages on stderr, headline lines, the progress bar
- ``subscriptions`` add, remove, rename, import-opml, export-opml
- ``refreshing``    refresh, and the per-source summary add and refresh print
- ``sources``       sources
- ``reading``       list, search, unread-count, story
- ``showing``       show
- ``keeping``       bookmark, unbookmark, fulltext, bookmarks, export-bookmarks, tag, untag
- ``views``         view, rules
- ``syncing``       account, sync, read, unread (and add --account)
- ``newsboat``      import-newsboat

The jobs of the core (refresh, add, sync, reading a file, OPML in and out) go through
``newsreader.library.Library``. Imports inside functions are kept for what costs start-up
time that ``newsreader --version`` and ``--help`` never need, each measured with
``python -X importtime`` after ``import newsreader.cli`` (about 55 ms on its own): the store
(sqlite3 and its schema, ~45 ms), the sync package (~80 ms), Rich (~15 ms), the renderer
(~30 ms), ``keep`` with the page fetcher (~70 ms), the bookmarks' export (~8 ms), the
newsboat importer (~145 ms), the ``Library`` module (~4 ms) and the app's launcher (~2 ms).
"""

from newsreader.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
