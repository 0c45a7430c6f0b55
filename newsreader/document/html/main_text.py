"""A page's main text: the container that holds the article, chosen readability-style.

While a page streams by, every top-level block is placed in the element it
was written in (``PlacedBlocks``); ``main_blocks`` then scores those elements
by their paragraphs and keeps the best one, with what belongs beside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..blocks import Block, BulletList, Heading, Paragraph, Preformatted, Quote, RelatedLink

# The hints are readability's, plus a few.
_POSITIVE_HINT = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", re.I
)
_NEGATIVE_HINT = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta"
    r"|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget"
    r"|navigation|menu|login|social|newsletter|breadcrumb|trending|popular",
    re.I,
)
_TAG_SCORES = {
    "div": 5, "pre": 3, "td": 3, "blockquote": 3,
    "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
    "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
}  # fmt: skip
INLINE_CONTAINERS = frozenset("p span a em strong b i font li".split())
_COMMAS = (",", "，", "、", "،")
_MAX_HOPS = 200  # ancestors looked at from a block; deeper nesting than this is not a real page
_MAX_CLIMB = 50  # how far the chosen container may move up from the best-scored one
_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")
_FURNITURE = re.compile(
    r"^\W*(?:advertisement|advertising|continue reading(?: the main story)?|supported by"
    r"|share(?: this(?: page| article| story)?)?|photo|skip to (?:main )?content|loading\.*|read more|sponsored)\W*$",
    re.I,
)


@dataclass(eq=False)
class Element:
    """An open element of a page, kept to tell which container each block came from."""

    tag: str
    weight: int  # what its class and id suggest: + for article-like, - for page furniture
    parent: Element | None
    children: int = 0  # child elements opened so far


class PlacedBlocks(list[Block]):
    """The builder's top-level blocks, each remembered with the element it was written in."""

    def __init__(self, locate: Callable[[], Element | None]) -> None:
        super().__init__()
        self.locate = locate  # where the block being added was written
        self.where: list[Element | None] = []

    def append(self, block: Block) -> None:
        super().append(block)
        self.where.append(self.locate())

    def extend(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            self.append(block)

    def pop(self, index: int = -1) -> Block:  # type: ignore[override]
        self.where.pop(index)
        return super().pop(index)


def main_blocks(placed: PlacedBlocks) -> list[Block]:
    """The article's part of a page: the best-scored container, readability-style.

    Each paragraph of 25 characters or more scores points (one, plus its commas,
    plus one per 100 characters up to three) for the element it was written in
    and, less and less, for four ancestors. An element's score starts from what
    its tag and its class and id suggest (``story-body`` up, ``sidebar`` down),
    and is scaled by the share of its text that is not links. The best element
    is kept, with the siblings that scored nearly as well and the plain
    paragraphs written beside it. Page furniture left inside (``Advertisement``,
    ``Continue reading the main story``) goes. A page with no such paragraph is
    kept whole.
    """
    blocks = list(placed)
    where = placed.where
    if not blocks:
        return blocks
    scores: dict[Element, float] = {}
    text_size: dict[Element, int] = {}
    link_size: dict[Element, int] = {}
    for block, element in zip(blocks, where):
        length, links = _text_and_links(block)
        node, hops = element, 0
        while node is not None and hops < _MAX_HOPS:
            text_size[node] = text_size.get(node, 0) + length
            link_size[node] = link_size.get(node, 0) + links
            node, hops = node.parent, hops + 1
        if length < 25 or not isinstance(block, (Paragraph, Quote, Preformatted)):
            continue
        text = _block_text(block)
        points = 1 + sum(text.count(comma) for comma in _COMMAS) + min(length // 100, 3)
        node = element
        for level in range(5):
            if node is None:
                break
            if node not in scores:
                scores[node] = float(node.weight + _TAG_SCORES.get(node.tag, 0))
            scores[node] += points / (1 if level == 0 else 2 if level == 1 else level * 3)
            node = node.parent
    if not scores:
        return _without_furniture(blocks)
    final = {node: score * (1 - _density(node, text_size, link_size)) for node, score in scores.items()}
    top = _top_container(final)
    threshold = max(10.0, final.get(top, 0.0) * 0.2)
    kept = {top}
    if top.parent is not None:
        kept.update(n for n, score in final.items() if n.parent is top.parent and score >= threshold)
    chosen = []
    for block, element in zip(blocks, where):
        inside, in_furniture = _placement(element, kept)
        if (
            inside
            and not (in_furniture and _link_list(block))
            or top.parent is not None
            and element is top.parent
            and _plain_prose(block)
        ):
            chosen.append(block)
    if not any(_text_and_links(block)[0] >= 25 for block in chosen):
        chosen = blocks  # nothing readable chosen (a pathological page): keep it all rather than lose it
    return _without_furniture(chosen)


def _top_container(final: dict[Element, float]) -> Element:
    """The best-scored element, moved up where the article evidently spans more (Mozilla Readability's rules)."""
    ranked = sorted(final, key=lambda node: final[node], reverse=True)
    top = ranked[0]
    best = final[top]
    # several near-best candidates under one ancestor: the ancestor holds the article
    rivals = [_ancestors(node) for node in ranked[1:5] if best > 0 and final[node] / best >= 0.75]
    if len(rivals) >= 3:
        node, hops = top.parent, 0
        while node is not None and node.tag not in ("body", "html") and hops < _MAX_CLIMB:
            hops += 1
            if sum(node in ancestry for ancestry in rivals) >= 3:
                top = node
                break
            node = node.parent
    # a score that rises on the way up means more of the article sits higher
    last, node, hops = final.get(top, 0.0), top.parent, 0
    while node is not None and node.tag not in ("body", "html") and hops < _MAX_CLIMB:
        hops += 1
        if node in final:
            if final[node] < best / 3:
                break
            if final[node] > last:
                top = node
                break
            last = final[node]
        node = node.parent
    hops = 0
    while (
        top.parent is not None
        and top.parent.tag not in ("body", "html")
        and hops < _MAX_CLIMB
        and (top.parent.children == 1 or top.tag in INLINE_CONTAINERS)
    ):
        top, hops = top.parent, hops + 1
    return top


def _ancestors(node: Element) -> set[Element]:
    found: set[Element] = set()
    node_ = node.parent
    while node_ is not None and len(found) < _MAX_HOPS:
        found.add(node_)
        node_ = node_.parent
    return found


def _text_and_links(block: Block) -> tuple[int, int]:
    if isinstance(block, Paragraph):
        return len(block.text), sum(len(span.text) for span in block.spans if span.kind == "link")
    if isinstance(block, RelatedLink):
        return len(block.title), len(block.title)
    return len(_block_text(block)), 0


def _density(node: Element, text_size: dict[Element, int], link_size: dict[Element, int]) -> float:
    total = text_size.get(node, 0)
    return link_size.get(node, 0) / total if total else 0.0


def _placement(element: Element | None, kept: set[Element]) -> tuple[bool, bool]:
    """(inside one of ``kept``, inside furniture within it: an element whose class says share, ad, menu…)."""
    furniture, hops = False, 0
    while element is not None and hops < _MAX_HOPS:
        if element in kept:
            return True, furniture
        furniture = furniture or element.weight < 0
        element, hops = element.parent, hops + 1
    return False, furniture


def _link_list(block: Block) -> bool:
    """Mostly links, or a list: what share bars, menus and 'more stories' boxes are made of."""
    if isinstance(block, (BulletList, RelatedLink)):
        return True
    length, links = _text_and_links(block)
    return isinstance(block, Paragraph) and length > 0 and links / length > 0.5


def _plain_prose(block: Block) -> bool:
    """A paragraph beside the article's container that reads as part of it (readability's rule)."""
    if not isinstance(block, Paragraph):
        return False
    length, links = _text_and_links(block)
    if length > 80:
        return links / length < 0.25
    return links == 0 and _SENTENCE_END.search(block.text) is not None


def _without_furniture(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if not (isinstance(b, Paragraph) and _FURNITURE.match(b.text))]


def element_weight(tag: str, attr: dict[str, str]) -> int:
    """What an element's class, id, itemprop and role say: + for the article, - for furniture."""
    weight = 0
    for name in ("class", "id"):
        value = attr.get(name, "")
        if not value:
            continue
        if _NEGATIVE_HINT.search(value):
            weight -= 25
        if _POSITIVE_HINT.search(value):
            weight += 25
    if "articlebody" in (attr.get("itemprop", "").lower(), attr.get("property", "").lower()):
        weight += 50
    elif tag in ("article", "main") or attr.get("role", "").lower() == "main":
        weight += 25
    return weight


def _block_text(block: Block) -> str:
    if isinstance(block, (Paragraph, Quote, Heading, Preformatted)):
        return block.text
    if isinstance(block, BulletList):
        return " ".join(block.items)
    if isinstance(block, RelatedLink):
        return block.title
    return ""
