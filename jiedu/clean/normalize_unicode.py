"""Pass `normalize_unicode`: one spelling for every character, no invisible ones.

Scraped pages carry characters a reader cannot see but search and pinyin
lookup trip over: zero-width spaces and joiners, byte-order marks in mid-text,
soft hyphens, direction marks, stray control characters. Decomposed accents
(``a`` + combining macron) are composed (NFC), so ``jiān`` is one spelling.
Line breaks of every kind become ``\\n``; a page break (the form feed that
pdftotext writes between pages) with the blank lines around it becomes one
paragraph break, or one line break where it cuts a sentence: it is never a
stronger break than between two paragraphs (which would part two articles).

This pass only touches characters, never the layout, so it is safe for
Markdown too.

>>> normalize_unicode("坚\\u200b持\\ufeff，\\r\\n好")[0]
'坚持，\\n好'
"""

from __future__ import annotations

import re
import unicodedata

from ..charclass import ends_sentence
from ..model import UNCERTAIN_END, UNCERTAIN_START, Change

PASS_NAME = "normalize_unicode"

# Zero-width space/non-joiner/joiner, word joiner and invisible operators,
# BOM, soft hyphen, Mongolian vowel separator, direction marks and embeddings.
INVISIBLE = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Line and paragraph separators, vertical tab, form feed, NEL: all line breaks.
LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
# C0/C1 controls other than tab and newline; the in-band uncertainty marks of
# model.py are not controls (they are U+FFF9/U+FFFB) and are kept.
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
DROP = str.maketrans("", "", INVISIBLE)
NEEDS_WORK = re.compile(f"[{INVISIBLE}]|{CONTROLS.pattern}")
"""A character `normalize_characters` would drop."""

assert UNCERTAIN_START not in INVISIBLE and UNCERTAIN_END not in INVISIBLE


PAGE_BREAK = re.compile(r"[ \t\u3000]*(?:\r?\n[ \t\u3000]*)*\x0c(?:[ \t\u3000]*\r?\n)*(?:[ \t\u3000]*(?=\S))?")


def join_page_breaks(text: str) -> str:
    """Page breaks as the paragraph or line breaks they stand in (`PAGE_BREAK`).

    >>> join_page_breaks("为动产和权利质押登记、估 \\n\\n\\x0c\\n值、交易流通等提供便利。 \\n\\n\\x0c\\n第二十二条 国家推动")
    '为动产和权利质押登记、估\\n值、交易流通等提供便利。\\n\\n第二十二条 国家推动'
    """
    if "\x0c" not in text:
        return text
    return PAGE_BREAK.sub(lambda match: "\n\n" if ends_sentence(text[max(0, match.start() - 20) : match.start()].rstrip()) else "\n", text)


def normalize_unicode(text: str) -> tuple[str, list[Change]]:
    """NFC, no invisible or control characters, ``\\n`` line breaks."""
    text = LINE_BREAKS.sub("\n", join_page_breaks(text))
    if not NEEDS_WORK.search(text) and unicodedata.is_normalized("NFC", text):
        return text, []  # the usual case, checked at C speed (NFC never composes across a line break)
    changes = []
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        fixed = normalize_characters(line)
        if fixed != line:
            changes.append(Change(PASS_NAME, number, line, fixed, _describe(line, fixed)))
            lines[number - 1] = fixed
    return "\n".join(lines), changes


def normalize_characters(line: str) -> str:
    """One line: invisible and control characters dropped, then NFC.

    >>> normalize_characters("ji\\u0101n\\u00ad")
    'jiān'
    """
    cleaned = CONTROLS.sub("", line.translate(DROP))
    return unicodedata.normalize("NFC", cleaned)


def _describe(before: str, after: str) -> str:
    dropped = len(before) - len(before.translate(DROP)) + len(CONTROLS.findall(before))
    if dropped and len(after) == len(before) - dropped:
        return f"removed {dropped} invisible character(s)"
    if dropped:
        return f"removed {dropped} invisible character(s); composed to NFC"
    return "composed to NFC"
