"""Items from blocks: documents whose format says what each block is.

A reader of HTML, Markdown, Word, PDF, a dataset or a feed has already said
which blocks are headings (and how deep) and where one article ends and the
next begins (BREAK blocks), so nothing here guesses those from the shape of
lines. Four things are still read from the text, because formats rarely mark
them: a paragraph that is a numbered heading (``一、总体要求`` in a ``<p>``,
as government sites print them); a numbered figure's or table's title set
as a paragraph (``表1 2005年居民消费价格比上年上涨情况``), which is a caption;
a crosshead, a short line without sentence punctuation set as a paragraph
of its own between two paragraphs of body text (``將培訓及協助棚工轉型`` in
a newspaper's story, ``03工业和建筑业`` in a bulletin), which becomes a minor
heading as it does in plain text; and a paragraph in another language,
which is marked with its language so that pages say so (``lang="en"``).

Ranks: a heading the format marked ranks above every heading found by its
numbering (`FORMAT_RANK_BASE`), so ``<h2>`` sections hold ``一、`` parts, never
the other way round.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..charclass import CONTINUING_STARTS, ends_sentence, text_language
from ..clean.fixes import NO_FIXES, Fixes
from ..clean.line_shapes import LAW_DIVISIONS, MAX_TITLE, bare_number, is_label, is_signature, numbered_prefix
from ..model import Block, BlockKind
from .articles import ArticleSpan
from .items import Item, ItemKind, classify_line
from .numbered import numbered_by_context
from .tables import flattened_tables

URL = re.compile(r"(?:https?://|www\.)?[\w.-]+\.[a-z]{2,}(?:/\S*)?|\S+@\S+", re.IGNORECASE)
"""Addresses are in Latin letters whatever the language of the text around them."""
URL_SIGN = re.compile(r"\.[a-z]{2}|@", re.IGNORECASE)
"""What every match of URL holds. Where a text has none, URL is not tried: from each place in a run of
Han characters (word characters to it), it would scan to the run's end, so a paragraph cost the square of its length
(18,314 lines of 200 bench documents: 2.33 s with URL alone, 0.01 s with this first)."""
FORMAT_RANK_BASE = -10
"""A format heading of level n ranks n + this: outside every numbering rank (0 and up)."""
KEPT_BY_SHAPE = (ItemKind.HEADING, ItemKind.DATELINE)
"""What a paragraph block may turn out to be from its shape alone; a title-like one may be a crosshead (`_crossheads`)."""
BODY_TEXT = 40
"""Characters, at least, of the paragraph of body text under a crosshead (ending a sentence or a clause):
a crosshead introduces sentences, not a page's other short lines (credits, captions, a list of names)."""
MIN_COVER_LINES = 3
"""Unnumbered headings in a row, at least, that make a cover page's lines (`_cover_lines`): a title and a subtitle are fewer."""
MAX_CROSSHEADS = 2
"""A crosshead and the one under it (``3 文化教育`` over ``艺术家和运动员``); a longer run of short lines is a list."""
NOT_CROSSHEAD = re.compile(
    r"^(?:[表图圖]\s*[\d一二三四五六七八九十]|注|註|附|[A-Ea-e]\s*[．.、])"  # a table's or figure's title, a note, an attachment, a choice
    r"|记者|記者|编辑|編輯|通讯员|通訊員|来源|來源|作者|[摄攝]）?$"  # a credit
    r"|[=＝]"  # a formula set on lines of its own
    r"|\s\d+(?:\.\d+)?\s*[^\d\s]{0,2}$"  # a label and its figure (直接选举的议员 12人)
    r"|^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日$"  # a date
)
"""Title-like lines that are not crossheads. A run that holds a date is a sign-off (习近平 / 2020年1月18日)."""
FIGURE_OR_TABLE_TITLE = re.compile(r"^[表图圖]\s?\d{1,3}(?:[.．:：、]\s*|\s+|(?=[^\d\s.．]))(?=.*[\u4e00-\u9fff])")
"""表1 …, 图2：…, 表4. …: a number, then the title (which has Han characters)."""
PHOTO_CREDIT = re.compile(
    r"[（(](?![^（）()]*(?:[见見]|附件|附表))[^（）()]{0,20}(?:[摄攝]|[摄攝]影|供图|供圖|图片|圖片|资料图|資料圖|图|圖)[）)]$"  # …（蘇偉明攝）, （新华社记者 李响 摄）, （资料图）; not （详见附件5流程图）
    r"|^[\u4e00-\u9fff·]{2,16}\s?(?:供图|供圖)$"  # 故宫博物院供图 under a photo
    r"|^(?:图片|圖片|图像|圖像|照片)(?:来源|來源)\s*[：:，,]"  # 圖像來源，Getty Images
    r"|(?:记者|記者|通讯员|通訊員)\s*[\u4e00-\u9fff·]{2,5}(?:\s*[、\s]\s*[\u4e00-\u9fff·]{2,5})*\s*[摄攝]$"  # …讲话。新华社记者 谢环驰 摄
)
"""How a news photo's caption ends, or a line that credits the photo: such a paragraph is a caption."""
MAX_PHOTO_CAPTION = 150
SENTENCE_SIGNS = re.compile(r"[，。；！？,;!?]")
MAX_CAPTION_TITLE = 80
CLAUSE_END = "：:"
"""A paragraph that ends so introduces what follows (``下面的因素：``), which may start with a crosshead."""
PART_NAMES = frozenset("序言 前言 引言 导言 導言 绪言 緒言 总则 總則 结束语 結束語 后记 後記 名词解释 名詞解釋".split())
"""Names of a document's unnumbered parts: set alone over body text (perhaps letter-spaced, ``序 言``), such a
line heads what follows whatever ends the line before it (the note of a law's history, a contents list)."""


