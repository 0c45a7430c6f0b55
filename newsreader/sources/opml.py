"""Subscriptions in and out: OPML 1.0/2.0.

Real exports are often broken (a raw ``&`` in a title, a quote inside an
attribute), so reading falls back from a strict XML parse to a repaired one
and then to a lenient scan of ``<outline>`` tags. Documents that declare
entities are refused, as for feeds.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Iterable
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


def _feed_url(value: str | None) -> str | None:
    """Only web feed addresses are imported ("|command" and file: entries are not)."""
    if not value:
        return None
    value = clean_inline(html.unescape(value) if "&" in value else value)
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value


def _label(attrs: dict[str, str], keys: tuple[str, ...] = ("title", "text")) -> str | None:
    for key in keys:
        value = clean_inline(attrs.get(key) or "")
        if value:
            return value
    return None


def _folder_name(attrs: dict[str, str]) -> str:
    return (_label(attrs, ("text", "title")) or "untitled").replace("/", "∕")  # a slash would split the path


class _Collector:
    def __init__(self) -> None:
        self.entries: list[OpmlEntry] = []
        self._seen: set[str] = set()

    def add(self, attrs: dict[str, str], folders: list[str]) -> None:
        url = _feed_url(attrs.get("xmlUrl") or attrs.get("xmlurl"))
        if url is None or url in self._seen:
            return
        self._seen.add(url)
        self.entries.append(OpmlEntry(url, _label(attrs), "/".join(folders) or None))


def _walk(element: ET.Element, folders: list[str], out: _Collector) -> None:
    for child in element:
        if not isinstance(child.tag, str) or child.tag.split("}")[-1] != "outline":
            continue
        attrs = {k.split("}")[-1]: v for k, v in child.attrib.items()}
        if attrs.get("xmlUrl") or attrs.get("xmlurl"):
            out.add(attrs, folders)
            _walk(child, folders, out)  # some exporters nest feeds under feeds
        else:
            _walk(child, [*folders, _folder_name(attrs)], out)


def _from_tree(root: ET.Element) -> list[OpmlEntry]:
    name = root.tag.split("}")[-1] if isinstance(root.tag, str) else ""
    if name != "opml":
        raise OpmlError(f"not an OPML file: the root element is <{name}>")
    body = next((c for c in root if isinstance(c.tag, str) and c.tag.split("}")[-1] == "body"), None)
    if body is None:
        raise OpmlError("not an OPML file: there is no <body>")
    out = _Collector()
    _walk(body, [], out)
    return out.entries


_BARE_AMPERSAND = re.compile(r"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_TAG = re.compile(r"<(/?)outline\b([^>]*?)(/?)>", re.IGNORECASE | re.DOTALL)
_ATTR = re.compile(r"""([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _lenient(text: str) -> list[OpmlEntry]:
    """Outlines found by pattern, with nesting followed, for documents XML refuses."""
    out = _Collector()
    folders: list[str | None] = []  # None marks a feed outline that was left open
    for match in _TAG.finditer(text):
        closing, raw, self_closing = match.groups()
        if closing:
            if folders:
                folders.pop()
            continue
        attrs = {m.group(1): html.unescape(m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTR.finditer(raw)}
        is_feed = bool(attrs.get("xmlUrl") or attrs.get("xmlurl"))
        if is_feed:
            out.add(attrs, [f for f in folders if f is not None])
        if not self_closing:
            folders.append(None if is_feed else _folder_name(attrs))
    return out.entries


def read_opml(data: bytes) -> list[OpmlEntry]:
    """The feeds of an OPML document, in document order, duplicates skipped."""
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
    entries = _lenient(text)
    if entries:
        return entries
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


def write_opml(sources: Iterable[Any], title: str = "newsreader subscriptions") -> str:
    """OPML 2.0 for feed sources (OpmlEntry or Source objects); folders become nested outlines.

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
        lines.append(f"{'  ' * (len(open_path) + 2)}<outline {attrs}/>")
    while open_path:
        open_path.pop()
        lines.append(f"{'  ' * (len(open_path) + 2)}</outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _attr(value: str) -> str:
    """A quoted XML attribute value; line breaks and tabs kept as character references."""
    return quoteattr(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
