"""Find formula-like terms that have no glossary entry yet, for the build report.

Each of these makes a stretch of text a candidate:

- **quoted**: a short quotation, “…” of 2 to 10 characters with no sentence
  punctuation inside: documents quote their formulas (“两新”, “双下降”);
- **counted**: a Chinese numeral and a counter before two characters that end
  a word (四大种源, 五项原则; not 五个工业 in 五个工业部, not 八个方面);
- **paired**: two numbered halves (五共五固, 一老一小, 两不愁三保障);
- **plus**: digits joined by a plus (7+1, 1+8);
- **model**: a named scheme ending in 经验 / 工程 / 行动 / 计划, or a …长制
  responsibility system (河湖长制). Without quotes the start of such a name
  is a guess (whole words from `cut`, at most six characters, leading verbs
  such as 实施 dropped), so an unquoted scheme name, like a counted one,
  counts only once it is seen twice. Without `cut` there is no good guess,
  and unquoted scheme names are not looked for at all.

Scare quotes (所谓“…”) are not evidence, and a counted hit inside a
quotation gives way to the quotation (“两个毫不动摇”, not 两个毫不).
Stretches that `find_terms` already marks are skipped, so a candidate is never
a known term. Candidates are ranked by how often they occur; among equals,
those that start with a number (or 双) come first, then by kind of evidence
(paired/plus, counted, quoted, model), then alphabetically.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat

from jiedu.annotate.glossary.chars import CLOSE_QUOTE, HAN_RANGES, OPEN_QUOTE, fold_for_matching, is_han
from jiedu.annotate.glossary.entry import Glossary
from jiedu.annotate.glossary.match import Cut, WordBoundaries, find_terms

NUMERALS = "一二两三四五六七八九十"
"""Chinese numerals that start a numbered formula."""

_HAN_NOT_NUMERAL = f"(?:(?![{NUMERALS}百千万亿零〇])[{HAN_RANGES}])"

QUOTED = re.compile(f"{OPEN_QUOTE}([^{OPEN_QUOTE}{CLOSE_QUOTE}\\n，。；：！？,.;:!?]{{2,10}}){CLOSE_QUOTE}")
"""A short quotation without sentence punctuation; group 1 is the quoted text."""

COUNTERS = "个個项項大条條件种種张張类類"
"""Counters that make a numeral into a numbered formula: 四个, 五项, 四大."""

COUNTED = re.compile(
    f"(?<![{NUMERALS}第每几幾这這那本])[二两兩三四五六七八九十]{{1,2}}[{COUNTERS}]{_HAN_NOT_NUMERAL}{{2}}"
)
"""A numeral (not 一: 一个 is ordinary speech) and a counter before two characters: 四大种源."""

PAIRED = re.compile(
    f"(?<![{NUMERALS}兩第])([{NUMERALS}兩])({_HAN_NOT_NUMERAL}{{1,2}})([{NUMERALS}兩])({_HAN_NOT_NUMERAL}{{1,2}})"
)
"""Two numbered halves: 一抓两促, 五共五固, 两不愁三保障 (but not 一件一件)."""

NUMBER_WORDS = frozenset("点點分月年日号號条條倍成届屆次期批级級" + COUNTERS)
"""After a numeral these make an ordinary number (一點八倍, 十月一日), not half of a formula."""

PLUS = re.compile(r"(?<![\d+])\d{1,2}\+\d{1,2}(?![\d+])")
"""Digits joined by a plus: 7+1, 28+10."""

MODEL_SUFFIXES = ("经验", "經驗", "工程", "行动", "行動", "计划", "計劃")
"""What a named scheme ends with."""

MODEL = re.compile(f"[{HAN_RANGES}]{{1,20}}(?:{'|'.join(MODEL_SUFFIXES)})")
"""A named scheme and the Han run before it; where its name starts is `_scheme_name_start`."""

RESPONSIBILITY_SUFFIXES = ("长制", "長制")
"""What a responsibility system ends with."""

RESPONSIBILITY = re.compile(f"[{HAN_RANGES}]{{1,2}}[长長]制")
"""A …长制 responsibility system (链长制, 河湖长制, 林长制)."""

SCARE_QUOTE_MARKERS = ("所谓", "所謂")
"""Words before a quotation that make it an ironic "so-called", not a term."""

NOT_IN_NAMES = frozenset(
    "实施 开展 推进 推动 深化 加快 加强 启动 落实 建设 建成 实行 开工 完成 组织 "
    "扎实 深入 持续 积极 大力 全面 继续 进一步 专项 重大 重点 其中 "
    "實施 開展 推進 推動 加強 啓動 啟動 建設 實行 開工 組織 深入 持續 積極 繼續 進一步 "
    "的 和 与 與 及 在 等 为 爲 為 是 对 對 把 将 將 由 从 從".split()
)
"""Words that start a clause or join phrases: a guessed scheme name stops before them."""

MODEL_NAME_MAX = 6
"""Longest guessed scheme name before the suffix, in characters."""

GENERIC_COUNTED = frozenset(
    "方面 问题 环节 阶段 部分 方向 领域 地区 国家 时期 任务 目标 措施 工作 事项 项目 "
    "单位 部门 企业 城市 县区 乡镇 重要 主要 基本 "
    "問題 環節 階段 領域 地區 國家 時期 任務 目標 事項 項目 單位 部門 企業 縣區 鄉鎮".split()
)
"""Nouns that make "N个X" ordinary counting (八个方面), not a formula."""

WEIGHTS = {"paired": 4, "plus": 4, "counted": 3, "quoted": 2, "responsibility": 2, "model": 1}
"""How much each kind of evidence counts when ranking candidates of equal frequency."""

NEEDS_TWO_SIGHTINGS = frozenset({"counted", "model"})
"""Kinds whose single unquoted sighting is too often ordinary prose (八个国家, 改造工程)."""

FORMULA_MARK = re.compile(f"^[{NUMERALS}兩双雙0-9]|[0-9]\\+[0-9]")
"""A candidate that starts with a number (or 双) looks like a formula: it ranks first among equals."""

EXAMPLE_CONTEXT = 12
"""Characters of context on each side of an example."""

MAX_EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class MissingTerm:
    """A formula-like term seen in the documents that has no glossary entry."""

    candidate: str
    """The term as first seen (original script, quotes removed)."""
    count: int
    """How many times it was seen (quoted or matching a pattern) across all the texts."""
    examples: tuple[str, ...]
    """Up to three occurrences with a little context, for the report."""
    kinds: tuple[str, ...]
    """The evidence: "quoted", "counted" (四大种源), "paired" (五共五固), "plus" (7+1),
    "responsibility" (林长制), "model" (…工程 / …行动 / …计划 / …经验)."""


@dataclass(frozen=True, slots=True)
class _Hit:
    text_number: int
    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Sighting:
    """One candidate stretch in one of a document's texts."""

    key: str
    """The candidate folded for matching: sightings with one key are one candidate."""
    hit: _Hit
    candidate: str
    """The stretch as written."""
    example: str
    """The stretch with a little context, as the report shows it."""


