"""Page furniture: running heads and feet, page numbers, table-of-contents lines.

Only lines in the top or bottom band of a page can be running heads or page
numbers, so a bare number inside a table is never taken for one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from statistics import median

from ...contract import dropped_change
from ....model import Change
from .chars import Page
from .lines import Line

# The share of the page height at the top and at the bottom where running heads and page numbers sit.
MARGIN_BAND = 0.12
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―_·•\s]*\d{1,4}[-—–－―_·•\s]*|第\s*\d+\s*[页頁](?:\s*[/，,]?\s*共\s*\d+\s*[页頁])?"
    r"|\d+\s*/\s*\d+|(?:page|p\.)\s*\d+(?:\s*of\s*\d+)?|[ivxlc]{1,6})$",
    re.IGNORECASE,
)
# Dot leaders (or a run of spaced dots) followed by a page number: a table-of-contents line.
TOC_LINE = re.compile(r"(?:\.{4,}|…{2,}|·{4,}|(?:\.\s){4,}|-{6,})\s*[\divxlc]{1,4}$", re.IGNORECASE)


def is_page_number(text: str) -> bool:
    """True for a line that is only a page number.

    >>> [is_page_number(t) for t in ["— 3 —", "- 3 -", "第3页", "3", "第 3 页 共 14 页", "2021年"]]
    [True, True, True, True, True, False]
    """
    return bool(PAGE_NUMBER.match(text.strip()))


def is_toc_line(text: str) -> bool:
    """True for a table-of-contents entry with dot leaders and a page number.

    >>> is_toc_line("第一章 引言........................ 3"), is_toc_line("第一章 引言")
    (True, False)
    """
    return bool(TOC_LINE.search(text.strip()))


def remove_furniture(pages: list[Page], page_lines: list[list[Line]]) -> tuple[list[list[Line]], list[Change]]:
    """Each page's lines without running heads, page numbers and TOC entries; what went, summarised."""
    repeated = repeated_margin_texts(pages, page_lines)
    removed: dict[str, list[tuple[int, str]]] = defaultdict(list)
    kept_pages = []
    for page, lines in zip(pages, page_lines):
        kept = []
        for line in lines:
            why = furniture_kind(page, line, repeated)
            if why == "running head or foot" and begins_body_line(page, line, lines, repeated):
                why = ""
            if why:
                removed[why].append((page.number, line.text))
            else:
                kept.append(line)
        kept_pages.append(kept)
    return kept_pages, summarise(removed)


def furniture_kind(page: Page, line: Line, repeated: dict[str, float]) -> str:
    """Why `line` is page furniture ("page number", "running head", "table of contents"), or ""."""
    if is_toc_line(line.text):
        return "table-of-contents line"
    if not is_in_margin(page, line):
        return ""
    if is_page_number(line.text):
        return "page number"
    if is_repeated(page, line, repeated):
        return "running head or foot"
    return ""


MIN_BODY_BESIDE = 10
"""Characters of a line beside a repeated margin text that make it body text, not furniture."""


def begins_body_line(page: Page, line: Line, lines: list[Line], repeated: dict[str, float]) -> bool:
    """A margin text that shares its row with text found on no other page: the first words of a body
    line set off by a gap (a law's ``第五条    国家采取措施…`` at the top of a page), which recurs
    page after page only in shape (第#条), not a running head."""
    return any(
        other is not line and min(other.bottom, line.bottom) - max(other.top, line.top) > 0.5 * min(other.height, line.height)
        and len(other.text) >= MIN_BODY_BESIDE and not is_repeated(page, other, repeated)
        for other in lines
    )


def is_in_margin(page: Page, line: Line) -> bool:
    band = MARGIN_BAND * page.height
    return line.bottom <= band or line.top >= page.height - band


def margin_key(page: Page, line: Line) -> str:
    """The line's text with its numbers (also Chinese ones: 第二章, 第七章) blanked, and whether it is at the top or bottom.

    >>> margin_key(Page(1, 600, 800, ()), Line((), 0, 10, 50, 20, 10, False, "第七章"))
    'top:第#章'
    """
    where = "top" if line.top < page.height / 2 else "bottom"
    return f"{where}:" + re.sub(r"[\d一二三四五六七八九十百零〇]+", "#", line.text.replace(" ", ""))


SIZE_TOLERANCE = 0.35
"""How far (a share of it) a line's type size may be from the usual size of the margin text it repeats. The
size keeps a document's title on its first page apart from the same title printed small as the running head
of every page (a browser's print); OCR estimates a scanned running head's size within this."""


def repeated_margin_texts(pages: list[Page], page_lines: list[list[Line]]) -> dict[str, float]:
    """Margin texts found on at least three pages (running heads and feet: a chapter's head may last only a
    few), each with its usual type size."""
    sizes: dict[str, dict[int, float]] = defaultdict(dict)
    for page, lines in zip(pages, page_lines):
        for line in lines:
            if is_in_margin(page, line):
                sizes[margin_key(page, line)].setdefault(page.number, line.size)
    return {key: median(by_page.values()) for key, by_page in sizes.items() if len(by_page) >= 3}


def is_repeated(page: Page, line: Line, repeated: dict[str, float]) -> bool:
    usual = repeated.get(margin_key(page, line))
    return usual is not None and abs(line.size - usual) <= SIZE_TOLERANCE * usual


def summarise(removed: dict[str, list[tuple[int, str]]]) -> list[Change]:
    """One change per kind of furniture with its count and a few examples, or one per line when few."""
    changes = []
    for why, found in removed.items():
        if len(found) <= 5:
            changes += [dropped_change("pdf", text, why, page) for page, text in found]
            continue
        examples = " | ".join(text for _, text in found[:4])
        changes.append(dropped_change("pdf", f"{len(found)} lines, e.g. {examples}", why, found[0][0]))
    return changes
