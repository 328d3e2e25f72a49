"""What a line of Chinese text looks like: a numbered heading, a dateline, a note, a title.

Shared by `join_wrapped_lines` (which must not join into a heading) and by the
structure stage (which turns these lines into sections and articles), so that
both agree on what a heading is.

>>> numbered_prefix("（三）持续挖掘投资消费潜能")
Numbering(kind='cn_paren', number=3, rest='持续挖掘投资消费潜能')
>>> is_heading_line("一、2025年和“十四五”时期工作回顾"), is_heading_line("一是坚定不移保稳定促和谐。深入开展反分裂斗争。")
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..charclass import CHINESE_DIGITS, HAN_RE, count_han

_CN = f"[{CHINESE_DIGITS}]{{1,4}}"
# Numbering styles, outermost first: the order gives the nesting when a
# document mixes them (第一编 > 第一分编 > 第一章 > 一、 > （一） > 1. > （1） > ①).
NUMBERING = (
    # Taiwan's law database spaces them: 第 一 章 總綱.
    ("part", re.compile(rf"第 ?({_CN}|\d{{1,3}}) ?(?:编|編|部分)\s*")),
    # A code's parts may be divided again before its chapters (the Civil Code: 第二编 物权 > 第一分编 通则).
    ("subpart", re.compile(rf"第 ?({_CN}|\d{{1,3}}) ?分(?:编|編)\s*")),
    ("chapter", re.compile(rf"第 ?({_CN}|\d{{1,3}}) ?章\s*")),
    ("section", re.compile(rf"第 ?({_CN}|\d{{1,3}}) ?(?:节|節)\s*")),
    ("cn", re.compile(rf"({_CN})[、．]\s*")),
    ("cn_paren", re.compile(rf"[（(]({_CN})[）)]\s*")),
    ("arabic", re.compile(r"(\d{1,2})(?:[、．]|\.(?!\d))\s*(?=\D)")),
    ("arabic_paren", re.compile(r"[（(](\d{1,2})[）)]\s*")),
    ("circled", re.compile(r"([①-⑳])\s*")),
)
NUMBERING_RANK = {kind: rank for rank, (kind, _) in enumerate(NUMBERING)}
LAW_DIVISIONS = ("part", "subpart", "chapter", "section")
"""A code's divisions, outermost first: 编 holds 分编 or 章, 章 holds 节."""
ARTICLE_NUMBER = re.compile(rf"第 ?(?:[{CHINESE_DIGITS}]{{1,6}}|\d{{1,4}}(?:-\d{{1,2}})?) ?[条條](?:之[{CHINESE_DIGITS}]{{1,3}})?")
"""A law's article number (第五条, 第二十条之一; Taiwan's law database spaces it, and numbers an article
added after 第 9 條 as 第 9-1 條)."""
NUMBER_STARTS = frozenset("第（(0123456789" + CHINESE_DIGITS + "".join(map(chr, range(ord("①"), ord("⑳") + 1))))
# 关于…的决议 / 关于…的决定 (and their Traditional spellings) head the
# resolutions of a congress session, one section each.
RESOLUTION = re.compile(r"[关關][于於].{2,100}的[决決][议議定]")
RESOLUTION_RANK = NUMBERING_RANK["cn"]
# 本报拉萨1月10日讯（记者 郑璐 袁海霞） / 新华社北京3月5日电（记者 …）
DATELINE = re.compile(
    r"(?:本[报報]|新[华華]社|中新社|中新[网網]|人民[网網]|新[华華][网網]|央[视視][网網]|[本我]台)"
    r"[^，。,\s（(]{0,16}?(?:\d{1,2}月\d{1,2}日)?(?:[电電讯訊])"
    r"(?:\s*[（(][^）)]{1,60}[）)])?"
)
DATELINE_STARTS = frozenset("本新中人央我")
DRAWN_TABLE_LINE = re.compile(r"\s*[\u2500-\u257f]")
HEADING_STOPS = re.compile(r"[。；！？;!?]")
# A full date, and at the end what was done to a law on it (…國民政府令公布, …修正第 61 條條文), not a heading
# that only names a law's date (四、95年2月5日施行之行政罰法第26條…).
ENACTED = re.compile(
    r"(?:\d{1,4}|[〇○零一二三四五六七八九十百]{2,6}) ?年.{1,5}?月.{1,5}?日.*(?:公布|公佈|施行|修正|通过|通過|发布|發布|制定|废止|廢止|订定|訂定|核定|核准|條文|条文|全文 ?\d+ ?[條条])$"
)
# Punctuation a title does not contain; a line with it is a sentence.
TITLE_BREAKERS = re.compile(r"[，,。；;：:！!？?]")
# A line ending in one of these stops mid-phrase: a particle, preposition or
# conjunction that needs what follows (所作的 / 政府工作报告).
CONTINUATION_ENDINGS = "的和与及或把被对从向在以将由了"
QUOTED = re.compile(r"“[^“”\n]*”|《[^《》\n]*》|「[^「」\n]*」|『[^『』\n]*』")
"""A name quoted in a line: its own punctuation is not the line's."""
MAX_TITLE = 40
# Official documents are titled issuer + matter + kind of document (GB/T 9704-2012, 7.3.3), so
# a long title ends in its kind: 办法, 条例, 通知…, a form's 表 (…健康检查表; not 代表, 发表)
DOCUMENT_KIND_ENDING = re.compile(
    r"(?:法|法典|条例|條例|规定|規定|办法|辦法|细则|細則|规则|規則|规程|規程|章程|准则|準則|决定|決定|决议|決議|命令|"
    r"通知|通告|公告|意见|意見|报告|報告|批复|批覆|纲要|綱要|规划|規劃|方案|公报|公報|"
    r"大纲|大綱|名单|名單|公示|规范|規範|标准|標準|指南|计划|計劃|要点|要點|纪要|紀要|通报|通報|简章|簡章|(?<![代发發])表)$"
)
MAX_DOCUMENT_TITLE = 100
MAX_CELL = 40
MAX_CELL_HAN = 2
DIGIT = re.compile(r"\d")
# What a cell holds besides its unit: digits, decimal points, signs, ranges, brackets.
CELL_CHARS = re.compile(r"[\d.\s/|%~～\-+×()（）]*")
MAX_HEADING_TEXT = 60
MAX_UNSTOPPED_HEADING = 120
"""The longest numbered heading `is_unstopped_numbered_line` takes: a court's holding, several clauses long."""
# A numbered heading, all Han (with its numbering and digits), a space, then Han text.
RUN_IN_HEADING = re.compile(r"([^\sA-Za-z]{2,60}?)[ \u3000]+(?=[\u4e00-\u9fff])")
MIN_RUN_IN_PARAGRAPH = 80
SENTENCE_STOPS = re.compile(r"[。！？!?]")
UNFINISHED_ENDINGS = CONTINUATION_ENDINGS + "之，、,；;：:"
"""What a line does not end on when it ends a heading: a clause mark, a particle, classical 之 (of)."""


