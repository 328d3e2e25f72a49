"""Numbered lines told heading or entry by their neighbours as well as by their shape.

A numbered line's shape (`jiedu.clean.line_shapes.is_heading_line`) says heading or
list entry for most lines. These rules read the lines around it where the shape
misleads: a court's long holding over its reasoning is a heading; a list's entry
shaped like a heading, or a run of empty numbered headings, is a list. They run on
the items of plain text (`read_items`) and of block documents (`blocks.block_spans`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..charclass import ends_sentence
from ..clean.line_shapes import NUMBERING_RANK, is_unstopped_numbered_line, numbered_prefix, run_in_heading_end
from ..model import BlockKind
from .items import Item, ItemKind


def numbered_by_context(items: list[Item]) -> list[Item]:
    """Numbered lines told heading or item by their neighbours as well as by their shape."""
    return items_of_a_list(empty_headings_as_list(unstopped_headings(labels_with_their_text(items))))


def labels_with_their_text(items: list[Item]) -> list[Item]:
    """Each numbered entry that is only a label and a colon, joined to the short line of text after it
    when the next line is another numbered entry (or nothing).

    A crawler that kept a bold label as a paragraph of its own splits a news summary's entries at their
    colon: ``6.央视快评：`` / ``努力建设团结和谐…的社会主义现代化新疆；`` / ``7.李强会见…；``. Apart, the
    label reads as a heading and its text as a stray line. Text of more than MAX_LABELLED_TEXT
    characters, or not ending a sentence or clause, is a paragraph under a heading, and stays one.

    >>> from jiedu.structure.items import read_items
    >>> items = labels_with_their_text(read_items("（1）云南：\\n强边富民兴产业；\\n（2）广西：\\n襟山连海促开放；\\n6.上半年居民消费价格运行总体平稳；"))
    >>> [(item.kind.value, item.text) for item in items]
    [('paragraph', '（1）云南：强边富民兴产业；'), ('paragraph', '（2）广西：襟山连海促开放；'), ('paragraph', '6.上半年居民消费价格运行总体平稳；')]
    """
    found: list[Item] = []
    index = 0
    while index < len(items):
        item = items[index]
        if index + 1 < len(items) and _is_label_alone(item) and _is_labelled_text(items[index + 1]):
            after = items[index + 2] if index + 2 < len(items) else None
            if after is None or (_is_own_line(after) and numbered_prefix(after.text) is not None):
                found.append(_joined(item, items[index + 1]))
                index += 2
                continue
        found.append(item)
        index += 1
    return found


def _is_label_alone(item: Item) -> bool:
    """A numbered line that is a short label and a colon (``6.央视快评：``), by shape a heading or a paragraph."""
    numbering = numbered_prefix(item.text) if item.kind in (ItemKind.HEADING, ItemKind.PARAGRAPH) and item.level is None and _is_own_line(item) else None
    return numbering is not None and LABEL_ALONE.fullmatch(numbering.rest) is not None


def _is_labelled_text(item: Item) -> bool:
    """A short unnumbered paragraph ending a sentence or a clause: the text the label introduces."""
    text = item.text
    return (
        item.kind in (ItemKind.PARAGRAPH, ItemKind.TITLE) and _is_own_line(item) and numbered_prefix(text) is None
        and len(text) <= MAX_LABELLED_TEXT and text.rstrip()[-1:] in "；;。！？"
    )


def _joined(label: Item, text: Item) -> Item:
    joined = label.text + text.text
    block = label.block or text.block
    return Item(ItemKind.PARAGRAPH, joined, label.line, block=replace(block, kind=BlockKind.PARAGRAPH, text=joined) if block is not None else None)


def empty_headings_as_list(items: list[Item]) -> list[Item]:
    """Each run of MIN_LIST_ENTRIES or more numbered headings one after another, numbered in order
    in one numbering with nothing between them, made entries of a list (paragraphs).

    A list of short entries (a plan's ministries, ``1．中华人民共和国外交部`` /
    ``2．中华人民共和国国防部`` / …) is headings by shape; as sections, each would be
    empty. A heading over the first entry of another numbering (第一章 over 第一节) is no
    such run.

    >>> from jiedu.structure.items import read_items
    >>> items = numbered_by_context(read_items("国务院组成部门如下：\\n1．中华人民共和国外交部\\n2．中华人民共和国国防部\\n3．中华人民共和国教育部\\n"
    ...                    "一、总体要求\\n（一）指导思想\\n坚持稳中求进。"))
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


LABEL_ALONE = re.compile(r"[^，。；：:,;！？]{1,40}[：:]")
"""A numbered entry's label and colon, nothing after (``央视快评：``, ``奋进新征程 建功新时代·大美边疆行：``)."""
MAX_LABELLED_TEXT = 60
MIN_LIST_ENTRIES = 3
"""Empty numbered headings in a row, at least, that are a list's entries (`empty_headings_as_list`)."""


