"""The query language, views, tags and rules from the command line (docs/cli.md), in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.paths import resolve_paths
from newsreader.store import Store

FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>{title}</title><link>https://{host}/</link>
{items}
</channel></rss>
"""
ITEM = """<item><title>{title}</title><guid>https://{host}/{key}</guid><link>https://{host}/{key}</link>
<pubDate>{date}</pubDate><description>{text}</description></item>"""

HARBOUR = [
    ("budget", "Budget approved by parliament", "Members voted late on Tuesday.", "Thu, 19 Nov 2026 09:00:00 GMT"),
    (
        "strike",
        "Dock strike enters second day",
        "The union said the strike would go on.",
        "Tue, 10 Nov 2026 09:00:00 GMT",
    ),
]
KITCHEN = [
    ("soup", "Winter soup", "A budget recipe for the cold months.", "Sat, 01 Aug 2026 09:00:00 GMT"),
    ("canteen", "Parliament canteen closes", "No more soup for members.", "Wed, 18 Nov 2026 18:00:00 GMT"),
]


def feed_file(folder: Path, name: str, title: str, items: list[tuple[str, str, str, str]]) -> Path:
    host = f"{name}.example"
    body = "\n".join(ITEM.format(host=host, key=k, title=t, text=x, date=d) for k, t, x, d in items)
    path = folder / f"{name}.xml"
    path.write_text(FEED.format(title=title, host=host, items=body), "utf-8")
    return path


def opened_store() -> Store:
    return Store(resolve_paths(None).store)


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def library(home: Path, tmp_path: Path, capsys) -> dict[str, str]:
    """Two feed-file sources; returns article ids by title."""
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    for name, title, items in (("harbour", "Harbour Tribune", HARBOUR), ("kitchen", "Kitchen Notes", KITCHEN)):
        code, _, err = run(["add", str(feed_file(feeds, name, title, items))], capsys)
        assert code == 0, err
    code, out, _ = run(["list", "--json"], capsys)
    return {item["title"]: item["id"] for item in json.loads(out)}


def titles(out: str) -> set[str]:
    return {item["title"] for item in json.loads(out)}


def test_list_query(library, capsys) -> None:
    code, out, _ = run(["list", "--query", "budget OR strike", "--json"], capsys)
    assert code == 0
    assert titles(out) == {"Budget approved by parliament", "Winter soup", "Dock strike enters second day"}
    code, out, _ = run(["list", "--query", "source:kitchen -soup", "--json"], capsys)
    assert titles(out) == set()  # "soup" is in both Kitchen Notes articles
    code, out, _ = run(["list", "--query", "source:kitchen -title:soup", "--json"], capsys)
    assert titles(out) == {"Parliament canteen closes"}
    code, out, _ = run(["list", "--query", "parliament", "--source", "harbour", "--json"], capsys)
    assert titles(out) == {"Budget approved by parliament"}
    code, out, _ = run(["list", "--query", "older:2026-11-11"], capsys)
    assert code == 0 and "Winter soup" in out and "Dock strike" in out and "Budget" not in out


def test_search_speaks_the_language_and_keeps_plain_words(library, capsys) -> None:
    code, out, _ = run(["search", "budget", "--json"], capsys)
    assert [item["title"] for item in json.loads(out)] == ["Budget approved by parliament", "Winter soup"]
    assert all("snippet" in item for item in json.loads(out))
    code, out, _ = run(["search", "budget -title:soup", "--json"], capsys)
    assert titles(out) == {"Budget approved by parliament"}
    code, out, _ = run(["search", "source:harbour", "--json"], capsys)
    assert [item["title"] for item in json.loads(out)] == [
        "Budget approved by parliament",
        "Dock strike enters second day",
    ]


@pytest.mark.parametrize(
    ("command", "query", "column"),
    [
        ("search", '"budget', 0),
        ("search", "budget OR", 7),
        ("list", "tag:work (unread", 9),
        ("unread-count", "newer:soon", 0),
        ("search", "tag:", 0),
    ],
)
def test_a_bad_query_is_pointed_at(library, capsys, command: str, query: str, column: int) -> None:
    argv = [command, query] if command == "search" else [command, "--query", query]
    code, out, err = run([*argv, "--json"], capsys)
    assert code == 2 and out == ""
    message, line, caret = err.rstrip("\n").split("\n")
    assert message.startswith("newsreader: bad query: ") and "Traceback" not in err
    assert line == query and caret.index("^") == column


