"""Refreshing a file or a folder of files: re-read when changed on disk (size and time),
each file a feed or one article."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsreader.document.clean import clean_inline
from newsreader.refresh.context import Run, digest
from newsreader.refresh.parsing import ReadSource, read_file
from newsreader.refresh.results import SourceResult, one_line
from newsreader.sources.files import ARTICLE_EXTENSIONS, SourceError, read_bytes, reads_as_feed, scan_folder
from newsreader.store import PreparedBatch, Source
from newsreader.store.identity import PreparedArticle


def _stamp(path: Path) -> str:
    info = path.stat()
    return f"{info.st_mtime_ns}:{info.st_size}"


def display_name(path: Path) -> str:
    """A file's name fit to store and show: controls out, undecodable bytes as '?'."""
    return clean_inline(path.name.encode("utf-8", "replace").decode("utf-8"))


def require_text_name(path: Path) -> None:
    """The store keeps paths as text: a name that is not valid UTF-8 cannot be a source."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise SourceError("the file name is not valid UTF-8 (rename it)") from None


def refresh_file(run: Run, source: Source, force: bool = False) -> SourceResult:
    path = Path(source.address)
    try:
        stamp = _stamp(path)
    except OSError:
        raise SourceError(f"{path}: no such file (moved or deleted?)") from None
    if not force and stamp == source.last_modified and source.last_status != "error":
        return run.unchanged(source, {})
    data = read_bytes(path, run.config.limits.max_bytes)
    body_hash = digest(data)
    fields: dict[str, Any] = {"last_modified": stamp, "body_hash": body_hash}
    if not force and body_hash == source.body_hash and source.last_status != "error":
        return run.unchanged(source, fields)
    read: ReadSource = run.work(read_file, str(path), data)
    if not source.title:
        fields["title"] = read.title or display_name(path)
    return run.stored(source, read.batch, fields)


def refresh_folder(run: Run, source: Source, force: bool = False) -> SourceResult:
    root = Path(source.address)
    files = scan_folder(root)
    stamps = []
    for path in files:
        try:
            stamps.append(f"{path}\0{_stamp(path)}")
        except OSError:
            continue
    fingerprint = digest("\n".join(stamps).encode("utf-8", "surrogatepass"))
    if not force and fingerprint == source.body_hash and source.last_status != "error":
        return run.unchanged(source, {})
    articles: list[PreparedArticle] = []
    listed = 0
    problems: list[str] = []
    for path in files:
        if run.cancelled():
            return SourceResult(source.id, source.name, "cancelled")
        try:
            require_text_name(path)
            data = read_bytes(path, run.config.limits.max_bytes)
            if reads_as_feed(path, data) or path.suffix.lower() in ARTICLE_EXTENSIONS:
                read: ReadSource = run.work(read_file, str(path), data)
                articles.extend(read.batch.articles)
                listed += read.batch.listed
        except Exception as error:  # one bad file does not hide the others
            problems.append(f"{display_name(path)}: {one_line(error)}")
    fields: dict[str, Any] = {"body_hash": fingerprint}
    if not source.title:
        fields["title"] = display_name(root) or clean_inline(str(root))  # "/" has no name
    if problems:  # stored with the status: the note is the source's error, its articles are in
        fields["last_error"] = f"{len(problems)} file{'' if len(problems) == 1 else 's'} skipped; {problems[0]}"
    # Ids are per file (origin = the file's path): the files' batches join without a clash.
    result = run.stored(source, PreparedBatch(articles, listed, datetime.now(UTC)), fields)
    result.error = fields.get("last_error")
    return result
