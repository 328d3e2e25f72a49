"""Pass `normalize_punctuation`: half-width , ; : ? ! ( ) in Chinese text → full-width.

PDF extraction and some sites print Chinese prose with ASCII punctuation
(``10日,自治区…(记者 王菲)``). A mark becomes full-width when the nearest
character on either side (spaces skipped) is Han or Chinese punctuation, so
``2,000``, ``10:30``, ``f(x)``, ``G318``, ``5G`` and ``2+1`` keep theirs,
while ``8%,全社会`` and ``G318,加快`` get a Chinese comma. Brackets are
treated as pairs: a pair around Han text, or around digits next to Han text
(``(1)加强``), turns full-width as a whole. URLs are left alone, and so are
spans `repair_shifted_gbk` marked uncertain: they show the text as found.

A ``?`` set tight between two Han characters is, unless the words before it
ask a question, a middle dot that a conversion to a code page without it
turned into ``?`` (``斯蒂芬妮?席尔霍尔茨``, ``中国?延边``, ``平安行?你我他``):
it becomes ``·``. After 什么, 吗, 如何… it is a question mark (``是什么?铁路``).

The Chinese dash is two em dashes (``——``); text converted through some code
pages or typed with lookalikes has two horizontal bars (``――``, U+2015) or two
box-drawing lines (``──``) instead. Such a pair is made ``——`` where it
stands in Chinese text, not where it meets other box-drawing characters (a
table drawn in text).

>>> normalize_punctuation("10日,自治区(记者 王菲)召开会议:")[0]
'10日，自治区（记者 王菲）召开会议：'
>>> normalize_punctuation("共2,000人。See f(x) at 10:30, G318")[0]
'共2,000人。See f(x) at 10:30, G318'
>>> normalize_punctuation('他说,“好”。“No coercion,” Sun said.')[0]
'他说，“好”。“No coercion,” Sun said.'
"""

from __future__ import annotations

import re

from ..charclass import CJK_PUNCTUATION, HALF_TO_FULL_PUNCTUATION, HAN_RE, SHARED_QUOTES
from ..model import UNCERTAIN_END, UNCERTAIN_START, Change

PASS_NAME = "normalize_punctuation"

# Trailing ASCII punctuation is not part of a URL, as in Markdown's linkify.
URL = re.compile(r"(?:https?://|ftp://|www\.)[!-~]*[A-Za-z0-9/#=_~)-]")
UNCERTAIN_SPAN = re.compile(f"{UNCERTAIN_START}[^{UNCERTAIN_END}\n]*{UNCERTAIN_END}")
SINGLE = re.compile(r"[,;:?!()]")
_BOX = "\u2500-\u257f"
DASH_LOOKALIKE = re.compile(f"(?<![―{_BOX}])[―─]{{2}}(?![―{_BOX}])")
LOST_DOT = re.compile(f"(?<={HAN_RE.pattern})\\?(?={HAN_RE.pattern})")
# Words that make the clause before a "?" a question; the clause starts after the last stop or comma.
QUESTION_WORDS = re.compile(r"吗|嗎|呢|什么|什麼|怎|如何|为何|為何|为啥|為啥|哪|谁|誰|多少|是否|难道|難道|岂|豈|可否|能否|是不是|有没有|有沒有|要不要|对不对|對不對")
CLAUSE_START = re.compile(r".*[。！？；，：,;:!\n“”「」\s]", re.DOTALL)
ASCII_LETTER = re.compile(r"[A-Za-z]")
BRACKETS, MARKS = "()", ",;:?!"
SPACE = " \t\u00a0\u3000"
# Curly quotes are looked past, like spaces: ``coercion,” Sun said`` keeps its comma, ``说,“我们`` does not.
# What a mark looks past to find its context: spaces, shared quotes, and the marks not yet decided.
SKIP_FOR_BRACKETS = SPACE + SHARED_QUOTES + BRACKETS + MARKS
SKIP_FOR_MARKS = SPACE + SHARED_QUOTES + MARKS
# Brackets further apart than this are not taken as a pair, so a stray "("
# does not pair with a ")" half a page later.
MAX_PAIR_SPAN = 200


def normalize_punctuation(text: str) -> tuple[str, list[Change]]:
    """Full-width punctuation wherever a mark stands in Chinese text."""
    if not SINGLE.search(text) and not DASH_LOOKALIKE.search(text):
        return text, []
    changes = []
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        fixed = normalize_line(line)
        if fixed != line:
            changes.append(Change(PASS_NAME, number, line, fixed, _note(line, fixed)))
            lines[number - 1] = fixed
    return "\n".join(lines), changes


def _note(line: str, fixed: str) -> str:
    dots = sum(1 for a, b in zip(line, fixed) if b == "·" != a)
    dashes = sum(1 for a, b in zip(line, fixed) if b == "—" != a) // 2
    marks = sum(1 for a, b in zip(line, fixed) if a != b) - dots - 2 * dashes
    notes = [f"{marks} mark(s) made full-width"] if marks else []
    notes += [f"{dots} '?' between Han characters read as a lost middle dot"] if dots else []
    return "; ".join(notes + ([f"{dashes} dash(es) written with lookalikes (―― or ──) made ——"] if dashes else []))


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
    if "―" in line or "─" in line:
        line = DASH_LOOKALIKE.sub(lambda match: "——" if _in_chinese(line, match.start(), match.end()) else match.group(), line)
    if not SINGLE.search(line):
        return line
    chars = list(line)
    protected = _protected_positions(line)
    decided = set()  # positions settled before the marks' general rule: lost dots, bracket pairs
    for match in LOST_DOT.finditer(line) if "?" in line else ():
        if match.start() not in protected and not _asks(line[: match.start()]):
            chars[match.start()] = "·"
            decided.add(match.start())
    for start, end in _bracket_pairs(line, protected):
        decided.update((start, end))
        if _is_chinese_pair(chars, start, end):
            chars[start], chars[end] = "（", "）"
    for marks, skip in ((BRACKETS, SKIP_FOR_BRACKETS), (MARKS, SKIP_FOR_MARKS)):
        # Marks in one run of skipped characters share their two neighbours, so
        # the neighbours are found once, before any of the run is converted.
        before, after = _neighbours(chars, skip)
        for i, char in enumerate(line):
            if char in marks and i not in protected and i not in decided and (_is_chinese(before[i]) or _is_chinese(after[i])):
                chars[i] = HALF_TO_FULL_PUNCTUATION[char]
    return "".join(chars)


def _in_chinese(line: str, start: int, end: int) -> bool:
    """Whether a dash at line[start:end] stands in Chinese text: Han, Chinese punctuation or a digit beside it, or the line's start."""
    before, after = line[start - 1 : start], line[end : end + 1]
    return start == 0 or any(_is_chinese(char) or char.isdigit() for char in (before, after))


def _asks(before: str) -> bool:
    """Whether the clause that ends `before` asks a question.

    >>> _asks("及意义是什么"), _asks("发言人斯蒂芬妮"), _asks("你去吗？我们说，中国")
    (True, False, False)
    """
    clause = CLAUSE_START.sub("", before[-40:], count=1)
    return QUESTION_WORDS.search(clause) is not None


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
