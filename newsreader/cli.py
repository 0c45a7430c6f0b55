"""The command line: the contract of CLI.md.

Every subcommand works on the store under the home folder. ``--json`` prints
one JSON document on stdout and nothing else there; messages go to stderr.
Exit status: 0 success, 1 failure, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from newsreader import __version__
from newsreader.config import Config, ConfigError, load_config
from newsreader.document.clean import clean_inline, json_for_terminal, strip_controls
from newsreader.paths import HOME_ENV, Paths, resolve_paths

EXAMPLES = f"""\
examples:
  newsreader --demo                          open the app on the bundled demo library
  newsreader add https://example.org/feed.xml   subscribe to a feed and fetch it now
  newsreader add ~/Articles                  add a folder of article files (.txt .md .html)
  newsreader refresh                         fetch every source
  newsreader list --unread --limit 20        the 20 newest unread headlines
  newsreader show 3f2a9c01d4e5b6a7           read an article in the terminal
  newsreader show story.txt --json           parse a file without storing it
  newsreader search '"rent cap" tribunal'    full-text search, best match first

The store lives under platformdirs' user folders, or under --home DIR / ${HOME_ENV}.
"""


class CommandError(Exception):
    """A command that failed in an expected way: its message is shown, exit 1."""


# --- output -----------------------------------------------------------------


def print_json(data: Any) -> None:
    sys.stdout.write(json_for_terminal(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def shown(text: str | None) -> str:
    """Outside text (a title, a file path, a server's error) fit for one terminal line."""
    return clean_inline((text or "").encode("utf-8", "replace").decode("utf-8"))


def say(message: str) -> None:
    """A message for the person at the terminal: always stderr, never the JSON stream.

    Messages quote file names and addresses, so controls are stripped here too."""
    sys.stderr.write(strip_controls(message.encode("utf-8", "replace").decode("utf-8")) + "\n")


def stdout_console():
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False, soft_wrap=False)


# --- the store ----------------------------------------------------------------


class Context:
    """What every command needs: the folders, the config and (lazily) the store."""

    def __init__(self, home: str | None):
        self.paths: Paths = resolve_paths(home)
        self.config: Config = load_config(self.paths.config)
        self._store = None

    @property
    def store(self):
        if self._store is None:
            from newsreader.store import Store

            try:
                self.paths.ensure()
            except OSError as error:
                raise CommandError(f"cannot create {self.paths.data_dir}: {error.strerror or error}") from None
            self._store = Store(self.paths.store)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def find_source_id(store, name: str) -> int:
    """A source by id, exact address, or title (case-insensitive)."""
    sources = store.sources()
    for source in sources:
        if name == str(source.id) or name == source.address:
            return source.id
    folded = name.casefold()
    matches = [s for s in sources if (s.title or "").casefold() == folded]
    if len(matches) == 1:
        return matches[0].id
    if not matches:
        matches = [s for s in sources if folded in (s.title or s.address).casefold()]
        if len(matches) == 1:
            return matches[0].id
    if not matches:
        raise CommandError(f"no source named {name!r} (see: newsreader sources)")
    names = ", ".join(f"{s.id}: {s.title or s.address}" for s in matches[:5])
    raise CommandError(f"{name!r} matches several sources ({names}); give its id")


# --- commands -------------------------------------------------------------------


def headline_line(headline) -> Any:
    from rich.text import Text

    line = Text()
    line.append(headline.id, "dim")
    line.append("  ")
    line.append("●" if not headline.read else " ", "bold cyan")
    line.append("★" if headline.bookmarked else " ", "yellow")
    line.append(f" {headline.date or '          '}  ", "dim")
    line.append(shown(headline.title) or "(untitled)", "bold" if not headline.read else "")
    outlet = shown(headline.source or headline.feed)
    if outlet:
        line.append(f"  — {outlet}", "dim")
    return line


def print_line(console, line) -> None:
    """One line per item: cut to the terminal's width, or whole when piped."""
    if console.is_terminal:
        console.print(line, overflow="ellipsis", no_wrap=True)
    else:
        console.print(line, soft_wrap=True)