def block_spans(blocks: tuple[Block, ...], fixes: Fixes = NO_FIXES, read: tuple[Block, ...] | None = None) -> list[ArticleSpan]:
    """The articles of a block document: one per BREAK-delimited run, each with its headline group.
    `read`: the blocks as the reader gave them, before cleaning (`_without_empty_labels`)."""
    spans = []
    for attrs, run in _runs(_without_empty_labels(blocks, read)):
        items = _law_parts_nested(_ranked_as_styled([block_item(block, number, fixes) for number, block in run]))
        labels = _leading_labels(items) if attrs is None else []
        rest = items[len(labels) :]
        header_size = _header_size(rest, after_break=attrs is not None)
        header = tuple(_as_title(item) for item in _rejoined(rest[:header_size]))
        spans.append(ArticleSpan(header, tuple(labels + _crossheads(flattened_tables(numbered_by_context(rest[header_size:])))), attrs or ()))
    return [span for span in spans if span.header or span.body] or [ArticleSpan((), ())]


def block_item(block: Block, number: int, fixes: Fixes = NO_FIXES) -> Item:
    """What one block is in the article: heading (with rank), dateline or a block kept whole."""
    block = _with_language(block)
    for fix in fixes.of_kind("heading"):
        if fix.text.strip() == block.text:
            return Item(ItemKind.HEADING, block.text, number, level=fix.level)
    if any(fix.text.strip() == block.text for fix in fixes.of_kind("paragraph")):
        return Item(ItemKind.PARAGRAPH, block.text, number, block=replace(block, kind=BlockKind.PARAGRAPH))
    if block.kind is BlockKind.HEADING and (is_label(block.text) or bare_number(block.text, ("article",)) or is_signature(block.text)):
        # A label (附件1), an article's number set in bold over its text (Taiwan's law database prints
        # 第 8 條 so), or an issuer and a date set large under the title (a byline): a line of the text,
        # as the plain text of the same document keeps it, not a section.
        return Item(ItemKind.PARAGRAPH, block.text, number, block=replace(block, kind=BlockKind.PARAGRAPH, level=0))
    if block.kind is BlockKind.HEADING and block.attr("role") == "subtitle":
        return Item(ItemKind.PARAGRAPH, block.text, number, block=block)  # shown under its heading, not a section
    if block.kind is BlockKind.HEADING:
        shaped = classify_line(block.text, number)
        return Item(ItemKind.HEADING, block.text, number, block.level + FORMAT_RANK_BASE, shaped.number, block=block)
    if block.kind is BlockKind.PARAGRAPH and block.lang is None:
        if is_figure_or_table_title(block.text) or is_photo_caption(block.text):
            return Item(ItemKind.PARAGRAPH, block.text, number, block=replace(block, kind=BlockKind.CAPTION))
        shaped = classify_line(block.text, number)
        if shaped.kind in KEPT_BY_SHAPE:
            return shaped
    return Item(ItemKind.PARAGRAPH, block.text, number, block=block)


