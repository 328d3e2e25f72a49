"""The glossary: loading content/glossary/, finding terms in text, and finding terms it lacks."""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from pathlib import Path

import jieba
import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pypinyin import Style, lazy_pinyin

from jiedu.annotate.glossary import find_missing_terms, find_terms, load_glossary
from jiedu.annotate.glossary.chars import fold_for_matching
from jiedu.annotate.syllables import strip_tone
from jiedu.model import Severity

PROJECT_DIR = Path(__file__).resolve().parents[1]
GLOSSARY_DIR = PROJECT_DIR / "content" / "glossary"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "glossary"
SHARED_DIR = PROJECT_DIR.parent / "shared"
SEED_002 = "002_1343f4ba99812649.txt"

INLINE_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
"""Seed 002 follows many characters with their reading in brackets: 堅(jiān)持."""


# --- resources, built once -------------------------------------------------


def to_pinyin(text: str) -> str:
    return " ".join(lazy_pinyin(text, style=Style.TONE))


@pytest.fixture(scope="session")
def to_traditional():
    return opencc.OpenCC("s2t").convert


@pytest.fixture(scope="session")
def loaded(to_traditional):
    return load_glossary(GLOSSARY_DIR, to_traditional, to_pinyin)


@pytest.fixture(scope="session")
def glossary(loaded):
    return loaded[0]


