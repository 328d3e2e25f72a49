"""Vanished user-defined pairs: where the search may assume one, and which ones.

A GBK pair in a user-defined area decodes to nothing, so the site dropped it
without a trace; in a shifted span that moves every later byte by two. The
search (`shifted_gbk_search`) therefore may insert such a pair between two
tokens: its first byte ends the pending character, its second byte starts
the next one, which the next token's first byte ends. The two characters are
chosen together, as they make words together.

After an unknown lead byte (the ``?``) some 1,400 characters may end with the
pair's first byte, and for every next byte dozens may start with its second.
Which characters those are, which are common and which make words with which
depends only on the GBK table and the word scores, never on the document or
the reading so far: `DroppedPairTables` works each list out the first time a
search asks and keeps it beside the resources (`GbkEvidence`), so every span
of every document reuses it. The lists keep the order the search used to
build them in, because equal scores are ranked by order.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass

from jiedu.clean.document_vocabulary import MAX_BONUS
from jiedu.clean.gbk_bytes import GbkTable
from jiedu.clean.shifted_gbk_hypothesis import (
    ROUNDING,
    Byte,
    Hypothesis,
    SearchContext,
    added_scores,
    added_scores_of,
    emit_character,
    keep_largest,
    pair_evidence,
    pair_evidence_score,
    preselect,
)
from jiedu.clean.shifted_gbk_tokens import Token
from jiedu.clean.word_scores import ASCII_CONTINUED_LOGP, MAX_WORD, SEGMENT_LOGP, ScoreState, WordScores, is_ascii_word_char

MAX_DROPPED_PAIRS = 3
DROPPED_PAIR_BRANCHES = 6
"""Readings kept for a vanished pair at one place."""
DROPPED_PAIR_TRIES = 6
"""Only the best few unfinished readings try a vanished pair at each place."""
DROPPED_PAIR_ENDINGS = 24
"""Characters the vanished pair's first byte may end that are tried with every next one."""
RARE_CHARACTER = -11.5
"""A character adding less than this to the score is rare enough to question."""
DROPPED_PAIR_COST = -3.0
"""Prior cost of assuming a user-defined pair vanished."""
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


def with_dropped_pairs(hypothesis: Hypothesis, token: Token, context: SearchContext) -> list[Hypothesis]:
    """The hypothesis itself, and its best versions with a vanished user-defined pair before `token`.

    Tried only where it may explain something: right after the ``?`` (whose
    byte is unknown anyway), or where the bytes as they are make a rare
    character or none.
    """
    lead = hypothesis.pending
    if lead is None or hypothesis.dropped_pairs >= MAX_DROPPED_PAIRS:
        return [hypothesis]
    next_bytes = tuple({choice[0] for choice in token.choices if choice[0] >= 0x40})
    if lead.value is not None and not _reads_badly(hypothesis, next_bytes, context):
        return [hypothesis]
    variants = [
        _drop_pair(hypothesis, value, first, second, context)
        for value, first, second in _dropped_pair_options(hypothesis, next_bytes, context)
    ]
    return [hypothesis, *variants]


def _reads_badly(hypothesis: Hypothesis, next_bytes: tuple[int, ...], context: SearchContext) -> bool:
    """True if the pending lead with the next byte makes no character, a rare one,
    or one that makes no word with the character before it."""
    logp, simple = context.scores.logp, context.scores.to_simplified
    added_score = added_scores(hypothesis.state, context)
    for byte in next_bytes:
        char = context.table.char(hypothesis.pending.value, byte)
        if char is None or added_score(char) < RARE_CHARACTER:
            return True
        if hypothesis.state.text[-1:] + simple(char) not in logp:
            return True
    return not next_bytes


