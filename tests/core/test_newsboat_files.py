"""newsboat's urls file, filter language and config, read line by line: one case per syntax."""

from __future__ import annotations

import pytest

from newsreader.imports.newsboat_config import key_name, parse_config
from newsreader.imports.newsboat_filters import FilterError, translate_filter
from newsreader.imports.newsboat_urls import parse_urls, split_tokens

URLS = r"""
# a comment, then every syntax of the urls file
https://a.example/feed.xml
https://b.example/rss tech "news and more" ~BeeNews
https://c.example/atom ! hidden-tag ~"Custom C"
"query:Unread tech:unread = \"yes\" and tags # \"tech\"" qtag
"query:Fresh:age < 3"
"query:Regex:title =~ \"^Re(ply)?:\""
"query:broken"
exec:~/bin/make-feed
filter:~/bin/clean:https://d.example/feed
"exec:/usr/bin/echo hi"
file:///home/me/feed.xml
https://a.example/feed.xml again
https://e.example/x "unclosed
"""


def test_every_feed_line_with_its_tags_title_and_hidden_mark() -> None:
    found = parse_urls(URLS)
    by_url = {f.url: f for f in found.feeds}
    assert list(by_url) == ["https://a.example/feed.xml", "https://b.example/rss", "https://c.example/atom"]
    assert by_url["https://a.example/feed.xml"].tags == [] and by_url["https://a.example/feed.xml"].title is None
    assert by_url["https://b.example/rss"].tags == ["tech", "news and more"]
    assert by_url["https://b.example/rss"].title == "BeeNews"
    assert by_url["https://c.example/atom"].hidden and by_url["https://c.example/atom"].title == "Custom C"
    assert by_url["https://c.example/atom"].tags == ["hidden-tag"]


def test_query_feeds_and_the_lines_skipped_with_why() -> None:
    found = parse_urls(URLS)
    assert [(q.name, q.expression, q.tags) for q in found.queries] == [
        ("Unread tech", 'unread = "yes" and tags # "tech"', ["qtag"]),
        ("Fresh", "age < 3", []),
        ("Regex", 'title =~ "^Re(ply)?:"', []),
    ]
    reasons = {s.text.split()[0].strip('"')[:12]: s.reason for s in found.skipped}
    assert "query:NAME:EXPRESSION" in reasons["query:broken"]
    assert "never runs commands" in reasons["exec:~/bin/m"]
    assert "never runs commands" in reasons["filter:~/bin"]
    assert "never runs commands" in reasons["exec:/usr/bi"]
    assert "not an http" in reasons["file:///home"]
    assert "earlier line" in reasons["https://a.ex"]
    assert "not closed" in reasons["https://e.ex"]
    assert all(s.line > 0 for s in found.skipped)


def test_tokens_split_on_space_and_keep_quoted_runs_whole() -> None:
    assert split_tokens(r'url "a b" c\d "say \"hi\""') == ["url", "a b", "c\\d", 'say "hi"']
    assert split_tokens("# only a comment") == []


@pytest.mark.parametrize(
    ("expression", "query"),
    [
        ('unread = "yes"', "unread"),
        ('unread = "no"', "read"),
        ('unread != "yes"', "read"),
        ('tags # "tech"', "tag:tech"),
        ('tags !# "tech news"', '-tag:"tech news"'),
        ('title =~ "rust"', "title:rust"),
        ('title !~ "rust"', "-title:rust"),
        ('author = "Jo Reed"', 'author:"Jo Reed"'),
        ('content =~ "budget"', "budget"),
        ('feedtitle = "LWN"', "source:LWN"),
        ("age < 7", "newer:7d"),
        ("age <= 7", "newer:8d"),
        ("age > 30", "older:30d"),
        ("age between 2:5", "newer:6d older:1d"),
        ('flags # "s"', 'tag:"flag:s"'),
        ('unread = "yes" and tags # "a"', "unread tag:a"),
        ('unread = "yes" or tags # "a"', "unread OR tag:a"),
        ('tags # "a" and (unread = "no" or age > 3)', "tag:a (read OR older:3d)"),
        ('(title =~ "go" or title =~ "rust") and age < 7', "(title:go OR title:rust) newer:7d"),
        ('rssurl = "https://a.example/feed.xml"', "source:12"),
    ],
)
def test_filters_that_translate(expression: str, query: str) -> None:
    assert translate_filter(expression, {"https://a.example/feed.xml": "12"}.get) == query


@pytest.mark.parametrize(
    ("expression", "because"),
    [
        ('title =~ "^Re:"', "regular expressions"),
        ('title = "Exact title"', "exact titles"),
        ('title =~ "two words"', "one word"),
        ("articleindex > 3", "no term for 'articleindex'"),
        ('link =~ "example"', "no term for 'link'"),
        ('unread = "maybe"', 'unread is "yes" or "no"'),
        ("age < soon", "whole number of days"),
        ('rssurl = "https://gone.example/"', "not among the imported"),
        ('(unread = "yes"', "not closed"),
        ('unread = "yes" and', "ends too early"),
        ('unread "yes"', "expected an operator"),
        ("", "empty"),
    ],
)
def test_filters_that_do_not_translate_say_why(expression: str, because: str) -> None:
    with pytest.raises(FilterError) as raised:
        translate_filter(expression)
    assert because in str(raised.value)


CONFIG = r"""
# newsboat config
bind-key j down
bind-key k up
bind-key ^R reload-all
bind-key / search
bind-key ENTER open articlelist
bind-key X toggle-source-view
bind-key ^1 quit
unbind-key J
ignore-article * "title =~ \"sponsored\""
ignore-article "https://a.example/feed.xml" "author = \"Ads\""
ignore-article only-one-argument
browser "firefox --new-tab %u"
browser "lynx %u -dump"
reload-threads 4
download-timeout 45
max-items 200
keep-articles-days nope
color background white black
"""


def test_config_lines_that_carry_and_those_that_do_not() -> None:
    found = parse_config(CONFIG)
    assert found.keys == {
        "cursor_down": ["j"],
        "cursor_up": ["k"],
        "refresh_all": ["ctrl+r"],
        "search": ["slash"],
        "open": ["enter"],
    }
    assert [(i.feed, i.expression) for i in found.ignores] == [
        ("*", 'title =~ "sponsored"'),
        ("https://a.example/feed.xml", 'author = "Ads"'),
    ]
    assert found.settings == {
        ("reader", "open_command"): "firefox --new-tab",
        ("refresh", "concurrency"): 4,
        ("refresh", "total_timeout"): 45.0,
        ("retention", "max_articles_per_source"): 200,
    }
    reasons = [s.reason for s in found.skipped]
    assert any("toggle-source-view: newsreader has no such action" in r for r in reasons)
    assert any("^1: not a key" in r for r in reasons)
    assert any("only bind-key lines" in r for r in reasons)
    assert any("ignore-article takes a feed" in r for r in reasons)
    assert any("address can only go last" in r for r in reasons)
    assert any("keep-articles-days" in r and "number" in r for r in reasons)
    assert any(r == "color: no equivalent in newsreader" for r in reasons)


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("j", "j"),
        ("J", "J"),
        ("^R", "ctrl+r"),
        ("ENTER", "enter"),
        ("NPAGE", "pagedown"),
        ("F5", "f5"),
        ("/", "slash"),
        ("?", "question_mark"),
        ("-", "minus"),
        (",", "comma"),
        ("^", "circumflex_accent"),
        ("F99", None),
        ("WHATEVER", None),
    ],
)
def test_key_names_as_textual_spells_them(key: str, name: str | None) -> None:
    assert key_name(key) == name
