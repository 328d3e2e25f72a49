"""Standards: a national, trade or local standard is titled on its cover, not by its first heading.

A standard's cover (GB/T 1.1-2020, 8.2) prints, top down: the ICS and CCS codes,
the masthead (中华人民共和国国家标准, 中华人民共和国能源行业标准, 广东省地方标准),
the standard's number (GB 18596—2001, NB/T 20442.7—2023, HJ 589—2021,
DB44/T 2367—2022; a draft's NB/T XXXXX—XXXX), the title in Chinese, one
element a line (核电厂定期安全评价 / 第1部分：通用要求), the title in English, the
dates of issue and of effect, the issuer. Its first heading is 前言. A drafting
note (编制说明) prints the number and the title over its own name.

So where the masthead or the number opens a document, its title is the run of
Chinese lines under the number, a part set off by a space as the standard is
cited (核电厂定期安全评价 第1部分：通用要求).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..charclass import ends_sentence
from .items import Item, ItemKind, as_paragraph

COVER_LINES = 12
"""How far down a document the cover's masthead and number are looked for."""

MASTHEAD = re.compile(r"^(?:中华人民共和国|中華人民共和國)\S{0,10}标准$|^\S{2,10}(?:省|市|自治区|自治區)地方标准$|^(?:团体|團體)标准$")
NUMBER = re.compile(
    r"^(?:GB/[TZ]|GB|DB\d{2}/T|DB\d{2}|T/[A-Z]{2,8}|[A-Z]{1,3}/T|[A-Z]{2,3})"  # the code: GB, GB/T, NB/T, HJ, DB44/T, T/CECS
    r"[\sA-Z_/]*?(?:\d{2}\s*/\s*(?:T\s*)?)?"  # a local standard's region, when the code is spaced from it (DB 44/2160)
    r"(?:\d[\d.]*|X{3,6})\s*[—–－-]\s*(?:\d{4}|X{4}|20[XY]{2})",  # its number and year (a draft's XXXX, 20YY)
    re.IGNORECASE,
)
CODE = re.compile(r"^[A-Z]{1,3}\d{0,2}$")
"""The standard's code alone, printed large on the cover (GB, HJ, DB44): a PDF may take it for the title."""
SEPARATE_ELEMENT = re.compile(r"第\S{1,4}部分|编制说明|編制說明")
"""Title lines printed apart from the one before them: a part, or a drafting note's name."""
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
MAX_TITLE_LINES = 3
FIRST_PARTS = frozenset({"前言", "目次", "目录", "目錄", "引言", "前言I", "目次I"})
"""What comes after a standard's cover."""


def is_masthead(text: str) -> bool:
    """
    >>> [is_masthead(t) for t in ("中华人民共和国国家标准", "中华人民共和国能源行业标准", "中华人民共和国国家生态环境标准", "广 东 省 地 方 标 准", "国家标准化工作")]
    [True, True, True, True, False]
    """
    return MASTHEAD.match(_squeezed(text)) is not None


def is_standard_number(text: str) -> bool:
    """
    >>> [is_standard_number(t) for t in ("GB 18596—2001", "NB/T XXXXX—XXXX", "NB/T NB_T 20442.7—2023", "HJ 589—2021",
    ...                                  "DB44/T 2367—2022", "GB 13801－2015代替GB 13801-2009", "NB/T XXXX－20YY", "DB 44/2160-2019",
    ...                                  "DB44/ 27—2001", "ICS 27.120.99", "GB 2312 字符集")]
    [True, True, True, True, True, True, True, True, True, False, False]
    """
    return NUMBER.match(text.strip()) is not None


