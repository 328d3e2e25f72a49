"""Cleaned lines, each told what it is: heading, title, dateline, note or paragraph.

The structure stage reads the cleaned text (one block per line, blank lines
for stronger breaks) as a list of `Item`s; articles and sections are then
built from the items alone.

>>> [item.kind.value for item in read_items("一、总体要求\\n洛桑江村主持\\n\\n本报拉萨1月10日讯（记者 王菲）10日上午，代表们继续审议。")]
['heading', 'title', 'break', 'dateline']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

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
    numbered_prefix,
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


def as_paragraph(item: Item) -> Item:
    """The item read as a paragraph of body text (a line wrongly taken for a heading or a title)."""
    if item.kind is ItemKind.PARAGRAPH:
        return item
    block = replace(item.block, kind=BlockKind.PARAGRAPH, level=0) if item.block is not None else None
    return Item(ItemKind.PARAGRAPH, item.text, item.line, block=block)


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
    return items


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
    Item(kind=<ItemKind.HEADING: 'heading'>, text='（二）全力以赴稳预期促增长', line=0, rank=5, number=2, level=None, block=None)
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
