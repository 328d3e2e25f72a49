"""The GBK repair's shortcuts choose exactly what doing all the work would.

The search skips candidates that a bound says cannot win (`preselect`,
`_dropped_pair_options`), keeps lists that do not depend on the document
(`DroppedPairTables`, `CharacterFacts`) and reads files and vocabularies in
bulk. Each test here compares one shortcut with the plain definition it
replaced, on many inputs.
"""

from __future__ import annotations

import heapq
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clean_cases import SHARED
from clean_garbling import fold_text, garble_at
from jiedu.charclass import is_han
from jiedu.clean.gbk_repair import dropped_pairs
from jiedu.clean.gbk_repair.document_vocabulary import CLAUSE_STOP, CLAUSE_STOPS, MIN_HAN, read_document_vocabulary, text_script
from jiedu.clean.pinyin_readings import build_pinyin_readings
from jiedu.clean.gbk_repair import build_gbk_evidence, repair_shifted_gbk
from jiedu.clean.gbk_repair.hypothesis import (
    PRESELECTED,
    Byte,
    Hypothesis,
    SearchContext,
    added_scores,
    pair_evidence_score,
    preselect,
    syllable_evidence,
)
from jiedu.clean.gbk_repair.search import UNKNOWN_BYTES
from jiedu.clean.gbk_repair.tokens import Token
from jiedu.clean.gbk_repair.word_scores import read_idf_pseudo_counts

HAN = "堅持穩中求進工作總基調完整準確全面貫徹新發展理念營造三保底線格桑花行動數字東安定祥和的社會環境"
DOCUMENT = "為自治區成立60周年營造安定祥和的社會環境。堅持穩中求進工作總基調,完整準確全面貫徹新發展理念。\n" * 12
GARBLED = [
    "為自治區成立60周年?duì)I造安定祥和的社會環境。",
    "切實兜牢“三?!钡拙€。落實一攬子化債方案",
    "精準實施“格?;ㄐ袆?dòng)”。健全政府性融資擔保體系",
    "推進全局?jǐn)?shù)字化轉型",
    "在林草范圍?;就瓿杉w林權制度改革",
    "銜接?xùn)|中部地區",
]


@pytest.fixture(scope="module")
def readings():
    return build_pinyin_readings()


@pytest.fixture(scope="module")
def evidence(readings):
    return build_gbk_evidence(("格桑花行动", "三保"), readings)


def _context(evidence, document: str = DOCUMENT) -> SearchContext:
    vocabulary = read_document_vocabulary(document, evidence.char_facts)
    return SearchContext(evidence.table, evidence.scores, evidence.readings, vocabulary, evidence.pair_tables)


def _glance_at_everything(hypothesis, options, token, context):
    """`preselect` as first written: every option glanced at in full."""
    if len(options) <= PRESELECTED:
        return options
    added_score = added_scores(hypothesis.state, context)

    def glance(option):
        lead_value, _, char = option
        score = added_score(char) + pair_evidence_score(hypothesis.pending, lead_value, context)
        if token is not None and token.syllable is not None:
            score += syllable_evidence(context.readings, token.syllable, char)
        return score

    return heapq.nlargest(PRESELECTED, options, key=glance)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    left=st.text(alphabet=HAN + "，。a1", max_size=8),
    trail=st.integers(0x40, 0xFE).filter(lambda b: b != 0x7F),
    before=st.sampled_from([None, 0xEA, 0xB1, 0xC8]),
    lead_syllable=st.sampled_from([None, "duì", "shù", "bǎo"]),
    token_syllable=st.sampled_from([None, "yíng", "bǎo", "dòng"]),
)
def test_preselect_picks_what_a_full_glance_picks(evidence, left, trail, before, lead_syllable, token_syllable):
    context = _context(evidence)
    hypothesis = Hypothesis(state=evidence.scores.start(left), pending=Byte(None, UNKNOWN_BYTES, before, lead_syllable))
    options = [(lead, trail, char) for lead, char in evidence.table.by_trail.get(trail, ())]
    token = Token(0, 1, ((trail,),), token_syllable, token_syllable or "")
    assert preselect(hypothesis, options, token, context) == _glance_at_everything(hypothesis, options, token, context)


def _score_every_option(hypothesis, next_bytes, context):
    """`_dropped_pair_options` as first written: every ending with every next character."""
    lead, scores, tables = hypothesis.pending, context.scores, context.pair_tables
    lead_values = (lead.value,) if lead.value is not None else lead.choices
    options = []
    for group in range(len(dropped_pairs.DROPPED_PAIR_GROUPS)):
        starts = tables.starts(next_bytes, group)
        for value, first, char in dropped_pairs._promising_endings(hypothesis, lead_values, next_bytes, group, context):
            base = pair_evidence_score(lead, value, context) + added_scores(hypothesis.state, context)(char)
            added_score = added_scores(scores.extend(hypothesis.state, char), context)
            followers = scores.followers.get(scores.to_simplified(char), {})
            options.extend((base + added_score(after), value, first, second) for second, after in starts.tried_after(followers))
    return [option[1:] for option in heapq.nlargest(dropped_pairs.DROPPED_PAIR_BRANCHES, options)]


