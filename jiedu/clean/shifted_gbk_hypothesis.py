"""One reading of a shifted-GBK span in progress, and what each character adds to its score.

The building blocks that both halves of the search use: the byte-by-byte
search (`shifted_gbk_search`) and the vanished user-defined pairs it may
assume (`shifted_gbk_dropped_pairs`). A `Hypothesis` is one way of reading
the span so far; `emit_character` appends a character to it and scores it
(words, the site's pinyin, the document's vocabulary); `preselect` and
`added_scores` rank many candidate characters at a glance, without building
a hypothesis for each.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jiedu.clean.document_vocabulary import MAX_BONUS, DocumentVocabulary
from jiedu.clean.gbk_bytes import GbkTable, fold_fullwidth
from jiedu.clean.pinyin_readings import PinyinReadings
from jiedu.clean.shifted_gbk_tokens import Token
from jiedu.clean.word_scores import ScoreState, WordScores

if TYPE_CHECKING:
    from jiedu.clean.shifted_gbk_dropped_pairs import DroppedPairTables

PRESELECTED = 24
"""Characters scored in full for one character whose bytes are partly unknown."""
PINYIN_MATCH, PINYIN_TONELESS, PINYIN_MISMATCH = 4.0, 1.0, -6.0
"""Evidence (in log-probability units) for pinyin that names, nearly names, or does not name the pair."""
ROUNDING = 1e-9
"""Slack for floating-point rounding when a bound decides that a candidate cannot win
(scores are sums of a few dozen terms around -100: their rounding errors are near 1e-13)."""


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
    pair_tables: DroppedPairTables
    """Candidate lists for vanished pairs, worked out once per set of resources."""


def preselect(hypothesis: Hypothesis, options: list[tuple[int, int, str]], token: Token | None, context: SearchContext) -> list[tuple[int, int, str]]:
    """When unknown bytes allow many characters, keep those that look best at a glance (best first).

    A glance adds up what the character does to the words, the pinyin
    evidence for its bytes and the document's opinion of it (`cost`). That
    opinion is asked last, and only while it can matter: it is worth at most
    MAX_BONUS, so once PRESELECTED characters are in hand, one whose other
    parts fall short of the weakest of them by more cannot make the cut. Equal
    glances keep their order in `options`, as `heapq.nlargest` does: the
    choice is exactly that of glancing at every option in full.
    """
    if len(options) <= PRESELECTED:
        return options
    state, lead, total = hypothesis.state, hypothesis.pending, hypothesis.state.total
    chars = tuple(char for _, _, char in options)
    pair_scores = {value: pair_evidence_score(lead, value, context) for value in {option[0] for option in options}}
    words = [after - total for after in context.scores.totals_after_row(state, chars)]
    hopes = [word + pair_scores[option[0]] for word, option in zip(words, options)]  # all but the document's opinion
    pinyin = None
    if token is not None and token.syllable is not None:
        pinyin = [syllable_evidence(context.readings, token.syllable, char) for char in chars]
        hopes = [hope + evidence for hope, evidence in zip(hopes, pinyin)]
    cost, previous = context.vocabulary.cost, state.text[-1:]
    glances: dict[int, float] = {}
    weakest: list[float] = []  # a min-heap of the best PRESELECTED glances so far
    for at in sorted(range(len(options)), key=hopes.__getitem__, reverse=True):
        if len(weakest) == PRESELECTED and hopes[at] + MAX_BONUS + ROUNDING < weakest[0]:
            break
        glance = words[at] + cost(previous, chars[at]) + pair_scores[options[at][0]]  # as `added_scores(...)(char) + pair`
        if pinyin:
            glance += pinyin[at]
        glances[at] = glance
        keep_largest(weakest, glance, PRESELECTED)
    return [options[at] for at in heapq.nlargest(PRESELECTED, sorted(glances), key=glances.__getitem__)]


def keep_largest(heap: list[float], value: float, size: int) -> None:
    """Add `value` to `heap`, a min-heap of the `size` largest values seen: `heap[0]` is the bar to pass."""
    if len(heap) < size:
        heapq.heappush(heap, value)
    else:
        heapq.heappushpop(heap, value)


def pair_evidence(lead: Byte, lead_value: int, context: SearchContext) -> tuple[float, tuple[str, ...]]:
    """The site's pinyin right after the lead byte names the pair (byte before, lead)."""
    if lead.syllable is None:
        return 0.0, ()
    found = pair_evidence_score(lead, lead_value, context)
    shifted = context.table.char(lead.before, lead_value) if lead.before is not None else None
    return found, (describe_evidence(lead.syllable, shifted, (lead.before, lead_value), found),)


def pair_evidence_score(lead: Byte, lead_value: int, context: SearchContext) -> float:
    """`pair_evidence` without the words, for ranking many options."""
    if lead.syllable is None:
        return 0.0
    shifted = context.table.char(lead.before, lead_value) if lead.before is not None else None
    return syllable_evidence(context.readings, lead.syllable, shifted)


def emit_character(hypothesis: Hypothesis, char: str, pair: tuple[int, ...], token: Token | None, evidence: float, notes: tuple[str, ...], context: SearchContext) -> Hypothesis:
    """Append one finished character (and the pinyin note that follows it)."""
    shown = fold_fullwidth(char)
    evidence += context.vocabulary.cost(hypothesis.state.text[-1:], char)
    if token is not None and token.syllable is not None:
        found = syllable_evidence(context.readings, token.syllable, char)
        evidence += found
        notes += (describe_evidence(token.syllable, char, pair, found),)
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


def added_scores(state: ScoreState, context: SearchContext) -> Callable[[str], float]:
    """char -> what it adds to the score after `state`: words, and the document's opinion."""
    total_after, total, previous, cost = context.scores.totals_after(state), state.total, state.text[-1:], context.vocabulary.cost
    return lambda char: total_after(char) - total + cost(previous, char)


def added_scores_of(state: ScoreState, chars: Sequence[str], context: SearchContext) -> list[float]:
    """`[added_scores(state, context)(char) for char in chars]`, the words and the vocabulary each asked once for all."""
    totals = map(context.scores.totals_after(state), chars)
    costs = context.vocabulary.costs_after(state.text[-1:], chars)
    total = state.total
    return [after - total + cost for after, cost in zip(totals, costs)]


def syllable_evidence(readings: PinyinReadings, syllable: str, char: str | None) -> float:
    """PINYIN_MATCH, PINYIN_TONELESS or PINYIN_MISMATCH: how well `syllable` names `char`."""
    found = readings.names(syllable, char)
    return {2: PINYIN_MATCH, 1: PINYIN_TONELESS}.get(found, PINYIN_MISMATCH)


def describe_evidence(syllable: str, char: str | None, pair: tuple[int | None, ...], found: float) -> str:
    """The pinyin evidence in words, for the report."""
    pair_hex = " ".join(f"{b:02x}" for b in pair if b is not None)
    verdict = "names" if found > 0 else "does not name"
    return f"pinyin {syllable} {verdict} {char or '?'} ({pair_hex})"
