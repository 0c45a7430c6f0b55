"""The sync accounts in the app: whether one is set up. A refresh syncs them after the sources
through ``newsreader.library.Library`` (``R``: every account; ``r`` on an account's source or
folder: that account), with progress and per-account errors reported as the sources' are."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsreader.library import Library


def has_accounts(library: Library) -> bool:
    """Whether a sync account is set up (an empty library with one is not new: R fills it)."""
    return library.accounts.exist()
