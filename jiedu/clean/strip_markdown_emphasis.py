"""Pass `strip_markdown_emphasis`: Markdown's bold and italic marks left in plain text.

Text exported from a web page or a word processor to Markdown and saved as
``.txt`` keeps its ``**bold**`` headings (``**一、1998年政府工作的回顾**``)
when too little else of Markdown is left for the file to be read as
Markdown (`jiedu.ingest.readers.markdown.looks_like_markdown`). Chinese text
has no other use for a doubled asterisk or underscore, so a pair of them
around text is a mark and goes, the text staying. A pair may span the line
break of a wrapped heading (``**二、主要目标和`` / ``工作任务**``), not a blank
line. A backslash escape a converter put before such a mark (``\\*``) is
taken off as well, leaving the character.

Unpaired marks stay (a statistics table's ``0.35**``), and so do runs of
underscores (``______``: a blank to fill in).

>>> strip_markdown_emphasis("**一、回顾**\\n正文**加粗**。注（\\\\*）")[0]
'一、回顾\\n正文加粗。注（*）'
>>> strip_markdown_emphasis("***政府工作报告**\\n***重点***")[0]
'政府工作报告\\n重点'
"""

from __future__ import annotations

import re
import unicodedata

from ..model import Change

PASS_NAME = "strip_markdown_emphasis"
MAX_SPAN = 300
"""Characters a bold or italic span may hold: a heading or a phrase, not a page."""


def _inside(mark: str) -> str:
    """What a pair of `mark` may enclose: no `mark`, at most one line break, MAX_SPAN characters a line."""
    line = f"[^{mark}\\n]{{0,{MAX_SPAN}}}?"
    return f"({line}(?:\\n{line})?)"


# A pair of ** (or __) around text: not opening on a space, not closing after one, no mark
# inside and at most one line break (a wrapped heading); __ only where no letter or digit
# touches it (snake_case stays). `_flanking` then checks the pair as CommonMark would.
PAIR = re.compile(
    rf"(\*\*\*?)(?=[^\s*]){_inside('*')}(?<![ \t])(\*\*\*?)"
    rf"|(?<![\w_])(__)(?=[^\s_]){_inside('_')}(?<![ \t])(__)(?![\w_])"
)
ESCAPE = re.compile(r"(?<!\\)\\([*_])")


def strip_markdown_emphasis(text: str) -> tuple[str, list[Change]]:
    """Remove paired emphasis marks and escaped marks; one Change per line touched."""
    if "**" not in text and "__" not in text and "\\" not in text:
        return text, []
    fixed = PAIR.sub(_unmarked, ESCAPE.sub(r"\1", text))
    if fixed == text:
        return text, []
    changes = [
        Change(PASS_NAME, number, before, after, "Markdown emphasis marks removed")
        for number, (before, after) in enumerate(zip(text.split("\n"), fixed.split("\n")), 1)
        if before != after
    ]
    return fixed, changes


def _unmarked(match: re.Match) -> str:
    """The text between the marks, when they are a pair; ``***…***`` is bold italic, and ``***…**``
    (an italic mark its converter never closed) goes with the bold it opens."""
    opening, inner, closing = match.group(1, 2, 3) if match.group(1) is not None else match.group(4, 5, 6)
    marks = (len(opening), len(closing))
    return inner if inner and _flanking(match.string, match.start(), match.end(), marks) else match.group()


def _flanking(text: str, start: int, end: int, marks: tuple[int, int] = (2, 2)) -> bool:
    """CommonMark's flanking rule: an opening mark followed by punctuation needs a space or
    punctuation before it, a closing one after punctuation a space or punctuation after it
    (``0.35**，`` opens nothing). `marks`: the opening and closing marks' lengths."""
    before, first = text[start - 1 : start], text[start + marks[0]]
    last, after = text[end - marks[1] - 1], text[end : end + 1]
    opens = not _is_punctuation(first) or not before or before.isspace() or _is_punctuation(before)
    closes = not _is_punctuation(last) or not after or after.isspace() or _is_punctuation(after)
    return opens and closes


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith(("P", "S"))
