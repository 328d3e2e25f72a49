"""The candidate lists for vanished user-defined pairs, worked out once per set of resources.

Which characters a vanished pair may end or start, which are common and which
make words with which depends only on the GBK table and the word scores, never
on the document or the reading so far: `DroppedPairTables` works each list out
the first time a search asks (`dropped_pairs`) and keeps it beside the
resources (`GbkEvidence`), so every span of every document reuses it. The
lists keep the order the search used to build them in, because equal scores
are ranked by order.

Kept apart from `dropped_pairs` because `SearchContext` (in `hypothesis`)
holds the tables, and `dropped_pairs` builds on `hypothesis`.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass

from jiedu.clean.gbk_repair.gbk_bytes import GbkTable
from jiedu.clean.gbk_repair.word_scores import WordScores, is_ascii_word_char

DROPPED_PAIR_BRANCHES = 6
"""Readings kept for a vanished pair at one place."""
DROPPED_PAIR_ENDINGS = 24
"""Characters the vanished pair's first byte may end that are tried with every next one."""
DROPPED_PAIR_GROUPS = (
    (frozenset(range(0xA1, 0xA8)), tuple(range(0x81, 0xA1))),
    (frozenset(range(0xAA, 0xB0)) | frozenset(range(0xF8, 0xFF)), tuple(range(0xA1, 0xFF))),
)
"""(first bytes, second bytes) of user-defined pairs, the second byte limited to
lead bytes because in the right alignment it starts the next character."""

Ending = tuple[int, int, str]
"""(pending lead value, the pair's first byte, the character they make)."""
Start = tuple[int, str]
"""(the pair's second byte, the character it makes with the next token's first byte)."""
MAX_NEXT_LISTS = 100_000
"""`DroppedPairTables` forgets its next-character lists beyond this many (some thousands in a large build)."""


def word_strength(first: str, nexts: set[str] | frozenset[str], scores: WordScores) -> float:
    """The log probability of the likeliest two-character word `first` makes with one of `nexts`."""
    followers = scores.followers.get(first, {})
    if len(followers) < len(nexts):
        return max((word_logp for after, word_logp in followers.items() if after in nexts), default=float("-inf"))
    return max((followers[after] for after in nexts if after in followers), default=float("-inf"))


@dataclass(frozen=True, slots=True)
class PairStarts:
    """The characters a vanished pair's second byte may start, the next token's first byte ending them."""

    options: tuple[Start, ...]
    """(second byte, character), next byte by next byte in GBK table order."""
    common: tuple[Start, ...]
    """The DROPPED_PAIR_BRANCHES commonest of them (as words of their own): always tried."""
    nexts: frozenset[str]
    """Their characters, Simplified."""
    positions: Mapping[str, tuple[int, ...]]
    """A Simplified character -> where it stands in `options`."""

    def tried_after(self, followers: Mapping[str, float]) -> tuple[Start, ...]:
        """The common options, then those that make a word with the character before
        (whose `followers` are given), each once, in option order."""
        in_words = sorted(position for after in followers.keys() & self.nexts for position in self.positions[after])
        return tuple(dict.fromkeys(self.common + tuple(self.options[position] for position in in_words)))


@dataclass(frozen=True, slots=True)
class NextCharacters:
    """The next characters tried after one ending (`PairStarts.tried_after`), and bounds on what they add."""

    seconds: tuple[int, ...]
    """The pair's second byte of each."""
    chars: tuple[str, ...]
    simple: tuple[str, ...]
    """Each Simplified, as `WordScores` looks it up."""
    best_alone: float
    """The highest `char_logp` among them."""
    best_word: float
    """The highest log probability of a two-character word (ending, next character); -inf if none."""
    any_ascii: bool
    """Whether one is an ASCII letter or digit (which scores differently after another)."""


