"""Put the bytes of a garbled GBK span back and read them one byte over.

This is the search half of `repair_shifted_gbk`. A span starts at a ``?``: a
lead byte the site's decoder could not pair, because the site had pushed a
pinyin note ``(duì)`` or a folded punctuation byte between it and its trail.
From there on the site decoded the page one byte off, until an ASCII byte put
it back in step. So the observed text after the ``?`` is re-encoded to bytes
(`tokens.read_tokens`), and those bytes are decoded again in the
right alignment (`search_realignments`). What the bytes can be is not always known:

- ``?`` is one byte, 0x81-0xFE, value unknown;
- ``!`` ``;`` and the other ASCII punctuation may be the full-width pair the
  site folded (``；`` = A3 BB) or the ASCII byte itself;
- a pair that fell in a GBK user-defined area left no trace at all, so the
  search may insert such a "dropped pair" (two unknown bytes) between tokens
  (`dropped_pairs`);
- the site's pinyin after a byte names the character formed by the two bytes
  before it, in whatever alignment the site saw (evidence, not text).

Unknowns multiply, so hypotheses (`hypothesis`) are kept in a
beam ranked by how Chinese the repaired text reads (`WordScores`) plus the
pinyin evidence. Where unknown bytes allow hundreds of characters, the search
skips those that a bound shows cannot make the cut, and keeps what does not
depend on the document beside the resources; both choose exactly what
scoring everything would.
"""

from __future__ import annotations

from collections.abc import Iterable

from jiedu.clean.gbk_repair.dropped_pairs import DROPPED_PAIR_TRIES, with_dropped_pairs
from jiedu.clean.gbk_repair.hypothesis import (
    Byte,
    Hypothesis,
    SearchContext,
    emit_character,
    finished_at,
    pair_evidence,
    preselect,
    with_pending,
)
from jiedu.clean.gbk_repair.tokens import UNKNOWN, Token
from jiedu.clean.gbk_repair.word_scores import MAX_WORD

BEAM_WIDTH = 24
"""Unfinished readings kept after each token."""
BRANCHES_PER_CHARACTER = 8
"""Readings kept for one character whose bytes are partly unknown."""
MAX_FINISHED = 200
HOPELESS = 15.0
"""An unfinished reading this far below the best finished one is dropped."""
UNKNOWN_BYTES = tuple(range(0x81, 0xFF))


def search_realignments(tokens: list[Token], start: Hypothesis, context: SearchContext) -> list[Hypothesis]:
    """Readings of the span that end on a character boundary, best first.

    A reading is finished at the first token after which the re-read bytes
    end a character. Unfinished readings go on, the best BEAM_WIDTH of them,
    while they can still compete with the best finished one.
    """
    beam, done = [start], []
    for index, token in enumerate(tokens):
        grown = [
            grown_hypothesis
            for rank, hypothesis in enumerate(beam)
            for variant in (with_dropped_pairs(hypothesis, token, context) if index and rank < DROPPED_PAIR_TRIES else (hypothesis,))
            for choice in token.choices
            for grown_hypothesis in _feed_token(variant, choice, token, context)
        ]
        done.extend(finished_at(h, index + 1) for h in grown if h.pending is None)
        floor = max((h.score for h in done), default=float("-inf")) - HOPELESS
        beam = _best(_merged(h for h in grown if h.pending is not None and h.score > floor))
        if not beam:
            break
    return _best(done, MAX_FINISHED)


def _best(hypotheses: Iterable[Hypothesis], width: int = BEAM_WIDTH) -> list[Hypothesis]:
    return sorted(hypotheses, key=_by_score)[:width]


def _merged(hypotheses: Iterable[Hypothesis]) -> list[Hypothesis]:
    """One hypothesis per state that matters for what follows (the best one)."""
    best: dict[tuple, Hypothesis] = {}
    for hypothesis in hypotheses:
        key = (hypothesis.pending, hypothesis.last_byte, hypothesis.dropped_pairs, hypothesis.state.text[-MAX_WORD:])
        if key not in best or hypothesis.score > best[key].score:
            best[key] = hypothesis
    return list(best.values())


def _by_score(hypothesis: Hypothesis) -> float:
    return -hypothesis.score


def _feed_token(hypothesis: Hypothesis, choice: tuple[int, ...], token: Token, context: SearchContext) -> list[Hypothesis]:
    hypotheses = [hypothesis]
    for position, byte in enumerate(choice):
        note_token = token if position == len(choice) - 1 else None
        hypotheses = [h for old in hypotheses for h in _feed_byte(old, byte, note_token, context)]
    return hypotheses


def _feed_byte(hypothesis: Hypothesis, byte: int, token: Token | None, context: SearchContext) -> list[Hypothesis]:
    """Add one byte; `token` is given when a pinyin note may follow this byte."""
    syllable = token.syllable if token else None
    if hypothesis.pending is not None:
        return _finish_character(hypothesis, byte, token, context)
    if byte == UNKNOWN:
        pending = Byte(None, UNKNOWN_BYTES, hypothesis.last_byte, syllable)
        return [with_pending(hypothesis, pending)]
    if byte <= 0x80:
        char = "€" if byte == 0x80 else chr(byte)
        return [emit_character(hypothesis, char, (byte,), token, 0.0, (), context)]
    return [with_pending(hypothesis, Byte(byte, (), hypothesis.last_byte, syllable))]


def _finish_character(hypothesis: Hypothesis, trail: int, token: Token | None, context: SearchContext) -> list[Hypothesis]:
    """The pending lead byte with `trail`: one hypothesis per character it may make."""
    lead = hypothesis.pending
    options = preselect(hypothesis, list(_pairs(lead, trail, token, context)), token, context)
    finished = [
        emit_character(hypothesis, char, (lead_value, trail_value), token, *pair_evidence(lead, lead_value, context), context)
        for lead_value, trail_value, char in options
    ]
    return _best(finished, BRANCHES_PER_CHARACTER) if len(finished) > 1 else finished


def _pairs(lead: Byte, trail: int, token: Token | None, context: SearchContext) -> Iterable[tuple[int, int, str]]:
    """(lead, trail, character) for every value the unknown bytes may take."""
    table = context.table
    if lead.value is not None and trail != UNKNOWN:
        char = table.char(lead.value, trail)
        return [(lead.value, trail, char)] if char else []
    if lead.value is not None:
        return [(lead.value, t, c) for t, c in table.by_lead.get(lead.value, ()) if t >= 0x81]
    if trail != UNKNOWN:
        allowed = set(lead.choices)
        return [(v, trail, c) for v, c in table.by_trail.get(trail, ()) if v in allowed]
    return _pairs_of_two_unknowns(lead, token, context)


def _pairs_of_two_unknowns(lead: Byte, token: Token | None, context: SearchContext) -> list[tuple[int, int, str]]:
    """Both bytes unknown: only the site's pinyin can pin them down, so it must."""
    if lead.syllable is None or lead.before is None or token is None or token.syllable is None:
        return []
    table, readings = context.table, context.readings
    leads = [v for v in lead.choices if readings.names(lead.syllable, table.char(lead.before, v)) > 0]
    return [
        (v, t, c)
        for v in leads
        for t, c in table.by_lead.get(v, ())
        if t >= 0x81 and readings.names(token.syllable, c) > 0
    ]
