"""The character classes of jiedu.charclass, as the annotator needs them."""

from __future__ import annotations

import re

from jiedu.charclass import HAN_RANGES

HAN = HAN_RANGES
"""A regex character-class body (no brackets) for the characters that get a reading."""

HAN_RUN_RE = re.compile(f"[{HAN}]+")
"""One or more Han characters in a row."""

CLAUSE_END_RE = re.compile(r"(?<=[。！？；!?;\n])")
"""Empty match after a sentence stop or a semicolon: where text may be split."""


def split_sentences(text: str, max_len: int = 200) -> list[str]:
    """Split after sentence stops; pieces concatenate back to `text`.

    Pieces longer than `max_len` are cut again after commas, then hard, so the
    polyphone model never sees an unbounded sequence.

    >>> split_sentences("甲。乙！丙")
    ['甲。', '乙！', '丙']
    """
    pieces = [p for p in CLAUSE_END_RE.split(text) if p]
    return [short for piece in pieces for short in _cut_long(piece, max_len)]


def _cut_long(piece: str, max_len: int) -> list[str]:
    if len(piece) <= max_len:
        return [piece]
    parts, start = [], 0
    while len(piece) - start > max_len:
        window = piece[start : start + max_len]
        comma = max(window.rfind("，"), window.rfind(","), window.rfind("、"))
        end = start + (comma + 1 if comma > 0 else max_len)
        parts.append(piece[start:end])
        start = end
    return parts + [piece[start:]]
