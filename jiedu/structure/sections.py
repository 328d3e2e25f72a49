"""Nest an article's headings into sections, and give each a stable slug.

Headings nest by their numbering style (第一章 > 一、 > （一） > 1. > （1）, see
`line_shapes.NUMBERING`), whatever the style of the first one: in a report
that starts at （一） those are the top level. Paragraphs before the first
heading are an untitled introduction section.

A last subsection often ends with the report's closing words, which belong to
the part around the list, not to its last item: in seed 002 the paragraphs
after ``（九）加快推动边境地区发展``'s one paragraph begin ``我們要…`` and
speak of earthquake relief, mass organisations and government self-
discipline. So in the *last* subsection of a list, a paragraph (not its
first) that opens by addressing the audience (`ADDRESS`: 各位代表, 我们要,
让我们, 同志们) starts an untitled closing section one level up, holding the
rest of that subsection; when that subsection is a top-level part, only if
no numbered paragraph comes after it (a report's ``各位代表！当前…`` over
its （一）…（八） tasks, in its last part, is no closing).

Slugs come from the heading number (``三、`` → ``3``, its ``（一）`` → ``3-1``)
or, for unnumbered headings, from the heading's pinyin (关于…的决议 without
关于 and 的决议), so that they survive edits to other sections.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..clean.line_shapes import RESOLUTION_RANK, numbered_prefix  # noqa: F401  (RESOLUTION_RANK: in the doctests)
from ..model import Block, BlockKind, Section
from ..slugs import to_slug, unique_slug
from .articles import is_kicker
from .items import Item, ItemKind

ADDRESS = re.compile(r"^(?:各位代表|各位委员|各位委員|同志们|同志們|我们要|我們要|让我们|讓我們)")
RESOLUTION_FRAME = re.compile(r"^[关關][于於]|的[决決][议議定]$")
MAX_SLUG_PART = 40
INTRO, CLOSING = "intro", "closing"
ANNEX = re.compile(r"^(?:附件|附录|附錄|附表|附[：:]|附注|附註)|名词解释|名詞解釋|注释|註釋")
"""What starts a report's annexes, after its closing words (附件1, 附：, 《政府工作报告》有关名词解释, 《政府工作报告》注释, 名 词 解 释):
their numbered lines are theirs."""
MAX_ANNEX_LINE = 40
PART_HEADING = re.compile(r"[\u4e00-\u9fff“”《》、]{4,30}")
"""What an unnumbered part heading may be (`unnumbered_parts`): Han words and quotes, after its years are taken out."""
YEARS = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})(?:[-—～](?:\d{4}|[〇○零一二三四五六七八九]{4}))?年")
NOT_PART = re.compile(r"[图圖表]$")
"""A figure's or a table's title (…降水量分布图) heads no part."""


@dataclass(slots=True)
class Node:
    """A section while it is being built."""

    heading: Item | None
    rank: float
    blocks: list[Block] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


def build_sections(items: tuple[Item, ...] | list[Item], prefix: str, taken: set[str], spell: Callable[[str], str] | None = None) -> tuple[Section, ...]:
    """The sections of one article's body; slugs start with `prefix` when it is not ""."""
    root = nest(unnumbered_parts(items))
    move_closing_words(root)
    sections = []
    if root.blocks:
        sections.append(Section(_unique(prefix, INTRO, taken), None, 1, tuple(root.blocks)))
    sections.extend(_to_sections(root, 1, [], prefix, taken, spell))
    return tuple(sections)


def unnumbered_parts(items: tuple[Item, ...] | list[Item]) -> list[Item]:
    """The items, with a report's unnumbered part headings made headings one rank above its numbered ones.

    A report may head its parts without numbers (``过去五年工作回顾``, ``今后五年及2012年工作建议``,
    ``加强政府自身建设``) and number what is inside them (（一）…（八）). Read by shape those lines are
    minor headings, and the numbered headings the report's top level. When two or more such lines stand
    in the body, the first before the first heading of the outermost numbering, and none between two
    headings of that numbering that go on counting (where it would be a minor heading inside a part),
    they head the parts. In a report with no other heading at all, two or more such lines head its parts.

    >>> body = [Item(ItemKind.TITLE, "过去五年工作回顾", 1), Item(ItemKind.PARAGRAPH, "五年来成绩显著。", 2),
    ...         Item(ItemKind.TITLE, "今后五年工作建议", 3), Item(ItemKind.HEADING, "（一）加快发展", 4, 4, 1),
    ...         Item(ItemKind.HEADING, "（二）改善民生", 5, 4, 2), Item(ItemKind.TITLE, "加强政府自身建设", 6)]
    >>> [(item.kind.value, item.rank) for item in unnumbered_parts(body)]
    [('heading', 3.5), ('paragraph', 0.0), ('heading', 3.5), ('heading', 4), ('heading', 4), ('heading', 3.5)]
    """
    numbered = [i for i, item in enumerate(items) if item.kind is ItemKind.HEADING and item.number is not None and item.level is None]
    parts = [i for i, item in enumerate(items) if item.kind is ItemKind.TITLE and _is_part_heading(item.text)]
    if len(parts) < 2:
        return list(items)
    if not numbered and not any(item.kind is ItemKind.HEADING for item in items) and _each_holds_text(items, parts):
        # No heading at all (a report whose （一）… run into their paragraphs): the parts are its only headings.
        return [Item(ItemKind.HEADING, item.text, item.line, 0.0) if i in parts else item for i, item in enumerate(items)]
    if not numbered:
        return list(items)
    top = min(items[i].rank for i in numbered)
    outer = [i for i in numbered if items[i].rank == top]
    if parts[0] > outer[0]:
        return list(items)
    for before, after in zip(outer, outer[1:]):
        if items[after].number > items[before].number and any(before < part < after for part in parts):
            return list(items)  # inside a numbered part (a numbering that starts again is another part's)
    found = list(items)
    for i in parts:
        found[i] = Item(ItemKind.HEADING, items[i].text, items[i].line, top - 0.5)
    return found


