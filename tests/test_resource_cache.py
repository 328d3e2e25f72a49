"""The tables the slow resources keep in the build cache (jiedu.table_cache).

A rebuild reads them instead of jieba's, pypinyin's and OpenCC's data; a
damaged or stale table is a miss and is derived again; and what is built
from a table reads, segments and repairs exactly as what is built from the
libraries.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from clean_cases import read_cases, read_words
from conftest import CONTENT_DIR, PROJECT_DIR, SHARED_DIR, run_build
from jiedu import clean
from jiedu.annotate import dictionary, scripts, segmenter
from jiedu.annotate.dictionary import build_reading_dictionary
from jiedu.annotate.lexicon import load_lexicon
from jiedu.annotate.pinyin import build_pinyin_annotator
from jiedu.annotate.scripts import build_script_converter
from jiedu.annotate.segmenter import build_segmenter, with_prefixes
from jiedu.clean import char_converters, load_pinyin_readings
from jiedu.clean.gbk_repair import word_scores
from jiedu.clean.char_converters import build_char_converter, load_char_converter
from jiedu.clean.pinyin_readings import build_pinyin_readings
from jiedu.clean.gbk_repair import build_gbk_evidence, repair_shifted_gbk
from jiedu.clean.gbk_repair.word_scores import build_word_scores, load_word_scores
from jiedu.dictionary import lookup as cedict_lookup
from jiedu.jieba_dictionary import read_jieba_dictionary
from jiedu.render import other_script
from jiedu.table_cache import TableCache, pack_lines_by_first_char, pack_words

sys.path.insert(0, str(PROJECT_DIR))
import build  # noqa: E402  (build.py is the command line, not a package module)

TABLE_NAMES = ("cc-cedict-readings", "cc-cedict", "jieba-dictionary-plain", "jieba-dictionary", "opencc-s2t", "opencc-t2s", "pypinyin-phrases", "pypinyin-readings", "script-character-sets", "script-tables", "word-scores")
GARBLED_DOC = "xizang-2025-government-work-report-tasks"
"""The sample document with a garbled GBK span: only it makes a build load the repair's resources."""
OTHER_DOC = "xizang-ribao-2024-01-congress-closes"


def tables_folder(cache: Path) -> Path:
    return cache / "jiedu-build" / "tables"


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def sample_texts() -> list[str]:
    return [line for path in sorted((CONTENT_DIR / "documents").glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines() if line]


# --- the table files ----------------------------------------------------------


def test_a_table_reads_back_as_stored(tmp_path):
    tables = TableCache(tmp_path, "v1")
    table = ({"营": (b"\xe8\x90\xa5", 1.5)}, -2.5, ("a", "b"))
    tables.store("words", "inputs", lambda: table)
    assert tables.load("words", "inputs") == table


@pytest.mark.parametrize("version, name, inputs", [("v2", "words", "inputs"), ("v1", "other", "inputs"), ("v1", "words", "other inputs")])
def test_another_version_name_or_inputs_is_a_miss(tmp_path, version, name, inputs):
    TableCache(tmp_path, "v1").store("words", "inputs", lambda: {"a": 1})
    (tmp_path / "words.marshal").replace(tmp_path / f"{name}.marshal")
    assert TableCache(tmp_path, version).load(name, inputs) is None


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="cut-short"),
        pytest.param(lambda data: data[:-3] + bytes([data[-3] ^ 1]) + data[-2:], id="flipped-bit"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"not a table", id="garbage"),
    ],
)
def test_a_damaged_table_is_a_miss(tmp_path, damage):
    tables = TableCache(tmp_path, "v1")
    tables.store("words", "", lambda: {"word": list(range(1000))})
    path = tmp_path / "words.marshal"
    path.write_bytes(damage(path.read_bytes()))
    assert tables.load("words") is None


def test_a_table_that_cannot_be_packed_or_written_only_costs_time(tmp_path):
    TableCache(tmp_path, "v1").store("words", "", lambda: pack_words(["two\nlines"]))
    (tmp_path / "not-a-folder").write_text("")
    TableCache(tmp_path / "not-a-folder", "v1").store("words", "", lambda: {"a": 1})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]
    with pytest.raises(ValueError):
        pack_lines_by_first_char([("tab\tin word", 1)])


