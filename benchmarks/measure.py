"""Timing helpers: a child process's wall time and peak RSS, medians and percentiles."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


class Skip(Exception):
    """A piece is missing or failed: the section says ``skipped: <reason>`` and goes on."""


@dataclass
class ProcessRun:
    seconds: float
    # The child's RSS high-water mark (VmHWM from /proc, read every 10 ms until it exits). Not
    # ru_maxrss from wait4: on Linux that keeps the pre-exec peak, i.e. this big process's own RSS.
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    # The child and every process it started (a reader's worker processes), each at its own
    # peak, added up: an upper bound of what they held together.
    tree_rss_mb: float = 0.0


def run_timed(
    argv: list[str], *, env: dict[str, str] | None = None, cwd: str | None = None, timeout: float = 900.0
) -> ProcessRun:
    """Run ``argv`` to completion: wall time from spawn to exit, and the child's peak RSS.

    This thread waits for the exit blocked in ``wait4`` (the GIL free): the loopback
    feed server runs in threads of this process, and a timing loop that woke every
    2 ms took the GIL from it a few hundred times a second. A second thread reads
    the child's VmHWM every 10 ms.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
        peak = [0.0]
        peaks: dict[int, float] = {}  # every process of the child's tree, at its peak
        exited = threading.Event()
        timed_out = threading.Event()

        def watch() -> None:
            rounds = 0
            while not exited.wait(0.01):
                peak[0] = max(peak[0], rss_mb(child.pid)[1] or 0.0)
                if rounds % 5 == 0:  # the tree every 50 ms: finding it reads more of /proc
                    for pid in [child.pid, *descendants(child.pid)]:
                        peaks[pid] = max(peaks.get(pid, 0.0), rss_mb(pid)[1] or 0.0)
                rounds += 1

        def stop() -> None:
            timed_out.set()
            child.kill()

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        timer = threading.Timer(timeout, stop)
        timer.daemon = True
        timer.start()
        try:
            _, status, _ = os.wait4(child.pid, 0)
        except BaseException:  # Ctrl+C: leave no reader running behind us
            child.kill()
            os.wait4(child.pid, 0)
            raise
        finally:
            seconds = time.perf_counter() - started
            exited.set()
            timer.cancel()
            watcher.join()
        if timed_out.is_set():
            raise Skip(f"{Path(argv[0]).name} {' '.join(argv[-2:])} took over {timeout:.0f} s: stopped")
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ProcessRun(
            seconds=seconds,
            peak_rss_mb=peak[0],
            tree_rss_mb=sum(peaks.values()) - peaks.get(child.pid, 0.0) + peak[0],
            returncode=child.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs, from /proc (Linux); [] where that cannot be read."""
    found: list[int] = []
    waiting = [pid]
    while waiting:
        parent = waiting.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children") as children:
                    kids = [int(k) for k in children.read().split()]
            except (OSError, ValueError):
                continue
            found.extend(kids)
            waiting.extend(kids)
    return found


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 100 * len(ordered)) // 100))
    return ordered[min(rank, len(ordered)) - 1]


def rss_mb(pid: int) -> tuple[float | None, float | None]:
    """(VmRSS, VmHWM) of a running process, in MB, from /proc."""
    current = peak = None
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    current = int(line.split()[1]) / 1024.0
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return current, peak


# The folder that holds the benchmarks package: children started with ``-m benchmarks.…`` run there.
REPO = str(Path(__file__).resolve().parents[1])


def newsreader_command() -> list[str]:
    """How a user starts us: the console script beside this interpreter, else ``python -m newsreader``."""
    script = Path(sys.executable).with_name("newsreader")
    if script.exists():
        return [str(script)]
    found = shutil.which("newsreader")
    return [found] if found else [sys.executable, "-m", "newsreader"]


def quiet_env(home: str | None = None) -> dict[str, str]:
    """The environment for a child: no proxies (loopback only), a private HOME when given."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env.pop("NEWSREADER_HOME", None)
    # A user's installed package has its bytecode cached; without this, a shell that sets
    # PYTHONDONTWRITEBYTECODE would make every timed launch compile our modules again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if home is not None:
        env["HOME"] = home
        env["XDG_CONFIG_HOME"] = os.path.join(home, ".config")
        env["XDG_DATA_HOME"] = os.path.join(home, ".local", "share")
        env["XDG_CACHE_HOME"] = os.path.join(home, ".cache")
    return env


def reason(error: BaseException) -> str:
    """A one-line reason for a skipped piece."""
    if isinstance(error, Skip):
        return str(error)
    if isinstance(error, ImportError):
        return f"not available yet ({error})"
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:200] if text else ''}".rstrip(": ")
