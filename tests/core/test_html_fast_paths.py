"""The shortcuts the HTML reader takes for speed give exactly what the long way gives.

``clean_line`` skips ``strip_controls`` for printable text, ``handle_data`` skips it
for printable data, and a one-run paragraph skips span merging: each relies on
printable text holding nothing the sanitiser removes. No timings here.
"""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.document.blocks import Paragraph, Span
from newsreader.document.clean import clean_inline, strip_controls
from newsreader.document.html import parse_html
from newsreader.document.html.inline import clean_line

PRINTABLE = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF and chr(c).isprintable())
TRICKY = "a Ab \u00e9e\u0301 \u00a0\u2000\u3000\t\n\r\x0c\x1b[31m\x9b\u200b\u202e\u2028\ufeff\u00ad  \x85 “q” é"


def test_printable_text_is_what_strip_controls_leaves_alone() -> None:
    assert strip_controls(PRINTABLE) == PRINTABLE


@given(st.text(alphabet=st.sampled_from(list(TRICKY)) | st.characters(), max_size=40))
@settings(max_examples=400, deadline=None)
def test_clean_line_is_clean_inline(text: str) -> None:
    assert clean_line(text) == clean_inline(text)


PLAIN = "".join(c for c in TRICKY if c not in "“”") + "xyz.,"


@given(st.text(alphabet=st.sampled_from(list(PLAIN)), max_size=40))
@settings(max_examples=300, deadline=None)
def test_a_one_run_paragraph_is_its_cleaned_text(text: str) -> None:
    blocks = parse_html(f"<p>{text}</p><p><em>{text}</em></p>")
    expected = clean_inline(strip_controls(text.replace("\x0c", " ")))
    assert [b.spans for b in blocks] == ([[Span(expected)], [Span(expected, "emphasis")]] if expected else [])


def test_a_megabyte_of_short_lines_reads_as_many_paragraphs() -> None:
    html = "<br>".join(f"line {i} of a long body" for i in range(20_000))
    blocks = parse_html(html)
    assert len(blocks) == 20_000
    assert blocks[-1] == Paragraph([Span("line 19999 of a long body")])