@dataclass(frozen=True, slots=True)
class Numbering:
    """The number in front of a numbered line."""

    kind: str
    """One of the NUMBERING kinds: "cn" for 一、, "cn_paren" for （一）, …"""
    number: int
    rest: str
    """The text after the number."""


def bare_number(line: str, kinds: tuple[str, ...]) -> bool:
    """A line that is only a number of one of these kinds, nothing after it (第二章, （一）, 第 8 條 as "article").

    >>> bare_number("第 一 章", LAW_DIVISIONS), bare_number("第一章 总则", LAW_DIVISIONS), bare_number("第 8 條", ("article",)), bare_number("第 9-1 條", ("article",))
    (True, False, True, True)
    """
    line = line.strip()
    if "article" in kinds and ARTICLE_NUMBER.fullmatch(line):
        return True
    numbering = numbered_prefix(line)
    return numbering is not None and not numbering.rest and numbering.kind in kinds


def numbered_prefix(line: str) -> Numbering | None:
    """The numbering a line starts with, if any.

    >>> numbered_prefix("1.79万套") is None, numbered_prefix("2. 加强").number
    (True, 2)
    """
    if not line or line[0] not in NUMBER_STARTS:
        return None
    for kind, pattern in NUMBERING:
        match = pattern.match(line)
        if match:
            return Numbering(kind, chinese_number_to_int(match.group(1)), line[match.end() :])
    return None


