"""Run ``resolve_all`` on one store in a child process: python -m newsreader.bench.resolve_child DB.

A child, so that a slow resolver can be stopped at the run's time limit and
its peak memory read. Prints {"seconds": …, "returned": …} as JSON.
"""

from __future__ import annotations

import json
import sys
import time


def main(path: str) -> int:
    from newsreader.related import resolve_all
    from newsreader.store import Store

    store = Store(path)
    try:
        began = time.perf_counter()
        returned = resolve_all(store)
        seconds = time.perf_counter() - began
    finally:
        store.close()
    if not isinstance(returned, (int, float, str, type(None))):
        returned = repr(returned)[:200]
    print(json.dumps({"seconds": seconds, "returned": returned}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
