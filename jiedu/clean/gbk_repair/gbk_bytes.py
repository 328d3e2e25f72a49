"""GBK at the byte level: what `repair_shifted_gbk` needs to put bytes back.

Code page 936 as browsers decode it: ASCII bytes stand alone, 0x80 is the euro
sign, 0x81-0xFE lead a two-byte character whose trail byte is 0x40-0xFE but not
0x7F. Python's ``gbk`` codec does all of that except the euro sign, which is
added here. The three user-defined areas (AAA1-AFFE, F8A1-FEFE, A140-A7A0)
decode to nothing in Python and were dropped by the site, so they matter as
"bytes that left no trace".

`build_gbk_table()` decodes every two-byte pair once, so that the repairer can
ask "which characters end in trail byte 0xA3?" without decoding in a loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

EURO_BYTE = 0x80
LEAD_BYTES = range(0x81, 0xFF)
"""Bytes that start a two-byte character."""
TRAIL_BYTES = tuple(b for b in range(0x40, 0xFF) if b != 0x7F)
"""Bytes that may end a two-byte character."""

USER_DEFINED_AREAS = (
    (range(0xAA, 0xB0), range(0xA1, 0xFF)),
    (range(0xF8, 0xFF), range(0xA1, 0xFF)),
    (range(0xA1, 0xA8), range(0x40, 0xA1)),
)
"""(lead bytes, trail bytes) of GBK's three user-defined (private-use) areas."""

FULLWIDTH_OFFSET = 0xFEE0
"""U+FF01-FF5E are the full-width forms of ASCII 0x21-0x7E (GBK row A3)."""


@dataclass(frozen=True, slots=True)
class GbkTable:
    """Every valid two-byte GBK character, indexed by its lead and trail byte."""

    by_pair: Mapping[tuple[int, int], str]
    """(lead, trail) -> character, for all pairs Python's gbk codec decodes."""
    by_trail: Mapping[int, tuple[tuple[int, str], ...]]
    """trail byte -> ((lead, character), ...)."""
    by_lead: Mapping[int, tuple[tuple[int, str], ...]]
    """lead byte -> ((trail, character), ...)."""

    def char(self, lead: int, trail: int) -> str | None:
        """The character bytes (lead, trail) decode to, or None.

        >>> build_gbk_table().char(0xA0, 0x49)
        '營'
        """
        return self.by_pair.get((lead, trail))


def build_gbk_table() -> GbkTable:
    """Decode all 126 x 190 candidate pairs once (about 10 ms)."""
    rows = {lead: _decode_row(lead) for lead in LEAD_BYTES}
    by_pair = {(lead, trail): char for lead, row in rows.items() for trail, char in zip(TRAIL_BYTES, row) if char}
    columns = zip(TRAIL_BYTES, zip(*rows.values()))
    return GbkTable(
        by_pair=by_pair,
        by_trail={trail: found for trail, column in columns if (found := tuple((lead, char) for lead, char in zip(rows, column) if char))},
        by_lead={lead: found for lead, row in rows.items() if (found := tuple((trail, char) for trail, char in zip(TRAIL_BYTES, row) if char))},
    )


def _decode_row(lead: int) -> str | tuple[str, ...]:
    """The characters of one lead byte's pairs, in TRAIL_BYTES order ("" where a pair makes none).

    A row whose pairs all make one is decoded in one call (two bytes, one
    character: they cannot fall out of step), a third of the time of pair by pair.
    """
    row = bytearray(2 * len(TRAIL_BYTES))
    row[0::2], row[1::2] = bytes((lead,)) * len(TRAIL_BYTES), bytes(TRAIL_BYTES)
    try:
        chars = row.decode("gbk")
    except UnicodeDecodeError:
        chars = ""
    if len(chars) == len(TRAIL_BYTES):
        return chars
    return tuple(_decode_pair(lead, trail) or "" for trail in TRAIL_BYTES)


def _decode_pair(lead: int, trail: int) -> str | None:
    try:
        char = bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return char if len(char) == 1 else None


def char_to_gbk(char: str) -> bytes | None:
    """The GBK bytes of one character (the euro sign is 0x80), or None.

    >>> char_to_gbk("營").hex(), char_to_gbk("€").hex(), char_to_gbk("\\ufff9")
    ('a049', '80', None)
    """
    if char == "€":
        return bytes((EURO_BYTE,))
    try:
        return char.encode("gbk")
    except UnicodeEncodeError:
        return None


def is_user_defined(lead: int, trail: int) -> bool:
    """True for a pair in one of GBK's user-defined areas.

    >>> is_user_defined(0xF9, 0xB1), is_user_defined(0xAF, 0xF3), is_user_defined(0xB1, 0xA3)
    (True, True, False)
    """
    return any(lead in leads and trail in trails for leads, trails in USER_DEFINED_AREAS)


def fold_fullwidth(char: str) -> str:
    """Full-width ASCII forms (GBK row A3) to ASCII, as the site printed them.

    >>> fold_fullwidth("！"), fold_fullwidth("營")
    ('!', '營')
    """
    code = ord(char)
    return chr(code - FULLWIDTH_OFFSET) if 0xFF01 <= code <= 0xFF5E else char


def fullwidth_bytes(char: str) -> bytes | None:
    """GBK bytes of the full-width form of an ASCII character, if it has one.

    >>> fullwidth_bytes(";").hex(), fullwidth_bytes("\\n")
    ('a3bb', None)
    """
    if not "!" <= char <= "~":
        return None
    return char_to_gbk(chr(ord(char) + FULLWIDTH_OFFSET))
