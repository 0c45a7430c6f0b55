"""Kept articles written out whole: Markdown, a self-contained HTML page, or JSON.

Each article opens with a header: its title, then "date · source · By author"
(as the app's article view writes it), then its web address. Outside text is
escaped for each format (Markdown punctuation, HTML entities), so an article
can never inject markup into the export, and the Markdown of an article reads
back through ``parse_markdown`` with the same title and the same text.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from newsreader.dates import long_date
from newsreader.document.blocks import (
    Block,
    BulletList,
    Document,
    Heading,
    Image,
    Paragraph,
    Preformatted,
    Quote,
    RelatedLink,
    Rule,
    Span,
    without_title,
)
from newsreader.document.clean import json_for_terminal

FORMATS = ("md", "html", "json")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=>])|(\d+)([.)]))(?=\s|$)")


def md_escape(text: str) -> str:
    """Escape what Markdown would read as syntax, so text stays text."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    """``- x`` becomes ``\\- x``; ``1. x`` becomes ``1\\. x`` (a digit cannot be escaped)."""
    indent, marker, number, delimiter = match.groups()
    return f"{indent}\\{marker}" if marker else f"{indent}{number}\\{delimiter}"


def md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def md_span(span: Span) -> str:
    text = md_escape(span.text)
    if span.kind == "link" and span.url:
        return f"[{text}]({md_url(span.url)})"
    if span.kind == "emphasis" and text.strip():
        return f"*{text}*"
    if span.kind == "strong" and text.strip():
        return f"**{text}**"
    if span.kind == "code" and "`" not in span.text:
        return f"`{span.text}`"
    return text


def md_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return "".join(md_span(s) for s in block.spans)
    if isinstance(block, Quote):
        lines = [f"> {md_escape(line)}" if line else ">" for line in block.text.split("\n")]
        if block.speaker:
            lines += [">", f"> — {md_escape(block.speaker)}"]
        return "\n".join(lines)
    if isinstance(block, BulletList):
        texts = ["".join(md_span(s) for s in block.spans_of(i)) for i in range(len(block.items))]
        items = [f"{i}. {t}" if block.ordered else f"- {t}" for i, t in enumerate(texts, 1)]
        return "\n\n".join(filter(None, [md_escape(block.lead) if block.lead else "", "\n".join(items)]))
    if isinstance(block, RelatedLink):
        title = f"[{md_escape(block.title)}]({md_url(block.url)})" if block.url else md_escape(block.title)
        return f"Read more: {title}" + (f" - {md_escape(block.source)}" if block.source else "")
    if isinstance(block, Heading):
        return f"{'#' * min(max(block.level, 2), 6)} {md_escape(block.text)}"
    if isinstance(block, Image):
        return f"![{md_escape(block.alt)}]({md_url(block.url)})" if block.url else md_escape(block.alt)
    if isinstance(block, Preformatted):
        fence = "~~~~" if "```" in block.text else "```"
        return f"{fence}\n{block.text}\n{fence}"
    if isinstance(block, Rule):
        return "---"
    return ""


def byline_parts(document: Document) -> list[str]:
    """What the header line says under the title: the date, the source, "By" the author, each when known
    (a source named like the article, as a lone file's is, would only repeat the title)."""
    author = (document.author or "").strip()
    source = (document.source or "").strip()
    parts = [long_date(document.date), source if source != document.title else "", f"By {author}" if author else ""]
    return [part for part in parts if part]


def for_export(article: Any, document: Document) -> Document:
    """``document`` (the version of a kept article to write out) with the header the app shows for it:
    the stored article's title, date, source and address, and the author of either version.

    A whole text fetched from the web page often carries none of these itself."""
    return replace(
        document,
        title=article.title or document.title,
        date=article.date or document.date,
        published=article.published or document.published,
        source=article.source or article.feed or document.source,
        author=document.author or getattr(article.document, "author", None),
        url=article.url or document.url,
    )


def markdown_header(document: Document) -> list[str]:
    """ "# Title", then "*12 March 2026 · Source · By Author*", then "<address>": a paragraph each."""
    parts = [f"# {md_escape(document.title or '(untitled)')}"]
    byline = " · ".join(md_escape(part) for part in byline_parts(document))
    if byline:
        parts.append(f"*{byline}*")
    if document.url:
        parts.append(f"<{md_url(document.url)}>")
    return parts


def document_markdown(document: Document) -> str:
    parts = markdown_header(document)
    parts.extend(text for text in map(md_block, without_title(document.title, document.blocks)) if text)
    return "\n\n".join(parts) + "\n"


def export_markdown(documents: Iterable[Document]) -> str:
    return "\n---\n\n".join(document_markdown(d) for d in documents)


def html_span(span: Span) -> str:
    text = html.escape(span.text)
    if span.kind == "link" and span.url:
        return f'<a href="{html.escape(span.url, quote=True)}">{text}</a>'
    tag = {"quote": "q", "emphasis": "em", "strong": "strong", "code": "code"}.get(span.kind)
    return f"<{tag}>{text}</{tag}>" if tag else text


def html_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{''.join(html_span(s) for s in block.spans)}</p>"
    if isinstance(block, Quote):
        cite = f"<footer>— {html.escape(block.speaker)}</footer>" if block.speaker else ""
        return f"<blockquote><p>{html.escape(block.text)}</p>{cite}</blockquote>"
    if isinstance(block, BulletList):
        tag = "ol" if block.ordered else "ul"
        lead = f"<p>{html.escape(block.lead)}</p>" if block.lead else ""
        items = ("".join(html_span(s) for s in block.spans_of(i)) for i in range(len(block.items)))
        return f"{lead}<{tag}>{''.join(f'<li>{item}</li>' for item in items)}</{tag}>"
    if isinstance(block, RelatedLink):
        title = html.escape(block.title)
        if block.url:
            title = f'<a href="{html.escape(block.url, quote=True)}">{title}</a>'
        source = f" — {html.escape(block.source)}" if block.source else ""
        return f'<p class="related">Read more: {title}{source}</p>'
    if isinstance(block, Heading):
        level = min(max(block.level, 2), 6)
        return f"<h{level}>{html.escape(block.text)}</h{level}>"
    if isinstance(block, Image):
        alt = html.escape(block.alt or "")
        url = html.escape(block.url or "", quote=True)
        return f'<p class="image">[image] {alt} — <a href="{url}">{url}</a></p>' if url else f"<p>{alt}</p>"
    if isinstance(block, Preformatted):
        return f"<pre>{html.escape(block.text)}</pre>"
    if isinstance(block, Rule):
        return "<hr>"
    return ""


def document_html(document: Document) -> str:
    meta = " · ".join(html.escape(p) for p in byline_parts(document))
    link = (
        f' · <a href="{html.escape(document.url, quote=True)}">{html.escape(document.url)}</a>' if document.url else ""
    )
    body = "\n".join(html_block(b) for b in without_title(document.title, document.blocks))
    return (
        f"<article>\n<h1>{html.escape(document.title or '(untitled)')}</h1>\n"
        f'<p class="meta">{meta}{link}</p>\n{body}\n</article>'
    )


_PAGE_STYLE = (
    "body{max-width:42rem;margin:2rem auto;padding:0 1rem;font:17px/1.55 Georgia,serif;color:#222}"
    "h1{font-size:1.6rem;line-height:1.25}.meta{color:#666;font-size:.9rem}"
    "blockquote{border-left:3px solid #c90;margin-left:0;padding-left:1rem;font-style:italic}"
    "q{color:#7a4f00}.related{font-weight:bold}article{margin-bottom:3rem}"
    "pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}"
)


def export_html(documents: Iterable[Document], title: str = "Bookmarks") -> str:
    """One self-contained page: no scripts, no outside resources."""
    articles = "\n<hr>\n".join(document_html(d) for d in documents)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_PAGE_STYLE}</style></head>\n"
        f"<body>\n{articles}\n</body></html>\n"
    )


def export_json(articles: Iterable[dict[str, Any]]) -> str:
    return json_for_terminal(json.dumps(list(articles), ensure_ascii=False, indent=2)) + "\n"
