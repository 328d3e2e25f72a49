"""Whitespace of HTML text: what a browser shows, minus the layout.

HTML source wraps Chinese text at arbitrary points; a browser turns the
newline into a space, which in Chinese is a visible mistake. So a run of
whitespace that holds a line break and sits between two Chinese characters
is removed; any other run becomes one space (Latin words keep theirs).
Full-width indentation (U+3000) and no-break spaces at a paragraph's ends
are indentation, not text, and are stripped.

``<br>`` is the one hard question. Chinese editors use a single ``<br>``
both to break a long line and to start a paragraph; the text tells them
apart: a line that ends a sentence (。！？；…, quotes aside) ends its
paragraph, and so do one that ends with a colon (a salutation, 各有关单位：),
one that is only labelled fields (来源：…, 发布时间：…), and one followed by a
numbered line (（一）…, 第二条…) or by a line in another language; any other
line is continued by the next. Two or more ``<br>`` in a row always separate
paragraphs (a blank line on screen).
"""

from __future__ import annotations

import re

from ....charclass import HAN_RANGES, ends_sentence
from ..inline_text import is_paragraph_start
from .metadata import is_metadata_line

BREAK = "\x00br\x00"
"""Stands for a ``<br>`` in a run of inline text until the run is split into paragraphs."""

WIDE = f"{HAN_RANGES}\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2026\u2014"
"""Chinese characters and the full-width punctuation set between them."""
WRAPPED_SPACE = re.compile(rf"(?<=[{WIDE}])[ \t\r\n\f\v\u00a0]*\n[ \t\r\n\f\v\u00a0]*(?=[{WIDE}])")
SPACE_RUN = re.compile(r"[^\S\u3000]+|\u200b+")
EDGE_SPACE = " \t\r\n\f\v\u00a0\u200b\u3000\ufeff"


def tidy_text(text: str) -> str:
    """The text as shown, without source wrapping or indentation.

    >>> tidy_text("\\u3000\\u3000坚持稳中\\n   求进，  deepen  reform\\n.")
    '坚持稳中求进， deepen reform .'
    """
    text = WRAPPED_SPACE.sub("", text)
    return SPACE_RUN.sub(" ", text).strip(EDGE_SPACE)


def split_at_breaks(run: str) -> list[str]:
    """Paragraph texts of an inline run whose ``<br>`` are marked with `BREAK`.

    >>> split_at_breaks(f"第一行没有结束{BREAK}而是继续。{BREAK}第二段。{BREAK}{BREAK}Third")
    ['第一行没有结束而是继续。', '第二段。', 'Third']
    >>> split_at_breaks(f"来源: 深圳市中小企业服务局{BREAK}各区中小企业主管部门，各有关企业：{BREAK}按照工作安排，现通知如下。")
    ['来源: 深圳市中小企业服务局', '各区中小企业主管部门，各有关企业：', '按照工作安排，现通知如下。']
    """
    paragraphs: list[str] = []
    current = ""
    for line in run.split(BREAK):
        line = tidy_text(line)
        if not line:
            paragraphs.append(current)
            current = ""
        elif current and not ends_sentence(current) and not current.endswith(("：", ":")) and not is_metadata_line(current) \
                and not is_paragraph_start(current, line):
            current = join_lines(current, line)
        else:
            paragraphs.append(current)
            current = line
    paragraphs.append(current)
    return [paragraph for paragraph in paragraphs if paragraph]


def join_lines(first: str, second: str) -> str:
    """Two pieces of one paragraph: Chinese joins directly, Latin with a space.

    >>> join_lines("万载县统计局", "（2023年5月）"), join_lines("the", "end")
    ('万载县统计局（2023年5月）', 'the end')
    """
    if re.match(rf"[{WIDE}]", first[-1]) or re.match(rf"[{WIDE}]", second[0]):
        return first + second
    return f"{first} {second}"


def has_words(text: str) -> bool:
    """True when `text` holds a letter, digit or Han character (not only punctuation).

    >>> has_words(", "), has_words("]"), has_words("二")
    (False, False, True)
    """
    return any(char.isalnum() for char in text)
