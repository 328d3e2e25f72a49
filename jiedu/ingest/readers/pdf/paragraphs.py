"""Stacks of lines into paragraphs, and paragraphs' text with the layout's line breaks removed."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from statistics import median

from ....charclass import NO_LINE_END, NO_LINE_START, ends_sentence, is_han
from ....clean.line_shapes import LAW_DIVISIONS, bare_number
from .layout import CLAUSE_NUMBER
from .lines import Line, is_wide, make_line

# Shapes of numbered headings that always start their own block (一、 第一章 第三条 （一） 1 人口特征); Taiwan's
# law database spaces the number (第 1 條).
NUMBERED_HEADING = re.compile(
    r"^(第 ?[一二三四五六七八九十百零〇\d]+ ?[章节節條条編编部分]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2} ?[)）]|\d{1,2}(\.\d+)*\s+[\u4e00-\u9fff])"
)
SENTENCE_END = "。！？!?；;：:”」』）)…"
BULLET = re.compile(r"^[-–•·●○◆◇■□▪▫※]\s*\S")
"""A list item's marker at a line's start: a new item, however the line before ended."""
UNBREAKABLE = re.compile(r"[A-Za-z0-9.,%+\-/]")


@dataclass(frozen=True, slots=True)
class Paragraph:
    lines: tuple[Line, ...]
    page: int
    stack: int
    """Which column stack of the document it was read from (paragraphs of one caption share it)."""
    size: float
    bold: bool
    text: str
    starts_flush: bool
    """Its first line starts at the column's left edge (no paragraph indentation): it may continue another."""
    ends_open: bool
    """Its last line runs to the column's right edge without ending a sentence: it may go on elsewhere."""
    end_gap: float = 0.0
    """How far its last line stops short of the column's right edge (points)."""
    cells: tuple[str, ...] = ()
    """Set for a table row: the texts of the lines side by side on one row, left to right."""

    @property
    def x0(self) -> float:
        return min(line.x0 for line in self.lines)

    @property
    def top(self) -> float:
        return min(line.top for line in self.lines)


def stack_to_paragraphs(stack: list[Line], page: int, number: int = 0) -> list[Paragraph]:
    """The paragraphs of one column stack, top to bottom; vertical lines, read right to left, as one."""
    # Vertical columns are read right to left; pieces of one column (a credit under a caption) top down.
    vertical = sorted(
        (line for line in stack if line.vertical), key=lambda line: (-round(line.x0 / max(line.size, 1.0)), line.top)
    )
    horizontal = [line for line in stack if not line.vertical]
    paragraphs = [make_paragraph(vertical, page, vertical, number)] if vertical else []
    if horizontal:
        paragraphs += horizontal_paragraphs(horizontal, page, number)
    return sorted(paragraphs, key=lambda paragraph: paragraph.top)


def horizontal_paragraphs(stack: list[Line], page: int, number: int) -> list[Paragraph]:
    rows = with_labels_run_in(lines_to_rows(stack))
    tabular = [is_table_row(row, stack) and not is_spaced_out(row) and not is_division_line(row) for row in rows]
    rows = [row if tabular[index] and (len(rows) == 1 or has_aligned_neighbour(rows, tabular, index)) else [merge_row(row)]
            for index, row in enumerate(rows)]
    text_lines = [row[0] for row in rows if len(row) == 1] or stack
    left, right = min(line.x0 for line in text_lines), max(line.x1 for line in text_lines)
    spacing = typical_spacing(text_lines)
    groups: list[list[Line]] = []
    table: list[Paragraph] = []
    for row in rows:
        if len(row) > 1:
            table.append(make_table_row(row, page, number))
        elif groups and not starts_paragraph(groups[-1][-1], row[0], left, right, spacing):
            groups[-1].append(row[0])
        else:
            groups.append([row[0]])
    return table + [make_paragraph(group, page, text_lines, number) for group in groups]


def lines_to_rows(stack: list[Line]) -> list[list[Line]]:
    """The stack's lines grouped by row: several lines on one row are a table's cells."""
    rows: list[list[Line]] = []
    for line in sorted(stack, key=lambda line: (line.top, line.x0)):
        if rows and line.top < min(l.bottom for l in rows[-1]) - 0.4 * line.height:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda line: line.x0) for row in rows]


