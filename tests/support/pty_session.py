"""The real program on a pseudo-terminal, as a user starts it: ``python -m newsreader ...``
with a terminal for stdin, stdout and stderr (so it sees ``isatty()``), a size, and the
terminal's own Ctrl+C (the line discipline sends SIGINT to the program).

    with PtySession(["--home", home, "refresh"]) as session:
        session.expect("refreshing")
        session.send(CTRL_C)
        assert session.wait() == 130
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time

CTRL_C = b"\x03"
# CSI and OSC sequences, and the lone escapes that select character sets and modes.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78DEHMc]")


def screen_text(raw: bytes) -> str:
    """What was written, decoded, with the terminal's escape sequences taken out."""
    return _ESCAPES.sub("", raw.decode("utf-8", "replace"))


class PtySession:
    def __init__(self, args: list[str], env: dict[str, str] | None = None, size: tuple[int, int] = (120, 36)) -> None:
        self.args = [sys.executable, "-m", "newsreader", *args]
        self.env = {**os.environ, "TERM": "xterm-256color", **(env or {})}
        self.env.pop("NO_COLOR", None)
        self.size = size
        self.output = b""
        self.pid = -1
        self.fd = -1
        self.status: int | None = None

    def __enter__(self) -> PtySession:
        pid, fd = pty.fork()
        if pid == 0:  # the child: the pty is its controlling terminal
            try:
                os.execve(sys.executable, self.args, self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        columns, rows = self.size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            self.wait(timeout=30)
        os.close(self.fd)

    def _read(self, timeout: float) -> int:
        """Read what is there within ``timeout``: the count of bytes, -1 once the program closed
        the terminal."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return 0
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: every holder of the terminal's other side has closed it
            return -1
        self.output += chunk
        return len(chunk) if chunk else -1

    @property
    def text(self) -> str:
        return screen_text(self.output)

    def expect(self, pattern: str, timeout: float = 60.0) -> re.Match:
        """Read until ``pattern`` (a regular expression) appears in the text. The bound only
        turns a hang into a failure: it is far above what any step here takes."""
        compiled = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            found = compiled.search(self.text)
            if found:
                return found
            if time.monotonic() > deadline or self._read(0.1) < 0:
                found = compiled.search(self.text)
                if found:
                    return found
                raise AssertionError(f"{pattern!r} did not appear; the terminal shows:\n{self.text[-3000:]}")

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def wait(self, timeout: float = 60.0) -> int:
        """The exit status (128 + N for a signal N, as a shell says), reading the output meanwhile."""
        deadline = time.monotonic() + timeout
        while self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                if self.status < 0:
                    self.status = 128 - self.status
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"still running after {timeout} s; the terminal shows:\n{self.text[-3000:]}")
            self._read(0.05)
        while self._read(0.05) > 0:  # what it wrote last
            pass
        return self.status