def _garbled_lines(readings) -> list[str]:
    """GARBLED, and spans garbled by the model of the site's bug in a real report when it is at hand."""
    source = SHARED / "corpus" / "prc_1954_gov_work_report_traditional_wikisource.txt"
    if not source.is_file():
        return GARBLED
    lines = [line for line in fold_text(source.read_text(encoding="utf-8")).splitlines() if len(line) > 40]
    rng, garbled = random.Random(7), list(GARBLED)
    for _ in range(12):
        line = rng.choice(lines)
        kind = rng.choice(["note_inside", "lost_lead"])
        garbled.append(garble_at(line, rng.randrange(1, len(line) - 1), kind, lambda c: min(readings.readings_of(c), default=None)) or line)
    return garbled


def test_dropped_pair_options_are_those_of_scoring_every_option(evidence, readings, monkeypatch):
    checked, pruned = [], dropped_pairs._dropped_pair_options

    def compare(hypothesis, next_bytes, context):
        found = pruned(hypothesis, next_bytes, context)
        checked.append(found == _score_every_option(hypothesis, next_bytes, context))
        return found

    monkeypatch.setattr(dropped_pairs, "_dropped_pair_options", compare)
    for line in _garbled_lines(readings):
        repair_shifted_gbk(line + "\n" + DOCUMENT, evidence)
    assert len(checked) > 20 and all(checked)


def _vocabulary_as_defined(text: str, to_simplified, to_traditional):
    """(script, chars, pairs) as `read_document_vocabulary` first computed them, one character at a time."""
    clean = re.sub(r".{0,20}\?.{0,20}", "\n", text)
    form = lambda c: CLAUSE_STOP if c in CLAUSE_STOPS else c  # noqa: E731
    runs = [[form(to_simplified(c)) for c in run] for run in re.findall(r"[^\sA-Za-z0-9]+", clean)]
    script = _script_as_defined(clean, to_simplified, to_traditional)
    if sum(is_han(c) for run in runs for c in run) < MIN_HAN:
        return script, frozenset(), frozenset()
    return script, frozenset(c for run in runs for c in run), frozenset(a + b for run in runs for a, b in zip(run, run[1:]))


def _script_as_defined(text: str, to_simplified, to_traditional) -> str | None:
    traditional = simplified = 0
    for char in text:
        if is_han(char) and to_simplified(char) != char:
            traditional += 1
        elif is_han(char) and to_traditional(char) != char:
            simplified += 1
    if traditional + simplified < 20:
        return None
    return "traditional" if traditional > 3 * simplified else "simplified" if simplified > 3 * traditional else None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=HAN + "国营这個，。?! a1\n", min_size=0, max_size=80), st.integers(1, 30))
def test_the_vocabulary_reads_as_defined(evidence, piece, repeat):
    text = piece * repeat
    facts = evidence.char_facts
    vocabulary = read_document_vocabulary(text, facts)
    assert (vocabulary.script, vocabulary.chars, vocabulary.pairs) == _vocabulary_as_defined(text, facts.to_simplified, facts.to_traditional)
    chars = list(dict.fromkeys(text + "營营樱"))
    for previous in ("", "三", "。", "營"):
        assert vocabulary.costs_after(previous, chars) == [vocabulary.cost(previous, char) for char in chars]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=HAN + "G318ab,。", max_size=12), st.sampled_from(HAN + "營造會a1,"))
def test_total_after_is_totals_after(evidence, text, char):
    scores = evidence.scores
    state = scores.start(text)
    assert scores.total_after(state, char) == scores.totals_after(state)(char)


def test_idf_file_read_as_defined(tmp_path):
    idf = tmp_path / "idf.txt"
    idf.write_text("营造 9.5\n新词 11.25\n新词 3.0\n坏 x\n无空格\n 7.0\n", encoding="utf-8")
    known = {"营造": 1}
    everything = [(word, freq) for word, freq in read_idf_pseudo_counts(idf) if word not in known]
    assert list(read_idf_pseudo_counts(idf, known=known)) == everything


def test_character_facts_agree_with_the_converters(evidence):
    facts = evidence.char_facts
    for char in "營营樱櫻a ，?":
        plain, han, simple, _, other_in_traditional = facts.of(char)
        assert (han, simple, other_in_traditional) == (is_han(char), facts.to_simplified(char), facts.to_traditional(char) != char)
        assert plain == (char.isspace() or char.isascii() and char.isalnum())
    assert text_script("國營" * 20, facts.to_simplified, facts.to_traditional) == "traditional"
