"""Put the bytes of a garbled GBK span back and read them one byte over.

This is the search half of `repair_shifted_gbk`. A span starts at a ``?``: a
lead byte the site's decoder could not pair, because the site had pushed a
pinyin note ``(duì)`` or a folded punctuation byte between it and its trail.
From there on the site decoded the page one byte off, until an ASCII byte put
it back in step. So the observed text after the ``?`` is re-encoded to bytes
(`shifted_gbk_tokens.read_tokens`), and those bytes are decoded again in the
right alignment (`search_realignments`). What the bytes can be is not always known:

- ``?`` is one byte, 0x81-0xFE, value unknown;
- ``!`` ``;`` and the other ASCII punctuation may be the full-width pair the
  site folded (``；`` = A3 BB) or the ASCII byte itself;
- a pair that fell in a GBK user-defined area left no trace at all, so the
  search may insert such a "dropped pair" (two unknown bytes) between tokens;
- the site's pinyin after a byte names the character formed by the two bytes
  before it, in whatever alignment the site saw (evidence, not text).

Unknowns multiply, so hypotheses are kept in a beam ranked by how Chinese the
repaired text reads (`WordScores`) plus the pinyin evidence.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from jiedu.clean.document_vocabulary import DocumentVocabulary
from jiedu.clean.gbk_bytes import GbkTable, fold_fullwidth
from jiedu.clean.pinyin_readings import PinyinReadings, strip_tone
from jiedu.clean.shifted_gbk_tokens import UNKNOWN, Token
from jiedu.clean.word_scores import MAX_WORD, ScoreState, WordScores

MAX_DROPPED_PAIRS = 3
BEAM_WIDTH = 24
"""Unfinished readings kept after each token."""
BRANCHES_PER_CHARACTER = 8
"""Readings kept for one character whose bytes are partly unknown."""
PRESELECTED = 24
"""Characters scored in full for one character whose bytes are partly unknown."""
MAX_FINISHED = 200
HOPELESS = 15.0
"""An unfinished reading this far below the best finished one is dropped."""
PINYIN_MATCH, PINYIN_TONELESS, PINYIN_MISMATCH = 4.0, 1.0, -6.0
"""Evidence (in log-probability units) for pinyin that names, nearly names, or does not name the pair."""
DROPPED_PAIR_BRANCHES = 6
DROPPED_PAIR_TRIES = 6
"""Only the best few unfinished readings try a vanished pair at each place."""
DROPPED_PAIR_ENDINGS = 24
"""Characters the vanished pair's first byte may end that are tried with every next one."""
"""Readings kept for a vanished pair at one place."""
RARE_CHARACTER = -11.5
"""A character adding less than this to the score is rare enough to question."""
DROPPED_PAIR_COST = -3.0
"""Prior cost of assuming a user-defined pair vanished."""

UNKNOWN_BYTES = tuple(range(0x81, 0xFF))
DROPPED_PAIR_GROUPS = (
    (frozenset(range(0xA1, 0xA8)), tuple(range(0x81, 0xA1))),
    (frozenset(range(0xAA, 0xB0)) | frozenset(range(0xF8, 0xFF)), tuple(range(0xA1, 0xFF))),
)
"""(first bytes, second bytes) of user-defined pairs, the second byte limited to
lead bytes because in the right alignment it starts the next character."""

@dataclass(frozen=True, slots=True)
class Byte:
    """A lead byte waiting for its trail, with what is known about it."""

    value: int | None
    """The byte, or None while unknown."""
    choices: tuple[int, ...] = ()
    """The values an unknown byte may take."""
    before: int | None = None
    """The byte before it, with which the site may have read it as one character."""
    syllable: str | None = None
    """Pinyin the site put right after this byte (names the pair (before, byte))."""


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """One way of reading the span so far."""

    state: ScoreState
    """Word score of the context and the repaired text so far."""
    output: str = ""
    """The repaired text so far, in the site's own form (pinyin notes kept)."""
    pending: Byte | None = None
    """A lead byte without its trail yet; None between characters."""
    last_byte: int | None = None
    """The last byte of the last finished character."""
    evidence: float = 0.0
    """Pinyin agreement, script agreement and dropped-pair costs."""
    notes: tuple[str, ...] = ()
    """The evidence in words, for the report."""
    stream: tuple[int, ...] = ()
    """The bytes chosen so far."""
    dropped_pairs: int = 0
    tokens_used: int = 0
    """How many tokens the repaired span covers."""

    @property
    def score(self) -> float:
        return self.state.total + self.evidence


