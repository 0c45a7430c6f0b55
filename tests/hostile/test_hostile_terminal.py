"""Terminal safety: no byte from a feed or a file reaches the terminal as a control.

Every attack (C0, DEL, C1, CSI, OSC 52/0/2/8, DCS, bidi overrides) is put into
every field a source can fill (titles, bodies, authors, link texts, URLs, feed
titles, file names), raw, as HTML character references, as XML character
references and as JSON ``\\u001b`` escapes. Each goes in through the real CLI
(``add`` of a file or of a feed on the loopback server) and must come out of
``list``, ``show``, ``search``, ``sources``, ``bookmarks`` and
``export-bookmarks``, in text and in JSON, without one control character.
``show`` of a feed file goes through the feed parser (its articles, not its
markup) and is held to the same rule. The app's screen is checked the same way.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.loopback import LoopbackServer
from support.paths import FIXTURE_ROOT
from support.ui_fixtures import wait_for_workers

from newsreader.cli import main

FIXTURES = FIXTURE_ROOT / "hostile"


ATTACKS = {
    "c0": "\x01\x02\x07\x08\x0b\x0c\x0e\x1f",
    "del": "\x7f",
    "c1": "\x85\x8d\x90\x9b\x9d\x9f",
    "csi": "\x1b[2J\x1b[31m\x1b[?1049h",
    "osc52": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "osc0-2": "\x1b]0;pwned\x07\x1b]2;pwned\x1b\\",
    "osc8": "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "dcs": "\x1bP+q544e\x1b\\",
    "bidi": "\u202e\u2066\u202a\u200f",
}
EVERY_ATTACK = "".join(ATTACKS.values())

# What must never be printed: C0 but newline and tab, DEL, C1, bidi embeddings,
# overrides, isolates and marks; lone surrogates (bytes that were not UTF-8).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def assert_terminal_safe(text: str, where: str) -> None:
    found = UNSAFE.search(text)
    assert found is None, (
        f"{where}: {found.group()!r} at {found.start()} in ...{text[max(0, found.start() - 60) : found.start() + 20]!r}"
    )


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """The CLI in this process; every byte of stdout and stderr is checked."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert_terminal_safe(out, f"stdout of {argv[:2]}")
    assert_terminal_safe(err, f"stderr of {argv[:2]}")
    return code, out, err


def every_output(capsys) -> str:
    """Every reading command over the whole store, bookmarks included; returns stdout joined."""
    outputs = []
    for argv in (("list",), ("list", "--json"), ("sources",), ("sources", "--json")):
        outputs.append(run(capsys, *argv)[1])
    ids = [article["id"] for article in json.loads(outputs[1])]
    assert ids, "nothing was stored"
    for article_id in ids:
        outputs.append(run(capsys, "show", article_id)[1])
        outputs.append(run(capsys, "show", article_id, "--json")[1])
        run(capsys, "bookmark", article_id)
    for argv in (
        ("search", "headline"),
        ("search", "headline", "--json"),
        ("search", "pwned"),
        ("search", "body", "--json"),
        ("bookmarks",),
        ("bookmarks", "--json"),
        ("export-bookmarks", "--format", "md"),
        ("export-bookmarks", "--format", "html"),
        ("export-bookmarks", "--format", "json"),
        ("export-opml",),
    ):
        outputs.append(run(capsys, *argv)[1])
    return "\n".join(outputs)


# ---------------------------------------------------------------- one attack at a time

CARRIERS = {
    # name: (file suffix, how the attack is written into the file); Markdown and hexadecimal
    # references carry every attack at once in the fixture files below
    "raw-text": (
        ".txt",
        lambda p: f"Headline {p} one\n\nBy Author {p}\n\nBody {p} words, \u201cquote {p}\u201d, said Bob {p}.\n",
    ),
    "raw-html": (".html", lambda p: _page(p)),
    "html-decimal-refs": (".html", lambda p: _page("".join(f"&#{ord(c)};" for c in p))),
    "json-feed-escapes": (".json", lambda p: json.dumps(_json_feed(p))),
    "raw-rss": (".rss", lambda p: _rss(p)),
    "xml-decimal-refs-atom": (".atom", lambda p: _atom("".join(f"&#{ord(c)};" for c in p))),
}
# Feed files: `show` gives their articles (a JSON list), each under the feed's title.
FEED_CARRIERS = {"json-feed-escapes", "raw-rss", "xml-decimal-refs-atom"}


def _page(p: str) -> str:
    return (
        f"<html><head><title>Headline {p}</title><meta name='author' content='Author {p}'></head><body>"
        f"<h1>Headline {p}</h1><p>Body {p} <a href='https://example.org/{p}'>link {p}</a></p>"
        f"<blockquote>quote {p}<footer>Speaker {p}</footer></blockquote><ul><li>item {p}</li></ul>"
        f"<img alt='alt {p}' src='https://example.org/{p}.png'><pre>pre {p}</pre></body></html>"
    )


