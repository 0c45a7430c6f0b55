"""Subscriptions in and out: OPML 1.0/2.0.

Real exports are often broken (a raw ``&`` in a title, a quote inside an
attribute), so reading falls back from a strict XML parse to a repaired one
and then to a lenient scan of ``<outline>`` tags. Documents that declare
entities are refused, as for feeds. Only http(s) feed addresses are taken;
what is left out (a command, a file, a repeat, a feed with no address) is
reported by ``read_opml_report`` with the reason.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from newsreader.document.clean import clean_inline
from newsreader.document.decode import decode_bytes
from newsreader.sources.xmlencoding import bom_wins
from newsreader.sources.xmlsafety import declares_entities


class OpmlError(Exception):
    """An OPML document that cannot be read; the message says where and why."""


@dataclass(frozen=True)
class OpmlEntry:
    url: str
    title: str | None = None
    folder: str | None = None  # "A/B" for an outline nested in folders A then B
    # Kept and written back, but not what makes two entries the same subscription.
    html_url: str | None = field(default=None, compare=False)  # the site's web page (htmlUrl)
    categories: tuple[str, ...] = field(default=(), compare=False)  # OPML 2.0 category="/a,/b/c": "a", "b/c"


# Why an outline was left out: reason -> what to tell the user.
SKIP_REASONS = {
    "not-http": "not an http or https address",
    "no-host": "no host in the address",
    "duplicate": "listed twice in the file",
    "no-address": "no feed address (xmlUrl)",
}


@dataclass(frozen=True)
class SkippedOutline:
    """A feed outline that is not imported, and why (a key of SKIP_REASONS)."""

    address: str | None  # the xmlUrl as written (cleaned), or the web page's htmlUrl when there is none
    title: str | None
    folder: str | None
    reason: str

    @property
    def message(self) -> str:
        return SKIP_REASONS[self.reason]

    def to_json(self) -> dict[str, Any]:
        """The docs/cli.md shape of a skipped outline in ``import-opml --json``."""
        return {
            "address": self.address,
            "title": self.title,
            "folder": self.folder,
            "reason": self.reason,
            "message": self.message,
        }


@dataclass(frozen=True)
class OpmlImport:
    """What an OPML document holds: the feeds to import, in order, and the outlines left out."""

    entries: list[OpmlEntry]
    skipped: list[SkippedOutline]


def _feed_url(value: str | None) -> tuple[str, str | None]:
    """(the address as cleaned, None) for a web feed address; (the address, reason) for anything
    else ("|command", file: and other schemes are not imported)."""
    if not value:
        return "", "no-address"
    value = clean_inline(html.unescape(value) if "&" in value else value)
    value = _without_feed_scheme(value)
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        return value, "not-http"
    if not parts.netloc:
        return value, "no-host"
    return value, None


def _without_feed_scheme(value: str) -> str:
    """The unofficial feed: scheme some readers export: "feed://host/x" is "http://host/x",
    "feed:https://host/x" is "https://host/x"."""
    if value[:5].lower() != "feed:":
        return value
    rest = value[5:]
    if rest[:2] == "//":
        return "http:" + rest
    return rest if rest.lower().startswith(("http://", "https://")) else value


def _label(attrs: dict[str, str], keys: tuple[str, ...] = ("title", "text")) -> str | None:
    for key in keys:
        value = clean_inline(attrs.get(key) or "")
        if value:
            return value
    return None


def _folder_name(attrs: dict[str, str]) -> str:
    return (_label(attrs, ("text", "title")) or "untitled").replace("/", "∕")  # a slash would split the path


def _categories(attrs: dict[str, str]) -> tuple[str, ...]:
    """OPML 2.0's category: comma-separated, each a slash-delimited path ("/Tech/Linux")."""
    found: list[str] = []
    for part in (attrs.get("category") or "").split(","):
        name = clean_inline(part).strip().strip("/").strip()
        if name and name not in found:
            found.append(name)
    return tuple(found)