def is_heading_line(line: str) -> bool:
    """A numbered line whose text is short and is not a sentence, or 关于…的决议.

    A numbered line that ends in a sentence stop is an item of a list (a law's
    ``（三）法律、行政法规有特别规定的。``), not the heading of a section.

    >>> is_heading_line("（三）法律、行政法规有特别规定的。"), is_heading_line("1. 依照本法规定应当予以处罚的；")
    (False, False)
    >>> is_heading_line("1.中華民國三十六年一月一日國民政府令公布"), is_heading_line("第 一 章 總綱"), is_heading_line("第三節 審判")
    (False, True, True)
    """
    numbering = numbered_prefix(line)
    if numbering and is_data_cell(line):
        return False  # 20. 1: an OCR'd table cell, not item 20
    if numbering:
        rest = numbering.rest
        # Any stop, at the end too: a numbered line ending in 。 or ； is an item, not a heading;
        # and so is a dated step of a law's history (1.中華民國三十六年一月一日國民政府令公布).
        return 0 < len(rest) <= MAX_HEADING_TEXT and not HEADING_STOPS.search(rest) and not ENACTED.search(rest)
    return is_resolution_heading(line)


def is_unstopped_numbered_line(line: str) -> bool:
    """A numbered line too long or too full of clauses for `is_heading_line` that still stops like a heading:
    no sentence stop anywhere, and no end that needs what follows (a clause mark or a particle).

    A court's holdings are headed this way (``四、系爭規定二…，與憲法第7條保障平等權之意旨均尚無違背``),
    and so is an item that lost its full stop: only what follows tells them apart, so the callers
    decide with the next line.

    >>> is_unstopped_numbered_line("二、88年系爭規定之刑度，未違反比例原則；102年系爭規定之刑度，於情節輕微個案構成顯然過苛之處罰部分，與比例原則有違")
    True
    >>> is_unstopped_numbered_line("（三）法律、行政法規有特別規定的。"), is_unstopped_numbered_line("一、会议要求，各地要把"), is_unstopped_numbered_line("一、总体要求")
    (False, False, False)
    """
    numbering = numbered_prefix(line)
    if numbering is None or is_heading_line(line) or is_data_cell(line) or ENACTED.search(numbering.rest):
        return False
    rest = numbering.rest
    return (
        0 < len(rest) <= MAX_UNSTOPPED_HEADING
        and not SENTENCE_STOPS.search(rest)
        and rest[-1] not in UNFINISHED_ENDINGS
        and HAN_RE.match(rest[-1]) is not None
    )


def run_in_heading_end(line: str) -> int:
    """Where a numbered heading run into its paragraph with a space between ends, else 0.

    A scrape that lost the break after a part's heading keeps the space the page
    set there (``一、2011年工作回顾 过去的一年，…``). The heading is a heading by
    shape, all Han, ending on neither a particle nor a clause mark; what follows
    the space is a paragraph of two sentences or more. A list entry whose clauses
    the page spaced (``15.以军持续袭击加沙地带多地 约50人死亡 …；``) is no such paragraph.

    >>> line = "一、2011年工作回顾 过去的一年，在党中央的坚强领导下，全区经济平稳较快发展，社会事业全面进步，人民生活持续改善。我们着力抓好了以下工作，取得了显著成效，为今后发展打下了坚实基础，各项工作迈上了新台阶。"
    >>> line[: run_in_heading_end(line)]
    '一、2011年工作回顾'
    >>> run_in_heading_end("15.以军持续袭击加沙地带多地 约50人死亡 也门胡塞武装向以色列发动无人机袭击 以称22人受伤；")
    0
    """
    match = RUN_IN_HEADING.match(line)
    if match is None or numbered_prefix(match.group(1)) is None or not is_heading_line(match.group(1)):
        return 0
    head, rest = match.group(1), line[match.end() :]
    if len(numbered_prefix(head).rest) < 4 or head[-1] in UNFINISHED_ENDINGS or len(rest) < MIN_RUN_IN_PARAGRAPH or rest.count("。") < 2:
        return 0
    return len(head)