# --- built from a table, the same as built from the libraries ---------------


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> TableCache:
    return TableCache(tmp_path_factory.mktemp("tables"), "test")


@pytest.fixture(scope="module")
def jieba_itself():
    """jieba's own Tokenizer with the words below added: what the Segmenter must match."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in SEGMENTER_WORDS:
        tokenizer.add_word(word)
    return tokenizer


SEGMENTER_WORDS = ("格桑花行动", "高原红石榴", "格桑花", "西藏自治区")


@pytest.mark.parametrize("from_table", [False, True])
def test_the_segmenter_cuts_and_counts_as_jieba_does(tables, jieba_itself, from_table):
    if from_table:
        build_segmenter(SEGMENTER_WORDS, tables=tables)  # derives and stores the table
    segmenter_ = build_segmenter(SEGMENTER_WORDS, tables=tables if from_table else None)
    for text in sample_texts():
        cut = segmenter_.cut(text)
        assert cut == list(jieba_itself.cut(text, HMM=False))
        assert [segmenter_.tokenizer.FREQ.get(word) for word in cut] == [jieba_itself.FREQ.get(word) for word in cut]
    assert segmenter_.tokenizer.total == jieba_itself.total
    segmenter_.unpack_dictionary()
    assert segmenter_.tokenizer.FREQ == jieba_itself.FREQ


def test_jiebas_dictionary_is_read_as_jieba_and_the_word_scores_read_it():
    counts, total = read_jieba_dictionary()
    prefix_dictionary, jieba_total = jieba.Tokenizer.gen_pfdict(jieba.Tokenizer().get_dict_file())
    assert (total, with_prefixes(counts)) == (jieba_total, prefix_dictionary)


def test_the_segmenter_unpacks_everything_once_a_build_has_cut_much(tables, monkeypatch):
    monkeypatch.setattr(segmenter, "UNPACK_ALL_AFTER", 100)
    build_segmenter(tables=tables)  # derives and stores the table
    segmenter_ = build_segmenter(tables=tables)
    segmenter_.cut("西藏自治区" * 10)
    assert segmenter_.dictionary.packed is not None and len(segmenter_.tokenizer.FREQ) < 100
    segmenter_.cut("西藏自治区" * 20)
    assert segmenter_.dictionary.packed is None and len(segmenter_.tokenizer.FREQ) > 400_000


# Sentences of the bench corpus in which a word's pieces are dictionary words the cut did not
# produce (着陆 in 着陆时): the model may overrule a piece's reading only if jieba counts it rare.
READ_BY_PIECES = [
    ("在羽田机场着陆时与日本海上保安厅的飞机相撞", "着陆", "zhuó lù"),
    ("广大人民群众挑重担、当先锋", "重担", "zhòng dàn"),
    ("下真功夫建设好科技", "功夫", "gōng fu"),
    ("宅基地和村内空闲地", "空闲", "kòng xián"),
    ("区科学发展势头迅猛", "势头", "shì tou"),
]


@pytest.fixture(scope="module")
def annotators(tmp_path_factory):
    """(an annotator built without tables, one that reads them): a fresh build's and a rebuild's."""
    tables = TableCache(tmp_path_factory.mktemp("annotator-tables"), "test")  # its own: other tests derive into `tables`
    fresh = build_pinyin_annotator([])
    build_pinyin_annotator([], tables=tables)  # derives and stores the tables
    return fresh, build_pinyin_annotator([], tables=tables)


@pytest.mark.parametrize("sentence, word, expected", READ_BY_PIECES)
def test_a_rebuild_reads_as_a_fresh_build_whatever_the_cutter(annotators, monkeypatch, sentence, word, expected):
    monkeypatch.setattr(segmenter, "FAST_CUTTER_AFTER", 0)  # rjieba from the first text: it looks up only the words it cuts
    fresh, rebuilt = annotators
    at = sentence.index(word)
    assert " ".join(rebuilt.readings(sentence)[at : at + len(word)]) == expected
    assert rebuilt.readings(sentence) == fresh.readings(sentence)


def test_the_reading_dictionary_reads_as_pypinyin_does(tables):
    lexicon, _ = load_lexicon(CONTENT_DIR / "lexicon.txt")
    full = build_reading_dictionary(lexicon, tables=tables)
    again = build_reading_dictionary(lexicon, tables=tables)
    assert isinstance(full.phrases, dict) and not isinstance(again.phrases, dict)
    assert again.max_phrase_len == full.max_phrase_len and again.lexicon == full.lexicon
    words = [text[start : start + length] for text in sample_texts()[:40] for start in range(len(text)) for length in (1, 2, 3, 4)]
    assert [again.word_readings(word) for word in words] == [full.word_readings(word) for word in words]
    assert all(again.phrases[word] == readings for word, readings in full.phrases.items() if word in full.lexicon)


def test_the_word_scores_score_as_the_full_ones(tables):
    simplify = build_char_converter("t2s")
    full = build_word_scores(["格桑花行动"], simplify)
    load_word_scores(["格桑花行动"], simplify, tables)
    again = load_word_scores(["格桑花行动"], simplify, tables)
    for text in sample_texts()[:20]:
        assert again.score(text) == full.score(text)
    for first in "营格保的a":
        assert again.followers.get(first) == full.followers.get(first)
    assert again.unknown_logp == full.unknown_logp


@pytest.mark.parametrize("config", ["t2s", "s2t"])
def test_a_character_converter_from_its_table_converts_as_opencc(tables, config):
    from_opencc = build_char_converter(config)
    load_char_converter(config, tables)
    from_table = load_char_converter(config, tables)
    chars = {chr(code) for code in range(0x4E00, 0x9FA6, 7)} | set("營营著着乾干後后發发髮臺台颱檯ａ１,。")
    assert [from_table(char) for char in sorted(chars)] == [from_opencc(char) for char in sorted(chars)]


def test_the_script_converter_from_its_table_is_the_one_from_opencc(tables):
    from_opencc = build_script_converter()
    build_script_converter(tables)
    from_table = build_script_converter(tables)
    for field in ("to_traditional_changes", "traditional_only", "simplified_only"):
        assert getattr(from_table, field) == getattr(from_opencc, field), field
    assert from_table.aligner.traditional_chars == from_opencc.aligner.traditional_chars
    text = "後来的人民發展着，乾隆皇帝在臺灣"
    assert from_table.to_simplified(text) == from_opencc.to_simplified(text)
    assert from_table.to_traditional(from_opencc.to_simplified(text)) == from_opencc.to_traditional(from_opencc.to_simplified(text))
    assert from_table.detect_script(text) == from_opencc.detect_script(text)


def test_pinyin_readings_from_their_table_are_pypinyins(tables):
    built, loaded = build_pinyin_readings(), load_pinyin_readings(tables)
    assert load_pinyin_readings(tables).syllables == built.syllables == loaded.syllables
    assert loaded.toneless == built.toneless
    for char in "長长隊行營a?":
        assert loaded.readings_of(char) == built.readings_of(char)


@pytest.fixture(scope="module")
def evidence_from_tables(tables):
    words = read_words("domain_words.txt")
    build_gbk_evidence(words, load_pinyin_readings(tables), tables)  # derives what is missing
    return build_gbk_evidence(words, load_pinyin_readings(tables), tables)


@pytest.mark.parametrize("given_text, expected", read_cases("repair_shifted_gbk.cases.txt"))
def test_the_gbk_repair_from_tables_repairs_as_ever(evidence_from_tables, given_text, expected):
    assert repair_shifted_gbk(given_text, evidence_from_tables)[0] == expected


# --- builds -------------------------------------------------------------------


class Project:
    """A copy of the bundled content, built in this process like a new one each time."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        shutil.copytree(CONTENT_DIR, self.content)

    def build(self, name: str = "site", cache: str = "cache"):
        clean.resources_in_this_process.cache_clear()  # as a new process would: nothing built yet
        return build.build_site(self.content, self.root / name, PROJECT_DIR / "templates", self.root / cache)

    def edit(self, name: str, sentence: str) -> None:
        path = self.content / "documents" / f"{name}.txt"
        path.write_text(path.read_text(encoding="utf-8") + sentence + "\n", encoding="utf-8")

    def assert_same_as_clean_build(self, number: int) -> None:
        clean_report = self.build(f"clean-{number}", f"clean-cache-{number}")
        assert clean_report.processed == 2
        assert site_files(self.root / "site") == site_files(self.root / f"clean-{number}")


