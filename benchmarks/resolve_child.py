"""Run ``resolve_all`` on one store in a child process: python -m benchmarks.resolve_child DB.

A child, so that a slow resolver can be stopped at the run's time limit and
its peak memory read. Prints {"seconds": …, "cpu_seconds": …, "returned": …} as JSON: the wall
and the process CPU time of ``resolve_all`` alone (no workers: the pass runs in this process).
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
        began, cpu = time.perf_counter(), time.process_time()
        returned = resolve_all(store)
        seconds = time.perf_counter() - began
        cpu_seconds = time.process_time() - cpu
    finally:
        store.close()
    if not isinstance(returned, (int, float, str, type(None))):
        returned = repr(returned)[:200]
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "returned": returned}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
