"""Character classes for Chinese text, in one place.

Every stage that asks "is this a Han character?" or "does this end a sentence?"
asks here, so the answer is the same everywhere.

>>> is_han("藏"), is_han("a"), is_han("，")
(True, False, False)
>>> count_han("2024年1月10日")
4
"""

from __future__ import annotations

import re

# CJK Unified Ideographs, Extension A, Compatibility Ideographs and the
# supplementary-plane extensions (B onwards) — the characters that take pinyin.
HAN_RANGES = (
    "\u3400-\u4dbf"
    "\u4e00-\u9fff"
    "\uf900-\ufaff"
    "\U00020000-\U0002ebef"
    "\U00030000-\U0003134f"
)
HAN = f"[{HAN_RANGES}]"
HAN_RE = re.compile(HAN)

# Punctuation that ends a sentence in Chinese text (full and half width).
SENTENCE_STOPS = "。！？!?；;…"
# Punctuation after which a wrapped line obviously continues.
CLAUSE_PUNCTUATION = "，、：:,"
OPENING_QUOTES = "“‘「『《〈（(【〔"
CLOSING_QUOTES = "”’」』》〉）)】〕"
# Full-width forms used in Chinese prose for ASCII punctuation.
HALF_TO_FULL_PUNCTUATION = {
    ",": "，",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    "(": "（",
    ")": "）",
}


def is_han(char: str) -> bool:
    """True for a single Han (CJK ideograph) character."""
    return HAN_RE.fullmatch(char) is not None


def count_han(text: str) -> int:
    """How many Han characters `text` holds."""
    return len(HAN_RE.findall(text))


def han_only(text: str) -> str:
    """The Han characters of `text`, in order.

    >>> han_only("第1条：坚持（一）")
    '第条坚持一'
    """
    return "".join(HAN_RE.findall(text))
