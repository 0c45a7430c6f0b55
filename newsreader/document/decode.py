"""Bytes from files and servers to text, without ever failing.

Files and HTTP bodies arrive as bytes whose encoding is often unstated or
wrong. The order of trust: a byte order mark (it cannot be there by accident),
then UTF-8 (the overwhelming majority, and strict UTF-8 rarely validates by
accident), then the encoding the server or file declared, then guesses:
UTF-16 by its pattern of NUL bytes, mostly-UTF-8 with a few broken bytes,
and finally cp1252, which maps nearly every byte to something.
"""

from __future__ import annotations

import codecs

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SAMPLE = 4096  # bytes looked at for the UTF-16 NUL pattern
_UTF8_NAMES = frozenset({"utf-8", "utf_8", "utf8", "u8", "utf-8-sig", "utf_8_sig"})


def decode_bytes(data: bytes | bytearray | memoryview, declared: str | None = None) -> str:
    """Decode ``data`` to text; the byte order mark, if any, is removed. Never raises.

    Order: BOM; UTF-16 without BOM when NULs fill every other byte (such text
    is also valid UTF-8, so this check comes before UTF-8); strict UTF-8;
    ``declared`` (ignored when unknown or not a text encoding); UTF-8 with
    replacement characters when the bytes are mostly UTF-8; cp1252, with
    replacement characters for its five unassigned bytes.
    """
    if not data:
        return ""
    data = bytes(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    utf16 = _utf16_by_nuls(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _decode_declared(data, declared)
    if text is not None:
        return text
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace")
    return data.decode("cp1252", errors="replace")


def _utf16_by_nuls(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NULs sit in every other byte of a sample, else None.

    Latin text in UTF-16 has a NUL in the high byte of nearly every unit;
    ordinary 8-bit text has almost no NULs at all.
    """
    sample = data[: _SAMPLE & ~1]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= pairs * 0.4 and even_nuls <= pairs * 0.05:
        return "utf-16-le"
    if even_nuls >= pairs * 0.4 and odd_nuls <= pairs * 0.05:
        return "utf-16-be"
    return None


def _decode_declared(data: bytes, declared: str | None) -> str | None:
    """Strict decode with the declared encoding, or None when it is unusable or fails."""
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower()
    if not name or name in _UTF8_NAMES:
        return None  # UTF-8 already failed strictly
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    try:
        text = data.decode(info.name)
    except (UnicodeDecodeError, LookupError, ValueError, TypeError):
        return None
    return text.removeprefix("\ufeff")


def _mostly_utf8(data: bytes) -> bool:
    """True when broken bytes are rare among well-formed multi-byte UTF-8 sequences."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return wide >= 2 and broken * 20 <= wide
