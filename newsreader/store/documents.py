"""A Document as the store keeps it: compact JSON.

The CLI shape (``Document.to_dict``) repeats each paragraph's text three ways
(text, quotes and links, spans); the spans alone are enough to rebuild it, so
the store keeps only those, and stored articles are a third smaller.
"""

from __future__ import annotations

import json
from typing import Any

from newsreader.document.blocks import Document, Paragraph, block_to_dict


def _block(block: Any) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "spans": [span.to_dict() for span in block.spans]}
    return block_to_dict(block)


def document_to_json(document: Document) -> str:
    data = {
        "title": document.title,
        "date": document.date,
        "published": document.published,
        "source": document.source,
        "url": document.url,
        "author": document.author,
        "blocks": [_block(block) for block in document.blocks],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_from_json(text: str) -> Document:
    return Document.from_dict(json.loads(text))
