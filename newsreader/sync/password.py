"""The account password, asked for when needed and never written anywhere.

It is the first line printed by the account's password command (run as an
argument list, split with ``shlex``, without a shell), else ``$NEWSREADER_PASSWORD``.
"""

from __future__ import annotations

import os
import shlex
import subprocess

from newsreader.sync.errors import SyncError

PASSWORD_ENV = "NEWSREADER_PASSWORD"
COMMAND_SECONDS = 60  # a password manager may ask for its own passphrase


def read_password(command: str | None) -> str | None:
    """The password, or None when neither a command nor the environment gives one."""
    if command:
        return _from_command(command)
    value = os.environ.get(PASSWORD_ENV)
    return value if value else None


def _from_command(command: str) -> str:
    try:
        argv = shlex.split(command)
    except ValueError as error:
        raise SyncError(f"the password command cannot be read ({error})") from None
    if not argv:
        raise SyncError("the password command is empty")
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=COMMAND_SECONDS, check=False)
    except FileNotFoundError:
        raise SyncError(f"the password command {argv[0]!r} was not found") from None
    except PermissionError:
        raise SyncError(f"the password command {argv[0]!r} cannot be run (permission denied)") from None
    except subprocess.TimeoutExpired:
        raise SyncError(f"the password command did not finish in {COMMAND_SECONDS} s") from None
    except OSError as error:
        raise SyncError(f"the password command failed: {error.strerror or error}") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()[0] if done.stderr.strip() else ""
        raise SyncError(f"the password command failed (exit {done.returncode})" + (f": {why}" if why else ""))
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if not lines or not lines[0]:
        raise SyncError("the password command printed no password (its first line is empty)")
    return lines[0]
