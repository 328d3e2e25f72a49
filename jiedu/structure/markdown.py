"""Markdown documents: headings become sections, everything else paragraphs of plain text.

Parsed with markdown-it-py's CommonMark preset and raw HTML off, so a
``<script>`` in a document is text, never markup. Inline formatting is
dropped (links keep their text, images their alt text); a soft line break
inside a paragraph joins Chinese text without a space and Latin words with
one. Items of an ordered list keep their number (``1. ``); bullets, block
quotes and code become plain paragraphs.

>>> items = markdown_items("# 标题\\n\\n## 一、总体要求\\n\\n坚持**稳中求进**，\\n推动发展。\\n\\n1. 第一项\\n")
>>> [(item.kind.value, item.text, item.rank) for item in items]
[('heading', '标题', 1), ('heading', '一、总体要求', 2), ('paragraph', '坚持稳中求进，推动发展。', 0.0), ('paragraph', '1. 第一项', 0.0)]
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..clean.line_shapes import numbered_prefix
from .items import Item, ItemKind

ASCII_WORD_END = re.compile(r"[A-Za-z0-9.,;:!?]$")
ASCII_WORD_START = re.compile(r"^[A-Za-z0-9]")


def build_markdown_parser() -> MarkdownIt:
    """CommonMark with raw HTML off; build once and pass to `markdown_items`."""
    return MarkdownIt("commonmark", {"html": False})


def markdown_items(text: str, parser: MarkdownIt | None = None) -> list[Item]:
    """Headings (rank = their # level) and paragraphs, in order."""
    tokens = (parser or build_markdown_parser()).parse(text)
    items: list[Item] = []
    prefix = ""
    for i, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 0
        if token.type == "list_item_open" and token.info:
            prefix = f"{token.info}{token.markup} "
        elif token.type == "inline":
            opener = tokens[i - 1]
            content = inline_text(token.children or [])
            if opener.type == "heading_open":
                numbering = numbered_prefix(content)
                number = numbering.number if numbering else None
                items.append(Item(ItemKind.HEADING, content, line, rank=int(opener.tag[1]), number=number))
            elif content:
                items.append(Item(ItemKind.PARAGRAPH, prefix + content, line))
                prefix = ""
        elif token.type in ("fence", "code_block") and token.content.strip():
            items.append(Item(ItemKind.PARAGRAPH, " ".join(token.content.split()), line))
    return items


def inline_text(children: list[Token]) -> str:
    """The plain text of an inline token's children."""
    pieces: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            pieces.append(child.content)
        elif child.type == "image":
            pieces.append(inline_text(child.children or []))
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append("\n")
    return _join_breaks("".join(pieces)).strip()


def _join_breaks(text: str) -> str:
    """Line breaks inside a paragraph: nothing between Chinese, a space between Latin words."""
    parts = [part.strip() for part in text.split("\n")]
    pieces = [parts[0]]
    for before, part in zip(parts, parts[1:]):
        pieces.append(" " + part if ASCII_WORD_END.search(before) and ASCII_WORD_START.match(part) else part)
    return "".join(pieces)
