"""Any text, any bytes: the plain-text parser never raises and drops no words."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_plaintext import missing_words

from newsreader.document.blocks import Paragraph
from newsreader.document.decode import decode_bytes
from newsreader.document.plaintext import parse_plaintext, split_sentences, title_from_lede
from newsreader.document.quotes import as_quote_block, quote_spans

# Characters that matter to the format, mixed with anything at all.
_FORMAT_PIECES = st.sampled_from(
    [
        "date 2025-06-12 ",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        " ",
        ". ",
        ", ",
        ": ",
        ";",
        ":\n\n",
        ";\n\n",
        ".\n\n",
        '"',
        "“",
        "”",
        "«",
        "»",
        "„",
        "Mr. ",
        "U.S. ",
        "2.1 ",
        "J. R. ",
        "said ",
        " said.",
        "Ortis ",
        "the minister noted",
        "Read more: ",
        "See also: ",
        " - ",
        " – ",
        "- ",
        "* ",
        "• ",
        "— ",
        "1. ",
        "2) ",
        "***",
        " reports.",
        "\x1b[31m",
        "\x1b]52;c;QQ==\x07",
        "\x00",
        "\ufeff",
        "\u2028",
        "-\n",
    ]
)
_TEXT = st.lists(st.one_of(_FORMAT_PIECES, st.text(max_size=12)), max_size=40).map("".join)
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_TEXT)
def test_any_text_parses_and_loses_no_words(text: str) -> None:
    doc = parse_plaintext(text)
    assert missing_words(text, doc) == set()
    doc.to_dict()


@_SETTINGS
@given(st.text(max_size=300))
def test_any_unicode_parses_and_loses_no_words(text: str) -> None:
    doc = parse_plaintext(text)
    assert missing_words(text, doc) == set()


@_SETTINGS
@given(st.binary(max_size=400), st.sampled_from([None, "utf-8", "utf-16", "latin-1", "cp1251", "bogus"]))
def test_any_bytes_decode_and_parse(data: bytes, declared: str | None) -> None:
    text = decode_bytes(data, declared)
    assert isinstance(text, str)
    doc = parse_plaintext(text)
    assert missing_words(text, doc) == set()


@_SETTINGS
@given(_TEXT)
def test_quote_spans_join_back_to_the_text(text: str) -> None:
    spans = quote_spans(text)
    assert "".join(span.text for span in spans) == text
    assert all(span.text for span in spans)
    quote = as_quote_block(text)
    if quote is not None:
        assert quote.text and quote.text in text


@_SETTINGS
@given(_TEXT)
def test_sentences_and_titles_come_from_the_text(text: str) -> None:
    flat = " ".join(text.split())
    for sentence in split_sentences(flat):
        assert sentence in flat
    title_from_lede(text)


@_SETTINGS
@given(_TEXT)
def test_paragraph_spans_are_clean(text: str) -> None:
    for block in parse_plaintext(text).blocks:
        if isinstance(block, Paragraph):
            for span in block.spans:
                assert "\x1b" not in span.text and "\x00" not in span.text and "\n" not in span.text
