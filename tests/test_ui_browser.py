"""Web addresses from feeds reach a browser only when safe, and never through a shell."""

from __future__ import annotations

import pytest

from newsreader.ui import browser


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "-oProxyCommand=evil",
        "--help",
        "https://example.org/a b",
        "https://example.org/\x1b[31m",
        "ftp://example.org/file",
        "https:///no-host",
        "example.org/no-scheme",
    ],
)
def test_unsafe_addresses_are_refused(url):
    assert browser.refusal(url)
    if url:
        with pytest.raises(ValueError):
            browser.open_in_browser(url)


def test_http_and_https_are_allowed():
    assert browser.refusal("https://example.org/story?id=1") is None
    assert browser.refusal("http://example.org/") is None


def test_the_open_command_gets_the_address_as_one_argument(monkeypatch):
    calls = []
    monkeypatch.setattr(browser.subprocess, "Popen", lambda argv, **kwargs: calls.append((argv, kwargs)))
    browser.open_in_browser("https://example.org/a;$(id)`id`", "firefox --new-tab")
    argv, kwargs = calls[0]
    assert argv == ["firefox", "--new-tab", "https://example.org/a;$(id)`id`"]
    assert "shell" not in kwargs


def test_without_a_command_the_system_browser_opens_it(monkeypatch):
    opened = []
    monkeypatch.setattr(browser.webbrowser, "open", lambda url: opened.append(url))
    browser.open_in_browser("https://example.org/")
    assert opened == ["https://example.org/"]


def test_a_headless_linux_has_no_browser_unless_told():
    assert browser.no_browser_reason("", {}, "linux")
    assert browser.no_browser_reason("", {"DISPLAY": ":0"}, "linux") is None
    assert browser.no_browser_reason("", {"BROWSER": "lynx"}, "linux") is None
    assert browser.no_browser_reason("firefox", {}, "linux") is None
    assert browser.no_browser_reason("", {}, "darwin") is None
