"""A Traditional document's Simplified slips, normalised to Traditional: 關于 → 關於, 實干 → 實幹.

Websites that publish in Traditional often convert from Simplified and miss
characters, or type a few in Simplified: the sample report has 關于, 實干,
防范 and 奮斗 among thousands of Traditional characters. In a document that
is Traditional, each line that is not itself Simplified is converted to
Simplified, cut into words (jieba, as the readings are), and each word is
converted back with the converter the site uses (jiedu.annotate.word_conversion).
Where the result differs from the document, the document's character is a
candidate slip when

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

A character both scripts use is a word of its own in Traditional text too:
游說 (Hong Kong's spelling of 遊說), the surnames 余, 游, 范 and 于, Hong
Kong's 涌 (a stream, in place names), Taiwan's 后里 and 抓斗. Neither OpenCC's
tables nor a dictionary tell these from a slip (OpenCC's phrases convert
游说, 张世杰 and 抓斗), so such a character is replaced only on the
document's own evidence (`is_shared_slip`): where the document writes the
wanted word elsewhere (關于 beside 關於), or where it writes these characters
for their Traditional forms as its habit (`habitual_shared_characters`: a
text whose converter left every 于, 后 and 干 as it was has 關于, 災后 and
實干 and no 於, 後 or 幹 at all). A word of one character (a surname, a
place) is replaced only on that habit, shown in longer words.

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

CANTONESE_WORDS = frozenset("晒")
"""Characters Cantonese writes as words of their own where OpenCC sees a Simplified form: 晒, the
particle "all, completely" (喊晒, 搶晒), is not 曬 (to dry in the sun). Never a slip in Cantonese text."""
CANTONESE_MARKERS = frozenset("嘅咗唔喺佢哋嘢冇啲嚟睇咩乜嘥")
MIN_CANTONESE_MARKERS = 2
"""Different Cantonese characters, at least, that make a text Cantonese (a quotation in a Mandarin report has fewer)."""

HABIT_CHARACTERS = 2
"""Different characters both scripts use that a document must write for their Traditional forms
before it counts as writing them so by habit (`habitual_shared_characters`)."""

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


@dataclass(frozen=True, slots=True)
class Candidate:
    """A character of the document that its word, converted, wants in another form."""

    line: int
    """The index of its line in the text."""
    column: int
    """Its index in the line."""
    offset: int
    """Its index in `word`."""
    char: str
    """The character as the document writes it (于)."""
    wanted: str
    """The character the converted word has in its place (於)."""
    word: str
    """The word it stands in, as the document writes it (關于)."""
    shared: bool
    """Whether `char` is a Traditional character too (于, 游), not only a Simplified one (关)."""

    @property
    def respelled(self) -> str:
        """`word` with `wanted` in place of `char` (關於)."""
        return self.word[: self.offset] + self.wanted + self.word[self.offset + 1 :]


def normalize_simplified_slips(text: str, facts: SlipFacts) -> tuple[str, list[Change]]:
    """The Simplified slips of a Traditional `text` in Traditional; any other text as it is.

    >>> facts = load_slip_facts()
    >>> normalize_simplified_slips("深入貫徹落實總書記關于西藏工作的重要指示。關於實現目標的說明" * 2, facts)[0][:21]
    '深入貫徹落實總書記關於西藏工作的重要指示。'
    """
    if not is_traditional(text, facts):
        return text, []
    lines, usage = text.split("\n"), Counter(text)
    candidates = [found for index, line in enumerate(lines) for found in line_candidates(line, index, facts, usage)]
    habitual = habitual_shared_characters(candidates, usage)
    slips = [c for c in candidates if not c.shared or is_shared_slip(c, text, habitual)]
    return _with_slips_replaced(lines, slips)


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


def line_candidates(line: str, index: int, facts: SlipFacts, usage: Counter) -> list[Candidate]:
    """The candidate slips of one line (none in a Simplified line).

    >>> facts = load_slip_facts()
    >>> [(c.char, c.wanted, c.word) for c in line_candidates("總書記關于西藏工作", 0, facts, Counter())]
    [('于', '於', '關于')]
    """
    # Most lines of a Traditional text have no character OpenCC converts: nothing to cut.
    if facts.first_forms.keys().isdisjoint(line) or not is_traditional(line, facts, minimum=0):
        return []
    words = facts.cut(facts.to_simplified(line))
    wanted = facts.to_traditional_words(words)
    if wanted == line:
        return []
    found, start = [], 0
    for word in words:
        end = start + len(word)
        for i in range(start, end):
            if is_candidate_slip(line[i], wanted[i], word, i - start, facts, usage):
                found.append(Candidate(index, i, i - start, line[i], wanted[i], line[start:end], facts.first_forms[line[i]][1]))
        start = end
    return found


def is_candidate_slip(char: str, wanted: str, word: str, offset: int, facts: SlipFacts, usage: Counter | None = None) -> bool:
    """Whether `char`, at `offset` in the Simplified `word`, may be a slip for `wanted`.

    A character both scripts use is only a candidate: `is_shared_slip` decides.

    >>> facts = load_slip_facts()
    >>> is_candidate_slip("于", "於", "关于", 1, facts), is_candidate_slip("干", "幹", "实干", 1, facts), is_candidate_slip("台", "臺", "台湾", 0, facts)
    (True, True, False)
    """
    if char == wanted or char not in facts.first_forms or char in TAIWAN_STANDARD_FORMS:
        return False
    if char in CANTONESE_WORDS and usage is not None and is_cantonese(usage):
        return False
    first, is_traditional_form = facts.first_forms[char]
    if not is_traditional_form:
        return usage is None or is_against_usage(char, wanted, usage)
    return first == wanted and all(form[offset] == wanted for form in facts.regional_forms(word))


def is_cantonese(usage: Counter) -> bool:
    """Whether a text is written in Cantonese: it uses several of its everyday characters.

    >>> is_cantonese(Counter("佢喊晒，我話佢唔係英雄")), is_cantonese(Counter("他哭了，我說他不是英雄")), is_cantonese(Counter("他說：「唔，好的。」"))
    (True, False, False)
    """
    return sum(1 for char in CANTONESE_MARKERS if usage[char]) >= MIN_CANTONESE_MARKERS


def is_against_usage(char: str, wanted: str, usage: Counter) -> bool:
    """Whether the document itself writes `wanted`, or `char` too rarely for it to be the document's convention.

    >>> is_against_usage("于", "於", Counter("關于對於")), is_against_usage("强", "強", Counter("强" * 40))
    (True, False)
    """
    return usage[wanted] > 0 or usage[char] <= SPORADIC


def habitual_shared_characters(candidates: Sequence[Candidate], usage: Counter) -> frozenset[str]:
    """The characters both scripts use that the document writes for their Traditional forms by habit.

    A character is so written when the document puts it, in words longer than
    one character, in place of its Traditional form (關于, 實干, 旅游) more often
    than it writes that form at all (於, 幹, 遊). Only a document that does so
    with several characters (HABIT_CHARACTERS) has the habit: a converter
    that skipped them, not a spelling of its own (one 游說, Hong Kong's form).

    >>> found = [Candidate(0, 1, 1, "于", "於", "關于", True), Candidate(1, 1, 1, "干", "幹", "實干", True)]
    >>> sorted(habitual_shared_characters(found, Counter())), habitual_shared_characters(found[:1], Counter())
    (['于', '干'], frozenset())
    >>> habitual_shared_characters(found, Counter("對於"))
    frozenset()
    """
    longer = Counter(c.char for c in candidates if c.shared and len(c.word) > 1)
    wanted = {c.char: c.wanted for c in candidates}
    habitual = frozenset(char for char, count in longer.items() if count > usage[wanted[char]])
    return habitual if len(habitual) >= HABIT_CHARACTERS else frozenset()


def is_shared_slip(candidate: Candidate, text: str, habitual: frozenset[str]) -> bool:
    """Whether a candidate that is itself a Traditional character is a slip, on the document's evidence.

    It is where the document writes it for its Traditional form by habit
    (`habitual_shared_characters`), and in a word of several characters where
    the document writes the word with the wanted form elsewhere (關于 beside
    關於). A word of one character (余, a surname; 涌, a stream) needs the habit.

    >>> slip = Candidate(0, 1, 1, "于", "於", "關于", True)
    >>> is_shared_slip(slip, "關于……關於", frozenset()), is_shared_slip(slip, "關于", frozenset())
    (True, False)
    >>> name = Candidate(0, 0, 0, "余", "餘", "余", True)
    >>> is_shared_slip(name, "余同希……其餘", frozenset()), is_shared_slip(name, "余同希", frozenset("余干"))
    (False, True)
    """
    return candidate.char in habitual or len(candidate.word) > 1 and candidate.respelled in text


def _with_slips_replaced(lines: list[str], slips: Sequence[Candidate]) -> tuple[str, list[Change]]:
    """The text with each slip replaced, and one Change per run of slips in a line."""
    by_line: dict[int, list[Candidate]] = {}
    for slip in slips:
        by_line.setdefault(slip.line, []).append(slip)
    changes: list[Change] = []
    for index, found in by_line.items():
        chars = list(lines[index])
        for slip in found:
            chars[slip.column] = slip.wanted
        fixed = "".join(chars)
        changes.extend(_slip_changes(lines[index], fixed, index + 1))
        lines[index] = fixed
    return "\n".join(lines), changes


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
