"""repair_mojibake: Chinese UTF-8 that a program read in the wrong code page is read again.

Real text, misread the way real programs misread it (Python's decoders, which
leave U+FFFD, and the ``?`` a Windows program writes), and the one misread
document of the corpus; real text that only looks foreign is left alone.
"""

from __future__ import annotations

import codecs
import re

import pytest

from clean_cases import SHARED
from jiedu.clean import build_cleaning_passes, build_cleaning_resources, clean_text
from jiedu.clean.repair_mojibake import repair_mojibake
from jiedu.model import UNCERTAIN_END, UNCERTAIN_START

SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
MISREAD_SCRAPE = SHARED / "corpus" / "formats" / "txt_gov_cn_policy_texts_concatenated_scrape.txt"


def seed_lines(count: int = 40) -> list[str]:
    """Lines of the sample documents with Chinese on them (both scripts: seed 002 is Traditional)."""
    lines = [line for path in SEEDS for line in path.read_text(encoding="utf-8").split("\n") if re.search("[\u4e00-\u9fff]{4}", line)]
    if not lines:
        pytest.skip("../shared/seeds not found")
    return lines[:: max(1, len(lines) // count)]


def without_marks(text: str) -> str:
    return text.replace(UNCERTAIN_START, "").replace(UNCERTAIN_END, "")


@pytest.mark.parametrize("codec", ["latin-1", "mac_roman", "cp437", "cp866", "mac_cyrillic", "koi8_r", "mac_greek"])
def test_a_line_misread_in_a_single_byte_code_page_comes_back_whole(codec):
    for line in seed_lines():
        misread = line.encode("utf-8").decode(codec)
        fixed, changes = repair_mojibake(misread)
        assert fixed == line, (codec, misread)
        assert len(changes) == 1 and codec.replace("-", "").replace("_", "") in changes[0].note.replace("-", "").replace("_", "").replace("sloppywindows", "cp")


@pytest.mark.parametrize("codec", ["cp1252", "cp1250", "cp1251"])
def test_bytes_a_windows_code_page_has_no_character_for_come_back_as_marked_losses(codec):
    """Windows-1252 leaves five bytes undecoded, 1251 one; a program that replaced them lost a character each time."""
    for line in seed_lines():
        misread = line.encode("utf-8").decode(codec, "replace")
        fixed, changes = repair_mojibake(misread)
        assert changes, misread
        plain = without_marks(fixed)
        assert len(plain) == len(line) and all(got in (want, "\ufffd") for got, want in zip(plain, line))
        assert fixed.count(UNCERTAIN_START) == plain.count("\ufffd")
        assert changes[0].uncertain == ("\ufffd" in plain)


@pytest.mark.parametrize("placeholder", ["\ufffd", "?"])
def test_a_document_misread_as_gbk_comes_back_with_only_its_lost_characters_marked(placeholder):
    """涓浗 for 中国: each byte the GBK decoder could not pair was replaced, so its character is lost;
    every other character comes back, lines without punctuation too once the document shows the misreading."""
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        misread = text.encode("utf-8").decode("gb18030", "replace").replace("\ufffd", placeholder)
        fixed, changes = repair_mojibake(misread)
        plain = without_marks(fixed)
        lost = 0
        for want, got in zip(text.split("\n"), plain.split("\n"), strict=True):
            assert len(got) == len(want) and all(g in (w, "\ufffd") for g, w in zip(got, want)), (want, got)
            lost += got.count("\ufffd")
        assert changes and lost < len(text) * 0.1
        assert all(change.uncertain == ("\ufffd" in without_marks(change.after)) for change in changes)


def windows_936(raw: bytes) -> str:
    """`raw` read as Windows' code page 936 reads it: GBK, a lone 0x80 as €, and ``?`` for a byte it cannot pair."""
    return raw.decode("gbk", "windows-936-misreading")


codecs.register_error("windows-936-misreading", lambda error: ("€" if error.object[error.start] == 0x80 else "?", error.start + 1))


def test_windows_euro_sign_stands_for_the_byte_it_misread():
    """A lone 0x80 (the middle byte of 。 and 　) is a € in code page 936; GB18030 spells € A2 E3. Both are tried."""
    for line in filter(re.compile("[，。]").search, seed_lines()):
        misread = windows_936(line.encode("utf-8"))
        plain = without_marks(repair_mojibake(misread)[0])
        assert len(plain) == len(line) and all(g in (w, "\ufffd") for g, w in zip(plain, line)), misread
    misread = windows_936("中国　人民团结。好的，很好".encode("utf-8"))
    assert misread == "涓?鍥姐€€浜烘皯鍥㈢粨銆傚ソ鐨勶紝寰堝ソ"  # 中's last byte had no GBK partner: it is lost
    assert repair_mojibake(misread)[0] == f"{UNCERTAIN_START}\ufffd{UNCERTAIN_END}国　人民团结。好的，很好"


def test_a_real_question_mark_after_a_whole_character_stays():
    """UTF-8 Chinese is three bytes a character: after an even number of them the ``?`` is the writer's own."""
    line = "这是为何?好的。如此？"
    fixed, changes = repair_mojibake(line.encode("utf-8").decode("gb18030", "replace"))
    assert changes and without_marks(fixed) == line


@pytest.mark.parametrize(
    "text",
    [
        "Правительство Российской Федерации утвердило программу.",  # Russian
        "Le café était déjà fermé à Noël, naïve façade.",  # French
        "Ελληνική Δημοκρατία και Ευρωπαϊκή Ένωση",  # Greek
        "┌────┬──────┐\n│项目│金额  │\n├────┼──────┤",  # a table drawn in box characters
        "气温 20 °C，湿度 ±5%，“十四五”……——《规划》·附件№3 ×2",  # symbols Chinese text uses
        "本條例於公布日施行。電價項目類別須依規定辦理，陳報閱覽。",  # Traditional: characters whose GBK bytes look like UTF-8 leads
        "Muñoz and São Paulo, Zürich, Łódź — 北京",
    ],
)
def test_text_that_is_what_it_says_is_left_alone(text):
    assert repair_mojibake(text) == (text, [])


def test_the_misread_scrape_of_the_corpus_reads_as_chinese_after_cleaning():
    if not MISREAD_SCRAPE.is_file():
        pytest.skip(f"{MISREAD_SCRAPE} not found")
    cleaned = clean_text(MISREAD_SCRAPE.read_text(encoding="utf-8"), build_cleaning_passes(build_cleaning_resources()))
    assert not re.search("[\u0400-\u04ff]", cleaned.text)  # no Cyrillic left
    lines = cleaned.text.split("\n")
    assert "中华人民共和国国务院令" in lines
    assert "第三条 无障碍环境建设应当与经济和社会发展水平相适应，遵循实用、易行、广泛受益的原则。" in lines
    repairs = [change for change in cleaned.changes if change.pass_name == "repair_mojibake"]
    assert repairs and all("mac_cyrillic" in change.note and not change.uncertain for change in repairs)
