"""The loopback floor: fetch every feed with 16 plain urllib threads, in a child process.

python -m benchmarks.fetch_floor URLS.json -> {"seconds": …, "statuses": {…}}

URLS.json is [[url, etag or null], …]. With ETags every answer is a 304. This
is what the server and the loopback allow before any reader does any work (the
issue's floor: 1,000 feeds with 16 urllib threads in 0.45 s).
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

THREADS = 16


def fetch(opener: urllib.request.OpenerDirector, url: str, etag: str | None) -> int:
    request = urllib.request.Request(url, headers={"If-None-Match": etag} if etag else {})
    try:
        with opener.open(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main(path: str) -> int:
    targets = json.loads(open(path, encoding="utf-8").read())
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    began = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        statuses = Counter(pool.map(lambda target: fetch(opener, *target), targets))
    seconds = time.perf_counter() - began
    print(json.dumps({"seconds": seconds, "statuses": {str(k): v for k, v in statuses.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
