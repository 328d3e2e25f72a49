"""Dates as documents print them, made ISO (``YYYY-MM-DD``) for metadata and ordering.

A date keeps the calendar day of its own time zone: a feed's
``Tue, 01 Jun 2021 23:30:00 +0800`` is 1 June, as its readers saw it, not
31 May in UTC.

>>> [to_iso_date(text) for text in ("2024-01-10 08:00", "2024年1月10日", "2024/1/5", "Tue, 04 Apr 2023 07:49:53 GMT", "1622561400000", "昨天")]
['2024-01-10', '2024-01-10', '2024-01-05', '2023-04-04', '2021-06-01', None]

Taiwan dates official documents by the Republic's years (民國1年 is 1912):

>>> to_iso_date("發文日期：中華民國107年3月13日"), to_iso_date("民國 98 年 1 月 23 日")
('2018-03-13', '2009-01-23')
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

NUMERIC_DATE = re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
ROC_DATE = re.compile(r"民[國国]\s*(\d{1,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
"""A date of the Republic of China's calendar (Taiwan's official documents): year 1 is 1912."""
ROC_YEAR_ZERO = 1911
EPOCH = re.compile(r"^\d{10}(?:\d{3})?(?:\.\d+)?$")
CHINA = dt.timezone(dt.timedelta(hours=8))
"""Epoch times carry no zone; the documents jiedu reads are dated in China's."""
EARLIEST, LATEST = 1000, 2999


def to_iso_date(text: str) -> str | None:
    """The calendar date in `text` as ``YYYY-MM-DD``, or None when it holds none."""
    text = str(text).strip()
    if EPOCH.match(text):
        return _from_epoch(float(text))
    if roc := ROC_DATE.search(text):
        year, month, day = (int(part) for part in roc.groups())
        return _valid(ROC_YEAR_ZERO + year, month, day)
    match = NUMERIC_DATE.search(text)
    if match:
        return _valid(*(int(part) for part in match.groups()))
    return _from_rfc2822(text)


def _from_epoch(number: float) -> str | None:
    seconds = number / 1000 if number > 1e11 else number
    try:
        return dt.datetime.fromtimestamp(seconds, CHINA).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _valid(year: int, month: int, day: int) -> str | None:
    if not EARLIEST <= year <= LATEST:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _from_rfc2822(text: str) -> str | None:
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed and EARLIEST <= parsed.year <= LATEST else None