def _ranked_as_styled(items: list[Item]) -> list[Item]:
    """Headings found by their numbering in body type ranked as the styled headings numbered alike: a chapter
    heading a reader split off a paragraph (``…制定仲裁规则。第三章 仲裁协议``) is a chapter like the
    ``第二章`` set as a heading, not a heading inside it."""
    styled: dict[float, float] = {}
    for item in items:
        if item.kind is ItemKind.HEADING and item.block is not None and item.block.kind is BlockKind.HEADING and item.number is not None:
            shaped = classify_line(item.text)
            if shaped.kind is ItemKind.HEADING and shaped.number is not None:
                styled.setdefault(shaped.rank, item.rank)
    if not styled:
        return items
    return [
        replace(item, rank=styled[item.rank])
        if item.kind is ItemKind.HEADING and item.block is None and item.rank in styled  # shaped from a paragraph
        else item
        for item in items
    ]


LAW_PARTS = LAW_DIVISIONS


def _law_parts_nested(items: list[Item]) -> list[Item]:
    """Headings of a code's divisions set alike (a PDF prints 第一编 and 第二章 in one type size, so one rank):
    each division ranked inside the one that holds it, at the same rank (编 > 章 > 节), and above the next rank."""
    kinds: dict[int, str] = {}
    for index, item in enumerate(items):
        if item.kind is ItemKind.HEADING and item.number is not None:
            numbering = numbered_prefix(item.text)
            if numbering is not None and numbering.kind in LAW_PARTS:
                kinds[index] = numbering.kind
    by_rank: dict[float, set[str]] = {}
    for index, kind in kinds.items():
        by_rank.setdefault(items[index].rank, set()).add(kind)
    shared = {rank: sorted(found, key=LAW_PARTS.index) for rank, found in by_rank.items() if len(found) > 1}
    if not shared:
        return items
    return [
        replace(item, rank=item.rank + 0.25 * shared[item.rank].index(kinds[index])) if index in kinds and item.rank in shared else item
        for index, item in enumerate(items)
    ]


def is_photo_caption(text: str) -> bool:
    """A news photo's caption or credit line, set as a paragraph of its own.

    >>> [is_photo_caption(t) for t in ("義工收拾物資。（李國健攝）", "圖像來源，Getty Images", "代表们认真听取报告。（新华社记者 李响 摄）")]
    [True, True, True]
    >>> is_photo_caption("11月30日上午，习近平在上海主持召开座谈会并发表重要讲话。新华社记者 谢环驰 摄")
    True
    >>> [is_photo_caption(t) for t in ("故宫博物院供图", "（详见附件5流程图）", "1.旧区改造。流程主要包括编制年度实施计划。（详见附件2流程图）")]
    [True, False, False]
    >>> [is_photo_caption(t) for t in ("他说，这是摄影作品。", "（摄）" + "字" * 200, "图片来源于网络的说法不实。", "记者张三在现场拍摄")]
    [False, False, False, False]
    """
    return len(text) <= MAX_PHOTO_CAPTION and PHOTO_CREDIT.search(text) is not None


