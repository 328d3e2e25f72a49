"""How a document is laid out as pages, and the markup readers and scripts rely on.

A document of ordinary length is one page, also its print copy; a long one
(a provincial work report of 25,000 characters, from ../shared/bench) is read
section by section, with a print copy of the whole. Either way every paragraph
has one number, the same wherever it is shown, and every element of reading
text says where its words begin (data-w).
"""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import run_build

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "corpus"
LONG_DOCUMENT = "gwr-prov-2023-173.txt"  # Guangdong's 2023 work report, 25,553 Han characters
PAGE_LIMIT = 100 * 1024  # what a page may weigh, gzipped


@pytest.fixture(scope="module")
def long_site(tmp_path_factory) -> Path:
    if not (BENCH / LONG_DOCUMENT).exists():
        pytest.skip("needs ../shared/bench/corpus")
    root = tmp_path_factory.mktemp("long")
    (root / "content" / "documents").mkdir(parents=True)
    shutil.copy(BENCH / LONG_DOCUMENT, root / "content" / "documents" / "guangdong-2023.txt")
    result = run_build("--content", str(root / "content"), "--out", str(root / "site"))
    assert result.returncode == 0, result.stderr
    return root / "site" / "guangdong-2023"


def base_text(element) -> str:
    """An element's text without its readings (<rt>, <rp>): what data-w counts."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in ("rt", "rp"):
            parts.append(base_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def paragraphs(page: Path) -> dict[str, str]:
    tree = lxml_html.fromstring(page.read_bytes())
    found = tree.xpath("//main//*[@data-w][@id]")
    return {element.get("id"): base_text(element) for element in found if re.fullmatch(r"p\d+", element.get("id"))}


def test_a_long_document_is_read_section_by_section_with_a_print_copy(long_site):
    names = sorted(p.name for p in long_site.glob("*.html"))
    assert "index.html" in names and "print.html" in names
    sections = [name for name in names if name not in ("index.html", "print.html")]
    assert len(sections) >= 5
    contents = (long_site / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}"' in contents for name in sections)


def test_every_page_of_a_long_document_stays_under_the_size_limit(long_site):
    sizes = {page.name: len(gzip.compress(page.read_bytes(), 6)) for page in long_site.glob("*.html")}
    assert max(sizes.values()) <= PAGE_LIMIT, sizes


def test_the_long_print_copy_is_the_whole_text_without_readings(long_site):
    printed = paragraphs(long_site / "print.html")
    assert "<rt>" not in (long_site / "print.html").read_text(encoding="utf-8")
    shown = {}
    for page in long_site.glob("*.html"):
        if page.name not in ("index.html", "print.html"):
            shown.update(paragraphs(page))
    assert shown == printed  # the same numbers for the same paragraphs, none missing or doubled


def test_paragraph_numbers_run_in_reading_order(long_site):
    numbers = [int(key[1:]) for key in paragraphs(long_site / "print.html")]
    assert numbers == list(range(1, len(numbers) + 1))


def word_lengths(code: str) -> list[int]:
    return [int(digit, 36) for digit in code]


@pytest.mark.parametrize("which", ["sample", "long"])
def test_word_lengths_cover_each_element_exactly(built_site, long_site, which):
    """The browser finds a tapped word, and converts scripts word by word, from data-w alone."""
    pages = list(built_site[0].glob("*/index.html")) if which == "sample" else list(long_site.glob("*.html"))
    checked = 0
    for page in pages:
        for element in lxml_html.fromstring(page.read_bytes()).xpath("//main//*[@data-w]"):
            assert sum(word_lengths(element.get("data-w"))) == len(base_text(element)), (page.name, element.get("id"))
            checked += 1
    assert checked > 50


def test_sample_documents_words_follow_the_segmentation(built_site):
    page = built_site[0] / "xizang-ribao-2024-01-congress-closes" / "index.html"
    element = lxml_html.fromstring(page.read_bytes()).xpath("//main//p[@data-w]")[3]
    text, lengths, words, start = base_text(element), word_lengths(element.get("data-w")), [], 0
    for length in lengths:
        words.append(text[start : start + length])
        start += length
    assert "自治区" in words or "人民代表大会" in words or "会议" in words, words[:20]
    assert max(lengths) < 12  # words, not whole clauses