@pytest.fixture
def project(tmp_path) -> Project:
    project = Project(tmp_path)
    project.build()
    assert sorted(p.name for p in tables_folder(tmp_path / "cache").iterdir()) == [f"{name}.marshal" for name in TABLE_NAMES]
    return project


def _forbid_deriving(monkeypatch) -> None:
    """Make every way of deriving a table from the libraries' data fail loudly."""

    def fail(*args, **kwargs):
        raise AssertionError("a table was derived again")

    monkeypatch.setattr(segmenter, "jieba_prefix_dictionary", fail)  # derived once per process: an earlier test may have
    monkeypatch.setattr(segmenter, "read_jieba_dictionary", fail)
    monkeypatch.setattr(dictionary, "read_pypinyin", fail)
    monkeypatch.setattr(dictionary, "read_cedict_readings", fail)
    monkeypatch.setattr(cedict_lookup, "read_bundled", fail)
    monkeypatch.setattr(word_scores, "read_word_counts", fail)
    monkeypatch.setattr(char_converters, "char_conversion_table", fail)
    monkeypatch.setattr(other_script, "character_tables", fail)
    monkeypatch.setattr(clean, "build_pinyin_readings", fail)
    monkeypatch.setattr(scripts, "script_character_sets", fail)


def test_a_rebuild_after_an_edit_reads_the_tables_and_builds_the_same_site(project, monkeypatch):
    _forbid_deriving(monkeypatch)
    project.edit(GARBLED_DOC, "新增一句话，看看缓存？")
    assert project.build().processed == 1
    monkeypatch.undo()
    project.assert_same_as_clean_build(1)


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_a_damaged_or_stale_table_is_derived_again(project, monkeypatch, name):
    path = tables_folder(project.root / "cache") / f"{name}.marshal"
    if name in ("word-scores", "jieba-dictionary"):
        path.write_bytes(path.read_bytes()[:-1000])  # cut short
    else:  # the table of another version of jiedu: readable, but stale
        TableCache(path.parent, "another version").store(name, "", lambda: {})
    damaged = path.read_bytes()
    project.edit(GARBLED_DOC, "新增一句话，看看缓存？")
    project.edit(OTHER_DOC, "\n体育馆里有人打乒乓球。")  # words new to the site: the popup's dictionary is read only to look one up
    assert project.build().processed == 2
    assert path.read_bytes() != damaged  # derived again, and stored
    _forbid_deriving(monkeypatch)
    project.edit(GARBLED_DOC, "再加一句。")
    assert project.build().processed == 1  # ... as a table the next build reads
    monkeypatch.undo()
    project.assert_same_as_clean_build(2)


