"""Digests: a page or Markdown file that holds many news items becomes one article per item.

A news digest, an exported feed or a crawler's dump prints each item as a
headline followed by its fields (``来源：…``, ``时间：…``, ``原始網址：…``),
then its text. When a block document has two or more such headlines and its
reader marked no article boundaries itself (or it is plain text, where a
blank line before each headline makes the break), each headline starts an article:
a BREAK carrying the item's date, source, author and link goes before it,
and its field lines leave the text for the article's metadata (each removal
is reported).

>>> blocks = (Block(BlockKind.HEADING, "甲事", level=2), Block(BlockKind.PARAGRAPH, "来源：新华社"), Block(BlockKind.PARAGRAPH, "正文。"),
...           Block(BlockKind.HEADING, "乙事", level=2), Block(BlockKind.PARAGRAPH, "时间：2024-01-10 08:00"), Block(BlockKind.PARAGRAPH, "正文。"))
>>> [(b.kind.value, b.text, b.attrs) for b in split_digest_items(blocks)[0]]
[('break', '', (('source', '新华社'),)), ('heading', '甲事', ()), ('paragraph', '正文。', ()), ('break', '', (('date', '2024-01-10'),)), ('heading', '乙事', ()), ('paragraph', '正文。', ())]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..charclass import SENTENCE_STOPS
from ..dates import to_iso_date
from ..model import Block, BlockKind, Change

PASS_NAME = "split_digest_items"
FIELD_KEYS = {
    "source": "来源|來源|稿源|出处|出處|source|publisher|via",
    "date": "时间|時間|[发發][布佈]时间|[发發][布佈]時間|[发發][布佈]日期|[发發]表[时時]间|[发發]表時間|更新[时時]间|更新時間|日期|date|time|published|pubdate|updated",
    "author": "作者|记者|記者|author|by",
    "url": "原始网址|原始網址|原文链接|原文鏈接|原文网址|原文網址|原文地址|链接|鏈接|网址|網址|url|link",
    "other": "分类|分類|类别|類別|语言|語言|标签|標籤|category|language|tags?",
}
FIELD = re.compile(
    r"^(?P<key>" + "|".join(f"(?P<{name}>{keys})" for name, keys in FIELD_KEYS.items()) + r")\s*[:：]\s*(?P<value>\S.{0,300})$",
    re.IGNORECASE,
)
KEY_VALUE = re.compile(r"^[^：:]{1,8}[：:]")
"""A short label and a colon: a field of some kind (新闻数量：44条), never a headline."""
MAX_FIELDS = 8
"""Field lines a headline may have below it."""
MAX_HEADLINE = 80
MIN_ITEMS = 2
ITEM_NOTE = "moved to the metadata of its news item: "


@dataclass(frozen=True, slots=True)
class _Item:
    headline: int
    """Index of the headline block."""
    fields: tuple[int, ...]
    """Indexes of its field lines."""


def split_digest_items(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], list[Change]]:
    """The blocks with a BREAK before each item of a digest, and the field lines moved out."""
    if any(block.kind is BlockKind.BREAK for block in blocks):
        return blocks, []
    items = find_digest_items(blocks)
    if not items:
        return blocks, []
    starts = {item.headline: item for item in items}
    moved = {index for item in items for index in item.fields}
    out: list[Block] = []
    changes = []
    for index, block in enumerate(blocks):
        if index in starts:
            out.append(Block(BlockKind.BREAK, "", attrs=_attrs(blocks, starts[index].fields)))
        if index in moved:
            changes.append(Change(PASS_NAME, block.line, block.text, "", ITEM_NOTE.rstrip(": ")))
        else:
            out.append(block)
    return tuple(out), changes


def find_digest_items(blocks: tuple[Block, ...]) -> list[_Item]:
    """The news items of a digest (each a headline and its field lines), or [] when it holds fewer than two."""
    items = [item for index in range(len(blocks)) if (item := _item_at(blocks, index))]
    items = _items_of_one_level(blocks, items)
    return _with_link_lines(blocks, items) if len(items) >= MIN_ITEMS else []


def split_digest_items_in_text(text: str) -> tuple[str, list[Change]]:
    """Plain text: each item's field lines out and a blank line (an article break) before its headline.

    The fields are kept in the Changes, whose note names the item's headline,
    for the structure stage to give each article its own (`item_fields_from_changes`).

    >>> text = "甲事\\n来源：新华社\\n正文。\\n乙事\\n原始網址：https://a.example/2\\n正文。"
    >>> split_digest_items_in_text(text)[0]
    '甲事\\n正文。\\n\\n乙事\\n正文。'
    """
    lines = text.split("\n")
    blocks = tuple(Block(BlockKind.PARAGRAPH, line.strip(), line=number) for number, line in enumerate(lines, 1) if line.strip())
    items = find_digest_items(blocks)
    if not items:
        return text, []
    headlines = {blocks[item.headline].line: item for item in items}
    moved = {blocks[index].line for item in items for index in item.fields}
    out: list[str] = []
    changes = []
    for number, line in enumerate(lines, 1):
        if number in headlines:
            out += [""] if out and out[-1].strip() else []
            changes += [Change(PASS_NAME, blocks[i].line, blocks[i].text, "", f"{ITEM_NOTE}{line.strip()}") for i in headlines[number].fields]
        if number not in moved:
            out.append(line)
    return "\n".join(out), changes


def item_fields_from_changes(changes) -> dict[str, tuple[tuple[str, str], ...]]:
    """Headline -> the fields `split_digest_items_in_text` moved out of its item."""
    found: dict[str, list[Block]] = {}
    for change in changes:
        if change.pass_name == PASS_NAME and change.note.startswith(ITEM_NOTE):
            found.setdefault(change.note[len(ITEM_NOTE) :], []).append(Block(BlockKind.PARAGRAPH, change.before))
    return {title: _attrs(tuple(fields), tuple(range(len(fields)))) for title, fields in found.items()}


def _items_of_one_level(blocks: tuple[Block, ...], items: list[_Item]) -> list[_Item]:
    """Where items have headings, the items are those at the level most of them share (a
    sub-heading that happens to stand over a link line is not an item of its own)."""
    levels = Counter(blocks[item.headline].level for item in items if blocks[item.headline].kind is BlockKind.HEADING)
    if not levels or max(levels.values()) < MIN_ITEMS:
        return items
    level = max(levels, key=lambda lvl: (levels[lvl], -lvl))
    return [item for item in items if blocks[item.headline].kind is BlockKind.HEADING and blocks[item.headline].level == level]


def _with_link_lines(blocks: tuple[Block, ...], items: list[_Item]) -> list[_Item]:
    """Each item with the link lines further down its text (``原文链接：…`` after the story) among its fields."""
    ends = [item.headline for item in items[1:]] + [len(blocks)]
    widened = []
    for item, end in zip(items, ends):
        links = tuple(i for i in range(item.headline + 1, end) if i not in item.fields and _field_name(blocks[i]) == "url")
        widened.append(_Item(item.headline, item.fields + links))
    return widened


def _field_name(block: Block) -> str | None:
    if not is_field_line(block):
        return None
    match = FIELD.match(block.text.strip())
    return next(name for name in FIELD_KEYS if match.group(name))


def _item_at(blocks: tuple[Block, ...], index: int) -> _Item | None:
    """An item whose headline is block `index`: a headline-shaped block followed by field lines."""
    if not is_headline(blocks[index]):
        return None
    fields = []
    for following in range(index + 1, min(len(blocks), index + 1 + MAX_FIELDS)):
        if not is_field_line(blocks[following]):
            break
        fields.append(following)
    return _Item(index, tuple(fields)) if fields else None


def is_headline(block: Block) -> bool:
    """A heading, or a short paragraph that does not end a sentence."""
    if block.kind is BlockKind.HEADING:
        return True
    text = block.text.strip()
    return block.kind is BlockKind.PARAGRAPH and 0 < len(text) <= MAX_HEADLINE and text[-1] not in SENTENCE_STOPS and not KEY_VALUE.match(text)


def is_field_line(block: Block) -> bool:
    """``来源：新华社``, ``原始網址：https://…``, ``Date: …``: one field of a news item.

    >>> is_field_line(Block(BlockKind.PARAGRAPH, "原始網址：https://news.example/1"))
    True
    >>> is_field_line(Block(BlockKind.PARAGRAPH, "时间：今年以来，各地加快推进改革，取得明显成效。"))
    False
    """
    match = FIELD.match(block.text.strip()) if block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) else None
    if match is None:
        return False
    value = match.group("value")
    return not (match.group("date") and to_iso_date(value) is None)


def _attrs(blocks: tuple[Block, ...], fields: tuple[int, ...]) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for index in fields:
        match = FIELD.match(blocks[index].text.strip())
        name = next(name for name in FIELD_KEYS if match.group(name))
        value = match.group("value").strip()
        if name == "date":
            value = to_iso_date(value) or value
        if name != "other":
            found.setdefault(name, value)
    return tuple(found.items())
