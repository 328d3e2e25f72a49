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
rest of that subsection.

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
from .items import Item, ItemKind

ADDRESS = re.compile(r"^(?:各位代表|各位委员|各位委員|同志们|同志們|我们要|我們要|让我们|讓我們)")
RESOLUTION_FRAME = re.compile(r"^[关關][于於]|的[决決][议議定]$")
MAX_SLUG_PART = 40
INTRO, CLOSING = "intro", "closing"


@dataclass(slots=True)
class Node:
    """A section while it is being built."""

    heading: Item | None
    rank: float
    blocks: list[Block] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


def build_sections(items: tuple[Item, ...] | list[Item], prefix: str, taken: set[str], spell: Callable[[str], str] | None = None) -> tuple[Section, ...]:
    """The sections of one article's body; slugs start with `prefix` when it is not ""."""
    root = nest(items)
    move_closing_words(root)
    sections = []
    if root.blocks:
        sections.append(Section(_unique(prefix, INTRO, taken), None, 1, tuple(root.blocks)))
    sections.extend(_to_sections(root, 1, [], prefix, taken, spell))
    return tuple(sections)


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


def move_closing_words(node: Node) -> None:
    """Closing words at the end of a last subsection go one level up (module docstring)."""
    if not node.children:
        return
    for child in node.children:
        move_closing_words(child)
    last = node.children[-1]
    if last.children or last.heading is None:
        return
    start = next((i for i, block in enumerate(last.blocks) if i > 0 and ADDRESS.match(block.text)), None)
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
