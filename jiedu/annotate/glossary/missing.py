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
  such as 实施 dropped, and at least two words: 水利工程 is a kind of
  project, not a name), so an unquoted scheme name, like a counted one,
  counts only once it is seen twice. Without `cut` there is no good guess,
  and unquoted scheme names are not looked for at all.

Scare quotes (所谓“…”) are not evidence, and a counted hit inside a
quotation gives way to the quotation (“两个毫不动摇”, not 两个毫不).
A counted hit must start and end on word boundaries (not 三角一体化 in
长三角一体化) and must not be a quantity (六个月内, 两个以上) or a party
congress (十八大以来). Stretches that `find_terms` already marks are skipped,
so a candidate is never a known term.

Each sighting also records what follows it (`missing_evidence.find_cue`: an expansion, or a
policy noun such as 要求 or 改革) and the candidate's shape
(`candidate_shape`: numbered, an abbreviation, a dictionary word or a
phrase); `missing_rank` weighs them with how many documents use the
candidate.
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
from jiedu.annotate.glossary.missing_evidence import (
    COUNTERS,
    GENERIC_COUNTED,
    MODEL_SUFFIXES,
    NUMERALS,
    PLUS,
    QUANTITY_STARTS,
    candidate_shape,
    counts_unnamed_things,
    find_cue,
)
from jiedu.annotate.glossary.missing_rank import MissingTerm, Place, rank_missing_terms

__all__ = ["MissingTerm", "Place", "Sighting", "find_missing_terms", "find_sightings", "rank_missing_terms"]

_HAN_NOT_NUMERAL = f"(?:(?![{NUMERALS}百千万亿零〇])[{HAN_RANGES}])"

QUOTED = re.compile(f"{OPEN_QUOTE}([^{OPEN_QUOTE}{CLOSE_QUOTE}\\n，。；：！？,.;:!?]{{2,10}}){CLOSE_QUOTE}")
"""A short quotation without sentence punctuation; group 1 is the quoted text."""

COUNTED = re.compile(
    f"(?<![{NUMERALS}第每几幾这這那本])([二两兩三四五六七八九十]{{1,2}})([{COUNTERS}])({_HAN_NOT_NUMERAL}{{2}})"
)
"""A numeral (not 一: 一个 is ordinary speech) and a counter before two characters: 四大种源."""

PAIRED = re.compile(
    f"(?<![{NUMERALS}兩第])([{NUMERALS}兩])({_HAN_NOT_NUMERAL}{{1,2}})([{NUMERALS}兩])({_HAN_NOT_NUMERAL}{{1,2}})"
)
"""Two numbered halves: 一抓两促, 五共五固, 两不愁三保障 (but not 一件一件)."""

NUMBER_WORDS = frozenset("点點分月年日号號条條倍成届屆次期批级級" + COUNTERS)
"""After a numeral these make an ordinary number (一點八倍, 十月一日), not half of a formula."""

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

MODEL_NAME_WORDS = 2
"""Fewest words in an unquoted scheme name: one word and a suffix is a kind of scheme (水利工程, 实际行动)."""

SENTENCE_STOPS = re.compile(r"[。！？!?；;\n]")

EXAMPLE_CONTEXT = 40
"""Most characters of the sentence kept on each side of an example."""


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
    before: str
    """The sentence before the stretch (at most EXAMPLE_CONTEXT characters)."""
    after: str
    """The sentence after the stretch (at most EXAMPLE_CONTEXT characters)."""
    cue: str
    """What follows the stretch: "expansion", "policy" (a policy noun) or "" (`find_cue`)."""
    shape: str
    """The candidate's shape: "numbered", "abbreviation", "word" or "phrase" (`candidate_shape`)."""

    @property
    def example(self) -> str:
        return f"{self.before}【{self.candidate}】{self.after}"