def print_headlines(headlines: Sequence[Any], as_json: bool, empty: str) -> None:
    if as_json:
        print_json([h.to_json() for h in headlines])
        return
    if not headlines:
        say(empty)
        return
    console = stdout_console()
    for headline in headlines:
        print_line(console, headline_line(headline))


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.store import View

    store = ctx.store
    source_id = find_source_id(store, args.source) if args.source else None
    view = View(unread=args.unread, bookmarked=args.bookmarked, source_id=source_id)
    if args.bookmarked:
        empty = "no bookmarks yet (keep an article: newsreader bookmark ID, or b in the app)"
    elif args.unread or source_id is not None:
        empty = "no articles here"
    else:
        empty = "no articles (add a source: newsreader add URL|FILE|FOLDER)"
    print_headlines(store.headlines(view, limit=args.limit), args.json, empty)
    return 0


def cmd_search(ctx: Context, args: argparse.Namespace) -> int:
    hits = ctx.store.search(args.query, limit=args.limit)
    if args.json:
        print_json([{**hit.headline.to_json(), "snippet": hit.snippet} for hit in hits])
        return 0
    if not hits:
        say(f"nothing matches {clean_inline(args.query)!r}")
        return 0
    from rich.text import Text

    console = stdout_console()
    for hit in hits:
        print_line(console, headline_line(hit.headline))
        snippet = Text("      " + hit.snippet, "dim")
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start + 6, end + 6)
        print_line(console, snippet)
    return 0


def file_fields(document: Any, origin: str, feed: str | None = None) -> dict[str, Any]:
    """The CLI.md fields of an article read from a file without storing it (so no id)."""
    return {
        "id": None,
        "title": document.title,
        "date": document.date,
        "published": document.published,
        "source": document.source,
        "feed": feed,
        "origin": origin,
        "url": document.url,
        "read": False,
        "bookmarked": False,
    }


class ShownFile(NamedTuple):
    """A file given to ``show``: a feed's title and articles in feed order, or the one article it is."""

    is_feed: bool
    title: str | None
    articles: list[tuple[dict[str, Any], Any]]  # (fields, document)


def read_shown_file(ctx: Context, path: Path) -> ShownFile:
    """The articles of a file, read as ``add`` reads it (a feed by its content) but not stored."""
    from newsreader.sources.files import reads_as_feed  # the test ``add`` uses, so show and add agree
    from newsreader.sources.feeds import FeedError, parse_feed
    from newsreader.sources.files import SourceError, parse_article, read_bytes

    origin = str(path.resolve())
    try:
        data = read_bytes(path, ctx.config.limits.max_bytes)
        if reads_as_feed(path, data):
            parsed = parse_feed(data, origin)
            feed = parsed.title or None
            return ShownFile(True, feed, [(file_fields(item.document, origin, feed), item.document) for item in parsed.items])
        document = parse_article(data, path)
    except SourceError as error:  # names the file already
        raise CommandError(str(error)) from None
    except FeedError as error:  # "not a feed: …", "refused: …"
        raise CommandError(f"{path}: {error}") from None
    except Exception as error:  # a parser's surprise is one line too, as for add
        raise CommandError(f"{path}: cannot read it ({type(error).__name__}: {error})") from None
    return ShownFile(False, document.title, [(file_fields(document, origin), document)])


def load_stored_article(ctx: Context, article_id: str, feed_text: bool = False) -> tuple[dict[str, Any], Any]:
    """(fields, document) of a stored article.

    A kept article shows its whole text unless ``feed_text`` asks for the feed's own version."""
    article = ctx.store.article(article_id)
    if article is None:
        raise CommandError(f"no article with id {article_id!r} and no file at that path")
    from newsreader.keep import document_to_read

    if article.bookmarked and article.full_document is None and article.full_error:
        say(f"the feed's summary: the whole text could not be fetched ({article.full_error}); "
            "it will be retried on the next refresh")
    return article.to_json(), document_to_read(article, feed_text)


def shown_json(fields: dict[str, Any], document: Any) -> dict[str, Any]:
    """The CLI.md shape of ``show --json``: the article's fields plus its blocks."""
    return {**fields, "blocks": document.to_dict()["blocks"]}


# Piped or redirected, ``show`` wraps at $COLUMNS, else at this width (as git and man do):
# the same text whatever window it was run from. A terminal gets its own width.
PIPED_WIDTH = 80


def reading_width() -> int | None:
    """The width ``show`` wraps at when stdout is not a terminal (None on a terminal: its own)."""
    if sys.stdout.isatty():
        return None
    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPED_WIDTH


