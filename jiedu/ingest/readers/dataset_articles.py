"""Rows that are the articles of a law: one document per law, not one per article.

Legal datasets keep a law one article a row: a column holding only the
article's number (``第1条``, ``第二十条``, ``第 8 條``), another its text, often
the law's name or code in every row. Read row by row, a law of 38 articles
would be 38 documents of one sentence each. When a column holds nothing but
article numbers, consecutive rows are one law's articles, until the law's name
(the title column) changes or the numbering starts again; each row becomes a
paragraph led by its number (``第一条 为了…``), as the law prints it.

>>> rows = [{"law": "甲法", "no": "第1条", "text": "为了甲，制定本法。"}, {"law": "甲法", "no": "第2条", "text": "本法适用于甲。"},
...         {"law": "乙法", "no": "第1条", "text": "为了乙，制定本法。"}]
>>> article_number_column(["law", "no", "text"], rows, taken={"text", "law"})
'no'
>>> [[row["no"] for row in law] for law in laws_of(rows, "no", "law")]
[['第1条', '第2条'], ['第1条']]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...clean.line_shapes import ARTICLE_NUMBER, chinese_number_to_int
from .dataset_columns import holds_document_titles

NUMBER_ONLY = re.compile(rf"\s*({ARTICLE_NUMBER.pattern})\s*")
NUMBER_DIGITS = re.compile(r"第 ?([^条條 ]+) ?[条條]")
MIN_ARTICLES = 2


def article_number_column(columns: Iterable[str], rows: list[dict[str, str]], taken: set[str]) -> str | None:
    """A column, not taken for another field, each of whose values in every row is an article number alone."""
    if len(rows) < MIN_ARTICLES:
        return None
    for column in columns:
        if column in taken:
            continue
        values = [row.get(column, "") for row in rows]
        if all(NUMBER_ONLY.fullmatch(value) for value in values):
            return column
    return None


def article_number(value: str) -> int | None:
    """The article's number as an integer (第二十条 -> 20), None if it does not read as one.

    >>> article_number("第二十条"), article_number("第 8 條"), article_number("第十条之一")
    (20, 8, 10)
    """
    found = NUMBER_DIGITS.search(value)
    if found is None:
        return None
    digits = found.group(1)
    try:
        return int(digits) if digits.isdigit() else chinese_number_to_int(digits)
    except (KeyError, ValueError):
        return None


def laws_of(rows: list, number_column: str, title_column: str | None, fields=lambda row: row) -> list[list]:
    """The rows cut into laws: a new law where the title changes or the numbering goes back."""
    laws: list[list] = []
    for row in rows:
        values = fields(row)
        number = article_number(values.get(number_column, ""))
        if laws:
            last = fields(laws[-1][-1])
            previous = article_number(last.get(number_column, ""))
            same_title = title_column is None or values.get(title_column, "").strip() == last.get(title_column, "").strip()
            restarts = number is not None and previous is not None and number < previous
            if same_title and not restarts:
                laws[-1].append(row)
                continue
        laws.append([row])
    return laws


def group_laws(rows: list, columns: Iterable[str], number_column: str, title_column: str | None, taken: set[str], fields) -> tuple[list[list], str | None]:
    """The rows cut into laws (`laws_of`), at changes of the title column when there is one; else the
    column found to name each law (`law_title_column`, in the laws cut by their numbering alone, which
    are then cut again by it), or None."""
    laws = laws_of(rows, number_column, title_column, fields)
    if title_column:
        return laws, None  # the rows' metadata carries the title already
    named = law_title_column(columns, laws, taken | {number_column}, fields)
    return (laws_of(rows, number_column, named, fields), named) if named else (laws, None)


def law_title_column(columns: Iterable[str], laws: list[list], taken: set[str], fields=lambda row: row) -> str | None:
    """A column, not taken for another field, that holds one value in all of a law's rows and names a
    document there (中华人民共和国增值税法): the law's title. A title column proper holds a different
    title in every row, so `dataset_columns` does not take it.

    >>> laws = [[{"law": "中华人民共和国甲法", "no": "第1条"}, {"law": "中华人民共和国甲法", "no": "第2条"}], [{"law": "中华人民共和国乙法", "no": "第1条"}]]
    >>> law_title_column(["law", "no"], laws, set()), law_title_column(["law", "no"], laws, {"law"})
    ('law', None)
    """
    for column in columns:
        if column in taken:
            continue
        values = [{fields(row).get(column, "").strip() for row in law} for law in laws]
        if all(len(value) == 1 for value in values) and holds_document_titles([next(iter(value)) for value in values]):
            return column
    return None


def with_number(number: str, text: str) -> str:
    """The article's text led by its number, unless it already is (``第一条 为了…``).

    >>> with_number("第1条", "为了健全增值税制度，制定本法。"), with_number("第一条", "第一条　为了…")
    ('第1条 为了健全增值税制度，制定本法。', '第一条　为了…')
    """
    number, text = number.strip(), text.lstrip()
    return text if ARTICLE_NUMBER.match(text) else f"{number} {text}"
