"""What feedparser makes of each element of a simple RSS 2.0 or Atom 1.0 feed, read from an ElementTree.

An element is judged by feedparser's name for it (``dc_creator``,
``pubdate``): one we read, one we know feedparser keeps elsewhere (ignored),
one feedparser has no handler for (kept generically: ignored when it holds no
elements), or anything else (not simple: ``NotSimple``, and feedparser reads
the feed). feedparser's quirks that change what we keep are copied, and marked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import Any

from feedparser.datetimes import _parse_date
from feedparser.mixin import _cp1252, _FeedParserMixin

_UTF8 = ("utf-8", "utf8")
_C1 = re.compile("[\x80-\x9f]")
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")

# Handled elsewhere by feedparser, nothing we read (tags, comments, ratings, licences...).
_ENTRY_ELSEWHERE = {
    "category",
    "comments",
    "source",
    "rights",
    "copyright",
    "dc_subject",
    "dc_language",
    "dc_rights",
    "dc_publisher",
    "dcterms_valid",
    "dcterms_created",
    "media_category",
    "media_keywords",
    "media_rating",
    "media_credit",
    "media_restriction",
    "media_license",
    "media_player",
    "itunes_image",
    "itunes_category",
    "creativecommons_license",
    "cc_license",
}
_FEED_OWN_CONTEXTS = {"image", "textinput", "skiphours", "skipdays"}
_TITLE_OR_LINK_LIKE = {"dc_title", "media_title", "itunes_link"}  # feedparser's title and link under other names
_PEOPLE = {"author", "contributor", "dc_contributor"}
_PERSON_PARTS = {"name", "email", "uri", "itunes_name", "itunes_email", "itunes_category"}


class NotSimple(Exception):
    """The feed has something this reader does not model: feedparser reads it."""


# Windows-1252's characters for the C1 controls, as a str.translate table.
_CP1252: dict[int, str] = _cp1252


@lru_cache(maxsize=1)
def known_namespaces() -> dict[str, str]:
    """feedparser's prefix for each namespace it knows, by the namespace's URI (lowercased)."""
    namespaces: dict[str, str] = _FeedParserMixin.namespaces
    return {uri.lower(): prefix.lower() for uri, prefix in namespaces.items()}


@lru_cache(maxsize=512)
def _name(tag: str) -> str | None:
    """feedparser's name for an element ("dc_creator", "pubdate"); None in a namespace it does not know."""
    if tag.startswith("{"):
        uri, local = tag[1:].split("}", 1)
        prefix = known_namespaces().get(uri.lower())
        if prefix is None:
            return None
    else:
        prefix, local = "", tag
    local = local.lower()
    return f"{prefix}_{local}" if prefix else local


@lru_cache(maxsize=512)
def _has_handler(name: str) -> bool:
    return hasattr(_FeedParserMixin, f"_start_{name}") or hasattr(_FeedParserMixin, f"_end_{name}")


def _generic(element: ET.Element, name: str | None) -> None:
    """An element we do not read: fine when feedparser keeps it under its own name and it holds nothing."""
    if (name is not None and _has_handler(name)) or len(element):
        raise NotSimple(element.tag)


