"""Lines into reading order: recursive XY-cut into columns and blocks, then paragraphs.

XY-cut splits a set of lines at a vertical gutter that no line crosses (the
columns, read left to right) or, failing that, at wide horizontal gaps (read
top to bottom), until each part is one stack of lines. A page of stories
stacked one above the other is first cut between the stories (`is_stacked`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from statistics import median

from ....clean.line_shapes import LAW_DIVISIONS, bare_number
from .lines import Line, make_line

# A gutter narrower than this many body sizes is the space inside a table, not between columns.
MIN_GUTTER = 0.6
# A horizontal gap taller than this many body sizes separates blocks (a headline from its story).
MIN_BLOCK_GAP = 1.2
# A horizontal gap this many body sizes tall, wider than any gutter, separates stories stacked on a page.
STORY_GAP = 2.0


def reading_order(lines: list[Line], body_size: float) -> list[list[Line]]:
    """The page's stacks of lines (columns, blocks), each top to bottom, in reading order."""
    if not lines:
        return []
    stories = split_at_gaps(lines, body_size, STORY_GAP) if is_stacked(lines, body_size) else None
    if stories and sum(split_at_gutter(story, body_size) is not None for story in stories) >= 2:  # stories one above the other, in columns
        parts = stories
    else:
        parts = split_at_gutter(lines, body_size) or split_at_gaps(lines, body_size) or peel_spanning(lines, body_size)
    if parts is None:
        return [sorted(lines, key=lambda line: (line.top, line.x0))]
    return [stack for part in parts for stack in reading_order(part, body_size)]


MARGIN_NUMBER = re.compile(r"[1-9]\d?")
"""A paragraph's number printed in the margin beside its first line (Taiwan's law database numbers an
article's paragraphs so: 1 人民身體之自由應予保障…)."""
MARGIN_GAP = 3.0
"""How many body sizes at most between a margin number and its line."""
MIN_NUMBERED_LINE = 0.6
"""How much of the page's widest line the line beside a margin number spans: a text line, not a table's cell."""


def with_margin_numbers(lines: list[Line], body_size: float) -> list[Line]:
    """Each number standing alone left of a text line on its row, joined to that line as its label, so the
    numbers are read with their paragraphs (``1 人民身體之自由…``), not as a column of their own read
    before the text. A number beside a short line (a table's 序号 beside a name) stays where it is,
    unless the number stands in the margin, left of every line of the page's text, and the line starts
    at that text's left edge (the last paragraph of an article, ``3 本法於左列各業適用之：``)."""
    numbers = [line for line in lines if not line.vertical and MARGIN_NUMBER.fullmatch(line.text.strip())]
    if not numbers:
        return lines
    widest = max(line.x1 - line.x0 for line in lines)
    text = [line for line in lines if not line.vertical and line not in numbers]
    edge = text_left_edge(text, body_size)
    margin = min((line.x0 for line in text), default=0.0)  # numbers left of every line of text stand in the margin
    labelled: dict[int, Line] = {}  # by id of the text line: that line with its number
    absorbed: set[int] = set()  # ids of the numbers joined to a line
    for number in numbers:
        row = [line for line in lines if line is not number and not line.vertical and is_same_row(line, number)]
        beside = [line for line in row if 0 <= line.x0 - number.x1 <= MARGIN_GAP * body_size]
        if len(beside) != 1 or any(line.x1 <= number.x0 for line in row) or id(beside[0]) in labelled:
            continue
        text_line = beside[0]
        in_margin = edge is not None and number.x1 <= margin and abs(text_line.x0 - edge) <= body_size / 2
        if text_line.x1 - text_line.x0 < MIN_NUMBERED_LINE * widest and not in_margin:
            continue
        merged = make_line([*number.chars, *text_line.chars])  # set where its text starts: the number hangs in the margin
        labelled[id(text_line)] = replace(merged, text=f"{number.text.strip()} {text_line.text}", x0=text_line.x0)
        absorbed.add(id(number))
    return [labelled.get(id(line), line) for line in lines if id(line) not in absorbed]


def text_left_edge(lines: list[Line], body_size: float) -> float | None:
    """Where most of the page's lines start (to half a body size), when at least half of them start there."""
    if not lines:
        return None
    starts = Counter(round(line.x0 / (body_size / 2)) for line in lines)
    bucket, count = starts.most_common(1)[0]
    if count * 2 < len(lines):
        return None
    return min(line.x0 for line in lines if round(line.x0 / (body_size / 2)) == bucket)


