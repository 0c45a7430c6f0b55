"""Imports put off until first use, made safe for threads: the one way to import inside a function.

Why a lock of our own. Python locks each module while it is imported, so two
threads importing a plain module are safe. A package whose modules import each
other in a circle is not: feedparser's ``__init__`` imports ``api``, which
imports ``mixin``, which imports back into the package. When a second thread
imports one of those modules while the first is inside the circle, Python's
deadlock detection hands it the half-made module, and it fails with
``cannot import name '_FeedParserMixin' from partially initialized module
'feedparser.mixin'`` or an AttributeError later. That happened for real: an
``add`` of eight feeds parsed in eight threads lost most of them, at random.

So code that threads can run never imports inside a function with ``import``:
it imports at the top of its module (done once, before any thread starts), or,
where the import costs start-up time that a run may never need, through
``load`` here, which imports under one process-wide lock. The second thread
waits for the whole import and gets the finished module.

What is put off, and why (import times measured with ``python -X importtime``):
``newsreader.sources.feeds`` with feedparser, fastfeed and the JSON reader
(~8.5 ms: a refresh where every feed answers 304 parses nothing), the HTML
article parser (~20 ms) and the Markdown parser (~45 ms), needed only when an
item or file holds them. tests/core/test_lazy_import.py holds the code to this: no
import inside a function of the modules threads run.
"""

from __future__ import annotations

import importlib
import threading
from types import ModuleType

_LOCK = threading.RLock()  # re-entrant: a module being loaded may load another through here
_LOADED: dict[str, ModuleType] = {}


def load(name: str) -> ModuleType:
    """The module ``name`` (absolute, e.g. ``"newsreader.sources.feeds"``), imported the first
    time under the process-wide lock; afterwards the finished module, without the lock."""
    module = _LOADED.get(name)  # set only once the import has finished
    if module is not None:
        return module
    with _LOCK:
        module = _LOADED.get(name)
        if module is None:
            module = importlib.import_module(name)
            _LOADED[name] = module
        return module


__all__ = ["load"]
