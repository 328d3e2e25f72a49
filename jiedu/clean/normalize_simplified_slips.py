"""A Traditional document's Simplified slips, normalised to Traditional: 關于 → 關於, 實干 → 實幹.

Websites that publish in Traditional often convert from Simplified and miss
characters, or type a few in Simplified: the sample report has 關于, 實干,
防范 and 奮斗 among thousands of Traditional characters. In a document that
is Traditional, each line that is not itself Simplified is converted to
Simplified, cut into words (jieba, as the readings are), and each word is
converted back with the converter the site uses (jiedu.annotate.word_conversion).
Where the result differs from the document, the document's character is a
slip only when

- it is not a Traditional character at all (关, 实: OpenCC's Simplified ->
  Traditional table does not list it among its own forms); or
- it is a character both scripts use (于, 干, 范, 斗) whose first Traditional
  form in OpenCC's table is the one the word wants (於, 幹, 範, 鬥), and the
  Taiwan, Hong Kong and OpenCC standards all want that form in this word.
  That keeps 干 in 干涉, 才, 面, 布 (發布), 台 (台灣, Hong Kong's form) and
  里 as the document wrote them.

A character that is no Traditional form at all is replaced only where the
document writes the wanted form elsewhere itself, or uses this one no more than
a few times (SPORADIC): a printing convention kept throughout a document (a
1954 report's pre-reform 强 and 够) is the document's, not a slip.

Each slip is one Change whose note gives the fixes-file entry that undoes it
(the fixes are applied after the passes, jiedu.clean.fixes). A Simplified
document, or a Simplified line (a quotation, a digest item) in a Traditional
one, is left alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..model import Change

PASS_NAME = "normalize_simplified_slips"
TRADITIONAL_SHARE = 0.8
"""Of the characters only one script uses, the share Traditional ones need for a text to count as Traditional."""
MIN_TRADITIONAL = 20
"""Traditional-only characters a text needs before it counts as Traditional (a short cell says too little)."""
SEGMENTER_TABLE = "jieba-dictionary-plain"
"""The table cache's name for this pass's segmenter (jieba's dictionary without the project's words)."""
CONTEXT = 3
"""Characters shown either side of a slip in its Change, enough for its undo entry to match only there."""
TAIWAN_STANDARD_FORMS = frozenset("雇占咨准")
"""Characters both scripts use that Taiwan's standard writes where OpenCC's tables want
another form (雇主, not 僱主; 所占, 咨請, 准駁: the Ministry of Education's standard forms,
僱, 佔, 諮 and 準 being variants or other words there). Across the 375 Taiwan laws,
gazette records and interpretations of the bench corpus they made nine in ten of the
changes this pass proposed, none of them a slip. Never taken for a slip."""

SPORADIC = 3
"""A character that is no Traditional form at all is a slip only while the document
uses it this rarely or also writes the wanted form: used throughout, it is the
document's own printing convention (a 1954 report's pre-reform 强, 够, 决), not a slip."""


COMMON_TRADITIONAL_ONLY = frozenset("們這個來時為國會說對於過發與後還關當義現實體長開種東業見產區經")
"""Frequent characters only Traditional text uses: a text with none of them is not Traditional
enough to be worth loading the pass's facts (`has_traditional_only`)."""


def has_traditional_only(text: str) -> bool:
    """Whether `text` has a frequent Traditional-only character (cheap; no tables).

    >>> has_traditional_only("坚持以人民为中心"), has_traditional_only("堅持以人民為中心")
    (False, True)
    """
    return not COMMON_TRADITIONAL_ONLY.isdisjoint(text)


@dataclass(frozen=True, slots=True)
class SlipFacts:
    """What the pass needs, built once (`load_slip_facts`)."""

    to_simplified: Callable[[str], str]
    """Traditional -> Simplified, same length (the site's aligner)."""
    cut: Callable[[str], list[str]]
    """Simplified text -> its words (jieba)."""
    to_traditional_words: Callable[[Sequence[str]], str]
    """Words -> Traditional text, word by word with the overrides (the site's converter)."""
    regional_forms: Callable[[str], tuple[str, ...]]
    """A Simplified word -> its Traditional forms under the OpenCC, Taiwan and Hong Kong standards."""
    first_forms: dict[str, tuple[str, bool]]
    """Simplified character -> (its first Traditional form in OpenCC's table, whether it is a Traditional form too)."""
    traditional_only: frozenset[str]
    """Characters only Traditional text uses (營, 於)."""


def normalize_simplified_slips(text: str, facts: SlipFacts) -> tuple[str, list[Change]]:
    """The Simplified slips of a Traditional `text` in Traditional; any other text as it is.

    >>> facts = load_slip_facts()
    >>> normalize_simplified_slips("深入貫徹落實總書記關于西藏工作的重要指示，" * 3, facts)[0][:21]
    '深入貫徹落實總書記關於西藏工作的重要指示，'
    """
    if not is_traditional(text, facts):
        return text, []
    lines, changes, usage = text.split("\n"), [], Counter(text)
    for number, line in enumerate(lines, 1):
        if is_traditional(line, facts, minimum=0):
            lines[number - 1] = _normalized_line(line, number, facts, changes, usage)
    return "\n".join(lines), changes


