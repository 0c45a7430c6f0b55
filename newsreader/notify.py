"""``[refresh] notify_command``: a program told about the articles a refresh brought.

After a refresh that stored new articles the command is run as an argument list (never
through a shell) with one JSON document on its stdin::

    {"new": 3, "unread": 41,
     "by_source": [{"id": 2, "title": "Harbour News", "new": 2}, ...],
     "articles": [{"id": ..., "title": ..., "source": ..., "url": ..., ...}, ...],
     "more": 0}

``articles`` are the new headlines (the docs/cli.md shape of an article in a list), at most
``MAX_LISTED`` of them; ``more`` says how many were left out. Hidden articles (a rule's
``hide``) are not counted. The command's failure is reported, never fatal.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from typing import Any

from newsreader.document.clean import clean_inline, error_line
from newsreader.store.errors import StoreError

MAX_LISTED = 200  # headlines in one document: a first import can bring thousands
NOTIFY_SECONDS = 30.0  # a command still running after this is stopped and reported


def notify_document(store: Any, before: int) -> dict[str, Any] | None:
    """The document for the articles stored since ``before`` (``Store.last_seq``), or None
    when there are none (then nothing is run)."""
    headlines = store.headlines_after(before)
    if not headlines:
        return None
    by_source: dict[int | None, dict[str, Any]] = {}
    for headline in headlines:
        entry = by_source.setdefault(headline.source_id, {"id": headline.source_id, "title": headline.feed, "new": 0})
        entry["new"] += 1
    newest_first = headlines[::-1][:MAX_LISTED]
    return {
        "new": len(headlines),
        "unread": store.unread_total(),
        "by_source": list(by_source.values()),
        "articles": [headline.to_json() for headline in newest_first],
        "more": len(headlines) - len(newest_first),
    }


def run_notify_command(argv: Sequence[str], document: dict[str, Any], timeout: float = NOTIFY_SECONDS) -> str | None:
    """Run ``argv`` with ``document`` as JSON on stdin; None when it worked, else why not
    (one line, controls removed). Its output is not shown: it must not reach the terminal."""
    if not argv:
        return None
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    program = clean_inline(argv[0])
    try:
        completed = subprocess.run(
            list(argv),
            input=data,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            shell=False,
            check=False,
        )
    except FileNotFoundError:
        return f"notify_command: {program}: no such program"
    except subprocess.TimeoutExpired:
        return f"notify_command: {program} still ran after {timeout:g} s and was stopped"
    except OSError as error:
        return f"notify_command: {program}: {clean_inline(error.strerror or str(error))}"
    if completed.returncode != 0:
        said = clean_inline(
            completed.stderr.decode("utf-8", "replace").strip().splitlines()[-1] if completed.stderr.strip() else ""
        )
        how = f"exit status {completed.returncode}" if completed.returncode > 0 else f"signal {-completed.returncode}"
        return f"notify_command: {program} failed ({how})" + (f": {said[:200]}" if said else "")
    return None


def notify_new_articles(store: Any, argv: Sequence[str], before: int) -> str | None:
    """Run the notify command if the refresh since ``before`` brought new articles; why it
    failed, or None."""
    if not argv:
        return None
    try:
        document = notify_document(store, before)
    except StoreError as error:  # say so: the refresh itself went fine
        return f"notify_command: could not list the new articles: {error_line(error)}"
    return run_notify_command(argv, document) if document else None
