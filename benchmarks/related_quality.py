"""How right the related-link resolver is: precision and recall against answer keys.

``score_samples(dir)`` loads every ``*.txt`` of a folder (the shared samples,
or a test fixture folder) into a fresh in-memory store through the real
parser and ``Store.ingest``, resolves every link with ``resolve_all``, and
compares with the folder's ``ANSWERS.json``. ``score_demo()`` does the same
for the bundled demo library and ``tests/fixtures/demo_links.json``. Both
return plain dicts and print nothing: the benchmark and the tests decide
what to show.

Precision is correct / resolved; recall is correct / links that have a
target. A link resolved when its answer is null counts as wrong.

``time_after_refresh(store, items)`` is the speed side: the pass that runs
after a refresh, on a store resolved before (measured at 100,000 articles).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsreader.document.clean import clean_inline
from newsreader.document.decode import decode_bytes
from newsreader.document.plaintext import parse_plaintext
from newsreader.related import resolve_all
from newsreader.store import NewArticle, Store

REPO = Path(__file__).resolve().parents[1]
DEMO_LINKS = REPO / "tests" / "fixtures" / "demo_links.json"


def score_samples(samples_dir: str | Path) -> dict[str, Any]:
    """Score the resolver on a folder of plain-text articles and its ANSWERS.json."""
    folder = Path(samples_dir)
    answers = json.loads((folder / "ANSWERS.json").read_text(encoding="utf-8"))
    return score_library(sorted(folder.glob("*.txt")), answers)


def score_demo(demo_dir: str | Path | None = None, links: str | Path | None = None) -> dict[str, Any]:
    """Score the resolver on the demo library's articles (its feeds are stored too, as
    they would be for a user: more stories to be wrongly matched)."""
    from newsreader.demo import demo_files

    files = sorted(Path(demo_dir).glob("*.txt")) if demo_dir else [p for p in demo_files() if p.suffix == ".txt"]
    feeds = [] if demo_dir else [p for p in demo_files() if p.suffix != ".txt"]
    answers = json.loads(Path(links or DEMO_LINKS).read_text(encoding="utf-8"))
    return score_library(files, answers, feeds=feeds)


def score_library(
    files: Sequence[Path], answers: Iterable[Mapping[str, Any]], *, feeds: Sequence[Path] = ()
) -> dict[str, Any]:
    """Ingest ``files`` (and ``feeds``), resolve every link, compare with ``answers``.

    Each answer names the linking ``file``, the link's headline
    (``link_headline`` or ``headline``), the expected ``target`` file or null,
    and a ``kind`` (exact, paraphrase, absent, decoy...).
    """
    store = Store(":memory:")
    try:
        ids = _ingest_files(store, files)
        _ingest_feeds(store, feeds)
        began = time.perf_counter()
        resolve_all(store)
        seconds = time.perf_counter() - began
        outcomes = [_outcome(store, ids, answer) for answer in answers]
    finally:
        store.close()
    return _figures(outcomes, seconds)


def time_after_refresh(store: Store, items_by_source: Mapping[int, Sequence[NewArticle]]) -> dict[str, Any]:
    """Ingest ``items_by_source`` (source id -> items) as a refresh would, then time
    ``resolve_all`` over what came in: the pass that runs after every refresh
    (on a store resolved before; on one never resolved, it is the first full pass).

    ``cpu_seconds`` is the process CPU time of the pass alone (not of the ingest).
    """
    ids: list[str] = []
    for source_id, items in items_by_source.items():
        result = store.ingest(source_id, list(items))
        ids += result.added + result.updated
    began, cpu = time.perf_counter(), time.process_time()
    resolved = resolve_all(store)
    return {
        "new": len(ids),
        "resolved": resolved,
        "seconds": time.perf_counter() - began,
        "cpu_seconds": time.process_time() - cpu,
    }


def _ingest_files(store: Store, files: Sequence[Path]) -> dict[str, str]:
    """Store each article file; returns file name -> article id."""
    ids: dict[str, str] = {}
    for path in files:
        source = store.add_source("file", str(path.resolve()))
        document = parse_plaintext(decode_bytes(path.read_bytes()))
        item = NewArticle(
            title=document.title or path.stem,
            document=document,
            origin=str(path.resolve()),
            published=document.published or document.date,
        )
        result = store.ingest(source.id, [item])
        stored = result.added or result.updated
        if stored:
            ids[path.name] = stored[0]
    return ids


def _ingest_feeds(store: Store, feeds: Sequence[Path]) -> None:
    from newsreader.sources.feeds import parse_feed

    for path in feeds:
        parsed = parse_feed(path.read_bytes(), str(path.resolve()))
        source = store.add_source("file", str(path.resolve()), title=parsed.title)
        store.ingest(source.id, parsed.items)


def _outcome(store: Store, ids: Mapping[str, str], answer: Mapping[str, Any]) -> dict[str, Any]:
    headline = answer.get("link_headline") or answer.get("headline") or ""
    expected_file = answer.get("target")
    outcome = {
        "file": answer["file"],
        "headline": headline,
        "kind": answer.get("kind", "?"),
        "expected": expected_file,
        "got": None,
        "found": False,
    }
    article_id = ids.get(answer["file"])
    article = store.article(article_id) if article_id else None
    if article is None:
        return outcome
    wanted = clean_inline(headline).casefold()
    for link in article.document.related_links:
        if clean_inline(link.title).casefold() == wanted:
            outcome["found"] = True
            names = {v: k for k, v in ids.items()}
            outcome["got"] = names.get(link.target, link.target) if link.target else None
            break
    return outcome


def _figures(outcomes: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    resolved = [o for o in outcomes if o["got"] is not None]
    correct = [o for o in resolved if o["got"] == o["expected"]]
    with_target = [o for o in outcomes if o["expected"] is not None]
    by_kind: dict[str, dict[str, int]] = {}
    for o in outcomes:
        counts = by_kind.setdefault(o["kind"], {"total": 0, "correct": 0, "wrong": 0, "unresolved": 0})
        counts["total"] += 1
        if o["got"] is None:
            counts["correct" if o["expected"] is None else "unresolved"] += 1
        else:
            counts["correct" if o["got"] == o["expected"] else "wrong"] += 1
    recall_by_kind: dict[str, dict[str, float | int]] = {}
    for o in with_target:
        entry = recall_by_kind.setdefault(o["kind"], {"links": 0, "correct": 0, "recall": 0.0})
        entry["links"] += 1
        entry["correct"] += o["got"] == o["expected"]
    for entry in recall_by_kind.values():
        entry["recall"] = entry["correct"] / entry["links"]
    return {
        "links": len(outcomes),
        "with_target": len(with_target),
        "recall_by_kind": recall_by_kind,
        "resolved": len(resolved),
        "correct": len(correct),
        "precision": len(correct) / len(resolved) if resolved else 1.0,
        "recall": len(correct) / len(with_target) if with_target else 1.0,
        "by_kind": by_kind,
        "wrong": [o for o in resolved if o["got"] != o["expected"]],
        "missed": [o for o in outcomes if o["expected"] is not None and o["got"] is None],
        "not_found": [o for o in outcomes if not o["found"]],
        "seconds": seconds,
    }
