"""Time from launch to a known text on a real terminal: a pty of a fixed size, read as it is written.

The child gets the pty as its controlling terminal (stdin, stdout, stderr).
Its output is read continuously (so it never blocks on a full pty), escape
sequences are stripped, whitespace is dropped (curses may move the cursor over
blanks instead of writing them), and the result is searched for any of the
expected texts. The time is from just before spawning to the read that
completed the text; the child's RSS is sampled from /proc at that moment.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from dataclasses import dataclass

from benchmarks.measure import Skip, rss_mb

ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1b[P_^][^\x1b]*\x1b\\"  # DCS, APC, PM
    rb"|\x1b[()*+][0-9A-Za-z]"  # charset designation
    rb"|\x1b[@-Z\\-_=>78]"  # other two-byte escapes
    rb"|[\x00-\x1f\x7f]"  # control characters
)
SPACE = re.compile(r"\s+")


def screen_key(text: str, length: int = 16) -> str:
    """What to look for: the first ``length`` non-blank characters of ``text``."""
    return SPACE.sub("", text)[:length]


@dataclass
class Sighting:
    seconds: float  # launch → the expected text was on the screen
    rss_mb: float | None  # the child's RSS then
    hwm_mb: float | None  # its RSS high-water mark then
    then_seconds: float | None = None  # launch → the follow-up text (after sending the keys)
    first_output: float | None = None  # launch → the first byte the program wrote


class Terminal:
    """A child process on a ``columns`` × ``rows`` pty."""

    def __init__(
        self,
        argv: list[str],
        env: dict[str, str],
        columns: int = 160,
        rows: int = 48,
        cwd: str | None = None,
        quit_keys: bytes = b"",
    ) -> None:
        self.quit_keys = quit_keys
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
        env.setdefault("LANG", "C.UTF-8")
        self.started = time.perf_counter()
        self.child = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=_take_terminal,
            close_fds=True,
        )
        os.close(slave)
        self.raw = bytearray()
        self.first_output: float | None = None
        self.text = ""  # escapes stripped, blanks removed, of everything read so far

    def read_until(self, keys: list[str], timeout: float, since: int = 0) -> float:
        """Seconds since launch when any of ``keys`` appeared in output from offset ``since`` on."""
        deadline = time.perf_counter() + timeout
        while True:
            found = self._search(keys, since)
            if found:
                return time.perf_counter() - self.started
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise Skip(f"{' / '.join(keys)[:60]!r} not on screen after {timeout:.0f} s")
            if not self._read(remaining):
                raise Skip(f"the program exited before painting (exit {self.child.poll()}): {self._tail()!r}")

    def send(self, keys: bytes) -> int:
        """Type ``keys``; returns the offset of the screen text from which to look for the answer."""
        mark = len(self.text)
        os.write(self.master, keys)
        return mark

    def close(self) -> None:
        """Quit the child with its own keys (so it closes its files cleanly), else stop its
        process group (by id); release the pty."""
        if self.quit_keys and self.child.poll() is None:
            try:
                os.write(self.master, self.quit_keys)
            except OSError:
                pass
            end = time.perf_counter() + 10
            while self.child.poll() is None and time.perf_counter() < end:
                self._read(0.05)
        if self.child.poll() is None:
            try:
                os.killpg(self.child.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            end = time.perf_counter() + 3
            while self.child.poll() is None and time.perf_counter() < end:
                self._read(0.05)
            if self.child.poll() is None:
                try:
                    os.killpg(self.child.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.child.wait()
        os.close(self.master)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------------------
    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], min(timeout, 0.5))
        if not ready:
            return self.child.poll() is None
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            return False
        if not chunk:
            return False
        if self.first_output is None:
            self.first_output = time.perf_counter() - self.started
        self.raw += chunk
        # Flatten everything again: an escape sequence may be split across two reads.
        self.text = _flatten(bytes(self.raw))
        return True

    def _search(self, keys: list[str], since: int) -> bool:
        window = self.text[since:]
        return any(key and key in window for key in keys)

    def _tail(self) -> str:
        return _flatten(bytes(self.raw[-600:]))[-200:]


def _flatten(raw: bytes) -> str:
    return SPACE.sub("", ESCAPES.sub(b"", raw).decode("utf-8", "replace"))


def _take_terminal() -> None:
    """In the child: make the pty on stdin the controlling terminal."""
    try:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    except OSError:
        pass


def first_sighting(
    argv: list[str],
    env: dict[str, str],
    keys: list[str],
    *,
    timeout: float = 120.0,
    then_keys: bytes | None = None,
    then_expect: list[str] | None = None,
    quit_keys: bytes = b"",
    columns: int = 160,
    rows: int = 48,
) -> Sighting:
    """Launch ``argv`` on a pty; time until one of ``keys`` shows; optionally type and time again.

    ``quit_keys`` are typed at the end, so the program exits as a user would leave it.
    """
    with Terminal(argv, env, columns, rows, quit_keys=quit_keys) as term:
        seconds = term.read_until(keys, timeout)
        current, peak = rss_mb(term.child.pid)
        sighting = Sighting(seconds, current, peak, first_output=term.first_output)
        if then_keys and then_expect:
            mark = term.send(then_keys)
            sighting.then_seconds = term.read_until(then_expect, timeout, since=mark)
        return sighting
