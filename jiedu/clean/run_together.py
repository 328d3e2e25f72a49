"""Lines that hold several paragraphs: a law's articles or a list's items run together.

A scrape that lost its paragraph breaks runs a law's articles into one line
(``…制定本条例。第二条 环境保护税法所附…``) and a list's items too
(``…有哪些？（一）加大…。（二）破除…``). A numbered start inside a line
begins a new line when it follows a sentence stop and

- it is an article, chapter or section (第X条/章/节) followed by a space, as
  laws print them (``第二条　…``), or it continues their numbering; or
- it is a list number (一、 （一） 1. …) that continues the numbering of the
  same style before it (at the line's start or an item already split off), or
  it is a 1 whose 2 follows later in the line;
- or it is an interview's turn, 问： or 答：, in a line that holds both.

A law's title run into its first chapter heading (``规划环境影响评价条例第一章 总则``,
what is left when a scrape drops the breaks of a law's head) is split there too:
the line must be only the title, which ends in a kind of law (法, 条例, 办法…),
and 第一章 or 第一编, a space and a short heading (本条例第一章 is a reference).

A reference inside a sentence (``…依照本法第六条第二款…``) follows no stop;
one that starts a sentence (``…。第十三条所称…``) has no space after it and
breaks the numbering, so it stays.

>>> split_run_together("第一条 为了规范。第二条 本法适用于。第十三条所称的，是指。")[0]
'第一条 为了规范。\\n第二条 本法适用于。第十三条所称的，是指。'
>>> split_run_together("记者会上。问：背景是什么？答：形势变化。问：内容呢？答：三条。")[0]
'记者会上。\\n问：背景是什么？\\n答：形势变化。\\n问：内容呢？\\n答：三条。'
>>> split_run_together("一、背景是什么？当前，形势变化。二、主要内容有哪些？（一）加大应用。（二）破除障碍。")[0]
'一、背景是什么？当前，形势变化。\\n二、主要内容有哪些？\\n（一）加大应用。\\n（二）破除障碍。'
"""

from __future__ import annotations

import re

from ..charclass import CHINESE_DIGITS, CLOSING_QUOTES, count_han
from ..model import Change
from .line_shapes import chinese_number_to_int, numbered_prefix, run_in_heading_end

ARTICLE = re.compile(rf"第([{CHINESE_DIGITS}]{{1,6}}|\d{{1,3}})条")
LAW_KINDS = ("article", "part", "subpart", "chapter", "section")
# A numbered start right after a sentence stop or a colon that opens a list
# (是指：（一）…；（二）…), closing quotes allowed between.
AFTER_STOP = re.compile(rf"(?<=[。！？；：])[{re.escape(CLOSING_QUOTES)}]*(?=[第（(0-9{CHINESE_DIGITS}①-⑳问答])")
# An interview's turns (问：… 答：…), split when the line holds both.
INTERVIEW_TURN = re.compile(r"([问答])[：:]")
TURNS = frozenset("问答")
# A law's title, then its first chapter or part heading, the whole line.
LAW_TITLE_THEN_CHAPTER = re.compile(
    r"[^\s。，；：！？、“”《》（）()]{2,40}?(?<![本该該此])(?:法|法典|条例|條例|规定|規定|办法|辦法|细则|細則|规则|規則|章程|准则|準則)"
    r"(?=第[一1][章编編][ \u3000][^\s。，；：！？]{1,16}$)"
)
OCCASION = re.compile(
    r"——(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d〇○零一二三四五六七八九十]{1,3}月[\d〇○零一二三四五六七八九十]{1,3}日"
    r"在[^。，；！？\n]{4,60}?(?:会议|會議|大会|大會|座谈会|座談會|典礼|典禮)上(?:的(?:讲话|講話|报告|報告|发言|發言))?"
)
"""A speech's occasion under its title (``——2024年3月5日在第十四届全国人民代表大会第二次会议上``)."""
MAX_SPEAKER = 20
"""Characters, at most, of the speaker's office and name after the occasion (国务院总理 李强)."""
CONTEXT = 8
"""Characters of context either side of a split, in the Change."""


def split_run_together(text: str, pass_name: str = "join_wrapped_lines") -> tuple[str, list[Change]]:
    """Break every line before the numbered starts run into it; see the module docstring."""
    lines = text.split("\n")
    changes: list[Change] = []
    for number, line in enumerate(lines, 1):
        pieces, found = split_line(line, number, pass_name)
        lines[number - 1] = "\n".join(pieces)
        changes.extend(found)
    return "\n".join(lines), changes


