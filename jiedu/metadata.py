"""Metadata as a reader will cite it: dates in ISO form, an address where an address belongs.

Front matter, sidecars, readers and the cleaner's 来源/时间 lines all give
metadata in the shapes their sources had. Three shapes are tidied wherever
metadata is gathered, so the home page orders and shows documents alike
(a title a scraper wrote twice over is written once):

>>> tidy_metadata({"date": "Tue, 04 Apr 2023 07:49:53 GMT", "source": "https://www.gov.cn/a.html"})
{'date': '2023-04-04', 'url': 'https://www.gov.cn/a.html'}
>>> tidy_metadata({"date": "2025", "source": "新华社"})
{'date': '2025', 'source': '新华社'}
>>> tidy_metadata({"title": "2004年广州市政府工作报告2004年广州市政府工作报告"})
{'title': '2004年广州市政府工作报告'}
"""

from __future__ import annotations

import re

from .dates import to_iso_date

ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
DOUBLED = re.compile(r"(.{4,}?)\s*\1")


def tidy_metadata(metadata: dict) -> dict:
    """A copy with a written-out date made ISO (a bare year stays), a `source` that is only an address
    moved to `url`, and a title that is the same words twice (a page's <title> and its heading run together) once."""
    tidied = dict(metadata)
    title = tidied.get("title")
    if isinstance(title, str) and (doubled := DOUBLED.fullmatch(title.strip())):
        tidied["title"] = doubled.group(1)
    date = tidied.get("date")
    if isinstance(date, str) and not ISO_DATE.match(date.strip()) and (iso := to_iso_date(date)):
        tidied["date"] = iso
    source = tidied.get("source")
    if isinstance(source, str) and re.fullmatch(r"https?://\S+", source.strip()) and not tidied.get("url"):
        tidied["url"] = tidied.pop("source").strip()
    return tidied