class ElementReader:
    """A feed's elements read into feedparser's shape (``rss`` or ``atom`` for the root)."""

    def __init__(self, is_rss: bool, utf8: bool = True) -> None:
        self.is_rss = is_rss  # RSS titles are guessed HTML or text; Atom says which
        self.utf8 = utf8  # feedparser undoes UTF-8-read-as-Latin-1 only in UTF-8 feeds

    # -- values ----------------------------------------------------------------------
    def value(self, text: str) -> str:
        """Text as feedparser gives it: stripped, a UTF-8-read-as-Latin-1 mistake undone,
        Windows-1252 C1 characters mapped (feedparser quirks, kept)."""
        text = text.strip()
        if self.utf8:
            try:
                text = text.encode("iso-8859-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
        return text.translate(_CP1252) if _C1.search(text) else text  # translate() is slow

    def text(self, element: ET.Element) -> str:
        if len(element):  # markup inside: feedparser rebuilds it, this reader does not
            raise NotSimple(element.tag)
        return self.value(element.text or "")

    def text_type(self, element: ET.Element, default: str) -> str:
        """The content type of a text construct; inline XHTML, base64 and src= are not simple."""
        attrs = _attributes(element)
        if "src" in attrs:
            raise NotSimple("content src")
        kind = {"text": "text/plain", "plain": "text/plain", "html": "text/html"}.get(attrs.get("type", default))
        kind = kind or attrs.get("type", default)
        if kind not in ("text/plain", "text/html"):
            raise NotSimple(f"type {kind}")
        return kind

    def title(self, target: dict[str, Any], element: ET.Element, seen: set[str]) -> None:
        _once(seen, "title")
        kind = self.text_type(element, "text/plain")
        text = self.text(element)
        if text:
            if self.is_rss and kind == "text/plain" and _looks_like_html(text):
                kind = "text/html"
            target["title"] = text
            target["title_detail"] = {"type": kind}

    def link(self, target: dict[str, Any], element: ET.Element, in_entry: bool) -> None:
        """feedparser's _start_link: an href link is the link when it is the (last) alternate HTML
        one; enclosures are kept; a link without href is text."""
        if len(element):
            raise NotSimple("link with children")
        attrs = _href(_attributes(element))
        if "href" not in attrs:
            text = self.text(element)
            if in_entry:
                text = text.replace("&amp;", "&")
            target["link"] = _LINK_ENTITY.sub(r"&\g<1>", text)  # query strings with an entity too many
            return
        attrs.setdefault("rel", "alternate")
        attrs.setdefault("type", "application/atom+xml" if attrs["rel"] == "self" else "text/html")
        if attrs["rel"] == "alternate" and attrs["type"] in ("text/html", "application/xhtml+xml"):
            target["link"] = attrs["href"]
        elif attrs["rel"] == "enclosure":
            target.setdefault("enclosures", []).append({k: v for k, v in attrs.items() if k != "rel"})

    def identifier(self, target: dict[str, Any], element: ET.Element, seen: set[str]) -> str:
        """guid / id; feedparser takes it as the link too unless isPermaLink says otherwise."""
        _once(seen, "id")
        value = self.text(element)
        if _attributes(element).get("ispermalink", "true") == "true":
            target.setdefault("link", value)
        return value

    def author(self, entry: dict[str, Any], element: ET.Element) -> None:
        """feedparser's _sync_author_detail: "name (email)", name or email; a plain author as written."""
        if not len(element):
            entry["author"] = self.text(element)
            return
        parts: dict[str, str] = {}
        for part in element:
            name = _name(part.tag)
            if name in ("name", "email"):
                parts[name] = self.text(part)
            elif name != "uri":
                raise NotSimple(part.tag)
        name, email = parts.get("name"), parts.get("email")
        if name and email:
            entry["author"] = f"{name} ({email})"
        elif name or email:
            entry["author"] = name or email
        else:
            entry["author"] = self.value(element.text or "")

    # -- entries ---------------------------------------------------------------------
    def entry(self, element: ET.Element) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        seen: set[str] = set()
        for child in element:
            self.entry_part(entry, child, _name(child.tag), seen)
        return entry

    def entry_part(self, entry: dict[str, Any], child: ET.Element, name: str | None, seen: set[str]) -> None:
        if name == "title":
            self.title(entry, child, seen)
        elif name == "link":
            self.link(entry, child, in_entry=True)
        elif name in ("guid", "id"):
            entry["id"] = self.identifier(entry, child, seen)
        elif name in ("description", "summary"):
            _once(seen, "summary")
            kind = self.text_type(child, "text/html" if name == "description" else "text/plain")
            entry["summary"] = self.text(child)  # replaces a summary copied from the content
            entry["summary_detail"] = {"type": kind}
        elif name in ("content_encoded", "content"):
            _once(seen, "content")
            kind = self.text_type(child, "text/html" if name == "content_encoded" else "text/plain")
            value = self.text(child)
            entry["content"] = [{"type": kind, "value": value}]
            entry.setdefault("summary", value)  # feedparser's _save, without summary_detail
        elif name in ("pubdate", "published", "dcterms_issued"):
            _once(seen, "published")
            _date(entry, "published", self.text(child))
        elif name in ("updated", "dc_date", "dcterms_modified", "modified"):
            _once(seen, "updated")
            _date(entry, "updated", self.text(child))
        elif name in ("author", "dc_creator", "dc_author"):
            self.author(entry, child)  # the last one wins, as in feedparser
        elif name == "enclosure":
            entry.setdefault("enclosures", []).append(_href(_leaf_attributes(child)))
        elif name == "media_content":
            entry.setdefault("media_content", []).append(_leaf_attributes(child))
        elif name == "media_thumbnail":
            attrs = _leaf_attributes(child)
            text = (child.text or "").strip()
            if text and "url" not in attrs:
                attrs["url"] = text
            entry.setdefault("media_thumbnail", []).append(attrs)
        elif name == "media_group":  # feedparser reads its elements as the entry's own
            for part in child:
                self.entry_part(entry, part, _name(part.tag), seen)
        elif name in _ENTRY_ELSEWHERE and not len(child):
            pass
        elif name in _PEOPLE:
            _only_people_parts(child)  # feedparser keeps contributors apart
        else:
            _generic(child, name)

    # -- feeds -----------------------------------------------------------------------
    def feed_part(self, feed: dict[str, Any], child: ET.Element, name: str | None, seen: set[str]) -> None:
        """A channel or feed element: only its title and link matter here."""
        if name == "title":
            self.title(feed, child, seen)
        elif name == "link":
            self.link(feed, child, in_entry=False)
        elif name in ("id", "guid"):
            self.identifier(feed, child, seen)
        elif name in _TITLE_OR_LINK_LIKE:
            raise NotSimple(child.tag)
        elif name in _FEED_OWN_CONTEXTS:
            pass  # feedparser gives the title and link inside an image or text input their own place
        elif name in _PEOPLE or name in ("itunes_owner", "itunes_category"):
            _only_people_parts(child)
        elif len(child):
            raise NotSimple(child.tag)

    def rss(self, root: ET.Element) -> dict[str, Any]:
        if root.attrib.get("version") not in ("2.0", "0.91", "0.92", "0.93", "0.94") or len(root) != 1:
            raise NotSimple("rss version")
        channel = root[0]
        if channel.tag != "channel":
            raise NotSimple(channel.tag)
        feed: dict[str, Any] = {}
        entries = []
        seen: set[str] = set()
        for child in channel:
            if child.tag == "item":
                entries.append(self.entry(child))
            else:
                self.feed_part(feed, child, _name(child.tag), seen)
        return {"feed": feed, "entries": entries, "version": "rss20"}

    def atom(self, root: ET.Element) -> dict[str, Any]:
        feed: dict[str, Any] = {}
        entries = []
        seen: set[str] = set()
        for child in root:
            name = _name(child.tag)
            if name == "entry":
                entries.append(self.entry(child))
            else:
                self.feed_part(feed, child, name, seen)
        return {"feed": feed, "entries": entries, "version": "atom10"}


def _looks_like_html(text: str) -> bool:
    return bool(_FeedParserMixin.looks_like_html(text))


def _attributes(element: ET.Element) -> dict[str, str]:
    """Attributes as feedparser keys them: names lowercased, rel and type values too."""
    out = {}
    for key, value in element.attrib.items():
        if key.startswith("{"):
            raise NotSimple(key)  # xml:lang and friends
        key = key.lower()
        out[key] = value.lower() if key in ("rel", "type") else value
    return out


def _leaf_attributes(element: ET.Element) -> dict[str, str]:
    """The attributes of an element that is all attributes (an enclosure, a media:content);
    one with elements inside is not simple."""
    if len(element):
        raise NotSimple(element.tag)
    return _attributes(element)


def _href(attrs: dict[str, str]) -> dict[str, str]:
    """feedparser's _enforce_href: url or uri becomes href."""
    href = attrs.get("url", attrs.get("uri", attrs.get("href")))
    if href:
        attrs.pop("url", None)
        attrs.pop("uri", None)
        attrs["href"] = href
    return attrs


def _date(entry: dict[str, Any], key: str, text: str) -> None:
    entry[key] = text
    entry[f"{key}_parsed"] = _parse_date(text)


def _only_people_parts(element: ET.Element) -> None:
    """An author, contributor or owner holds names, addresses and categories, nothing else."""
    for part in element.iter():
        if part is not element and (_name(part.tag) not in _PERSON_PARTS or len(part)):
            if _name(part.tag) != "itunes_category":
                raise NotSimple(part.tag)


def _once(seen: set[str], what: str) -> None:
    if what in seen:  # feedparser keeps the first of some, the last of others: let it decide
        raise NotSimple(f"{what} twice")
    seen.add(what)
