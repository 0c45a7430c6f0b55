"""The sync accounts' part of a refresh in the app: after the sources, each account is synced
(``R``: every account; ``r`` on an account's source or folder: that account), with progress
and per-account errors reported as the sources' are."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from newsreader.document.clean import clean_inline


def has_accounts(store: Any) -> bool:
    """Whether a sync account is set up (an empty library with one is not new: R fills it)."""
    from newsreader.sync import all_accounts

    return bool(all_accounts(store))


def accounts_to_sync(store: Any, source_ids: list[int] | None) -> list[str]:
    """The accounts a refresh of ``source_ids`` (None: everything) syncs."""
    from newsreader.sync import account_of_sources, all_accounts

    if source_ids is None:
        return [account.name for account in all_accounts(store)]
    owners = account_of_sources(store)
    return sorted({owners[i] for i in source_ids if i in owners})


def sync_accounts(store: Any, config: Any, names: list[str], progress: Callable[[str, str | None], None],
                  cancel: threading.Event | None) -> tuple[list[Any], list[tuple[str, str]]]:  # fmt: skip
    """Sync the accounts ``names``; ``progress(label, error)`` after each one. Returns the
    results and the (account, error) pairs of those that failed."""
    from newsreader.sync import sync_all

    results = []
    errors: list[tuple[str, str]] = []
    for name in names:
        (result,) = sync_all(store, config, names=[name], cancel=cancel) or [None]
        if result is None:
            continue
        results.append(result)
        error = clean_inline(result.error or "") if not result.ok else None
        if error:
            errors.append((f"account {clean_inline(name)}", error))
        progress(f"account {clean_inline(name)}", error)
    return results, errors
