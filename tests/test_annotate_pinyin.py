"""Pinyin readings: seed key, Traditional = Simplified, shape, lexicon problems, output."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiedu.annotate.lexicon import LexiconEntry, parse_lexicon
from jiedu.annotate.pinyin import build_pinyin_annotator, load_lexicon, run_pinyin_command
from jiedu.annotate.syllables import to_accented
from jiedu.model import Problem

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "pinyin"
SEEDS = {
    "000": ROOT.parent / "shared" / "seeds" / "000_af065001489da54d.txt",
    "002": ROOT.parent / "shared" / "seeds" / "002_1343f4ba99812649.txt",
}
INLINE_PINYIN_RE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
HAN_RE = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@pytest.fixture(scope="session")
def annotator():
    entries, problems = load_lexicon(ROOT / "content" / "lexicon.txt")
    assert problems == []
    return build_pinyin_annotator(entries, extra_words=["高原红石榴"])


def fixture_rows(name: str) -> list[list[str]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


# --- the seed documents ----------------------------------------------------------

SEED_ROWS = fixture_rows("seed_readings.txt")


@pytest.fixture(scope="session")
def seed_lines():
    """seed id -> its lines, inline pinyin stripped (the text the cleaner hands on)."""
    if not all(p.exists() for p in SEEDS.values()):
        pytest.skip("../shared/seeds is not beside the project")
    return {seed: INLINE_PINYIN_RE.sub("", p.read_text(encoding="utf-8")).splitlines() for seed, p in SEEDS.items()}


@pytest.mark.parametrize(("seed", "context", "expected"), SEED_ROWS, ids=[f"{s}:{c}" for s, c, _ in SEED_ROWS])
def test_seed_reading(annotator, seed_lines, seed, context, expected):
    offset = context.index("[")
    plain = context.replace("[", "").replace("]", "")
    found = 0
    for line in seed_lines[seed]:
        for match in re.finditer(re.escape(plain), line):
            assert annotator.readings(line)[match.start() + offset] == expected, line
            found += 1
    assert found, f"{plain!r} not in seed {seed}"


# --- Traditional and Simplified read alike -------------------------------------

PAIRS = fixture_rows("traditional_pairs.txt")


@pytest.mark.parametrize(("traditional", "simplified"), PAIRS, ids=[t for t, _ in PAIRS])
def test_traditional_reads_like_simplified(annotator, traditional, simplified):
    assert len(traditional) == len(simplified)
    assert annotator.readings(traditional) == annotator.readings(simplified)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("看著", ["kàn", "zhe"]),
        ("顯著", ["xiǎn", "zhù"]),
        ("著力", ["zhuó", "lì"]),
        ("摸得著", ["mō", "de", "zháo"]),
    ],
)
def test_zhu_that_opencc_leaves_alone(annotator, text, expected):
    assert annotator.readings(text) == expected


# --- words, not characters: the issue's examples ---------------------------------

ISSUE_EXAMPLES = [
    ("西藏", 1, "zàng"),
    ("新时代党的治藏方略", 6, "zàng"),
    ("藏传佛教", 0, "zàng"),
    ("以人民为中心", 3, "wéi"),
    ("建立长效机制", 2, "cháng"),
    ("旧岁已展千重锦", 5, "chóng"),
    ("明朝更进百尺竿", 1, "zhāo"),
    ("更加紧密地团结在一起", 4, "de"),
    ("以习近平新时代中国特色社会主义思想为指导", 17, "wéi"),
    ("以习近平同志为核心的党中央", 6, "wéi"),
    ("把工作重点放在基层，以基层为重点", 13, "wéi"),
    ("始终在思想上政治上行动上保持一致", 9, "xíng"),
    ("为人民服务", 0, "wèi"),
    ("为全面建设社会主义现代化国家作出贡献", 0, "wèi"),
    ("成为", 1, "wéi"),
    ("作为", 1, "wéi"),
    ("着力推进", 0, "zhuó"),
    ("接着说", 1, "zhe"),
    ("摸得着", 2, "zháo"),
    ("这次大会开得务实", 5, "de"),
    ("能多干就多干", 2, "gàn"),
    ("会议应到主席团成员82人", 2, "yīng"),
    ("统筹协调", 3, "tiáo"),
    ("定期调度", 2, "diào"),
    ("银行业", 1, "háng"),
    ("日喀则", 1, "kā"),
    ("罗布林卡", 3, "kǎ"),
    ("两重建设", 1, "zhòng"),
    ("急难愁盼", 1, "nán"),
    # 得 as děi (must) after an adverb, and not after 可 (may) or in a complement
    ("关键还得靠我们党", 3, "děi"),
    ("这事就得改", 3, "děi"),
    ("可得利益损失", 1, "dé"),
    ("他跑得快", 2, "de"),
    ("取得实效", 1, "dé"),
    # words pypinyin lacks, read as CC-CEDICT reads them (the model read them character by character)
    ("长三角一体化", 0, "cháng"),
    ("全国人大常委会委员长", 9, "zhǎng"),
    ("坚持退耕还林", 4, "huán"),
    ("舍生忘死", 0, "shě"),
    ("冠状病毒", 0, "guān"),
    ("看得见", 1, "de"),  # CC-CEDICT writes dé: the complement rule still settles it
    # pypinyin's phrases corrected in the lexicon
    ("运转有序", 1, "zhuǎn"),
    ("散发传单", 1, "fā"),
    # a Traditional text read by its own characters where they settle the reading
    ("乾坤", 0, "qián"),
    ("幹部隊伍", 0, "gàn"),
    ("崇尚簡樸", 3, "pǔ"),
    ("乾淨", 0, "gān"),
    ("困難群體", 1, "nán"),  # CC-CEDICT's light tone (kùn nan) does not replace nán
]


@pytest.mark.parametrize(("text", "index", "expected"), ISSUE_EXAMPLES, ids=[t for t, _, _ in ISSUE_EXAMPLES])
def test_reading_from_words(annotator, text, index, expected):
    assert annotator.readings(text)[index] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一定", ["yī", "dìng"]),
        ("一样", ["yī", "yàng"]),
        ("不是", ["bù", "shì"]),
        ("我们的", ["wǒ", "men", "de"]),
        ("身子", ["shēn", "zi"]),
        ("走了", ["zǒu", "le"]),
    ],
)
def test_citation_forms_and_neutral_tone(annotator, text, expected):
    assert annotator.readings(text) == expected


# --- shape: one entry per character, None for non-Han ----------------------------

@pytest.mark.parametrize(
    "text",
    ["", "2025年", "GDP增长7%以上", "（一）坚持", "a\nb\n\n西藏", "😀藏🇨🇳", "\u2581\ufff9藏\ufffb", "〇", "丨", "藏" * 500],
)
def test_one_entry_per_character(annotator, text):
    readings = annotator.readings(text)
    assert len(readings) == len(text)
    assert all((r is None) == (HAN_RE.match(ch) is None) for ch, r in zip(text, readings))


def test_non_han_is_none(annotator):
    assert annotator.readings("2025年GDP，。") == [None] * 4 + ["nián"] + [None] * 5


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("西藏为地得着著长重行朝应ABC123，。 \n爲長乾𠀀") | st.characters(), max_size=40))
def test_never_crashes(annotator, text):
    assert len(annotator.readings(text)) == len(text)


def test_cut_gives_words_in_the_original_script(annotator):
    text = "堅持以人民爲中心，推動高原红石榴"
    words = annotator.cut(text)
    assert "".join(words) == text
    assert "堅持" in words and "高原红石榴" in words


# --- the lexicon file ------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "word", "readings"),
    [
        ("日喀则\trì kā zé", "日喀则", ("rì", "kā", "zé")),
        ("日喀则\tri4 ka1 ze2", "日喀则", ("rì", "kā", "zé")),
        ("绿电\tlv4 dian4", "绿电", ("lǜ", "diàn")),
        ("绿电\tlu:4 dian4", "绿电", ("lǜ", "diàn")),
        ("身子\tshen1 zi5", "身子", ("shēn", "zi")),
        ("身子\tshēn zi   # neutral tone", "身子", ("shēn", "zi")),
        ("長效\tcháng xiào", "長效", ("cháng", "xiào")),
    ],
)
def test_lexicon_line_parses(line, word, readings):
    entries, problems = parse_lexicon(line)
    assert problems == []
    assert entries == [LexiconEntry(word, readings, 1)]


@pytest.mark.parametrize(
    ("line", "message_part"),
    [
        ("日喀则 rì kā zé", "expected 词语<TAB>reading"),
        ("日喀则\t", "expected 词语<TAB>reading"),
        ("日喀则\trì kā", "3 characters but 2 syllables"),
        ("日喀则\trì kā zéé", "not a pinyin syllable"),
        ("GDP\tji di pi", "not a word of Han characters"),
    ],
)
def test_lexicon_problem_has_file_and_line(line, message_part):
    entries, problems = parse_lexicon(f"# header\n\n{line}\n西藏\txī zàng\n", "content/lexicon.txt")
    assert [e.word for e in entries] == ["西藏"]
    assert len(problems) == 1
    assert problems[0].path == "content/lexicon.txt"
    assert problems[0].line == 3
    assert message_part in problems[0].message


def test_missing_lexicon_is_a_problem(tmp_path):
    entries, problems = load_lexicon(tmp_path / "nope.txt")
    assert entries == [] and isinstance(problems[0], Problem)


def test_lexicon_entry_overrides_the_dictionary(tmp_path):
    path = tmp_path / "lexicon.txt"
    path.write_text("# test\n银行\tyín xíng\n", encoding="utf-8")
    entries, _ = load_lexicon(path)
    assert build_pinyin_annotator(entries).readings("银行") == ["yín", "xíng"]


@pytest.mark.parametrize(("numbered", "accented"), [("zhong1", "zhōng"), ("lu:4", "lǜ"), ("de5", "de"), ("liu2", "liú")])
def test_cpp_labels_to_tone_marks(numbered, accented):
    assert to_accented(numbered) == accented


# --- python build.py pinyin --------------------------------------------------------

def test_json_output_has_one_array_per_line(annotator):
    out = io.StringIO()
    lines = ["坚持以人民为中心。\n", "2025年\n", "\n"]
    assert run_pinyin_command(lines, True, out, annotator) == 0
    arrays = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [len(a) for a in arrays] == [9, 5, 0]
    assert arrays[0][5] == "wéi" and arrays[0][-1] is None and arrays[1][:4] == [None] * 4
    assert "jiān" in out.getvalue()  # ensure_ascii=False


def test_plain_output_puts_readings_after_characters(annotator):
    out = io.StringIO()
    run_pinyin_command(["坚持，OK"], False, out, annotator)
    assert out.getvalue() == "坚(jiān)持(chí)，OK\n"