def split_at_gutter(lines: list[Line], body_size: float) -> list[list[Line]] | None:
    """The lines left and right of the widest vertical gutter, or None when there is none."""
    if len(lines) < 2:
        return None
    gaps = free_intervals([(line.x0, line.x1) for line in lines])
    gaps = [gap for gap in gaps if gap[1] - gap[0] >= MIN_GUTTER * body_size]
    for start, end in sorted(gaps, key=lambda gap: gap[0] - gap[1]):
        left = [line for line in lines if line.x1 <= start]
        right = [line for line in lines if line.x0 >= end]
        if not is_table_split(left, right, body_size) and not is_hanging_label(left, right):
            return [left, right]
    return None


CLAUSE_NUMBER = re.compile(r"(?:[1-9]\d?|[A-Z])(?:\.[1-9]\d?)+")
"""A subclause's number (3.1, 5.2.3, A.1), as a standard sets it alone on its line over its term (GB/T 1.1).
A part starting with 0 is a figure (2.00, an axis's tick)."""


ROW_LABEL_KINDS = ("article", *LAW_DIVISIONS, "cn", "cn_paren", "arabic_paren")
"""A numbered item's label that may stand on its row apart from its text (``第五条    国家采取措施…``)."""


def is_hanging_label(left: list[Line], right: list[Line]) -> bool:
    """True when the left side is one line holding only a label: a clause number standing out in the
    margin (3.1 over its term), or an article's number set off from the text on its own row
    (第五条    国家…). It is read in its place, not as a column of its own. A column of line or item
    numbers down the margin has many lines, and stays a column.
    """
    if len(left) != 1 or not right:
        return False
    label = left[0].text.strip()
    if CLAUSE_NUMBER.fullmatch(label):
        return True
    return bare_number(label, ROW_LABEL_KINDS) and all(is_same_row(left[0], line) for line in right)


def is_stacked(lines: list[Line], body_size: float) -> bool:
    """A gap across the whole width wider than any gutter and than `STORY_GAP` body sizes: a break
    between stories set one above the other, each with its columns, to be read story by story
    (their gutters may line up, and cutting there first would read the stories' columns across)."""
    if len(lines) < 2:
        return False
    across = free_intervals([(line.top, line.bottom) for line in lines])
    widest_gap = max((end - start for start, end in across), default=0.0)
    gutters = free_intervals([(line.x0, line.x1) for line in lines])
    widest_gutter = max((end - start for start, end in gutters), default=0.0)
    return widest_gap >= STORY_GAP * body_size and widest_gap > widest_gutter


def split_at_gaps(lines: list[Line], body_size: float, least: float = MIN_BLOCK_GAP) -> list[list[Line]] | None:
    """The lines between horizontal gaps at least `least` body sizes tall, top to bottom, or None when there is none."""
    if len(lines) < 2:
        return None
    gaps = free_intervals([(line.top, line.bottom) for line in lines])
    cuts = [(start + end) / 2 for start, end in gaps if end - start >= least * body_size]
    if not cuts:
        return None
    bands: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
    for line in lines:
        bands[sum(line.top > cut for cut in cuts)].append(line)
    return [band for band in bands if band]


def peel_spanning(lines: list[Line], body_size: float) -> list[list[Line]] | None:
    """Cut off the lines above (or below) columns that they span, such as a headline over its story.

    Searched from the top, then from the bottom: the first narrow gap with columns beside it.
    """
    ordered = sorted(lines, key=lambda line: line.top)
    gaps = free_intervals([(line.top, line.bottom) for line in ordered])
    for start, end in gaps:
        below = [line for line in ordered if line.top >= end]
        if split_at_gutter(below, body_size):
            return [[line for line in ordered if line.bottom <= start], below]
    for start, end in reversed(gaps):
        above = [line for line in ordered if line.bottom <= start]
        if split_at_gutter(above, body_size):
            return [above, [line for line in ordered if line.top >= end]]
    return None


def free_intervals(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The gaps between the union of `spans`, in order.

    >>> free_intervals([(0, 2), (1, 3), (5, 6)])
    [(3, 5)]
    """
    gaps = []
    ordered = sorted(spans)
    reach = ordered[0][1]
    for start, end in ordered[1:]:
        if start > reach:
            gaps.append((reach, start))
        reach = max(reach, end)
    return gaps


def is_table_split(left: list[Line], right: list[Line], body_size: float) -> bool:
    """True when the two sides are cells of one table: a narrow side whose lines pair with the other's rows.

    Newspaper columns hold long lines and are read one after the other; table
    cells are short and read across, row by row, so those are not cut apart.
    """
    if not left or not right or all(l.vertical for l in left) or all(l.vertical for l in right):
        return False
    narrow, other = sorted((left, right), key=len)
    if median(l.x1 - l.x0 for l in left + right) >= 8 * body_size:
        return False
    paired = sum(any(is_same_row(line, partner) for partner in other) for line in narrow)
    return paired * 2 >= len(narrow)


def is_same_row(a: Line, b: Line) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= 0.6 * min(a.height, b.height)
