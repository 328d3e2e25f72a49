"""Cleaned lines, each told what it is: heading, title, dateline, note or paragraph.

The structure stage reads the cleaned text (one block per line, blank lines
for stronger breaks) as a list of `Item`s; articles and sections are then
built from the items alone.

>>> [item.kind.value for item in read_items("一、总体要求\\n洛桑江村主持\\n\\n本报拉萨1月10日讯（记者 王菲）10日上午，代表们继续审议。")]
['heading', 'title', 'break', 'dateline']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ..charclass import ends_sentence
from ..clean.fixes import NO_FIXES, Fixes
from ..model import Block, BlockKind
from ..clean.line_shapes import (
    NUMBERING_RANK,
    RESOLUTION_RANK,
    dateline_end,
    is_drawn_table_line,
    is_heading_line,
    is_history_step,
    is_note,
    is_label,
    is_resolution_heading,
    is_title_like,
    is_unstopped_numbered_line,
    numbered_prefix,
    run_in_heading_end,
)

# A note that dates a text: （2024年1月10日…通过） under a resolution's title.
DATED = re.compile(r"\d{4}年|[〇零一二三四五六七八九]{4}年|通过|通過|批准|公布|发布|發布")


class ItemKind(str, Enum):
    HEADING = "heading"
    """A section heading: numbered, 关于…的决议, a Markdown heading, or a fix's."""
    TITLE = "title"
    """A short line without sentence punctuation: headline, kicker or minor heading."""
    NOTE = "note"
    """A line that is one bracketed note."""
    DATELINE = "dateline"
    """A paragraph that starts with a dateline (本报拉萨1月10日讯…)."""
    PARAGRAPH = "paragraph"
    BREAK = "break"
    """A blank line: a stronger break than between paragraphs."""


@dataclass(frozen=True, slots=True)
class Item:
    """One line of cleaned text and what it is."""

    kind: ItemKind
    text: str
    line: int
    """1-based line in the cleaned text."""
    rank: float = 0.0
    """For headings: nesting order, smaller is outer (see line_shapes.NUMBERING)."""
    number: int | None = None
    """For numbered headings: the number (三 → 3)."""
    level: int | None = None
    """For headings a fix placed: the level it asked for."""
    block: Block | None = None
    """For documents read as blocks: the block this item is (its kind, cells, language)."""

    @property
    def is_dated_note(self) -> bool:
        return self.kind is ItemKind.NOTE and DATED.search(self.text) is not None


def read_items(text: str, fixes: Fixes = NO_FIXES) -> list[Item]:
    """One Item per line; blank lines collapse into one BREAK; a table drawn with box-drawing lines is one
    preformatted item (`drawn_tables`)."""
    headings = {fix.text.strip(): fix.level for fix in fixes.of_kind("heading")}
    paragraphs = {fix.text.strip() for fix in fixes.of_kind("paragraph")}
    items: list[Item] = []
    lines = text.split("\n")
    tables = drawn_tables(lines)
    for number, line in enumerate(lines, 1):
        if number in tables:
            if tables[number]:
                items.append(Item(ItemKind.PARAGRAPH, tables[number], number, block=Block(BlockKind.PREFORMATTED, tables[number], line=number)))
            continue
        line = line.strip()
        if not line:
            if items and items[-1].kind is not ItemKind.BREAK:
                items.append(Item(ItemKind.BREAK, "", number))
            continue
        if line in paragraphs:
            items.append(Item(ItemKind.PARAGRAPH, line, number))
        elif line in headings:
            items.append(Item(ItemKind.HEADING, line, number, level=headings[line]))
        else:
            items.append(classify_line(line, number))
    while items and items[-1].kind is ItemKind.BREAK:
        items.pop()
    return numbered_by_context(items)


def numbered_by_context(items: list[Item]) -> list[Item]:
    """Numbered lines told heading or item by their neighbours as well as by their shape."""
    return items_of_a_list(empty_headings_as_list(unstopped_headings(items)))


