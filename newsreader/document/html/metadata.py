"""A saved page's metadata: title, date, author, canonical address, read from its tags."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ..clean import clean_inline

_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{4,40})"')
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ")
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author")


@dataclass
class PageMetadata:
    """What a page says about itself, gathered while its tags stream by."""

    meta: dict[str, str] = field(default_factory=dict)  # <meta> name or property (lower case) -> content
    title_parts: list[str] = field(default_factory=list)  # the <title>'s text
    first_h1: str | None = None
    canonical: str | None = None  # <link rel=canonical> href, as written
    times: list[tuple[int, str]] = field(default_factory=list)  # (priority, datetime)
    ld_dates: list[str] = field(default_factory=list)  # datePublished from JSON-LD

    def read_tag(self, tag: str, attr: dict[str, str]) -> None:
        """Remember what a ``<meta>``, ``<link rel=canonical>``, ``<time>`` or ``itemprop`` tag says."""
        if tag == "meta":
            key = (attr.get("property") or attr.get("name") or attr.get("itemprop") or "").strip().lower()
            content = attr.get("content")
            if key and content and key not in self.meta:
                self.meta[key] = content
        elif tag == "link":
            rel = attr.get("rel", "").lower().split()
            if "canonical" in rel and attr.get("href") and self.canonical is None:
                self.canonical = attr["href"]
        if tag == "time" and attr.get("datetime"):
            prop = attr.get("itemprop", "").lower()
            priority = 0 if (prop == "datepublished" or "pubdate" in attr) else 1
            self.times.append((priority, attr["datetime"]))
        elif attr.get("itemprop", "").lower() == "datepublished":
            value = attr.get("content") or attr.get("datetime")
            if value:
                self.times.append((0, value))

    def read_ld_json(self, text: str) -> None:
        """A ``<script type=application/ld+json>``'s datePublished values."""
        self.ld_dates.extend(_LD_DATE.findall(text[:200_000]))


def page_author(metadata: PageMetadata) -> str | None:
    """The byline from the page's meta tags (a profile address is not a name)."""
    for key in _AUTHOR_KEYS:
        value = clean_inline(metadata.meta.get(key, ""))
        if value and "://" not in value:
            return value.removeprefix("By ").removeprefix("by ")
    return None


def page_title(metadata: PageMetadata, site: str | None) -> str:
    """og:title, <title> and the like, without the site's name; the first <h1> when nothing else."""
    meta = metadata.meta
    h1 = metadata.first_h1
    titles = [meta.get(key, "") for key in ("og:title", "twitter:title", "headline", "dc.title")]
    titles.append("".join(metadata.title_parts))
    for raw in titles:
        title = clean_inline(raw)
        if not title:
            continue
        if h1 and title != h1 and title.startswith(h1) and title[len(h1) :].startswith(_TITLE_SEPARATORS):
            return h1
        if site:
            for sep in _TITLE_SEPARATORS:
                if title.endswith(sep + site) and len(title) > len(sep + site):
                    return title[: -len(sep + site)].strip()
        return title
    return h1 or ""


def page_date(metadata: PageMetadata) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, ISO-8601 or None): from meta tags, then JSON-LD, then <time> (published first)."""
    meta = metadata.meta
    candidates: list[str] = []
    for key in (
        "article:published_time",
        "og:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date.issued",
        "dc.date",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "published_time",
    ):
        if meta.get(key):
            candidates.append(meta[key])
    candidates.extend(metadata.ld_dates)
    candidates.extend(value for _, value in sorted(metadata.times, key=lambda t: t[0]))
    for raw in candidates:
        found = _parse_date(clean_inline(raw))
        if found != (None, None):
            return found
    return None, None


def _parse_date(value: str) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, ISO-8601 or None) from a date or date-time string."""
    if not value:
        return None, None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is not None:
        date = moment.date().isoformat()
        has_time = "T" in text or " " in text.strip() or ":" in text
        return date, (moment.isoformat() if has_time else None)
    match = _ISO_DATE.search(text)
    if match:
        try:
            return datetime(int(match[1]), int(match[2]), int(match[3])).date().isoformat(), None
        except ValueError:
            return None, None
    return None, None