FORBIDDING_BUILD = """
import runpy, sys
import jiedu.annotate.dictionary, jiedu.annotate.scripts, jiedu.annotate.segmenter, jiedu.clean, jiedu.clean.char_converters, jiedu.clean.gbk_repair.word_scores
import jiedu.render.other_script

def fail(*args, **kwargs):
    raise SystemExit("a table was derived again")

jiedu.annotate.segmenter.read_jieba_dictionary = jiedu.clean.gbk_repair.word_scores.read_jieba_dictionary = fail
jiedu.annotate.dictionary.read_pypinyin = fail
jiedu.clean.gbk_repair.word_scores.read_word_counts = jiedu.clean.char_converters.char_conversion_table = fail
jiedu.clean.build_pinyin_readings = fail
jiedu.annotate.scripts.script_character_sets = fail
jiedu.render.other_script.character_tables = fail
sys.argv = ["build.py", "build", *sys.argv[1:]]
runpy.run_path("build.py", run_name="__main__")
"""
"""`python build.py build …` in a new process in which deriving any table fails."""


def test_a_new_process_reads_the_tables(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    arguments = ("--content", str(content), "--out", str(tmp_path / "site"), "--cache", str(tmp_path / "cache"))
    first = run_build(*arguments)
    assert first.returncode == 0, first.stderr
    path = content / "documents" / f"{GARBLED_DOC}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "新增一句话。\n", encoding="utf-8")
    command = [sys.executable, "-c", FORBIDDING_BUILD, *arguments]
    again = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "1 cleaned and annotated" in again.stderr


def test_resources_released_after_the_document_stage_are_built_again_when_asked(tmp_path):
    """A one-off build frees the annotator and the cleaning passes once its documents are built;
    anything asking for them afterwards gets them again, reading as before."""
    import importlib

    from jiedu.fingerprint import read_build_inputs
    from jiedu.resources import _PROCESS_CACHES, BuildTools

    inputs = read_build_inputs(CONTENT_DIR, PROJECT_DIR / "templates")
    tools = BuildTools(CONTENT_DIR, tmp_path, inputs.keys)
    text = "坚持和发展新时代“枫桥经验”，长治久安。"
    before = tools.annotation.pinyin.readings(text)
    passes_before = len(tools.cleaning_passes)
    tools.release_document_resources()
    assert clean.resources_in_this_process.cache_info().currsize == 0
    for module, function in _PROCESS_CACHES:  # a renamed function would be silently passed over
        assert hasattr(getattr(importlib.import_module(module), function), "cache_clear"), (module, function)
    assert tools.annotation.pinyin.readings(text) == before
    assert len(tools.cleaning_passes) == passes_before


def test_a_first_build_derives_the_site_stages_tables_in_a_helper_process(tmp_path, monkeypatch):
    """With two cores, the popup dictionary's table is derived in a forked process while the
    annotator is built; the site-wide stages then read the table, which gives CC-CEDICT's entries."""
    from jiedu.dictionary.lookup import TABLE_NAME, build_dictionary
    from jiedu.fingerprint import read_build_inputs
    from jiedu.resources import BuildTools

    inputs = read_build_inputs(CONTENT_DIR, PROJECT_DIR / "templates")
    tools = BuildTools(CONTENT_DIR, tmp_path, inputs.keys)
    derive, derived_by = cedict_lookup.dictionary_to_table, tmp_path / "derived-by"
    monkeypatch.setattr(cedict_lookup, "dictionary_to_table", lambda index: derived_by.write_text(str(os.getpid())) and derive(index))
    tools.prepare_for_processing(["没有问号的文字。"], cores=2)
    assert tools.site_tables().load(TABLE_NAME) is not None
    assert int(derived_by.read_text()) != os.getpid()  # by the helper
    assert tools.site_tables() is tools.tables  # nothing left to wait for
    from_table = build_dictionary((), tools.tables)
    assert [entry.pinyin for entry in from_table.lookup("长治久安")] == ["cháng zhì jiǔ ān"]


def test_what_the_texts_to_process_need_is_loaded_before_the_workers_fork(tmp_path):
    """Before worker processes fork, the build loads once, for all of them, what the texts to process need:
    rjieba when they are long enough for it to pay (each worker, and each that replaces one, would otherwise
    cut its first FAST_CUTTER_AFTER characters with jieba, then load its own), and the Simplified slips'
    converters when one is in Traditional. Short Simplified texts load neither; `serve` (no texts) loads both."""
    from jiedu.annotate.segmenter import FAST_CUTTER_AFTER
    from jiedu.fingerprint import read_build_inputs
    from jiedu.resources import BuildTools

    keys = read_build_inputs(CONTENT_DIR, PROJECT_DIR / "templates").keys
    simplified = (SHARED_DIR / "corpus" / "tibet_2026_gov_work_report_xizang_ribao.txt").read_text(encoding="utf-8")
    traditional = (SHARED_DIR / "corpus" / "prc_1954_gov_work_report_traditional_wikisource.txt").read_text(encoding="utf-8")
    bench = sorted((SHARED_DIR / "bench" / "corpus").glob("*.txt"))[:40]
    long_texts = [traditional, *(path.read_text(encoding="utf-8") for path in bench)]
    assert sum(map(len, long_texts)) > 2 * FAST_CUTTER_AFTER

    def prepared(name: str, texts) -> BuildTools:
        tools = BuildTools(CONTENT_DIR, tmp_path / name, keys)
        tools.prepare_for_processing(texts, cores=2)
        return tools

    for tools, loaded in ((prepared("short", [simplified[:2000]]), False), (prepared("long", long_texts), True), (prepared("serve", None), True)):
        assert (tools.annotation.pinyin.segmenter.fast.cutter(0) is not None) is loaded
        assert (tools.cleaning_resources._slip_facts is not None) is loaded