@dataclass(frozen=True, slots=True)
class SearchContext:
    """What a search needs besides the tokens."""

    table: GbkTable
    scores: WordScores
    readings: PinyinReadings
    vocabulary: DocumentVocabulary
    """The document's script and vocabulary, for a bonus or cost per character."""


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
            for variant in (_with_dropped_pairs(hypothesis, token, context) if index and rank < DROPPED_PAIR_TRIES else (hypothesis,))
            for choice in token.choices
            for grown_hypothesis in _feed_token(variant, choice, token, context)
        ]
        done.extend(_finished(h, index + 1) for h in grown if h.pending is None)
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


def _finished(hypothesis: Hypothesis, tokens_used: int) -> Hypothesis:
    return replace(hypothesis, tokens_used=tokens_used)


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
        return [replace(hypothesis, pending=pending)]
    if byte <= 0x80:
        char = "€" if byte == 0x80 else chr(byte)
        return [_emit(hypothesis, char, (byte,), token, 0.0, (), context)]
    return [replace(hypothesis, pending=Byte(byte, (), hypothesis.last_byte, syllable))]


def _finish_character(hypothesis: Hypothesis, trail: int, token: Token | None, context: SearchContext) -> list[Hypothesis]:
    """The pending lead byte with `trail`: one hypothesis per character it may make."""
    lead = hypothesis.pending
    options = _preselect(hypothesis, list(_pairs(lead, trail, token, context)), token, context)
    finished = [
        _emit(hypothesis, char, (lead_value, trail_value), token, *_pair_evidence(lead, lead_value, context), context)
        for lead_value, trail_value, char in options
    ]
    return _best(finished, BRANCHES_PER_CHARACTER)


def _preselect(hypothesis: Hypothesis, options: list[tuple[int, int, str]], token: Token | None, context: SearchContext) -> list[tuple[int, int, str]]:
    """When unknown bytes allow many characters, keep those that look best at a glance."""
    if len(options) <= PRESELECTED:
        return options
    lead, readings = hypothesis.pending, context.readings
    added_score = _added_scores(hypothesis.state, context)
    pair_scores: dict[int, float] = {}  # many options share a lead value

    def glance(option: tuple[int, int, str]) -> float:
        lead_value, _, char = option
        if lead_value not in pair_scores:
            pair_scores[lead_value] = _pair_evidence_score(lead, lead_value, context)
        score = added_score(char) + pair_scores[lead_value]
        if token is not None and token.syllable is not None:
            score += _syllable_evidence(readings, token.syllable, char)
        return score

    return heapq.nlargest(PRESELECTED, options, key=glance)  # best first


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
    leads = [v for v in lead.choices if _names(readings, lead.syllable, table.char(lead.before, v)) > 0]
    return [
        (v, t, c)
        for v in leads
        for t, c in table.by_lead.get(v, ())
        if t >= 0x81 and _names(readings, token.syllable, c) > 0
    ]


def _pair_evidence(lead: Byte, lead_value: int, context: SearchContext) -> tuple[float, tuple[str, ...]]:
    """The site's pinyin right after the lead byte names the pair (byte before, lead)."""
    if lead.syllable is None:
        return 0.0, ()
    found = _pair_evidence_score(lead, lead_value, context)
    shifted = context.table.char(lead.before, lead_value) if lead.before is not None else None
    return found, (_describe(lead.syllable, shifted, (lead.before, lead_value), found),)


