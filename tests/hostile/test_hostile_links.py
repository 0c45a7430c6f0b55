"""Links: only http, https and mailto reach a browser, as one argument, never through a shell."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from newsreader import links
from newsreader.links import UnsafeLink, open_in_browser, safe_browser_url

GOOD = [
    "https://example.org/story?id=1&x=2#top",
    "http://127.0.0.1:8080/a%20b",
    "HTTPS://EXAMPLE.ORG/",
    "https://xn--kln-sna.example/straße",
    "mailto:desk@example.org?subject=Hello",
]
BAD = {
    "javascript:alert(1)": "not javascript:",
    "JavaScript:alert(1)": "not javascript:",
    "data:text/html,<script>alert(1)</script>": "not data:",
    "file:///etc/passwd": "not file:",
    "vbscript:msgbox": "not vbscript:",
    "ftp://example.org/x": "not ftp:",
    "//example.org/no-scheme": "without a scheme",
    "example.org": "without a scheme",
    "-oProxyCommand=touch /tmp/pwned": "starts with '-'",
    "--new-window=https://x": "starts with '-'",
    "https://example.org/a b": "spaces",
    "https://example.org/\ttab": "spaces",
    "https://example.org/\nnext": "spaces",
    "https://example.org/\x1b]52;c;eA==\x07": "control",
    "https://example.org/\x9b31m": "control",
    "https://example.org/\u202egpj.exe": "invisible",
    "https://exa\u200bmple.org/": "invisible",
    "https:///nohost": "names no host",
    "https://": "names no host",
    "mailto:": "mail address is empty",
    "": "no address",
}


@pytest.mark.parametrize("url", GOOD)
def test_web_and_mail_addresses_are_allowed(url) -> None:
    assert safe_browser_url(url) == url


@pytest.mark.parametrize("url", sorted(BAD))
def test_everything_else_is_refused_with_a_reason(url) -> None:
    with pytest.raises(UnsafeLink, match="refused") as caught:
        safe_browser_url(url)
    assert BAD[url] in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("url", [None, 42, b"https://example.org/"])
def test_non_strings_are_refused(url) -> None:
    with pytest.raises(UnsafeLink):
        safe_browser_url(url)  # type: ignore[arg-type]


def test_refused_addresses_start_nothing(monkeypatch) -> None:
    started = []
    monkeypatch.setattr(links.subprocess, "Popen", lambda *a, **k: started.append(a))
    monkeypatch.setattr(links.webbrowser, "open", lambda *a, **k: started.append(a))
    for url in BAD:
        with pytest.raises(UnsafeLink):
            open_in_browser(url, "firefox")
        with pytest.raises(UnsafeLink):
            open_in_browser(url)
    assert started == []


def test_the_address_is_one_argument_and_no_shell_runs(tmp_path: Path) -> None:
    """A real program gets argv; shell syntax in the address or the command stays inert."""
    record = tmp_path / "argv.txt"
    canary = tmp_path / "pwned"
    script = tmp_path / "browser.py"
    script.write_text(f"import sys, json\nopen({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n")
    url = f"https://example.org/?q=$(touch%20{canary})&x=`id`;touch${{IFS}}{canary}|true"
    argv = open_in_browser(url, f"{sys.executable} {script} --new-tab")
    assert argv == [sys.executable, str(script), "--new-tab", url]
    for _ in range(100):
        if record.exists() and record.read_text():
            break
        time.sleep(0.05)  # the browser runs detached: poll for what it wrote, at most 100 times
    import json

    assert json.loads(record.read_text()) == ["--new-tab", url]
    assert not canary.exists()


def test_the_system_browser_gets_the_checked_address(monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(links.webbrowser, "open", lambda url, *a, **k: opened.append(url))
    assert open_in_browser("https://example.org/a") is None
    assert opened == ["https://example.org/a"]


def test_links_module_is_core() -> None:
    """The check lives in the core so the CLI, the UI and tests share one rule."""
    import subprocess as sp

    done = sp.run(
        [sys.executable, "-c", "import sys, newsreader.links; print('textual' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.stdout.strip() == "False"


def test_the_apps_browser_helper_refuses_the_same_addresses() -> None:
    """The app's browser helper uses the same rule (C1, bidi and zero-width characters included)."""
    from newsreader.ui.browser import refusal

    for url in BAD:
        if url.startswith("mailto:"):
            continue
        assert refusal(url) is not None, url


HOSTILE_LINKS_PAGE = (
    '<html><head><meta property="og:url" content="javascript:alert(1)"><link rel="canonical" href="javascript:x">'
    '</head><body><h1>Page</h1><p>x <a href="javascript:y">l</a> <a href="&#106;avascript:z">m</a> '
    '<a href="data:text/html,<script>1</script>">d</a> <a href="file:///etc/passwd">f</a></p>'
    '<img src="javascript:z" alt="i"><p>Read more: <a href="vbscript:x">Related</a></p></body></html>'
)
HOSTILE_LINKS_MARKDOWN = (
    "# T\n\n[a](javascript:alert(1)) ![i](javascript:x) <javascript:y> [b](data:text/html,x) [c](file:///etc/passwd)\n"
)


def test_no_parser_lets_an_unsafe_address_into_a_document_or_an_export() -> None:
    from newsreader.document.html import parse_html_page
    from newsreader.document.markdown import parse_markdown
    from newsreader.export import export_html, export_json, export_markdown

    documents = [parse_html_page(HOSTILE_LINKS_PAGE, "https://example.org/"), parse_markdown(HOSTILE_LINKS_MARKDOWN)]
    for document in documents:
        urls = [document.url] + [getattr(b, "url", None) for b in document.blocks]
        urls += [s.url for b in document.blocks for s in getattr(b, "spans", [])]
        for url in filter(None, urls):
            assert safe_browser_url(url) == url
    page = export_html(documents).lower()
    for scheme in ("javascript:", "vbscript:", "data:", "file:"):
        assert f'href="{scheme}' not in page and f'src="{scheme}' not in page
    assert "<script" not in page
    export_markdown(documents)
    export_json(d.to_dict() for d in documents)
