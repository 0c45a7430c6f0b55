"""An <img> as a reader sees it: tracking pixels drop, emoji read as their alt text, the first safe address wins."""

from __future__ import annotations

from newsreader.document.blocks import Image
from newsreader.document.clean import clean_inline, strip_controls
from .inline import IMAGE_SCHEMES, safe_url

_ADDRESSES = ("src", "data-src", "data-lazy-src", "data-original")  # lazy loaders keep the real one aside


def is_tracking_pixel(attr: dict[str, str]) -> bool:
    return attr.get("width", "").strip() in ("0", "1") or attr.get("height", "").strip() in ("0", "1")


def image_alt(attr: dict[str, str]) -> str:
    return clean_inline(strip_controls(attr.get("alt", "")))


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
