"""Markdown's inline nodes (markdown-it-py's syntax tree) as our spans: text, emphasis, code,
links with safe addresses, pictures; cleaned, merged by kind, and quoted speech marked."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from markdown_it.tree import SyntaxTreeNode

from .blocks import Image, Span, SpanKind
from .clean import clean_inline, strip_controls
from .quotes import quote_spans

__all__ = ["inline_spans", "plain_text", "quoted_spans", "tidy_spans"]


_WHITESPACE = re.compile(r"\s+")


_INLINE_KINDS: dict[str, SpanKind] = {"em": "emphasis", "strong": "strong"}


def plain_text(node: SyntaxTreeNode, softbreak: str = " ") -> str:
    """The text of an inline node and its children, images by their alt text."""
    pieces: list[str] = []
    for child in node.children if node.type == "inline" or node.children else [node]:
        if child.type in ("text", "code_inline", "html_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(softbreak)
        elif child.type == "image":
            pieces.append(plain_text(child))
        elif child.children:
            pieces.append(plain_text(child, softbreak))
    return "".join(pieces)


def inline_spans(nodes: list[SyntaxTreeNode], kind: SpanKind = "text") -> Iterator[Span | Image]:
    for node in nodes:
        if node.type in ("text", "html_inline"):
            yield Span(node.content, kind)
        elif node.type in ("softbreak", "hardbreak"):
            yield Span(" ", kind)
        elif node.type == "code_inline":
            yield Span(node.content, "code")
        elif node.type in _INLINE_KINDS:
            inner = _INLINE_KINDS[node.type] if kind == "text" else kind
            yield from inline_spans(node.children, inner)
        elif node.type == "link":
            url = _clean_url(node.attrs.get("href"))
            text = plain_text(node)
            yield Span(text, "link", url=url) if url else Span(text, kind)
        elif node.type == "image":
            yield Image(alt=clean_inline(plain_text(node)), url=_clean_url(node.attrs.get("src")))
        elif node.children:
            yield from inline_spans(node.children, kind)


def _clean_url(url: object) -> str | None:
    if not isinstance(url, str):
        return None
    url = clean_inline(url).replace(" ", "%20")
    return url or None


def _clean_span(text: str) -> str:
    """Controls out, NFC, whitespace folded; edge spaces kept (they separate spans)."""
    text = unicodedata.normalize("NFC", strip_controls(text))
    return _WHITESPACE.sub(" ", text)


def tidy_spans(spans: list[Span]) -> list[Span]:
    """Cleaned spans: runs of one kind merged (links stay apart), no empty ones, edges trimmed."""
    runs: list[tuple[str, str | None, list[str]]] = []
    for span in spans:
        if runs and runs[-1][0] == span.kind and span.kind != "link":
            runs[-1][2].append(span.text)
        else:
            runs.append((span.kind, span.url, [span.text]))
    out: list[Span] = []
    for kind, url, pieces in runs:
        text = _clean_span("".join(pieces))
        if text.startswith(" ") and (not out or out[-1].text.endswith(" ")):
            text = text.lstrip(" ")
        if text:
            out.append(Span(text, kind, url))  # type: ignore[arg-type]
    while out and not out[-1].text.rstrip():
        out.pop()
    if out:
        last = out[-1]
        out[-1] = Span(last.text.rstrip(), last.kind, last.url)
    return out


def quoted_spans(spans: list[Span]) -> list[Span]:
    """Mark quoted speech: each quotation becomes one quote span.

    A quotation over several spans (text and emphasis) becomes one quote span
    with their plain text; a quotation that contains a link is left alone so
    the link keeps its address.
    """
    full = "".join(span.text for span in spans)
    found: list[tuple[int, int, str | None]] = []
    offset = 0
    for span in quote_spans(full):
        if span.kind == "quote":
            found.append((offset, offset + len(span.text), span.speaker))
        offset += len(span.text)
    if not found:
        return spans
    bounds: list[tuple[int, int, Span]] = []
    offset = 0
    for span in spans:
        bounds.append((offset, offset + len(span.text), span))
        offset += len(span.text)
    found = _without_links(found, [(start, end) for start, end, s in bounds if s.kind == "link"])
    out: list[Span] = []
    quote_index = 0
    emitted = -1
    for start, end, span in bounds:
        cursor = start
        while cursor < end:
            while quote_index < len(found) and found[quote_index][1] <= cursor:
                quote_index += 1
            if quote_index < len(found) and found[quote_index][0] <= cursor:
                q_start, q_end, speaker = found[quote_index]
                if emitted != quote_index:
                    out.append(Span(full[q_start:q_end], "quote", speaker=speaker))
                    emitted = quote_index
                cursor = min(end, q_end)
                continue
            stop = min(end, found[quote_index][0]) if quote_index < len(found) else end
            out.append(Span(full[cursor:stop], span.kind, span.url, span.speaker))
            cursor = stop
    return out


def _without_links(
    quotes: list[tuple[int, int, str | None]], links: list[tuple[int, int]]
) -> list[tuple[int, int, str | None]]:
    """The quotations that overlap no link (both lists are in order; one linear pass)."""
    kept: list[tuple[int, int, str | None]] = []
    link_index = 0
    for quote in quotes:
        while link_index < len(links) and links[link_index][1] <= quote[0]:
            link_index += 1
        if link_index < len(links) and links[link_index][0] < quote[1]:
            continue
        kept.append(quote)
    return kept
