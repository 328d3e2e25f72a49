"""Golden tests: the two seeds and the corpus, cleaned and structured, as outlines.

Each document's outline (articles, headlines, kickers, datelines, sections
with level and slug, every paragraph in full) must equal
tests/golden/<name>.outline.txt. The golden files change only by an explicit
``pytest --update-goldens``, and every change must be read against the source
document before it is committed.

The documents live in ../shared (seeds/ and corpus/); without it these tests skip.
They are cleaned with the passes the build makes from the project's content
folder (its glossary and lexicon help the GBK repair), without front matter.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from jiedu.charclass import han_only
from jiedu.clean import clean_document, clean_text
from jiedu.model import BlockKind, Document, SourceDocument
from jiedu.resources import build_resources
from jiedu.structure import structure_document
from jiedu.structure.outline import document_to_outline

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
GOLDEN = Path(__file__).parent / "golden"
DOCUMENTS = {
    "seed_000": "seeds/000_af065001489da54d.txt",
    "seed_002": "seeds/002_1343f4ba99812649.txt",
    "tibet_2026": "corpus/tibet_2026_gov_work_report_xizang_ribao.txt",
    "npc_2025": "corpus/npc_2025_resolution_on_gov_work_report_wikisource.txt",
    "prc_1954": "corpus/prc_1954_gov_work_report_traditional_wikisource.txt",
}


@cache
def _passes():
    """The passes the build uses: the GBK repair knows the project's glossary and lexicon words."""
    tools, _ = build_resources(PROJECT / "content", PROJECT / "templates")
    return tools.cleaning_passes


def read_shared(name: str) -> str:
    path = SHARED / DOCUMENTS[name]
    if not path.is_file():
        pytest.skip(f"{path} not found: the seeds and corpus live in ../shared next to the project")
    return path.read_text(encoding="utf-8")


@cache
def document(name: str) -> Document:
    # The path as a reader of the report would see it, so goldens do not depend on the checkout.
    source = SourceDocument(Path(DOCUMENTS[name]), name, read_shared(name), 1, "utf-8", {}, "text")
    return structure_document(source, clean_document(source, _passes()))


def all_paragraphs(doc: Document) -> list[str]:
    found = []

    def walk(section):
        found.extend(block.text for block in section.blocks if block.kind is BlockKind.PARAGRAPH)
        for subsection in section.subsections:
            walk(subsection)

    for article in doc.articles:
        for section in article.sections:
            walk(section)
    return found


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_outline_matches_golden(name, update_goldens):
    outline = document_to_outline(document(name))
    golden = GOLDEN / f"{name}.outline.txt"
    if update_goldens:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(outline, encoding="utf-8")
        return
    assert golden.is_file(), f"{golden} missing: run `pytest --update-goldens` and review it line by line"
    assert outline == golden.read_text(encoding="utf-8")


# --- what the seeds must look like, whatever the golden files say ---------------------------


def test_seed_000_is_five_articles():
    doc = document("seed_000")
    assert [(a.overlines, a.title, a.subtitles) for a in doc.articles] == [
        ((), "自治区十二届人大二次会议主席团举行第四次会议", ("洛桑江村主持",)),
        (("严金海在自治区政府全体会议上强调",), "锚定目标不折不扣雷厉风行狠抓落实 切实落实好自治区两会精神和政府工作报告部署", ()),
        ((), "自治区十二届人大二次会议继续分组审议", ()),
        ((), "西藏自治区第十二届人民代表大会第二次会议决议", ("（2024年1月10日西藏自治区第十二届人民代表大会第二次会议通过）",)),
        ((), "推动西藏长治久安和高质量发展不断取得新成效", ("热烈祝贺自治区十二届人大二次会议胜利闭幕",)),
    ]
    assert [a.dateline for a in doc.articles] == [
        "本报拉萨1月10日讯（记者 郑璐 袁海霞）",
        "本报拉萨1月10日讯（记者 冯骥）",
        "本报拉萨1月10日讯（记者 王菲）",
        None,
        None,
    ]
    resolutions = doc.articles[3].sections
    assert [s.heading for s in resolutions] == [
        "关于政府工作报告的决议",
        "关于西藏自治区2023年国民经济和社会发展规划执行情况与2024年国民经济和社会发展规划的决议",
        "关于西藏自治区2023年预算执行情况和2024年预算的决议",
        "关于西藏自治区人民代表大会常务委员会工作报告的决议",
        "关于西藏自治区高级人民法院工作报告的决议",
        "关于西藏自治区人民检察院工作报告的决议",
    ]
    assert [len(s.blocks) for s in resolutions] == [2, 1, 1, 2, 2, 2]


def test_seed_000_has_28_whole_paragraphs():
    paragraphs = all_paragraphs(document("seed_000"))
    assert len(paragraphs) == 28
    assert all(re.search(r"[。！？]$", p) for p in paragraphs), [p for p in paragraphs if not re.search(r"[。！？]$", p)]
    assert not [p for p in paragraphs if re.search(r"[,;:?!()]", p)]  # the reading copy has full-width punctuation


def test_seed_002_sections():
    doc = document("seed_002")
    (article,) = doc.articles
    headings = [s.heading for s in article.sections]
    numbers = "一二三四五六七八九"
    assert headings == [None] + [h for h in headings[1:-1]] + [None]
    assert [h[:3] for h in headings[1:-1]] == [f"（{n}）" for n in numbers]
    assert [s.slug for s in article.sections] == ["intro"] + [str(i) for i in range(1, 10)] + ["closing"]
    intro, *parts, closing = article.sections
    assert [len(s.blocks) for s in parts] == [3, 2, 2, 2, 3, 3, 4, 3, 1]
    assert len(intro.blocks) == 4
    assert [b.text[:4] for b in closing.blocks] == ["我們要堅", "我們要全", "我們要錨", "新形勢新", "大道至簡"]


def test_seed_002_has_no_pinyin_and_no_footer():
    text = "\n".join(all_paragraphs(document("seed_002")))
    assert not re.search(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+[)）]", text)
    for junk in ("關於我們", "版權所有", "ICP", "備案", "郵政編碼"):
        assert junk not in text


@pytest.mark.parametrize(
    "repaired",
    [
        "成立60周年營造安定祥和",
        "兜牢“三保”底線",
        "精準實施“格桑花行動”",
        "升級布局數字基礎設施",
        "試點範圍。基本完成集體林權制度改革",
        "有序承接東中部地區",
    ],
)
def test_seed_002_garbled_spans_are_restored(repaired):
    text = "\n".join(all_paragraphs(document("seed_002")))
    assert repaired in text
    assert "\ufff9" not in text and "?" not in text


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_real_documents_clean_to_a_fixed_point(name):
    """Cleaning the cleaned text again changes nothing, and no Han character went unaccounted."""
    raw = read_shared(name)
    cleaned = clean_text(raw, _passes())
    assert clean_text(cleaned.text, _passes()).changes == ()
    delta = Counter(han_only(cleaned.text))
    delta.subtract(han_only(raw))
    reported: Counter = Counter()
    for change in cleaned.changes:
        reported.update(han_only(change.after))
        reported.subtract(han_only(change.before))
    assert +delta == +reported and -delta == -reported