def _xml_url(attrs: dict[str, str]) -> str | None:
    return attrs.get("xmlUrl") or attrs.get("xmlurl")


def _web_page(attrs: dict[str, str]) -> str | None:
    return attrs.get("htmlUrl") or attrs.get("htmlurl") or attrs.get("url")


def _is_feed_without_address(attrs: dict[str, str]) -> bool:
    """A leaf outline that names a feed (type rss/atom) or a web page, but gives no xmlUrl to fetch."""
    return (attrs.get("type") or "").strip().lower() in ("rss", "atom") or bool(_web_page(attrs))


class _Collector:
    def __init__(self) -> None:
        self.entries: list[OpmlEntry] = []
        self.skipped: list[SkippedOutline] = []
        self._seen: set[str] = set()

    def add(self, attrs: dict[str, str], folders: list[str]) -> None:
        url, reason = _feed_url(_xml_url(attrs))
        if reason is None and url in self._seen:
            reason = "duplicate"
        if reason is not None:
            self.skip(attrs, folders, reason, url)
            return
        self._seen.add(url)
        page = clean_inline(_web_page(attrs) or "") or None
        self.entries.append(OpmlEntry(url, _label(attrs), "/".join(folders) or None, page, _categories(attrs)))

    def skip(self, attrs: dict[str, str], folders: list[str], reason: str, address: str | None = None) -> None:
        address = address or clean_inline(_web_page(attrs) or "") or None
        self.skipped.append(SkippedOutline(address, _label(attrs), "/".join(folders) or None, reason))

    def result(self) -> OpmlImport:
        return OpmlImport(self.entries, self.skipped)


def _walk(element: ET.Element, folders: list[str], out: _Collector) -> None:
    for child in element:
        if not isinstance(child.tag, str) or child.tag.split("}")[-1] != "outline":
            continue
        attrs = {k.split("}")[-1]: v for k, v in child.attrib.items()}
        if _xml_url(attrs):
            out.add(attrs, folders)
            _walk(child, folders, out)  # some exporters nest feeds under feeds
        elif not _has_outlines(child) and _is_feed_without_address(attrs):
            out.skip(attrs, folders, "no-address")
        else:
            _walk(child, [*folders, _folder_name(attrs)], out)


def _has_outlines(element: ET.Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag.split("}")[-1] == "outline" for c in element)


def _from_tree(root: ET.Element) -> OpmlImport:
    name = root.tag.split("}")[-1] if isinstance(root.tag, str) else ""
    if name != "opml":
        raise OpmlError(f"not an OPML file: the root element is <{name}>")
    body = next((c for c in root if isinstance(c.tag, str) and c.tag.split("}")[-1] == "body"), None)
    if body is None:
        raise OpmlError("not an OPML file: there is no <body>")
    out = _Collector()
    _walk(body, [], out)
    return out.result()