def is_figure_or_table_title(text: str) -> bool:
    """A numbered figure's or table's title set as a paragraph of its own: a caption.

    >>> [is_figure_or_table_title(t) for t in ("图1 “十五”时期国内生产总值与增长速度", "表7：2004年进出口主要分类情况（单位：亿美元）", "表4. 主要工业产品产量")]
    [True, True, True]
    >>> [is_figure_or_table_title(t) for t in ("图1显示，产量持续增长。", "表 6445 万只 18．3", "表示感谢")]
    [False, False, False]
    """
    return len(text) <= MAX_CAPTION_TITLE and FIGURE_OR_TABLE_TITLE.match(text) is not None and not SENTENCE_SIGNS.search(text)


def _crossheads(items: list[Item]) -> list[Item]:
    """The body's items, each paragraph that is a crosshead (module docstring) made a minor heading.

    A crosshead is a run of one or two title-like paragraphs (no sentence
    punctuation; no credit, table title, note, formula or date: NOT_CROSSHEAD)
    after a paragraph that ended a sentence or a clause (``：``), and before
    a paragraph of body text. A run that opens with a part's name (PART_NAMES:
    序言, 前言, 名词解释…) needs nothing before it.

    >>> body = [Item(ItemKind.PARAGRAPH, text, n, block=Block(BlockKind.PARAGRAPH, text)) for n, text in enumerate(
    ...     ["陈国基表示，政府将透过全面调查，依法依规追究责任。", "将培训及协助棚工转型", "大公报记者 陆九如",
    ...      "陈国基又说，负责维修的注册承建商现时涉及另外11项私楼工程，屋宇署会巡查有关地盘并抽样测试。"])]
    >>> [item.kind.value for item in _crossheads(body)], [item.kind.value for item in _crossheads(body[:2] + body[3:])]
    (['paragraph', 'paragraph', 'paragraph', 'paragraph'], ['paragraph', 'title', 'paragraph'])
    """
    found = list(items)
    i = 0
    while i < len(items):
        end = i
        while end < len(items) and end - i < MAX_CROSSHEADS and _is_title_paragraph(items[end]):
            end += 1
        run = items[i:end]
        opens = bool(run) and ((i > 0 and _ends_clause(items[i - 1])) or is_part_name(run[0].text))
        if opens and end < len(items) and _is_body_text(items[end]) and not any(NOT_CROSSHEAD.search(item.text) for item in run):
            for k in range(i, end):
                found[k] = replace(items[k], kind=ItemKind.TITLE, block=replace(items[k].block, kind=BlockKind.HEADING, level=0))
            i = end
        else:
            i += 1  # a run may start inside this one (a law's history note, then 序 言)
    return found


def is_part_name(text: str) -> bool:
    """A line that only names one of a document's unnumbered parts, however its letters are spaced.

    >>> [is_part_name(t) for t in ("序 言", "前　言", "名 词 解 释", "法 務 部", "序言部分提出")]
    [True, True, True, False, False]
    """
    return re.sub(r"\s", "", text) in PART_NAMES


def _is_plain(item: Item) -> bool:
    """A paragraph block in the text's own language, read as nothing else."""
    return item.kind is ItemKind.PARAGRAPH and item.block is not None and item.block.kind is BlockKind.PARAGRAPH and item.block.lang is None


def _is_title_paragraph(item: Item) -> bool:
    return (
        _is_plain(item)
        and len(item.text) <= MAX_TITLE + len("——")  # what classify_line may call a title (is_title_like, or ——+ it): body text is passed over cheaply
        and sum(char.isalnum() for char in item.text) >= 2
        and not is_label(item.text)
        and classify_line(item.text, item.line).kind is ItemKind.TITLE
    )


def _is_body_text(item: Item) -> bool:
    """A paragraph of sentences: long enough, and ending a sentence or a clause (…重点抓好以下工作：)."""
    return _is_plain(item) and len(item.text) >= BODY_TEXT and _ends_sentence_or_clause(item.text)


def _ends_clause(item: Item) -> bool:
    """A block that ends a sentence or a clause (a table's row ends whatever it says)."""
    block = item.block
    if block is None or item.kind is not ItemKind.PARAGRAPH:
        return False
    return block.kind is BlockKind.TABLE_ROW or _ends_sentence_or_clause(item.text)


