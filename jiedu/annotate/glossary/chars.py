"""Character classes and the matching fold used by the glossary.

These belong with the project's other character classes once a shared module
exists; they live here until then so the glossary has no hidden dependencies.

The fold maps one character to one character, so a folded text has the same
length as the original and every offset found in it is an offset in the
original. It is used only for *finding* terms, never for display.
"""

from __future__ import annotations

import re

# The project's one definition of Han characters; re-exported for the glossary modules.
from jiedu.charclass import HAN_RANGES, is_han  # noqa: F401

HAN = re.compile(f"[{HAN_RANGES}]")
"""One Han character."""

OPENING_QUOTES = "“‘「『﹁﹃〝"
"""Opening quotation marks of Chinese text, Simplified and Traditional usage."""

CLOSING_QUOTES = "”’」』﹂﹄〞"
"""Closing quotation marks, in the same order as OPENING_QUOTES."""

OPEN_QUOTE = "“"
"""What every opening quote folds to."""

CLOSE_QUOTE = "”"
"""What every closing quote folds to."""

# Pairs of interchangeable written forms: (the form to fold, what it folds to).
# OpenCC's s2t writes 爲 峯 着 裏 where Taiwan and Hong Kong texts (and our seed
# 002) write 為 峰 著 裡; 1950s texts write 産 綫 衞 羣 眞. Both sides of a
# comparison are folded, so the direction only has to be consistent.
VARIANT_PAIRS = (
    ("爲", "為"), ("産", "產"), ("綫", "線"), ("衞", "衛"), ("峯", "峰"),
    ("羣", "群"), ("着", "著"), ("裏", "裡"), ("眞", "真"), ("敎", "教"),
    ("啓", "啟"), ("鷄", "雞"), ("够", "夠"), ("强", "強"), ("繫", "系"),
)

_FULLWIDTH_TO_ASCII = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}

MATCHING_FOLD = str.maketrans(
    {
        **_FULLWIDTH_TO_ASCII,
        "\u3000": " ",
        **{q: OPEN_QUOTE for q in OPENING_QUOTES},
        **{q: CLOSE_QUOTE for q in CLOSING_QUOTES},
        **dict(VARIANT_PAIRS),
    }
)
"""str.translate table: full-width ASCII to ASCII, all quotes to “ ”, variant forms."""


def fold_for_matching(text: str) -> str:
    """Return `text` with each character folded for matching; same length.

    >>> fold_for_matching("「兩個維護」爲（２＋１）")
    '“兩個維護”為(2+1)'
    """
    return text.translate(MATCHING_FOLD)


def is_ascii_word_char(char: str) -> bool:
    """True for an ASCII letter or digit (after folding full-width forms)."""
    return char.isascii() and char.isalnum()


def is_word_joint(left: str, right: str) -> bool:
    """True when two adjacent characters could belong to one word.

    Han next to Han, or ASCII letter/digit next to ASCII letter/digit. A quote,
    punctuation, a space or a change of script is always a word boundary.

    >>> is_word_joint("三", "保"), is_word_joint("”", "底"), is_word_joint("2", "年")
    (True, False, False)
    """
    return (is_han(left) and is_han(right)) or (
        is_ascii_word_char(left) and is_ascii_word_char(right)
    )
