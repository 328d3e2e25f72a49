"""repair_shifted_gbk: cases from fixtures, properties, and the real seed 002."""

from __future__ import annotations

import random
import re
import time
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clean_cases import SHARED, read_cases, read_words, replay
from clean_garbling import fold_text, garble_at
from jiedu.clean.pinyin_readings import build_pinyin_readings
from jiedu.clean.gbk_repair import dropped_pair_tables, memo as shifted_gbk_memo
from jiedu.clean.gbk_repair import build_gbk_evidence, repair_shifted_gbk
from jiedu.clean.gbk_repair.memo import SearchMemo
from jiedu.clean.gbk_repair.word_scores import ASCII_CONTINUED_LOGP, MAX_WORD, SEGMENT_LOGP
from jiedu.clean.strip_inline_pinyin import strip_inline_pinyin
from jiedu.model import UNCERTAIN_END, UNCERTAIN_START

SEED_002 = SHARED / "seeds" / "002_1343f4ba99812649.txt"
SEED_002_SPANS = [
    ("“三?!钡拙€。", "“三保”底線。"),
    ("年?duì)I造", "年營造"),
    ("格?;ㄐ袆?dòng)", "格桑花行動(dòng)"),
    ("局?jǐn)?shù)字", "局數(shù)字"),
    ("范圍?;就瓿杉w林", "范圍。基本完成集體林"),
    ("接?xùn)|中", "接東中"),
]
"""The six garbled spans of seed 002 and what they say (the site's pinyin kept)."""


@pytest.fixture(scope="module")
def readings():
    return build_pinyin_readings()


@pytest.fixture(scope="module")
def evidence(readings):
    return build_gbk_evidence(read_words("domain_words.txt"), readings)


@pytest.fixture(scope="module")
def plain_evidence(readings):
    """Without the project's domain words: jieba's vocabulary only."""
    return build_gbk_evidence((), readings)


@pytest.mark.parametrize("given_text, expected", read_cases("repair_shifted_gbk.cases.txt"))
def test_repair_cases(evidence, given_text, expected):
    repaired, changes = repair_shifted_gbk(given_text, evidence)
    assert repaired == expected
    assert replay(given_text, changes) == repaired
    assert all(change.note for change in changes)


@pytest.mark.parametrize(
    "given_text",
    [
        pytest.param("切實兜牢“三?!钡拙€。落實一攬子化債方案", id="sanbao"),
        pytest.param("精準實施“格?;ㄐ袆?dòng)”。健全政府性融資擔保體系", id="gesanghua"),
    ],
)
def test_without_domain_words_the_proper_nouns_are_marked_not_guessed(plain_evidence, given_text):
    repaired, changes = repair_shifted_gbk(given_text, plain_evidence)
    assert [change.uncertain for change in changes] == [True]
    assert repaired.replace(UNCERTAIN_START, "").replace(UNCERTAIN_END, "") == given_text


def test_a_repair_says_why(evidence):
    _, [change] = repair_shifted_gbk("為自治區成立60周年?duì)I造安定祥和的社會環境。", evidence)
    assert change.pass_name == "repair_shifted_gbk" and change.line == 1
    assert (change.before, change.after, change.uncertain) == ("?duì)I", "營", False)
    assert "a0 49" in change.note and "duì names 隊 (ea a0)" in change.note


def test_clean_corpus_passes_through_unchanged(evidence):
    paths = sorted((SHARED / "corpus").glob("*.txt")) + sorted((SHARED / "seeds").glob("000_*.txt"))
    if not paths:
        pytest.skip("shared/ is not beside the project")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert repair_shifted_gbk(text, evidence) == (text, []), path.name


def test_real_question_marks_stay(evidence):
    """Every third ，/。 of a real report made a ?: none may be taken for a broken byte."""
    source = SHARED / "corpus" / "tibet_2026_gov_work_report_xizang_ribao.txt"
    if not source.is_file():
        pytest.skip("shared/corpus is not beside the project")
    stops = iter(range(10**6))
    text = re.sub("[，。]", lambda m: "?" if next(stops) % 3 == 0 else m.group(), source.read_text(encoding="utf-8"))
    assert text.count("?") > 200
    assert repair_shifted_gbk(text, evidence) == (text, [])


def test_a_megabyte_of_clean_text_is_fast(evidence):
    text = ("堅持穩中求進工作總基調,完整準確全面貫徹新發展理念。\n" * 40000)[: 1 << 20]
    started = time.perf_counter()
    assert repair_shifted_gbk(text, evidence) == (text, [])
    assert time.perf_counter() - started < 1.0


def test_seed_002_both_passes(evidence, readings):
    if not SEED_002.is_file():
        pytest.skip("shared/seeds is not beside the project")
    raw = SEED_002.read_text(encoding="utf-8")
    repaired, changes = repair_shifted_gbk(raw, evidence)
    cleaned, _ = strip_inline_pinyin(repaired, readings)

    expected = raw
    for garbled, meant in SEED_002_SPANS:
        assert expected.count(garbled) == 1
        expected = expected.replace(garbled, meant)
    assert repaired == expected
    assert [c.uncertain for c in changes] == [False] * 6
    # Every tone-marked bracket after a Han character is the site's pinyin here.
    assert cleaned == re.sub(r"(?<=[\u4e00-\u9fff])\([a-zü\u00e0-\u01dc]+\)", "", expected)
    assert not re.search(r"[a-zü\u00e0-\u01dc]+\)", cleaned.replace("(四川天府)", ""))
    assert "?" not in cleaned


