"""A newspaper page's masthead goes: the page name, the paper's logo and the date above the first story.

A reader that finds several stories on a page (a PDF of a newspaper page)
marks each with a BREAK. What stands before the first BREAK is then the
page's furniture when it holds no sentence, little text and no heading as
outer as the stories' headlines: ``A2 要聞``, ``大公報``, ``2025年11月28日 星期五``. It is removed and reported; the page's
own date and title belong in the document's metadata.

>>> page = (Block(BlockKind.HEADING, "A2 要聞", level=2), Block(BlockKind.PARAGRAPH, "2025年11月28日 星期五"),
...         Block(BlockKind.BREAK, ""), Block(BlockKind.HEADING, "火災83死", level=1), Block(BlockKind.PARAGRAPH, "大埔宏福苑26日發生五級火警。"),
...         Block(BlockKind.BREAK, ""), Block(BlockKind.HEADING, "中央全力支援", level=1), Block(BlockKind.PARAGRAPH, "祖國始終是香港的堅強後盾。"))
>>> [b.text for b in drop_masthead(page)[0]][:2]
['', '火災83死']
"""

from __future__ import annotations

import re

from ..charclass import SENTENCE_STOPS
from ..model import Block, BlockKind, Change

PASS_NAME = "drop_masthead"
MAX_MASTHEAD = 60
"""Characters of text a masthead may hold; more is a story."""
MIN_STORIES = 2
MASTHEAD_LINE = re.compile(r"第\s*[0-9一二三四五六七八九十]+\s*版|^[A-Z]\d{1,2}\s|星期[一二三四五六日天]|^\d{4}年\d{1,2}月\s*\d{1,2}\s*日$")
"""What only a masthead says: the page (第2版, A2 要聞) or the day of the week."""


def drop_masthead(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], list[Change]]:
    """The blocks without the furniture above the first of several stories."""
    breaks = [i for i, block in enumerate(blocks) if block.kind is BlockKind.BREAK]
    if len(breaks) < MIN_STORIES:
        return blocks, []
    if breaks[0] == 0:
        return _drop_masthead_lines(blocks, breaks)
    head = blocks[: breaks[0]]
    headlines = [blocks[i + 1].level for i in breaks if i + 1 < len(blocks) and blocks[i + 1].kind is BlockKind.HEADING]
    if not is_masthead(head) or _holds_a_title(head, min(headlines, default=1)):
        return blocks, []
    changes = [Change(PASS_NAME, block.line, block.text, "", "newspaper page masthead above the first story") for block in head]
    return blocks[breaks[0] :], changes


def _drop_masthead_lines(blocks: tuple[Block, ...], breaks: list[int]) -> tuple[tuple[Block, ...], list[Change]]:
    """When the reader put the masthead inside the first story: its lines that name the page or
    the day (第2版 要闻, 2023年6月17日 星期六)."""
    first_story = blocks[1 : breaks[1]]
    drop = [i for i, block in enumerate(first_story) if is_masthead_line(block)]
    if not drop:
        return blocks, []
    changes = [Change(PASS_NAME, first_story[i].line, first_story[i].text, "", "newspaper page masthead above the first story") for i in drop]
    return tuple(block for i, block in enumerate(blocks) if i - 1 not in drop), changes


def is_masthead_line(block: Block) -> bool:
    """A short line without a sentence that names the page or the weekday: the masthead's, wherever
    the page's reading order put it (its right half can fall into the first story's last column).

    >>> is_masthead_line(Block(BlockKind.HEADING, "2024年4月2日 星期二")), is_masthead_line(Block(BlockKind.PARAGRAPH, "4月2日是星期二，会议召开。"))
    (True, False)
    """
    text = block.text
    return len(text) <= MAX_MASTHEAD and MASTHEAD_LINE.search(text) is not None and not any(char in SENTENCE_STOPS for char in text)


def _holds_a_title(head: tuple[Block, ...], story_level: int) -> bool:
    """A heading as outer as the stories' headlines is the title of the whole (a digest's ``# 政治新闻``)."""
    return any(block.kind is BlockKind.HEADING and block.level <= story_level for block in head)


def is_masthead(blocks: tuple[Block, ...]) -> bool:
    text = "".join(block.text for block in blocks)
    return len(text) <= MAX_MASTHEAD and not any(char in SENTENCE_STOPS for char in text)