def _ends_sentence_or_clause(text: str) -> bool:
    return ends_sentence(text) or text.rstrip().endswith(tuple(CLAUSE_END))


def _without_empty_labels(blocks: tuple[Block, ...], read: tuple[Block, ...] | None = None) -> tuple[Block, ...]:
    """The blocks without a crawler's labels: headings that occur more than once, head nothing wherever
    they occur, and headed text as the document was read (`read`: the reader's blocks), which the
    cleaning took away (``### HTML原始内容`` over a note on the raw HTML, ``### HTML格式`` over a source
    link that became the item's). A heading that occurs once is kept (it may be all there is of a
    story); so is a kicker over each headline (本报讯), which never headed text of its own.

    >>> label, story, text = Block(BlockKind.HEADING, "HTML格式", level=3), Block(BlockKind.HEADING, "1. 新闻", level=2), Block(BlockKind.PARAGRAPH, "正文。")
    >>> link, gap = Block(BlockKind.PARAGRAPH, "原文链接：https://example.org"), Block(BlockKind.BREAK, "")
    >>> [block.text for block in _without_empty_labels((story, text, label, gap, story, text, label), (story, text, label, link, gap, story, text, label, link))]
    ['1. 新闻', '正文。', '', '1. 新闻', '正文。']
    >>> len(_without_empty_labels((story, text, label, gap, story, text, label), (story, text, label, gap, story, text, label)))
    7
    """
    empty, total = _heading_counts(blocks)
    candidates = {text for text, count in empty.items() if count == total[text] >= 2}
    if not candidates or read is None:
        return blocks
    headed, _ = _heading_counts(read)
    labels = {text for text in candidates if headed.get(text, 0) < total[text]}  # some occurrence headed text once
    return tuple(block for block in blocks if not (block.kind is BlockKind.HEADING and block.text in labels)) if labels else blocks


def _heading_counts(blocks: tuple[Block, ...]) -> tuple[dict[str, int], dict[str, int]]:
    """For each heading text: at how many of its occurrences it heads nothing, and how many there are."""
    empty: dict[str, int] = {}
    total: dict[str, int] = {}
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING:
            total[block.text] = total.get(block.text, 0) + 1
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if following is None or following.kind is BlockKind.BREAK or (following.kind is BlockKind.HEADING and following.level <= block.level):
                empty[block.text] = empty.get(block.text, 0) + 1
    return empty, total


def _runs(blocks: tuple[Block, ...]) -> list[tuple[tuple | None, list[tuple[int, Block]]]]:
    """The blocks cut at BREAKs: (the BREAK's attrs, or None for the run before the first), numbered blocks."""
    runs: list[tuple[tuple | None, list[tuple[int, Block]]]] = [(None, [])]
    for number, block in enumerate(blocks, 1):
        if block.kind is BlockKind.BREAK:
            runs.append((block.attrs, []))
        else:
            runs[-1][1].append((number, block))
    return [run for run in runs if run[1] or run[0]]


def _leading_labels(items: list[Item]) -> list[Item]:
    """Labels printed above a document's title (附件1): they stay in its text, the title still heads it."""
    count = next((i for i, item in enumerate(items) if not is_label(item.text)), len(items))
    return items[:count]


def _header_size(items: list[Item], after_break: bool) -> int:
    """How many leading items are the article's headline group.

    After a BREAK (a feed item, a story on a page): the leading headings up
    to the outermost one, which is the headline (those above it are its
    kickers; a heading below it heads a section). At the top of a
    document: its opening headings of the outermost level, when that level
    does not come again (a Markdown ``# title`` over ``##`` sections; a PDF's
    title and its ``（试行第十版）`` line set in the same type).
    """
    headings = [item for item in items if item.kind is ItemKind.HEADING and item.block is not None]
    if not headings or items[0] is not headings[0]:
        return 0
    if after_break:
        leading = items[: next((i for i, item in enumerate(items) if item.kind is not ItemKind.HEADING), len(items))]
        outermost = min(item.rank for item in leading)
        return next(i for i, item in enumerate(leading) if item.rank == outermost) + 1
    top = headings[0].rank
    leading = next((i for i, item in enumerate(items) if item.kind is not ItemKind.HEADING or item.rank != top), len(items))
    if not all(item.rank > top for item in items[leading:] if item.kind is ItemKind.HEADING):
        return 0
    return leading + _cover_lines(items[leading:])