def empty_headings_as_list(items: list[Item]) -> list[Item]:
    """Each run of MIN_LIST_ENTRIES or more numbered headings one after another, numbered in order
    in one numbering with nothing between them, made entries of a list (paragraphs).

    A list of short entries (a plan's ministries, ``1．中华人民共和国外交部`` /
    ``2．中华人民共和国国防部`` / …) is headings by shape; as sections, each would be
    empty. A heading over the first entry of another numbering (第一章 over 第一节) is no
    such run.

    >>> items = read_items("国务院组成部门如下：\\n1．中华人民共和国外交部\\n2．中华人民共和国国防部\\n3．中华人民共和国教育部\\n"
    ...                    "一、总体要求\\n（一）指导思想\\n坚持稳中求进。")
    >>> [(item.kind.value, item.number) for item in items]
    [('paragraph', None), ('paragraph', None), ('paragraph', None), ('paragraph', None), ('heading', 1), ('heading', 1), ('paragraph', None)]
    """
    found = list(items)
    start = 0
    while start < len(items):
        end = start + 1
        while end < len(items) and _next_entry(items[end - 1], items[end]):
            end += 1
        if end - start >= MIN_LIST_ENTRIES:
            for k in range(start, end):
                found[k] = Item(ItemKind.PARAGRAPH, items[k].text, items[k].line, block=items[k].block)
        start = end
    return found


def _next_entry(item: Item, following: Item) -> bool:
    """`following` is the heading numbered next after the heading `item`, in the same numbering, both by shape."""
    if not all(one.kind is ItemKind.HEADING and one.level is None and one.number is not None and _is_own_line(one) for one in (item, following)):
        return False
    first, second = numbered_prefix(item.text), numbered_prefix(following.text)
    return first is not None and second is not None and first.kind == second.kind and second.number == first.number + 1


MIN_LIST_ENTRIES = 3
"""Empty numbered headings in a row, at least, that are a list's entries (`empty_headings_as_list`)."""


def items_of_a_list(items: list[Item]) -> list[Item]:
    """Each numbered heading between two items of its own list, made an item (a paragraph) again.

    A heading by shape (short, no sentence stop) may be one entry of a list whose
    other entries end in a stop: a news summary's ``6.央视快评：`` between
    ``5.…；`` and ``7.李强会见联合国秘书长；``. Made a section, it would hold the
    entries after it. Its neighbours are the entries numbered one less before it
    and one more after it, in the same numbering, with nothing of an outer
    numbering between.

    >>> items = read_items("5.习近平在联合国气候变化峰会发表视频致辞；\\n6.央视快评：\\n努力建设社会主义现代化新疆；\\n"
    ...                    "7.李强会见联合国秘书长；\\n一、总体要求\\n人民身体之自由应予保障。\\n二、主要任务。")
    >>> [(item.kind.value, item.number) for item in items]
    [('paragraph', None), ('paragraph', None), ('paragraph', None), ('paragraph', None), ('heading', 1), ('paragraph', None), ('paragraph', None)]
    """
    numbered = [_numbering_of(item) for item in items]
    found = list(items)
    for i, item in enumerate(items):
        if item.kind is not ItemKind.HEADING or item.level is not None or numbered[i] is None or not _is_own_line(item):
            continue
        kind, number = numbered[i]
        before = _neighbour(items, numbered, i, kind, range(i - 1, -1, -1))
        after = _neighbour(items, numbered, i, kind, range(i + 1, len(items)))
        if before is not None and after is not None and numbered[before][1] == number - 1 and numbered[after][1] == number + 1:
            if all(items[k].kind is ItemKind.PARAGRAPH and not run_in_heading_end(items[k].text) for k in (before, after)):
                found[i] = Item(ItemKind.PARAGRAPH, item.text, item.line, block=item.block)
    return found


def _numbering_of(item: Item) -> tuple[str, int] | None:
    """(numbering kind, number) of a numbered heading or paragraph, else None."""
    if item.kind not in (ItemKind.HEADING, ItemKind.PARAGRAPH) or not _is_own_line(item):
        return None
    numbering = numbered_prefix(item.text)
    return (numbering.kind, numbering.number) if numbering else None


def _is_own_line(item: Item) -> bool:
    """A line of text or a paragraph block: not a format's heading, table row or quotation."""
    return item.block is None or item.block.kind is BlockKind.PARAGRAPH


def _neighbour(items: list[Item], numbered: list, at: int, kind: str, order: range) -> int | None:
    """The index of the nearest item of numbering `kind` in `order`, or None when an outer heading comes first."""
    rank = NUMBERING_RANK[kind]
    for j in order:
        if numbered[j] is not None and numbered[j][0] == kind:
            return j
        if items[j].kind is ItemKind.HEADING and (items[j].level is not None or items[j].rank < rank):
            return None
    return None


