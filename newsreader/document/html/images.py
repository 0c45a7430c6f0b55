"""An <img> as a reader sees it: tracking pixels drop, emoji read as their alt text, the first safe address wins."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..blocks import Image
from ..clean import clean_inline
from .inline import IMAGE_SCHEMES, safe_url

_ADDRESSES = ("src", "data-src", "data-lazy-src", "data-original")  # lazy loaders keep the real one aside

# A size of nothing or one pixel: "0", "1", "1px", "0.0" (attributes and inline styles alike).
_TINY = re.compile(r"^\s*[01](?:\.0*)?\s*(?:px)?\s*$", re.IGNORECASE)
_STYLE_SIZE = re.compile(r"(?:^|;)\s*(?:max-)?(width|height)\s*:\s*([^;]*)", re.IGNORECASE)
# What counters and beacons are called: a whole path segment's stem, or the start of a host.
_TRACKING_STEMS = frozenset(
    "pixel pixels px tracking track tracker trk beacon beacons spacer 1x1 blank transparent clear"
    " clear_pixel trans pixel_1x1 tracking_pixel open_tracking".split()
)
_TRACKING_HOSTS = re.compile(r"^(?:pixel|pixels|beacon|beacons|track|tracking|tracker|stats|analytics)\d*\.")
_TRACKING_WORDS = re.compile(r"(?:^|[-_])(?:pixel|beacon|tracking|tracker)(?:$|[-_])")


def is_tracking_pixel(attr: dict[str, str]) -> bool:
    """A counter dressed as an image: one pixel (or none) wide or high, or an address that says it counts."""
    if _TINY.match(attr.get("width", "x")) or _TINY.match(attr.get("height", "x")):
        return True
    style = attr.get("style")
    if style and any(_TINY.match(value) for _, value in _STYLE_SIZE.findall(style)):
        return True
    for key in _ADDRESSES:
        if attr.get(key) and is_tracking_address(attr[key]):
            return True
    return False


def is_tracking_address(url: str) -> bool:
    """``…/pixel.gif``, ``pixel.example.com/…``, ``…/open-tracking/…``, Feedburner's ``/~r/`` counters."""
    try:
        parts = urlsplit(url.strip().lower())
    except ValueError:
        return False
    if _TRACKING_HOSTS.match(parts.hostname or ""):
        return True
    path = parts.path
    if "/~r/" in path or "/~ff/" in path:
        return True
    for segment in path.split("/"):
        stem = segment.rsplit(".", 1)[0] if "." in segment else segment
        if stem in _TRACKING_STEMS or (
            stem and _TRACKING_WORDS.search(stem) and not segment.endswith((".jpg", ".jpeg", ".webp", ".avif"))
        ):
            return True
    return False


def image_alt(attr: dict[str, str]) -> str:
    return clean_inline(attr.get("alt", ""))


def is_emoji(attr: dict[str, str]) -> bool:
    """An emoji or smiley drawn as an image: its alt text belongs in the sentence."""
    return "emoji" in attr.get("class", "") or "smiley" in attr.get("class", "")


def image_from(attr: dict[str, str], base_url: str | None) -> Image | None:
    """The Image an <img> shows, or None when it has neither a safe address nor alt text."""
    alt = image_alt(attr)
    candidates = [attr.get(key) for key in _ADDRESSES]
    srcset = attr.get("srcset") or attr.get("data-srcset")
    if srcset:
        candidates.append(srcset.strip().split(",")[0].strip().split(" ")[0])
    url = None
    for candidate in candidates:
        url = safe_url(candidate, base_url, IMAGE_SCHEMES)
        if url:
            break
    if not url and not alt:
        return None
    return Image(alt, url)
