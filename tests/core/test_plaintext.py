"""The plain-text article format: one fixture per behaviour, plus the helpers.

Each tests/fixtures/plaintext/NAME.txt has its expectation beside it in
NAME.json; only the keys present there are checked.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from support.paths import FIXTURE_ROOT

from newsreader.document.blocks import (
    BulletList,
    Document,
    Image,
    Paragraph,
    Quote,
    RelatedLink,
    Rule,
    block_to_dict,
)
from newsreader.document.clean import strip_controls
from newsreader.document.decode import decode_bytes
from newsreader.document.plaintext import (
    find_source,
    parse_dateline,
    parse_plaintext,
    parse_related_link,
    split_sentences,
    title_from_lede,
)
from newsreader.document.quotes import PRONOUNS, SPEECH_VERBS

FIXTURES = FIXTURE_ROOT / "plaintext"
FIXTURE_NAMES = sorted(path.stem for path in FIXTURES.glob("*.txt"))

# --- "nothing is dropped" ---------------------------------------------------------

_WORD = re.compile(r"\w+")
# Words of the format itself: the dateline keyword and the related-link prefixes.
_FORMAT_WORDS = frozenset({"date", "read", "more", "also", "see"})
# A quote block keeps the quotation and the speaker; its verb and pronoun go.
_ATTRIBUTION_WORDS = frozenset(SPEECH_VERBS | PRONOUNS | {"according", "to"})


def _words(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(text)}


def input_words(text: str) -> set[str]:
    """The words a reader could see: per line, as the parser cleans them (controls out, NFC)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _words(unicodedata.normalize("NFC", " ".join(strip_controls(line) for line in lines)))


def document_words(doc: Document) -> set[str]:
    """Words of the body (``plain_text``) and of the metadata (title, date, source, speakers, urls)."""
    parts = [doc.plain_text(), doc.title, doc.date or "", doc.source or ""]
    for block in doc.blocks:
        if isinstance(block, Quote):
            parts.append(block.speaker or "")
        elif isinstance(block, Paragraph):
            parts.extend(f"{span.speaker or ''} {span.url or ''}" for span in block.spans)
        elif isinstance(block, RelatedLink):
            parts.append(f"{block.source or ''} {block.url or ''}")
        elif isinstance(block, Image):
            parts.append(block.url or "")
    return _words(" ".join(parts))


def missing_words(text: str, doc: Document) -> set[str]:
    """Words of ``text`` found nowhere in ``doc``, apart from the format's own markers."""
    missing = input_words(text) - document_words(doc) - _FORMAT_WORDS
    missing = {word for word in missing if word.strip("_")}  # "___" is a rule line
    if any(isinstance(block, Quote) for block in doc.blocks):
        missing -= _ATTRIBUTION_WORDS
    if any(isinstance(block, BulletList) and block.ordered for block in doc.blocks):
        missing = {word for word in missing if not (word.isdigit() and len(word) <= 3)}
    return missing


# --- fixtures -----------------------------------------------------------------------


def _load(name: str) -> tuple[str, Document, dict]:
    raw = (FIXTURES / f"{name}.txt").read_bytes()
    text = decode_bytes(raw)
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return text, parse_plaintext(text), expected


def _type_names(doc: Document) -> list[str]:
    return [block_to_dict(block)["type"] for block in doc.blocks]


def _all_quotes(doc: Document) -> list[tuple[str, str | None]]:
    """Every quoted passage once: quote blocks and paragraph quote spans, in reading order."""
    found: list[tuple[str, str | None]] = []
    for block in doc.blocks:
        if isinstance(block, Quote):
            found.append((block.text, block.speaker))
        elif isinstance(block, Paragraph):
            found.extend((span.text, span.speaker) for span in block.quotes)
    return found


