"""What an article IS: a Document of typed blocks.

Parsers (plain text, HTML, Markdown, feeds) produce these; the store keeps them
as JSON (``Document.to_dict``); the CLI prints that JSON; the UI maps each block
type to one renderer. Pure data: no I/O, no Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

SpanKind = Literal["text", "quote", "emphasis", "strong", "link", "code"]


@dataclass(frozen=True)
class Span:
    """A run of inline text. ``url`` is set for links, ``speaker`` may be set for quotes."""

    text: str
    kind: SpanKind = "text"
    url: str | None = None
    speaker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "kind": self.kind}
        if self.url is not None:
            out["url"] = self.url
        if self.speaker is not None:
            out["speaker"] = self.speaker
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(data["text"], data.get("kind", "text"), data.get("url"), data.get("speaker"))


@dataclass
class Paragraph:
    spans: list[Span] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    @property
    def quotes(self) -> list[Span]:
        return [span for span in self.spans if span.kind == "quote"]

    @property
    def links(self) -> list[Span]:
        return [span for span in self.spans if span.kind == "link"]


@dataclass
class Quote:
    """A paragraph that is essentially one quotation, set off with its speaker."""

    text: str
    speaker: str | None = None


@dataclass
class BulletList:
    """Items as plain text; ``item_spans`` (one list of spans per item) when any item holds a link."""

    items: list[str] = field(default_factory=list)
    lead: str | None = None
    ordered: bool = False
    item_spans: list[list[Span]] | None = None

    def spans_of(self, index: int) -> list[Span]:
        """The spans of item ``index``: its links kept, or its text as one span."""
        spans = self.item_spans
        if spans is not None and index < len(spans) and "".join(s.text for s in spans[index]) == self.items[index]:
            return spans[index]
        return [Span(self.items[index])]

    @property
    def links(self) -> list[tuple[int, Span]]:
        """(item index, link span) for each link in the items, in order."""
        if not self.item_spans:
            return []
        return [
            (index, span)
            for index in range(len(self.items))
            for span in self.spans_of(index)
            if span.kind == "link" and span.url
        ]


@dataclass
class RelatedLink:
    """A pointer to another story, by headline and maybe by address.

    ``target`` is the id of the stored article it resolves to, filled in by
    ``newsreader.related``; parsers leave it None. ``suggestions``: when it leads
    nowhere, the closest stored stories (ids, best first), filled in by the store;
    never part of the stored document.
    """

    title: str
    source: str | None = None
    url: str | None = None
    target: str | None = None
    suggestions: tuple[str, ...] = ()


@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Image:
    alt: str
    url: str | None = None


@dataclass
class Preformatted:
    text: str


@dataclass
class Rule:
    pass


Block = Paragraph | Quote | BulletList | RelatedLink | Heading | Image | Preformatted | Rule

BLOCK_TYPES: dict[type, str] = {
    Paragraph: "paragraph",
    Quote: "quote",
    BulletList: "list",
    RelatedLink: "related",
    Heading: "heading",
    Image: "image",
    Preformatted: "preformatted",
    Rule: "rule",
}


def block_to_dict(block: Block) -> dict[str, Any]:
    """The docs/cli.md JSON shape of one block (paragraphs also carry their spans)."""
    kind = BLOCK_TYPES[type(block)]
    if isinstance(block, Paragraph):
        return {
            "type": kind,
            "text": block.text,
            "quotes": [{"text": s.text, "speaker": s.speaker} for s in block.quotes],
            "links": [{"text": s.text, "url": s.url} for s in block.links],
            "spans": [s.to_dict() for s in block.spans],
        }
    if isinstance(block, Quote):
        return {"type": kind, "text": block.text, "speaker": block.speaker}
    if isinstance(block, BulletList):
        out: dict[str, Any] = {
            "type": kind,
            "lead": block.lead,
            "items": list(block.items),
            "ordered": block.ordered,
            "links": [{"item": index, "text": s.text, "url": s.url} for index, s in block.links],
        }
        if out["links"]:
            out["item_spans"] = [[s.to_dict() for s in block.spans_of(i)] for i in range(len(block.items))]
        return out
    if isinstance(block, RelatedLink):
        return {
            "type": kind,
            "title": block.title,
            "source": block.source,
            "url": block.url,
            "target": block.target,
        }
    if isinstance(block, Heading):
        return {"type": kind, "text": block.text, "level": block.level}
    if isinstance(block, Image):
        return {"type": kind, "alt": block.alt, "url": block.url}
    if isinstance(block, Preformatted):
        return {"type": kind, "text": block.text}
    return {"type": kind}


def _paragraph_from_dict(data: dict[str, Any]) -> Paragraph:
    if "spans" in data:
        return Paragraph([Span.from_dict(s) for s in data["spans"]])
    return Paragraph([Span(data.get("text", ""))])


def block_from_dict(data: dict[str, Any]) -> Block:
    kind = data.get("type")
    if kind == "paragraph":
        return _paragraph_from_dict(data)
    if kind == "quote":
        return Quote(data["text"], data.get("speaker"))
    if kind == "list":
        spans = data.get("item_spans")
        item_spans = [[Span.from_dict(s) for s in item] for item in spans] if isinstance(spans, list) else None
        return BulletList(list(data.get("items", [])), data.get("lead"), bool(data.get("ordered")), item_spans)
    if kind == "related":
        return RelatedLink(data["title"], data.get("source"), data.get("url"), data.get("target"))
    if kind == "heading":
        return Heading(data["text"], int(data.get("level", 2)))
    if kind == "image":
        return Image(data.get("alt", ""), data.get("url"))
    if kind == "preformatted":
        return Preformatted(data["text"])
    if kind == "rule":
        return Rule()
    raise ValueError(f"unknown block type: {kind!r}")


@dataclass
class Document:
    """An article: metadata plus blocks in reading order.

    ``date`` is ``YYYY-MM-DD``; ``published`` is ISO-8601 when a time is known.
    """

    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    date: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None

    @property
    def related_links(self) -> list[RelatedLink]:
        return [b for b in self.blocks if isinstance(b, RelatedLink)]

    def plain_text(self) -> str:
        """All words of the body, one block a line: for search and similarity."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, (Paragraph, Quote, Heading, Preformatted)):
                lines.append(block.text)
            elif isinstance(block, BulletList):
                if block.lead:
                    lines.append(block.lead)
                lines.extend(block.items)
            elif isinstance(block, RelatedLink):
                lines.append(block.title)
            elif isinstance(block, Image) and block.alt:
                lines.append(block.alt)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.date,
            "published": self.published,
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "blocks": [block_to_dict(b) for b in self.blocks],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            title=data.get("title") or "",
            blocks=[block_from_dict(b) for b in data.get("blocks", [])],
            date=data.get("date"),
            published=data.get("published"),
            source=data.get("source"),
            url=data.get("url"),
            author=data.get("author"),
        )


