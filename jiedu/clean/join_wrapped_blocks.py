"""Paragraph blocks that are the lines of one paragraph, joined: a PDF turned into a Word file line by line.

A converter that keeps a PDF's lines as Word paragraphs (often only in some paragraphs, the others
whole) leaves each line of such a paragraph a paragraph of its own, all one width:
``2023年，在省委省政府和州委州政府的坚强领导下，全`` / ``州上下深入贯彻党的二十大精神和习近平总书记视察贵州`` / ….
The width is learnt from runs of MIN_RUN or more neighbouring paragraphs of one display width that
stop mid-sentence; then every paragraph of that width that stops mid-sentence runs on into the
paragraph after it, unless that one starts an entry (a list of titles of one length,
``1.关于…的通知`` / ``2.关于…的通知``, or a question's choices, ``B．…`` / ``C．…``, stays a list).
Lines spaced out like a table's rows (``钢 材 2，208 万吨 1，633 万吨 35．2``) are no running text.
A document without such runs is left as it is, so paragraphs that merely happen to be alike in
length stay apart.

It runs on Word files only (`clean_blocks`'s `lines_as_paragraphs`): a Markdown or HTML paragraph
is one because its author made it one, and lists of alike lines (a plan's ministries, a table
flattened into lines) are common there.

>>> lines = ["2023年，在省委省政府和州委州政府的坚强领导下，全", "州上下深入贯彻党的二十大精神和习近平总书记视察贵州",
...          "重要讲话精神，坚持以高质量发展统揽全局，围绕“四新”", "济社会高质量发展取得实效。", "一、综 合",
...          "根据市（州）生产总值统一核算结果，全年全州生产总", "值1329.65亿元，比上年增长4.0%。"]
>>> [block.text for block in join_wrapped_blocks(tuple(Block(BlockKind.PARAGRAPH, line) for line in lines))[0]]
['2023年，在省委省政府和州委州政府的坚强领导下，全州上下深入贯彻党的二十大精神和习近平总书记视察贵州重要讲话精神，坚持以高质量发展统揽全局，围绕“四新”济社会高质量发展取得实效。', '一、综 合', '根据市（州）生产总值统一核算结果，全年全州生产总值1329.65亿元，比上年增长4.0%。']
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..charclass import display_width, ends_sentence
from ..model import Block, BlockKind, Change
from .line_shapes import ARTICLE_NUMBER, CONTINUATION_ENDINGS, numbered_prefix

PASS_NAME = "join_wrapped_lines"
MIN_RUN = 3
"""Neighbouring paragraphs of one width, at least, that show the text was wrapped at that width."""
MIN_WIDTH = 30
"""Display columns a wrapped line spans, at least (15 Han characters): shorter alike lines are a list."""
MAX_SPACING = 10
"""Characters per space, at least, in a line of running text; a table's row flattened into a line has more spaces."""
SLACK = 4
"""Columns a full line may fall short of the width: a paragraph's first line is indented, a Latin letter
or digit is half a Han character, quotation marks count one column."""


def join_wrapped_blocks(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], list[Change]]:
    """The blocks with each wrapped paragraph's lines joined (see the module docstring), and the joins."""
    width = wrap_width_of(blocks)
    if width is None:
        return blocks, []
    out: list[Block] = []
    changes: list[Change] = []
    last_line: Block | None = None  # the last block read, as it was: the line the next may go on from
    for block in blocks:
        if out and last_line is not None and block.kind is BlockKind.PARAGRAPH and _runs_on(last_line, width) and not _starts_entry(block.text):
            previous = out[-1]
            out[-1] = replace(previous, text=previous.text + block.text)
            changes.append(Change(PASS_NAME, block.line, f"{previous.text[-10:]}⏎{block.text[:10]}", f"{previous.text[-10:]}{block.text[:10]}", "a line of a paragraph wrapped at its width"))
        else:
            out.append(block)
        last_line = block
    return tuple(out), changes


def wrap_width_of(blocks: tuple[Block, ...]) -> int | None:
    """The width at which the paragraphs were wrapped: the most common width of runs of MIN_RUN or more
    neighbouring paragraphs of one width that stop mid-sentence; None when there are none."""
    found: Counter[int] = Counter()
    run: list[int] = []
    for block in (*blocks, None):
        width = (display_width(block.text) if block is not None and _is_prose_line(block) and not ends_sentence(block.text)
                 and not _starts_entry(block.text) else None)  # an entry starts a list's line, not a wrapped one
        if width is not None and width >= MIN_WIDTH and (not run or abs(width - run[0]) <= SLACK):
            run.append(width)
            continue
        if len(run) >= MIN_RUN - 1 and block is not None and block.kind is BlockKind.PARAGRAPH:
            found[max(run)] += len(run)  # the run's last line, shorter, ends the paragraph
        run = [width] if width is not None and width >= MIN_WIDTH else []
    return found.most_common(1)[0][0] if found else None


def _runs_on(block: Block, width: int) -> bool:
    """A paragraph of the wrap's width that stops mid-sentence (or on a mark no line ends on)."""
    text = block.text
    if not _is_prose_line(block) or not width - SLACK <= display_width(text) <= width:
        return False
    return text[-1] in CONTINUATION_ENDINGS or not (ends_sentence(text) or text.endswith(("：", ":")))


ENTRY_START = re.compile(r"^(?:[A-Za-z][．.、)）]|[（(][A-Za-z][)）]|[•·●○■□◆◇▪\-*])")
"""How a list's entry starts besides a number: a choice's letter (B．…), a bullet."""


def _starts_entry(text: str) -> bool:
    """A numbered or lettered entry, or a bulleted one: the start of a line of a list, not of a wrapped line."""
    return numbered_prefix(text) is not None or ARTICLE_NUMBER.match(text) is not None or ENTRY_START.match(text) is not None


def _is_prose_line(block: Block) -> bool:
    """A paragraph of running text, not a table's row flattened into a line (``钢 材 2，208 万吨 1，633 万吨 35．2``):
    fewer spaces than one in MAX_SPACING characters."""
    spaces = block.text.count(" ") + block.text.count("\u3000")
    return block.kind is BlockKind.PARAGRAPH and spaces * MAX_SPACING < len(block.text)
