"""The library's collaborators (``articles``, ``views``, ``tags``, ``sources``, ``accounts``): the
steps a command and the app's keys share are done once, here, on a real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fixtures import make_config, make_store

from newsreader.library import Library
from newsreader.store import View


@pytest.fixture
def filled(tmp_path: Path):
    store, info = make_store(tmp_path)
    yield Library(store, make_config()), info
    store.close()


def test_tagging_says_what_was_there_before_and_after(filled) -> None:
    library, info = filled
    article_id = next(iter(info["ids"].values()))
    added = library.tags.change_article(article_id, ["Local", "tech"], adding=True)
    assert added.before == [] and sorted(added.now) == ["Local", "tech"]
    taken = library.tags.change_article(article_id, ["local", "sport"], adding=False)
    assert taken.now == ["tech"] and taken.missing(["local", "sport"]) == ["sport"]
    metro = info["sources"]["metro"].id
    change = library.tags.change_source(metro, ["city"], adding=True)
    assert change.before == [] and change.now == ["city"] == library.tags.by_source()[metro]


def test_the_tag_dialog_replaces_what_it_showed(filled) -> None:
    library, info = filled
    article_id = next(iter(info["ids"].values()))
    library.tags.change_article(article_id, ["a", "b"], adding=True)
    library.tags.replace_article(article_id, ["a", "b"], ["B", "c"])
    assert sorted(tag.casefold() for tag in library.tags.of_article(article_id)) == ["b", "c"]
    metro = info["sources"]["metro"].id
    library.tags.replace_source(metro, [], ["x"])
    library.tags.replace_source(metro, ["x"], [])
    assert library.tags.of_source(metro) == []


def test_saved_views_and_queries(filled) -> None:
    library, _ = filled
    assert library.views.save("unread news", "unread") is True
    assert library.views.save("unread news", "unread tag:x") is False
    assert library.views.saved("unread news").query == "unread tag:x"
    assert [saved.name for saved, _ in library.views.counts()] == ["unread news"]
    assert library.views.as_typed("harb") == "harb*"
    assert library.views.remove("unread news") and not library.views.remove("unread news")


def test_reading_through_articles(filled) -> None:
    library, info = filled
    articles = library.articles
    total = articles.count(View())
    assert total == len(info["ids"]) == len(articles.headlines(View(), limit=100))
    first = articles.headlines(View(), limit=1)[0]
    assert articles.position(View(), first.id) == 0 and articles.article(first.id).id == first.id
    assert articles.headlines_of([first.id, "gone"]).keys() == {first.id}
    assert [h.id for h in articles.bookmarks()] == [a.id for a in articles.kept_articles()]
    unread = articles.unread_total()
    marked = articles.mark_view_read(View(unread=True))
    assert len(marked) == unread and articles.unread_total() == 0
    assert articles.story("no such article") == []


def test_a_source_is_renamed_and_removed_here_when_no_account_has_it(filled) -> None:
    library, info = filled
    metro = info["sources"]["metro"].id
    assert library.sources.rename(metro, "Metro Evening") is True
    assert library.sources.get(metro).title == "Metro Evening"
    removed = library.sources.remove(metro)
    assert removed is not None and library.sources.get(metro) is None
    assert library.sources.remove(metro) is None and library.sources.rename(metro, "x") is False
    assert metro not in {source.id for source in library.sources.all()}


def test_no_accounts(filled) -> None:
    library, info = filled
    assert library.accounts.all() == [] and not library.accounts.exist()
    assert library.accounts.names() == [] and library.accounts.find("none") is None
    assert library.accounts.of_articles(info["ids"].values()) == {}