def is_traditional(text: str, facts: SlipFacts, minimum: int = MIN_TRADITIONAL) -> bool:
    """Whether `text` is written in Traditional: enough Traditional-only characters, few not Traditional.

    >>> facts = load_slip_facts()
    >>> is_traditional("關於實干", facts, minimum=0), is_traditional("关于实干", facts, minimum=0), is_traditional("干涉", facts, minimum=0)
    (True, False, True)
    """
    counts = Counter(text)
    traditional = sum(n for char, n in counts.items() if char in facts.traditional_only)
    simplified = sum(n for char, n in counts.items() if char in facts.first_forms and not facts.first_forms[char][1])
    return traditional >= minimum and traditional >= TRADITIONAL_SHARE * (traditional + simplified)


def _normalized_line(line: str, number: int, facts: SlipFacts, changes: list[Change], usage: Counter) -> str:
    words = facts.cut(facts.to_simplified(line))
    wanted = facts.to_traditional_words(words)
    if wanted == line:
        return line
    chars, start = list(line), 0
    for word in words:
        for i in range(start, start + len(word)):
            if is_slip(line[i], wanted[i], word, i - start, facts, usage):
                chars[i] = wanted[i]
        start += len(word)
    fixed = "".join(chars)
    changes.extend(_slip_changes(line, fixed, number))
    return fixed


def is_slip(char: str, wanted: str, word: str, offset: int, facts: SlipFacts, usage: Counter | None = None) -> bool:
    """Whether `char`, at `offset` in the Simplified `word`, is a slip for `wanted`.

    >>> facts = load_slip_facts()
    >>> is_slip("于", "於", "关于", 1, facts), is_slip("干", "幹", "实干", 1, facts), is_slip("台", "臺", "台湾", 0, facts)
    (True, True, False)
    """
    if char == wanted or char not in facts.first_forms or char in TAIWAN_STANDARD_FORMS:
        return False
    first, is_traditional_form = facts.first_forms[char]
    if not is_traditional_form:
        return usage is None or is_against_usage(char, wanted, usage)
    return first == wanted and all(form[offset] == wanted for form in facts.regional_forms(word))


def is_against_usage(char: str, wanted: str, usage: Counter) -> bool:
    """Whether the document itself writes `wanted`, or `char` too rarely for it to be the document's convention.

    >>> is_against_usage("于", "於", Counter("關于對於")), is_against_usage("强", "強", Counter("强" * 40))
    (True, False)
    """
    return usage[wanted] > 0 or usage[char] <= SPORADIC


def _slip_changes(line: str, fixed: str, number: int) -> list[Change]:
    """One Change per run of slips (slips closer than two contexts share one, so no character is in two)."""
    changes = []
    for first, last in _runs([i for i, (old, new) in enumerate(zip(line, fixed)) if old != new]):
        start, end = max(0, first - CONTEXT), last + CONTEXT + 1
        before, after = line[start:end], fixed[start:end]
        slips = "、".join(f"{line[i]}→{fixed[i]}" for i in range(first, last + 1) if line[i] != fixed[i])
        undo = f'[[replace]] old = "{after}" new = "{before}"'
        changes.append(Change(PASS_NAME, number, before, after, f"Simplified slip in Traditional text ({slips}); to keep it, add to the fixes file: {undo}"))
    return changes


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """(first, last) of each run of `positions` whose neighbours are at most 2 × CONTEXT apart.

    >>> _runs([1, 3, 20])
    [(1, 3), (20, 20)]
    """
    runs: list[tuple[int, int]] = []
    for position in positions:
        if runs and position - runs[-1][1] <= 2 * CONTEXT:
            runs[-1] = (runs[-1][0], position)
        else:
            runs.append((position, position))
    return runs


@lru_cache(maxsize=1)
def load_slip_facts(tables=None) -> SlipFacts:
    """`build_slip_facts`, once per process: for doctests and tools (a build keeps its own
    with its cleaning resources, jiedu.clean.CleaningResources.slip_facts)."""
    return build_slip_facts(tables)


def build_slip_facts(tables=None) -> SlipFacts:
    """The facts, from the tables in `tables` (the build cache's) when given, else from the libraries."""
    from opencc import OpenCC

    from ..annotate.scripts import build_script_converter
    from ..annotate.segmenter import build_segmenter

    converter = build_script_converter(tables)
    # A table of its own: the annotator's segmenter (with the lexicon's words) keeps the other.
    segmenter = build_segmenter(tables=tables, table_name=SEGMENTER_TABLE)
    regional = (OpenCC("s2t"), OpenCC("s2hk"), converter.to_traditional_converter)
    return SlipFacts(
        to_simplified=converter.to_simplified,
        cut=segmenter.cut,
        to_traditional_words=converter.words_to_traditional.convert_words,
        regional_forms=lambda word: tuple(_same_length(c.convert(word), word) for c in regional),
        first_forms=first_traditional_forms(),
        traditional_only=converter.traditional_only,
    )


def _same_length(converted: str, word: str) -> str:
    return converted if len(converted) == len(word) else word


def first_traditional_forms() -> dict[str, tuple[str, bool]]:
    """{Simplified character: (its first Traditional form, whether it is itself a Traditional form)} from OpenCC's table.

    >>> forms = first_traditional_forms()
    >>> forms["关"], forms["于"], forms["布"]
    (('關', False), ('於', True), ('布', True))
    """
    from ..opencc_dictionaries import dictionary_lines

    forms = {}
    for line in dictionary_lines("STCharacters.txt"):
        key, values = line.split("\t")
        values = values.split(" ")
        if len(key) == 1 and key != values[0] or len(values) > 1:
            forms[key] = (values[0], key in values)
    return forms