def _json_feed(p: str) -> dict:
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Feed {p}",
        "items": [
            {
                "id": f"1{p}",
                "url": f"https://example.org/{p}",
                "title": f"Headline {p}",
                "content_html": _page(p),
                "authors": [{"name": f"Author {p}"}],
            }
        ],
    }


def _rss(p: str) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {p}</title>'
        f"<link>https://example.org/</link><item><title>Headline {p}</title><link>https://example.org/{p}</link>"
        f"<author>a@example.org (Author {p})</author><description>{html.escape(_page(p))}</description></item></channel></rss>"
    )


def _atom(p: str) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Feed {p}</title>'
        f"<entry><title>Headline {p}</title><id>urn:x:{p}</id><author><name>Author {p}</name></author>"
        f'<link href="https://example.org/{p}"/><content type="html">{html.escape(_page(p))}</content></entry></feed>'
    )


# What a feed file's own syntax looks like: `show` must never print it as if it were the article.
FEED_SYNTAX = ("<rss", "<channel", "<item", "<feed", "<entry", "<description", '"items"', "jsonfeed.org/version")


def assert_shown_as_feed(text: str, articles: list[dict], where: str) -> None:
    """`show FEEDFILE` went through the feed parser: a list of articles, each from the feed, and
    the text is those articles, each under a numbered line, not the file's markup."""
    assert isinstance(articles, list) and articles, where
    assert all(a["id"] is None and a["feed"] and a["blocks"] for a in articles), where
    assert f"1/{len(articles)} ─" in text, where
    assert not any(syntax in text for syntax in FEED_SYNTAX), where


@pytest.mark.parametrize("carrier", sorted(CARRIERS))
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_one_attack_in_one_carrier_never_reaches_the_terminal(home, tmp_path, capsys, attack, carrier) -> None:
    """Parsed and shown from the file; the store's side is covered by the every-attack fixtures below."""
    suffix, write = CARRIERS[carrier]
    path = tmp_path / f"story-{attack}{suffix}"
    path.write_text(write(ATTACKS[attack]), "utf-8")
    code, text, _ = run(capsys, "show", str(path))
    assert code == 0 and "Headline" in text
    code, out, _ = run(capsys, "show", str(path), "--json")
    assert code == 0
    shown = json.loads(out)
    if carrier in FEED_CARRIERS:
        assert_shown_as_feed(text, shown, carrier)
        (article,) = shown
        assert article["feed"].startswith("Feed") and "Author" in text
    else:
        article = shown
    assert "Headline" in article["title"]


# ---------------------------------------------------------------- every attack, every field

FILE_FIXTURES = [
    "terminal-raw.txt",
    "terminal-raw.md",
    "terminal-raw.html",
    "terminal-charref-dec.html",
    "terminal-charref-hex.html",
    "terminal-charref.rss",
    "terminal-raw.rss",
    "terminal-charref.atom",
    "terminal-escapes.json",
]


@pytest.mark.parametrize("name", FILE_FIXTURES)
def test_fixture_file_with_every_attack_in_every_field(home, tmp_path, capsys, name) -> None:
    """Added under a hostile file name too: the name is a source title and an origin."""
    hostile_name = tmp_path / f"evil{EVERY_ATTACK.replace('/', '')}{Path(name).suffix}"
    hostile_name.write_bytes((FIXTURES / name).read_bytes())
    code, _, err = run(capsys, "add", str(hostile_name))
    assert code == 0, err
    text = every_output(capsys)
    assert "headline" in text.lower()
    shown_text = run(capsys, "show", str(hostile_name))[1]
    shown = json.loads(run(capsys, "show", str(hostile_name), "--json")[1])
    if Path(name).suffix in (".rss", ".atom", ".json"):  # a feed file: its articles, through the feed parser
        assert_shown_as_feed(shown_text, shown, name)
        assert all("headline" in article["title"].lower() for article in shown)
    else:
        assert shown["id"] is None and shown["blocks"]
    assert "headline" in shown_text.lower()


def test_json_output_keeps_the_exact_values_as_escapes(home, tmp_path, capsys) -> None:
    """JSON escapes (\\u001b, \\u202e) are safe to print and keep a hostile file name exact."""
    path = tmp_path / "name\x1b]0;x\x07\u202e\x9b.txt"
    path.write_text("A headline\n\nA body.\n", "utf-8")
    run(capsys, "add", str(path))
    sources = json.loads(run(capsys, "sources", "--json")[1])
    assert sources[0]["address"] == str(path)