def _rejoined(header: list[Item]) -> list[Item]:
    """The header's lines, each line that starts by continuing the one above (with 的, 之 or a closing mark:
    a title set on two lines, ``改進竹棚架安全性及可靠性`` / ``的工程分析``) joined to it.

    >>> title = lambda text: Item(ItemKind.HEADING, text, 0, 1, block=Block(BlockKind.HEADING, text, level=1))
    >>> [item.text for item in _rejoined([title("改進竹棚架安全性及可靠性"), title("的工程分析"), title("總結報告書")])]
    ['改進竹棚架安全性及可靠性的工程分析', '總結報告書']
    """
    joined: list[Item] = []
    for item in header:
        if joined and item.text[:1] in CONTINUING_STARTS:
            above = joined[-1]
            text = above.text + item.text
            joined[-1] = replace(above, text=text, block=replace(above.block, text=text) if above.block is not None else None)
        else:
            joined.append(item)
    return joined


def _cover_lines(items: list[Item]) -> int:
    """How many of the items, under a document's title, are the rest of its cover page: a run of
    MIN_COVER_LINES or more unnumbered headings with no text between them, right before the first
    numbered one (a report's 總結報告書 / 呈交 / 職業安全及健康局承辦人 / 張志成博士 / … over
    第一章：引言). Made sections, they would hold the whole document under its authors' names.

    >>> heading = lambda text, level: Item(ItemKind.HEADING, text, 0, level, block=Block(BlockKind.HEADING, text, level=level))
    >>> cover = [heading("總結報告書", 1), heading("呈交", 2), heading("張志成博士", 2), heading("第一章：引言", 3)]
    >>> _cover_lines(cover), _cover_lines(cover[1:]), _cover_lines(cover[:3])
    (3, 0, 0)
    """
    count = next((i for i, item in enumerate(items) if not _is_cover_line(item)), len(items))
    numbered_next = count < len(items) and items[count].kind is ItemKind.HEADING and numbered_prefix(items[count].text) is not None
    return count if count >= MIN_COVER_LINES and numbered_next else 0


def _is_cover_line(item: Item) -> bool:
    """An unnumbered heading set by the format, or a sign-off line among them (…工程系二零零二年六月十九日)."""
    if item.kind is ItemKind.PARAGRAPH and is_signature(item.text):
        return True
    return item.kind is ItemKind.HEADING and item.block is not None and not numbered_prefix(item.text)


def _as_title(item: Item) -> Item:
    return replace(item, kind=ItemKind.TITLE)


def _with_language(block: Block) -> Block:
    if block.lang is not None or block.kind is BlockKind.TABLE_ROW:
        return block
    language = text_language(URL.sub("", block.text) if URL_SIGN.search(block.text) else block.text)
    return replace(block, lang=language) if language not in (None, "zh") else block



def headline_by_level(header: tuple[Item, ...]) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """Overlines, headline and subtitles of a header group whose format gave heading levels:
    the outermost heading is the headline (not a guess from the words: 本报讯 above it is a kicker).

    >>> items = (Item(ItemKind.TITLE, "本报讯", 1, block=Block(BlockKind.HEADING, "本报讯", level=2)),
    ...          Item(ItemKind.TITLE, "海峡论坛开幕", 2, block=Block(BlockKind.HEADING, "海峡论坛开幕", level=1)))
    >>> headline_by_level(items)
    (('本报讯',), '海峡论坛开幕', ())
    """
    levels = [item.block.level for item in header]
    at = levels.index(min(levels))
    return tuple(i.text for i in header[:at]), header[at].text, tuple(i.text for i in header[at + 1 :])