# What may follow a title where it opens the first paragraph: the full stop it lost, then a space or the end.
_AFTER_TITLE = re.compile(r"\.(?:\s+|$)|。\s*|\s+|$")


def without_title(title: str, blocks: list[Block]) -> list[Block]:
    """``blocks`` as shown under the heading ``title``: never the same sentence twice.

    A plain-text article's title is its lede's first sentence, and many feeds
    open the body with the headline: a first heading that is the title goes,
    and a first paragraph that starts with it keeps only the rest (all of it
    when it is nothing more). The stored document is not changed: search and
    related-link resolution read the whole text. A title sentence holding a
    link stays, so the link stays reachable.
    """
    title = " ".join(title.split())
    if not title or title.endswith("…"):
        return blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Image):
            continue  # a picture above the lede
        if isinstance(block, Heading) and " ".join(block.text.split()).rstrip(".") == title.rstrip("."):
            return blocks[:index] + blocks[index + 1 :]
        if isinstance(block, Paragraph):
            rest = _after_title(title, block.spans)
            if rest is None:
                return blocks
            return blocks[:index] + ([Paragraph(rest)] if rest else []) + blocks[index + 1 :]
        return blocks
    return blocks


def _after_title(title: str, spans: list[Span]) -> list[Span] | None:
    """The spans after ``title`` where they start with it (and a sentence end), else None."""
    text = "".join(span.text for span in spans)
    start = len(text) - len(text.lstrip())
    if not text.startswith(title, start):
        return None
    end = _AFTER_TITLE.match(text, start + len(title))
    if end is None:
        return None
    cut = end.end()
    out: list[Span] = []
    offset = 0
    for span in spans:
        stop = offset + len(span.text)
        if stop <= cut:
            if span.kind == "link":
                return None
        elif offset >= cut:
            out.append(span)
        else:
            if span.kind == "link":
                return None
            out.append(Span(span.text[cut - offset :], span.kind, span.url, span.speaker))
        offset = stop
    return out
