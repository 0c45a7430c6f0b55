"""A refresh: every source (or those asked for) refreshed concurrently, then retention.

Each source is one task in a thread pool (``config.refresh.concurrency``
fetching at once, ``per_host`` per server). A task never raises: whatever
goes wrong becomes that source's error, stored on the source while its
articles stay.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from newsreader.config import Config
from newsreader.refresh.context import Cancelled, Fetch, OnProgress, Run, now, stopped_on_interrupt
from newsreader.refresh.feeds import asked_to_wait, refresh_feed, retry_at
from newsreader.refresh.files import refresh_file, refresh_folder
from newsreader.refresh.parsing import where_to_parse
from newsreader.refresh.results import SourceResult, one_line
from newsreader.source_settings import SourceSettings, from_store
from newsreader.sources.files import SourceError
from newsreader.sources.http import close_idle_connections, fetch
from newsreader.store import Source, Store


def refresh_source(run: Run, source: Source, force: bool = False) -> SourceResult:
    """One source, start to end; every failure becomes its error and its articles stay."""
    if run.cancelled():
        return SourceResult(source.id, source.name, "cancelled")
    waiting = asked_to_wait(source)
    if waiting is not None:
        return waiting
    try:
        if source.kind == "feed":
            return refresh_feed(run, source)
        if source.kind == "file":
            return refresh_file(run, source, force)
        if source.kind == "folder":
            return refresh_folder(run, source, force)
        raise SourceError(f"unknown source kind {source.kind!r}")
    except Cancelled:
        return SourceResult(source.id, source.name, "cancelled")
    except Exception as error:  # each becomes this source's error, never the refresh's
        message = one_line(error)
        try:
            run.update(source.id, last_status="error", last_error=message, last_refreshed=now(),
                       retry_at=retry_at(error))  # fmt: skip
        except Exception:
            pass
        return SourceResult(source.id, source.name, "error", error=message)


def _interleave_hosts(sources: list[Source]) -> list[Source]:
    """Round-robin over hosts, so one big host does not hold every worker at its semaphore."""
    by_host: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        key = (urlsplit(source.address).hostname or "") if source.kind == "feed" else f"\0{source.kind}"
        by_host[key].append(source)
    queues = list(by_host.values())
    ordered: list[Source] = []
    while queues:
        queues = [q for q in queues if q]
        for queue in queues:
            ordered.append(queue.pop(0))
    return ordered


def refresh_all(
    store: Store,
    config: Config,
    *,
    source_ids: list[int] | None = None,
    fetch: Fetch = fetch,
    on_progress: OnProgress | None = None,
    cancel: threading.Event | None = None,
    parse_in_processes: bool | None = None,
) -> list[SourceResult]:
    """Refresh the sources (all, or ``source_ids``) concurrently; one result per source, in order.

    ``on_progress`` is called from worker threads, once per finished source.
    ``cancel`` is checked before each source starts; sources not started
    end as "cancelled". Ctrl+C (KeyboardInterrupt in the calling thread) sets
    it: the sources in flight finish and are stored, the others are not
    started, and the interrupt goes on. Retention (``config.retention``, or a
    source's own ``max_articles``) is applied after. Sources whose settings
    say ``enabled = false`` are left out (no result).
    """
    settings = {source_id: from_store(text) for source_id, text in store.source_settings().items()}
    sources = [s for s in store.sources() if s.kind != "synced"]  # an account's feeds come by its sync
    sources = [s for s in sources if s.id not in settings or settings[s.id].enabled]
    if source_ids is not None:
        wanted = set(source_ids)
        sources = [s for s in sources if s.id in wanted]
    cancel = cancel if cancel is not None else threading.Event()
    run = Run(store, config, fetch, on_progress, cancel, len(sources), where_to_parse(parse_in_processes, len(sources)))
    run.settings = settings

    def task(source: Source) -> SourceResult:
        result = refresh_source(run, source)
        run.report(result)
        return result

    results: dict[int, SourceResult] = {}
    workers = max(1, min(run.threads, len(sources) or 1))
    ordered = _interleave_hosts(sources)
    try:
        with stopped_on_interrupt(ThreadPoolExecutor(workers, thread_name_prefix="refresh"), cancel) as pool:
            for source, result in zip(ordered, pool.map(task, ordered)):
                results[source.id] = result
    finally:
        try:
            run.flush()
        finally:
            close_idle_connections()
    _prune(store, config, settings, [s.id for s in sources])
    return [results[s.id] for s in sources]


def _prune(store: Store, config: Config, settings: dict[int, SourceSettings], refreshed: list[int]) -> None:
    """Retention after a refresh: the config's limits, and each refreshed source's own
    ``max_articles`` (0: any number) in place of the config's per-source one."""
    own = {i: s.max_articles for i, s in settings.items() if s.max_articles is not None}
    try:
        store.prune(config.retention.max_age_days, config.retention.max_articles_per_source, exempt=sorted(own))
        for source_id in refreshed:
            if own.get(source_id):
                store.prune_source(source_id, own[source_id])
    except Exception:  # pruning is housekeeping; a failure here loses nothing
        pass