def test_unread_count(library, capsys) -> None:
    code, out, _ = run(["unread-count"], capsys)
    assert code == 0 and out == "4\n"
    with opened_store() as store:
        store.set_read([library["Winter soup"]])
    code, out, _ = run(["unread-count", "--json"], capsys)
    counted = json.loads(out)
    assert counted["unread"] == 3
    assert [(s["title"], s["unread"]) for s in counted["by_source"]] == [("Harbour Tribune", 2), ("Kitchen Notes", 1)]
    assert set(counted["by_source"][0]) == {"id", "title", "unread"}
    code, out, _ = run(["unread-count", "--query", "parliament", "--json"], capsys)
    assert json.loads(out) == {
        "unread": 2,
        "by_source": [
            {"id": 1, "title": "Harbour Tribune", "unread": 1},
            {"id": 2, "title": "Kitchen Notes", "unread": 1},
        ],
    }


def test_saved_views(library, capsys) -> None:
    code, _, err = run(["view", "add", "Politics", "parliament OR strike"], capsys)
    assert code == 0 and "saved view 'Politics'" in err
    code, _, err = run(["view", "add", "Broken", "tag:(x"], capsys)
    assert code == 2 and "bad query" in err
    run(["view", "add", "Kitchen", "source:kitchen"], capsys)
    code, out, _ = run(["view", "list", "--json"], capsys)
    assert json.loads(out) == [
        {"name": "Politics", "query": "parliament OR strike", "unread": 3},
        {"name": "Kitchen", "query": "source:kitchen", "unread": 2},
    ]
    code, out, _ = run(["list", "--view", "politics", "--json"], capsys)  # names are found in any case
    assert titles(out) == {
        "Budget approved by parliament",
        "Parliament canteen closes",
        "Dock strike enters second day",
    }
    code, out, _ = run(["list", "--view", "Politics", "--query", "source:harbour", "--json"], capsys)
    assert titles(out) == {"Budget approved by parliament", "Dock strike enters second day"}
    code, _, err = run(["view", "add", "politics", "strike"], capsys)
    assert code == 0 and "changed view" in err
    code, out, _ = run(["view", "list"], capsys)
    assert "Politics" in out and "strike" in out and "(1 unread)" in out and "Broken" not in out
    assert run(["view", "remove", "Politics"], capsys)[0] == 0
    code, _, err = run(["view", "remove", "Politics"], capsys)
    assert code == 1 and "no view named" in err
    code, _, err = run(["list", "--view", "Politics"], capsys)
    assert code == 1 and "no view named" in err
    code, out, _ = run(["view", "list", "--json"], capsys)
    assert [v["name"] for v in json.loads(out)] == ["Kitchen"]


def test_tags_on_sources_and_articles(library, capsys) -> None:
    code, _, err = run(["tag", "Kitchen Notes", "food", "cheap"], capsys)
    assert code == 0 and "source 2: cheap, food" in err
    code, _, err = run(["tag", library["Budget approved by parliament"], "politics"], capsys)
    assert code == 0 and "politics" in err
    code, out, _ = run(["list", "--query", "tag:food OR tag:politics", "--json"], capsys)
    assert titles(out) == {"Winter soup", "Parliament canteen closes", "Budget approved by parliament"}
    code, out, _ = run(["sources", "--json"], capsys)
    assert [s["tags"] for s in json.loads(out)] == [[], ["cheap", "food"]]
    run(["untag", "2", "food"], capsys)
    code, out, _ = run(["list", "--query", "tag:food", "--json"], capsys)
    assert json.loads(out) == []
    code, _, err = run(["untag", "2", "food", "cheap"], capsys)  # food went already: said, not silent
    assert code == 0 and "source 2 had no tag 'food'" in err and "source 2: no tags" in err
    code, _, err = run(["tag", "no-such-thing", "x"], capsys)
    assert code == 1 and "no source named" in err


OPML = """<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
<outline text="Tech">
  <outline text="Linux">
    <outline type="rss" text="Kernel" xmlUrl="https://kernel.example/feed" htmlUrl="https://kernel.example/" category="/Work,/Reading/Later"/>
  </outline>
</outline>
<outline type="rss" text="Loose" xmlUrl="https://loose.example/feed"/>
</body></opml>
"""