def _pair_evidence_score(lead: Byte, lead_value: int, context: SearchContext) -> float:
    """`_pair_evidence` without the words, for ranking many options."""
    if lead.syllable is None:
        return 0.0
    shifted = context.table.char(lead.before, lead_value) if lead.before is not None else None
    return _syllable_evidence(context.readings, lead.syllable, shifted)


def _emit(hypothesis: Hypothesis, char: str, pair: tuple[int, ...], token: Token | None, evidence: float, notes: tuple[str, ...], context: SearchContext) -> Hypothesis:
    """Append one finished character (and the pinyin note that follows it)."""
    shown = fold_fullwidth(char)
    evidence += context.vocabulary.cost(hypothesis.state.text[-1:], char)
    if token is not None and token.syllable is not None:
        found = _syllable_evidence(context.readings, token.syllable, char)
        evidence += found
        notes += (_describe(token.syllable, char, pair, found),)
        shown += f"({token.note})"
    return Hypothesis(
        state=context.scores.extend(hypothesis.state, char),
        output=hypothesis.output + shown,
        pending=None,
        last_byte=pair[-1],
        evidence=hypothesis.evidence + evidence,
        notes=hypothesis.notes + notes,
        stream=hypothesis.stream + pair,
        dropped_pairs=hypothesis.dropped_pairs,
    )


def _with_dropped_pairs(hypothesis: Hypothesis, token: Token, context: SearchContext) -> list[Hypothesis]:
    """The hypothesis itself, and its best versions with a vanished user-defined pair before `token`.

    Tried only where it may explain something: right after the ``?`` (whose
    byte is unknown anyway), or where the bytes as they are make a rare
    character or none. The vanished pair's first byte ends the pending
    character, its second byte starts the next one, which the token's first
    byte ends; the two characters are chosen together, as they make words
    together.
    """
    lead = hypothesis.pending
    if lead is None or hypothesis.dropped_pairs >= MAX_DROPPED_PAIRS:
        return [hypothesis]
    next_bytes = {choice[0] for choice in token.choices if choice[0] >= 0x40}
    if lead.value is not None and not _reads_badly(hypothesis, next_bytes, context):
        return [hypothesis]
    variants = [
        _drop_pair(hypothesis, value, first, second, context)
        for value, first, second in _dropped_pair_options(hypothesis, next_bytes, context)
    ]
    return [hypothesis, *variants]


def _reads_badly(hypothesis: Hypothesis, next_bytes: set[int], context: SearchContext) -> bool:
    """True if the pending lead with the next byte makes no character, a rare one,
    or one that makes no word with the character before it."""
    logp, simple = context.scores.logp, context.scores.to_simplified
    for byte in next_bytes:
        char = context.table.char(hypothesis.pending.value, byte)
        if char is None or _added_score(hypothesis.state, char, context) < RARE_CHARACTER:
            return True
        if hypothesis.state.text[-1:] + simple(char) not in logp:
            return True
    return not next_bytes


def _dropped_pair_options(hypothesis: Hypothesis, next_bytes: set[int], context: SearchContext) -> list[tuple[int, int, int]]:
    """(pending lead value, first, second byte) of the likeliest vanished pairs."""
    lead, table, scores = hypothesis.pending, context.table, context.scores
    options = []
    for firsts, seconds in DROPPED_PAIR_GROUPS:
        ending = [
            (value, first, char)
            for value in ((lead.value,) if lead.value is not None else lead.choices)
            for first, char in table.by_lead.get(value, ())
            if first in firsts
        ]
        starting = [(second, char) for b in next_bytes for second, char in table.by_trail.get(b, ()) if second in seconds]
        common = heapq.nlargest(DROPPED_PAIR_BRANCHES, starting, key=lambda option: scores.char_logp(scores.to_simplified(option[1])))
        starting_simple = [scores.to_simplified(char) for _, char in starting]
        for value, first, char in _promising_endings(hypothesis, ending, starting, context):
            state = scores.extend(hypothesis.state, char)
            base = _pair_evidence_score(lead, value, context) + _added_score(hypothesis.state, char, context)
            followers = scores.followers.get(scores.to_simplified(char), {})
            in_words = [option for option, after in zip(starting, starting_simple) if after in followers]
            added_score = _added_scores(state, context)
            options.extend(
                (base + added_score(after), value, first, second)
                for second, after in dict.fromkeys(common + in_words)
            )
    return [option[1:] for option in heapq.nlargest(DROPPED_PAIR_BRANCHES, options)]


