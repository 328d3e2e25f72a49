"""The shortcuts that make annotation cheaper give what the plain way gives.

Each test sets a shortcut beside the computation it spares: OpenCC skipped
for text it would not change, a document's sentences read in one model batch,
the LSTM stepping only the rows still running, the segmenter's answers
remembered, the glossary search not repeated for missing-term sightings.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opencc import OpenCC
from pypinyin import Style, lazy_pinyin

from jiedu.annotate.glossary import find_terms, load_glossary
from jiedu.annotate.glossary.missing import find_sightings
from jiedu.annotate.pinyin import build_pinyin_annotator, load_lexicon
from jiedu.annotate.polyphone_model import _run_lstm
from jiedu.annotate.scripts import _convert_in_place, build_script_converter
from jiedu.annotate.simplify import chars_opencc_may_change, resolve_zhu

PROJECT_DIR = Path(__file__).resolve().parents[1]
CONTENT_DIR = PROJECT_DIR / "content"
MISSING_TERMS_SAMPLE = PROJECT_DIR / "tests" / "fixtures" / "glossary" / "missing-terms" / "sample.txt"
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def content_lines() -> list[str]:
    """The bundled documents' non-empty lines (one Simplified, one Traditional document)."""
    lines = []
    for path in sorted((CONTENT_DIR / "documents").glob("*.txt")):
        text = FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))
        lines += [line for line in text.splitlines() if line.strip()]
    return lines


@pytest.fixture(scope="module")
def converter():
    return build_script_converter()


@pytest.fixture(scope="module")
def glossary(converter):
    glossary, _ = load_glossary(CONTENT_DIR / "glossary", converter.to_traditional, lambda t: " ".join(lazy_pinyin(t, style=Style.TONE)))
    return glossary


@pytest.fixture(scope="module")
def annotator(converter, glossary):
    entries, _ = load_lexicon(CONTENT_DIR / "lexicon.txt")
    return build_pinyin_annotator(entries, extra_words=glossary.forms, aligner=converter.aligner)


# --- OpenCC: text without a character it would replace is left as it is -------------

ALPHABET = "堅持以人民爲中心看著顯著後来的國家發展乾隆著名才干與于髮发一二三，。“”「」 A1+"
"""Traditional, Simplified and shared characters, 著 and its words, punctuation."""


@pytest.mark.parametrize("conversion", ["t2s", "s2tw"])
def test_opencc_leaves_text_without_changing_chars_alone(conversion):
    opencc, changing = OpenCC(conversion), chars_opencc_may_change(conversion)
    for line in content_lines():
        kept = "".join(char for char in line if char not in changing)
        assert opencc.convert(kept) == kept


def to_simplified_always_converting(aligner, text: str) -> str:
    """ScriptAligner.to_simplified without its shortcut."""
    simplified = aligner.converter.convert(text)
    if len(simplified) != len(text):
        simplified = "".join(aligner._convert_char(char) for char in text)
    return resolve_zhu(simplified) if "著" in simplified else simplified


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=30))
def test_the_simplifying_shortcut_changes_nothing(converter, text):
    assert converter.to_simplified(text) == to_simplified_always_converting(converter.aligner, text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=30))
def test_the_traditional_shortcut_changes_nothing(converter, text):
    assert converter.to_traditional(text) == _convert_in_place(converter.to_traditional_converter, text)


def test_the_shortcuts_change_nothing_in_the_bundled_documents(converter):
    for line in content_lines():
        assert converter.to_simplified(line) == to_simplified_always_converting(converter.aligner, line)
        assert converter.to_traditional(line) == _convert_in_place(converter.to_traditional_converter, line)


# --- the polyphone model ---------------------------------------------------------------


def textbook_lstm(inputs: np.ndarray, recurrent: np.ndarray) -> np.ndarray:
    """One sentence [T, 4h], gates (input, forget, output, cell), the cell as written in books."""
    size = recurrent.shape[0]
    h = np.zeros((1, size), dtype=np.float32)
    c = np.zeros_like(h)
    out = []
    for t in range(inputs.shape[0]):
        z = inputs[None, t] + h @ recurrent
        sig = 1.0 / (1.0 + np.exp(-z[:, : 3 * size]))
        c = sig[:, size : 2 * size] * c + sig[:, :size] * np.tanh(z[:, 3 * size :])
        h = sig[:, 2 * size :] * np.tanh(c)
        out.append(h[0])
    return np.array(out)