@pytest.fixture(scope="session")
def cut(glossary, tmp_path_factory):
    """A private jieba Tokenizer that knows every glossary form (jieba's cache in a temp folder)."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(tmp_path_factory.mktemp("jieba"))
    for form in glossary.forms:
        tokenizer.add_word(form)
    return tokenizer.lcut


def shared_text(folder: str, name: str) -> str:
    path = SHARED_DIR / folder / name
    if not path.exists():
        pytest.skip(f"{path} is not beside the project")
    return path.read_text(encoding="utf-8")


def raw_seed(name: str) -> str:
    text = shared_text("seeds", name)
    return INLINE_PINYIN.sub("", text) if name == SEED_002 else text


def matched(text: str, glossary, cut) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.slug) for m in find_terms(text, glossary, cut)]


# --- loading the real entries ----------------------------------------------


def test_the_real_glossary_loads_without_problems(loaded):
    glossary, problems = loaded
    assert [str(p) for p in problems] == []
    assert len(glossary) == len(list(GLOSSARY_DIR.glob("*.md")))


def test_entries_are_sorted_by_pinyin(glossary):
    keys = [re.sub(r"[^a-zü]", "", strip_tone(entry.pinyin).lower()) for entry in glossary]
    assert keys == sorted(keys)


def test_every_entry_is_complete_and_honest(glossary):
    for entry in glossary:
        where = entry.slug
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.slug), where
        assert entry.term and entry.english and entry.gloss and entry.pinyin, where
        assert entry.first_proposed, f"{where}: say 'not found' when it was not found"
        assert entry.body_markdown.strip(), where
        assert len(re.findall(r"[.!?](\s|$)", entry.gloss)) <= 2, f"{where}: the gloss is a tooltip"
        if entry.expansion_sourced:
            assert entry.expansion and entry.sources, where
        if not entry.sources:
            assert not entry.expansion, f"{where}: an expansion needs a source"
            assert "no source was found" in entry.body_markdown.lower(), f"{where}: say so plainly"
        for source in entry.sources:
            assert source.url.startswith(("http://", "https://")) or source.locator, where


def test_every_source_says_what_it_is_and_what_it_states(glossary):
    for entry in glossary:
        for number, source in enumerate(entry.sources, 1):
            where = f"{entry.slug}, source {number}"
            assert source.kind in ("primary", "official-media", "analyst", "weak"), where
            assert source.supports, f"{where}: name the facts it states"


def test_a_sourced_expansion_has_a_primary_or_official_media_source(glossary):
    for entry in glossary:
        if entry.expansion_sourced:
            kinds = {entry.sources[n - 1].kind for n in entry.fact("expansion").sources}
            assert kinds & {"primary", "official-media"}, f"{entry.slug}: expansion backed only by {kinds}"


def test_an_official_english_rendering_has_its_source(glossary):
    for entry in glossary:
        if entry.english_official:
            assert entry.fact("english").sources, entry.slug


def test_entry_slugs_come_from_the_pinyin(glossary):
    for entry in glossary:
        letters = re.sub(r"[^a-z]", "", strip_tone(entry.pinyin).lower().replace("ü", "v"))
        assert entry.slug.replace("-", "") == letters, entry.slug


def test_related_entries_exist(glossary):
    for entry in glossary:
        for slug in entry.related:
            assert slug in glossary and slug != entry.slug


@pytest.mark.parametrize(
    "slug, sourced",
    [
        ("si-jian-da-shi", True),
        ("san-bao", True),
        ("liang-zhong", True),
        ("san-ge-fu-yu-yi-ge-you-li-yu", True),  # found in a Chamdo work report's glossary (facts file 2, row 3)
        ("ge-sang-hua-xing-dong", False),
        ("yi-shou-ru-san-bao-zhang", False),
        ("gao-yuan-hong-shi-liu", False),
    ],
)
def test_expansion_sourced_follows_the_facts(glossary, slug, sourced):
    assert glossary.get(slug).expansion_sourced is sourced


def test_bodies_render_without_raw_html(glossary):
    markdown = MarkdownIt("commonmark", {"html": False})
    for entry in glossary:
        html = markdown.render(entry.body_markdown)
        assert "<script" not in html and "&lt;" not in html, entry.slug


# --- loading broken files ----------------------------------------------------

BROKEN = FIXTURES / "broken"


@pytest.fixture(scope="module")
def broken(to_traditional):
    glossary, problems = load_glossary(BROKEN, to_traditional, to_pinyin)
    by_file: dict[str, list] = {}
    for problem in problems:
        by_file.setdefault(Path(problem.path).name, []).append(problem)
    return glossary, by_file


@pytest.mark.parametrize(
    "file, line, severity, says",
    [
        ("bad-yaml.md", 4, Severity.ERROR, "not valid YAML"),
        ("no-front-matter.md", 1, Severity.ERROR, 'must start with a line "---"'),
        ("unclosed.md", 1, Severity.ERROR, "never closed"),
        ("list-front-matter.md", 2, Severity.ERROR, "must be a mapping"),
        ("missing-gloss.md", 2, Severity.ERROR, "`english`, `gloss` are missing"),
        ("Bad_Name.md", None, Severity.ERROR, "must be a slug"),
        ("four-major-matters-again.md", 1, Severity.ERROR, "term 四件大事 is already four-major-matters's"),
        ("bad-sources.md", 8, Severity.WARNING, "'javascript:alert(1)' is not an http(s) address"),
        ("bad-sources.md", 8, Severity.WARNING, "source 2 needs a `title` and a `url` or `locator`"),
        ("bad-sources.md", 10, Severity.WARNING, "'file:///home/someone/notes.html' is not an http(s)"),
        ("bad-sources.md", 12, Severity.WARNING, "source 4 needs a `title` and a `url` or `locator`"),
        ("bad-sources.md", 13, Severity.WARNING, "source 5 should be a mapping"),
        ("wrong-types.md", 5, Severity.WARNING, "`expansion` should be a list"),
        ("wrong-types.md", 6, Severity.WARNING, "`expansion_sourced` should be true or false"),
        ("wrong-types.md", 7, Severity.WARNING, "`variants` has items that are not text"),
        ("wrong-types.md", 7, Severity.WARNING, "variants 重 are too short"),
        ("wrong-types.md", None, Severity.WARNING, "'no-such-entry' does not exist"),
        ("wrong-types.md", None, Severity.WARNING, "两重建设、兩重建設 already belong to claims-a-form"),
        ("unknown-field.md", 5, Severity.WARNING, "unknown field `glos`"),
        ("unknown-field.md", 8, Severity.WARNING, "`expansion_sourced` is true but there is no expansion or no source"),
    ],
)
def test_a_broken_file_is_reported_with_its_line(broken, file, line, severity, says):
    _, by_file = broken
    reported = [(p.line, p.severity, p.message) for p in by_file.get(file, [])]
    assert any(l == line and s == severity and says in m for l, s, m in reported), reported


def test_broken_files_are_skipped_and_the_rest_loaded_safely(broken):
    glossary, _ = broken
    assert sorted(entry.slug for entry in glossary) == [
        "bad-sources", "claims-a-form", "four-major-matters", "unknown-field", "wrong-types",
    ]
    assert [s.title for s in glossary.get("bad-sources").sources] == ["Kept"]
    wrong = glossary.get("wrong-types")
    assert wrong.expansion == ("国家重大战略实施",) and wrong.expansion_sourced is False
    assert wrong.first_proposed == "2024" and wrong.related == ("four-major-matters",)
    assert glossary.lookup("两重建设").slug == "claims-a-form"
    assert glossary.get("unknown-field").expansion_sourced is False
    assert glossary.get("four-major-matters").sources[0].date == "2025-08-17"


def test_unreadable_and_absent_folders_are_problems_not_crashes(tmp_path, to_traditional):
    (tmp_path / "gbk.md").write_bytes("---\nterm: 三保\n---\n".encode("gbk"))
    glossary, problems = load_glossary(tmp_path, to_traditional, to_pinyin)
    assert len(glossary) == 0 and "not UTF-8" in problems[0].message
    glossary, problems = load_glossary(tmp_path / "nowhere", to_traditional, to_pinyin)
    assert len(glossary) == 0 and "does not exist" in problems[0].message


def test_absent_traditional_and_pinyin_are_derived(tmp_path, to_traditional):
    (tmp_path / "liang-zhong.md").write_text("---\nterm: 两重\nenglish: x\ngloss: y\n---\n", encoding="utf-8")
    glossary, problems = load_glossary(tmp_path, to_traditional, to_pinyin)
    entry = glossary.get("liang-zhong")
    assert (entry.traditional, entry.pinyin, problems) == ("兩重", "liǎng zhòng", [])


# --- sources: kind, supports, quote, locator (entry format version 2) --------

SOURCES = FIXTURES / "sources"


@pytest.fixture(scope="module")
def with_sources(to_traditional):
    glossary, problems = load_glossary(SOURCES, to_traditional, to_pinyin)
    return glossary, [(Path(p.path).name, p.line, p.severity, p.message) for p in problems]


@pytest.mark.parametrize(
    "line, says",
    [
        (5, "`english_official` is true but no source has `supports: [english]`"),
        (11, "source 1 kind 'offical-media' is not one of primary, official-media, analyst, weak; shown as unverified"),
        (15, "source 2 has no `kind`"),
        (15, "source 2 `supports` should be a list"),
        (18, "source 3 supports 'origin', not one of"),
        (22, "source 4 needs a `title` and a `url` or `locator`; it was dropped"),
        (25, "source 5 `quote` should be text, not a list"),
    ],
)
def test_bad_source_fields_are_warnings_on_their_line(with_sources, line, says):
    _, problems = with_sources
    reported = [(l, m) for name, l, s, m in problems if name == "san-bao.md" and s == Severity.WARNING]
    assert any(l == line and says in m for l, m in reported), reported


def test_good_and_version_one_files_load_without_warnings(with_sources):
    _, problems = with_sources
    assert [p for p in problems if p[0] != "san-bao.md"] == []


def test_sources_keep_their_fields_and_come_most_authoritative_first(with_sources):
    entry = with_sources[0].get("liang-ge-wei-hu")
    assert [(s.kind, s.supports) for s in entry.sources] == [
        ("primary", ("usage",)), ("primary", ("expansion", "usage")), ("analyst", ("english",)), ("weak", ("first_proposed",)),
    ]
    held = entry.sources[0]
    assert (held.url, held.locator, held.quote) == ("", "lawtext/gov, 政府工作报告-国务院/2019.md", "坚决做到“两个维护”")
    assert entry.english_official is True and entry.expansion_sourced is True


def test_each_fact_names_its_sources_and_how_it_stands(with_sources):
    glossary = with_sources[0]
    facts = {(slug, f.fact): (f.sources, f.standing) for slug in ("liang-ge-wei-hu", "san-bao", "si-ge-yi-shi") for f in glossary.get(slug).facts}
    assert facts == {
        # footnote numbers are positions in the ordered source list
        ("liang-ge-wei-hu", "expansion"): ((2,), "cited"),
        ("liang-ge-wei-hu", "first_proposed"): ((4,), "weak-only"),  # only the wiki page says where it began
        ("liang-ge-wei-hu", "english"): ((3,), "cited"),
        # the misspelt kind makes the only source of the expansion unverified; "Not found." states no origin;
        # english_official was refused, so English is no fact
        ("san-bao", "expansion"): ((3,), "weak-only"),  # two primary sources come first
        # a version-1 entry: its sources say nothing of what they support
        ("si-ge-yi-shi", "expansion"): ((), "unsourced"),
        ("si-ge-yi-shi", "first_proposed"): ((), "unsourced"),
    }
    assert glossary.get("liang-ge-wei-hu").has_weak_facts and glossary.get("san-bao").english_official is False


def test_a_version_one_source_is_of_unknown_kind(with_sources):
    (source,) = with_sources[0].get("si-ge-yi-shi").sources
    assert (source.kind, source.supports, source.publisher) == ("unknown", (), "China.org.cn")


# --- finding terms ---------------------------------------------------------------

MATCHING = [
    # id, text, expected (matched text, slug) in order
    ("quoted", "聚焦“四件大事”聚力“四个创建”", [("四件大事", "si-jian-da-shi"), ("四个创建", "si-ge-chuang-jian")]),
    ("unquoted", "明确稳定、发展、生态、强边四件大事。", [("四件大事", "si-jian-da-shi")]),
    ("unquoted-between-words", "奋力推进长治久安和高质量发展", [("长治久安", "chang-zhi-jiu-an"), ("高质量发展", "gao-zhi-liang-fa-zhan")]),
    ("traditional", "堅持“三個賦予一個有利於”總要求", [("三個賦予一個有利於", "san-ge-fu-yu-yi-ge-you-li-yu")]),
    ("traditional-corner-quotes", "忠誠捍衛「兩個確立」", [("兩個確立", "liang-ge-que-li")]),
    ("variant-character", "入选“珠峯英才”计划", [("珠峯英才", "zhu-feng-ying-cai")]),
    ("taiwan-form", "堅持和發展新時代「楓橋經驗」", [("楓橋經驗", "feng-qiao-jing-yan")]),
    ("restored-after-cleaning", "切实兜牢“三保”底线。精准实施“格桑花行动”。",
     [("三保", "san-bao"), ("格桑花行动", "ge-sang-hua-xing-dong")]),
    ("not-inside-quoted-longer-word", "稳步提升“三保障”和饮水安全保障水平", []),
    ("not-inside-unquoted-longer-word", "稳步提升三保障水平", []),
    ("longer-term-wins", "紧盯“一收入三保障”和饮水安全保障", [("一收入三保障", "yi-shou-ru-san-bao-zhang")]),
    ("not-inside-dual-nature", "正确认识矛盾的两重性", []),
    ("liang-zhong-as-a-word", "支持两重建设，抓好“两重”“两新”政策", [("两重", "liang-zhong"), ("两重", "liang-zhong")]),
    ("longest-form", "西藏完全中学（四川天府）开学招生", [("西藏完全中学（四川天府）", "xi-zang-wan-quan-zhong-xue-si-chuan-tian-fu")]),
    ("half-width-brackets", "加快建设西藏完全中学(四川天府)。", [("西藏完全中学(四川天府)", "xi-zang-wan-quan-zhong-xue-si-chuan-tian-fu")]),
    ("shorter-variant", "西藏完全中学开学", [("西藏完全中学", "xi-zang-wan-quan-zhong-xue-si-chuan-tian-fu")]),
    ("variant-with-quotes", "深化医疗人才“组团式”援藏", [("“组团式”援藏", "zu-tuan-shi-yuan-zang")]),
    ("other-use-of-a-part", "巩固拓展“组团式”区外市场就业模式", []),
    ("quoted-part-of-name", "推动“三变”改革", [("“三变”改革", "san-bian-gai-ge")]),
    ("listed-form", "“一门、一网、一线”政务服务体系", [("一门、一网、一线", "yi-men-yi-wang-yi-xian")]),
    ("digits", "推进“2+1”财政综合管理改革", [("2+1", "er-jia-yi")]),
    ("full-width-digits", "推进“２＋１”财政综合管理改革", [("２＋１", "er-jia-yi")]),
    ("not-inside-a-number", "构建12+1体系、2+10项目", []),
    ("no-terms", "各位代表：现在，我代表自治区人民政府向大会报告政府工作。", []),
]


@pytest.mark.parametrize("text, expected", [row[1:] for row in MATCHING], ids=[row[0] for row in MATCHING])
def test_find_terms(glossary, cut, text, expected):
    assert matched(text, glossary, cut) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("稳步提升“三保障”水平", []),
        ("兜牢基层“三保”底线", [("三保", "san-bao")]),
        ("紧盯“一收入三保障”", [("一收入三保障", "yi-shou-ru-san-bao-zhang")]),
        ("构建12+1体系", []),
    ],
)
def test_quotes_and_scripts_are_boundaries_even_without_a_segmenter(glossary, text, expected):
    assert matched(text, glossary, None) == expected


@given(st.lists(st.sampled_from(["四件大事", "三保", "障", "“", "”", "两重", "性", "一收入三保障", "兩個確立", "，", "2+1", "2"]), max_size=30))
@settings(max_examples=300, deadline=None)
def test_matches_never_overlap_and_are_real_forms(glossary, pieces):
    text = "".join(pieces)
    matches = find_terms(text, glossary, None)
    for before, after in zip(matches, matches[1:]):
        assert before.end <= after.start
    for match in matches:
        assert glossary.lookup(text[match.start : match.end]).slug == match.slug


@pytest.mark.parametrize("seed", ["000_af065001489da54d.txt", SEED_002])
def test_every_term_written_in_a_seed_is_found(glossary, cut, seed):
    """Count each entry's forms in the raw seed by plain search; find_terms must find them all.

    An occurrence inside a longer glossary occurrence (三保 in 一收入三保障)
    belongs to the longer term, so it is not counted for the shorter one.
    """
    text = raw_seed(seed)
    folded = fold_for_matching(text)
    spans = {
        (found.start(), found.end(), entry.slug)
        for entry in glossary
        for form in entry.forms
        for found in re.finditer(re.escape(fold_for_matching(form)), folded)
    }
    outermost = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o[:2] != s[:2] for o in spans)]
    expected = Counter(slug for _, _, slug in outermost)
    found = Counter(match.slug for match in find_terms(text, glossary, cut))
    assert found == expected
    assert sum(expected.values()) > 40


def test_find_terms_is_fast_on_a_megabyte(glossary, cut):
    corpus = "\n".join(shared_text("corpus", path.name) for path in sorted((SHARED_DIR / "corpus").glob("*.txt")))
    text = (corpus + "\n") * (1_000_000 // len(corpus) + 1)
    started = time.perf_counter()
    matches = find_terms(text, glossary, cut)
    elapsed = time.perf_counter() - started
    assert len(text) >= 1_000_000 and len(matches) > 1000
    assert elapsed < 5, f"{elapsed:.2f} s for {len(text):,} characters"


# --- terms the glossary lacks -------------------------------------------------


def read_expected_missing(path: Path) -> list[tuple[str, int, tuple[str, ...]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            candidate, count, kinds = line.split("\t")
            rows.append((candidate, int(count), tuple(kinds.split())))
    return rows


def test_find_missing_terms_on_a_fixture(glossary, cut):
    folder = FIXTURES / "missing-terms"
    found = find_missing_terms([(folder / "sample.txt").read_text(encoding="utf-8")], glossary, cut)
    assert [(t.candidate, t.count, t.kinds) for t in found] == read_expected_missing(folder / "expected.txt")
    assert all(t.examples and f"【{t.candidate}】" in t.examples[0] for t in found)


def test_without_a_segmenter_scheme_names_are_not_guessed(glossary):
    sample = (FIXTURES / "missing-terms" / "sample.txt").read_text(encoding="utf-8")
    found = {t.candidate: t.kinds for t in find_missing_terms([sample], glossary, None)}
    assert "model" not in {kind for kinds in found.values() for kind in kinds}
    assert {"两新", "五共五固", "7+1", "三保障"} <= set(found)


def test_find_missing_terms_names_real_candidates_in_the_2026_report(glossary, cut):
    text = shared_text("corpus", "tibet_2026_gov_work_report_xizang_ribao.txt")
    found = [t.candidate for t in find_missing_terms([text], glossary, cut)]
    for real in ["7+1", "五共五固", "四大种源", "三保障", "两新", "双下降"]:
        assert real in found[:30], found[:30]
    assert "固边兴边富民行动" in found  # an unquoted scheme name is weak evidence: listed, but low
    known = {fold_for_matching(form) for entry in glossary for form in entry.forms}
    assert not known & {fold_for_matching(candidate) for candidate in found}
    assert not {"八个方面", "五个方面", "两个千亿", "一件一件"} & set(found)
