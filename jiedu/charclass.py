"""Character classes for Chinese text, in one place.

Every stage that asks "is this a Han character?" or "does this end a sentence?"
asks here, so the answer is the same everywhere.

>>> is_han("藏"), is_han("a"), is_han("，")
(True, False, False)
>>> count_han("2024年1月10日")
3
"""

from __future__ import annotations

import re
import unicodedata

# CJK Unified Ideographs, Extension A, Compatibility Ideographs and the
# supplementary-plane extensions (B onwards) — the characters that take pinyin —
# plus 〇, the ideographic zero of Chinese numerals (二〇二五年, read líng).
HAN_RANGES = (
    "\u3007"
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


# Punctuation that may not start a line in Chinese typesetting (避头点): a line
# that starts with one of these continues the line before it.
NO_LINE_START = "，。、；：！？）」』》〉】〕”’…,.;:!?)%"
# What a line of a title starts with only when it goes on from the line above: a closing mark, or
# 的 / 之 (of), which need the words before them (改進竹棚架安全性及可靠性 / 的工程分析).
CONTINUING_STARTS = frozenset(NO_LINE_START + "的之")
# Punctuation that may not end a line (避尾点): the line after continues it.
NO_LINE_END = "（「『《〈【〔“‘("
# Full-width punctuation that never wants a space beside it.
CJK_PUNCTUATION = "，。、；：！？（）「」『』《》〈〉【】〔〕“”‘’…—·"
# Curly quotes: Chinese punctuation, and English's too, so evidence of neither language (coercion,” Sun said).
SHARED_QUOTES = "“”‘’"
CHINESE_DIGITS = "〇零一二三四五六七八九十百千两"
# Whitespace a scraped page may use between words: ASCII space, no-break space,
# ideographic space and the other Unicode spaces.
SPACES = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
IDEOGRAPHIC_SPACE = "\u3000"


def is_cjk_punctuation(char: str) -> bool:
    """True for a single full-width Chinese punctuation mark.

    >>> is_cjk_punctuation("，"), is_cjk_punctuation(",")
    (True, False)
    """
    return len(char) == 1 and char in CJK_PUNCTUATION


def ends_sentence(text: str) -> bool:
    """True when `text` ends a sentence, closing quotes and brackets aside.

    >>> ends_sentence("决定批准这个报告。"), ends_sentence("“两个维护”。”"), ends_sentence("做到“两个维护”")
    (True, True, False)
    """
    stripped = text.rstrip(CLOSING_QUOTES + SPACES)
    return bool(stripped) and stripped[-1] in SENTENCE_STOPS


# Latin letters, with the accented ones of pinyin and European names (Xí Jìnpíng, Müller).
LATIN_LETTER_RE = re.compile("[A-Za-z\u00c0-\u024f]")
LATIN_WORD_RE = re.compile("[A-Za-z\u00c0-\u024f]+(?:['’-][A-Za-z\u00c0-\u024f]+)*")
LATIN_PER_HAN = 3
"""A Han character says about as much as a short Latin word: Latin text needs three letters for each Han one."""
MIN_LATIN_LETTERS = 4
"""Fewer Latin letters are an acronym or a unit (GDP, km), not a text in another language."""
MIN_PARAGRAPH_WORDS = 3
"""Fewer Latin words on a line may be a name or term wrapped out of a Chinese sentence."""


def letter_counts(text: str) -> tuple[int, int, int]:
    """(Latin letters, Han characters, Latin words) of `text`, what `text_language` weighs.

    >>> letter_counts("习近平会见Antony Blinken。")
    (13, 5, 2)
    """
    return len(LATIN_LETTER_RE.findall(text)), count_han(text), len(LATIN_WORD_RE.findall(text))


def language_of_counts(latin: int, han: int) -> str | None:
    """`text_language` from counts already made (a text read line by line keeps running totals)."""
    if latin >= MIN_LATIN_LETTERS and latin >= LATIN_PER_HAN * han:
        return "en"
    return "zh" if han else None


def text_language(text: str) -> str | None:
    """"en" when Latin letters dominate the letters (few Han), "zh" when Han does, None without either.

    An English sentence keeps its Chinese gloss; a Chinese sentence keeps its
    acronyms and names. The structure stage marks "en" blocks with ``lang``.

    >>> text_language("The medal represents the friendly feelings of the CPC."), text_language("习近平会见Antony Blinken。")
    ('en', 'zh')
    >>> text_language("the CPC Central Committee（中共中央）"), text_language("GDP增长5.2%"), text_language("2024-01-10")
    ('en', 'zh', None)
    """
    latin, han, _ = letter_counts(text)
    return language_of_counts(latin, han)


def is_latin_paragraph(text: str) -> bool:
    """Text in a Latin-script language with at least three words: a paragraph of its own, never part of a Chinese one.

    Stricter than `text_language`: a lone acronym or name on a wrapped line
    (``CPTPP``, ``Belt Road``) may still be part of the Chinese sentence around it.

    >>> is_latin_paragraph("Xi Jinping awarded Nguyen Phu Trong the Friendship Medal."), is_latin_paragraph("CPTPP")
    (True, False)
    """
    latin, han, words = letter_counts(text)
    return is_latin_paragraph_counts(latin, han, words)


def is_latin_paragraph_counts(latin: int, han: int, words: int) -> bool:
    """`is_latin_paragraph` from counts already made."""
    return words >= MIN_PARAGRAPH_WORDS and language_of_counts(latin, han) == "en"


def display_width(text: str) -> int:
    """Columns `text` takes in a fixed-width font: two for a wide or full-width (Han) character, one for others.

    >>> display_width("第1条"), display_width("“四新”")
    (5, 6)
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