def items_of_a_list(items: list[Item]) -> list[Item]:
    """Each numbered heading between two items of its own list, made an item (a paragraph) again.

    A heading by shape (short, no sentence stop) may be one entry of a list whose
    other entries end in a stop: a news summary's ``6.国内联播快讯：`` between
    ``5.…；`` and ``7.李强会见联合国秘书长；``. Made a section, it would hold the
    entries after it. Its neighbours are the entries numbered one less before it
    and one more after it, in the same numbering, with nothing of an outer
    numbering between; neither may be a heading run into its paragraph with a
    space (`run_in_heading_end`), as a damaged report's parts are. A first entry
    has only the one after it to go by, so it must end in a colon: a label over
    its sub-entries (``一、被付懲戒人請求覆審意旨略以：`` / ``（一）…`` / ``二、按…。``).

    >>> from jiedu.structure.items import read_items
    >>> items = numbered_by_context(read_items("5.习近平在联合国气候变化峰会发表视频致辞；\\n6.国内联播快讯：\\n（1）第四届全球数字贸易博览会今天开幕；\\n"
    ...                    "7.李强会见联合国秘书长；\\n一、总体要求\\n人民身体之自由应予保障。\\n二、主要任务。"))
    >>> [(item.kind.value, item.number) for item in items]
    [('paragraph', None), ('paragraph', None), ('paragraph', None), ('paragraph', None), ('heading', 1), ('paragraph', None), ('paragraph', None)]
    >>> items = numbered_by_context(read_items("一、请求意旨略以：\\n（一）已尽力维护权益。\\n二、按律师法规定，不得有不正当行为。"))
    >>> [item.kind.value for item in items]
    ['paragraph', 'paragraph', 'paragraph']
    >>> new = "本市加快数字政府建设，以高效办成一件事为牵引，优化政务服务、提升行政效能，推动线上线下服务深度融合，为企业和群众提供便利。"
    >>> items = numbered_by_context(read_items(f"一、在第十二条第二款款尾增加相关内容：不得捏造事实。\\n二、将第二十四条第一款修改为：\\n{new}\\n"
    ...                    f"三、将第二十五条第一款修改为：\\n{new}"))
    >>> [item.kind.value for item in items]
    ['paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph']
    """
    numbered = [_numbering_of(item) for item in items]
    found = list(items)
    for i, item in enumerate(items):
        if item.kind is not ItemKind.HEADING or item.level is not None or numbered[i] is None or not _is_own_line(item):
            continue
        kind, number = numbered[i]
        before = _neighbour(items, numbered, i, kind, range(i - 1, -1, -1))
        after = _neighbour(items, numbered, i, kind, range(i + 1, len(items)))
        if _introduces_like_the_entry_before(found, numbered, i, before, after):
            found[i] = Item(ItemKind.PARAGRAPH, item.text, item.line, block=item.block)
            continue
        if after is None or numbered[after][1] != number + 1:
            continue
        if before is not None and numbered[before][1] == number - 1:
            neighbours = (before, after)
        elif before is None and number == 1 and item.text.endswith(("：", ":")):
            neighbours = (after,)  # a list's first entry, a label over its sub-entries (一、…意旨略以：)
        else:
            continue
        if all(items[k].kind is ItemKind.PARAGRAPH and not run_in_heading_end(items[k].text) for k in neighbours):
            found[i] = Item(ItemKind.PARAGRAPH, item.text, item.line, block=item.block)
    return found


def _introduces_like_the_entry_before(found: list[Item], numbered: list, at: int, before: int | None, after: int | None) -> bool:
    """A numbered line ending in a colon (what it introduces follows) after the entry numbered one less,
    which is a paragraph, and before the next (or none): an entry of the same list. An amendment's
    ``一、在第十二条第二款款尾增加相关内容：…。`` is a paragraph by shape; ``二、将第二十四条第一款修改为：``
    and the items after it, over the new wording, are entries like it, not sections."""
    text, (_, number) = found[at].text, numbered[at]
    return (text.endswith(("：", ":")) and before is not None and numbered[before][1] == number - 1
            and found[before].kind is ItemKind.PARAGRAPH and not run_in_heading_end(found[before].text)
            and (after is None or numbered[after][1] == number + 1))


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

    >>> from jiedu.structure.items import read_items
    >>> items = numbered_by_context(read_items("二、88年系爭規定之刑度，未違反比例原則；102年系爭規定之刑度，與比例原則有違\\n"
    ...                    "人民身體之自由應予保障，憲法第8條定有明文。\\n三、第二項規定，得併科罰金；第三項規定，應予刪除\\n四、其他"))
    >>> [(item.kind.value, item.number) for item in items]
    [('heading', 2), ('paragraph', None), ('paragraph', None), ('heading', 4)]
    """
    found = list(items)
    entries: dict[str, int] = {}  # numbering kind -> the number of the last entry so shaped left a paragraph
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