def split_line(line: str, number: int, pass_name: str) -> tuple[list[str], list[Change]]:
    """`line` cut before each numbered start run into it, and a Change for each cut."""
    cuts = split_points(line)
    if not cuts:
        return [line], []
    pieces = [line[a:b].rstrip() for a, b in zip([0, *cuts], [*cuts, len(line)])]
    return pieces, [_split_change(line, cut, number, pass_name) for cut in cuts]


def title_occasion_speaker(line: str) -> list[int]:
    """Where a speech's head run into one line breaks: before the occasion (——…在…上) and before the
    speaker after it, when the line is only a title, the occasion and perhaps a speaker.

    >>> line = "政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上国务院总理 李强"
    >>> [line[a:b] for a, b in zip([0, *title_occasion_speaker(line)], [*title_occasion_speaker(line), len(line)])]
    ['政府工作报告', '——2024年3月5日在第十四届全国人民代表大会第二次会议上', '国务院总理 李强']
    >>> title_occasion_speaker("——2024年3月5日在第十四届全国人民代表大会第二次会议上"), title_occasion_speaker("他说，——2024年3月5日在大会上的讲话，很重要。")
    ([], [])
    """
    occasion = OCCASION.search(line)
    if occasion is None or occasion.start() == 0 or occasion.start() > MAX_SPEAKER * 3:
        return []
    title, speaker = line[: occasion.start()], line[occasion.end() :].strip()
    if count_han(title) < 2 or re.search(r"[。，；！？]", title) or len(speaker) > MAX_SPEAKER or re.search(r"[。，；！？]", speaker):
        return []
    return [occasion.start(), occasion.end()] if speaker else [occasion.start()]


def split_points(line: str) -> list[int]:
    """Where the numbered starts inside `line` begin (none for most lines)."""
    if title := LAW_TITLE_THEN_CHAPTER.match(line):
        return [title.end()]
    if head := title_occasion_speaker(line):
        return head
    if heading := run_in_heading_end(line):
        start = len(line) - len(line[heading:].lstrip())
        return [start, *(start + cut for cut in split_points(line[start:]))]
    if len(line) < 20 or not AFTER_STOP.search(line):
        return []
    candidates = [(at, *numbering) for at in _starts_after_stops(line) if (numbering := line_numbering(line[at:]))]
    if not candidates:
        return []
    last: dict[str, int] = dict.fromkeys(TURNS, 0) if TURNS <= {kind for _, kind, _, _ in candidates} else {}
    if opening := line_numbering(line):
        last[opening[0]] = opening[1]
    last_two = {kind: i for i, (_, kind, value, _) in enumerate(candidates) if value == 2}
    cuts = []
    for i, (at, kind, value, spaced) in enumerate(candidates):
        continues = kind in last and (value == last[kind] + 1 or kind in TURNS)
        opens_run = value == 1 and last_two.get(kind, -1) > i
        if continues or opens_run or (kind in LAW_KINDS and spaced):
            cuts.append(at)
            last[kind] = value
    return cuts


def line_numbering(text: str) -> tuple[str, int, bool] | None:
    """(kind, number, followed by a space) of the numbering `text` starts with.

    >>> line_numbering("第十二条 本条例"), line_numbering("（二）破除"), line_numbering("第十三条所称")
    (('article', 12, True), ('cn_paren', 2, False), ('article', 13, False))
    """
    turn = INTERVIEW_TURN.match(text)
    if turn:
        return turn.group(1), 0, False
    article = ARTICLE.match(text)
    if article:
        return "article", chinese_number_to_int(article.group(1)), text[article.end() : article.end() + 1].isspace()
    numbering = numbered_prefix(text)
    if numbering is None:
        return None
    spaced = numbering.rest != text and text[len(text) - len(numbering.rest) - 1].isspace()
    return numbering.kind, numbering.number, spaced


def _starts_after_stops(line: str) -> list[int]:
    return [match.end() for match in AFTER_STOP.finditer(line) if match.end() < len(line)]


def _split_change(line: str, cut: int, number: int, pass_name: str) -> Change:
    before = line[max(0, cut - CONTEXT) : cut + CONTEXT]
    after = line[max(0, cut - CONTEXT) : cut] + "\n" + line[cut : cut + CONTEXT]
    return Change(pass_name, number, before, after, "numbered item run into the line before: new line")
