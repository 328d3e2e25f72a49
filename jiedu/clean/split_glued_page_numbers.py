"""Pass `split_glued_page_numbers`: page numbers a text extraction glued into the text are taken out.

Text pulled from a PDF by a tool that drops the page's line structure keeps
the page number between the last line of one page and the first of the
next, with nothing between: ``…制定本法。8第二条 民法调整…`` and
``第二章自然人9第一节民事权利能力…``. Left in, the number reads as part of
the text, and a heading that follows it is no longer a line's start.

A number is taken for a page's when it stands between Han text or
punctuation and a Han character (not after 第, not before a counter such as
年, 条 or 元), and it is one of a run of such numbers, in the order of the
text, that count up by one (2, 3, 4 …; a page or two may be missed) at least `MIN_PAGES` long, a few
lines or more apart on average. Each is removed, and the line breaks where
it stood, as the page did.

>>> body = "处理民事纠纷，应当依照法律；法律没有规定的，可以适用习惯。\\n" * 5
>>> text = "".join(body + "本页的最后一句。" + str(page) + "第" + "二三四五六"[page - 2] + "条 下一页的第一句。\\n" for page in range(2, 7))
>>> cleaned, changes = split_glued_page_numbers(text)
>>> len(changes), cleaned.count("本页的最后一句。\\n第"), cleaned.splitlines()[5:7]
(5, 5, ['本页的最后一句。', '第二条 下一页的第一句。'])
>>> split_glued_page_numbers("截至2023年末，全市共有学校12所，医院3所，图书馆4座。")[0]
'截至2023年末，全市共有学校12所，医院3所，图书馆4座。'
"""

from __future__ import annotations

import re

from ..charclass import HAN_RANGES
from ..model import Change

PASS_NAME = "split_glued_page_numbers"

MIN_PAGES = 5
"""Numbers counting up, at least, that make a run of page numbers: a report's own figures (4金4银, 7大, 9公里)
can make a run of three."""
MIN_LINES_APART = 5
"""Lines, on average at least, between one page number and the next: a page holds more than a line or two."""
MAX_MISSED_SHARE = 0.25
"""Numbers a run may pass over, at most, as a share of its length: page numbers are nearly all there."""
MAX_SPREAD = 0.75
"""How unevenly the run's numbers may be spaced (the coefficient of variation of the characters between
them): pages hold much the same amount of text; figures in a report fall anywhere."""
COUNTERS = "年月日号號条條章节節款项項页頁个個人元万萬亿億次届屆岁歲名家件份部篇卷期版栏欄座所位户戶台辆輛吨噸亩畝米倍度时時分秒天周週批类類种種组組"
MAX_MISSED = 2
"""Pages in a row whose number is not glued (it stood before a digit, or a page began a line) that a run may pass over."""
GLUED = re.compile(rf"(?:(?<=^)|(?<=[{HAN_RANGES}。，、；：！？）」』”]))(?<!第)(\d{{1,4}})(?=[{HAN_RANGES}（「『《“])(?![{COUNTERS}])", re.MULTILINE)


def split_glued_page_numbers(text: str) -> tuple[str, list[Change]]:
    """The text without its glued page numbers, each replaced by a line break (module docstring)."""
    if not re.search(r"\d", text):
        return text, []
    candidates = [(match.start(), match.end(), int(match.group(1))) for match in GLUED.finditer(text)]
    run = longest_count(candidates)
    if len(run) < MIN_PAGES:
        return text, []
    lines = [text.count("\n", 0, candidates[i][0]) for i in run]
    values = [candidates[i][2] for i in run]
    missed = values[-1] - values[0] + 1 - len(run)
    if (lines[-1] - lines[0]) < MIN_LINES_APART * (len(run) - 1) or missed > MAX_MISSED_SHARE * len(run) or spread(
            [candidates[b][0] - candidates[a][0] for a, b in zip(run, run[1:])]) > MAX_SPREAD:
        return text, []
    pieces, changes, position = [], [], 0
    for i, line in zip(run, lines):
        start, end, value = candidates[i]
        pieces.append(text[position:start])
        at_line_edge = start == 0 or text[start - 1] == "\n"
        pieces.append("" if at_line_edge else "\n")
        left, right = text[max(0, start - 6) : start].rsplit("\n", 1)[-1], text[end : end + 6].split("\n", 1)[0]
        changes.append(Change(PASS_NAME, line + 1, text[start:end], "", f"page number {value} glued between “{left}” and “{right}”"))
        position = end
    pieces.append(text[position:])
    return "".join(pieces), changes


def spread(gaps: list[int]) -> float:
    """The coefficient of variation of `gaps` (0 when they are all equal).

    >>> spread([1300, 1250, 1400]) < 0.1, spread([40, 9000, 300]) > 1
    (True, True)
    """
    mean = sum(gaps) / len(gaps)
    return (sum((gap - mean) ** 2 for gap in gaps) / len(gaps)) ** 0.5 / mean if mean else 0.0


def longest_count(candidates: list[tuple[int, int, int]]) -> list[int]:
    """Indexes of the longest run of candidates, in text order, whose values count up by one (or skip
    up to MAX_MISSED numbers).

    >>> longest_count([(0, 1, 1), (5, 6, 2021), (9, 10, 2), (20, 21, 7), (30, 31, 3), (40, 41, 5)])
    [0, 2, 4, 5]
    """
    ends: dict[int, tuple[int, int]] = {}  # value -> (length of the longest run ending with it, its last index)
    before: dict[int, int] = {}  # index -> the index before it in its run
    best = (0, -1)
    for index, (_, _, value) in enumerate(candidates):
        length, previous = max((ends.get(value - step, (0, -1)) for step in range(1, MAX_MISSED + 2)), key=lambda end: end[0])
        if previous >= 0:
            before[index] = previous
        if length + 1 > ends.get(value, (0, -1))[0]:
            ends[value] = (length + 1, index)
        best = max(best, (length + 1, index))
    run, index = [], best[1]
    while index >= 0:
        run.append(index)
        index = before.get(index, -1)
    return run[::-1]
