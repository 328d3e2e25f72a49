"""Which column of a scraped dataset holds the text, the title, the date, the source, the URL.

Split from `datasets.py`. Names decide first (a table of the names English
and Chinese scrapers use); content decides where names do not say: the text
is the column with the longest Chinese text, a date column parses as dates,
a URL column holds http(s) addresses. Names given in site.toml win.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from ...charclass import count_han
from ...clean.line_shapes import DOCUMENT_KIND_ENDING, is_document_title, is_title_like
from ...dates import to_iso_date

FIELDS = ("text", "title", "date", "source", "url", "author")
# Whole names, best first; then single words a longer name may contain ("chunk_text", "发布时间").
EXACT_NAMES = {
    "text": ("text", "content", "body", "fulltext", "full_text", "article", "正文", "内容", "全文", "文本", "正文内容"),
    "title": ("title", "headline", "标题", "题目", "name", "名称", "文件名称"),
    "date": ("date", "pub_date", "pubdate", "publish_date", "publication_date", "publish_time", "published", "pubtime", "发布时间", "日期", "成文日期", "发文日期", "发布日期", "time", "datetime", "时间"),
    "source": ("source", "publisher", "issuer", "puborg", "来源", "发布机构", "发文机关", "发文单位", "发布单位", "media"),
    "url": ("url", "link", "source_url", "href", "网址", "链接", "原文链接"),
    "author": ("author", "authors", "byline", "作者", "记者"),
}
NAME_WORDS = {
    "text": ("text", "content", "body", "正文", "内容", "全文", "文本"),
    "title": ("title", "headline", "标题", "题目"),
    "date": ("date", "time", "pubtime", "published", "日期", "时间"),
    "source": ("source", "publisher", "issuer", "来源", "机构", "机关"),
    "url": ("url", "link", "网址", "链接"),
    "author": ("author", "作者"),
}
URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
ID_LIKE = re.compile(r"^(?:[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{16,}|[A-Za-z_]*[:#-]?\d+)$", re.IGNORECASE)
ID_NAME = re.compile(r"(?:^|[_\-\s])(?:id|ID|Id)$|[a-z](?:Id|ID)$|^(?:id|ID)$|编号$|序号$")
# Extra columns short enough to cite beside the title (发文字号, category).
MAX_CITABLE_LENGTH = 40
MIN_TEXT_HAN = 10


@dataclass
class ColumnChoice:
    """The columns chosen for each field, best first (a row falls back to the next when one is empty)."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    extras: list[str] = field(default_factory=list)
    """Other columns worth citing, copied into metadata under their own names."""

    def first(self, name: str) -> str | None:
        return (self.fields.get(name) or [None])[0]


def choose_columns(columns: list[str], rows: list[dict[str, str]], explicit: dict) -> ColumnChoice:
    """The text, title, date, source, url and author columns, and the extra columns worth citing."""
    values = {column: [row.get(column, "") for row in rows] for column in columns}
    choice = ColumnChoice()
    # Title before text, so a long title column is never taken for the text.
    for name in ("url", "date", "title", "text", "source", "author"):
        taken = {c for chosen in choice.fields.values() for c in chosen}
        if explicit.get(name):
            choice.fields[name] = [explicit[name]]
        else:
            choice.fields[name] = detect_column(name, [c for c in columns if c not in taken], values)
    taken = {c for chosen in choice.fields.values() for c in chosen}
    choice.extras = [c for c in columns if c not in taken and is_citable_column(c, values[c])]
    return choice


def detect_column(name: str, columns: list[str], values: dict[str, list[str]]) -> list[str]:
    """Columns for one field: named ones whose content fits, else the best fit by content alone."""
    named = [c for c in sorted(columns, key=lambda c: name_rank(name, c)) if name_rank(name, c) < 2]
    fitting = [c for c in named if content_fits(name, values[c])]
    if name == "text":
        return sorted(fitting, key=lambda c: text_weight(values[c]), reverse=True)[:1] or longest_text_column(columns, values)
    if fitting or name not in ("date", "url", "title"):
        return fitting
    if name == "title":
        return [c for c in columns if all(name_rank(other, c) == 2 for other in FIELDS) and holds_document_titles(values[c])][:1]
    by_content = [c for c in columns if content_fits(name, values[c]) and not is_identifier_column(c, values[c])]
    return by_content[:1]


MIN_TITLE_HAN = 6