def _dropped_pair_options(hypothesis: Hypothesis, next_bytes: tuple[int, ...], context: SearchContext) -> list[tuple[int, int, int]]:
    """(pending lead value, first, second byte) of the likeliest vanished pairs.

    Each ending (the character the pair's first byte ends) is tried with
    several next characters, but most endings cannot place one among the best
    DROPPED_PAIR_BRANCHES: a bound on their scores (`_best_possible`) says so
    before the next characters are scored. So the endings are taken best bound
    first, and the rest are skipped once their bound falls below the options
    in hand. The choice is exactly that of scoring every option.
    """
    lead, state, scores, tables = hypothesis.pending, hypothesis.state, context.scores, context.pair_tables
    lead_values = (lead.value,) if lead.value is not None else lead.choices
    tails, simplify = _tails(state), scores.to_simplified
    endings = []
    for group in range(len(DROPPED_PAIR_GROUPS)):
        promising = _promising_endings(hypothesis, lead_values, next_bytes, group, context)
        added_here = added_scores_of(state, [char for _, _, char in promising], context)
        for (value, first, char), added_score in zip(promising, added_here):
            base = pair_evidence_score(lead, value, context) + added_score
            simple = simplify(char)
            nexts = tables.next_characters(simple, next_bytes, group)
            endings.append((_best_possible(base, state, tails, simple, nexts, scores), base, value, first, char, nexts))
    endings.sort(key=_by_bound, reverse=True)
    options, weakest = [], []  # weakest: a min-heap of the best DROPPED_PAIR_BRANCHES scores so far
    for bound, base, value, first, char, nexts in endings:
        if len(weakest) == DROPPED_PAIR_BRANCHES and bound < weakest[0]:
            break
        added_next = added_scores_of(scores.extend(state, char), nexts.chars, context)
        for second, next_score in zip(nexts.seconds, added_next):
            score = base + next_score
            options.append((score, value, first, second))
            keep_largest(weakest, score, DROPPED_PAIR_BRANCHES)
    return [option[1:] for option in heapq.nlargest(DROPPED_PAIR_BRANCHES, options)]


def _by_bound(ending: tuple) -> float:
    return ending[0]


def _tails(state: ScoreState) -> list[tuple[float, str]]:
    """(score before it, text) of each end of `state`'s text that a word of three or more
    characters may start with, the ending and a next character after it; shortest first."""
    text, best = state
    end = len(text)
    return [(best[end - length], text[end - length :]) for length in range(1, min(MAX_WORD - 2, end) + 1)]


def _best_possible(base: float, state: ScoreState, tails: list[tuple[float, str]], simple: str, nexts: NextCharacters, scores: WordScores) -> float:
    """At least the score of every option of one ending: `base`, plus the most a next
    character can add after the ending (`simple`, Simplified) is appended to `state`.

    The next character adds at least its own weight (`best_alone`), or a word
    ending in it: two characters long (`best_word`), or longer, starting in
    `state` (at one of its `tails`). A word's score counts from before its first
    character, so it gains what the ending itself cost, at most `state.total` minus the ending
    standing alone (`floor`: it can only do better, by making a word with the
    text before). Then at most MAX_BONUS from the document.
    """
    last = state.best[-1]
    twice = scores.to_simplified(simple)  # what `WordScores.extend` looks up
    if state.text and is_ascii_word_char(state.text[-1]) and is_ascii_word_char(twice):
        floor = last + ASCII_CONTINUED_LOGP
    else:
        floor = last + scores.char_logp(twice) + SEGMENT_LOGP
    most = max(nexts.best_alone, last - floor + nexts.best_word)
    stems, logp = scores.stems, scores.logp
    for before, tail in tails:
        stem = tail + simple
        if stem in stems:
            best_word = max((logp.get(stem + after, float("-inf")) for after in nexts.simple), default=float("-inf"))
            most = max(most, before - floor + best_word)
    most += SEGMENT_LOGP
    if is_ascii_word_char(simple) and nexts.any_ascii:
        most = max(most, ASCII_CONTINUED_LOGP)
    return base + most + MAX_BONUS + ROUNDING


def _promising_endings(hypothesis: Hypothesis, lead_values: tuple[int, ...], next_bytes: tuple[int, ...], group: int, context: SearchContext) -> list[Ending]:
    """The endings that look best alone, and those that make a word with a next character."""
    ending = context.pair_tables.endings(lead_values, group)
    best_alone = preselect(hypothesis, ending, None, context)[:DROPPED_PAIR_ENDINGS]
    if len(ending) <= DROPPED_PAIR_ENDINGS:
        return best_alone
    return list(dict.fromkeys(best_alone + context.pair_tables.endings_in_words(lead_values, next_bytes, group)))


def _drop_pair(hypothesis: Hypothesis, value: int, first: int, second: int, context: SearchContext) -> Hypothesis:
    lead = hypothesis.pending
    char = context.table.char(value, first)
    evidence, notes = pair_evidence(lead, value, context)
    finished = emit_character(hypothesis, char, (value, first), None, evidence + DROPPED_PAIR_COST, notes, context)
    state, output, _, last_byte, evidence, notes, stream, dropped_pairs, tokens_used = finished
    return Hypothesis(state, output, Byte(second, (), first), last_byte, evidence, notes, stream, dropped_pairs + 1, tokens_used)


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