class DroppedPairTables:
    """The candidate lists of `with_dropped_pairs`, each worked out on first use and kept.

    One per set of resources (GBK table and word scores), like the search memo:
    `GbkEvidence` holds it. Keys are the pending lead's possible values, the
    next token's first bytes, the group of user-defined areas and (for the
    next characters) the ending, so the lists stay few: some hundreds, and
    some thousands of next-character lists in a large build (bounded by
    MAX_NEXT_LISTS).
    """

    __slots__ = ("table", "scores", "_endings", "_starts", "_endings_in_words", "_next_characters")

    def __init__(self, table: GbkTable, scores: WordScores) -> None:
        self.table, self.scores = table, scores
        self._endings: dict[tuple, tuple[Ending, ...]] = {}
        self._starts: dict[tuple, PairStarts] = {}
        self._endings_in_words: dict[tuple, list[Ending]] = {}
        self._next_characters: dict[tuple, NextCharacters] = {}

    def endings(self, lead_values: tuple[int, ...], group: int) -> tuple[Ending, ...]:
        """Characters the pending lead (any of `lead_values`) makes with a first byte of the group."""
        key = (lead_values, group)
        if key not in self._endings:
            firsts = DROPPED_PAIR_GROUPS[group][0]
            by_lead = self.table.by_lead
            self._endings[key] = tuple((value, first, char) for value in lead_values for first, char in by_lead.get(value, ()) if first in firsts)
        return self._endings[key]

    def starts(self, next_bytes: tuple[int, ...], group: int) -> PairStarts:
        """Characters a second byte of the group makes with one of `next_bytes`."""
        key = (next_bytes, group)
        if key not in self._starts:
            self._starts[key] = self._make_starts(next_bytes, frozenset(DROPPED_PAIR_GROUPS[group][1]))
        return self._starts[key]

    def _make_starts(self, next_bytes: tuple[int, ...], seconds: frozenset[int]) -> PairStarts:
        simple, char_logp = self.scores.to_simplified, self.scores.char_logp
        options = tuple((second, char) for b in next_bytes for second, char in self.table.by_trail.get(b, ()) if second in seconds)
        common = tuple(heapq.nlargest(DROPPED_PAIR_BRANCHES, options, key=lambda option: char_logp(simple(option[1]))))
        positions: dict[str, list[int]] = {}
        for position, (_, char) in enumerate(options):
            positions.setdefault(simple(char), []).append(position)
        return PairStarts(options, common, frozenset(positions), {after: tuple(places) for after, places in positions.items()})

    def endings_in_words(self, lead_values: tuple[int, ...], next_bytes: tuple[int, ...], group: int) -> list[Ending]:
        """The DROPPED_PAIR_ENDINGS endings that make the likeliest two-character words
        with a character the next byte may end (none that make no word)."""
        key = (lead_values, next_bytes, group)
        if key not in self._endings_in_words:
            ending, nexts, simple = self.endings(lead_values, group), self.starts(next_bytes, group).nexts, self.scores.to_simplified
            strengths = {option: word_strength(simple(option[2]), nexts, self.scores) for option in ending}
            in_words = heapq.nlargest(DROPPED_PAIR_ENDINGS, ending, key=strengths.__getitem__)
            self._endings_in_words[key] = [option for option in in_words if strengths[option] > float("-inf")]
        return self._endings_in_words[key]

    def next_characters(self, ending: str, next_bytes: tuple[int, ...], group: int) -> NextCharacters:
        """What is tried after the ending (Simplified) when the second byte is of the group."""
        key = (ending, next_bytes, group)
        found = self._next_characters.get(key)
        if found is None:
            if len(self._next_characters) >= MAX_NEXT_LISTS:
                self._next_characters.clear()
            found = self._next_characters[key] = self._make_next_characters(ending, self.starts(next_bytes, group))
        return found

    def _make_next_characters(self, ending: str, starts: PairStarts) -> NextCharacters:
        scores = self.scores
        followers = scores.followers.get(ending, {})
        tried = starts.tried_after(followers)
        simple = tuple(scores.to_simplified(char) for _, char in tried)
        return NextCharacters(
            seconds=tuple(second for second, _ in tried),
            chars=tuple(char for _, char in tried),
            simple=simple,
            best_alone=max((scores.char_logp(after) for after in simple), default=float("-inf")),
            best_word=max((followers.get(after, float("-inf")) for after in simple), default=float("-inf")),
            any_ascii=any(is_ascii_word_char(after) for after in simple),
        )