def _promising_endings(hypothesis: Hypothesis, ending: list[tuple[int, int, str]], starting: list[tuple[int, str]], context: SearchContext) -> list[tuple[int, int, str]]:
    """The endings that look best alone, and those that make a word with a next character."""
    best_alone = _preselect(hypothesis, ending, None, context)[:DROPPED_PAIR_ENDINGS]
    if len(ending) <= DROPPED_PAIR_ENDINGS:
        return best_alone
    simple = context.scores.to_simplified
    nexts = {simple(char) for _, char in starting}
    strengths = {option: _word_strength(simple(option[2]), nexts, context.scores) for option in ending}
    in_words = heapq.nlargest(DROPPED_PAIR_ENDINGS, ending, key=strengths.__getitem__)
    return list(dict.fromkeys(best_alone + [option for option in in_words if strengths[option] > float("-inf")]))


def _word_strength(first: str, nexts: set[str], scores: WordScores) -> float:
    """The log probability of the likeliest two-character word `first` makes with one of `nexts`."""
    followers = scores.followers.get(first, {})
    if len(followers) < len(nexts):
        return max((word_logp for after, word_logp in followers.items() if after in nexts), default=float("-inf"))
    return max((followers[after] for after in nexts if after in followers), default=float("-inf"))


def _added_score(state: ScoreState, char: str, context: SearchContext) -> float:
    """What `char` adds to the score after `state`: words, and the document's opinion."""
    return _added_scores(state, context)(char)


def _added_scores(state: ScoreState, context: SearchContext) -> Callable[[str], float]:
    """char -> `_added_score(state, char, context)`, for asking about many characters."""
    total_after, total, previous, cost = context.scores.totals_after(state), state.total, state.text[-1:], context.vocabulary.cost
    return lambda char: total_after(char) - total + cost(previous, char)


def _drop_pair(hypothesis: Hypothesis, value: int, first: int, second: int, context: SearchContext) -> Hypothesis:
    lead = hypothesis.pending
    char = context.table.char(value, first)
    evidence, notes = _pair_evidence(lead, value, context)
    finished = _emit(hypothesis, char, (value, first), None, evidence + DROPPED_PAIR_COST, notes, context)
    return replace(finished, pending=Byte(second, (), first), dropped_pairs=hypothesis.dropped_pairs + 1)


def _syllable_evidence(readings: PinyinReadings, syllable: str, char: str | None) -> float:
    found = _names(readings, syllable, char)
    return {2: PINYIN_MATCH, 1: PINYIN_TONELESS}.get(found, PINYIN_MISMATCH)


def _names(readings: PinyinReadings, syllable: str, char: str | None) -> int:
    """2: `syllable` is a reading of `char`; 1: it is, tones aside; 0: it is not."""
    if not char:
        return 0
    found = readings.readings_of(char)
    if syllable in found:
        return 2
    return 1 if strip_tone(syllable) in {strip_tone(r) for r in found} else 0


def _describe(syllable: str, char: str | None, pair: tuple[int | None, ...], found: float) -> str:
    pair_hex = " ".join(f"{b:02x}" for b in pair if b is not None)
    verdict = "names" if found > 0 else "does not name"
    return f"pinyin {syllable} {verdict} {char or '?'} ({pair_hex})"
