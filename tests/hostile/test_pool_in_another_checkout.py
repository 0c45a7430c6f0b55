"""Started in a folder that holds another ``newsreader`` (a checkout of another version), the
parse workers still run this process's code: Python 3.11's fork server puts the working
directory first on its path, and its preload would import the other copy for every worker
(``sources.parse_pool.preload``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import newsreader

SCRIPT = """
import os
from newsreader.sources.parse_pool import POOL
import newsreader

def where():
    import newsreader
    return newsreader.__file__, os.getpid()

if __name__ == "__main__":
    print(newsreader.__file__, os.getpid())
    print(*POOL.run(where))
    POOL.shutdown()
"""


def test_the_workers_import_this_process_s_newsreader_not_the_working_directory_s(tmp_path: Path) -> None:
    other = tmp_path / "checkout"
    shutil.copytree(
        Path(newsreader.__file__).parent, other / "newsreader", ignore=shutil.ignore_patterns("__pycache__")
    )
    script = tmp_path / "run_in_pool.py"  # a script: its own folder, not the working one, leads its path
    script.write_text(SCRIPT)
    done = subprocess.run(
        [sys.executable, str(script)], cwd=other, capture_output=True, text=True, timeout=60, check=True
    )
    (here, parent), (worker, child) = (line.split() for line in done.stdout.splitlines())
    assert child != parent  # run in a worker, not in the calling thread
    assert Path(here) == Path(worker) == Path(newsreader.__file__)


def test_in_a_folder_without_another_copy_the_workers_start_with_the_parsers_loaded(tmp_path: Path) -> None:
    from newsreader.sources import parse_pool

    done = subprocess.run(
        [sys.executable, "-c", "from newsreader.sources.parse_pool import preload; print(preload())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == repr(parse_pool.PRELOAD)
