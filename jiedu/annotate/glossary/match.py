"""Find glossary terms in text: every occurrence, longest first, never inside a longer word."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from jiedu.annotate.glossary.chars import (
    CLOSE_QUOTE,
    OPEN_QUOTE,
    fold_for_matching,
    is_ascii_word_char,
    is_han,
    is_word_joint,
)
from jiedu.annotate.glossary.entry import Glossary

Cut = Callable[[str], list[str]]
"""A word segmenter: text -> words that join back into exactly that text (jieba's lcut)."""

QUOTED_UNIT_MAX = 10
"""A quotation this short is the writer's unit: a term strictly inside it is not matched."""

SEGMENT_WINDOW = 40
"""How many characters on each side of a match are given to the segmenter."""


@dataclass(frozen=True, slots=True)
class TermMatch:
    """One occurrence of a glossary term in a text."""

    start: int
    """Offset of the first character (str index into the text searched)."""
    end: int
    """Offset just past the last character."""
    slug: str
    """The entry the occurrence belongs to."""


def find_terms(text: str, glossary: Glossary, cut: Cut | None = None) -> list[TermMatch]:
    """Every occurrence of every glossary form in `text`, in text order, none overlapping.

    How an occurrence is recognised:

    1. Forms are the term, its Traditional form and the variants (with theirs).
       Text and forms are folded first (all quotes to “ ”, full-width ASCII to
       ASCII, old variant characters such as 爲/為 or 産/產 to one form), so
       「兩個維護」 is found as well as “两个维护”.
    2. Among overlapping candidates the longest wins (ties: the leftmost), so
       一收入三保障 takes its 三保 with it.
    3. A candidate's edge is *closed* when the neighbouring character cannot
       continue the word: a quote, punctuation, space, the end of the text or a
       change of script (Han next to a digit). “三保” is closed on both sides.
    4. An *open* edge (Han next to Han, ASCII letter/digit next to another) needs
       evidence that a word ends there:
       - inside a short quotation (“三保障”: at most QUOTED_UNIT_MAX characters)
         the writer marked the longer unit, so a term strictly inside is refused;
       - an ASCII edge that touches more ASCII letters/digits is refused
         (2+1 is not found in 12+1);
       - otherwise, with `cut`, the edge must fall on a word boundary of the
         segmented text around it (两重 in 两重性 or 三保 in 三保障 is refused,
         两重 in 支持两重建设 is kept). Give the segmenter the glossary's forms
         (`Glossary.forms`, e.g. with jieba's `add_word`) so it knows them.
         Without `cut` an open Han edge is accepted.

    >>> from jiedu.annotate.glossary.index import build_term_index
    >>> g = Glossary((), {}, build_term_index({"三保": "san-bao", "四件大事": "si-jian-da-shi"}))
    >>> find_terms("兜牢基层「三保」底线，稳步提升“三保障”，抓好四件大事", g)
    [TermMatch(start=5, end=7, slug='san-bao'), TermMatch(start=23, end=27, slug='si-jian-da-shi')]
    """
    folded = fold_for_matching(text)
    boundaries = WordBoundaries(folded, cut, original=text)
    chosen = _Intervals()
    for start, end, slug in sorted(glossary.index.candidates(folded), key=_longest_first):
        if chosen.overlaps(start, end):
            continue
        if _is_word_at(folded, start, end, boundaries):
            chosen.add(start, end, slug)
    return [TermMatch(start, end, slug) for start, end, slug in chosen.items()]


def _longest_first(candidate: tuple[int, int, str]) -> tuple[int, int]:
    start, end, _ = candidate
    return (start - end, start)


def _is_word_at(text: str, start: int, end: int, boundaries: WordBoundaries) -> bool:
    """Rules 3 and 4 of `find_terms` for one candidate in the folded text."""
    left_open = start > 0 and is_word_joint(text[start - 1], text[start])
    right_open = end < len(text) and is_word_joint(text[end - 1], text[end])
    if not (left_open or right_open):
        return True
    if _is_strictly_inside_short_quote(text, start, end):
        return False
    if (left_open and is_ascii_word_char(text[start])) or (right_open and is_ascii_word_char(text[end - 1])):
        return False
    return (not left_open or boundaries.is_boundary(start)) and (
        not right_open or boundaries.is_boundary(end)
    )


def _is_strictly_inside_short_quote(text: str, start: int, end: int) -> bool:
    opening = text.rfind(OPEN_QUOTE, max(0, end - QUOTED_UNIT_MAX - 1), start)
    if opening < 0 or CLOSE_QUOTE in text[opening:start]:
        return False
    closing = text.find(CLOSE_QUOTE, end, opening + QUOTED_UNIT_MAX + 2)
    return closing >= 0 and OPEN_QUOTE not in text[end:closing]


class WordBoundaries:
    """Word boundaries from the segmenter, computed lazily around the offsets asked about.

    Only the run of word characters around an offset (at most SEGMENT_WINDOW
    each side) is segmented, so a megabyte of text costs one short `cut` call
    per open edge, not a full segmentation. The runs are found in the folded
    text, but the segmenter is given the original characters, which are what
    its dictionary knows. Without `cut` every offset counts as a boundary.
    """

    __slots__ = ("_folded", "_original", "_cut", "_run_starts", "_runs")

    def __init__(self, folded: str, cut: Cut | None, original: str | None = None) -> None:
        self._folded = folded
        self._original = folded if original is None else original
        self._cut = cut
        self._run_starts: list[int] = []
        self._runs: dict[int, tuple[int, frozenset[int] | None]] = {}

    def is_boundary(self, offset: int) -> bool:
        if self._cut is None:
            return True
        boundaries = self._boundaries_around(offset)
        return boundaries is None or offset in boundaries

    def _boundaries_around(self, offset: int) -> frozenset[int] | None:
        """Boundaries in the run around `offset`; None when `cut` did not return the text."""
        at = bisect.bisect_left(self._run_starts, offset) - 1
        if at >= 0:
            high, boundaries = self._runs[self._run_starts[at]]
            if offset < high:
                return boundaries
        low, high = _word_run(self._folded, offset, SEGMENT_WINDOW)
        boundaries = _cut_boundaries(self._original[low:high], low, self._cut)
        bisect.insort(self._run_starts, low)
        self._runs[low] = (high, boundaries)
        return boundaries


def _cut_boundaries(run: str, offset: int, cut: Cut) -> frozenset[int] | None:
    words = cut(run)
    if "".join(words) != run:
        return None
    ends = [offset]
    for word in words:
        ends.append(ends[-1] + len(word))
    return frozenset(ends)


def _word_run(text: str, offset: int, window: int) -> tuple[int, int]:
    """The span of Han/ASCII word characters around `offset`, at most `window` each side."""
    low = offset
    while low > 0 and offset - low < window and _is_run_char(text[low - 1]):
        low -= 1
    high = offset
    while high < len(text) and high - offset < window and _is_run_char(text[high]):
        high += 1
    return low, high


def _is_run_char(char: str) -> bool:
    return is_han(char) or is_ascii_word_char(char) or char in "+#&._%-"


class _Intervals:
    """Non-overlapping [start, end) intervals kept sorted, with an overlap test."""

    __slots__ = ("_starts", "_items")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._items: list[tuple[int, int, str]] = []

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect.bisect_right(self._starts, start)
        before = at > 0 and self._items[at - 1][1] > start
        after = at < len(self._items) and self._items[at][0] < end
        return before or after

    def add(self, start: int, end: int, slug: str) -> None:
        at = bisect.bisect_right(self._starts, start)
        self._starts.insert(at, start)
        self._items.insert(at, (start, end, slug))

    def items(self) -> Iterable[tuple[int, int, str]]:
        return iter(self._items)