MIN_PART_PARAGRAPHS = 2
"""Paragraphs, at least, under each unnumbered part heading of a report with no other heading (a sign-off's
name over its date holds none)."""


def _each_holds_text(items, parts: list[int]) -> bool:
    """Whether every part line is followed by `MIN_PART_PARAGRAPHS` paragraphs before the next part line or the end."""
    bounds = [*parts[1:], len(items)]
    return all(sum(1 for item in items[start + 1 : end] if item.kind is ItemKind.PARAGRAPH) >= MIN_PART_PARAGRAPHS for start, end in zip(parts, bounds))


def _is_part_heading(text: str) -> bool:
    """Han words, quotes and years (2024年工作回顾, “十三五”时期发展成就): no date, figure or table title, or byline."""
    return PART_HEADING.fullmatch(YEARS.sub("", text)) is not None and NOT_PART.search(text) is None and not is_kicker(text)


def nest(items) -> Node:
    """The heading tree: each heading closes the open ones of its rank or inner."""
    root = Node(None, float("-inf"))
    stack = [root]
    for item in items:
        if item.kind is ItemKind.HEADING:
            rank = _place(stack, item)
            node = Node(item, rank)
            stack[-1].children.append(node)
            stack.append(node)
        elif item.block is not None:
            stack[-1].blocks.append(_bare(item.block))
        elif item.kind is not ItemKind.BREAK:
            kind = BlockKind.HEADING if item.kind is ItemKind.TITLE else BlockKind.PARAGRAPH
            stack[-1].blocks.append(Block(kind, item.text))
    return root


def _bare(block: Block) -> Block:
    """The block as a page shows it: its source line is the report's business, not the page's."""
    return Block(block.kind, block.text, block.level, block.cells, block.lang, 0, block.attrs, block.marks)


def _place(stack: list[Node], item: Item) -> float:
    """Pop the stack to where `item` belongs and return its rank."""
    if item.level is not None:
        # A heading a fix placed at a level: it goes exactly that deep.
        del stack[max(1, item.level) :]
        return stack[-1].rank + 0.5 if len(stack) > 1 else -1.0
    while len(stack) > 1 and stack[-1].rank >= item.rank:
        stack.pop()
    return item.rank


def move_closing_words(node: Node, top: bool = True) -> None:
    """Closing words at the end of a last subsection go one level up (module docstring)."""
    if not node.children:
        return
    for child in node.children:
        move_closing_words(child, top=False)
    last = node.children[-1]
    if last.children or last.heading is None:
        return
    after_numbered = -1
    if top:  # words that close the report itself: no numbered paragraph comes after them (its annexes aside)
        annex = next((i for i, block in enumerate(last.blocks) if ANNEX.search(re.sub(r"\s", "", block.text[:MAX_ANNEX_LINE]))), len(last.blocks))
        after_numbered = max((i for i, block in enumerate(last.blocks[:annex]) if numbered_prefix(block.text) is not None), default=-1)
    start = next((i for i, block in enumerate(last.blocks) if i > max(0, after_numbered) and ADDRESS.match(block.text)), None)
    if start is not None:
        node.children.append(Node(None, last.rank, last.blocks[start:]))
        del last.blocks[start:]


def _to_sections(node: Node, level: int, path: list[str], prefix: str, taken: set[str], spell) -> list[Section]:
    sections = []
    for child in node.children:
        part = _slug_part(child.heading, spell) if child.heading else CLOSING
        named = child.heading is not None and child.heading.number is None and not numbered_prefix(child.heading.text)
        # Slugs spelt from a heading are their own; numbers need the article's name on a page of several.
        slug = _unique("" if named else prefix, "-".join(path + [part]), taken)
        subsections = _to_sections(child, level + 1, path + [part], prefix, taken, spell)
        heading = child.heading.text if child.heading else None
        sections.append(Section(slug, heading, level, tuple(child.blocks), tuple(subsections)))
    return sections


def _slug_part(heading: Item, spell: Callable[[str], str] | None = None) -> str:
    """``3`` for 三、/（三）/3., pinyin for the rest.

    >>> _slug_part(Item(ItemKind.HEADING, "关于政府工作报告的决议", 1, RESOLUTION_RANK))
    'zheng-fu-gong-zuo-bao-gao'
    """
    if heading.number is not None:
        return str(heading.number)
    text = heading.text
    numbering = numbered_prefix(text)
    if numbering:
        return str(numbering.number)
    core = RESOLUTION_FRAME.sub("", text) or text
    return shorten_slug(to_slug(core, fallback="section", spell=spell), MAX_SLUG_PART)


def shorten_slug(slug: str, limit: int) -> str:
    """At most `limit` characters, cut between syllables.

    >>> shorten_slug("xi-zang-zi-zhi-qu", 12)
    'xi-zang-zi'
    """
    if len(slug) <= limit:
        return slug
    return slug[: limit + 1].rsplit("-", 1)[0] or slug[:limit]


def _unique(prefix: str, slug: str, taken: set[str]) -> str:
    return unique_slug(f"{prefix}-{slug}" if prefix else slug, taken)