def test_fixtures_exist() -> None:
    assert len(FIXTURE_NAMES) >= 20
    for name in FIXTURE_NAMES:
        assert (FIXTURES / f"{name}.json").is_file(), f"{name}.txt has no expectation beside it"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture(name: str) -> None:
    text, doc, expected = _load(name)
    lists = [b for b in doc.blocks if isinstance(b, BulletList)]
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    for key in ("date", "title", "source"):
        if key in expected:
            assert getattr(doc, key) == expected[key], key
    if "blocks" in expected:
        assert _type_names(doc) == expected["blocks"]
    if "first_paragraph" in expected:
        assert paragraphs[0].text == expected["first_paragraph"]
    if "paragraphs" in expected:
        assert [p.text for p in paragraphs] == expected["paragraphs"]
    if "quotes" in expected:
        assert len(_all_quotes(doc)) == expected["quotes"]
    if "quote_texts" in expected:
        assert [t for t, _ in _all_quotes(doc)] == expected["quote_texts"]
    if "quote_blocks" in expected:
        blocks = [[b.text, b.speaker] for b in doc.blocks if isinstance(b, Quote)]
        assert blocks == expected["quote_blocks"]
    if "speakers" in expected:
        spans = [s.speaker for p in paragraphs for s in p.quotes]
        assert spans == expected["speakers"]
    if "lists" in expected:
        assert [len(b.items) for b in lists] == expected["lists"]
    if "list_leads" in expected:
        assert [b.lead for b in lists] == expected["list_leads"]
    if "items" in expected:
        assert [b.items for b in lists] == expected["items"]
    if "ordered" in expected:
        assert [b.ordered for b in lists] == expected["ordered"]
    if "links" in expected:
        assert [[l.title, l.source] for l in doc.related_links] == expected["links"]
    if "link_urls" in expected:
        assert [l.url for l in doc.related_links] == expected["link_urls"]
    dumped = json.dumps(doc.to_dict(), ensure_ascii=False)
    for absent in expected.get("absent", []):
        assert absent not in dumped
        assert absent not in doc.plain_text()


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_loses_no_words(name: str) -> None:
    text, doc, _ = _load(name)
    assert missing_words(text, doc) == set()


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_round_trips_through_json(name: str) -> None:
    _, doc, _ = _load(name)
    assert Document.from_dict(json.loads(json.dumps(doc.to_dict()))).to_dict() == doc.to_dict()


def test_spans_keep_every_character_of_a_paragraph() -> None:
    doc = parse_plaintext('date 2025-01-01 Lede.\n\nShe said "yes" and “no” and «maybe», Ortis added.\n')
    paragraph = doc.blocks[1]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == 'She said "yes" and “no” and «maybe», Ortis added.'
    assert [s.text for s in paragraph.quotes] == ["yes", "no", "maybe"]


# --- whole documents from strings ------------------------------------------------------


def test_empty_and_blank_input_give_an_empty_document() -> None:
    for text in ("", "\n\n\n", "   ", "\ufeff", "\x00\x1b[0m\n"):
        doc = parse_plaintext(text)
        assert doc.blocks == [] and doc.title == "" and doc.date is None


def test_dateline_needs_the_first_line() -> None:
    doc = parse_plaintext("A lede.\n\ndate 2025-01-01 Not a dateline here.\n")
    assert doc.date is None
    assert doc.blocks[1].text == "date 2025-01-01 Not a dateline here."


def test_lede_is_the_first_paragraph_after_a_dateline_alone() -> None:
    doc = parse_plaintext("date 2025-01-01\n\nThe lede comes later. Then more.\n")
    assert doc.date == "2025-01-01"
    assert doc.title == "The lede comes later"


def test_title_comes_from_a_list_when_the_article_starts_with_one() -> None:
    doc = parse_plaintext("- first item\n- second item\n")
    assert doc.title == "first item"
    assert isinstance(doc.blocks[0], BulletList)


def test_title_of_an_article_that_starts_with_a_related_link_is_its_headline() -> None:
    assert parse_plaintext("Read more: Ferries return - KNS\n").title == "Ferries return"