def test_synthetic_garbling_is_repaired_or_marked(evidence, readings):
    """Spans made by a model of the site's bug: never repaired into something else."""
    source = SHARED / "corpus" / "prc_1954_gov_work_report_traditional_wikisource.txt"
    if not source.is_file():
        pytest.skip("shared/corpus is not beside the project")
    lines = fold_text(source.read_text(encoding="utf-8")).splitlines()
    rng = random.Random(2025)
    outcomes = []
    for _ in range(10):
        at = rng.choice([i for i, line in enumerate(lines) if len(line) > 40])
        line, index = lines[at], rng.randrange(1, len(lines[at]) - 1)
        kind = rng.choice(["note_inside", "lost_lead"])
        garbled = garble_at(line, index, kind, lambda c: min(readings.readings_of(c), default=None))
        if garbled is None or garbled == line:
            continue
        nearby = lines[max(0, at - 30) : at] + [garbled] + lines[at + 1 : at + 30]
        repaired, _ = repair_shifted_gbk("\n".join(nearby), evidence)
        fixed = repaired.splitlines()[min(at, 30)]
        outcomes.append("exact" if fixed == line else "marked" if UNCERTAIN_START in fixed else fixed)
    wrong = [o for o in outcomes if o not in ("exact", "marked")]
    assert not wrong and "exact" in outcomes


HAN = "堅持穩中求進工作總基調完整準確全面貫徹新發展理念營造三保底線格桑花行動數字東"
TEXT = st.text(alphabet=HAN + "?!;,。“”()duìjǐnshùIw|€\n ㄐ袆钡拙", max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_properties(evidence, text):
    repaired, changes = repair_shifted_gbk(text, evidence)
    assert repair_shifted_gbk(repaired, evidence) == (repaired, [])
    assert replay(text, changes) == repaired
    for change in (c for c in changes if c.uncertain):
        assert change.after == UNCERTAIN_START + change.before + UNCERTAIN_END


GARBLED_LINE = "為自治區成立60周年?duì)I造安定祥和的社會環境。"
DOCUMENTS_WITH_THE_SAME_SPAN = [
    GARBLED_LINE,
    "前言\n" + GARBLED_LINE,
    GARBLED_LINE + "\n" + "堅持穩中求進工作總基調,完整準確全面貫徹新發展理念。" * 30,
    GARBLED_LINE + "\n" + "三保障底線,安定祥和的社會。" * 60,
]
"""One span in documents whose vocabularies agree (the first two) or differ."""


def test_a_shared_memo_changes_no_result(evidence):
    shared = replace(evidence, searches=SearchMemo())
    for text in DOCUMENTS_WITH_THE_SAME_SPAN * 2:
        assert repair_shifted_gbk(text, shared) == repair_shifted_gbk(text, replace(evidence, searches=SearchMemo()))


def test_a_repeated_span_is_searched_once(evidence, monkeypatch):
    calls = []
    search = shifted_gbk_memo.search_realignments
    monkeypatch.setattr(shifted_gbk_memo, "search_realignments", lambda *args: calls.append(1) or search(*args))
    shared = replace(evidence, searches=SearchMemo())
    for text in DOCUMENTS_WITH_THE_SAME_SPAN[:2] * 3:
        repair_shifted_gbk(text, shared)
    assert len(calls) == 1
    repair_shifted_gbk(DOCUMENTS_WITH_THE_SAME_SPAN[2], shared)  # its vocabulary answers differently
    assert len(calls) == 2


def test_the_memo_is_bounded(evidence):
    shared = replace(evidence, searches=SearchMemo(max_spans=1))
    repair_shifted_gbk("年?duì)I造\n局?jǐn)?shù)字", shared)
    assert len(shared.searches) == 1


def _score_as_defined(scores, text: str) -> float:
    """The best segmentation's log probability, straight from the definition (no shortcuts)."""
    simple = "".join(scores.to_simplified(c) for c in text)
    best = [0.0]
    for n in range(1, len(simple) + 1):
        if n > 1 and (simple[n - 1] + simple[n - 2]).isascii() and simple[n - 1].isalnum() and simple[n - 2].isalnum():
            best.append(best[-1] + ASCII_CONTINUED_LOGP)
            continue
        found = best[-1] + scores.char_logp(simple[n - 1])
        for k in range(2, min(MAX_WORD, n) + 1):
            if simple[n - k : n] in scores.logp:
                found = max(found, best[n - k] + scores.logp[simple[n - k : n]])
        best.append(found + SEGMENT_LOGP)
    return best[-1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=HAN + "自治區成立安定祥和社會環境G318ab,。", max_size=12), st.sampled_from(HAN + "營造會a1,"))
def test_totals_after_is_the_score_of_one_more_character(evidence, text, char):
    scores = evidence.scores
    assert scores.totals_after(scores.start(text))(char) == _score_as_defined(scores, text + char)


@pytest.mark.parametrize("first", ["保", "安", "營", "樱", "a"])
def test_word_strength_is_the_best_two_character_word(evidence, first):
    scores = evidence.scores
    nexts = {scores.to_simplified(c) for c in HAN + "障全定"}
    expected = max((scores.logp.get(first + after, float("-inf")) for after in nexts), default=float("-inf"))
    assert dropped_pair_tables.word_strength(first, nexts, scores) == expected
