"""Bytes to text: BOM, UTF-8, declared, UTF-16 by NULs, cp1252; never an exception."""

from __future__ import annotations

import codecs

import pytest

from newsreader.document.decode import decode_bytes

TEXT = "date 2025-03-01 Festival director Богдана Ярош said «yes» — café."


def test_empty() -> None:
    assert decode_bytes(b"") == ""
    assert decode_bytes(b"", "utf-16") == ""


def test_utf8() -> None:
    assert decode_bytes(TEXT.encode("utf-8")) == TEXT


def test_accepts_bytearray_and_memoryview() -> None:
    assert decode_bytes(bytearray(b"abc")) == "abc"
    assert decode_bytes(memoryview(b"abc")) == "abc"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_wins_and_is_removed(bom: bytes, encoding: str) -> None:
    data = bom + TEXT.encode(encoding)
    assert decode_bytes(data) == TEXT
    assert decode_bytes(data, declared="latin-1") == TEXT


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_by_nul_pattern(encoding: str) -> None:
    text = "date 2025-01-01 The ferry resumed service on Monday.\n\nAll is well."
    assert decode_bytes(text.encode(encoding)) == text


def test_utf8_beats_a_wrong_declaration() -> None:
    assert decode_bytes(TEXT.encode("utf-8"), declared="iso-8859-1") == TEXT


def test_declared_encoding_when_not_utf8() -> None:
    assert decode_bytes("Ярош сказал: да.".encode("koi8-r"), declared="koi8-r") == "Ярош сказал: да."
    assert decode_bytes("Ярош: «да».".encode("cp1251"), declared=" CP1251 ") == "Ярош: «да»."
    assert decode_bytes("café".encode("latin-1"), declared='"ISO-8859-1"') == "café"


@pytest.mark.parametrize("declared", ["no-such-codec", "rot13", "base64", "hex", "", "utf-8", "\x00"])
def test_unusable_declarations_fall_back(declared: str) -> None:
    assert decode_bytes("café “x”".encode("cp1252"), declared=declared) == "café “x”"


def test_cp1252_last() -> None:
    assert decode_bytes("Café – “quoted” €5".encode("cp1252")) == "Café – “quoted” €5"


def test_cp1252_unassigned_bytes_do_not_raise() -> None:
    assert decode_bytes(b"a\x81b\x8dc\x8fd\x90e\x9df") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf"


def test_mostly_utf8_with_a_broken_byte_stays_utf8() -> None:
    data = "Богдана Ярош said so. ".encode() * 3 + b"\xff" + " Зоряниця.".encode()
    text = decode_bytes(data)
    assert "Богдана Ярош" in text and "Зоряниця" in text and "\ufffd" in text


def test_truncated_utf16_does_not_raise() -> None:
    data = codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00"
    assert decode_bytes(data).startswith("abc")


def test_nuls_in_utf8_text_are_not_mistaken_for_utf16() -> None:
    data = b"plain text with a \x00 NUL or two \x00 in it"
    assert decode_bytes(data) == data.decode("utf-8")


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)), bytes(range(255, -1, -1)), b"\x00" * 7, b"\xff\xfe\x00", b"\xfe\xff\xd8", b"\xef\xbb", b"\xc3"],
)
def test_never_raises(data: bytes) -> None:
    assert isinstance(decode_bytes(data), str)
    assert isinstance(decode_bytes(data, declared="utf-16"), str)
    assert isinstance(decode_bytes(data, declared="utf-32"), str)
