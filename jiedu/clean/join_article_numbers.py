"""Pass `join_article_numbers`: a law's article number set on a line of its own is put back before its text.

Laws and regulations print an article's number at the head of its first
paragraph (``第五条　鼓励生成式人工智能技术…``). Web pages often set it apart,
bold in a paragraph or a cell of its own, and a copy or a dataset's text
field keeps it as a line alone: ``第五条`` / ``鼓励生成式人工智能技术…``. The
reader then meets a paragraph of three characters and an article without
its number. This pass joins such a line to the paragraph after it, with the
space the official text has (``第五条 鼓励…``), as the later passes and the
structure read articles.

It joins only an article number (第X条, 第X条之一) that is the whole line,
and only to a line of text after it (blank lines between are passed over):
not to another number, a chapter or section heading, or nothing. Chapter
and section headings (第一章 总则) stand on their own lines in the official
text too and are left alone.

>>> join_article_numbers("第二章 技术发展\\n第五条\\n鼓励创新。\\n第六条\\n\\n推动建设。")[0]
'第二章 技术发展\\n第五条 鼓励创新。\\n第六条 推动建设。'
>>> join_article_numbers("第五条\\n第六条 推动建设。")[0]
'第五条\\n第六条 推动建设。'
"""

from __future__ import annotations

import re

from ..charclass import CHINESE_DIGITS
from ..model import Change

PASS_NAME = "join_article_numbers"

NUMBER = f"(?:[{CHINESE_DIGITS}]{{1,6}}|\\d{{1,4}})"
ARTICLE_NUMBER_ALONE = re.compile(f"[ \u3000]*(第{NUMBER}[条條](?:之[{CHINESE_DIGITS}]{{1,3}})?)[ \u3000]*")
"""A line that is only an article's number, ``第五条`` or ``第五條``."""
NOT_THE_TEXT = re.compile(f"[ \u3000]*(?:第{NUMBER}[条條章节節编編款]|第{NUMBER}部分|[{CHINESE_DIGITS}]{{1,3}}、)")
"""What starts the next line when it is not the article's text: another number, a heading of the law's parts."""
TEXT_START = re.compile(r"[ \u3000]*[\u3400-\u9fff\uf900-\ufaff（(“「《]")
"""The article's text starts with a Han character or an opening bracket or quotation mark."""


def join_article_numbers(text: str) -> tuple[str, list[Change]]:
    """Each line that is only an article number, joined to the line of text after it."""
    if "条" not in text and "條" not in text:
        return text, []
    lines = text.split("\n")
    kept: list[str] = []
    changes: list[Change] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        number = ARTICLE_NUMBER_ALONE.fullmatch(line)
        if number:
            after = index + 1
            while after < len(lines) and not lines[after].strip():
                after += 1
            if after < len(lines) and TEXT_START.match(lines[after]) and not NOT_THE_TEXT.match(lines[after]):
                joined = f"{number.group(1)} {lines[after].strip()}"
                changes.append(Change(PASS_NAME, index + 1, "\n".join(lines[index : after + 1]), joined, "an article's number on a line of its own, put before its text"))
                kept.append(joined)
                index = after + 1
                continue
        kept.append(line)
        index += 1
    if not changes:
        return text, []
    return "\n".join(kept), changes
