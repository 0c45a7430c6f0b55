"""The library service: a refresh's and an add's steps, in order, in one place, on a real store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from support.paths import FIXTURE_ROOT
from support.ui_fixtures import make_config, make_store, offline_fetch, simple_document

import newsreader.keep
import newsreader.library
import newsreader.notify
import newsreader.related
from newsreader.config import Rule
from newsreader.library import Library
from newsreader.refresh import SourceResult
from newsreader.store import NewArticle

FERRY_URL = "https://harbour.example/ferry"


@pytest.fixture
def library(tmp_path: Path):
    store, info = make_store(tmp_path)
    yield store, info
    store.close()


def bringing_the_ferry_story(info):
    """A refresh step that stores one new article (which answers the bridge story's second link)."""

    def refresh_all(store, config, *, source_ids=None, on_progress=None, cancel=None, **kwargs):
        harbour = info["sources"]["harbour"]
        story = NewArticle("Ferry service ends as bridge returns", simple_document("Ferry", 11, "The ferry stops.", FERRY_URL),
                           harbour.address, guid="ferry", url=FERRY_URL, published="2026-03-11T08:00:00+00:00")  # fmt: skip
        added = store.ingest(harbour.id, [story]).added
        return [SourceResult(harbour.id, harbour.title, "ok", added=len(added))]

    return refresh_all


def bringing_nothing(store, config, *, source_ids=None, on_progress=None, cancel=None, **kwargs):
    return [SourceResult(s.id, s.title, "unchanged") for s in store.sources()]


def recording(monkeypatch, steps: list[str], store) -> None:
    """Record each step as the real one runs (and what the link pass saw of the new article)."""

    def wrap(module, name, label, before=None):
        real = getattr(module, name)

        def step(*args, **kwargs):
            steps.append(before() if before else label)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, step)

    def links_label() -> str:
        ferry = store.article_by_url(FERRY_URL)
        return f"links (new article read: {ferry is not None and store.article(ferry).read})"

    wrap(newsreader.library, "apply_rules", "rules")
    wrap(newsreader.related, "resolve_all", "links", links_label)
    wrap(newsreader.notify, "notify_new_articles", "notify")
    wrap(newsreader.keep, "complete_bookmarks", "bookmarks")


def notify_into(path: Path) -> list[str]:
    return [sys.executable, "-c", "import sys; open(sys.argv[1], 'w').write(sys.stdin.read())", str(path)]


def test_a_refresh_runs_its_steps_in_order_rules_before_the_link_pass(library, monkeypatch, tmp_path):
    store, info = library
    config = make_config()
    config.rules = [Rule("ferry", "read")]
    config.refresh.notify_command = notify_into(tmp_path / "notified.json")
    steps: list[str] = []
    recording(monkeypatch, steps, store)
    service = Library(store, config, offline_fetch, refresh_all=bringing_the_ferry_story(info))
    report = service.refresh(on_refreshed=lambda report: steps.append("refreshed"))
    assert steps == ["rules", "links (new article read: True)", "refreshed", "notify", "bookmarks"]
    ferry = store.article_by_url(FERRY_URL)
    assert [r.ids for r in report.rules] == [[ferry]]
    assert report.links_resolved and store.links.targets(info["ids"]["bridge"])[1] == ferry
    assert [r.added for r in report.sources] == [1] and report.accounts == []
    assert report.notify_error is None
    assert json.loads((tmp_path / "notified.json").read_text())["new"] == 1
    assert [k.status for k in report.kept] == ["failed"]  # the kept article's page: offline here


def test_a_refresh_that_brings_nothing_runs_no_link_pass_and_no_notify(library, monkeypatch, tmp_path):
    store, info = library
    store.set_full_document(info["ids"]["Library extends weekend hours"], simple_document("Whole", 3, "All of it."))
    config = make_config()
    config.rules = [Rule("ferry", "read")]
    config.refresh.notify_command = notify_into(tmp_path / "notified.json")
    steps: list[str] = []
    recording(monkeypatch, steps, store)
    report = Library(store, config, offline_fetch, refresh_all=bringing_nothing).refresh()
    assert steps == ["rules", "notify"]  # the command itself is not run: nothing is new
    assert [r.ids for r in report.rules] == [[]]
    assert not report.links_resolved and report.kept == [] and report.notify_error is None
    assert not (tmp_path / "notified.json").exists()


