"""Web addresses from feeds reach a browser only when safe: the app uses the core's one check."""

from __future__ import annotations

import pytest

from newsreader import links
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
        "https://example.org/\x9b31m",
        "https://example.org/\u202egpj.exe",
        "https://exa\u200bmple.org/",
        "ftp://example.org/file",
        "https:///no-host",
        "example.org/no-scheme",
    ],
)
def test_unsafe_addresses_are_refused_with_a_one_line_reason(url):
    reason = browser.refusal(url)
    assert reason and "\n" not in reason and reason[0].isupper()
    if url:
        with pytest.raises(links.UnsafeLink):
            safe = links.safe_browser_url(url)
            assert safe is None  # not reached


def test_http_and_https_are_allowed():
    assert browser.refusal("https://example.org/story?id=1") is None
    assert browser.refusal("http://example.org/") is None


def test_the_app_has_no_check_of_its_own():
    """One rule: the UI's refusal is the core's, and the opening is the core's."""
    assert not hasattr(browser, "open_in_browser")
    from newsreader.ui import workers as library

    assert library.open_in_browser is links.open_in_browser


def test_a_headless_linux_has_no_browser_unless_told():
    def none(name):
        return None

    def lynx(name):
        return "/usr/bin/lynx" if name == "lynx" else None

    assert browser.no_browser_reason("", {}, "linux", none)
    assert browser.no_browser_reason("", {"DISPLAY": ":0"}, "linux", none) is None
    assert browser.no_browser_reason("", {"WAYLAND_DISPLAY": "wayland-0"}, "linux", none) is None
    assert browser.no_browser_reason("", {"BROWSER": "lynx"}, "linux", lynx) is None
    assert browser.no_browser_reason("", {}, "linux", lynx) is None  # a terminal browser is installed
    assert browser.no_browser_reason("firefox", {}, "linux", none) is None
    assert browser.no_browser_reason("", {}, "darwin", none) is None


def test_the_terminal_browser_is_browser_then_w3m_lynx_elinks():
    installed = {"lynx", "elinks", "mybrowser"}

    def which(name):
        return f"/usr/bin/{name}" if name in installed else None

    assert browser.terminal_browser({}, which) == ["lynx"]
    assert browser.terminal_browser({"BROWSER": "nothere:mybrowser -x"}, which) == ["mybrowser", "-x"]
    assert browser.terminal_browser({"BROWSER": "nothere"}, which) == ["lynx"]
    installed.add("w3m")
    assert browser.terminal_browser({}, which) == ["w3m"]
    assert browser.terminal_browser({}, lambda name: None) is None
    assert browser.terminal_argv(["w3m"], "https://e.example/a") == ["w3m", "https://e.example/a"]
    assert browser.terminal_argv(["b", "--url=%s"], "https://e.example/a") == ["b", "--url=https://e.example/a"]
    with pytest.raises(links.UnsafeLink):
        browser.terminal_argv(["w3m"], "javascript:alert(1)")
