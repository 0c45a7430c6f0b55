"""What the store keeps for the related-link resolver: word counts, what is new, what is unresolved.

The migration that adds them (migrations.RELATED_LOOKUPS) is tested the way
tests/core/test_store_migrations.py tests the others: a store made before it keeps
its articles, and they all count as new to the resolver.
"""

from __future__ import annotations

from pathlib import Path

from support.old_stores import add_source_as_then, ingest_as_then

from newsreader.document.blocks import Document, Paragraph, RelatedLink, Span
from newsreader.related import resolve_all
from newsreader.store import MIGRATIONS, NewArticle, Store
from newsreader.store.migrations import RELATED_LOOKUPS

FEED = "https://example.org/feed.xml"
BEFORE = MIGRATIONS[: MIGRATIONS.index(RELATED_LOOKUPS)]


def item(guid: str, text: str, *links: str) -> NewArticle:
    blocks = [Paragraph([Span(text)]), *(RelatedLink(title, "Orsk Daily") for title in links)]
    return NewArticle(text.split(".")[0], Document(blocks=blocks), FEED, guid=guid, published="2026-11-20T09:00:00Z")


def test_a_store_made_before_the_migration_has_every_article_pending(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path, migrations=BEFORE) as old:
        source_id = add_source_as_then(old, "feed", FEED)
        added = ingest_as_then(old, source_id, [
            item("1", "Harbour reopens after the storm. Ships sail again."),
            item("2", "Ferries run late. The harbour was shut.", "Harbour reopens after storm"),
        ])  # fmt: skip
    with Store(path) as store:
        assert sorted(store.links.pending()) == sorted(added)
        assert store.links.unresolved() == [added[1]]  # the one with a link
        assert store.term_counts(["harbour", "ferries", "nowhere"]) == {"harbour": 2, "ferries": 1}
        assert resolve_all(store) == 1
        assert store.links.targets(added[1]) == [added[0]]
        assert store.links.pending() == [] and store.links.unresolved() == []


def test_new_and_changed_articles_are_pending_until_cleared() -> None:
    with Store(":memory:") as store:
        source = store.add_source("feed", FEED)
        (first,) = store.ingest(source.id, [item("1", "Harbour reopens. Ships sail.")]).added
        assert store.links.pending() == [first]
        store.links.clear_pending([first])
        assert store.links.pending() == []
        store.ingest(source.id, [item("1", "Harbour reopens. Ships sail.")])  # unchanged: not new
        assert store.links.pending() == []
        store.ingest(source.id, [item("1", "Harbour reopens. Ships sail again.", "Storm closes harbour")])
        assert store.links.pending() == [first]
        assert store.links.unresolved() == [first]  # changed: its links are to be resolved


def test_a_removed_target_makes_a_link_unresolved_again() -> None:
    with Store(":memory:") as store:
        source = store.add_source("feed", FEED)
        other = store.add_source("feed", FEED + "?other")
        (target,) = store.ingest(other.id, [item("t", "Harbour reopens after the storm. Ships sail.")]).added
        (hub,) = store.ingest(source.id, [item("h", "Ferries run late.", "Harbour reopens after storm")]).added
        resolve_all(store)
        assert store.links.unresolved() == []
        store.remove_source(other.id)
        assert store.links.unresolved() == [hub]
        assert store.links.pending() == []  # removal adds nothing new
        assert target not in store.links.pending()
