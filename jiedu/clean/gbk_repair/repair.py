"""Cleaning pass: repair spans where the site split a two-byte GBK character.

The scraped site inserted pinyin notes and folded full-width punctuation in
the *bytes* of a GBK page, sometimes one byte off, and then decoded it. A lead
byte cut from its trail shows as ``?`` and the text after it comes out one
byte off until an ASCII byte re-synchronises it::

    年?duì)I造     bytes c4ea | a0 "(duì)" 49 | d4ec  ->  年營造
    “三?!钡拙€   bytes c8fd | b1 a3a1 b1b5 d7be 80  ->  “三保”底線

`repair_shifted_gbk(text, evidence)` looks at every ``?``; text without one
returns at once, and a ``?`` followed by ordinary text (a real question mark)
is passed over after a cheap look for debris. Otherwise it rebuilds the bytes
(`search`) and repairs the span only when the evidence is clear:
the repaired text must read much better than the text as found (jieba's word
frequencies, the site's pinyin, the document's own script and vocabulary:
`document_vocabulary`), clearly better than the next-best repair, and bring in
no rare character the document does not use. Otherwise it leaves
the span as it was; if the span still looks broken it wraps it in
UNCERTAIN_START ... UNCERTAIN_END so the page shows it. Every repair and every
mark is a Change whose note gives the evidence.

Resources: build a `GbkEvidence` once with `build_gbk_evidence()` (seconds:
jieba's dictionary, OpenCC, pypinyin data, a GBK table; a few hundredths
from the tables a build keeps in its cache) and pass it to
every call; the pipeline registers ``functools.partial(repair_shifted_gbk,
evidence=...)``. The evidence also remembers the searches done with it
(`SearchMemo`), so a span that recurs across a build's documents is searched
once, and keeps what the search works out that is the same in every document
(`DroppedPairTables`, `CharacterFacts`): one `GbkEvidence` per build, not
one per document. A document's own vocabulary is read only when one of its
spans needs it (most ``?`` are real question marks). Run this pass
*before* `strip_inline_pinyin`: the site's pinyin inside a span is evidence
here, and the pinyin a repair keeps (``動(dòng)``) is removed there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from jiedu.charclass import is_han
from jiedu.clean.char_converters import load_char_converter
from jiedu.clean.gbk_repair.document_vocabulary import CharacterFacts, DocumentVocabulary, read_document_vocabulary
from jiedu.clean.gbk_repair.gbk_bytes import GbkTable, build_gbk_table, char_to_gbk
from jiedu.clean.pinyin_readings import PinyinReadings, build_pinyin_readings
from jiedu.clean.gbk_repair.dropped_pair_tables import DroppedPairTables
from jiedu.clean.gbk_repair.hypothesis import PINYIN_MISMATCH, Continuation, Hypothesis, SearchContext, describe_evidence
from jiedu.clean.gbk_repair.memo import SearchMemo
from jiedu.clean.gbk_repair.tokens import NOTE_AFTER_CHAR, Token, read_tokens
from jiedu.clean.gbk_repair.word_scores import PUNCTUATION, WordScores, load_word_scores
from jiedu.model import UNCERTAIN_END, UNCERTAIN_START, Change
from jiedu.table_cache import TableCache

PASS_NAME = "repair_shifted_gbk"
LEFT_CONTEXT = 6
RIGHT_CONTEXT = 6
"""Characters of context scored on each side of a span."""
MIN_GAIN = 8.0
"""A repair must beat the text as found by this much (log-probability)."""
MIN_MARGIN = 4.0
"""... and the next-best different repair by this much."""
BROKEN_GAIN = 3.0
"""Below MIN_GAIN but above this, the span is marked uncertain rather than left."""
SUSPICION_WINDOW = 9
"""Tokens after the ``?`` looked at before deciding to search at all."""
DEBRIS_MIN = 3
"""Rare or foreign characters after a ``?`` that make it look garbled."""
RARE_LOGP = -13.0
"""A character rarer than this (jieba's frequency as a word of its own) is debris."""
_BARRIERS = re.compile(f"[?\n{UNCERTAIN_START}{UNCERTAIN_END}]")


@dataclass(frozen=True, slots=True)
class GbkEvidence:
    """Everything `repair_shifted_gbk` weighs candidates with; build once."""

    table: GbkTable
    """Every two-byte GBK character by lead and trail byte."""
    scores: WordScores
    """Word frequencies from jieba's data (plus any extra words)."""
    readings: PinyinReadings
    """Pinyin syllables and readings, to check the site's pinyin."""
    to_traditional: Callable[[str], str]
    """One character Simplified -> Traditional (OpenCC s2t), to tell scripts apart."""
    pair_tables: DroppedPairTables
    """The search's candidate lists for vanished pairs, worked out on first use and kept."""
    char_facts: CharacterFacts
    """The script converters and what they say of each character, for every document's vocabulary."""
    searches: SearchMemo = field(default_factory=SearchMemo, compare=False, repr=False)
    """Searches done so far with these resources: a span repeated in many documents is searched once."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What to do with one span."""

    start: int
    end: int
    replacement: str
    change: Change


def build_gbk_evidence(extra_words: Iterable[str] = (), readings: PinyinReadings | None = None, tables: TableCache | None = None) -> GbkEvidence:
    """Build the repair's resources once.

    `extra_words` are words the project knows that jieba may not (the
    glossary's terms, e.g. 格桑花行动): Simplified or Traditional.
    `readings` may be shared with `strip_inline_pinyin`. With `tables` (the
    build cache's), the word scores and the s2t converter are read from their
    tables there, or derived and stored for the next build.
    """
    readings = readings or build_pinyin_readings()
    table, scores = build_gbk_table(), load_word_scores(extra_words, readings.to_simplified, tables)
    to_traditional = load_char_converter("s2t", tables)
    return GbkEvidence(
        table=table,
        scores=scores,
        readings=readings,
        to_traditional=to_traditional,
        pair_tables=DroppedPairTables(table, scores),
        char_facts=CharacterFacts(readings.to_simplified, to_traditional),
    )


def repair_shifted_gbk(text: str, evidence: GbkEvidence) -> tuple[str, list[Change]]:
    """Repair (or mark) every span where GBK bytes were read one byte off.

    Repeats until nothing changes, so that running it again on its own output
    changes nothing. Clean text without ``?`` returns at once.
    """
    changes: list[Change] = []
    # Read the vocabulary of the text as it comes, but only when a span needs it:
    # many documents have only real question marks, passed over without it.
    vocabulary = functools.cache(functools.partial(read_document_vocabulary, text, evidence.char_facts))
    while "?" in text:
        text, found = _repair_round(text, evidence, vocabulary)
        if not found:
            break
        changes.extend(found)
    return text, changes


def _repair_round(text: str, evidence: GbkEvidence, vocabulary: Callable[[], DocumentVocabulary]) -> tuple[str, list[Change]]:
    pieces, changes, done_to = [], [], 0
    for anchor in _anchors(text):
        if anchor < done_to:
            continue
        verdict = judge_span(text, anchor, evidence, vocabulary)
        if verdict is None:
            continue
        pieces += [text[done_to : verdict.start], verdict.replacement]
        changes.append(verdict.change)
        done_to = verdict.end
    pieces.append(text[done_to:])
    return "".join(pieces), changes


def _anchors(text: str) -> Iterable[int]:
    """Offsets of ``?`` outside spans already marked uncertain."""
    depth = 0
    for match in re.finditer(f"[?{UNCERTAIN_START}{UNCERTAIN_END}]", text):
        char = match.group()
        if char == UNCERTAIN_START:
            depth += 1
        elif char == UNCERTAIN_END:
            depth = max(0, depth - 1)
        elif depth == 0:
            yield match.start()


def judge_span(text: str, anchor: int, evidence: GbkEvidence, vocabulary: Callable[[], DocumentVocabulary]) -> Verdict | None:
    """Decide about the span that may start at the ``?`` at `anchor`.

    `vocabulary()` gives the document's vocabulary (read when first asked for).
    """
    tokens = read_tokens(text, anchor, evidence.readings)
    if len(tokens) < 2 and not (tokens and tokens[0].syllable):
        return None
    if not _looks_suspicious(text, anchor, tokens, evidence.scores, lambda char: vocabulary().is_foreign(char)):
        return None
    context = SearchContext(evidence.table, evidence.scores, evidence.readings, vocabulary(), evidence.pair_tables)
    left = _left_context(text, anchor)
    start = Hypothesis(state=evidence.scores.start(left), last_byte=_last_byte(text, anchor))
    found = evidence.searches.search(tokens, start, context)
    window_end = _window_end(text, tokens, found)
    ranked = _rank(text, tokens, found, window_end, context)
    baseline = _baseline_score(text, anchor, tokens, window_end, start, context)
    return _verdict(text, anchor, tokens, ranked, baseline, _broken_end(text, anchor, tokens, context), context)


def _rank(text: str, tokens: list[Token], found: list[Hypothesis], window_end: int, context: SearchContext) -> list[tuple[float, Hypothesis]]:
    """Each distinct repaired text once, with its score over the common window."""
    best: dict[str, tuple[float, Hypothesis]] = {}
    rests: dict[int, Continuation] = {}  # the text after the span, by the tokens it covers
    for hypothesis in found:
        rest = rests.get(hypothesis.tokens_used)
        if rest is None:
            rest = rests[hypothesis.tokens_used] = Continuation(_content(text[tokens[hypothesis.tokens_used - 1].end : window_end]), context)
        score = rest.score_after(hypothesis.state) + hypothesis.evidence
        if hypothesis.output not in best or score > best[hypothesis.output][0]:
            best[hypothesis.output] = (score, hypothesis)
    return sorted(best.values(), key=lambda pair: -pair[0])


def _baseline_score(text: str, anchor: int, tokens: list[Token], window_end: int, start: Hypothesis, context: SearchContext) -> float:
    """The text as found, scored over the same window; a ``?`` followed by pinyin is unexplained."""
    unexplained = sum(PINYIN_MISMATCH for t in tokens if t.syllable and text[t.start] == "?")
    kept = "".join(text[t.start] for t in tokens if t.end <= window_end)
    covered = max((t.end for t in tokens if t.end <= window_end), default=anchor)
    return Continuation(kept + _content(text[covered:window_end]), context).score_after(start.state) + unexplained


def _looks_suspicious(text: str, anchor: int, tokens: list[Token], scores: WordScores, is_foreign: Callable[[str], bool]) -> bool:
    """Cheap test before the search: does anything after the ``?`` look like debris?

    A real question mark is followed by ordinary text; a shifted span by pinyin
    with no ``(``, a second ``?``, rare or foreign characters, or ASCII letters
    and symbols glued between Chinese characters.
    """
    if tokens[0].syllable or text.startswith("??", anchor):
        return True
    ahead = [text[t.start] for t in tokens[1:SUSPICION_WINDOW]]
    return any(_is_debris(char, scores, is_foreign) or _is_glued_ascii(char) for char in ahead)


def _is_glued_ascii(char: str) -> bool:
    """An ASCII letter or symbol inside Chinese text (digits and common punctuation are fine)."""
    return char.isascii() and not char.isdigit() and char not in ",.;:!?()%+-/\"'"


def _broken_end(text: str, anchor: int, tokens: list[Token], context: SearchContext) -> int | None:
    """Where the span ends if it looks garbled whatever the search found, else None.

    Garbled: pinyin right after the ``?``, a lost character (``??``), or at
    least DEBRIS_MIN rare characters (or ones the document never uses) among
    the next tokens.
    """
    if tokens[0].syllable or text.startswith("??", anchor):
        return tokens[1].end if text.startswith("??", anchor) else tokens[0].end
    debris = [t.end for t in tokens[1:] if _is_debris(text[t.start], context.scores, context.vocabulary.is_foreign)]
    return debris[-1] if len(debris) >= DEBRIS_MIN else None


def _is_debris(char: str, scores: WordScores, is_foreign: Callable[[str], bool]) -> bool:
    """A character a shifted decode leaves and real text rarely has.

    Rare characters, characters of the other script (`is_foreign`: the
    document's vocabulary says, asked last as it may have to be read first),
    and symbols that are neither Han nor punctuation (ㄐ, €).
    """
    if char.isascii() or char in PUNCTUATION:
        return False
    if not is_han(char):
        return True
    return scores.char_logp(scores.to_simplified(char)) < RARE_LOGP or is_foreign(char)


def _has_rare_char(output: str, context: SearchContext) -> bool:
    """True if a repair brings in a rare character the document does not use elsewhere."""
    simple = context.scores.to_simplified
    return any(
        not char.isascii()
        and context.scores.char_logp(simple(char)) < RARE_LOGP
        and context.vocabulary.cost("", char) <= 0
        for char in NOTE_AFTER_CHAR.sub("", output)
    )


def _verdict(text: str, anchor: int, tokens: list[Token], ranked: list[tuple[float, Hypothesis]], baseline: float, broken_end: int | None, context: SearchContext) -> Verdict | None:
    line = text.count("\n", 0, anchor) + 1
    best_score, best = ranked[0] if ranked else (baseline, None)
    gain = best_score - baseline
    margin = best_score - ranked[1][0] if len(ranked) > 1 else float("inf")
    if best is not None and gain >= MIN_GAIN and margin >= MIN_MARGIN and not _has_rare_char(best.output, context):
        end = tokens[best.tokens_used - 1].end
        note = _repair_note(best, gain, margin, ranked)
        return Verdict(anchor, end, best.output, Change(PASS_NAME, line, text[anchor:end], best.output, note))
    if gain < BROKEN_GAIN and broken_end is None:
        return None
    end = tokens[best.tokens_used - 1].end if best is not None and gain >= BROKEN_GAIN else broken_end
    marked = UNCERTAIN_START + text[anchor:end] + UNCERTAIN_END
    note = _uncertain_note(best, gain, margin, ranked)
    return Verdict(anchor, end, marked, Change(PASS_NAME, line, text[anchor:end], marked, note, uncertain=True))


def _repair_note(best: Hypothesis, gain: float, margin: float, ranked) -> str:
    runner_up = f", +{margin:.1f} over {ranked[1][1].output!r}" if len(ranked) > 1 else ""
    stream = " ".join(f"{b:02x}" for b in best.stream)
    evidence = "; ".join(describe_evidence(*note) for note in best.notes)
    return (
        f"re-read GBK bytes {stream} one byte over; words +{gain:.1f} over the text as found{runner_up}"
        + (f"; {evidence}" if evidence else "")
        + (f"; assumed {best.dropped_pairs} vanished user-defined pair(s)" if best.dropped_pairs else "")
    )


def _uncertain_note(best: Hypothesis | None, gain: float, margin: float, ranked) -> str:
    if best is None or gain < BROKEN_GAIN:
        return "looks like shifted GBK (pinyin after a ?, a lost character, or rare characters), but no byte reading fits; left as found"
    runner_up = f", only +{margin:.1f} over {ranked[1][1].output!r}" if len(ranked) > 1 else ""
    return f"looks like shifted GBK; best reading {best.output!r} scores {gain:+.1f} over the text as found{runner_up}; not sure enough, left as found"


def _left_context(text: str, anchor: int) -> str:
    """Up to LEFT_CONTEXT characters before the span, same line, pinyin notes removed."""
    window = text[max(0, anchor - 4 * LEFT_CONTEXT) : anchor]
    barrier = max((m.end() for m in _BARRIERS.finditer(window)), default=0)
    return _content(window[barrier:])[-LEFT_CONTEXT:]


def _last_byte(text: str, anchor: int) -> int | None:
    """The last byte before the span (the site may have read it with the ``?`` byte)."""
    if anchor == 0:
        return None
    encoded = char_to_gbk(text[anchor - 1])
    return encoded[-1] if encoded else None


def _window_end(text: str, tokens: list[Token], found: list[Hypothesis]) -> int:
    """Where scoring stops: past the longest candidate, plus some context."""
    covered = max((tokens[h.tokens_used - 1].end for h in found), default=tokens[0].end)
    stop = _BARRIERS.search(text, covered)
    limit = stop.start() if stop else len(text)
    end, seen = covered, 0
    while end < limit and seen < RIGHT_CONTEXT:
        match = NOTE_AFTER_CHAR.match(text, end)
        end, seen = (match.end(), seen) if match else (end + 1, seen + 1)
    return min(end, limit)


def _content(text: str) -> str:
    """`text` without the site's pinyin notes."""
    return NOTE_AFTER_CHAR.sub("", text)


