"""What the library's jobs answer with: a refresh's report (sources, accounts, rules, texts
fetched) and an article as a reader opens it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsreader.document.blocks import RelatedLink
from newsreader.rules import RuleResult

if TYPE_CHECKING:
    from newsreader.store import Article, Headline

__all__ = ["AccountEvent", "Reading", "RefreshReport"]


@dataclass
class AccountEvent:
    """A sync account's progress within a refresh: ``message`` while it syncs (``result``
    None), then once with its ``result`` when it is done."""

    name: str
    message: str = ""
    result: Any | None = None

    @property
    def error(self) -> str | None:
        """Why the finished account failed (one clean line, as ``sync.run`` made it), or None."""
        if self.result is None or self.result.ok:
            return None
        return self.result.error or None


@dataclass
class RefreshReport:
    """What one refresh or add did: what every front end prints or shows."""

    sources: list[Any] = field(default_factory=list)  # refresh.SourceResult, one per source
    accounts: list[Any] = field(default_factory=list)  # sync.AccountResult, one per account synced
    rules: list[RuleResult] = field(default_factory=list)
    links_resolved: bool = False  # whether the related-link pass ran
    notify_error: str | None = None  # why the notify command failed, when it did
    kept: list[Any] = field(default_factory=list)  # keep.KeepResult, one per bookmark completed
    full_texts: list[Any] = field(default_factory=list)  # keep.KeepResult, one per page of a full_text source

    @property
    def changed(self) -> bool:
        """Whether any source or account added or updated articles."""
        return any(getattr(r, "added", 0) or getattr(r, "updated", 0) for r in [*self.sources, *self.accounts])


@dataclass
class Reading:
    """An article as a reader opens it: where each related link leads (the store's resolution,
    else a stored article with its address), the stories an unresolved link may mean, and the
    stored articles whose links lead here (headlines, newest first)."""

    article: Article
    find_url: Callable[[str], str | None]
    suggestions: dict[tuple[str, str | None], list[Headline]] = field(default_factory=dict)
    linked_from: list[Headline] = field(default_factory=list)

    def target(self, link: RelatedLink, index: int = 0) -> str | None:
        candidate = link.target or (self.find_url(link.url) if link.url else None)
        return candidate if candidate and candidate != self.article.id else None

    def suggest(self, link: RelatedLink) -> list[Headline]:
        return self.suggestions.get((link.title, link.url), [])
