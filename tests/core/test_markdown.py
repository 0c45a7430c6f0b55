"""Markdown articles: markdown-it-py's tree mapped onto our blocks."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.document.blocks import (
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
)
from newsreader.document.markdown import parse_markdown


def _kinds(paragraph: Paragraph) -> list[tuple[str, str]]:
    return [(span.kind, span.text) for span in paragraph.spans]


def test_empty() -> None:
    assert parse_markdown("").blocks == []
    assert parse_markdown("\n\n").blocks == []


def test_title_from_first_h1_which_is_not_repeated() -> None:
    doc = parse_markdown("# The *Real* Title\n\nFirst paragraph. Second sentence.\n\n## Section\n\nText.\n")
    assert doc.title == "The Real Title"
    assert [type(b) for b in doc.blocks] == [Paragraph, Heading, Paragraph]
    assert doc.blocks[1] == Heading("Section", 2)


def test_title_from_lede_without_h1() -> None:
    doc = parse_markdown("## Kicker\n\nMr. Brisk signed a 2.1 billion deal on Friday. More.\n")
    assert doc.title == "Mr. Brisk signed a 2.1 billion deal on Friday"


def test_dateline_and_source() -> None:
    doc = parse_markdown(" date 2025-06-12 The ferry sailed on Thursday.\n\nIt was late, Harbor Daily reports.\n")
    assert doc.date == "2025-06-12"
    assert doc.title == "The ferry sailed on Thursday"
    assert doc.source == "Harbor Daily"
    assert doc.blocks[0].text == "The ferry sailed on Thursday."


def test_inline_spans() -> None:
    doc = parse_markdown("Plain *em* **strong** `code` [link](https://example.org/a) end.\n")
    (paragraph,) = doc.blocks
    assert _kinds(paragraph) == [
        ("text", "Plain "),
        ("emphasis", "em"),
        ("text", " "),
        ("strong", "strong"),
        ("text", " "),
        ("code", "code"),
        ("text", " "),
        ("link", "link"),
        ("text", " end."),
    ]
    assert paragraph.links[0].url == "https://example.org/a"


def test_soft_breaks_join_lines() -> None:
    doc = parse_markdown("one line\nand the next\n")
    assert doc.blocks[0].text == "one line and the next"


def test_quotes_in_paragraphs() -> None:
    doc = parse_markdown('The council called it "illegal" and "populist", Ortis said on Monday.\n')
    paragraph = doc.blocks[0]
    assert [(s.text, s.speaker) for s in paragraph.quotes] == [("illegal", None), ("populist", "Ortis")]


def test_a_quote_across_emphasis_is_one_quote_span() -> None:
    doc = parse_markdown('He said "we will *never* give up" on Monday.\n')
    paragraph = doc.blocks[0]
    assert [s.text for s in paragraph.quotes] == ["we will never give up"]
    assert paragraph.text == 'He said "we will never give up" on Monday.'


def test_a_quote_holding_a_link_keeps_the_link() -> None:
    doc = parse_markdown('He said "read [this](https://example.org) now" today.\n')
    paragraph = doc.blocks[0]
    assert paragraph.quotes == []
    assert paragraph.links[0].url == "https://example.org"


def test_quote_paragraph_becomes_a_quote_block() -> None:
    doc = parse_markdown('"We agreed on a timetable: July," Ortis said.\n')
    assert doc.blocks == [Quote("We agreed on a timetable: July", "Ortis")]


def test_blockquotes() -> None:
    doc = parse_markdown('> Some wise words.\n> — Lina Ortis\n\n> "Fine," the minister noted.\n\n> Plain.\n')
    assert doc.blocks == [
        Quote("Some wise words.", "Lina Ortis"),
        Quote("Fine", "the minister"),
        Quote("Plain.", None),
    ]


def test_lists_with_lead_and_nesting() -> None:
    doc = parse_markdown("The plan includes:\n\n- two bridges;\n- a park\n  - with trees\n\n1. first\n2. second\n")
    assert doc.blocks == [
        BulletList(["two bridges;", "a park", "with trees"], "The plan includes:", False),
        BulletList(["first", "second"], None, True),
    ]


def test_code_rule_image() -> None:
    doc = parse_markdown(
        "```\nline 1\n    indented \x1b[31mred\n```\n\n---\n\n![A harbour](https://example.org/h.png)\n"
    )
    assert doc.blocks == [
        Preformatted("line 1\n    indented red"),
        Rule(),
        Image("A harbour", "https://example.org/h.png"),
    ]


def test_image_inside_text_splits_the_paragraph() -> None:
    doc = parse_markdown("Before ![pic](https://example.org/p.png) after.\n")
    assert doc.blocks == [
        Paragraph([Span("Before")]),
        Image("pic", "https://example.org/p.png"),
        Paragraph([Span("after.")]),
    ]


def test_related_links() -> None:
    doc = parse_markdown(
        "Read more: [Cabinet approves - 2.1bn](https://example.org/c) - Valley Post\n\n"
        "See also: Lyra-1 - a first look – KNS\n\n"
        "Read also: No source\n"
    )
    assert doc.blocks == [
        RelatedLink("Cabinet approves - 2.1bn", "Valley Post", "https://example.org/c"),
        RelatedLink("Lyra-1 - a first look", "KNS"),
        RelatedLink("No source"),
    ]


def test_byline_under_the_title_is_metadata() -> None:
    doc = parse_markdown("# Title\n\nSaltmere Courier · Ines Marlow · <https://example.org/a?b=1>\n\nBody.\n")
    assert (doc.source, doc.author, doc.url) == ("Saltmere Courier", "Ines Marlow", "https://example.org/a?b=1")
    assert doc.blocks == [Paragraph([Span("Body.")])]
    assert parse_markdown("# Title\n\n<https://example.org/x>\n\nBody.\n").url == "https://example.org/x"


def test_an_ordinary_first_paragraph_is_not_a_byline() -> None:
    doc = parse_markdown("# Title\n\nSaltmere Courier\n\nBody, KNS reports.\n")
    assert doc.source == "KNS" and doc.url is None
    assert len(doc.blocks) == 2


def test_raw_html_is_text_never_markup() -> None:
    doc = parse_markdown("<script>alert(1)</script>\n\nA <b>bold</b> claim.\n\n<div onclick=x>block</div>\n")
    texts = [b.text for b in doc.blocks]
    assert texts == ["<script>alert(1)</script>", "A <b>bold</b> claim.", "<div onclick=x>block</div>"]


def test_dangerous_link_targets_are_not_links() -> None:
    doc = parse_markdown("[a](javascript:alert(1)) [b](vbscript:x) [c](/relative)\n")
    links = doc.blocks[0].links
    assert [(s.text, s.url) for s in links] == [("c", "/relative")]
    assert "javascript" not in json.dumps([s.url for s in links])


def test_escape_sequences_vanish() -> None:
    doc = parse_markdown("# Ti\x1b[31mtle\x1b]52;c;QQ==\x07\n\nBody \x1b]0;pwned\x1b\\ text\x00.\n")
    dumped = json.dumps(doc.to_dict())
    assert doc.title == "Title"
    assert "\\u001b" not in dumped and "pwned" not in dumped and "\\u0000" not in dumped


def test_round_trip_through_json() -> None:
    doc = parse_markdown('# T\n\nA *b* [c](https://e.org) "d," Ortis said later.\n\n- x\n- y\n\n> q\n')
    assert Document.from_dict(json.loads(json.dumps(doc.to_dict()))).to_dict() == doc.to_dict()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "# ",
                "> ",
                "- ",
                "1. ",
                "```",
                "\n",
                "\n\n",
                "*",
                "_",
                "`",
                "[",
                "](",
                ")",
                "!",
                '"',
                "“",
                "”",
                "«",
                "»",
                "Read more: ",
                " - ",
                "date 2025-01-01 ",
                "<b>",
                "\x1b[1m",
                "text",
                ":",
            ]
        )
        | st.text(max_size=8),
        max_size=40,
    ).map("".join)
)
def test_any_markdown_parses(text: str) -> None:
    doc = parse_markdown(text)
    doc.to_dict()
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert all(span.text for span in block.spans)