def test_feeds_from_the_loopback_server(home, capsys) -> None:
    with LoopbackServer() as server:
        server.static("/rss", (FIXTURES / "terminal-charref.rss").read_bytes(), content_type="application/rss+xml")
        server.static("/raw", (FIXTURES / "terminal-raw.rss").read_bytes(), content_type="application/rss+xml")
        server.static("/atom", (FIXTURES / "terminal-charref.atom").read_bytes(), content_type="application/atom+xml")
        server.static("/json", (FIXTURES / "terminal-escapes.json").read_bytes(), content_type="application/feed+json")
        urls = [server.url(path) for path in ("/rss", "/raw", "/atom", "/json")]
        code, _, err = run(capsys, "add", *urls)
        assert code == 0 and [line[:2] for line in err.splitlines()] == ["✓ "] * 4, err
        # every feed gave its articles on the add itself, before any refresh
        stored = json.loads(run(capsys, "list", "--json")[1])
        assert sorted({article["origin"] for article in stored}) == sorted(urls)
        code, _, err = run(capsys, "refresh")
        assert code == 0 and err.count("unchanged") == 4, err
        code, out, _ = run(capsys, "refresh", "--json")
        assert code == 0 and [r["status"] for r in json.loads(out)] == ["unchanged"] * 4
    text = every_output(capsys)
    assert "Rss headline" in text and "Json headline" in text and "Atom headline" in text


def _raw_status(reason: bytes, headers: bytes = b""):
    def handler(request) -> None:
        request.wfile.write(
            b"HTTP/1.1 " + reason + b"\r\n" + headers + b"Content-Length: 0\r\nConnection: close\r\n\r\n"
        )
        request.wfile.flush()
        return None

    return handler


def test_a_server_cannot_write_to_the_terminal_through_errors_or_redirects(home, capsys) -> None:
    """The reason phrase of an error and a redirect's Location are the server's words too."""
    with LoopbackServer() as server:
        server.static("/ok", (FIXTURES / "terminal-charref.rss").read_bytes())
        server.route("/error", _raw_status(b"500 Oops \x1b]0;pwned\x07\x1b[2J\xc2\x9b"))
        server.route("/moved", _raw_status(b"301 Moved", b"Location: /ok\x1b]52;c;eA==\x07\r\n"))
        server.route("/moved-c1", _raw_status(b"308 Moved", b"Location: /ok\xc2\x9b31m\r\n"))
        assert run(capsys, "add", server.url("/ok"))[0] == 0
        code, _, err = run(capsys, "add", server.url("/error"), server.url("/moved"), server.url("/moved-c1"))
        lines = err.splitlines()
        assert code == 1 and lines[-1] == "3 of 3 sources failed", err
        assert lines[0].startswith(f"✗ {server.url('/error')}: HTTP 500 Oops"), err  # the reason, cleaned
        assert lines[1] == f"✗ {server.url('/moved')}: HTTP 301 redirect to an address with control characters: refused"
        assert (
            lines[2] == f"✗ {server.url('/moved-c1')}: HTTP 308 redirect to an address with control characters: refused"
        )
        # the same words met on refresh are stored on the source and shown by `sources`
        server.route("/ok", _raw_status(b"503 Busy \x1b]8;;http://evil\x1b\\now\x1b]8;;\x1b\\"))
        code, _, err = run(capsys, "refresh")
        assert code == 1 and "✗ " in err and "HTTP 503 Busy now" in err, err
        code, out, _ = run(capsys, "sources", "--json")
        assert code == 0
        code, text, _ = run(capsys, "sources")
    error = json.loads(out)[0]["error"]
    assert error == "HTTP 503 Busy now"  # the server's words without its escape sequences
    assert code == 0 and "HTTP 503 Busy now" in " ".join(text.split())  # (wrapped to the width)


def test_a_redirect_to_a_utf8_address_is_followed(home, capsys) -> None:
    """Refusing controls in Location must not refuse non-ASCII addresses sent as UTF-8."""
    with LoopbackServer() as server:
        server.static("/f\u0142ux.xml", (FIXTURES / "terminal-charref.rss").read_bytes())
        server.route("/old", _raw_status(b"302 Found", "Location: /f\u0142ux.xml\r\n".encode("utf-8")))
        server.route("/f%C5%82ux.xml", server.routes["/f\u0142ux.xml"])
        code, _, err = run(capsys, "add", server.url("/old"))
    assert code == 0, err


