"""The text an article says itself: its blocks' text in order, related-link headlines left out
(they name other stories). What the related-story resolver and "Related in your library" read,
and what the store's bulk reader (``store.related_links.block_texts``) gives without decoding."""

from __future__ import annotations

from newsreader.document.blocks import Document, Paragraph, Quote, RelatedLink

__all__ = ["own_texts"]


def own_texts(document: Document) -> list[str]:
    """The article's own text, block by block (related-link headlines are other stories)."""
    texts: list[str] = []
    for block in document.blocks:
        if isinstance(block, RelatedLink):
            continue
        if isinstance(block, (Paragraph, Quote)):
            texts.append(block.text)
        elif hasattr(block, "items"):
            texts.extend([getattr(block, "lead", None) or "", *block.items])
        elif hasattr(block, "text"):
            texts.append(block.text)
    return [text for text in texts if text]
