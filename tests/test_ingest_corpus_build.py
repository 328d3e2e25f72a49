"""The whole format corpus dropped into content/ and built, as a new user would: every file read or named.

33 real files in their original shapes (HTML pages, PDFs, Word files,
Markdown, CSV/JSON Lines, RSS, damaged text) from ../shared/corpus/formats.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import CONTENT_DIR, SHARED_DIR, run_build

FORMATS = SHARED_DIR / "corpus" / "formats"


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
    return "".join(p.read_text(encoding="utf-8") for folder in folders for p in (folder / "hans").glob("*.html")) + "".join(
        p.read_text(encoding="utf-8") for folder in folders for p in (folder / "hant").glob("*.html")
    )


def plain(html: str) -> str:
    """The reading text of a page: tags and pinyin annotations (<rt>) removed."""
    return re.sub(r"<[^>]+>", "", re.sub(r"<rt>.*?</rt>|<script.*?</script>", "", html, flags=re.S))


def test_a_dataset_row_is_a_document_of_its_own(corpus_site):
    site, _ = corpus_site
    rows = [p for p in site.iterdir() if p.name.startswith("csv-xi-jinping-2020-speeches-jhsjk-first20rows-row-")]
    assert len(rows) == 20  # the file holds 20 data rows


def test_word_tables_are_tables(corpus_site):
    site, _ = corpus_site
    html = page_text(site, "docx-moe-2022-accredited-teacher-education-programs-table")
    assert html.count("<table>") >= 2 and "<th scope=\"col\">" in html
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