def print_reading(renderable: Any) -> None:
    """An article (or a feed's articles) on stdout: no line ends in spaces, in a pipe or on a screen."""
    from rich.console import Console

    from newsreader.render import TrimmedLines

    console = Console(highlight=False, markup=False, emoji=False, soft_wrap=False, width=reading_width())
    console.print(TrimmedLines(renderable))


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    path = Path(args.target).expanduser()
    if path.is_file():
        shown_file = read_shown_file(ctx, path)
        if shown_file.is_feed:
            return show_feed(path, shown_file.title, shown_file.articles, args.json)
        ((fields, document),) = shown_file.articles
    else:
        fields, document = load_stored_article(ctx, args.target, args.feed_text)
    if args.json:
        print_json(shown_json(fields, document))
        return 0
    from newsreader.render import render_document

    print_reading(render_document(document))
    return 0


def show_feed(path: Path, title: str | None, articles: list[tuple[dict[str, Any], Any]], as_json: bool) -> int:
    """A feed file's articles in feed order: each as ``show`` shows one, under a numbered line;
    with --json, a list of ``show --json`` objects (``feed`` is the feed's title)."""
    if as_json:
        print_json([shown_json(fields, document) for fields, document in articles])
    elif articles:
        from newsreader.render import render_feed

        print_reading(render_feed(title, [document for _, document in articles]))
    if not articles:
        say(f"{path}: the feed holds no articles")
    return 0


def cmd_sources(ctx: Context, args: argparse.Namespace) -> int:
    sources = ctx.store.sources()
    if args.json:
        print_json([source_json(s) for s in sources])
        return 0
    if not sources:
        say("no sources yet (add one: newsreader add URL|FILE|FOLDER)")
        return 0
    from datetime import datetime, timezone

    from rich.text import Text

    console = stdout_console()
    now = datetime.now(timezone.utc).isoformat()
    for source in sources:
        line = Text()
        line.append(f"{source.id:>4} ", "dim")
        line.append(f"{source.kind:<6} ", "dim")
        line.append(shown(source.title or source.address), "bold")
        line.append(f"  {source.article_count} articles, {source.unread_count} unread", "dim")
        status = source.last_status or "never refreshed"
        line.append(f"  [{status}]", "red" if status == "error" else "green")
        if source.last_error:
            line.append(f" {shown(source.last_error)}", "red")
        if source.retry_at and source.retry_at > now:
            line.append(f"; not asked again before {source.retry_at[:16].replace('T', ' ')} UTC", "red")
        if source.title and source.title != source.address:
            line.append(f"\n       {shown(source.address)}", "dim")
        console.print(line, overflow="fold")
    return 0


def source_json(source) -> dict[str, Any]:
    return {
        "id": source.id,
        "kind": source.kind,
        "address": source.address,
        "title": source.title,
        "folder": source.folder,
        "articles": source.article_count,
        "unread": source.unread_count,
        "status": source.last_status,
        "error": source.last_error,
        "last_refreshed": source.last_refreshed,
        "retry_at": source.retry_at,  # set while the server's Retry-After holds the next fetch back
    }


def result_json(result) -> dict[str, Any]:
    return {
        "source_id": result.source_id,
        "name": result.name,
        "status": result.status,
        "added": result.added,
        "updated": result.updated,
        "error": result.error,
    }


def print_results(results: Sequence[Any], as_json: bool) -> int:
    """The per-source summary; exit 1 when every source failed."""
    if as_json:
        print_json([result_json(r) for r in results])
    else:
        for result in results:
            name = clean_inline(result.name or "")
            if result.status == "error":
                error = clean_inline(result.error or "failed")
                say(f"✗ {name}: {error.removeprefix(f'{name}: ')}")
            elif result.status == "unchanged":
                say(f"· {name}: unchanged")
            else:
                say(f"✓ {name}: {result.added} new, {result.updated} updated")
    failed = sum(1 for r in results if r.status == "error")
    return 1 if results and failed == len(results) else 0


def progress_reporter(enabled: bool) -> tuple[Callable[[Any], None] | None, Callable[[], None]]:
    """A progress bar on stderr when it is a terminal: (on_progress, stop)."""
    if not enabled or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("refreshing"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        console=Console(stderr=True), transient=True,
    )
    task = progress.add_task("", total=None)
    progress.start()

    def on_progress(event) -> None:
        progress.update(task, completed=event.done, total=event.total, description=clean_inline(event.name or "")[:40])

    return on_progress, progress.stop