def test_the_lstm_steps_a_batch_as_each_sentence_alone(annotator):
    model = annotator.model
    rng = np.random.default_rng(7)
    lengths = [12, 9, 9, 3, 1]
    ids = [rng.integers(0, len(model.forward_inputs), size=n) for n in lengths]
    batch = np.zeros((len(ids), lengths[0], model.forward_inputs.shape[1]), dtype=np.float32)
    for row, x in enumerate(ids):
        batch[row, : len(x)] = model.forward_inputs[x]
    together = _run_lstm(batch, model.forward_recurrent, lengths)
    for row, x in enumerate(ids):
        alone = _run_lstm(batch[row : row + 1, : len(x)], model.forward_recurrent, [len(x)])[0]
        assert np.array_equal(alone, textbook_lstm(model.forward_inputs[x], model.forward_recurrent))
        # Only BLAS's summation order may differ between batch shapes: the last bits.
        np.testing.assert_allclose(together[row, : len(x)], alone, rtol=0, atol=1e-5)
        assert not together[row, len(x) :].any()


def test_reading_texts_together_reads_each_as_alone(annotator):
    lines = content_lines()
    annotator.cache.clear()
    together = annotator.readings_of_texts(lines)
    annotator.cache.clear()
    assert together == [annotator.readings(line) for line in lines]


# --- the segmenter's answers and the glossary's matches, not asked for twice ----------


def test_remembered_cuts_are_fresh_cuts(annotator):
    for line in content_lines()[:20]:
        first = annotator.cut(line)
        first.append("changed by a caller")
        assert annotator.cut(line) == annotator._cut(line)


def test_sightings_with_the_known_terms_given_are_the_same(annotator, glossary):
    texts = [*content_lines(), *MISSING_TERMS_SAMPLE.read_text(encoding="utf-8").splitlines()]
    known = [[(m.start, m.end) for m in find_terms(text, glossary, annotator.cut)] for text in texts]
    found = find_sightings(texts, glossary, annotator.cut)
    assert found and find_sightings(texts, glossary, annotator.cut, known) == found


def test_rjieba_cuts_as_jieba_where_the_total_count_decides(annotator):
    """A build cuts with jieba until rjieba pays for itself (segmenter.FAST_CUTTER_AFTER), so a document's
    cut must not depend on which one its process uses. Where a word and its two characters are nearly tied,
    the total count of the dictionary decides, and jieba counts the project's words into it otherwise than
    rjieba does (segmenter.total_gap): these words, found in the dictionary, must be cut alike."""
    from dataclasses import replace

    from jiedu.annotate.segmenter import _rjieba_with
    from jiedu.jieba_dictionary import read_jieba_dictionary

    segmenter = annotator.segmenter
    jieba_only = replace(segmenter, fast=None)
    fast = _rjieba_with(segmenter.fast.word_counts, segmenter.fast.total_gap)
    counts, _ = read_jieba_dictionary()
    total, rjiebas = segmenter.tokenizer.total, segmenter.tokenizer.total - segmenter.fast.total_gap

    def whole(count: int, word: str, of: int) -> bool:  # jieba keeps the word whole when count/total > (count of each character/total) multiplied
        return count * of > counts[word[0]] * counts[word[1]]

    tipped = [word for word, count in counts.items() if len(word) == 2 and count and counts.get(word[0]) and counts.get(word[1])
              and whole(count, word, total) != whole(count, word, rjiebas)]
    assert tipped, "the project's words leave the two totals apart"
    for word in tipped:
        assert fast.cut(f"西{word}。", hmm=False) == jieba_only.cut(f"西{word}。"), word
    assert [fast.cut(line, hmm=False) for line in content_lines()] == [jieba_only.cut(line) for line in content_lines()]