def holds_document_titles(values: list[str]) -> bool:
    """A column under a name that says nothing (``collection``, ``law``) whose values are titles of
    documents: one line each, title-shaped, a different one per row, most ending in a kind of document
    (…法, …的通知). A category's values repeat; a source's (国务院办公厅) name no kind of document.

    >>> holds_document_titles(["中华人民共和国预防未成年人犯罪法"]), holds_document_titles(["国务院办公厅", "国家发展改革委"])
    (True, False)
    >>> holds_document_titles(["关于印发某办法的通知", "关于印发某办法的通知"])
    False
    """
    filled = [v.strip() for v in values if v.strip()]
    if not filled or len(set(filled)) < len(filled):
        return False
    shaped = all("\n" not in v and count_han(v) >= MIN_TITLE_HAN and (is_title_like(v) or is_document_title(v)) for v in filled)
    return shaped and sum(DOCUMENT_KIND_ENDING.search(v) is not None for v in filled) * 2 > len(filled)


def name_rank(name: str, column: str) -> int:
    """0: a known whole name; 1: a name containing a known word; 2: no match.

    >>> name_rank("text", "chunk_text"), name_rank("date", "发布时间"), name_rank("url", "title")
    (1, 0, 2)
    """
    lowered = column.strip().lower()
    if lowered in EXACT_NAMES[name]:
        return 0
    words = set(re.split(r"[_\-\s.]+", lowered))
    hit = any(word in words or (count_han(word) and word in lowered) for word in NAME_WORDS[name])
    return 1 if hit else 2


def content_fits(name: str, values: list[str]) -> bool:
    """Whether most non-empty values look like this field (a date column parses as dates …).

    >>> content_fits("source", ["2026-08-07", "2026-08-07"]), content_fits("source", ["新华社", "人民日报"])
    (False, True)
    """
    filled = [v for v in values if v.strip()]
    if not filled:
        return name not in ("date", "url")
    urls = sum(1 for v in filled if URL.match(v.strip()))
    if name == "url":
        return urls * 2 > len(filled)
    if name == "date":
        return sum(1 for v in filled if value_to_iso_date(v)) * 2 > len(filled)
    if urls * 2 > len(filled):
        return False
    if name in ("source", "author") and sum(1 for v in filled if value_to_iso_date(v)) * 2 > len(filled):
        return False  # a column of dates (source_accessed_at) names no source
    return name == "text" or median(len(v) for v in filled) <= 300


def text_weight(values: list[str]) -> tuple[float, float]:
    """Average Chinese characters per row, then average length: the text is the longest Chinese."""
    count = max(len(values), 1)
    return sum(count_han(v) for v in values) / count, sum(len(v) for v in values) / count


def longest_text_column(columns: list[str], values: dict[str, list[str]]) -> list[str]:
    """The column with the most Chinese text on average, when it has enough to be a document."""
    candidates = [c for c in columns if not is_identifier_column(c, values[c]) and content_fits("text", values[c])]
    best = max(candidates, key=lambda c: text_weight(values[c]), default=None)
    if best is None or text_weight(values[best])[0] < MIN_TEXT_HAN and text_weight(values[best])[1] < MIN_TEXT_HAN * 5:
        return []
    return [best]


def is_identifier_column(column: str, values: list[str]) -> bool:
    """IDs, hashes and codes: named *id or holding only id-like tokens."""
    filled = [v.strip() for v in values if v.strip()]
    return bool(ID_NAME.search(column)) or bool(filled) and all(ID_LIKE.match(v) for v in filled)


def is_citable_column(column: str, values: list[str]) -> bool:
    """Short Chinese values (发文字号, category) worth keeping; not IDs, codes or notes."""
    filled = [v.strip() for v in values if v.strip()]
    if not filled or is_identifier_column(column, values):
        return False
    chinese = sum(1 for v in filled if count_han(v))
    return chinese * 2 > len(filled) and max(len(v) for v in filled) <= MAX_CITABLE_LENGTH


# --- dates ---

MAX_DATE_LENGTH = 40
"""Longer values are texts that mention a date, not dates."""


def value_to_iso_date(value: str) -> str | None:
    """An ISO date from a date, datetime or epoch (seconds or milliseconds, read in China time).

    >>> value_to_iso_date("2020-05-19"), value_to_iso_date("2020年5月7日"), value_to_iso_date("1780479540000")
    ('2020-05-19', '2020-05-07', '2026-06-03')
    >>> value_to_iso_date("2026-06-05T05:06:19+00:00"), value_to_iso_date("0"), value_to_iso_date("157")
    ('2026-06-05', None, None)
    >>> value_to_iso_date("习近平2020年5月17日给北京科技大学全体巴基斯坦留学生回信，对各国优秀青年来华学习深造表示欢迎")
    """
    value = value.strip()
    return to_iso_date(value) if value and len(value) <= MAX_DATE_LENGTH else None
