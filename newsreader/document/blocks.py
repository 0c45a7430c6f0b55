"""What an article IS: a Document of typed blocks.

Parsers (plain text, HTML, Markdown, feeds) produce these; the store keeps them
as JSON (``Document.to_dict``); the CLI prints that JSON; the UI maps each block
type to one renderer. Pure data: no I/O, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Union

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
    items: list[str] = field(default_factory=list)
    lead: str | None = None
    ordered: bool = False


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


Block = Union[Paragraph, Quote, BulletList, RelatedLink, Heading, Image, Preformatted, Rule]

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
    """The CLI.md JSON shape of one block (paragraphs also carry their spans)."""
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
        return {"type": kind, "lead": block.lead, "items": list(block.items), "ordered": block.ordered}
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
        return BulletList(list(data.get("items", [])), data.get("lead"), bool(data.get("ordered")))
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