ROC_DATE_STARTS = ("中華民國", "中华民国", "民國", "民国")
"""How a date in a law's history starts (the Republic of China's years)."""


def is_history_step(line: str) -> bool:
    """A numbered step of a law's history: a full date and what was done to the law on it, in one sentence
    (``2.中華民國八十六年七月九日行政院（86）台財字第 27797 號令修正發布第 6、9 條條文；並增訂第 10-1 條條文``).

    >>> is_history_step("1.中華民國三十六年一月一日國民政府令公布"), is_history_step("四、95年2月5日施行之行政罰法第26條")
    (True, False)

    A step may hold two dates, the second on a line of its own:

    >>> is_history_step("中華民國七十四年十一月十一日內政部（74）台內職字第 351676 號令訂定發布全文 30 條")
    True
    """
    numbering = numbered_prefix(line)
    rest = numbering.rest if numbering is not None else line if line.startswith(ROC_DATE_STARTS) else ""
    return bool(rest) and ENACTED.search(rest) is not None and not SENTENCE_STOPS.search(rest)


def is_resolution_heading(line: str) -> bool:
    return len(line) <= 110 and line[:1] in "关關" and RESOLUTION.fullmatch(line) is not None


def dateline_end(line: str) -> int:
    """Length of the dateline `line` starts with (0 if none).

    >>> line = "本报拉萨1月10日讯（记者 冯骥）10日下午，自治区政府召开全体会议。"
    >>> line[: dateline_end(line)]
    '本报拉萨1月10日讯（记者 冯骥）'
    """
    if not line or line[0] not in DATELINE_STARTS:
        return 0
    match = DATELINE.match(line)
    return match.end() if match else 0


def is_note(line: str) -> bool:
    """A line that is one bracketed note: （2024年1月10日…通过）.

    >>> is_note("（2024年1月10日西藏自治区第十二届人民代表大会第二次会议通过）"), is_note("（一）坚持")
    (True, False)
    """
    if len(line) < 3 or line[0] not in "（(" or line[-1] not in "）)" or len(line) > 120 or is_data_cell(line):
        return False
    inner = line[1:-1]
    return not re.search(r"[（()）]", inner) and bool(re.search(r"[\u4e00-\u9fff]", inner))


# An issuer and a full date, the way a document is signed off (落款): 国务院 一九九九年十月三十一日.
_DATE_NUMBER = "[0-9〇○零一二三四五六七八九十]"
SIGNATURE = re.compile(rf"[\u4e00-\u9fff][\u4e00-\u9fff ]{{1,30}}? ?(?:\d{{4}}|[〇○零一二三四五六七八九]{{4}}) ?年 ?{_DATE_NUMBER}{{1,3}} ?月 ?{_DATE_NUMBER}{{1,3}} ?日")


ISSUER_ENDING = re.compile(r"(?:海关|海關|政府|委员会|委員會|局|厅|廳|部|院|办公室|辦公室|办公厅|辦公廳|处|處|中心|公司|集团|集團|大学|大學|学院|學院|协会|協會|党委|黨委|常委会|常委會|联合会|聯合會|所|站)$")
"""How an issuing body's name ends (GB/T 9704-2012, 7.3.3: a title names its issuer first), when it is set
on a line of its own: above the rest of the title (南昌海关, 淳安县委组织部), or over the date it signs."""
DATE_ALONE = re.compile(rf"(?:\d{{4}}|[〇○零一二三四五六七八九]{{4}}) ?年 ?{_DATE_NUMBER}{{1,3}} ?月 ?{_DATE_NUMBER}{{1,3}} ?日")


def is_split_signature(line: str, following: str) -> bool:
    """An issuer's name over the date alone on the next line: a sign-off set on two lines.

    >>> is_split_signature("黔东南州统计局", "2024年5月7日"), is_split_signature("关于开展调研的通知", "2024年5月7日")
    (True, False)
    """
    return ISSUER_ENDING.search(line.strip()) is not None and DATE_ALONE.fullmatch(following.strip()) is not None and is_signature(line + following)


