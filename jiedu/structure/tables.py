"""Tables that lost their cells: rows printed as lines of a label and its figures.

A statistics bulletin's tables reach us flattened when a crawler or an
export turns each row into a line or a list item, the cells run together
with spaces (``粮 食 49746 2.8``, ``其中：国有及国有控股企业 28396 12.6``).
Read as paragraphs, their figures no longer line up under their columns.

Three lines or more in a row, each a label (Han text, letter-spaced as
tables space short labels, ``夏 粮``), perhaps a unit (``亿吨``) and one to
twelve figures, are made table rows again: the label closed up (``夏粮``),
the unit a cell of its own, one cell per figure. A
row's header, printed above it without figures (``指 标 全 国``), cannot be
cut into its columns with any confidence and stays a paragraph.

A list whose entries each end in a figure is rarely anything but a table
(``东部地区 40242 24.8``); a sentence never matches, since a label holds no
punctuation but a colon after 其中 and brackets.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Block, BlockKind
from .items import Item, ItemKind

MIN_ROWS = 3
"""Fewer lines of figures than this are as likely a short list."""
# A label: Han characters (one-character words spaced out for alignment allowed), brackets, 、 and
# Latin letters inside it, after an optional 其中：; then one to twelve figures, each after a space.
ROW = re.compile(
    r"((?:其中[：:])?[\u4e00-\u9fff](?:[\u4e00-\u9fff（）()、A-Za-z]| (?=[\u4e00-\u9fff])){0,39})"
    r"((?: +[-−]?\d+(?:\.\d+)?%?){1,12})"
)
SPACED_LABEL = re.compile(r"[\u4e00-\u9fff](?: [\u4e00-\u9fff])+")
"""A label letter-spaced character by character (``居 住``), as tables align short labels."""
BULLETS = frozenset("-*+•")
# A unit: a measure, with 万/亿… before it (万吨, 亿千瓦小时, 亿吨公里, 万平方米, 亿吨标准煤).
# A unit: a measure, with 万/亿… before it (万吨, 亿千瓦小时, 亿吨公里, 万平方米, 亿吨标准煤), spaced or not (亿 人).
LABEL_THEN_UNIT = re.compile(
    r"(.+?) +([十百千万亿]* ?(?:吨|元|美元|千瓦|千瓦小时|千瓦时|部|台|辆|箱|支|块|个|公里|平方米|立方米|人次|人公里|吨公里"
    r"|人|件|只|头|套|户|张|册|公顷|亩|标准箱|吨标准煤|标准煤))"
)


def flattened_tables(items: list[Item]) -> list[Item]:
    """The items, each run of MIN_ROWS or more rows of a flattened table made table rows (module docstring).

    >>> items = [Item(ItemKind.PARAGRAPH, text, n) for n, text in enumerate(
    ...     ["单位：万吨", "产品名称 产 量 比上年增长%", "粮 食 49746 2.8", "其中：夏 粮 11381 7.0", "油 料 3062 -0.5", "全年粮食产量增长2.8%。"])]
    >>> [(item.block.kind.value, item.block.cells) if item.block else item.kind.value for item in flattened_tables(items)]
    ['paragraph', 'paragraph', ('table_row', ('粮食', '49746', '2.8')), ('table_row', ('其中：夏粮', '11381', '7.0')), ('table_row', ('油料', '3062', '-0.5')), 'paragraph']
    """
    rows = [_cells(item) for item in items]
    found = list(items)
    start = 0
    while start < len(items):
        end = start
        while end < len(items) and rows[end] is not None and _same_kind(items[start], items[end]):
            end += 1
        if end - start >= MIN_ROWS:
            for k in range(start, end):
                found[k] = _as_row(items[k], rows[k])
        start = max(end, start + 1)
    return found


def _cells(item: Item) -> tuple[str, ...] | None:
    """The cells of an item that reads as a row of a flattened table, else None."""
    if item.kind is not ItemKind.PARAGRAPH:
        return None
    block = item.block
    if block is not None and (block.lang is not None or not _is_flowing_line(block)):
        return None
    match = ROW.fullmatch(item.text.strip())
    if match is None:
        return None
    label, unit = _label_and_unit(match.group(1).strip())
    if SPACED_LABEL.fullmatch(label.removeprefix("其中：").removeprefix("其中:")):
        label = label.replace(" ", "")
    return (label, *([unit] if unit else []), *match.group(2).split())


def _label_and_unit(text: str) -> tuple[str, str]:
    """A label and the unit printed after it (``原 油 亿吨`` -> 原 油, 亿吨), as tables of output give
    each product's unit in a column of its own.

    >>> _label_and_unit("原 油 亿吨"), _label_and_unit("其中：轿车 万辆"), _label_and_unit("旅客运输总量 亿 人")
    (('原 油', '亿吨'), ('其中：轿车', '万辆'), ('旅客运输总量', '亿人'))
    >>> _label_and_unit("居 住"), _label_and_unit("东部地区")
    (('居 住', ''), ('东部地区', ''))
    """
    match = LABEL_THEN_UNIT.fullmatch(text)
    if match is None:
        return text, ""
    return match.group(1), match.group(2).replace(" ", "")


def _is_flowing_line(block: Block) -> bool:
    """A paragraph, or an entry of a bulleted list (a numbered one is a list, whatever it holds)."""
    return block.kind is BlockKind.PARAGRAPH or (block.kind is BlockKind.LIST_ITEM and block.attr("marker") in BULLETS)


def _same_kind(first: Item, other: Item) -> bool:
    """Rows of one table: all paragraphs, or all entries of one list."""
    return (first.block.kind if first.block else None) == (other.block.kind if other.block else None)


def _as_row(item: Item, cells: tuple[str, ...]) -> Item:
    text = "\t".join(cells)
    line = item.block.line if item.block is not None else item.line
    return replace(item, text=text, block=Block(BlockKind.TABLE_ROW, text, cells=cells, line=line))
