"""A table of contents printed before the text goes: the site makes its own.

Laws, reports and PDFs print their contents first: the chapter headings,
each perhaps with dot leaders and a page number, under ``目录``. Left in, the
structure stage takes every entry for a heading and the document's first
sections are empty. A contents block is recognised by what it is, not by
its title: a run of at least `MIN_ENTRIES` short, distinct blocks each
of which occurs again later in the document as the heading it lists (a
heading block, or a line numbered like one). Repeated short lines that are
not headings (a footer printed under every item) are no contents. The ``目录`` /
``Contents`` line above the run goes with it.

>>> blocks = tuple(Block(BlockKind.PARAGRAPH, t) for t in ("目 录", "第一章 总则 ...... 1", "第二章 协议", "第三章 附则", "第一章 总则", "第一条 为了……。", "第二章 协议", "第三章 附则"))
>>> [b.text for b in drop_table_of_contents(blocks)[0]]
['第一章 总则', '第一条 为了……。', '第二章 协议', '第三章 附则']
"""

from __future__ import annotations

import re

from ..model import Block, BlockKind, Change
from .line_shapes import numbered_prefix

PASS_NAME = "drop_table_of_contents"
MIN_ENTRIES = 3
MAX_ENTRY = 60
LEADER_AND_PAGE = re.compile(r"[\s.·…．。_-]*(?:第\s*\d+\s*页|\d+|[ivxlcIVXLC]+)?\s*$")
CONTENTS_TITLE = re.compile(r"^(?:目\s*录|目\s*錄|contents|table of contents)$", re.IGNORECASE)
ENTRY_KINDS = (BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST_ITEM)


def drop_table_of_contents(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], list[Change]]:
    """The blocks without their contents runs, and a Change for every line removed."""
    keys = [entry_key(block) for block in blocks]
    removed: set[int] = set()
    start = 0
    while start < len(blocks):
        end = _run_end(blocks, keys, start)
        if end - start >= MIN_ENTRIES:
            removed.update(range(start, end))
            if start > 0 and CONTENTS_TITLE.match(_squeeze(blocks[start - 1].text)):
                removed.add(start - 1)
            start = end
        else:
            start += 1
    changes = [Change(PASS_NAME, blocks[i].line, blocks[i].text, "", "table of contents: its entries are the headings below") for i in sorted(removed)]
    return tuple(block for i, block in enumerate(blocks) if i not in removed), changes


def entry_key(block: Block) -> str:
    """A block's text as a contents entry and its heading would share it: no spaces, leaders or page number.

    >>> entry_key(Block(BlockKind.PARAGRAPH, "第一章  总  则 ………… 3"))
    '第一章总则'
    """
    if block.kind not in ENTRY_KINDS or len(block.text) > MAX_ENTRY:
        return ""
    return _squeeze(LEADER_AND_PAGE.sub("", block.text))


def _run_end(blocks: tuple[Block, ...], keys: list[str], start: int) -> int:
    """The end of the run of entries from `start`: distinct blocks each listing a heading that comes after the run."""
    end = start
    while end < len(blocks) and keys[end] and keys[end] not in keys[start:end] and keys[end] in keys[end + 1 :]:
        end += 1
    headings = {keys[i] for i in range(end, len(blocks)) if is_heading_shaped(blocks[i])}
    while end > start and keys[end - 1] not in headings:
        end -= 1
    return end if all(keys[i] in headings for i in range(start, end)) else start


def is_heading_shaped(block: Block) -> bool:
    """A heading, or a line numbered as headings are (第一章, 一、, 1.)."""
    return block.kind is BlockKind.HEADING or numbered_prefix(block.text) is not None


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)