def find_missing_terms(
    texts: Iterable[str], glossary: Glossary, cut: Cut | None = None
) -> list[MissingTerm]:
    """Candidates for new glossary entries, most frequent first (see the module docstring).

    Pass the same `cut` as to `find_terms`; it also finds where scheme names start.
    """
    return rank_missing_terms([find_sightings(texts, glossary, cut)])


def find_sightings(
    texts: Iterable[str],
    glossary: Glossary,
    cut: Cut | None = None,
    known_spans: Iterable[Iterable[tuple[int, int]]] | None = None,
) -> tuple[Sighting, ...]:
    """Every candidate stretch in one document's texts, in text order.

    A build finds these per document (and caches them with it); `rank_missing_terms`
    then weighs the sightings of all documents together. `known_spans` gives,
    for each text, the (start, end) of what `find_terms(text, glossary, cut)`
    finds in it, when that is known already (an AnnotatedText's terms).
    """
    found = []
    spans_per_text = repeat(None) if known_spans is None else known_spans
    for number, (text, spans) in enumerate(zip(texts, spans_per_text)):
        for hit in _hits_in(number, text, glossary, cut, spans):
            key = fold_for_matching(text[hit.start : hit.end])
            found.append(Sighting(key, hit, text[hit.start : hit.end], _context(text, hit.start, hit.end)))
    return tuple(found)


def rank_missing_terms(sightings_per_document: Iterable[tuple[Sighting, ...]]) -> list[MissingTerm]:
    """Group the documents' sightings by candidate and keep the credible ones, most frequent first."""
    grouped: dict[str, list[tuple[int, Sighting]]] = {}
    for document_number, sightings in enumerate(sightings_per_document):
        for sighting in sightings:
            grouped.setdefault(sighting.key, []).append((document_number, sighting))
    found = [_missing_term(group) for group in grouped.values() if _is_credible(group)]
    return sorted(found, key=_rank)


def _rank(term: MissingTerm) -> tuple[int, int, int, str]:
    looks_numbered = FORMULA_MARK.search(term.candidate) is not None
    return (-term.count, -looks_numbered, -max(WEIGHTS[kind] for kind in term.kinds), term.candidate)


def _hits_in(
    number: int, text: str, glossary: Glossary, cut: Cut | None, known_spans: Iterable[tuple[int, int]] | None
) -> Iterator[_Hit]:
    folded = fold_for_matching(text)
    quoted = list(_quoted_hits(number, folded))
    quoted_starts = [hit.start for hit in quoted]
    others = [*_numeric_hits(number, folded, WordBoundaries(folded, cut, original=text)), *_model_hits(number, folded, cut)]
    hits = quoted + [hit for hit in others if not _is_inside_quoted(hit, quoted, quoted_starts)]
    if not hits:  # most texts: then what the glossary matches does not matter
        return
    if known_spans is None:
        known_spans = ((match.start, match.end) for match in find_terms(text, glossary, cut))
    known = bytearray(len(folded))
    for start, end in known_spans:
        known[start:end] = b"\x01" * (end - start)
    for hit in hits:
        if not any(known[hit.start : hit.end]):
            yield hit


