"""Metadata as a reader will cite it: dates in ISO form, an address where an address belongs.

Front matter, sidecars, readers and the cleaner's 来源/时间 lines all give
metadata in the shapes their sources had. Two shapes are tidied wherever
metadata is gathered, so the home page orders and shows documents alike:

>>> tidy_metadata({"date": "Tue, 04 Apr 2023 07:49:53 GMT", "source": "https://www.gov.cn/a.html"})
{'date': '2023-04-04', 'url': 'https://www.gov.cn/a.html'}
>>> tidy_metadata({"date": "2025", "source": "新华社"})
{'date': '2025', 'source': '新华社'}
"""

from __future__ import annotations

import re

from .dates import to_iso_date

ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def tidy_metadata(metadata: dict) -> dict:
    """A copy with a written-out date made ISO (a bare year stays) and a `source` that is only an address moved to `url`."""
    tidied = dict(metadata)
    date = tidied.get("date")
    if isinstance(date, str) and not ISO_DATE.match(date.strip()) and (iso := to_iso_date(date)):
        tidied["date"] = iso
    source = tidied.get("source")
    if isinstance(source, str) and re.fullmatch(r"https?://\S+", source.strip()) and not tidied.get("url"):
        tidied["url"] = tidied.pop("source").strip()
    return tidied
