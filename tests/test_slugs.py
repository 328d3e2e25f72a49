"""Slugs are addresses: spelling them from the build's tables must give what pypinyin gave.

`jiedu.slugs.PinyinSpelling` replaces `lazy_pinyin(text, style=Style.NORMAL)` so that a
rebuild which processes a document does not load pypinyin (a quarter of a second). If the
two ever spelt a heading differently, a section's address would change and links to it break.
"""

from __future__ import annotations

import pytest
from pypinyin import Style, lazy_pinyin
from pypinyin.phrases_dict import phrases_dict
from pypinyin.pinyin_dict import pinyin_dict
from pypinyin.style import convert

from conftest import SHARED_DIR
from jiedu.annotate.dictionary import build_reading_dictionary, pypinyin_spelling
from jiedu.slugs import to_slug, toneless
from jiedu.table_cache import TableCache

PIECE = 60
"""Real lines are compared in pieces of this many characters (headings and titles are shorter)."""


@pytest.fixture(scope="module")
def spelling(tmp_path_factory):
    """The spelling a build uses: from pypinyin's table as the build cache keeps it."""
    tables = TableCache(tmp_path_factory.mktemp("tables"), "test")
    assert pypinyin_spelling(tables) is None  # no table yet: slugs ask pypinyin
    build_reading_dictionary([], tables=tables)  # derives pypinyin's table, as the annotator does, and stores it
    spelling = pypinyin_spelling(tables)
    assert spelling is not None
    return spelling


def spelt_by_pypinyin(text: str) -> str:
    return " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))


def real_lines() -> list[str]:
    """Every line of the sample and corpus documents, and of every tenth benchmark document, in pieces."""
    paths = sorted((SHARED_DIR / "seeds").glob("*.txt")) + sorted((SHARED_DIR / "corpus").glob("*.txt"))
    paths += sorted((SHARED_DIR / "bench" / "corpus").glob("*.txt"))[::10]
    assert len(paths) > 100
    lines = []
    for path in paths:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            lines += [line[at : at + PIECE] for at in range(0, len(line), PIECE)]
    return [line for line in lines if not line.isascii()]


def test_every_reading_pypinyin_has_loses_its_tone_as_pypinyin_drops_it():
    readings = {reading for value in pinyin_dict.values() for reading in value.split(",")}
    readings |= {syllable for value in phrases_dict.values() for syllables in value for syllable in syllables}
    assert len(readings) > 1_000
    wrong = {reading: toneless(reading) for reading in readings if toneless(reading) != convert(reading, Style.NORMAL, True)}
    assert not wrong


def test_real_lines_are_spelt_as_pypinyin_spells_them(spelling):
    lines = real_lines()
    assert len(lines) > 20_000
    wrong = [(line, spelling(line), spelt_by_pypinyin(line)) for line in lines if spelling(line) != spelt_by_pypinyin(line)]
    assert not wrong[:5], f"{len(wrong)} of {len(lines)} lines spelt otherwise"


@pytest.mark.parametrize(
    "text",
    [
        "关于2024年国民经济和社会发展计划执行情况与2025年国民经济和社会发展计划草案的报告",  # long phrases, digits between
        "中華人民共和國憲法",  # Traditional
        "第一章　总则（一）",  # ideographic space, full-width brackets
        "重庆市银行行长",  # polyphones read by phrase
        "〇年代𠮷野家",  # 〇, a character outside the Basic Multilingual Plane
        "A股、ＧＤＰ和5G",  # Latin letters, full-width and half-width, beside Han
        "绿色发展理念：女儿",  # ü
        "嗯呣",  # syllables without a vowel
        "㐀丂",  # extension A, rare characters
    ],
)
def test_awkward_text_is_spelt_as_pypinyin_spells_it(spelling, text):
    assert spelling(text) == spelt_by_pypinyin(text)
    assert to_slug(text, spell=spelling) == to_slug(text)


def test_the_lexicon_does_not_change_a_slug(tmp_path):
    """The project lexicon changes how a word is read on the page, never an address."""
    from jiedu.annotate.lexicon import LexiconEntry

    tables = TableCache(tmp_path, "test")
    lexicon = [LexiconEntry("行长", ("xíng", "zhǎng")), LexiconEntry("长三角地区", ("cháng", "sān", "jiǎo", "dì", "qū"))]
    build_reading_dictionary(lexicon, tables=tables)
    assert pypinyin_spelling(tables)("银行行长") == spelt_by_pypinyin("银行行长") == "yin hang hang zhang"