def is_signature(line: str) -> bool:
    """A sign-off: who issued the document and when, nothing else; a closing line, never a title.

    >>> is_signature("国务院一九九九年十月三十一日"), is_signature("国 务 院 二○一一年十月十七日"), is_signature("2024年1月25日")
    (True, True, False)
    >>> is_signature("关于2024年1月25日会议的通知"), is_signature("会议于2024年1月25日"), is_signature("周口市统计局2024 年 4 月 29 日")
    (False, True, True)
    """
    return SIGNATURE.fullmatch(line.strip()) is not None


LABEL = re.compile(r"^[\u4e00-\u9fff]{1,3}\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[:：]?$")


def is_drawn_table_line(line: str) -> bool:
    """A line of a table drawn with box-drawing characters: it starts with one (``┌───┬─┐``, ``│臺北市│○│``).

    >>> is_drawn_table_line("    │臺北市│○│二│"), is_drawn_table_line("中心城市─副中心城市─中心镇")
    (True, False)
    """
    return DRAWN_TABLE_LINE.match(line) is not None


def is_label(line: str) -> bool:
    """A label printed above a title: 附件1, 附表2, 大纲1 (a word and a number, nothing else).

    >>> is_label("附件1"), is_label("大纲1"), is_label("第一章 总则")
    (True, True, False)
    """
    return LABEL.match(line.strip()) is not None


def is_title_like(line: str) -> bool:
    """Short, without sentence punctuation, not ending mid-phrase: a title or kicker.

    A list (two or more 、) is a sentence, not a title.

    Punctuation inside quotation marks belongs to the name quoted, not to the line
    (习近平向“全球发展：共同使命与行动价值”智库媒体高端论坛致贺信).

    >>> is_title_like("洛桑江村主持"), is_title_like("会议要求，自治区人大常委会"), is_title_like("李强所作的")
    (True, False, False)
    >>> is_title_like("习近平向“全球发展：共同使命与行动价值”智库媒体高端论坛致贺信"), is_title_like("他说：“我们要坚持。”")
    (True, False)
    """
    return (
        0 < len(line) <= MAX_TITLE
        and not TITLE_BREAKERS.search(QUOTED.sub("", line))
        and line.count("、") <= 1
        and line[-1] not in CONTINUATION_ENDINGS
        and dateline_end(line) == 0
        and not is_data_cell(line)
    )


def is_document_title(line: str) -> bool:
    """A title too long for `is_title_like` that ends in its kind of document.

    >>> is_document_title("公務員轉任受託處理大陸事務機構轉任方式回任年資採計方式職等核敘及其他應遵行事項辦法")
    True
    >>> is_document_title("各地区要按照本办法"), is_document_title("会议指出，要完善办法")
    (False, False)
    """
    return MAX_TITLE < len(line) <= MAX_DOCUMENT_TITLE and not TITLE_BREAKERS.search(line) and DOCUMENT_KIND_ENDING.search(line) is not None


def is_data_cell(line: str) -> bool:
    """A table cell printed on a line of its own: a short number with at most a unit or two.

    Extracted tables come one cell per line (``63.5`` / ``(7月）`` / ``1440 分``);
    such a line is neither a title nor part of the sentence around it.

    >>> is_data_cell("63.5"), is_data_cell("(7月）"), is_data_cell("12.816.921.9|49.8"), is_data_cell("2024年工作")
    (True, True, True, False)
    """
    if not line or len(line) > MAX_CELL or TITLE_BREAKERS.search(line) or not DIGIT.search(line):
        return False
    return count_han(line) <= MAX_CELL_HAN and CELL_CHARS.fullmatch(HAN_RE.sub("", line)) is not None


def chinese_number_to_int(text: str) -> int:
    """Arabic, circled or Chinese numerals up to the thousands.

    >>> [chinese_number_to_int(t) for t in ("12", "③", "十", "十二", "二十", "一百零五", "〇")]
    [12, 3, 10, 12, 20, 105, 0]
    """
    if text.isdigit() and text.isascii():
        return int(text)
    if len(text) == 1 and "①" <= text <= "⑳":
        return ord(text) - ord("①") + 1
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
    units = {"十": 10, "百": 100, "千": 1000}
    total, current = 0, 0
    for char in text:
        if char in digits:
            current = digits[char]
        elif char in units:
            total += (current or 1) * units[char]
            current = 0
    return total + current