def test_the_notify_command_runs_only_after_new_articles_and_its_failure_is_reported(library, tmp_path):
    store, info = library
    config = make_config()
    config.refresh.notify_command = [sys.executable, "-c", "import sys; sys.exit(3)"]
    nothing = Library(store, config, offline_fetch, refresh_all=bringing_nothing).refresh()
    assert nothing.notify_error is None
    new = Library(store, config, offline_fetch, refresh_all=bringing_the_ferry_story(info)).refresh()
    assert new.notify_error is not None and "exit status 3" in new.notify_error


def test_an_add_applies_the_rules_then_resolves_links_and_nothing_after(library, monkeypatch):
    store, info = library
    config = make_config()
    config.rules = [Rule("ferry", "tag:boats")]
    config.refresh.notify_command = [sys.executable, "-c", "raise SystemExit(1)"]
    steps: list[str] = []
    recording(monkeypatch, steps, store)
    refresh = bringing_the_ferry_story(info)

    def add_sources(store, config, specs, fetch=None, **kwargs):
        assert specs == ["https://harbour.example/rss"]
        return refresh(store, config)

    report = Library(store, config, offline_fetch, add_sources=add_sources).add(["https://harbour.example/rss"])
    assert steps == ["rules", "links (new article read: False)"]
    assert report.rules[0].ids == [store.article_by_url(FERRY_URL)]
    assert report.links_resolved and report.notify_error is None and report.kept == []


def test_a_sync_resolves_links_then_completes_the_bookmarks_and_applies_no_rule(library, monkeypatch):
    """``sync`` (the accounts alone): the same link pass and bookmarks' step as a refresh."""
    import newsreader.sync
    from newsreader.sync import AccountResult

    store, info = library
    config = make_config()
    config.rules = [Rule("ferry", "read")]
    steps: list[str] = []
    recording(monkeypatch, steps, store)
    bring = bringing_the_ferry_story(info)

    def sync_all(store, config, *, names=None, on_progress=None, cancel=None):
        assert names == ["home"]
        if on_progress:
            on_progress("home", "fetching")
        added = bring(store, config)[0].added
        return [AccountResult("home", True, added=added)]

    monkeypatch.setattr(
        newsreader.sync, "all_accounts", lambda store: [newsreader.sync.Account(1, "home", "greader", "u", "me")]
    )
    monkeypatch.setattr(newsreader.sync, "sync_all", sync_all)
    events = []
    report = Library(store, config, offline_fetch).sync(on_account=events.append)
    assert steps == ["links (new article read: False)", "bookmarks"]
    assert [(e.name, e.message, e.result is not None) for e in events] == [
        ("home", "fetching", False),
        ("home", "", True),
    ]
    assert [r.added for r in report.accounts] == [1] and report.sources == [] and report.rules == []
    assert report.links_resolved and [k.status for k in report.kept] == ["failed"]


def test_read_file_reads_as_add_does_without_a_store(tmp_path):
    from newsreader.library import LibraryError, read_file

    feed = FIXTURE_ROOT / "feeds" / "atom10.xml"
    reading = read_file(feed, make_config())
    assert reading.is_feed and reading.articles
    first = reading.articles[0].to_json()
    assert first["id"] is None and first["origin"] == str(feed.resolve()) and first["feed"] == reading.title
    note = tmp_path / "note.txt"
    note.write_text("A title\n\nA paragraph of text.\n")
    single = read_file(note, make_config())
    assert not single.is_feed and len(single.articles) == 1 and single.day is not None
    with pytest.raises(LibraryError, match="missing.txt"):
        read_file(tmp_path / "missing.txt", make_config())


def test_opml_in_and_out(library, tmp_path):
    from newsreader.library import LibraryError

    store, _ = library
    service = Library(store, make_config(), offline_fetch)
    nested = FIXTURE_ROOT / "opml" / "nested.opml"
    first = service.import_opml(nested)
    assert first.added and not first.existing
    again = service.import_opml(nested)
    assert not again.added and [s.id for s in again.existing] == [s.id for s in first.added]
    assert set(again.to_json()) == {"added", "existing", "skipped"}
    exported = service.export_opml()
    assert all(source.address in exported for source in first.added)
    with pytest.raises(LibraryError, match="nowhere.opml"):
        service.import_opml(tmp_path / "nowhere.opml")
