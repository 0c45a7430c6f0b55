"""The shared sample articles parse exactly as STRUCTURE.json and ANSWERS.json say.

Skipped when /work/shared/samples is not there (the repository never copies it).
"""

from __future__ import annotations

import json

import pytest
from support.paths import SHARED

from newsreader.document.blocks import BulletList, Document, Paragraph, Quote
from newsreader.document.decode import decode_bytes
from newsreader.document.plaintext import parse_plaintext

SAMPLES = SHARED / "samples" / "articles"


def _json(name: str) -> object:
    path = SAMPLES / name
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


STRUCTURE: dict = _json("STRUCTURE.json") or {}  # type: ignore[assignment]
ANSWERS: list = _json("ANSWERS.json") or []  # type: ignore[assignment]
ABSENT = pytest.param(None, marks=pytest.mark.skip(reason="shared samples are not present"))
NAMES = sorted(STRUCTURE) or [ABSENT]


def _parse(name: str) -> Document:
    return parse_plaintext(decode_bytes((SAMPLES / name).read_bytes()))


def _quote_count(doc: Document) -> int:
    """A quoted passage is counted once: as a quote block or as a paragraph's quote."""
    blocks = sum(1 for b in doc.blocks if isinstance(b, Quote))
    spans = sum(len(b.quotes) for b in doc.blocks if isinstance(b, Paragraph))
    return blocks + spans


@pytest.mark.parametrize("name", NAMES)
def test_sample_structure(name: str) -> None:
    expected = STRUCTURE[name]
    doc = _parse(name)
    assert doc.date == expected["date"]
    assert doc.title == expected["title"]
    assert doc.source == expected["source"]
    assert _quote_count(doc) == expected["quotes"]
    assert [len(b.items) for b in doc.blocks if isinstance(b, BulletList)] == expected["lists"]
    assert len(doc.related_links) == expected["links"]


@pytest.mark.parametrize("name", NAMES)
def test_sample_links_match_answers(name: str) -> None:
    expected = [(a["link_headline"], a["source"]) for a in ANSWERS if a["file"] == name]
    doc = _parse(name)
    assert [(link.title, link.source) for link in doc.related_links] == expected
    assert all(link.url is None and link.target is None for link in doc.related_links)


@pytest.mark.parametrize("name", NAMES)
def test_sample_exact_links_repeat_their_target_title(name: str) -> None:
    for answer in ANSWERS:
        if answer["file"] == name and answer["kind"] == "exact":
            assert _parse(answer["target"]).title == answer["link_headline"]


def test_every_sample_is_described() -> None:
    if not STRUCTURE:
        pytest.skip("shared samples are not present")
    files = sorted(path.name for path in SAMPLES.glob("*.txt"))
    assert files == sorted(STRUCTURE)
    assert {a["file"] for a in ANSWERS} <= set(STRUCTURE)
