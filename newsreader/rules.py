"""Rules from the config (``[[rules]]``): each refresh's new articles, rule by rule, in order.

A rule is a query and an action: ``read``, ``hide`` (read, and shown only by queries
with ``hidden``), ``bookmark`` or ``tag:NAME``. Applied in the refresh's worker, after
the articles are stored; ``dry_run`` says what each would match now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsreader.config import Rule


@dataclass
class RuleResult:
    rule: Rule
    ids: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"query": self.rule.query, "action": self.rule.action, "line": self.rule.line,
                "matches": len(self.ids), "ids": self.ids}  # fmt: skip


def _act(store: Any, rule: Rule, ids: list[str]) -> None:
    if not ids:
        return
    if rule.action == "read":
        store.set_read(ids)
    elif rule.action == "hide":
        store.hide(ids)
    elif rule.action == "bookmark":
        for article_id in ids:
            store.bookmark(article_id)
    elif rule.tag:
        store.tag_articles(ids, [rule.tag])


def apply_rules(store: Any, rules: Sequence[Rule], after_seq: int) -> list[RuleResult]:
    """Apply ``rules`` in order to the articles stored since ``after_seq`` (``Store.last_seq``)."""
    if not rules:
        return []
    new = store.ids_after(after_seq)
    results = []
    for rule in rules:
        ids = store.matching_ids(store.query_view(rule.query), among=new) if new else []
        _act(store, rule, ids)
        results.append(RuleResult(rule, ids))
    return results


def dry_run(store: Any, rules: Sequence[Rule]) -> list[RuleResult]:
    """What each rule would match among every article now, changing nothing."""
    return [RuleResult(rule, store.matching_ids(store.query_view(rule.query))) for rule in rules]
