"""How articles look: from typed blocks to Rich renderables, for the app and ``newsreader show``.

Pure Rich: the core may use it, and it knows nothing of Textual. Text from a feed is never
markup here: every renderer builds ``rich.text.Text`` from plain strings. The modules:

- ``styles``   the style names blocks are drawn with, and their look on a plain terminal
- ``lines``    renderables drawn line by line: a left bar, rules, an unbroken line, trimmed lines
- ``links``    an article's links numbered in reading order, and the list of their addresses
- ``blocks``   one block to one renderable (``BLOCK_RENDERERS``, ``render_block``)
- ``article``  a whole article (``render_document``) and a feed file's articles (``render_feed``)
"""

from newsreader.render.article import body_renderables, header_text, render_document, render_feed, shown_blocks
from newsreader.render.blocks import (
    BLOCK_RENDERERS,
    IMAGE_MARK,
    LINKED_RENDERERS,
    append_spans,
    render_block,
    render_heading,
    render_image,
    render_link,
    render_list,
    render_paragraph,
    render_preformatted,
    render_quote,
    render_rule,
    spaced,
)
from newsreader.render.lines import LabelledRule, LeftBar, RuleLine, TrimmedLines, Unbroken, rstrip_segments
from newsreader.render.links import NumberedLink, is_numbered_link, link_list, links_of, numbered_links
from newsreader.render.styles import BLOCK_CLASSES, LINK_CLASSES, TERMINAL_STYLES, StyleOf, terminal_style

__all__ = [
    "BLOCK_CLASSES",
    "BLOCK_RENDERERS",
    "IMAGE_MARK",
    "LINKED_RENDERERS",
    "LINK_CLASSES",
    "TERMINAL_STYLES",
    "LabelledRule",
    "LeftBar",
    "NumberedLink",
    "RuleLine",
    "StyleOf",
    "TrimmedLines",
    "Unbroken",
    "append_spans",
    "body_renderables",
    "header_text",
    "is_numbered_link",
    "link_list",
    "links_of",
    "numbered_links",
    "render_block",
    "render_document",
    "render_feed",
    "render_heading",
    "render_image",
    "render_link",
    "render_list",
    "render_paragraph",
    "render_preformatted",
    "render_quote",
    "render_rule",
    "rstrip_segments",
    "shown_blocks",
    "spaced",
    "terminal_style",
]