_BARE_AMPERSAND = re.compile(r"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_TAG = re.compile(r"<(/?)outline\b([^>]*?)(/?)>", re.IGNORECASE | re.DOTALL)
_ATTR = re.compile(r"""([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _lenient(text: str) -> OpmlImport:
    """Outlines found by pattern, with nesting followed, for documents XML refuses."""
    out = _Collector()
    folders: list[str | None] = []  # None marks a feed outline that was left open
    for match in _TAG.finditer(text):
        closing, raw, self_closing = match.groups()
        if closing:
            if folders:
                folders.pop()
            continue
        attrs = {
            m.group(1): html.unescape(m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTR.finditer(raw)
        }
        is_feed = bool(_xml_url(attrs))
        if is_feed:
            out.add(attrs, [f for f in folders if f is not None])
        elif self_closing and _is_feed_without_address(attrs):
            out.skip(attrs, [f for f in folders if f is not None], "no-address")
        if not self_closing:
            folders.append(None if is_feed else _folder_name(attrs))
    return out.result()


def read_opml(data: bytes) -> list[OpmlEntry]:
    """The feeds of an OPML document, in document order, duplicates skipped."""
    return read_opml_report(data).entries


def read_opml_report(data: bytes) -> OpmlImport:
    """The feeds of an OPML document in document order, and the feed outlines left out, with why."""
    if declares_entities(data):
        raise OpmlError("refused: the document declares XML entities (possible entity expansion or XXE attack)")
    data = bom_wins(data)
    try:
        return _from_tree(ET.fromstring(data))
    except ET.ParseError as error:
        first_error = error
    text = decode_bytes(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # the declared encoding no longer applies
    try:
        return _from_tree(ET.fromstring(_BARE_AMPERSAND.sub("&amp;", text)))
    except ET.ParseError:
        pass
    found = _lenient(text)
    if found.entries or found.skipped:
        return found
    line, column = getattr(first_error, "position", (0, 0))
    reason = str(first_error).split(":")[0]
    raise OpmlError(f"not a readable OPML file: {reason} at line {line}, column {column + 1}")


def _fields(source: Any) -> tuple[str, str | None, str | None] | None:
    """(url, title, folder) of an OpmlEntry or a store Source (feeds only)."""
    kind = getattr(source, "kind", "feed")
    if kind != "feed":
        return None
    url = getattr(source, "url", None) or getattr(source, "address", None)
    if not url:
        return None
    return url, getattr(source, "title", None), getattr(source, "folder", None)


def write_opml(
    sources: Iterable[Any],
    title: str = "newsreader subscriptions",
    tags: dict[int, list[str]] | None = None,
    web_pages: dict[int, str] | None = None,
) -> str:
    """OPML 2.0 for feed sources (OpmlEntry or Source objects); folders become nested outlines.

    A source's folder, else its first tag (``tags``: source id -> tags, folder first), is its
    outline folder; its other tags are its ``category``; ``web_pages`` (or an entry's
    html_url) its ``htmlUrl``.
    Order is kept (a folder that comes back later is opened again), so
    ``read_opml(write_opml(x).encode()) == x`` for entries as ``read_opml`` returns them.
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{html.escape(title, quote=False)}</title></head>",
        "  <body>",
    ]
    open_path: list[str] = []
    for source in sources:
        fields = _fields(source)
        if fields is None:
            continue
        url, label, folder = fields
        if tags is not None:  # a store's source: its folder, else its first tag, is where it goes
            own = tags.get(getattr(source, "id", -1), [])
            folder = folder or (own[0] if own else None)
            categories = [t for t in own if t != folder]
        else:
            categories = list(getattr(source, "categories", ()))
        page = (web_pages or {}).get(getattr(source, "id", -1)) or getattr(source, "html_url", None)
        path = [p for p in (folder or "").split("/") if p]
        shared = 0
        while shared < min(len(path), len(open_path)) and path[shared] == open_path[shared]:
            shared += 1
        while len(open_path) > shared:
            open_path.pop()
            lines.append(f"{'  ' * (len(open_path) + 2)}</outline>")
        for name in path[shared:]:
            lines.append(f"{'  ' * (len(open_path) + 2)}<outline text={_attr(name)}>")
            open_path.append(name)
        label = label or ""
        attrs = f'type="rss" text={_attr(label)} title={_attr(label)} xmlUrl={_attr(url)}'
        if page:
            attrs += f" htmlUrl={_attr(page)}"
        if categories:
            attrs += f" category={_attr(','.join('/' + c for c in categories))}"
        lines.append(f"{'  ' * (len(open_path) + 2)}<outline {attrs}/>")
    while open_path:
        open_path.pop()
        lines.append(f"{'  ' * (len(open_path) + 2)}</outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _attr(value: str) -> str:
    """A quoted XML attribute value; line breaks and tabs kept as character references."""
    return quoteattr(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
