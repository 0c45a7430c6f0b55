"""The doors that messages and settings come through: each makes a stranger's words one clean
line where they enter, so nothing that shows them later needs to clean them again."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from newsreader.config import Config, ConfigError, parse_config
from newsreader.document.blocks import Document, Paragraph, Span
from newsreader.document.clean import edge_guard, error_line
from newsreader.keep import fetch_whole_text
from newsreader.library.files import LibraryError
from newsreader.sources.entries import FeedError
from newsreader.sources.extract import ExtractError
from newsreader.sources.files import SourceError
from newsreader.sources.http import FetchError
from newsreader.store import NewArticle, Store
from newsreader.sync.errors import ServerError, SyncError

ATTACK = "\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\u202e\x9b31m\x85"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize(
    "error_class", [FeedError, FetchError, SourceError, ExtractError, SyncError, ServerError, LibraryError, ConfigError]
)
def test_an_error_built_from_a_strangers_words_is_one_clean_line(error_class) -> None:
    error = error_class(f"HTTP 500 Oops{ATTACK}\nsecond line")
    assert str(error) == "HTTP 500 Oops second line"
    assert str(pickle.loads(pickle.dumps(error))) == str(error)  # as a worker process hands it back


def test_the_edge_guard_cleans_what_no_door_saw() -> None:
    assert error_line(OSError(2, "No such file\x1b[2J\u202e", "/tmp/x")) == "[Errno 2] No such file: '/tmp/x'"
    assert error_line(RuntimeError()) == "RuntimeError"
    assert edge_guard(f"a{ATTACK}b") == "a b"  # NEL is a line break: a space on one line


def test_the_config_shows_back_only_clean_names(tmp_path: Path) -> None:
    config = parse_config('[reader]\ntheme = "dark\\u001b[2J"\n[keys]\n"refresh\\u001b]0;x\\u0007" = "r"\n', tmp_path)
    assert config.reader.theme == "dark"  # shown back when no theme has that name
    assert list(config.keys) == ["refresh"]


def test_a_whole_text_that_fails_on_a_surprise_is_one_clean_line(tmp_path: Path) -> None:
    def surprise(url, **kwargs):
        raise RuntimeError(f"the page said{ATTACK} no")

    document = Document(title="Tram", blocks=[Paragraph([Span("A short summary.")])])
    with Store(tmp_path / "s.db") as store:
        source = store.add_source("feed", "https://news.example/feed.xml")
        item = NewArticle("Tram", document, source.address, guid="t", url="https://news.example/tram")
        (article_id,) = store.ingest(source.id, [item]).added
        result = fetch_whole_text(store, article_id, _config(), surprise, force=True)
    assert result.error == "RuntimeError: the page said no"  # shown as it is by the app and the CLI


def _config() -> Config:
    return Config()
