"""sources.files: article files by extension, feed sniffing, size caps, folder scans."""

from __future__ import annotations

import os

import pytest
from support.paths import FIXTURE_ROOT, SHARED

from newsreader.document.blocks import Document
from newsreader.sources.files import (
    FileTooLarge,
    SourceError,
    is_feed_file,
    read_article_file,
    scan_folder,
)

FEEDS = FIXTURE_ROOT / "feeds"


def test_plain_text_article(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Bridge approved\n\nThe council voted on Tuesday.\n\nWork starts in June.\n", "utf-8")
    document = read_article_file(path, 10_000)
    assert isinstance(document, Document)
    assert document.title == "Bridge approved"
    assert "The council voted on Tuesday." in document.plain_text()


def test_markdown_article(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("# Markdown headline\n\nA *first* paragraph.\n", "utf-8")
    document = read_article_file(path, 10_000)
    assert document.title == "Markdown headline"
    assert "first paragraph" in document.plain_text()


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html_article(tmp_path, suffix):
    path = tmp_path / f"page{suffix}"
    path.write_text(
        "<html><head><title>Page title</title></head><body><h1>Page title</h1><p>Body text here.</p></body></html>"
    )
    document = read_article_file(path, 10_000)
    assert document.title == "Page title"
    assert "Body text here." in document.plain_text()


def test_legacy_encoding_is_decoded(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café crème\n\nUne phrase en français.\n".encode("cp1252"))
    assert read_article_file(path, 10_000).title == "Café crème"


def test_too_large_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000)
    with pytest.raises(FileTooLarge, match=r"big.txt: file larger than 1000 bytes"):
        read_article_file(path, 1000)


def test_missing_and_folder_are_clear_errors(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_article_file(tmp_path / "nope.txt", 1000)
    with pytest.raises(SourceError, match="is a folder"):
        read_article_file(tmp_path, 1000)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="not a regular file"):
        read_article_file(fifo, 1000)


def test_is_feed_file_sniffs_content(tmp_path):
    assert is_feed_file(FEEDS / "rss2_basic.xml")
    assert is_feed_file(FEEDS / "atom10.xml")
    assert is_feed_file(FEEDS / "rss1_rdf.rdf")
    assert is_feed_file(FEEDS / "jsonfeed11.json")
    assert not is_feed_file(FEEDS / "not_a_feed.html")
    odd_name = tmp_path / "feed.txt"
    odd_name.write_bytes((FEEDS / "rss2_basic.xml").read_bytes())
    assert is_feed_file(odd_name)  # content decides, not the name
    other = tmp_path / "data.json"
    other.write_text('{"hello": 1}')
    assert not is_feed_file(other)
    assert not is_feed_file(tmp_path / "missing.xml")


def test_scan_folder(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "c.HTML").write_text("c")
    (tmp_path / "feed.xml").write_text("<rss/>")
    (tmp_path / "notes.docx").write_text("skip")
    (tmp_path / ".secret.txt").write_text("skip")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("skip")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "d.txt").write_text("d")
    found = [p.relative_to(tmp_path).as_posix() for p in scan_folder(tmp_path)]
    assert found == ["a.md", "b.txt", "c.HTML", "feed.xml", "sub/deeper/d.txt"]


def test_scan_folder_survives_symlink_loops(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("a")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    os.symlink(tmp_path / "sub", tmp_path / "again")
    found = scan_folder(tmp_path)
    assert [p.name for p in found] == ["a.txt"]


def test_scan_folder_of_a_file_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    with pytest.raises(SourceError, match="not a folder"):
        scan_folder(tmp_path / "a.txt")


@pytest.mark.skipif(not (SHARED / "corpus" / "articles").is_dir(), reason="../shared/corpus is not present")
def test_corpus_articles_read():
    root = SHARED / "corpus" / "articles"
    files = [p for p in scan_folder(root) if p.name != "expected-metadata.json"]
    assert len(files) > 30
    for path in files:
        if path.suffix == ".json":
            continue
        document = read_article_file(path, 20_000_000)
        assert document.title, path