def cover_title(items: tuple[Item, ...]) -> tuple[str, tuple[int, ...]] | None:
    """The title printed on a standard's cover among the document's first items, and where its lines are
    (a title printed in the number's own line, as a cover's table may set it, starts the title there);
    None when the document does not open as a standard does (a masthead or a number near its top)."""
    top = items[:COVER_LINES]
    masthead = next((i for i, item in enumerate(top) if is_masthead(item.text)), None)
    numbers = [i for i, item in enumerate(top) if is_standard_number(item.text) and (masthead is None or i > masthead)]
    if not numbers or (masthead is None and numbers[0] > 3):
        return None
    lines: list[int] = []
    elements: list[str] = []
    after_number = items[numbers[0]].text.strip()[NUMBER.match(items[numbers[0]].text.strip()).end():].strip()
    if _is_title_element(after_number) and not after_number.startswith("代替"):
        elements.append(after_number)  # number and title in one row of a cover's table
    for index in range(numbers[0] + 1, len(items)):
        text = items[index].text.strip()
        if is_standard_number(text) or text.startswith("代替") or (not lines and is_masthead(text)):
            continue
        if not _is_title_element(text) or len(elements) == MAX_TITLE_LINES:
            break
        lines.append(index)
        elements.append(text)
    if not lines:
        return None
    return _joined_title([_squeezed_edges(element) for element in elements]), tuple(lines)


def _joined_title(elements: list[str]) -> str:
    """The title's lines as one: a part (第1部分：…) or the drafting note's name (编制说明) after a space, as
    the standard cites them; a line the cover's width wrapped goes on directly.

    >>> _joined_title(["核电厂定期安全评价", "第1部分：通用要求", "编制说明"]), _joined_title(["印刷行业挥发性有机化合物", "排放标准"])
    ('核电厂定期安全评价 第1部分：通用要求 编制说明', '印刷行业挥发性有机化合物排放标准')
    """
    title = elements[0]
    for element in elements[1:]:
        title += (" " if SEPARATE_ELEMENT.match(element) else "") + element
    return title


def _is_title_element(text: str) -> bool:
    """A line of the Chinese title: Han characters, no sentence, no English title, no bracketed note
    (（征求意见稿）), no date (2001-12-28发布)."""
    return (
        bool(HAN.search(text))
        and len(LATIN.findall(text)) < len(HAN.findall(text))
        and not text.startswith(("（", "("))
        and not ends_sentence(text)
        and not re.search(r"\d{4}\s*[-—－.年]\s*(?:\d|X)", text)
        and len(text) <= 60
    )


def with_cover_title(header: tuple[Item, ...], body: tuple[Item, ...]) -> tuple[tuple[Item, ...], tuple[Item, ...]] | None:
    """(header, body) of a standard titled by its cover: the title's lines leave the body (the cover's
    other lines stay, as the opening's paragraphs); a header holding the cover's masthead, number or code
    (GB, DB44) joins them. None when the document is no standard, or already has another headline."""
    cover_lines = any(is_masthead(item.text) or is_standard_number(item.text) or CODE.match(item.text.strip()) for item in header)
    if header and not cover_lines:
        return None
    items = header + body
    found = cover_title(items)
    if found is None:
        return None
    title, lines = found
    first = items[lines[0]]
    title_item = replace(first, kind=ItemKind.TITLE, text=title, block=replace(first.block, text=title) if first.block is not None else None)
    has_cover = any(is_masthead(item.text) for item in items[:COVER_LINES])  # a drafting note has none
    cover_end = _cover_end(items, lines[-1] + 1) if has_cover else lines[-1] + 1
    rest = tuple(as_paragraph(item) for i, item in enumerate(items[:cover_end]) if i not in lines)
    return (title_item,), rest + items[cover_end:]


def _cover_end(items: tuple[Item, ...], start: int) -> int:
    """Where the cover ends: at the first part of the standard (前言, 目次, 引言, or a numbered heading),
    COVER_LINES items after the title at most. The cover's lines set large (the English title, the dates,
    the issuer) are no sections."""
    for index in range(start, min(start + COVER_LINES, len(items))):
        item = items[index]
        if _squeezed(item.text) in FIRST_PARTS or (item.kind is ItemKind.HEADING and item.number is not None):
            return index
    return start


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _squeezed_edges(text: str) -> str:
    """A title element as printed, without its edges' spaces; the spaces of a spaced-out word go (前 言)."""
    text = text.strip()
    return _squeezed(text) if re.fullmatch(r"(?:[\u4e00-\u9fff]\s+)+[\u4e00-\u9fff]", text) else text
