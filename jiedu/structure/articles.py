"""Split a page into articles and read each article's headline, kickers and dateline.

A newspaper page holds several articles; a report is one. An article starts
at a *header group*, a run of title lines (and bracketed notes) that is

- at the top of the text, or right after a stronger break (blank line);
- followed by a dateline (``本报拉萨1月10日讯…``); or
- holding a dated note (``（2024年1月10日…通过）``);

or, for an article after a stronger break that starts with its text, a run of
title lines at the *end* of it: the headline printed after the text (an
editorial). Other title lines are minor headings inside the article.

A sign-off (issuer and date, ``国务院一九九九年十月三十一日``) right after a
paragraph closes that text: it is a paragraph of it, not the headline of
what follows (under a headline it is a byline and stays in the header).

In a header group the headline is the first line that is not kicker-shaped
(`is_kicker`): a note, a ——subtitle, a line reporting who did what
(``洛桑江村主持``, ``严金海在…会议上强调``), a greeting (``热烈祝贺…``) or a
byline (``自治区主席 嘎玛泽登``). Lines printed above it are its overlines
(引题), lines below its subtitles (副题, notes, bylines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..charclass import ends_sentence
from ..clean.line_shapes import is_label, is_signature, is_split_signature
from .items import Item, ItemKind

ATTRIBUTION = re.compile(r"(?:主持|强调|強調|指出|讲话|講話|出席|表示|要求|批示|致辞|致辭|致信|致电|致電|会见|會見|会谈|會談|调研|調研|考察|宣布|寄语|寄語|回信|作出重要指示|發表講話|发表讲话)$")
GREETING = re.compile(r"^(?:热烈|熱烈|祝贺|祝賀|庆祝|慶祝|纪念|紀念|喜迎|献礼|獻禮|迎接)")
_OFFICES = "主席|总理|總理|书记|書記|主任|省长|省長|市长|市長|部长|部長|院长|院長|检察长|檢察長|委员长|委員長|记者|記者|社长|社長"
# About a hundred of the commonest Han surnames (most of the population bears one), to tell a
# name run together with an office from a word.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆"
    "范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文"
)
# Office, then a name: spaced (自治区主席 嘎玛泽登), or run together when the office starts the line
# or follows a place and a common surname starts a name of two to four characters (市长张广宁, 青岛市市长王家瑞,
# 自治区主席白玛赤林): 总书记的嘱托 is no byline.
BYLINE = re.compile(
    rf"^\S{{0,16}}(?:{_OFFICES})[ 　]+\S{{2,8}}$"
    rf"|^(?:\S{{0,12}}[省市区县州盟旗])?(?:{_OFFICES})[{SURNAMES}][\u4e00-\u9fff]{{1,3}}$"
)
HEADER_KINDS = (ItemKind.TITLE, ItemKind.NOTE)


@dataclass(frozen=True, slots=True)
class ArticleSpan:
    """The items of one article: its header group and its body."""

    header: tuple[Item, ...]
    body: tuple[Item, ...]
    attrs: tuple[tuple[str, str], ...] = ()
    """What the format said of the article (a feed item's date and link)."""


def split_articles(items: list[Item]) -> list[ArticleSpan]:
    """Cut the items at each article start; see the module docstring."""
    spans: list[ArticleSpan] = []
    for index, chunk in enumerate(_chunks(_sign_offs_as_text(items))):
        lead, found = _chunk_articles(chunk, first_chunk=index == 0)
        if lead and spans and not spans[-1].body:
            # A byline set off by a blank line under a headline (市长 孙国强) still belongs to it.
            bylines = _leading_bylines(lead)
            spans[-1] = ArticleSpan(spans[-1].header + lead[:bylines], (), spans[-1].attrs)
            lead = lead[bylines:]
        if lead and spans:
            # Text after a stronger break with no headline of its own: more of the article before.
            spans[-1] = ArticleSpan(spans[-1].header, spans[-1].body + lead, spans[-1].attrs)
        elif lead:
            spans.append(ArticleSpan((), lead))
        spans.extend(found)
    return spans


def _leading_bylines(items: tuple[Item, ...]) -> int:
    """How many of the first items are bylines (title lines naming an office and a person)."""
    count = 0
    while count < len(items) and items[count].kind is ItemKind.TITLE and BYLINE.match(items[count].text):
        count += 1
    return count


def _sign_offs_as_text(items: list[Item]) -> list[Item]:
    """A sign-off line anywhere but under a title line (where it is the headline's byline) is a paragraph
    too: after a paragraph (see the module docstring), or first (a bulletin whose title is not in its
    text opens with 黔东南州统计局 2024年5月7日, on one line or with the date on the next)."""
    found = list(items)
    for i, item in enumerate(items):
        if item.kind is ItemKind.TITLE and not (i and items[i - 1].kind is ItemKind.TITLE) and signs_off(items, i):
            found[i] = replace(item, kind=ItemKind.PARAGRAPH)
            date = _next_line(items, i)
            if not is_signature(item.text) and items[date].kind is ItemKind.TITLE:
                found[date] = replace(items[date], kind=ItemKind.PARAGRAPH)  # the sign-off's date, on its own line
    return found


def signs_off(items, at: int) -> bool:
    """The item is a sign-off: an issuer and a date on its line, or an issuer's name with the date alone
    on the next line of text (blank lines between)."""
    date = _next_line(items, at)
    return is_signature(items[at].text) or (date is not None and is_split_signature(items[at].text, items[date].text))


def _next_line(items, at: int) -> int | None:
    """The index of the next line of text after `at` (blank lines between), or None."""
    return next((j for j in range(at + 1, len(items)) if items[j].kind is not ItemKind.BREAK), None)


def _chunks(items: list[Item]) -> list[list[Item]]:
    chunks: list[list[Item]] = [[]]
    for item in items:
        if item.kind is ItemKind.BREAK:
            chunks.append([])
        else:
            chunks[-1].append(item)
    return [chunk for chunk in chunks if chunk]


def _chunk_articles(chunk: list[Item], first_chunk: bool) -> tuple[tuple[Item, ...], list[ArticleSpan]]:
    """The items before the chunk's first article start, and its articles."""
    starts = [(start, end) for start, end in _header_runs(chunk) if _is_article_start(chunk, start, end, first_chunk)]
    trailing = None if first_chunk or starts else _trailing_header(chunk)
    if trailing is not None:
        return (), [ArticleSpan(tuple(chunk[trailing:]), tuple(chunk[:trailing]))]
    lead = tuple(chunk[: starts[0][0]] if starts else chunk)
    spans = []
    for i, (start, end) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(chunk)
        spans.append(ArticleSpan(tuple(chunk[start:end]), tuple(chunk[end:stop])))
    return lead, spans


def _header_runs(chunk: list[Item]) -> list[tuple[int, int]]:
    """(start, end) of each maximal run of title and note lines."""
    runs, start = [], None
    for i, item in enumerate(chunk + [Item(ItemKind.PARAGRAPH, "", 0)]):
        if item.kind in HEADER_KINDS and start is None:
            start = i
        elif item.kind not in HEADER_KINDS and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _is_article_start(chunk: list[Item], start: int, end: int, first_chunk: bool = False) -> bool:
    run = chunk[start:end]
    if not any(item.kind is ItemKind.TITLE for item in run):
        return False
    before_dateline = end < len(chunk) and chunk[end].kind is ItemKind.DATELINE
    # The text's first lines, a blank line below them: its headline, whatever follows.
    at_top = start == 0 and (end < len(chunk) or first_chunk)
    return at_top or before_dateline or any(item.is_dated_note for item in run)


def _trailing_header(chunk: list[Item]) -> int | None:
    """Where a headline printed after its text starts: a title run that ends the chunk, after prose
    (a paragraph that ends a sentence). A list of names (a sitting's members present) ends in a name."""
    runs = _header_runs(chunk)
    if runs and runs[-1][1] == len(chunk) and runs[-1][0] > 0:
        start = runs[-1][0]
        prose = any(item.kind is ItemKind.PARAGRAPH and ends_sentence(item.text) for item in chunk[:start])
        return start if prose and any(item.kind is ItemKind.TITLE for item in chunk[start:]) else None
    return None


def choose_headline(header: tuple[Item, ...]) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """(overlines, headline, subtitles) of a header group, each in print order.

    >>> items = (Item(ItemKind.TITLE, "严金海在自治区政府全体会议上强调", 1), Item(ItemKind.TITLE, "锚定目标不折不扣雷厉风行狠抓落实", 2))
    >>> choose_headline(items)
    (('严金海在自治区政府全体会议上强调',), '锚定目标不折不扣雷厉风行狠抓落实', ())
    """
    titles = [i for i, item in enumerate(header) if item.kind is ItemKind.TITLE]
    candidates = [i for i in titles if not is_kicker(header[i].text)]
    chosen = candidates[0] if candidates else max(titles, key=lambda i: len(header[i].text))
    texts = [item.text for item in header]
    return tuple(texts[:chosen]), texts[chosen], tuple(texts[chosen + 1 :])


def is_kicker(text: str) -> bool:
    """Kicker-shaped: a ——subtitle, an attribution, a greeting, a byline or a label (附件1).

    >>> [is_kicker(t) for t in ("洛桑江村主持", "热烈祝贺自治区十二届人大二次会议胜利闭幕", "自治区主席 嘎玛泽登", "推动西藏长治久安")]
    [True, True, True, False]
    >>> [is_kicker(t) for t in ("市长张广宁", "青岛市市长王家瑞", "总书记的嘱托", "书记带头")]
    [True, True, False, False]
    """
    return text.startswith("——") or is_label(text) or bool(ATTRIBUTION.search(text) or GREETING.match(text) or BYLINE.match(text))
