"""What a missing-term candidate looks like and what follows it: the evidence `missing_rank` weighs.

`candidate_shape` says how a candidate is built (numbered, an abbreviation,
a dictionary word or a phrase of words); `find_cue` what follows one of its
sightings (an expansion listing its parts, or a policy noun). The numerals,
counters and generic nouns are shared with `missing`, which finds the candidates.
"""

from __future__ import annotations

import re

from jiedu.annotate.glossary.chars import CLOSE_QUOTE
from jiedu.annotate.glossary.match import Cut

NUMERALS = "一二两三四五六七八九十"
"""Chinese numerals that start a numbered formula."""

COUNTERS = "个個项項大条條件种種张張类類"
"""Counters that make a numeral into a numbered formula: 四个, 五项, 四大."""

QUANTITY_STARTS = frozenset("年月日天周週时時分秒岁歲倍以多余餘来來")
"""After "N个" these make a quantity (六个月内, 两个以上, 三个多月), not a formula."""

PLUS = re.compile(r"(?<![\d+])\d{1,2}\+\d{1,2}(?![\d+])")
"""Digits joined by a plus: 7+1, 28+10."""

MODEL_SUFFIXES = ("经验", "經驗", "工程", "行动", "行動", "计划", "計劃")
"""What a named scheme ends with."""

GENERIC_COUNTED = frozenset(
    "方面 问题 环节 阶段 部分 方向 领域 地区 国家 时期 任务 目标 措施 工作 事项 项目 "
    "单位 部门 企业 城市 县区 乡镇 重要 主要 基本 "
    "問題 環節 階段 領域 地區 國家 時期 任務 目標 事項 項目 單位 部門 企業 縣區 鄉鎮".split()
)
"""Nouns that make "N个X" ordinary counting (八个方面), not a formula."""

POLICY_NOUNS = frozenset(
    "要求 战略 工作 改革 工程 行动 理念 方针 政策 机制 制度 模式 体系 目标 任务 原则 思想 建设 "
    "攻坚 试点 创建 活动 教育 精神 重要思想 重要论述 "
    "戰略 改革 工程 行動 理念 方針 政策 機制 制度 模式 體系 目標 任務 原則 思想 建設 試點 創建 活動 教育".split()
)
"""Nouns that, right after a quotation, show it names a policy: “放管服”改革, “两基”工作, “四个不摘”要求."""

EXPANSION_OPENERS = ("(", ":", "即", "是指", "就是")
"""What introduces an expansion after a term: “三农”(农业、农村、农民), 即…、…."""

EXPANSION_SEARCH = 4
"""Characters after a term within which an expansion may open (past 要求，)."""

EXPANSION_SPAN = 80
"""Longest expansion looked at, in characters."""

EXPANSION_END = re.compile(r"[)。;；\n]")


def find_cue(folded: str, end: int) -> str:
    """What follows a term ending at `end` in a folded text: "expansion", "policy" or "".

    An expansion opens within a few characters (a bracket, a colon, 即, 是指)
    and lists at least two items (a 、 before the bracket or sentence closes).

    >>> find_cue("落实“三去一降一补”(去产能、去库存、补短板)任务", 9)
    'expansion'
    >>> find_cue("深化“放管服”改革", 6), find_cue("实现“双下降”。", 6)
    ('policy', '')
    """
    after = end + 1 if folded[end : end + 1] == CLOSE_QUOTE else end
    if folded[after : after + 2] in POLICY_NOUNS or folded[after : after + 4] in POLICY_NOUNS:
        return "policy"
    window = folded[after : after + EXPANSION_SEARCH + 2]
    opens = [window.find(opener) for opener in EXPANSION_OPENERS if opener in window]
    if not opens or min(opens) > EXPANSION_SEARCH:
        return ""
    body = folded[after + min(opens) + 1 : after + min(opens) + 1 + EXPANSION_SPAN]
    closed = EXPANSION_END.search(body)
    return "expansion" if "、" in (body[: closed.start()] if closed else body) else ""


def candidate_shape(candidate: str, cut: Cut | None) -> str:
    """How a candidate is built: "word", "numbered", "abbreviation" or "phrase".

    A word of the segmenter's dictionary (上下, 一卡通) is "word" whatever else
    it is; a candidate that starts with a counted numeral (not 一 alone: 一站式
    is a word) or holds digits joined by a plus is "numbered"; one the
    segmenter can only cut into single characters for the most part (放/管/服)
    is an "abbreviation"; anything else is a "phrase". Without `cut`, only
    "numbered" and "phrase".

    >>> words = {"一卡通": ["一卡通"], "放管服": ["放", "管", "服"], "实际行动": ["实际", "行动"], "十三五": ["十三", "五"]}
    >>> [candidate_shape(c, words.get) for c in words]
    ['word', 'abbreviation', 'phrase', 'numbered']
    """
    pieces = cut(candidate) if cut else None
    if pieces is not None and len(pieces) == 1 and len(candidate) > 1:
        return "word"
    if is_numbered(candidate):
        return "numbered"
    if pieces is not None and 2 * sum(1 for piece in pieces if len(piece) == 1) >= len(candidate):
        return "abbreviation"
    return "phrase"


def is_numbered(candidate: str) -> bool:
    """Starts with a numeral that counts items (一 only with a second numeral: 一老一小), or 双, or is N+M.

    A numeral before a unit of time counts years, not items (三年行动计划), and
    a numeral with nothing but a kind of scheme after it counts schemes without
    naming one (十大工程, 三个项目).

    >>> [is_numbered(c) for c in ("三去一降一补", "一老一小", "一站式", "双控", "三年行动计划", "十大工程", "五个一工程")]
    [True, True, False, True, False, False, True]
    """
    first = candidate[:1]
    if first in "双雙" or PLUS.search(candidate):
        return True
    if first == "一":
        return any(char in NUMERALS + "兩双雙" for char in candidate[1:])
    rest = candidate.lstrip(NUMERALS + "兩")
    return rest != candidate and rest[:1] not in QUANTITY_STARTS and not counts_unnamed_things(candidate)


def counts_unnamed_things(candidate: str) -> bool:
    """A numeral, maybe a counter, then only a kind of scheme or a generic noun: a count, not a name.

    >>> counts_unnamed_things("十大工程"), counts_unnamed_things("三个方面"), counts_unnamed_things("五个一工程")
    (True, True, False)
    """
    rest = candidate.lstrip(NUMERALS + "兩")
    named = rest[1:] if rest[:1] in COUNTERS else rest
    return rest != candidate and (named in MODEL_SUFFIXES or named in GENERIC_COUNTED)
