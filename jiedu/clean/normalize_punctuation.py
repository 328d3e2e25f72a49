"""Pass `normalize_punctuation`: half-width , ; : ? ! ( ) in Chinese text → full-width.

PDF extraction and some sites print Chinese prose with ASCII punctuation
(``10日,自治区…(记者 王菲)``). A mark becomes full-width when the nearest
character on either side (spaces skipped) is Han or Chinese punctuation, so
``2,000``, ``10:30``, ``f(x)``, ``G318``, ``5G`` and ``2+1`` keep theirs,
while ``8%,全社会`` and ``G318,加快`` get a Chinese comma. Brackets are
treated as pairs: a pair around Han text, or around digits next to Han text
(``(1)加强``), turns full-width as a whole. URLs are left alone, and so are
spans `repair_shifted_gbk` marked uncertain: they show the text as found.

>>> normalize_punctuation("10日,自治区(记者 王菲)召开会议:")[0]
'10日，自治区（记者 王菲）召开会议：'
>>> normalize_punctuation("共2,000人。See f(x) at 10:30, G318")[0]
'共2,000人。See f(x) at 10:30, G318'
"""

from __future__ import annotations

import re

from ..charclass import CJK_PUNCTUATION, HALF_TO_FULL_PUNCTUATION, HAN_RE
from ..model import UNCERTAIN_END, UNCERTAIN_START, Change

PASS_NAME = "normalize_punctuation"

# Trailing ASCII punctuation is not part of a URL, as in Markdown's linkify.
URL = re.compile(r"(?:https?://|ftp://|www\.)[!-~]*[A-Za-z0-9/#=_~)-]")
UNCERTAIN_SPAN = re.compile(f"{UNCERTAIN_START}[^{UNCERTAIN_END}\n]*{UNCERTAIN_END}")
SINGLE = re.compile(r"[,;:?!()]")
ASCII_LETTER = re.compile(r"[A-Za-z]")
BRACKETS, MARKS = "()", ",;:?!"
SPACE = " \t\u00a0\u3000"
# What a mark looks past to find its context: spaces, and the marks not yet decided.
SKIP_FOR_BRACKETS = SPACE + BRACKETS + MARKS
SKIP_FOR_MARKS = SPACE + MARKS
# Brackets further apart than this are not taken as a pair, so a stray "("
# does not pair with a ")" half a page later.
MAX_PAIR_SPAN = 200


def normalize_punctuation(text: str) -> tuple[str, list[Change]]:
    """Full-width punctuation wherever a mark stands in Chinese text."""
    if not SINGLE.search(text):
        return text, []
    changes = []
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        fixed = normalize_line(line)
        if fixed != line:
            count = sum(1 for a, b in zip(line, fixed) if a != b)
            changes.append(Change(PASS_NAME, number, line, fixed, f"{count} mark(s) made full-width"))
            lines[number - 1] = fixed
    return "\n".join(lines), changes


def normalize_line(line: str) -> str:
    """Convert the marks of one line, outside URLs.

    Bracket pairs are decided first (innermost first), then unpaired brackets,
    then the other marks; each looks past spaces and still-undecided marks to
    the nearest real character, so one pass reaches a fixed point.

    >>> normalize_line("见http://example.com/a(b),请")
    '见http://example.com/a(b)，请'
    >>> normalize_line("(2024年1月10日通过)")
    '（2024年1月10日通过）'
    """
    if not SINGLE.search(line):
        return line
    chars = list(line)
    protected = _protected_positions(line)
    paired = set()
    for start, end in _bracket_pairs(line, protected):
        paired.update((start, end))
        if _is_chinese_pair(chars, start, end):
            chars[start], chars[end] = "（", "）"
    for marks, skip in ((BRACKETS, SKIP_FOR_BRACKETS), (MARKS, SKIP_FOR_MARKS)):
        # Marks in one run of skipped characters share their two neighbours, so
        # the neighbours are found once, before any of the run is converted.
        before, after = _neighbours(chars, skip)
        for i, char in enumerate(line):
            if char in marks and i not in protected and i not in paired and (_is_chinese(before[i]) or _is_chinese(after[i])):
                chars[i] = HALF_TO_FULL_PUNCTUATION[char]
    return "".join(chars)


def _bracket_pairs(line: str, protected: set[int]) -> list[tuple[int, int]]:
    """Matching half-width brackets, innermost first; far-apart ones stay unpaired."""
    pairs, opened = [], []
    for i, char in enumerate(line):
        if i in protected:
            continue
        if char == "(":
            opened.append(i)
        elif char == ")" and opened:
            start = opened.pop()
            if i - start <= MAX_PAIR_SPAN:
                pairs.append((start, i))
    return pairs


def _is_chinese_pair(chars: list[str], start: int, end: int) -> bool:
    inside = "".join(chars[start + 1 : end])
    if HAN_RE.search(inside):
        return True
    outside = (_neighbour(chars, start, -1), _neighbour(chars, end, +1))
    return not ASCII_LETTER.search(inside) and any(_is_chinese(c) for c in outside)


def _neighbour(chars: list[str], i: int, step: int) -> str:
    """The nearest character before (step -1) or after (+1) a bracket pair's bracket.

    Pairs are at most MAX_PAIR_SPAN apart and a run of marks beside one is
    short in real text; the walk is capped so that hostile text stays linear.
    """
    j = i + step
    while 0 <= j < len(chars) and chars[j] in SKIP_FOR_BRACKETS and abs(j - i) < MAX_PAIR_SPAN:
        j += step
    return chars[j] if 0 <= j < len(chars) and chars[j] not in SKIP_FOR_BRACKETS else ""


def _neighbours(chars: list[str], skip: str) -> tuple[list[str], list[str]]:
    """For every position, the nearest character before and after it that is not in `skip`."""
    before, after = [""] * len(chars), [""] * len(chars)
    last = ""
    for i, char in enumerate(chars):
        before[i] = last
        if char not in skip:
            last = char
    last = ""
    for i in range(len(chars) - 1, -1, -1):
        after[i] = last
        if chars[i] not in skip:
            last = chars[i]
    return before, after


def _is_chinese(char: str) -> bool:
    return bool(char) and (char in CJK_PUNCTUATION or HAN_RE.match(char) is not None)


def _protected_positions(line: str) -> set[int]:
    """Positions inside URLs and inside spans another pass marked uncertain (left as found)."""
    positions = {i for match in UNCERTAIN_SPAN.finditer(line) for i in range(match.start(), match.end())}
    if "://" not in line and "www." not in line:
        return positions
    for match in URL.finditer(line):
        end = match.end()
        if line[end - 1] == ")" and "(" not in match.group():
            end -= 1
        positions.update(range(match.start(), end))
    return positions
