"""Vanished user-defined pairs: where the search may assume one, and which ones.

A GBK pair in a user-defined area decodes to nothing, so the site dropped it
without a trace; in a shifted span that moves every later byte by two. The
byte-by-byte search (`search`) therefore may insert such a pair between two
tokens: its first byte ends the pending character, its second byte starts
the next one, which the next token's first byte ends. The two characters are
chosen together, as they make words together.

After an unknown lead byte (the ``?``) some 1,400 characters may end with the
pair's first byte, and for every next byte dozens may start with its second.
The lists of them are the same for every document and are kept beside the
resources (`dropped_pair_tables`); this module picks from them, for one
reading of one span, the vanished pairs worth trying.
"""

from __future__ import annotations

import heapq

from jiedu.clean.gbk_repair.document_vocabulary import MAX_BONUS
from jiedu.clean.gbk_repair.dropped_pair_tables import DROPPED_PAIR_BRANCHES, DROPPED_PAIR_ENDINGS, DROPPED_PAIR_GROUPS, Ending, NextCharacters
from jiedu.clean.gbk_repair.hypothesis import (
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
from jiedu.clean.gbk_repair.tokens import Token
from jiedu.clean.gbk_repair.word_scores import ASCII_CONTINUED_LOGP, MAX_WORD, SEGMENT_LOGP, ScoreState, WordScores, is_ascii_word_char

MAX_DROPPED_PAIRS = 3
DROPPED_PAIR_TRIES = 6
"""Only the best few unfinished readings try a vanished pair at each place."""
RARE_CHARACTER = -11.5
"""A character adding less than this to the score is rare enough to question."""
DROPPED_PAIR_COST = -3.0
"""Prior cost of assuming a user-defined pair vanished."""


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
