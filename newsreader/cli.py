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
  newsreader list --query 'unread tag:tech newer:2d -source:ads'   the query language (README)
  newsreader story 3f2a9c01d4e5b6a7          the articles linked to it and from it, oldest first

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


def plural(count: int, word: str, words: str | None = None) -> str:
    """"1 article", "2 articles": a count with its noun agreeing."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def find_source_id(store, name: str, *, exact: bool = False) -> int:
    """A source by id, exact address (a path may be given as the user types it), or title
    (case-insensitive). Without ``exact`` a title may also be given in part, when only one
    source's title holds it; with it (to remove or rename) a part only names the candidates.
    Unknown or ambiguous: CommandError naming what matched."""
    return find_source(store, name, exact=exact).id


def find_source(store, name: str, *, exact: bool = False):
    sources = store.sources()
    for source in sources:
        if name == str(source.id) or name == source.address:
            return source
    if not _is_url(name):
        try:
            path = str(Path(name).expanduser().resolve())
        except (OSError, RuntimeError, ValueError):
            path = None
        for source in sources:
            if source.kind != "feed" and path == source.address:
                return source
    folded = name.strip().casefold()
    matches = [s for s in sources if (s.title or "").casefold() == folded]
    if len(matches) == 1:
        return matches[0]
    partial = not matches
    if partial:
        matches = [s for s in sources if folded and folded in (s.title or s.address).casefold()]
        if len(matches) == 1 and not exact:
            return matches[0]
    names = ", ".join(f"{s.id}: {shown(s.name)}" for s in matches[:5])
    more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
    if not matches:
        raise CommandError(f"no source named {shown(name)!r} (see: newsreader sources)")
    if partial and exact:
        raise CommandError(f"no source named {shown(name)!r}; did you mean {names}{more}? Give its id, address "
                           "or whole title")
    raise CommandError(f"{shown(name)!r} matches several sources ({names}{more}); give its id")


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


def headlines_json(store, headlines: Sequence[Any]) -> list[dict[str, Any]]:
    """Articles in a list as CLI.md shapes them, with the sync account that owns each (or null)."""
    from newsreader.sync import account_of_articles

    owners = account_of_articles(store, [h.id for h in headlines]) if store is not None else {}
    return [{**h.to_json(), "account": owners.get(h.id)} for h in headlines]


def print_headlines(headlines: Sequence[Any], as_json: bool, empty: str, store=None) -> None:
    if as_json:
        print_json(headlines_json(store, headlines))
        return
    if not headlines:
        say(empty)
        return
    console = stdout_console()
    for headline in headlines:
        print_line(console, headline_line(headline))


class BadQuery(Exception):
    """A query the language cannot read: its message and a pointer are shown, exit 2."""


def compiled_query(ctx: Context, text: str):
    """``text`` compiled for the store; BadQuery (shown with a pointer) when malformed."""
    from newsreader.query import QueryError

    try:
        return ctx.store.compile_query(text)
    except QueryError as error:
        raise BadQuery(f"bad query: {error}\n{error.pointer(text)}") from None


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.store import View

    store = ctx.store
    source_id = find_source_id(store, args.source) if args.source else None
    query_text = args.query
    if args.view is not None:
        saved = store.saved_view(args.view)
        if saved is None:
            raise CommandError(f"no view named {args.view!r} (see: newsreader view list)")
        query_text = f"({saved.query}) ({query_text})" if query_text is not None else saved.query
    query = compiled_query(ctx, query_text) if query_text is not None else None
    view = View(unread=args.unread, bookmarked=args.bookmarked, source_id=source_id, query=query)
    if args.bookmarked:
        empty = "no bookmarks yet (keep an article: newsreader bookmark ID, or b in the app)"
    elif args.unread or source_id is not None or query is not None:
        empty = "no articles here"
    else:
        empty = "no articles (add a source: newsreader add URL|FILE|FOLDER)"
    print_headlines(store.headlines(view, limit=args.limit), args.json, empty, store)
    return 0


def cmd_search(ctx: Context, args: argparse.Namespace) -> int:
    compiled_query(ctx, args.query)  # a malformed query is shown with a pointer, not searched
    hits = ctx.store.find(args.query, limit=args.limit)
    if args.json:
        listed = headlines_json(ctx.store, [hit.headline for hit in hits])
        print_json([{**fields, "snippet": hit.snippet} for fields, hit in zip(listed, hits)])
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


def cmd_view(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    if args.action == "add":
        compiled_query(ctx, args.query)
        try:
            new = store.save_view(args.name, args.query)
        except ValueError as error:
            raise CommandError(str(error)) from None
        say(f"{'saved' if new else 'changed'} view {shown(args.name)!r}")
        return 0
    if args.action == "remove":
        if not store.remove_view(args.name):
            raise CommandError(f"no view named {args.name!r} (see: newsreader view list)")
        say(f"removed view {shown(args.name)!r}")
        return 0
    counted = store.saved_view_counts()
    if args.json:
        print_json([{"name": v.name, "query": v.query, "unread": unread} for v, unread in counted])
        return 0
    if not counted:
        say("no saved views (save one: newsreader view add NAME QUERY)")
        return 0
    from rich.text import Text

    console = stdout_console()
    for saved, unread in counted:
        line = Text()
        line.append(shown(saved.name), "bold")
        line.append(f"  {shown(saved.query)}", "dim")
        line.append(f"  ({unread} unread)" if unread is not None else "  (the query no longer reads)", "dim")
        print_line(console, line)
    return 0


def cmd_tag(ctx: Context, args: argparse.Namespace) -> int:
    """Tags on an article (by its id) or a source (by id, address or title)."""
    store = ctx.store
    names = [n for n in (clean_inline(n).strip() for n in args.names) if n]
    if not names:
        raise CommandError("give at least one tag name")
    adding = args.command == "tag"
    if store.article(args.target) is not None:
        owner, before = f"article {args.target}", store.tags_of_article(args.target)
        if adding:
            store.tag_articles([args.target], names)
        else:
            store.untag_articles([args.target], names)
        now = store.tags_of_article(args.target)
    else:
        source_id = find_source_id(store, args.target)
        owner, before = f"source {source_id}", store.tags_of_source(source_id)
        if adding:
            store.tag_source(source_id, names)
        else:
            store.untag_source(source_id, names)
        now = store.tags_of_source(source_id)
    if not adding:
        had = {tag.casefold() for tag in before}
        missing = [name for name in names if name.casefold() not in had]
        if missing:
            say(f"{owner} had no tag {', '.join(repr(shown(name)) for name in missing)}")
    say(f"{owner}: {', '.join(now) if now else 'no tags'}")
    return 0


def cmd_unread_count(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.store import View

    view = View(query=compiled_query(ctx, args.query)) if args.query is not None else None
    total, by_source = ctx.store.unread_counts(view)
    if args.json:
        print_json({"unread": total, "by_source": [{"id": i, "title": t, "unread": n} for i, t, n in by_source]})
    else:
        sys.stdout.write(f"{total}\n")
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
    document = document_to_read(article, feed_text)
    if document is not article.document:  # the kept whole text: its links lead where the feed's do
        _same_links(article.document, document)
    return {**article.to_json(), "linked_from": ctx.store.linked_from(article.id)}, document


def _same_links(stored: Any, shown: Any) -> None:
    """Give ``shown``'s related links the targets and suggestions of the stored document's
    links with the same headline."""
    known = {(link.title, link.url): link for link in stored.related_links}
    for link in shown.related_links:
        match = known.get((link.title, link.url))
        if match is not None and link.target is None:
            link.target, link.suggestions = match.target, match.suggestions


def shown_json(fields: dict[str, Any], document: Any) -> dict[str, Any]:
    """The CLI.md shape of ``show --json``: the article's fields plus its blocks; a related
    block that leads nowhere carries its ``suggestions``; a stored article its ``linked_from``."""
    blocks = document.to_dict()["blocks"]
    related = iter(document.related_links)
    for block in blocks:
        if block.get("type") == "related":
            link = next(related, None)
            if block.get("target") is None:
                block["suggestions"] = list(link.suggestions) if link is not None else []
    return {**fields, "blocks": blocks}


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
    console.print(TrimmedLines(renderable), crop=False)  # an Unbroken address is printed whole


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    path = Path(args.target).expanduser()
    if path.is_file():
        shown_file = read_shown_file(ctx, path)
        if shown_file.is_feed:
            return show_feed(path, shown_file.title, shown_file.articles, args.json)
        ((fields, document),) = shown_file.articles
        from newsreader.refresh import modified_time

        changed = None if document.date or document.published else modified_time(path)
        day = changed[:10] if changed else None
    else:
        fields, document = load_stored_article(ctx, args.target, args.feed_text)
        day = getattr(ctx.store.article(args.target), "file_date", None)
    if args.json:
        print_json(shown_json(fields, document))
        return 0
    from newsreader.render import render_document

    print_reading(render_document(document, file_date=day))
    return 0


def cmd_story(ctx: Context, args: argparse.Namespace) -> int:
    """The articles linked to this one, and to those, either way, oldest first."""
    line = ctx.store.story(args.id)
    if not line:
        raise CommandError(f"no article with id {args.id!r}")
    if args.json:
        print_json({"id": args.id, "articles": [{**head.to_json(), "links_to": links} for head, links in line]})
        return 0
    if len(line) == 1:
        say("no resolved links to or from this article: its story line is itself")
    console = stdout_console()
    for head, _links in line:
        from rich.text import Text

        mark = Text("▶ " if head.id == args.id else "  ", "bold")
        print_line(console, mark + headline_line(head))
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
    from newsreader.library import Library
    from newsreader.source_settings import DEFAULT

    sources = ctx.store.sources()
    settings = Library(ctx.store, ctx.config).all_source_settings()
    if args.json:
        tags = ctx.store.source_tags()
        print_json([{**source_json(s), "tags": tags.get(s.id, []), "settings": settings.get(s.id, DEFAULT).to_json()}
                    for s in sources])  # fmt: skip
        return 0
    if not sources:
        say("no sources yet (add one: newsreader add URL|FILE|FOLDER)")
        return 0
    print_sources_table(sources, disabled={i for i, s in settings.items() if not s.enabled})
    return 0


# The columns of ``sources`` after the title: articles, unread, status (its widest word, "unchanged").
SOURCE_COUNTS = "  {:>8}  {:>6}  "
SOURCE_COUNTS_WIDTH = len(SOURCE_COUNTS.format("", "")) + len("unchanged")
SOURCE_INDENT = 6  # "  12  ": the id column; titles, addresses and errors start here


def print_sources_table(sources: Sequence[Any], disabled: set[int] | frozenset[int] = frozenset()) -> None:
    """One row per source (id, title, articles, unread, status) fitted to the width (the
    terminal's, else $COLUMNS or 80): a long title wraps within its column; under it the
    address, never broken, and the last error, wrapped."""
    from datetime import datetime, timezone

    from rich.text import Text

    console = stdout_console()
    title_width = max(20, console.width - SOURCE_INDENT - SOURCE_COUNTS_WIDTH)
    whole = {"no_wrap": True, "overflow": "ignore", "crop": False}  # an address is never cut or folded
    header = f"{'id':>4}  {'source':<{title_width}}{SOURCE_COUNTS.format('articles', 'unread')}status"
    console.print(Text(header, "dim"), **whole)
    now = datetime.now(timezone.utc).isoformat()
    for source in sources:
        untitled = not source.title or source.title == source.address  # its name is its address
        title = Text("(no title yet)", "dim") if untitled else Text(shown(source.name), "bold")
        title_lines = title.wrap(console, title_width)
        row = Text(f"{source.id:>4}  ", "dim")
        row.append_text(title_lines[0])
        row.append(" " * max(0, title_width - title_lines[0].cell_len))
        row.append(SOURCE_COUNTS.format(source.article_count, source.unread_count))
        status = "disabled" if source.id in disabled else source.last_status or "not yet"
        row.append(status, "red" if status == "error" else "green" if status in ("ok", "unchanged") else "dim")
        console.print(row, **whole)
        for line in title_lines[1:]:
            line.rstrip()
            console.print(Text(" " * SOURCE_INDENT).append_text(line), **whole)
        if source.address:  # whole on a line of its own, never folded within the title's column
            console.print(Text(" " * SOURCE_INDENT + shown(source.address), "dim"), **whole)
        error = shown(source.last_error)
        if source.retry_at and source.retry_at > now:
            error += f"{'; ' if error else ''}not asked again before {source.retry_at[:16].replace('T', ' ')} UTC"
        if error:
            for line in Text(f"✗ {error}", "red").wrap(console, max(20, console.width - SOURCE_INDENT)):
                line.rstrip()
                console.print(Text(" " * SOURCE_INDENT).append_text(line), **whole)


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
        "existing": bool(getattr(result, "existing", False)),  # add: the source was subscribed already
    }


def print_results(results: Sequence[Any], as_json: bool) -> int:
    """The per-source summary; exit 1 when any source failed (CLI.md), saying how many last."""
    if as_json:
        print_json([result_json(r) for r in results])
    else:
        print_result_lines(results)
    return failure_summary(results)


def print_result_lines(results: Sequence[Any]) -> None:
    for result in results:
        name = clean_inline(result.name or "")
        if result.status == "error":
            error = clean_inline(result.error or "failed")
            say(f"✗ {name}: {error.removeprefix(f'{name}: ')}")
        elif getattr(result, "existing", False):
            news = f" ({result.added} new, {result.updated} updated)" if result.added or result.updated else ""
            say(f"· Already subscribed: {name}{news}")
        elif result.status == "unchanged":
            say(f"· {name}: unchanged")
        else:
            say(f"✓ {name}: {result.added} new, {result.updated} updated")


def failure_summary(results: Sequence[Any], accounts: Sequence[Any] = ()) -> int:
    """Exit 1 when any source or account failed (CLI.md), with a last line saying how many."""
    failed = sum(1 for r in results if r.status == "error")
    failed_accounts = sum(1 for r in accounts if not r.ok)
    if failed:
        say(f"{failed} of {len(results)} {'source' if len(results) == 1 else 'sources'} failed")
    if failed_accounts:
        say(f"{failed_accounts} of {len(accounts)} {'account' if len(accounts) == 1 else 'accounts'} failed")
    return 1 if failed or failed_accounts else 0


def progress_reporter(enabled: bool, label: str = "refreshing") -> tuple[Callable[[Any], None] | None, Callable[[], None]]:
    """A progress bar on stderr when it is a terminal: (on_progress, stop)."""
    if not enabled or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
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
    from newsreader.cli_sync import account_json, account_progress, report_accounts
    from newsreader.library import Library

    library = Library(ctx.store, ctx.config)
    due: list[int] | None = None
    if args.due:  # only the sources whose own interval has passed (for cron); no accounts
        due = library.due_sources()
        if not due:
            if args.json:
                print_json([])
            else:
                say("no source is due (a source is due when its interval has passed: newsreader source set ID interval=2h)")
            return 0
    has_sources = due is not None or any(s.kind != "synced" for s in ctx.store.sources())
    on_progress, stop = progress_reporter(not args.json and has_sources)
    on_account_line, stop_accounts = account_progress(not args.json)

    def on_account(event: Any) -> None:  # the sources are done: their bar gives way to the accounts' line
        stop()
        if on_account_line is not None:
            on_account_line(event)

    try:
        report = run_with_cancel(lambda cancel: library.refresh(due, on_progress=on_progress, cancel=cancel,
                                                                on_account=on_account))  # fmt: skip
    finally:
        stop()
        stop_accounts()
    report_rules(report.rules, quiet=args.json)
    if not args.json:
        if has_sources:
            print_result_lines(report.sources)
        report_accounts(report.accounts)
    if not has_sources and not report.accounts:
        say("no sources to refresh (add one: newsreader add URL|FILE|FOLDER)")
    elif args.json:  # one document: the sources' results, then the accounts'
        print_json([*(result_json(r) for r in report.sources), *(account_json(r) for r in report.accounts)])
    if report.notify_error:
        say(report.notify_error)
    report_kept(report.kept)
    report_full_texts(report.full_texts)
    return failure_summary(report.sources, report.accounts)


def report_full_texts(results: Sequence[Any]) -> None:
    """The pages fetched for sources whose settings ask for ``full_text``: a count, and why
    each one failed (the feed's text stays)."""
    kept = sum(1 for r in results if r.status == "kept")
    failed = [r for r in results if r.status == "failed"]
    if kept:
        say(f"whole text fetched for {plural(kept, 'new article')}")
    for result in failed:
        say(f"✗ whole text of {shown(result.url or result.article_id)}: {shown(result.error)} (the feed's text stays)")


def report_rules(results: Sequence[Any], quiet: bool = False) -> None:
    """What the config's rules did to a refresh's or an add's new articles."""
    for result in results:
        if result.ids and not quiet:
            say(f"rule {result.rule.action} ({shown(result.rule.query)}): {len(result.ids)} article"
                f"{'' if len(result.ids) == 1 else 's'}")


def cmd_rules(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.rules import dry_run

    rules = ctx.config.rules
    results = dry_run(ctx.store, rules)
    if args.json:
        print_json([result.to_json() for result in results])
        return 0
    if not results:
        say(f"no rules in {ctx.paths.config} (add [[rules]] tables with query and action)")
        return 0
    console = stdout_console()
    from rich.text import Text

    for result in results:
        line = Text()
        line.append(f"line {result.rule.line}: " if result.rule.line else "", "dim")
        line.append(shown(result.rule.action), "bold")
        line.append(f"  {shown(result.rule.query)}  ", "")
        line.append(f"{len(result.ids)} article{'' if len(result.ids) == 1 else 's'} now", "dim")
        print_line(console, line)
    return 0


def complete_kept(ctx: Context) -> None:
    """Fetch the whole text of bookmarks that still need it (the modules only when some do:
    importing them is a tenth of a second of a refresh where every feed answers 304)."""
    if not ctx.store.kept_needing_text():
        return
    from newsreader.keep import complete_bookmarks

    report_kept(run_with_cancel(lambda cancel: complete_bookmarks(ctx.store, ctx.config, cancel=cancel)))


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    if args.account:
        from newsreader.cli_sync import add_to_account

        return add_to_account(ctx, args)
    from newsreader.library import Library

    on_progress, stop = progress_reporter(not args.json, "adding")
    try:
        specs = [os.path.expanduser(s) if not _is_url(s) else s for s in args.sources]
        report = Library(ctx.store, ctx.config).add(specs, on_progress=on_progress)
    finally:
        stop()
    report_rules(report.rules, quiet=args.json)
    return print_results(report.sources, args.json)


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
        say(f"whole text kept ({plural(result.words, 'word')})")
    else:
        say(f"could not fetch the whole text: {result.error}; "
            "the summary is kept and it will be retried on the next refresh")


def cmd_fulltext(ctx: Context, args: argparse.Namespace) -> int:
    """Fetch any article's page now and keep its main text with the article (searchable,
    shown in place of the feed's text); the feed's text is never lost."""
    from newsreader.keep import fetch_whole_text, is_web_address

    article_id = article_id_arg(ctx, args.id)
    article = ctx.store.article(article_id)
    if article is None or not is_web_address(article.url):
        raise CommandError(f"{article_id} has no web address (http or https) to fetch its page from")
    say(f"fetching the whole text of {article_id} from {article.url}…")
    result = run_with_cancel(lambda cancel: fetch_whole_text(ctx.store, article_id, ctx.config, force=True))
    if result.status != "kept":
        raise CommandError(f"could not fetch the whole text: {result.error}; the feed's text is kept")
    say(f"whole text kept ({plural(result.words, 'word')}): newsreader show {article_id} "
        "(--feed-text for the feed's own)")
    return 0


def report_kept(results: Sequence[Any]) -> None:
    """One line per kept article whose whole text was fetched (or not) after a refresh."""
    for result in results:
        if result.status == "kept":
            say(f"✓ whole text kept for {result.article_id} ({plural(result.words, 'word')})")
        elif result.status == "failed":
            say(f"✗ whole text of {result.article_id}: {result.error} (retried on the next refresh)")


def cmd_bookmarks(ctx: Context, args: argparse.Namespace) -> int:
    print_headlines(ctx.store.bookmarks(), args.json, "no bookmarks yet (keep an article: newsreader bookmark ID, or b in the app)", ctx.store)
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
        if entry.categories:
            store.tag_source(known[entry.url].id, entry.categories)
        if entry.html_url:
            store.set_web_pages({known[entry.url].id: entry.html_url})
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
    say(f"imported {plural(len(added), 'new subscription')}{there}{fetch}")
    report_skipped(found.skipped)
    return 0


def imported_json(source) -> dict[str, Any]:
    return {"id": source.id, "address": source.address, "title": source.title, "folder": source.folder}


SKIPPED_SHOWN = 10  # skipped outlines named one a line; the rest counted


def report_skipped(skipped: Sequence[Any]) -> None:
    """One line per OPML outline left out, with why: the first few, then how many more."""
    if not skipped:
        return
    say(f"skipped {plural(len(skipped), 'outline')}:")
    for outline in skipped[:SKIPPED_SHOWN]:
        name = shown(outline.address) or "(no address)"
        title = shown(outline.title)
        hint = "; newsreader add finds a web page's feed" if outline.reason == "no-address" and outline.address else ""
        say(f"  {name}{f' ({title})' if title and title != name else ''}: {outline.message}{hint}")
    if len(skipped) > SKIPPED_SHOWN:
        say(f"  … and {len(skipped) - SKIPPED_SHOWN} more (all of them: newsreader import-opml FILE --json)")


def cmd_export_opml(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.sources.opml import write_opml

    store = ctx.store
    feeds = [s for s in store.sources() if s.kind == "feed"]
    write_output(write_opml(feeds, tags=store.source_tags(), web_pages=store.web_pages()), args.output)
    return 0


def cmd_remove(ctx: Context, args: argparse.Namespace) -> int:
    """Unsubscribe: every SOURCE is found first, so a wrong one changes nothing."""
    store = ctx.store
    chosen: dict[int, Any] = {}
    for name in args.sources:
        source = find_source(store, name, exact=True)
        chosen.setdefault(source.id, source)
    for source in chosen.values():
        removed = _remove_source(ctx, source)
        if removed is None:  # removed meanwhile (another newsreader)
            say(f"already gone: {shown(source.name)}")
            continue
        stay = []
        if removed.kept:
            stay.append(f"{plural(removed.kept, 'bookmarked article')} (newsreader bookmarks)")
        if removed.linked:
            stay.append(f"{plural(removed.linked, 'story', 'stories')} a bookmark links to")
        kept = f"; kept: {' and '.join(stay)}" if stay else ""
        say(f"removed {shown(removed.name)} and {plural(removed.removed, 'article')}{kept}")
    return 0


def _remove_source(ctx: Context, source: Any) -> Any:
    """Remove a source here; an account's subscription on its server first (see sync.subscriptions)."""
    if source.kind != "synced":
        return ctx.store.remove_source(source.id)
    from newsreader.sync import SyncError
    from newsreader.sync.subscriptions import remove_source

    try:
        return remove_source(ctx.store, ctx.config, source.id)
    except SyncError as error:
        raise CommandError(f"{shown(source.name)} stays: {error}") from None


def cmd_rename(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    source = find_source(store, args.source, exact=True)
    title = clean_inline(args.title)
    if not title:
        raise CommandError("the new title is empty")
    if source.kind == "synced":
        from newsreader.sync import SyncError
        from newsreader.sync.subscriptions import rename_source

        try:
            rename_source(store, ctx.config, source.id, title)
        except SyncError as error:
            raise CommandError(f"{shown(source.name)} keeps its title: {error}") from None
        say(f"renamed {shown(source.name)} to {title} on its server")
        return 0
    if not store.rename_source(source.id, title):
        raise CommandError(f"no source with id {source.id} (removed meanwhile?)")
    say(f"renamed {shown(source.name)} to {title} (kept when it is refreshed)")
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
        say(f"  config: {plural(report.config_keys_added, 'setting')} and {plural(report.rules_added, 'rule')} "
            f"{'would be ' if report.dry_run else ''}added to {shown(str(ctx.paths.config))}")
    if report.skipped:
        say(f"skipped {plural(len(report.skipped), 'line')}:")
        for name, line in report.skipped:
            say(f"  {name}:{line.line}: {shown(line.text)[:80]}: {line.reason}")
    if not report.dry_run and report.feeds_added:
        say("fetch what is new since with: newsreader refresh")
    return 0


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
    add.add_argument("--account", metavar="NAME", help="subscribe on a sync account's server instead (then sync it)")
    refresh = command("refresh", cmd_refresh, "fetch or rescan every source", True)
    refresh.add_argument("--due", action="store_true",
                         help="only the sources whose own refresh interval has passed (for cron; see: newsreader source set)")
    command("sources", cmd_sources, "the sources, with article counts and the last refresh's status", True)
    listing = command("list", cmd_list, "headlines, newest first", True)
    listing.add_argument("--unread", action="store_true", help="only unread articles")
    listing.add_argument("--bookmarked", action="store_true", help="only kept articles")
    listing.add_argument("--source", metavar="NAME", help="one source, by id, address or title")
    listing.add_argument("--limit", type=positive_int, default=50, metavar="N", help="at most N headlines (default 50)")
    listing.add_argument("--query", metavar="Q", help="only articles the query matches (the query language: see README)")
    listing.add_argument("--view", metavar="NAME", help="only the articles of a saved view")
    show = command("show", cmd_show, "render a stored article (by id) or a file (by path, without storing it; "
                   "a feed file: each of its articles)", True)
    show.add_argument("target", metavar="ID_OR_PATH")
    show.add_argument(
        "--feed-text", action="store_true", help="a kept article as its feed gave it, not its fetched whole text"
    )
    story = command("story", cmd_story, "the story line: every article reachable through resolved links, "
                    "in date order", True)
    story.add_argument("id", metavar="ID")
    search = command("search", cmd_search, "search the store in the query language (words, \"phrases\", unread, "
                     "tag:x, source:x, newer:7d, -term, OR, parentheses), best match first", True)
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=positive_int, default=20, metavar="N", help="at most N results (default 20)")
    for name, help_text in (("tag", "tag an article (by id) or a source (by id, address or title)"),
                            ("untag", "take tags off an article or a source")):
        tagging = command(name, cmd_tag, help_text)
        tagging.add_argument("target", metavar="ID")
        tagging.add_argument("names", nargs="+", metavar="NAME")
    rules = command("rules", cmd_rules, "the config's [[rules]] (every refresh applies them): --dry-run shows what "
                    "each would match now", True)
    rules.add_argument("--dry-run", action="store_true", required=True,
                       help="change nothing; count what each rule matches (required: a refresh applies the rules)")
    views = command("view", cmd_view, "saved views: a query with a name, shown in the app under the sources")
    view_actions = views.add_subparsers(dest="action", metavar="ACTION", required=True)
    view_add = view_actions.add_parser("add", help="save QUERY as the view NAME (a view of that name is changed)")
    view_add.add_argument("name", metavar="NAME")
    view_add.add_argument("query", metavar="QUERY")
    view_list = view_actions.add_parser("list", help="the saved views, with their unread counts")
    view_list.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    view_actions.add_parser("remove", help="forget a saved view").add_argument("name", metavar="NAME")
    counting = command("unread-count", cmd_unread_count, "how many articles are unread (for status bars and scripts)", True)
    counting.add_argument("--query", metavar="Q", help="only articles the query matches")
    for name, help_text in (("bookmark", "keep an article, whole, for offline reading"), ("unbookmark", "stop keeping an article")):
        command(name, cmd_bookmark, help_text).add_argument("id", metavar="ID")
    command("fulltext", cmd_fulltext, "fetch an article's page and keep its whole text with it "
            "(searchable; show gives it, --feed-text the feed's)").add_argument("id", metavar="ID")
    command("bookmarks", cmd_bookmarks, "the kept articles, newest kept first", True)
    export = command("export-bookmarks", cmd_export_bookmarks, "write every kept article, whole")
    export.add_argument("--format", choices=("md", "html", "json"), required=True, help="Markdown, one HTML page, or JSON")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    remove = command("remove", cmd_remove, "unsubscribe from sources (by id, address or title); "
                     "their articles go, kept ones stay")
    remove.add_argument("sources", nargs="+", metavar="SOURCE")
    rename = command("rename", cmd_rename, "give a source a title of your own (kept when it is refreshed)")
    rename.add_argument("source", metavar="SOURCE", help="the source's id, address or title")
    rename.add_argument("title", metavar="TITLE")
    imp = command("import-opml", cmd_import_opml, "subscribe to the feeds of an OPML file", True)
    imp.add_argument("file", metavar="FILE")
    exp = command("export-opml", cmd_export_opml, "write the feed subscriptions as OPML")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    from newsreader.cli_sync import add_commands as add_sync_commands

    add_sync_commands(command, commands)
    from newsreader.cli_source import add_commands as add_source_commands

    add_source_commands(command, commands)
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
    except BadQuery as error:
        say(f"newsreader: {error}")
        return 2
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