def with_labels_run_in(rows: list[list[Line]]) -> list[list[Line]]:
    """A clause number set on a line of its own (a standard's ``3.1`` over its term, GB/T 1.1) run into
    the line under it when that line is set to its right: ``3.1 放射性核素基本值 basic radionuclide values``."""
    joined: list[list[Line]] = []
    for row in rows:
        above = joined[-1] if joined else None
        if (above is not None and len(above) == 1 and CLAUSE_NUMBER.fullmatch(above[0].text.strip())
                and is_han(row[0].text[0]) and row[0].x0 > above[0].x1 and row[0].top - above[0].bottom < 1.5 * max(row[0].size, 1.0)):
            line = make_line([*above[0].chars, *(char for line in row for char in line.chars)])
            joined[-1] = [replace(line, text=f"{above[0].text.strip()} {merge_row(row).text}")]
        else:
            joined.append(row)
    return joined


def is_table_row(row: list[Line], stack: list[Line]) -> bool:
    """Several cells side by side, none as wide as most of the column (a wide one is a line with a gap)."""
    width = max(line.x1 for line in stack) - min(line.x0 for line in stack)
    return len(row) > 1 and max(line.x1 - line.x0 for line in row) < 0.6 * width


NEIGHBOUR_ROWS = 3
"""How many rows away (a cell's wrapped lines between) the row a table row lines up with may be."""


def has_aligned_neighbour(rows: list[list[Line]], tabular: list[bool], index: int) -> bool:
    """A table has two rows whose cells line up: the nearest split row above or below this one
    (within NEIGHBOUR_ROWS) has two cells over two of its cells. A split row on its own is a line
    set with wide gaps: a heading spaced out to the width of four characters (``目   录``,
    ``第一章 总    则``), a signature and its date."""
    for step in (-1, 1):
        other = next((i for i in range(index + step, index + step * (NEIGHBOUR_ROWS + 1), step) if 0 <= i < len(rows) and tabular[i]), None)
        if other is not None and sum(any(overlaps(cell, below) for below in rows[other]) for cell in rows[index]) >= 2:
            return True
    return False


SPACED_OUT_GAP = 3.0
"""Letter-spacing fills a two-character heading out to the width of three or four (目  录, 总    则): gaps
of one or two ems. A table's second column of one character stands further off than three."""


def is_spaced_out(row: list[Line]) -> bool:
    """Two pieces, the second a single Han character less than SPACED_OUT_GAP ems after the first:
    the last character of a spaced-out heading (目 | 录, 第一章 总 | 则), however many rows like it
    line up with it (a contents lists 第一章 总 则 over 第二章 附 则)."""
    if len(row) != 2 or len(row[1].text) != 1 or not is_han(row[1].text):
        return False
    size = max(row[0].size, row[1].size, 1.0)
    return row[1].x0 - row[0].x1 < SPACED_OUT_GAP * size


def is_division_line(row: list[Line]) -> bool:
    """A law's chapter or section number set apart from its name (``第二章    网络安全支持与促进``,
    ``第一章    总      则``): a heading or a contents entry spaced out, however many rows like it line
    up with it, not a table's row."""
    return len(row) > 1 and bare_number(row[0].text, LAW_DIVISIONS)


def overlaps(a: Line, b: Line) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0


def merge_row(row: list[Line]) -> Line:
    """One line from the pieces of a row split at wide gaps (lost punctuation, justified spacing); a row
    of one line is that line, as read (a paragraph's margin number hangs left of where it starts)."""
    if len(row) == 1:
        return row[0]
    return make_line([char for line in row for char in line.chars])


def make_table_row(row: list[Line], page: int, number: int) -> Paragraph:
    cells = tuple(line.text for line in row)
    return Paragraph(tuple(row), page, number, row[0].size, row[0].bold, "\t".join(cells), False, False, cells=cells)


def typical_spacing(stack: list[Line]) -> float:
    """The usual gap between one line's bottom and the next line's top in this stack."""
    gaps = [b.top - a.bottom for a, b in zip(stack, stack[1:]) if b.top > a.bottom - a.height / 2]
    return median(gaps) if gaps else 0.0


def starts_paragraph(previous: Line, line: Line, left: float, right: float, spacing: float) -> bool:
    """True when `line` does not continue the paragraph that `previous` belongs to."""
    size = max(line.size, previous.size, 1.0)
    return (
        line.vertical != previous.vertical
        or abs(line.size - previous.size) > 0.6
        or line.bold != previous.bold
        or line.top - previous.bottom > max(spacing + 0.5 * size, 0.8 * size)
        or (line.x0 > left + 0.8 * size and not is_hanging_continuation(previous, line, size))
        or previous.x1 < right - 1.5 * size - carried_width(line)
        or is_numbered_heading_line(line, right)
        or BULLET.match(line.text) is not None
    )


