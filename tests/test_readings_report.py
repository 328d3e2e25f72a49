"""`python build.py readings`: words jiedu reads otherwise than CC-CEDICT, and what is not a disagreement."""

from __future__ import annotations

import pytest

from jiedu.annotate import AnnotatedText
from jiedu.dictionary.cedict import Entry
from jiedu.dictionary.disagreements import find_sightings, format_disagreements, rank
from jiedu.dictionary.lookup import Dictionary, index_by_headword

DICTIONARY = Dictionary(
    index_by_headword(
        [
            Entry("运转", "運轉", "yùn zhuǎn", ("to work; to operate",)),
            Entry("一定", "一定", "yī dìng", ("surely",)),
            Entry("不是", "不是", "bù shi", ("fault",)),
            Entry("不是", "不是", "bù shì", ("no; is not",)),
            Entry("我们", "我們", "wǒ men", ("we",)),
            Entry("得", "得", "dé", ("to obtain",)),
            Entry("得", "得", "de", ("particle",)),
            Entry("得", "得", "děi", ("must",)),
        ]
    )
)


def text(simplified: str, readings: str, traditional: str | None = None) -> AnnotatedText:
    return AnnotatedText(simplified, traditional or simplified, tuple(readings.split()), ())


def cut(words: str):
    return lambda _text: words.split("|")


@pytest.mark.parametrize(
    "simplified, readings, words, expected",
    [
        ("运转有序", "yùn zhuàn yǒu xù", "运转|有序", [("运转", "yùn zhuàn")]),  # none of CC-CEDICT's readings
        ("运转有序", "yùn zhuǎn yǒu xù", "运转|有序", []),  # agrees
        ("一定", "yí dìng", "一定", []),  # tone sandhi of 一 is not a disagreement
        ("不是", "bú shì", "不是", []),  # nor of 不
        ("我们", "wǒ mén", "我们", []),  # nor a neutral tone on either side
        ("还得干", "hái děi gàn", "还|得|干", []),  # one of the character's readings
        ("有序", "yǒu xù", "有序", []),  # a word CC-CEDICT lacks is not listed
    ],
)
def test_a_disagreement_is_found_or_not(simplified, readings, words, expected):
    found = find_sightings([text(simplified, readings)], cut(words), DICTIONARY, "a.txt", False)
    assert [(s.word, s.reading) for s in found] == expected


def test_a_traditional_document_is_listed_in_its_own_script_with_an_example():
    annotated = text("机制运转有序", "jī zhì yùn zhuàn yǒu xù", "機制運轉有序")
    found = find_sightings([annotated], cut("机制|运转|有序"), DICTIONARY, "b.txt", True)
    assert [(s.word, s.dictionary_readings, s.document, s.example) for s in found] == [("運轉", ("yùn zhuǎn",), "b.txt", "機制【運轉】有序")]


def test_the_list_counts_each_word_and_reading_once_most_frequent_first():
    texts = [text("运转", "yùn zhuàn"), text("运转", "yùn zhuàn"), text("得", "dǐ")]
    sightings = find_sightings(texts, lambda t: [t], DICTIONARY, "c.txt", False)
    lines = format_disagreements(rank(sightings)).splitlines()
    assert lines[0].startswith("word\tjiedu\tCC-CEDICT\tcount")
    assert lines[1].split("\t")[:4] == ["运转", "yùn zhuàn", "yùn zhuǎn", "2"]
    assert lines[2].split("\t")[:4] == ["得", "dǐ", "dé | de | děi", "1"]


def test_the_command_lists_the_content_folders_disagreements(tmp_path):
    """End to end on a one-document content folder whose lexicon forces a wrong reading."""
    import io

    from jiedu.dictionary.disagreements import run_readings_command

    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "a.txt").write_text("各项工作运转有序。\n", encoding="utf-8")
    (tmp_path / "lexicon.txt").write_text("运转\tyùn zhuàn\n", encoding="utf-8")
    out = io.StringIO()
    assert run_readings_command(tmp_path, [], tmp_path / "cache", out) == 0
    rows = [line.split("\t") for line in out.getvalue().splitlines() if not line.startswith(("#", "word\t"))]
    assert [row[:4] for row in rows] == [["运转", "yùn zhuàn", "yùn zhuǎn", "1"]]