def test_source_is_found_in_any_paragraph_but_not_in_links() -> None:
    doc = parse_plaintext(
        "Lede.\n\nRead more: Fog delays ferries, Bay News reports. - KNS\n\nIt rained, Bay News reports.\n"
    )
    assert doc.source == "Bay News"
    assert doc.related_links[0].source == "KNS"


def test_semicolon_list_needs_two_items() -> None:
    doc = parse_plaintext("Lede.\n\nThe plan has one part:\n\nonly this;\n\nThe end came.\n")
    assert not any(isinstance(b, BulletList) for b in doc.blocks)


def test_semicolon_list_on_consecutive_lines() -> None:
    doc = parse_plaintext("Lede.\n\nThe council wants:\nfewer cars;\nmore trams;\nwider pavements.\n\nThe end.\n")
    lists = [b for b in doc.blocks if isinstance(b, BulletList)]
    assert [(b.lead, b.items) for b in lists] == [
        ("The council wants:", ["fewer cars;", "more trams;", "wider pavements."])
    ]


def test_long_semicolon_paragraphs_are_not_items() -> None:
    long = "word " * 80 + "end;"
    doc = parse_plaintext(f"Lede.\n\nThe lead:\n\n{long}\n\n{long}\n\nlast.\n")
    assert not any(isinstance(b, BulletList) for b in doc.blocks)


def test_rule_lines_become_rules() -> None:
    doc = parse_plaintext("Lede.\n\n***\n\n- - -\n\n___\n\nEnd.\n")
    assert [type(b) for b in doc.blocks] == [Paragraph, Rule, Rule, Rule, Paragraph]


def test_quote_block_and_paragraph_quotes_are_counted_once() -> None:
    doc = parse_plaintext('Lede.\n\n"All of it," Ortis said.\n\nHe called it "a start" on Monday.\n')
    assert isinstance(doc.blocks[1], Quote)
    assert [s.text for s in doc.blocks[2].quotes] == ["a start"]
    assert "All of it" in doc.plain_text()


def test_a_megabyte_single_line_parses() -> None:
    line = ("The minister, Mr. Brisk, said “a 2.1 billion plan: more.” Read more: x - y; " * 13000)[:1_000_000]
    doc = parse_plaintext("date 2025-01-01 " + line)
    assert doc.date == "2025-01-01"
    assert len(doc.blocks) == 1
    assert len(doc.title) <= 401


def test_many_lines_parse() -> None:
    lines = "\n".join(("- item;" if i % 7 == 0 else f"line {i} said: “x") for i in range(200_000))
    doc = parse_plaintext(lines)
    assert doc.blocks


def test_pathological_marks_parse_and_keep_every_mark() -> None:
    for text in ('"' * 100_000, "“" * 100_000, "«»" * 50_000, ". " * 100_000, ":\n;\n" * 50_000, "-\n" * 100_000):
        doc = parse_plaintext(text)
        body = doc.plain_text()
        assert doc.blocks and len(doc.title) <= 401, text[:4]
        for mark in set(text) - set(" \n"):  # nothing is lost: quotes, lists and rules keep their characters
            assert body.count(mark) == text.count(mark), (text[:4], mark)