def test_opml_keeps_folders_categories_and_web_pages(home, tmp_path, capsys) -> None:
    path = tmp_path / "subs.opml"
    path.write_text(OPML, "utf-8")
    assert run(["import-opml", str(path)], capsys)[0] == 0
    code, out, _ = run(["sources", "--json"], capsys)
    kernel = json.loads(out)[0]
    assert kernel["folder"] == "Tech/Linux" and kernel["tags"] == ["Tech/Linux", "Reading/Later", "Work"]
    run(["tag", "Loose", "News"], capsys)
    code, out, _ = run(["export-opml"], capsys)
    assert 'htmlUrl="https://kernel.example/"' in out
    assert 'category="/Reading/Later,/Work"' in out
    assert '<outline text="News">' in out  # a tag without a folder is written as one
    again = tmp_path / "again.opml"
    again.write_text(out, "utf-8")
    from newsreader.sources.opml import read_opml

    entries = read_opml(again.read_bytes())
    assert [(e.url, e.folder, e.categories, e.html_url) for e in entries] == [
        ("https://kernel.example/feed", "Tech/Linux", ("Reading/Later", "Work"), "https://kernel.example/"),
        ("https://loose.example/feed", "News", (), None),
    ]


def write_config(home: Path, text: str) -> Path:
    path = resolve_paths(None).config
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


RULES = """[reader]
theme = "textual-dark"

[[rules]]
query = "strike"
action = "hide"

[[rules]]
query = "source:kitchen"
action = "tag:food"

[[rules]]
query = "parliament"
action = "read"
"""


def test_rules_apply_to_new_articles_in_order(home: Path, tmp_path: Path, capsys) -> None:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    run(["add", str(feed_file(feeds, "harbour", "Harbour Tribune", HARBOUR[:1]))], capsys)  # before the rules
    write_config(home, RULES)
    code, out, _ = run(["rules", "--dry-run", "--json"], capsys)
    assert [(r["action"], r["line"], r["matches"]) for r in json.loads(out)] == [
        ("hide", 4, 0),
        ("tag:food", 8, 0),
        ("read", 12, 1),
    ]
    with opened_store() as store:
        assert not store.article(json.loads(out)[2]["ids"][0]).read  # a dry run changes nothing
    run(["add", str(feed_file(feeds, "kitchen", "Kitchen Notes", KITCHEN))], capsys)
    run(["add", str(feed_file(feeds, "harbour", "Harbour Tribune", HARBOUR))], capsys)  # the strike is new
    code, out, _ = run(["list", "--json"], capsys)
    shown = {item["title"]: item["read"] for item in json.loads(out)}
    assert shown == {"Budget approved by parliament": False, "Parliament canteen closes": True, "Winter soup": False}
    code, out, _ = run(["list", "--query", "hidden", "--json"], capsys)
    assert titles(out) == {"Dock strike enters second day"}
    code, out, _ = run(["list", "--query", "tag:food", "--json"], capsys)
    assert titles(out) == {"Winter soup", "Parliament canteen closes"}


@pytest.mark.parametrize(
    ("rule", "line", "why"),
    [
        ('query = "strike ("\naction = "read"', 5, "bad query: this '(' is never closed"),
        ('query = "strike"\naction = "delete"', 6, "action must be one of read, hide, bookmark, tag:NAME"),
        ('query = "strike"\naction = "tag:"', 6, "action must be one of"),
        ('action = "read"', 4, "needs query"),
        ('query = "x"\naction = "read"\nwhen = "always"', 4, "unknown key 'when'"),
    ],
)
def test_a_bad_rule_is_refused_at_start_with_file_line_and_why(
    home: Path, capsys, rule: str, line: int, why: str
) -> None:
    path = write_config(home, f'[reader]\ntheme = "textual-dark"\n\n[[rules]]\n{rule}\n')
    code, out, err = run(["list"], capsys)
    assert code == 1 and out == ""
    assert err.startswith(f"newsreader: {path}:{line}: rules[1]: ") and why in err and "Traceback" not in err


def test_rules_without_dry_run_is_a_usage_error(home: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["rules"])
    assert exited.value.code == 2 and "--dry-run" in capsys.readouterr().err


def test_rules_dry_run_prints_no_control_characters_of_the_config(home: Path, capsys) -> None:
    """A rule's tag may come from another program's config (import-newsboat): printed, its
    controls are stripped like any other outside text's."""
    write_config(home, '[[rules]]\nquery = "unread"\naction = "tag:\\u001b]0;owned\\u0007red"\n')
    code, out, err = run(["rules", "--dry-run"], capsys)
    assert code == 0, err
    assert "tag:" in out and "red" in out
    assert "\x1b" not in out and "\x07" not in out
