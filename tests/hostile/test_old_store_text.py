"""A store written before every door cleaned its text: its short fields are cleaned once, when it
is opened (``store.old_text``), so what it hands out is clean and nothing that shows it cleans again."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from support.old_stores import add_source_as_then, ingest_as_then

from newsreader.document.blocks import Document, Paragraph, Span
from newsreader.store import MIGRATIONS, NewArticle, Store
from newsreader.store.models import Source
from newsreader.store.old_text import CLEAN_OLD_TEXT

ATTACK = "\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\u202e\x9b31m\x07\x01"  # all of it goes
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BEFORE = MIGRATIONS[: MIGRATIONS.index(CLEAN_OLD_TEXT)]
FEED = "https://news.example/feed.xml"


def _old_store(path: Path) -> str:
    """A store of the schema before the cleaning, holding a stranger's controls in every short field."""
    with Store(path, migrations=BEFORE) as store:
        source_id = add_source_as_then(store, "feed", FEED)
        item = NewArticle("Harbour reopens", Document(blocks=[Paragraph([Span("Ships sail.")])]), FEED, guid="g-1")
        (article_id,) = ingest_as_then(store, source_id, [item])
        with store._db.writing("test") as db:
            db.execute(
                "UPDATE sources SET title = ?, folder = ?, last_error = ? WHERE id = ?",
                (f"Tribune{ATTACK}", f"World{ATTACK}", f"HTTP 500{ATTACK}", source_id),
            )
            db.execute(
                "UPDATE articles SET title = ?, outlet = ?, full_error = ? WHERE id = ?",
                (f"Harbour{ATTACK} reopens", f"Outlet{ATTACK}", f"timed{ATTACK} out", article_id),
            )
            db.executemany(
                "INSERT INTO article_tags (article_id, tag) VALUES (?, ?)",
                [(article_id, f"later{ATTACK}"), (article_id, "later"), (article_id, ATTACK)],
            )
            db.execute("INSERT INTO source_tags (source_id, tag) VALUES (?, ?)", (source_id, f"ports{ATTACK}"))
            db.execute(
                "INSERT INTO saved_views (name, query, added) VALUES (?, 'harbour', '2026-01-01')", (f"Ports{ATTACK}",)
            )
    return article_id


def test_the_short_texts_of_an_old_store_are_cleaned_when_it_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    article_id = _old_store(path)
    with Store(path) as store:
        (source,) = store.sources()
        assert (source.title, source.folder, source.last_error) == ("Tribune", "World", "HTTP 500")
        (headline,) = store.headlines()
        assert (headline.title, headline.source, headline.feed) == ("Harbour reopens", "Outlet", "Tribune")
        article = store.article(article_id)
        assert article is not None and article.full_error == "timed out"
        assert store.tags_of_article(article_id) == ["later"]  # met its clean twin; one of controls only went
        assert store.tags_of_source(source.id) == ["World", "ports"]  # its folder is a tag too
        assert [view.name for view in store.saved_views()] == ["Ports"]
        assert [h.id for h in store.headlines(store.query_view("harbour"))] == [article_id]  # the index follows
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT name FROM sqlite_master WHERE name = 'old_text_to_clean'").fetchone() is None
        for (text,) in connection.execute(
            "SELECT title FROM articles UNION ALL SELECT outlet FROM articles UNION ALL SELECT title FROM sources"
            " UNION ALL SELECT tag FROM article_tags UNION ALL SELECT name FROM saved_views"
        ):
            assert UNSAFE.search(text) is None, repr(text)


def test_a_new_store_is_left_unmarked(tmp_path: Path) -> None:
    Store(tmp_path / "new.db").close()
    with sqlite3.connect(tmp_path / "new.db") as connection:
        assert connection.execute("SELECT name FROM sqlite_master WHERE name = 'old_text_to_clean'").fetchone() is None


def test_a_source_named_by_its_address_is_named_in_one_clean_line() -> None:
    source = Source(1, "file", f"/home/ida/{ATTACK}news.md")  # a path is kept as it is: it is how the file is found
    assert UNSAFE.search(source.name) is None and source.name.endswith("news.md")
    assert source.address.startswith("/home/ida/\x1b")
