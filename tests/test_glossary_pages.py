"""The glossary's pages: facts tied to their sources, figures from the reader's own corpus, and glossary.json.

A small site is built from three documents written for these tests, with
the version-2 fixture glossary (tests/fixtures/glossary/sources):

| document | date       | 两个维护 | with it in a paragraph |
|----------|------------|----------|------------------------|
| jia      | 2019-03-05 | 2        | 三保 (once)            |
| yi       | 2021-06-01 | 3        | 四个意识 (once)         |
| bing     | (none)     | 1        | 四个意识 (once)         |

So 两个维护 first appears in jia (2019); its uses per year are 2019: 2,
2020: 0, 2021: 3, and one use is undated; yi uses it most; 四个意识 shares
two paragraphs with it, 三保 one.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import lxml.html
import pytest

from conftest import PROJECT_DIR

from jiedu.config import SiteConfig
from jiedu.render.glossary_json import glossary_json
from jiedu.render.glossary_pages import term_page_keys
from jiedu.render.svg_chart import PLOT_HEIGHT, bar_chart_svg

sys.path.insert(0, str(PROJECT_DIR))
import build  # noqa: E402  (build.py is the command line, not a package module)

GLOSSARY_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "glossary" / "sources"

DOCUMENTS = {
    "jia": ("2019-03-05", "甲地工作报告", ["坚决做到“两个维护”，落实“三保”要求。", "各级干部要把“两个维护”落到实处。"]),
    "yi": ("2021-06-01", "乙地工作报告", ["“两个维护”是最高政治原则。", "树牢“四个意识”，做到“两个维护”。", "始终坚持“两个维护”不动摇。"]),
    "bing": ("", "丙地会议纪要", ["增强“四个意识”，坚决做到“两个维护”。"]),
}


def document_text(date: str, title: str, paragraphs: list[str]) -> str:
    front = f"---\ntitle: {title}\n" + (f"date: {date}\n" if date else "") + "---\n\n"
    return front + "\n\n".join(paragraphs) + "\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("glossary-pages")
    content = root / "content"
    (content / "documents").mkdir(parents=True)
    shutil.copytree(GLOSSARY_FIXTURES, content / "glossary")
    for slug, (date, title, paragraphs) in DOCUMENTS.items():
        (content / "documents" / f"{slug}.md").write_text(document_text(date, title, paragraphs), encoding="utf-8")
    (content / "site.toml").write_text('title = "测试"\nglossary_licence = "CC BY-SA 4.0"\n', encoding="utf-8")
    build.build_site(content, root / "site", PROJECT_DIR / "templates", root / "cache")
    return root / "site"


def page(site: Path, name: str):
    return lxml.html.parse(str(site / "glossary" / name)).getroot()


def text_of(element) -> str:
    """The text a reader sees without the pinyin over it (<rt>)."""
    return " ".join("".join(element.xpath(".//text()[not(ancestor::rt)]")).split())


def section(tree, heading_id: str):
    (found,) = tree.xpath(f'//section[@aria-labelledby="{heading_id}"]')
    return found


# --- facts and their sources -------------------------------------------------


def test_each_fact_is_followed_by_references_to_its_sources(site):
    tree = page(site, "liang-ge-wei-hu.html")
    # the fixture's sources, most authoritative first: 1, 2 primary; 3 analyst; 4 weak
    expansion = section(tree, "expansion-heading")
    assert [a.get("href") for a in expansion.xpath('.//sup[@class="source-ref"]/a')] == ["#source-2"]
    english = tree.xpath('//p[@class="tip-english"]')[0]
    assert [a.get("href") for a in english.xpath('.//sup[@class="source-ref"]/a')] == ["#source-3"]
    assert "official rendering" in text_of(english)
    for number in (1, 2, 3, 4):
        assert tree.xpath(f'//li[@id="source-{number}"]'), number


def test_a_fact_resting_on_weak_sources_only_says_so_in_words(site):
    tree = page(site, "liang-ge-wei-hu.html")
    first_proposed = text_of(section(tree, "first-proposed-heading"))
    assert "[4]" in first_proposed and "Only weak sources" in first_proposed
    assert "Only weak sources" not in text_of(section(tree, "expansion-heading"))


def test_sources_are_grouped_by_kind_with_their_evidence_and_locator(site):
    sources = section(page(site, "liang-ge-wei-hu.html"), "sources-heading")
    assert [text_of(h) for h in sources.xpath(".//h3")] == [
        "Primary text", "Analyst", "Weak: content farm, mirror or aggregator, not authoritative",
    ]
    held = text_of(sources.xpath('.//li[@id="source-1"]')[0])
    assert "Held at: lawtext/gov, 政府工作报告-国务院/2019.md" in held and "Evidence: 坚决做到“两个维护”" in held
    assert not sources.xpath('.//li[@id="source-1"]//a')  # no URL: the title is not a link


def test_version_one_sources_show_as_unverified(site):
    sources = section(page(site, "si-ge-yi-shi.html"), "sources-heading")
    assert [text_of(h) for h in sources.xpath(".//h3")] == ["Unverified: the kind of source was not recorded"]


def test_the_index_marks_entries_with_weak_facts_and_links_the_open_data(site):
    index = page(site, "index.html")
    marked = {text_of(li.xpath(".//a")[0]) for li in index.xpath('//ul[@class="glossary-index"]/li') if li.xpath('.//*[@class="weak-mark"]')}
    # 两个维护: origin from a wiki page only; 三保: its one expansion source is of unknown kind; 四个意识: version 1, nothing tied
    assert marked == {"两个维护", "三保", "四个意识"}
    assert index.xpath('//a[@href="glossary.json"]')


# --- figures from the corpus -------------------------------------------------


def test_first_appearance_is_the_earliest_dated_document(site):
    stats = section(page(site, "liang-ge-wei-hu.html"), "corpus-heading")
    first = stats.xpath('.//figure[@class="first-use"]')[0]
    assert "坚决做到“两个维护”，落实“三保”要求。" in text_of(first)
    assert "甲地工作报告" in text_of(first) and first.xpath(".//time")[0].get("datetime") == "2019-03-05"
    link = first.xpath(".//figcaption/a")[0].get("href")
    assert link.startswith("../jia/") and (site / link[3:].split("#")[0]).exists()


def test_a_term_used_only_in_undated_documents_says_its_date_is_unknown(site):
    # 四个意识 is in yi (2021) and bing (undated): yi comes first, being dated
    stats = section(page(site, "si-ge-yi-shi.html"), "corpus-heading")
    assert "乙地工作报告" in text_of(stats.xpath('.//figure[@class="first-use"]')[0])
    assert "not counted by year" in text_of(stats)  # bing's use


def test_uses_per_year_are_bars_of_the_right_height_with_the_figures_as_a_table(site):
    stats = section(page(site, "liang-ge-wei-hu.html"), "corpus-heading")
    (svg,) = stats.xpath(".//svg")
    assert svg.get("role") == "img" and svg.xpath("./title") and svg.xpath("./desc")
    bars = svg.xpath('.//rect[@class="bar"]')
    # 2019: 2, 2020: 0, 2021: 3 -> heights in proportion to the largest
    assert [float(bar.get("height")) for bar in bars] == [round(2 / 3 * PLOT_HEIGHT, 1), 0.0, PLOT_HEIGHT]
    assert {bar.get("fill") for bar in bars} == {"currentColor"}
    rows = [[text_of(cell) for cell in row] for row in stats.xpath('.//table[@class="visually-hidden"]/tbody/tr')]
    assert rows == [["2019", "2"], ["2020", "0"], ["2021", "3"]]
    assert "1 more uses in documents without a date" in text_of(stats)


def test_the_documents_that_use_it_most_and_its_companions(site):
    stats = section(page(site, "liang-ge-wei-hu.html"), "corpus-heading")
    documents = [text_of(li) for li in stats.xpath('.//ol[@class="top-documents"]/li')]
    assert [d.split(" (")[0] for d in documents] == ["乙地工作报告", "甲地工作报告", "丙地会议纪要"]
    assert documents[0].endswith("(3, 2021-06-01)")
    companions = [(text_of(li.xpath(".//a")[0]), li.xpath(".//a")[0].get("href"), text_of(li)) for li in stats.xpath('.//ol[@class="companions"]/li')]
    assert [(term, href) for term, href, _ in companions] == [("四个意识", "si-ge-yi-shi.html"), ("三保", "san-bao.html")]
    assert "(2 paragraphs)" in companions[0][2] and "(1 paragraphs)" in companions[1][2]


def test_a_term_no_document_uses_has_no_corpus_section(tmp_path, site):
    # every fixture term is used; a page built from no documents shows no figures
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    shutil.copytree(GLOSSARY_FIXTURES, content / "glossary")
    build.build_site(content, tmp_path / "site", PROJECT_DIR / "templates", tmp_path / "cache")
    tree = page(tmp_path / "site", "liang-ge-wei-hu.html")
    assert not tree.xpath('//section[@aria-labelledby="corpus-heading"]') and not tree.xpath('//svg[@role="img"]')


# --- glossary.json -----------------------------------------------------------


def test_glossary_json_round_trips_with_licence_and_sources(site):
    data = json.loads((site / "glossary" / "glossary.json").read_text(encoding="utf-8"))
    assert data["licence"] == {"name": "CC BY-SA 4.0", "url": "https://creativecommons.org/licenses/by-sa/4.0/"}
    assert data["generator"].startswith("jiedu")
    entries = {entry["slug"]: entry for entry in data["entries"]}
    assert sorted(entries) == ["liang-ge-wei-hu", "san-bao", "si-ge-yi-shi"]
    upholds = entries["liang-ge-wei-hu"]
    assert upholds["page"] == "glossary/liang-ge-wei-hu.html" and (site / upholds["page"]).exists()
    assert upholds["facts"]["first_proposed"] == {"sources": [4], "standing": "weak-only"}
    weak = upholds["sources"][3]
    assert (weak["number"], weak["kind"], weak["supports"], weak["url"]) == (4, "weak", ["first_proposed"], "https://en.wikipedia.org/wiki/Two_Upholds")
    assert upholds["sources"][0]["locator"] == "lawtext/gov, 政府工作报告-国务院/2019.md" and upholds["sources"][0]["url"] == ""


def test_glossary_json_gives_each_entry_its_own_line(site):
    """A line diff between two versions of the file names the entries that changed."""
    lines = (site / "glossary" / "glossary.json").read_text(encoding="utf-8").splitlines()
    entry_lines = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith("    {")]
    assert [entry["slug"] for entry in entry_lines] == ["liang-ge-wei-hu", "san-bao", "si-ge-yi-shi"]


def test_glossary_json_is_the_same_for_the_same_glossary_and_defaults_to_cc_by():
    import opencc
    from pypinyin import Style, lazy_pinyin

    from jiedu.annotate.glossary import load_glossary

    def load():
        return load_glossary(GLOSSARY_FIXTURES, opencc.OpenCC("s2t").convert, lambda text: " ".join(lazy_pinyin(text, style=Style.TONE)))[0]

    first, second = glossary_json(load(), SiteConfig()), glossary_json(load(), SiteConfig())
    assert first == second and json.loads(first)["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert not re.search(r"\d{4}-\d\d-\d\dT\d", first)  # no timestamp


# --- units -------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, heights",
    [
        ([3, 0, 6], [PLOT_HEIGHT / 2, 0, PLOT_HEIGHT]),
        ([1, 1000], [1.0, PLOT_HEIGHT]),  # a single use is still visible
        ([0, 0], [0, 0]),
    ],
)
def test_bar_heights(values, heights):
    svg = bar_chart_svg([(str(2000 + i), v) for i, v in enumerate(values)], "t", "d", "c")
    assert [float(h) for h in re.findall(r'<rect class="bar" [^>]*height="([\d.]+)"', svg)] == heights


def test_svg_text_is_escaped():
    svg = bar_chart_svg([("2020", 1)], "<script>", "a & b", "c")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg


def _entry(date: str, keys: dict) -> SimpleNamespace:
    return SimpleNamespace(metadata={"date": date} if date else {}, occurrence_keys=keys)


def test_a_term_page_key_changes_with_the_date_of_a_document_using_it_only():
    context = SimpleNamespace(settings_key="s", term_keys={"a": "1", "b": "2"})
    before = term_page_keys([_entry("2020-01-01", {"a": "x"}), _entry("2021", {"b": "y"})], context)
    after = term_page_keys([_entry("2019-01-01", {"a": "x"}), _entry("2021", {"b": "y"})], context)
    assert before["glossary/a.html"] != after["glossary/a.html"]
    assert before["glossary/b.html"] == after["glossary/b.html"]