def _quoted_hits(number: int, folded: str) -> Iterator[_Hit]:
    for found in QUOTED.finditer(folded):
        before = folded[max(0, found.start() - 2) : found.start()]
        if _is_term_like(found.group(1)) and before not in SCARE_QUOTE_MARKERS:
            yield _Hit(number, found.start(1), found.end(1), "quoted")


def _numeric_hits(number: int, folded: str, boundaries: WordBoundaries) -> Iterator[_Hit]:
    for found in COUNTED.finditer(folded):
        if found.group()[-2:] not in GENERIC_COUNTED and boundaries.is_boundary(found.end()):
            yield _Hit(number, found.start(), found.end(), "counted")
    for found in PAIRED.finditer(folded):
        first, second = found.group(2), found.group(4)
        if first[0] != second[0] and first[0] not in NUMBER_WORDS and second[0] not in NUMBER_WORDS:
            yield _Hit(number, found.start(), found.end(), "paired")
    if "+" in folded:  # a plain substring test spares most texts a slower regex search
        for found in PLUS.finditer(folded):
            yield _Hit(number, found.start(), found.end(), "plus")


def _model_hits(number: int, folded: str, cut: Cut | None) -> Iterator[_Hit]:
    if _contains_any(folded, RESPONSIBILITY_SUFFIXES):
        for found in RESPONSIBILITY.finditer(folded):
            yield _Hit(number, found.start(), found.end(), "responsibility")
    if cut is None or not _contains_any(folded, MODEL_SUFFIXES):
        return
    for found in MODEL.finditer(folded):
        suffix_start = found.end() - 2
        start = _scheme_name_start(folded[found.start() : suffix_start], cut) + found.start()
        if suffix_start - start >= 2:
            yield _Hit(number, start, found.end(), "model")


def _contains_any(text: str, needles: Iterable[str]) -> bool:
    return any(needle in text for needle in needles)


def _scheme_name_start(before: str, cut: Cut) -> int:
    """Offset in `before` (the Han run before the suffix) where the scheme's name starts.

    Whole words are taken back from the suffix, at most MODEL_NAME_MAX characters,
    stopping at a clause word (实施, 的 …); a one-character word cannot start the name.

    >>> _scheme_name_start("大力实施固边兴边富民", lambda s: ["大力", "实施", "固边", "兴边", "富民"])
    4
    >>> _scheme_name_start("青藏铁路格拉段电气化改造", lambda s: ["青藏铁路", "格拉", "段", "电气化", "改造"])
    7
    """
    words = cut(before)
    if "".join(words) != before:
        return len(before)
    kept: list[str] = []
    for word in reversed(words):
        if sum(map(len, kept)) + len(word) > MODEL_NAME_MAX or word in NOT_IN_NAMES:
            break
        kept.insert(0, word)
    while kept and len(kept[0]) == 1:
        kept.pop(0)
    return len(before) - sum(map(len, kept))


def _is_inside_quoted(hit: _Hit, quoted: list[_Hit], quoted_starts: list[int]) -> bool:
    """True when `hit` lies within a quotation without being the whole of it."""
    at = bisect.bisect_right(quoted_starts, hit.start) - 1
    if at < 0:
        return False
    q = quoted[at]
    return hit.end <= q.end and (q.start, q.end) != (hit.start, hit.end)


def _is_term_like(quoted: str) -> bool:
    """A quotation that could be a term: some Han or a digit formula, not a phrase or a route.

    >>> _is_term_like("两新"), _is_term_like("7+1"), _is_term_like("冈仁波齐—玛旁雍错"), _is_term_like("上的")
    (True, True, False, False)
    """
    han = sum(1 for char in quoted if is_han(char))
    has_joiner = any(char in quoted for char in "—–-·")
    return (han >= 2 or PLUS.fullmatch(quoted) is not None) and "的" not in quoted and not has_joiner


def _is_credible(group: list[tuple[int, Sighting]]) -> bool:
    """One sighting is enough for a quotation or a paired/plus formula, not for the others."""
    places = {(document, s.hit.text_number, s.hit.start) for document, s in group}
    return len(places) >= 2 or any(s.hit.kind not in NEEDS_TWO_SIGHTINGS for _, s in group)


def _missing_term(group: list[tuple[int, Sighting]]) -> MissingTerm:
    spans = {(document, s.hit.text_number, s.hit.start, s.hit.end): s.example for document, s in group}
    first_spans = sorted(spans)[:MAX_EXAMPLES]
    return MissingTerm(
        candidate=group[0][1].candidate,
        count=len(spans),
        examples=tuple(spans[span] for span in first_spans),
        kinds=tuple(sorted({s.hit.kind for _, s in group}, key=lambda k: -WEIGHTS[k])),
    )


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - EXAMPLE_CONTEXT) : start]
    after = text[end : end + EXAMPLE_CONTEXT]
    return f"{before}【{text[start:end]}】{after}".replace("\n", " ")