def test_file_names_that_are_not_utf8_are_refused_clearly(home, tmp_path, capsys) -> None:
    folder = Path(bytes(tmp_path).decode("utf-8", "surrogateescape"))
    raw = bytes(tmp_path) + b"/bad\xff\x1b[2Jname.txt"
    with open(raw, "wb") as handle:
        handle.write(b"A headline\n\nA body.\n")
    code, _, err = run(capsys, "add", raw.decode("utf-8", "surrogateescape"))
    assert code == 1 and "not valid UTF-8" in err
    # in a folder, such a file is skipped and named; the others are read
    inner = tmp_path / "folder"
    inner.mkdir()
    (inner / "good.txt").write_text("Good headline\n\nGood body.\n")
    with open(bytes(inner) + b"/bad\xfe.txt", "wb") as handle:
        handle.write(b"Bad headline\n\nBad body.\n")
    code, _, err = run(capsys, "add", str(inner))
    assert code == 0
    sources = json.loads(run(capsys, "sources", "--json")[1])
    assert any("not valid UTF-8" in (s["error"] or "") for s in sources)
    code, out, _ = run(capsys, "show", str(folder / "bad\udcff\x1b[2Jname.txt"))
    assert code == 0 and "A headline" in out
    run(capsys, "show", str(folder / "bad\udcff\x1b[2Jname.txt"), "--json")
    every_output(capsys)


def test_messages_about_hostile_names_are_clean(home, tmp_path, capsys) -> None:
    hostile = str(tmp_path / f"missing{EVERY_ATTACK}")
    for argv in (
        ("add", hostile),
        ("show", hostile),
        ("import-opml", hostile),
        ("list", "--source", hostile),
        ("bookmark", hostile),
        ("search", hostile),
        ("export-bookmarks", "--format", "md", "-o", hostile + "/x"),
    ):
        run(capsys, *argv)


def test_the_real_program_in_a_subprocess(tmp_path) -> None:
    """Bytes as a terminal would get them, through `python -m newsreader`."""
    home = tmp_path / "home"
    name = tmp_path / f"story{EVERY_ATTACK.replace('/', '')}.txt"
    name.write_bytes((FIXTURES / "terminal-raw.txt").read_bytes())
    feed = tmp_path / "feed.rss"
    feed.write_bytes((FIXTURES / "terminal-raw.rss").read_bytes())
    base = [sys.executable, "-m", "newsreader", "--home", str(home)]
    outputs = []
    for argv in (
        ["add", str(name), str(feed)],
        ["sources"],
        ["list", "--json"],
        ["show", str(name)],
        ["show", str(feed)],
    ):
        done = subprocess.run(base + argv, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
        outputs.append(done)
    first = json.loads(outputs[2].stdout)[0]["id"]
    outputs.append(subprocess.run(base + ["show", first], capture_output=True, timeout=60))
    outputs.append(subprocess.run(base + ["show", str(feed), "--json"], capture_output=True, timeout=60))
    assert_shown_as_feed(outputs[4].stdout.decode(), json.loads(outputs[-1].stdout), "show FEEDFILE")
    for done in outputs:
        for stream in (done.stdout, done.stderr):
            assert b"\x1b" not in stream
            assert_terminal_safe(stream.decode("utf-8", "surrogateescape"), " ".join(map(str, done.args[4:6])))


# ---------------------------------------------------------------- the app's screen


def _screen_text(app) -> str:
    """Every character the app has drawn: the compositor's strips, as text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def _check_screen(app, where: str) -> str:
    text = _screen_text(app)
    assert_terminal_safe(text, where)
    svg = app.export_screenshot()
    assert_terminal_safe(svg, f"{where} (screenshot)")
    assert not re.search(r"&#(27|x1b|155|x9b);", svg, re.IGNORECASE), where
    return text


async def test_the_app_screen_holds_no_control_character(home, tmp_path, capsys) -> None:
    from newsreader.config import Config
    from newsreader.paths import resolve_paths
    from newsreader.store import Store
    from newsreader.ui.app import build_app

    for name in FILE_FIXTURES:
        path = tmp_path / f"evil{EVERY_ATTACK.replace('/', '')}{name}"
        path.write_bytes((FIXTURES / name).read_bytes())
        assert main(["add", str(path)]) == 0
    folder = tmp_path / f"folder{EVERY_ATTACK.replace('/', '')}"
    folder.mkdir()
    (folder / "story.txt").write_bytes((FIXTURES / "terminal-raw.txt").read_bytes())
    assert main(["add", str(folder)]) == 0
    capsys.readouterr()
    store = Store(resolve_paths(str(home)).store)
    try:
        count = len(store.headlines(limit=500))
        app = build_app(store, Config(), refresh_all=None)
        async with app.run_test(size=(160, 50)) as pilot:
            for _ in range(2):
                await wait_for_workers(pilot.app)
                await pilot.pause()
            text = _check_screen(app, "main screen")
            assert "headline" in text.lower()
            await pilot.press("enter")
            for index in range(min(count, 6)):
                await pilot.pause()
                _check_screen(app, f"article {index}")
                await pilot.press("j")
            await pilot.press("escape")
            await pilot.pause()
            _check_screen(app, "after escape")
    finally:
        store.close()
