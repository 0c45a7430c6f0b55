"""The Textual user interface (the only part of newsreader that imports textual).

- ``app.py``: ``NewsReaderApp`` and ``build_app(library, config, clock)``; the app owns what
  outlives a screen (reading trail, theme, key map, the workers, the command palette).
- ``screens/``: ``main.py`` (layout, keys, ``check_action``) over ``main_panes.py`` (the three
  panes; routes messages to the parts: ``views``, ``reading``, ``keeping``,
  ``source_actions``, ``addresses``, ``store_watch``, which share ``panes.Panes``); the
  search, story, tags, welcome and dialog screens.
- ``widgets/``: the headline list (and its pages), the article pane (its body, link stops,
  meta lines, breadcrumb), the block widgets, the sources pane.
- ``workers.py``: every background job, each answering with a typed message (``messages.py``).
- ``view.py``: ``View``, which entry of the sources pane is shown.
- ``keys.py``: every key, for the help screen and ``[keys]``; ``trail.py``: the reading history.

The core is reached through ``newsreader.library.Library`` and nothing below it: its jobs
(refresh, add, open, marks) and its collaborators: ``articles`` for paging, counts and
single-row marks, ``views``, ``tags``, ``sources``, ``accounts``.
"""