def run_with_cancel(work: Callable[[threading.Event], Any]) -> Any:
    """Run ``work(cancel)``; Ctrl+C sets ``cancel`` and waits for a clean stop."""
    cancel = threading.Event()
    try:
        return work(cancel)
    except KeyboardInterrupt:
        cancel.set()
        raise


def cmd_refresh(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.refresh import refresh_all

    store = ctx.store
    if not store.sources():
        say("no sources to refresh (add one: newsreader add URL|FILE|FOLDER)")
        complete_kept(ctx)
        return 0
    on_progress, stop = progress_reporter(not args.json)
    try:
        results = run_with_cancel(lambda cancel: refresh_all(store, ctx.config, on_progress=on_progress, cancel=cancel))
    finally:
        stop()
    if any(r.added or r.updated for r in results):
        from newsreader.related import resolve_all
        from newsreader.sources.parse_pool import POOL

        resolve_all(store, workers=POOL)
    code = print_results(results, args.json)
    complete_kept(ctx)
    return code


def complete_kept(ctx: Context) -> None:
    """Fetch the whole text of bookmarks that still need it (the modules only when some do:
    importing them is a tenth of a second of a refresh where every feed answers 304)."""
    if not ctx.store.kept_needing_text():
        return
    from newsreader.keep import complete_bookmarks

    report_kept(run_with_cancel(lambda cancel: complete_bookmarks(ctx.store, ctx.config, cancel=cancel)))


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.related import resolve_all
    from newsreader.refresh import add_sources

    store = ctx.store
    results = add_sources(store, ctx.config, [os.path.expanduser(s) if not _is_url(s) else s for s in args.sources])
    if any(r.added or r.updated for r in results):
        from newsreader.sources.parse_pool import POOL

        resolve_all(store, workers=POOL)
    return print_results(results, args.json)


def _is_url(spec: str) -> bool:
    return "://" in spec


def article_id_arg(ctx: Context, article_id: str) -> str:
    if ctx.store.article(article_id) is None:
        raise CommandError(f"no article with id {article_id!r} (see: newsreader list)")
    return article_id


def cmd_bookmark(ctx: Context, args: argparse.Namespace) -> int:
    article_id = article_id_arg(ctx, args.id)
    if args.command == "bookmark":
        ctx.store.bookmark(article_id)
        keep_whole(ctx, article_id)
    elif ctx.store.unbookmark(article_id):
        say(f"no longer kept: {article_id}")
    else:
        say(f"{article_id} was not kept")
    return 0


def keep_whole(ctx: Context, article_id: str) -> None:
    """Fetch a kept article's whole text now when its feed gave only a summary."""
    from newsreader.keep import fetch_whole_text, needs_whole_text

    article = ctx.store.article(article_id)
    if not needs_whole_text(article):
        say(f"kept {article_id}")
        return
    say(f"kept {article_id}; fetching the whole text from {article.url}…")
    result = fetch_whole_text(ctx.store, article_id, ctx.config)
    if result.status == "kept":
        say(f"whole text kept ({result.words} words)")
    else:
        say(f"could not fetch the whole text: {result.error}; "
            "the summary is kept and it will be retried on the next refresh")


def report_kept(results: Sequence[Any]) -> None:
    """One line per kept article whose whole text was fetched (or not) after a refresh."""
    for result in results:
        if result.status == "kept":
            say(f"✓ whole text kept for {result.article_id} ({result.words} words)")
        elif result.status == "failed":
            say(f"✗ whole text of {result.article_id}: {result.error} (retried on the next refresh)")


def cmd_bookmarks(ctx: Context, args: argparse.Namespace) -> int:
    print_headlines(ctx.store.bookmarks(), args.json, "no bookmarks yet (keep an article: newsreader bookmark ID, or b in the app)")
    return 0


def cmd_export_bookmarks(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.export import export_html, export_json, export_markdown, for_export

    store = ctx.store
    kept = [store.article(h.id) for h in store.bookmarks()]
    kept = [a for a in kept if a is not None]
    from newsreader.keep import document_to_read

    documents = [for_export(a, document_to_read(a)) for a in kept]
    if args.format == "md":
        text = export_markdown(documents)
    elif args.format == "html":
        text = export_html(documents)
    else:
        text = export_json({**a.to_json(), **d.to_dict(), "id": a.id} for a, d in zip(kept, documents))
    write_output(text, args.output)
    if not kept:
        say("no bookmarks yet: the export is empty")
    return 0


def write_output(text: str, output: str | None) -> None:
    """To stdout, or atomically to a file (temp file, then rename)."""
    if not output:
        sys.stdout.write(text)
        return
    target = Path(output).expanduser()
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(text, "utf-8")
        tmp.replace(target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise CommandError(f"cannot write {target}: {error.strerror or error}") from None
    say(f"wrote {target}")


def cmd_import_opml(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.sources.opml import read_opml_report

    path = Path(args.file).expanduser()
    try:
        found = read_opml_report(path.read_bytes())
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror or error}") from None
    except Exception as error:
        raise CommandError(f"{path}: {error}") from None
    store = ctx.store
    known = {s.address: s for s in store.sources()}
    added, existing = [], []
    for entry in found.entries:
        if entry.url in known:
            existing.append(known[entry.url])
            continue
        known[entry.url] = store.add_source("feed", entry.url, title=entry.title, folder=entry.folder)
        added.append(known[entry.url])
    if args.json:
        print_json({
            "added": [imported_json(s) for s in added],
            "existing": [imported_json(s) for s in existing],
            "skipped": [{"address": s.address, "title": s.title, "folder": s.folder, "reason": s.reason,
                         "message": s.message} for s in found.skipped],
        })
        return 0
    there = f" ({len(existing)} already there)" if existing else ""
    fetch = "; fetch them with: newsreader refresh" if added else ""
    say(f"imported {len(added)} new subscription{'' if len(added) == 1 else 's'}{there}{fetch}")
    report_skipped(found.skipped)
    return 0


def imported_json(source) -> dict[str, Any]:
    return {"id": source.id, "address": source.address, "title": source.title, "folder": source.folder}


SKIPPED_SHOWN = 10  # skipped outlines named one a line; the rest counted


def report_skipped(skipped: Sequence[Any]) -> None:
    """One line per OPML outline left out, with why: the first few, then how many more."""
    if not skipped:
        return
    say(f"skipped {len(skipped)} outline{'' if len(skipped) == 1 else 's'}:")
    for outline in skipped[:SKIPPED_SHOWN]:
        name = shown(outline.address) or "(no address)"
        title = shown(outline.title)
        hint = "; newsreader add finds a web page's feed" if outline.reason == "no-address" and outline.address else ""
        say(f"  {name}{f' ({title})' if title and title != name else ''}: {outline.message}{hint}")
    if len(skipped) > SKIPPED_SHOWN:
        say(f"  … and {len(skipped) - SKIPPED_SHOWN} more (all of them: newsreader import-opml FILE --json)")


def cmd_export_opml(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.sources.opml import write_opml

    write_output(write_opml([s for s in ctx.store.sources() if s.kind == "feed"]), args.output)
    return 0


def cmd_import_newsboat(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.imports.newsboat import ImportError_, import_newsboat, locate_files

    try:
        files = locate_files(args.urls, args.cache, args.config)
        progress = (lambda line: None) if args.json or not sys.stderr.isatty() else _progress_line
        report = import_newsboat(ctx.store, files, config_path=ctx.paths.config, dry_run=args.dry_run, progress=progress)
    except ImportError_ as error:
        raise CommandError(str(error)) from None
    finally:
        if not args.json and sys.stderr.isatty():
            sys.stderr.write("\r\033[K")
    if args.json:
        print_json(report.to_json())
        return 0
    would = "would import" if report.dry_run else "imported"
    say(f"{would} from {shown(str(files.urls))}"
        + (f" and {shown(str(files.cache))}" if files.cache else "")
        + (f" and {shown(str(files.config))}" if files.config else ""))
    say(f"  feeds: {plural(len(report.feeds_added), 'new feed')}, {len(report.feeds_existing)} already here")
    say(f"  articles: {plural(report.articles_added, 'new article')} ({report.marked_read} read, "
        f"{report.bookmarked} flagged as bookmarks), {report.articles_existing} already here")
    if report.views_added or report.views_existing:
        say(f"  query feeds: {plural(len(report.views_added), 'saved view')}"
            + (f", {len(report.views_existing)} already here" if report.views_existing else ""))
    if report.config_keys_added or report.rules_added:
        say(f"  config: {plural(report.config_keys_added, 'key')} and {plural(report.rules_added, 'rule')} "
            f"{'would be ' if report.dry_run else ''}added to {shown(str(ctx.paths.config))}")
    if report.skipped:
        say(f"skipped {plural(len(report.skipped), 'line')}:")
        for name, line in report.skipped:
            say(f"  {name}:{line.line}: {shown(line.text)[:80]}: {line.reason}")
    if not report.dry_run and report.feeds_added:
        say("fetch what is new since with: newsreader refresh")
    return 0


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _progress_line(line: str) -> None:
    sys.stderr.write("\r\033[K" + shown(line)[:70])
    sys.stderr.flush()


def cmd_app(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.launch import run_app, run_demo

    if args.demo:
        return run_demo(ctx.config)
    return run_app(ctx.store, ctx.config, ctx.paths)


# --- the parser -------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="A terminal news reader: feeds and article files in, stories you can follow out.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    parser.add_argument("--home", metavar="DIR", help=f"keep data, config and cache under DIR (also ${HOME_ENV})")
    parser.add_argument("--demo", action="store_true", help="open the app on the bundled demo library, in a temporary store")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Callable[[Context, argparse.Namespace], int], help: str, json_flag: bool = False):
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        if json_flag:
            sub.add_argument("--json", action="store_true", help="print one JSON document on stdout")
        return sub

    add = command("add", cmd_add, "add feed URLs, web pages, feed files, article files or folders, and ingest them now", True)
    add.add_argument("sources", nargs="+", metavar="SOURCE")
    command("refresh", cmd_refresh, "fetch or rescan every source", True)
    command("sources", cmd_sources, "the sources, with article counts and the last refresh's status", True)
    listing = command("list", cmd_list, "headlines, newest first", True)
    listing.add_argument("--unread", action="store_true", help="only unread articles")
    listing.add_argument("--bookmarked", action="store_true", help="only kept articles")
    listing.add_argument("--source", metavar="NAME", help="one source, by id, address or title")
    listing.add_argument("--limit", type=positive_int, default=50, metavar="N", help="at most N headlines (default 50)")
    show = command("show", cmd_show, "render a stored article (by id) or a file (by path, without storing it; "
                   "a feed file: each of its articles)", True)
    show.add_argument("target", metavar="ID_OR_PATH")
    show.add_argument(
        "--feed-text", action="store_true", help="a kept article as its feed gave it, not its fetched whole text"
    )
    search = command("search", cmd_search, "full-text search of the store, best match first", True)
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=positive_int, default=20, metavar="N", help="at most N results (default 20)")
    for name, help_text in (("bookmark", "keep an article, whole, for offline reading"), ("unbookmark", "stop keeping an article")):
        command(name, cmd_bookmark, help_text).add_argument("id", metavar="ID")
    command("bookmarks", cmd_bookmarks, "the kept articles, newest kept first", True)
    export = command("export-bookmarks", cmd_export_bookmarks, "write every kept article, whole")
    export.add_argument("--format", choices=("md", "html", "json"), required=True, help="Markdown, one HTML page, or JSON")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    imp = command("import-opml", cmd_import_opml, "subscribe to the feeds of an OPML file", True)
    imp.add_argument("file", metavar="FILE")
    exp = command("export-opml", cmd_export_opml, "write the feed subscriptions as OPML")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    newsboat = command("import-newsboat", cmd_import_newsboat,
                       "bring newsboat's feeds, tags, titles, query feeds, items and read state", True)
    newsboat.add_argument("--urls", metavar="FILE", help="newsboat's urls file (default: ~/.newsboat/urls or ~/.config/newsboat/urls)")
    newsboat.add_argument("--cache", metavar="FILE", help="newsboat's cache.db, read-only (default: beside it)")
    newsboat.add_argument("--config", metavar="FILE", help="newsboat's config: bind-key, ignore-article, a few settings")
    newsboat.add_argument("--dry-run", action="store_true", help="say what would be imported and skipped; change nothing")
    return parser


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.handler = cmd_app
    elif args.demo:
        parser.error("--demo opens the app; it takes no command")
    ctx: Context | None = None
    try:
        ctx = Context(args.home)
        return args.handler(ctx, args)
    except (CommandError, ConfigError) as error:
        say(f"newsreader: {error}")
        return 1
    except KeyboardInterrupt:
        say("newsreader: interrupted")
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except Exception as error:
        from newsreader.store import StoreError

        if isinstance(error, StoreError):
            say(f"newsreader: {error}")
            return 1
        raise
    finally:
        if ctx is not None:
            ctx.close()
