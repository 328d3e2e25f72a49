"""Turn a file's bytes into text, saying which encoding was used.

Scraped Chinese text arrives as UTF-8 (with or without a BOM), UTF-16,
GB18030/GBK or Big5. We try the strict decoders in a fixed order and, when none
fits, decode with the best one and report every byte it could not decode,
with its offset, instead of dropping it silently.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
"""The BOM is taken off and the rest decoded in the order it names: a decoder that reads
the BOM itself cannot be restarted after a bad pair of bytes (a lone surrogate)."""
# Tried in this order when there is no BOM; the first strict success wins,
# except that GB18030 and Big5 are compared on how Chinese the result looks.
LEGACY_CANDIDATES = ("gb18030", "big5")
MAX_REPORTED_BAD_BYTES = 20
# Past this many bad bytes the file is not text we can read; stop tracking.
MAX_TRACKED_BAD_BYTES = 1000


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from bytes."""

    text: str
    encoding: str
    """The codec used, e.g. "utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"."""
    bad_byte_offsets: tuple[int, ...] = ()
    """Offsets of bytes that could not be decoded (replaced by U+FFFD)."""


def decode_bytes(data: bytes) -> DecodedText:
    """Decode `data`, choosing the encoding from a BOM or from what decodes.

    >>> decode_bytes("坚持".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes(b"\\xef\\xbb\\xbf\\xe5\\x9d\\x9a").text
    '坚'
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _decode_reporting(data[len(bom) :], codec, offset=len(bom))
    if _looks_like_utf16(data):
        return _decode_reporting(data, "utf-16-le" if data[1:2] == b"\0" else "utf-16-be")
    strict = _strict_decode(data, "utf-8")
    if strict is not None:
        return DecodedText(strict, "utf-8")
    legacy = [(codec, text) for codec in LEGACY_CANDIDATES if (text := _strict_decode(data, codec)) is not None]
    if legacy:
        codec, text = max(legacy, key=lambda pair: _chinese_score(pair[1]))
        return DecodedText(text, codec)
    return _decode_reporting(data, _best_lossy_codec(data))


def _strict_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: many NUL bytes on one parity."""
    sample = data[:4000]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even_nuls, odd_nuls) > half * 0.3 and min(even_nuls, odd_nuls) < half * 0.05


def _chinese_score(text: str) -> float:
    """Share of common Han characters: GBK bytes read as Big5 give rare ones."""
    if not text:
        return 0.0
    common = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fa5")
    return common / len(text) - text.count("\ufffd") / len(text)


def _best_lossy_codec(data: bytes) -> str:
    """The codec that leaves the fewest undecodable bytes."""
    candidates = ("utf-8", *LEGACY_CANDIDATES)
    return min(candidates, key=lambda codec: data.decode(codec, "replace").count("\ufffd"))


def _decode_reporting(data: bytes, codec: str, offset: int = 0) -> DecodedText:
    """Decode, replacing bad bytes with U+FFFD and remembering their offsets (in the file: `offset` bytes precede `data`)."""
    pieces: list[str] = []
    bad: list[int] = []
    decoder = codecs.getincrementaldecoder(codec)()
    position = 0
    while position < len(data) and len(bad) < MAX_TRACKED_BAD_BYTES:
        try:
            pieces.append(decoder.decode(data[position:], final=True))
            position = len(data)
        except UnicodeDecodeError as error:
            pieces.append(data[position : position + error.start].decode(codec, "replace"))
            bad.append(offset + position + error.start)
            pieces.append("\ufffd")
            position += max(error.end, error.start + 1)
            decoder.reset()
    pieces.append(data[position:].decode(codec, "replace"))
    name = "utf-16" if codec.startswith("utf-16") else codec
    return DecodedText("".join(pieces), name, tuple(bad))


CONTROL_BYTES = bytes([*range(9), *range(14, 32)])
"""Bytes that text does not hold (tab, newlines, vertical tab, form feed and carriage return are allowed)."""


def is_probably_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we read (NULs, control bytes).

    >>> is_probably_binary(bytes(range(256)))
    True
    >>> is_probably_binary("西藏".encode())
    False
    """
    if not data or _looks_like_utf16(data) or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:8000]
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    return controls > len(sample) * 0.01


def describe_bad_bytes(decoded: DecodedText) -> str:
    """A short message listing the first undecodable byte offsets."""
    offsets = decoded.bad_byte_offsets
    shown = ", ".join(str(o) for o in offsets[:MAX_REPORTED_BAD_BYTES])
    more = f" and {len(offsets) - MAX_REPORTED_BAD_BYTES} more" if len(offsets) > MAX_REPORTED_BAD_BYTES else ""
    return f"{len(offsets)} byte(s) could not be decoded as {decoded.encoding} (at byte offset {shown}{more}); shown as �"
