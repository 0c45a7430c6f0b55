"""Articles and feeds kept as files, and folders of them.

A file is read once, capped at ``max_bytes``, decoded without failing, and
handed to the parser its extension names; feed files are recognised by their
content, whatever they are called. Folders are walked without following a
symlink back into themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

from newsreader.document.blocks import Document
from newsreader.document.clean import OneLineError, clean_inline
from newsreader.document.decode import decode_bytes
from newsreader.lazy_import import load

ARTICLE_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")
FEED_EXTENSIONS = (".xml", ".rss", ".atom", ".rdf", ".json", ".feed")
KNOWN_EXTENSIONS = ARTICLE_EXTENSIONS + FEED_EXTENSIONS
SNIFF_BYTES = 4096


class SourceError(OneLineError):
    """A file or folder that cannot be read as a source; one clean line for the user (it names the file)."""


class FileTooLarge(SourceError):
    pass


def _size(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit} bytes"


def read_bytes(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of a regular file, refused when larger than ``max_bytes``."""
    path = Path(path)
    try:
        if path.exists() and not path.is_dir() and not path.is_file():  # a FIFO or device would block or never end
            raise SourceError(f"{path}: not a regular file")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot read ({error.strerror or error})") from None
    if len(data) > max_bytes:
        raise FileTooLarge(f"{path}: file larger than {_size(max_bytes)}")
    return data


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of a document are an RSS, RDF, Atom or JSON feed."""
    text = head[:SNIFF_BYTES].replace(b"\0", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if text.startswith(b"{"):
        return b"jsonfeed.org/version" in text or b'"rss"' in text[:200]
    if b"<html" in text or b"<!doctype html" in text:
        return False
    return any(marker in text for marker in (b"<rss", b"<rdf:rdf", b"<feed", b"<channel"))


def is_feed_file(path: str | os.PathLike[str]) -> bool:
    """True when the file's content is a feed (by sniffing, not by name)."""
    try:
        with open(path, "rb") as handle:
            return looks_like_feed(handle.read(SNIFF_BYTES))
    except OSError:
        return False


def reads_as_feed(path: str | os.PathLike[str], data: bytes) -> bool:
    """A feed by its first bytes, or an XML document named like a feed (a long DOCTYPE or
    comment can push the root element past the sniffed bytes: it is still parsed, or refused,
    as XML). ``add``, ``refresh`` and ``show`` all decide with this."""
    if looks_like_feed(data[:4096]):
        return True
    return Path(path).suffix.lower() in FEED_EXTENSIONS and data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(
        (b"<?xml", b"<!")
    )


def parse_article(data: bytes, path: str | os.PathLike[str]) -> Document:
    """An article file's bytes as a Document, by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    text = decode_bytes(data)
    if suffix in (".md", ".markdown"):
        document = load("newsreader.document.markdown").parse_markdown(text)
    elif suffix in (".html", ".htm"):
        document = load("newsreader.document.html").parse_html_page(text, None)
    else:
        document = load("newsreader.document.plaintext").parse_plaintext(text)
    assert isinstance(document, Document)
    if not document.title:
        document.title = clean_inline(path.stem.replace("_", " ").replace("-", " "))
    return document


def read_article_file(path: str | os.PathLike[str], max_bytes: int) -> Document:
    """The article in a .txt, .md or .html/.htm file (other names are read as plain text)."""
    data = read_bytes(path, max_bytes)
    try:
        return parse_article(data, path)
    except SourceError:
        raise
    except Exception as error:  # a parser's surprise becomes this file's error
        raise SourceError(f"{path}: cannot read the article ({type(error).__name__}: {error})") from None


def scan_folder(path: str | os.PathLike[str]) -> list[Path]:
    """The article and feed files under ``path``: recursive, sorted, hidden names and
    unknown extensions skipped, symlinked folders followed once (never in a loop)."""
    root = Path(path)
    if not root.is_dir():
        raise SourceError(f"{root}: not a folder")
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()

    def walk(folder: Path) -> None:
        try:
            info = folder.stat()
        except OSError:
            return
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():  # follows symlinks; the seen set stops loops
                    walk(Path(entry.path))
                elif entry.is_file() and Path(entry.name).suffix.lower() in KNOWN_EXTENSIONS:
                    found.append(Path(entry.path))
            except OSError:
                continue

    walk(root)
    return sorted(found)