def find_missing_terms(
    texts: Iterable[str], glossary: Glossary, cut: Cut | None = None
) -> list[MissingTerm]:
    """Candidates for new glossary entries, best first (see `missing_rank`).

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
    shapes: dict[str, str] = {}
    spans_per_text = repeat(None) if known_spans is None else known_spans
    for number, (text, spans) in enumerate(zip(texts, spans_per_text)):
        folded = None
        for hit in _hits_in(number, text, glossary, cut, spans):
            folded = folded or fold_for_matching(text)
            found.append(_sighting(text, folded, hit, cut, shapes))
    return tuple(found)


def _sighting(text: str, folded: str, hit: _Hit, cut: Cut | None, shapes: dict[str, str]) -> Sighting:
    candidate = text[hit.start : hit.end]
    key = folded[hit.start : hit.end]
    if key not in shapes:
        shapes[key] = candidate_shape(candidate, cut)
    before, after = _sentence_around(text, hit.start, hit.end)
    return Sighting(key, hit, candidate, before, after, find_cue(folded, hit.end), shapes[key])


def _hits_in(
    number: int, text: str, glossary: Glossary, cut: Cut | None, known_spans: Iterable[tuple[int, int]] | None
) -> Iterator[_Hit]:
    folded = fold_for_matching(text)
    quoted = list(_quoted_hits(number, folded))
    quoted_starts = [hit.start for hit in quoted]
    boundaries = WordBoundaries(folded, cut, original=text)
    others = [*_numeric_hits(number, folded, boundaries), *_model_hits(number, folded, cut, boundaries)]
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
        if _is_counted_formula(*found.groups()) and boundaries.is_boundary(found.start()) and boundaries.is_boundary(found.end()):
            yield _Hit(number, found.start(), found.end(), "counted")
    for found in PAIRED.finditer(folded):
        first, second = found.group(2), found.group(4)
        if first[0] != second[0] and first[0] not in NUMBER_WORDS and second[0] not in NUMBER_WORDS and boundaries.is_boundary(found.start()):
            yield _Hit(number, found.start(), found.end(), "paired")
    if "+" in folded:  # a plain substring test spares most texts a slower regex search
        for found in PLUS.finditer(folded):
            yield _Hit(number, found.start(), found.end(), "plus")


def _is_counted_formula(numeral: str, counter: str, noun: str) -> bool:
    """Whether numeral + counter + noun names a formula rather than counts something.

    Not ordinary counting (八个方面), not a quantity (六个月内, 两个以上), not a
    party congress (十八大以来: a two-character numeral before 大).

    >>> _is_counted_formula("四", "个", "不摘"), _is_counted_formula("六", "个", "月内"), _is_counted_formula("十八", "大", "以来")
    (True, False, False)
    """
    if noun in GENERIC_COUNTED or noun[0] in QUANTITY_STARTS:
        return False
    return not (len(numeral) == 2 and counter == "大")


def _model_hits(number: int, folded: str, cut: Cut | None, boundaries: WordBoundaries) -> Iterator[_Hit]:
    if _contains_any(folded, RESPONSIBILITY_SUFFIXES):
        for found in RESPONSIBILITY.finditer(folded):
            # 河湖长制 takes two characters, 林长制 one: not the 实 of 落实林长制
            starts = [start for start in range(found.start(), found.end() - 2) if boundaries.is_boundary(start)]
            if starts:
                yield _Hit(number, starts[0], found.end(), "responsibility")
    if cut is None or not _contains_any(folded, MODEL_SUFFIXES):
        return
    for found in MODEL.finditer(folded):
        suffix_start = found.end() - 2
        start = _scheme_name_start(folded[found.start() : suffix_start], cut) + found.start()
        if suffix_start - start >= 2 and len(cut(folded[start:suffix_start])) >= MODEL_NAME_WORDS:
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

    >>> _is_term_like("两新"), _is_term_like("7+1"), _is_term_like("冈仁波齐—玛旁雍错"), _is_term_like("上的"), _is_term_like("十大工程")
    (True, True, False, False, False)
    """
    han = sum(1 for char in quoted if is_han(char))
    has_joiner = any(char in quoted for char in "—–-·")
    is_count = counts_unnamed_things(quoted)  # “三大工程” counts a city's projects, it names none
    return (han >= 2 or PLUS.fullmatch(quoted) is not None) and "的" not in quoted and not has_joiner and not is_count


def _sentence_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The rest of the sentence before `start` and after `end`, each at most EXAMPLE_CONTEXT characters."""
    before = text[max(0, start - EXAMPLE_CONTEXT) : start]
    stops = list(SENTENCE_STOPS.finditer(before))
    before = before[stops[-1].end() :] if stops else before
    after = text[end : end + EXAMPLE_CONTEXT]
    stop = SENTENCE_STOPS.search(after)
    after = after[: stop.end()] if stop else after
    return before.strip(), after.rstrip()