def unstopped_headings(items: list[Item]) -> list[Item]:
    """Each numbered paragraph that stops like a heading (`is_unstopped_numbered_line`) and stands over a
    paragraph of body text, made a heading of its numbering's rank.

    A court's holdings head its reasoning this way, too long and too full of clauses for a heading by
    shape alone; an item that lost its full stop is followed by the next item, or by nothing, and the
    last of a list's items, whatever follows it, comes after an item so shaped left a paragraph.

    >>> items = read_items("二、88年系爭規定之刑度，未違反比例原則；102年系爭規定之刑度，與比例原則有違\\n"
    ...                    "人民身體之自由應予保障，憲法第8條定有明文。\\n三、第二項規定，得併科罰金；第三項規定，應予刪除\\n四、其他")
    >>> [(item.kind.value, item.number) for item in items]
    [('heading', 2), ('paragraph', None), ('paragraph', None), ('heading', 4)]
    """
    found = list(items)
    entries: dict[str, int] = {}
    """Numbering kind -> the number of the last entry of that numbering, shaped so, left a paragraph."""
    for i, (item, following) in enumerate(zip(items, items[1:])):
        if item.kind is ItemKind.HEADING and (heading := numbered_prefix(item.text)):
            entries.pop(heading.kind, None)  # a new run of that numbering begins: the entries before are another list's
        numbering = numbered_prefix(item.text) if _is_plain_paragraph(item) else None
        if numbering is None:
            continue
        under = numbered_prefix(following.text)
        if (
            is_unstopped_numbered_line(item.text)
            and _is_plain_paragraph(following)
            and ends_sentence(following.text)
            and (under is None or under.kind != numbering.kind)
            and entries.get(numbering.kind) != numbering.number - 1  # the last entry of a list (一、…；… / 二、…；… / 以上…。)
        ):
            found[i] = Item(ItemKind.HEADING, item.text, item.line, NUMBERING_RANK[numbering.kind], numbering.number)
            entries.pop(numbering.kind, None)
        elif is_unstopped_numbered_line(item.text):
            entries[numbering.kind] = numbering.number
    return found


def _is_plain_paragraph(item: Item) -> bool:
    """A paragraph item, not a block of another kind (a table row, a quotation, a caption)."""
    return item.kind is ItemKind.PARAGRAPH and (item.block is None or (item.block.kind is BlockKind.PARAGRAPH and item.block.lang is None))


def drawn_tables(lines: list[str]) -> dict[int, str]:
    """Tables drawn with box-drawing characters (``┌───┬─┐``, ``│臺北市│○│``), as plain-text exports of
    law databases print them: line number (1-based) of a table's first line -> the table's lines, and of its
    other lines -> "". A table is two or more lines in a row, each starting with a box-drawing character;
    read line by line, each would be a title-shaped line of its own.

    >>> drawn_tables(["如下表：", "┌──┬──┐", "│臺北│二日│", "└──┴──┘", "本表自公布日施行。"])
    {2: '┌──┬──┐\\n│臺北│二日│\\n└──┴──┘', 3: '', 4: ''}
    """
    tables: dict[int, str] = {}
    run: list[int] = []
    for number, line in enumerate([*lines, ""], 1):
        if is_drawn_table_line(line):
            run.append(number)
            continue
        if len(run) >= 2:
            tables[run[0]] = "\n".join(lines[n - 1].strip() for n in run)
            tables.update((n, "") for n in run[1:])
        run = []
    return tables


def classify_line(line: str, number: int = 0) -> Item:
    """What one cleaned line is, from its shape alone.

    >>> classify_line("（二）全力以赴稳预期促增长")
    Item(kind=<ItemKind.HEADING: 'heading'>, text='（二）全力以赴稳预期促增长', line=0, rank=4, number=2, level=None, block=None)
    """
    if is_heading_line(line):
        numbering = numbered_prefix(line)
        if numbering:
            return Item(ItemKind.HEADING, line, number, NUMBERING_RANK[numbering.kind], numbering.number)
        if is_resolution_heading(line):
            return Item(ItemKind.HEADING, line, number, RESOLUTION_RANK)
    if dateline_end(line):
        return Item(ItemKind.DATELINE, line, number)
    if is_note(line):
        return Item(ItemKind.NOTE, line, number)
    if is_title_like(line) or is_label(line) or (line.startswith("——") and is_title_like(line[2:])) or is_history_step(line):
        return Item(ItemKind.TITLE, line, number)  # a law's history, all its steps, goes in its head with its title
    return Item(ItemKind.PARAGRAPH, line, number)