LABEL = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.．、)）]?|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、．.])\s*")
"""A numbered item's label, which a hanging indent leaves standing out to the left (1.3 顧問公司…)."""


RUN_ON_JITTER = 0.6
"""Ems two lines of one indented block may start apart: Word's grid and justification move a line's first
character by up to half an em (101.5 and 109.5 points at 16); a new paragraph's indent is an em or two."""
MIN_RUN_ON = 10
"""Characters a line at the indent of the next must hold to run on into it: a column of names (吳穎麟先生 /
葉彩玲女士), each line the width of the column, is a list."""


def is_hanging_continuation(previous: Line, line: Line, size: float) -> bool:
    """An indented line that goes on from the full line above it: set under the text after that line's
    label (a numbered item with a hanging indent: ``1.3 顧問公司解述…保護`` / ``    油漆及（3）…``), or
    at the same indent as a line of MIN_RUN_ON characters or more above it that did not end a sentence
    (the item's later lines, an indented block)."""
    if ends_sentence(previous.text):
        return False
    label = LABEL.match(previous.text)
    after = len(previous.text[: label.end()].replace(" ", "")) if label else 0  # the line's characters hold no spaces
    if label and after < len(previous.chars) and previous.x0 < line.x0 and abs(previous.chars[after].x0 - line.x0) < 0.6 * size:
        return True
    return abs(previous.x0 - line.x0) < RUN_ON_JITTER * size and len(previous.chars) >= MIN_RUN_ON and not starts_alike(previous.text, line.text)


def starts_alike(first: str, second: str) -> bool:
    """Two lines that open with the same Latin code: entries of a list (a standard's references, GB 4075 … /
    GB/T 15849 …), not one line running on into the other.

    >>> starts_alike("GB 4075 密封放射源 一般要求和分级", "GB/T 15849 密封放射源的泄漏检验方法"), starts_alike("对于含有", "和矿石")
    (True, False)
    """
    return first[:2] == second[:2] and first[:2].isascii() and first[:2].isalnum()


def carried_width(line: Line) -> float:
    """How much of `line`'s start the line before could not hold, so ended short without ending.

    A run of Latin letters and digits up to a space (``134.63亿元``, ``GDP``) does not break,
    a line may not start with a closing mark (，。」), so the typesetter
    carries the character before it over too, and may not end with an
    opening one (（「): either way the line before ends short by that much,
    and is still the same paragraph.
    """
    chars = line.chars
    run = next((i for i, char in enumerate(chars) if not UNBREAKABLE.match(char.text) or (i and char.spaced)), len(chars))
    if run:
        return chars[run - 1].x1 - line.x0
    if chars and chars[0].text in NO_LINE_START + NO_LINE_END:  # a mark that may not start (or end) a line, and what came with it
        return chars[0].x1 - line.x0 + max(line.size, 1.0)
    if len(chars) > 1 and chars[1].text in NO_LINE_START:  # 网。 went over together
        return chars[1].x1 - line.x0
    return 0.0


def is_numbered_heading_line(line: Line, right: float) -> bool:
    """A line starting like a numbered heading; one numbered with digits only when it also ends short,
    since a wrapped line may start with a number ("20.94 万人")."""
    match = NUMBERED_HEADING.match(line.text)
    if not match:
        return False
    return not match.group(0)[0].isdigit() or line.x1 < right - 1.5 * max(line.size, 1.0)


def make_paragraph(lines: list[Line], page: int, stack: list[Line], number: int) -> Paragraph:
    first, last = lines[0], lines[-1]
    left, right = min(line.x0 for line in stack), max(line.x1 for line in stack)
    size = max(first.size, 1.0)
    return Paragraph(
        tuple(lines),
        page,
        number,
        first.size,
        first.bold,
        join_lines([line.text for line in lines]),
        first.x0 <= left + 0.8 * size,
        last.x1 >= right - 1.5 * size and not last.text.endswith(tuple(SENTENCE_END)),
        right - last.x1,
    )


def join_lines(texts: list[str]) -> str:
    """Lines of one paragraph as one text: no space between Chinese, one between Latin words.

    >>> join_lines(["第三", "次会议", "passed the", "law"])
    '第三次会议passed the law'
    """
    text = texts[0]
    for following in texts[1:]:
        glue = "" if is_wide(text[-1]) or is_wide(following[0]) else " "
        text += glue + following
    return text