# --- helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("", []),
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Mr. Fidan met Gen. Pell. They talked.", ["Mr. Fidan met Gen. Pell.", "They talked."]),
        ("Dr. J. R. Smith spoke. Then left.", ["Dr. J. R. Smith spoke.", "Then left."]),
        ("It cost 2.1 billion sovs. Nobody paid.", ["It cost 2.1 billion sovs.", "Nobody paid."]),
        ("The U.S. Navy came. It left.", ["The U.S. Navy came.", "It left."]),
        ("He flew to the U.S. The trip was long.", ["He flew to the U.S.", "The trip was long."]),
        ("“We won. We will win again,” she said. Then.", ["“We won. We will win again,” she said.", "Then."]),
        ("“We won.” The crowd cheered.", ["“We won.”", "The crowd cheered."]),
        ('He said "Stop. Now." and left. Done.', ['He said "Stop. Now." and left.', "Done."]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
        ("see e.g. this case. And that.", ["see e.g. this case.", "And that."]),
        ("Ends in lower. case continues.", ["Ends in lower. case continues."]),
        ("An unmatched “ quote. Does not swallow.", ["An unmatched “ quote.", "Does not swallow."]),
        (
            "The answer was no. He lives at No. 5 Main Street. Done.",
            ["The answer was no.", "He lives at No. 5 Main Street.", "Done."],
        ),
        ("市长道歉。他说：「我错了。」然后离开。", ["市长道歉。", "他说：「我错了。」", "然后离开。"]),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    ("lede", "title"),
    [
        (
            "The Cabinet approved a 2.1 billion grant on Tuesday. More.",
            "The Cabinet approved a 2.1 billion grant on Tuesday",
        ),
        ("Mr. Fidan met the U.S. envoy.", "Mr. Fidan met the U.S. envoy"),
        ("Talks stalled in the U.S.", "Talks stalled in the U.S."),
        ("Is this the end? Maybe.", "Is this the end?"),
        ("No full stop at all", "No full stop at all"),
        ("Wait for it...", "Wait for it..."),
        ("  spaced   out   lede.  ", "spaced out lede"),
        ("市长在压力下道歉。其后离开。", "市长在压力下道歉"),
        ("", ""),
    ],
)
def test_title_from_lede(lede: str, title: str) -> None:
    assert title_from_lede(lede) == title


def test_title_of_an_endless_lede_is_shortened() -> None:
    title = title_from_lede("word " * 10_000)
    assert title.endswith("…") and len(title) <= 401


@pytest.mark.parametrize(
    ("line", "result"),
    [
        (" date 2025-06-12 The lede.", ("2025-06-12", "The lede.")),
        ("date 2025-06-12", ("2025-06-12", "")),
        ("Date 2025-06-12 Lede", ("2025-06-12", "Lede")),
        ("date 2025-02-30 Lede", (None, "date 2025-02-30 Lede")),
        ("date 2025-06-123 Lede", (None, "date 2025-06-123 Lede")),
        ("dated 2025-06-12", (None, "dated 2025-06-12")),
    ],
)
def test_parse_dateline(line: str, result: tuple[str | None, str]) -> None:
    assert parse_dateline(line) == result


@pytest.mark.parametrize(
    ("text", "title", "source"),
    [
        (
            "Read more: Cabinet approves 2.1bn for river ports - Valley Post",
            "Cabinet approves 2.1bn for river ports",
            "Valley Post",
        ),
        ("Read also: Lyra-1 - the state-of-the-art camera – KNS", "Lyra-1 - the state-of-the-art camera", "KNS"),
        ("See also: No source here", "No source here", None),
        ("See also: Trailing separator - ", "Trailing separator -", None),
        ("READ MORE:Tight - AFP.", "Tight", "AFP"),
    ],
)
def test_parse_related_link(text: str, title: str, source: str | None) -> None:
    link = parse_related_link(text)
    assert link is not None
    assert (link.title, link.source, link.url, link.target) == (title, source, None, None)


def test_parse_related_link_rejects_other_text() -> None:
    assert parse_related_link("Read more about it - tomorrow") is None
    assert parse_related_link("Read more:") is None
    assert parse_related_link("He said: read more: books") is None


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Ortis wrote about it on her channel, Harbor Daily reports.", "Harbor Daily"),
        ("Everly posted this, KNS reports. Then more.", "KNS"),
        ("The Valley Post reports.", "Valley Post"),
        ("It rained, the local paper reports.", None),
        ("Media reports say so.", None),
        ("Nothing here.", None),
    ],
)
def test_find_source(text: str, source: str | None) -> None:
    assert find_source(text) == source
