"""One reading of a shifted-GBK span in progress, and what each character adds to its score.

The building blocks that both halves of the search use: the byte-by-byte
search (`search`) and the vanished user-defined pairs it may
assume (`dropped_pairs`). A `Hypothesis` is one way of reading
the span so far; `emit_character` appends a character to it and scores it
(words, the site's pinyin, the document's vocabulary); `preselect` and
`added_scores` rank many candidate characters at a glance, without building
a hypothesis for each; `Continuation` scores the text after the span once
for all the readings found.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from jiedu.clean.gbk_repair.document_vocabulary import MAX_BONUS, DocumentVocabulary
from jiedu.clean.gbk_repair.dropped_pair_tables import DroppedPairTables
from jiedu.clean.gbk_repair.gbk_bytes import GbkTable, fold_fullwidth
from jiedu.clean.pinyin_readings import PinyinReadings
from jiedu.clean.gbk_repair.tokens import Token
from jiedu.clean.gbk_repair.word_scores import ASCII_CONTINUED_LOGP, MAX_WORD, SEGMENT_LOGP, ScoreState, WordScores, is_ascii_word_char

PRESELECTED = 24
"""Characters scored in full for one character whose bytes are partly unknown."""
PINYIN_MATCH, PINYIN_TONELESS, PINYIN_MISMATCH = 4.0, 1.0, -6.0
"""Evidence (in log-probability units) for pinyin that names, nearly names, or does not name the pair."""
Note = tuple[str, str | None, tuple[int | None, ...], float]
"""Pinyin evidence as `describe_evidence` takes it: (syllable, character, bytes, evidence)."""
ROUNDING = 1e-9
"""Slack for floating-point rounding when a bound decides that a candidate cannot win
(scores are sums of a few dozen terms around -100: their rounding errors are near 1e-13)."""


class Byte(NamedTuple):
    """A lead byte waiting for its trail, with what is known about it."""

    value: int | None
    """The byte, or None while unknown."""
    choices: tuple[int, ...] = ()
    """The values an unknown byte may take."""
    before: int | None = None
    """The byte before it, with which the site may have read it as one character."""
    syllable: str | None = None
    """Pinyin the site put right after this byte (names the pair (before, byte))."""


class Hypothesis(NamedTuple):
    """One way of reading the span so far.

    A named tuple, made with its fields in order where a search makes
    thousands (`with_pending`, `finished_at`): a frozen dataclass takes
    several times as long to make, `dataclasses.replace` ten times.
    """

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
    notes: tuple[Note, ...] = ()
    """The pinyin evidence, put in words for the report only (`describe_evidence`)."""
    stream: tuple[int, ...] = ()
    """The bytes chosen so far."""
    dropped_pairs: int = 0
    tokens_used: int = 0
    """How many tokens the repaired span covers."""

    @property
    def score(self) -> float:
        return self.state.best[-1] + self.evidence


def with_pending(hypothesis: Hypothesis, pending: Byte | None) -> Hypothesis:
    """`hypothesis` waiting for the trail of `pending`."""
    state, output, _, last_byte, evidence, notes, stream, dropped_pairs, tokens_used = hypothesis
    return Hypothesis(state, output, pending, last_byte, evidence, notes, stream, dropped_pairs, tokens_used)


def finished_at(hypothesis: Hypothesis, tokens_used: int) -> Hypothesis:
    """`hypothesis` as a finished reading of the first `tokens_used` tokens."""
    return Hypothesis(*hypothesis[:-1], tokens_used)


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
    chars = tuple([option[2] for option in options])
    pair_scores = {value: pair_evidence_score(lead, value, context) for value in {option[0] for option in options}}
    totals = context.scores.totals_after_row(state, chars)  # less `total`: what each adds to the words
    hopes = [after - total + pair_scores[option[0]] for after, option in zip(totals, options)]  # all but the document's opinion
    pinyin = None
    if token is not None and token.syllable is not None:
        names, syllable = context.readings.names, token.syllable
        pinyin = [_EVIDENCE_BY_NAMING[names(syllable, char)] for char in chars]  # `syllable_evidence` of each
        hopes = [hope + evidence for hope, evidence in zip(hopes, pinyin)]
    cost, previous = context.vocabulary.cost, state.text[-1:]
    glances: dict[int, float] = {}
    weakest: list[float] = []  # a min-heap of the best PRESELECTED glances so far
    for at in sorted(range(len(options)), key=hopes.__getitem__, reverse=True):
        full = len(weakest) == PRESELECTED
        if full and hopes[at] + MAX_BONUS + ROUNDING < weakest[0]:
            break
        glance = totals[at] - total + cost(previous, chars[at]) + pair_scores[options[at][0]]  # as `added_scores(...)(char) + pair`
        if pinyin:
            glance += pinyin[at]
        glances[at] = glance
        (heapq.heappushpop if full else heapq.heappush)(weakest, glance)  # `keep_largest`, inline
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
    return found, ((lead.syllable, shifted, (lead.before, lead_value), found),)


def pair_evidence_score(lead: Byte, lead_value: int, context: SearchContext) -> float:
    """`pair_evidence` without the words, for ranking many options."""
    if lead.syllable is None:
        return 0.0
    shifted = context.table.char(lead.before, lead_value) if lead.before is not None else None
    return syllable_evidence(context.readings, lead.syllable, shifted)


def emit_character(hypothesis: Hypothesis, char: str, pair: tuple[int, ...], token: Token | None, evidence: float, notes: tuple[Note, ...], context: SearchContext) -> Hypothesis:
    """Append one finished character (and the pinyin note that follows it)."""
    state = hypothesis.state
    shown = fold_fullwidth(char)
    evidence += context.vocabulary.cost(state.text[-1:], char)
    if token is not None and token.syllable is not None:
        found = syllable_evidence(context.readings, token.syllable, char)
        evidence += found
        notes += ((token.syllable, char, pair, found),)
        shown += f"({token.note})"
    return Hypothesis(
        context.scores.extend(state, char),
        hypothesis.output + shown,
        None,
        pair[-1],
        hypothesis.evidence + evidence,
        hypothesis.notes + notes,
        hypothesis.stream + pair,
        hypothesis.dropped_pairs,
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


class Continuation:
    """Text appended to a reading to score it over a window: `score_after(state)` is
    `state` extended by each character (`WordScores.extend`) plus the document's
    opinion of each (`DocumentVocabulary.cost`), as the total of that state.

    `_rank` appends the same text to dozens of readings: what does not depend on
    the reading (each character's own weight, the words that lie wholly inside the
    text, the document's opinion of all but its first character) is worked out here once.
    """

    __slots__ = ("chars", "ends", "alone", "inside", "ascii", "after_ascii", "costs", "scores", "vocabulary")

    def __init__(self, chars: str, context: SearchContext) -> None:
        scores, vocabulary = context.scores, context.vocabulary
        scores.start(chars)  # loads the words that start with its characters, as `extend` does
        simple = [scores.to_simplified(char) for char in chars]  # as a state holds them
        looked_up = [scores.to_simplified(char) for char in simple]  # as `total_after` looks them up
        self.chars, self.scores, self.vocabulary = chars, scores, vocabulary
        self.ends = ["".join(simple[:at]) + char for at, char in enumerate(looked_up)]
        """The text up to each character: what a word that ends there ends with."""
        self.alone = [scores.char_logp(char) for char in looked_up]
        self.inside = [[(start, logp) for start in range(max(0, at + 1 - MAX_WORD), at) if (logp := scores.logp.get(end[start:])) is not None] for at, end in enumerate(self.ends)]
        """(where it starts, log probability) of each word inside the text that ends at each character."""
        self.ascii = [is_ascii_word_char(char) for char in looked_up]
        self.after_ascii = [is_ascii_word_char(char) for char in simple]
        self.costs = [vocabulary.cost(previous, char) for previous, char in zip(simple, chars[1:])]
        """The document's opinion of each character after the first (after the one before it)."""

    def score_after(self, state: ScoreState) -> float:
        """The total of `state` with the text appended, plus the document's opinion of the text."""
        if not self.chars:
            return state.best[-1] + 0.0
        cost = 0.0 + self.vocabulary.cost(state.text[-1:], self.chars[0])
        for later in self.costs:
            cost += later
        text, best = state
        logp, end_of_text = self.scores.logp, len(text)
        totals = [best[-1]]  # the state's total after each character of the text
        for at, end in enumerate(self.ends):
            after_ascii = self.after_ascii[at - 1] if at else bool(text) and is_ascii_word_char(text[-1])
            if self.ascii[at] and after_ascii:
                totals.append(totals[at] + ASCII_CONTINUED_LOGP)
                continue
            top = totals[at] + self.alone[at]
            for start, word_logp in self.inside[at]:
                if totals[start] + word_logp > top:
                    top = totals[start] + word_logp
            for start in range(max(0, end_of_text + at + 1 - MAX_WORD), end_of_text):  # words that start in `text`
                word_logp = logp.get(text[start:] + end)
                if word_logp is not None and best[start] + word_logp > top:
                    top = best[start] + word_logp
            totals.append(top + SEGMENT_LOGP)
        return totals[-1] + cost


def syllable_evidence(readings: PinyinReadings, syllable: str, char: str | None) -> float:
    """PINYIN_MATCH, PINYIN_TONELESS or PINYIN_MISMATCH: how well `syllable` names `char`."""
    return _EVIDENCE_BY_NAMING[readings.names(syllable, char)]


_EVIDENCE_BY_NAMING = (PINYIN_MISMATCH, PINYIN_TONELESS, PINYIN_MATCH)
"""`syllable_evidence` by what `PinyinReadings.names` answers (0, 1, 2)."""


def describe_evidence(syllable: str, char: str | None, pair: tuple[int | None, ...], found: float) -> str:
    """The pinyin evidence in words, for the report."""
    pair_hex = " ".join(f"{b:02x}" for b in pair if b is not None)
    verdict = "names" if found > 0 else "does not name"
    return f"pinyin {syllable} {verdict} {char or '?'} ({pair_hex})"
