"""The GBK repair's faster forms give exactly what the plain ones gave.

`Continuation` scores the text after a span once for many readings; the
search's named tuples are made field by field; the vocabulary marks the breaks
between its runs with a character no run holds. Each test compares one of
them with the plain definition it stands for.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiedu.clean.gbk_repair.document_vocabulary import read_document_vocabulary
from jiedu.clean.pinyin_readings import build_pinyin_readings
from jiedu.clean.gbk_repair import build_gbk_evidence
from jiedu.clean.gbk_repair.hypothesis import Byte, Continuation, Hypothesis, SearchContext, finished_at, with_pending

HAN = "堅持穩中求進工作總基調完整準確全面貫徹新發展理念營造三保底線格桑花行動數字东安定祥和的社会環境中华人民共和国"
TEXT = st.text(alphabet=HAN + "G318ab,。！？、 ", max_size=10)
DOCUMENT = "為自治區成立60周年營造安定祥和的社會環境。堅持穩中求進工作總基調,完整準確全面貫徹新發展理念。\n" * 12


@pytest.fixture(scope="module")
def evidence():
    return build_gbk_evidence(("格桑花行动", "三保"), build_pinyin_readings())


def _context(evidence, document: str) -> SearchContext:
    vocabulary = read_document_vocabulary(document, evidence.char_facts)
    return SearchContext(evidence.table, evidence.scores, evidence.readings, vocabulary, evidence.pair_tables)


def _extended_score(state, chars: str, context: SearchContext) -> float:
    """The continuation's score as first computed: one character at a time, with `WordScores.extend`."""
    cost = 0.0
    for char in chars:
        cost += context.vocabulary.cost(state.text[-1:], char)
        state = context.scores.extend(state, char)
    return state.total + cost


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(left=TEXT, rests=st.lists(TEXT, min_size=1, max_size=3), document=st.sampled_from(["", DOCUMENT]))
def test_a_continuation_scores_as_extending_one_character_at_a_time(evidence, left, rests, document):
    context = _context(evidence, document)
    state = evidence.scores.start(left)
    for rest in rests:
        continuation = Continuation(rest, context)
        for reading in ("", "營", "营造", "a", "三保", "，"):
            after = evidence.scores.start(left + reading)
            assert continuation.score_after(after) == _extended_score(after, rest, context)
        assert continuation.score_after(state) == _extended_score(state, rest, context)


def test_hypotheses_are_made_as_replace_would(evidence):
    state = evidence.scores.start("年營")
    hypothesis = Hypothesis(state, "營(yíng)", None, 0x49, 2.5, (("yíng", "營", (0xA0, 0x49), 4.0),), (0xA0, 0x49), 1, 3)
    pending = Byte(0xC4, (), 0x49, "duì")
    assert with_pending(hypothesis, pending) == hypothesis._replace(pending=pending)
    assert finished_at(hypothesis, 7) == hypothesis._replace(tokens_used=7)


@pytest.mark.parametrize("odd", ["\x00", "\x00\x01", "\x01"])
def test_the_vocabulary_reads_runs_that_hold_control_characters(evidence, odd):
    text = ("三保障" + odd + "底線。abc 安定祥和" + odd) * 60
    vocabulary = read_document_vocabulary(text, evidence.char_facts)
    facts = evidence.char_facts
    runs = [[facts.of(char)[3] for char in run] for run in re.findall(r"[^\sA-Za-z0-9]+", text)]
    assert vocabulary.chars == frozenset(char for run in runs for char in run)
    assert vocabulary.pairs == frozenset(a + b for run in runs for a, b in zip(run, run[1:]))
