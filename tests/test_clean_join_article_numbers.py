"""join_article_numbers: a law's article number set on a line of its own goes back before its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.clean import build_cleaning_passes, build_cleaning_resources, clean_document, clean_text
from jiedu.clean.join_article_numbers import join_article_numbers
from jiedu.ingest.files import read_document_file

POLICY_RAG = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "formats" / "csv_policy_rag_topic_core_annotations_9rows.csv"


@pytest.fixture(scope="module")
def passes():
    return build_cleaning_passes(build_cleaning_resources())


def test_a_datasets_article_numbers_head_their_paragraphs_after_cleaning(passes):
    """The chunk_text of a real dataset: 第五条, a line alone, then the article's first paragraph."""
    if not POLICY_RAG.is_file():
        pytest.skip(f"{POLICY_RAG} not found")
    documents, _ = read_document_file(POLICY_RAG, POLICY_RAG.name)  # as a build reads it: a SourceDocument per row
    first = next(document for document in documents if document.part == "row 1")
    lines = clean_document(first, passes).text.split("\n")
    assert "第五条" not in lines and "第六条" not in lines
    assert any(line.startswith("第五条 鼓励生成式人工智能技术在各行业、各领域的创新应用") for line in lines)
    assert "第二章 技术发展与治理" in lines  # a chapter heading keeps its own line
    assert "支持行业组织、企业、教育和科研机构、公共文化机构、有关专业机构等在生成式人工智能技术创新、数据资源建设、转化应用、风险防范等方面开展协作。" in lines  # the article's second paragraph stays one


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("第五条\n鼓励创新。", "第五条 鼓励创新。"),
        ("第五条\n\n鼓励创新。", "第五条 鼓励创新。"),  # a blank line between
        ("第十二條\n本條例自公布日施行。", "第十二條 本條例自公布日施行。"),  # Traditional
        ("第二十条之一\n（一）依法公开。", "第二十条之一 （一）依法公开。"),
        ("　第3条　\n“国家”是指…", "第3条 “国家”是指…"),
    ],
)
def test_a_line_that_is_only_an_article_number_joins_the_text_after_it(text, joined):
    fixed, changes = join_article_numbers(text)
    assert fixed == joined and len(changes) == 1


@pytest.mark.parametrize(
    "text",
    [
        "第五条\n第六条 推动建设。",  # the next line is another article
        "第五条\n第二章 附则",  # a heading of the law's parts
        "第五条",  # nothing after it
        "第 1 條\n中華民國基於三民主義，為民有民治民享之民主共和國。",  # Taiwan's law database sets its spaced number apart, by design
        "依照本法第五条\n规定处理。",  # a reference, not a line of its own
        "第五条规定的情形\n应当报告。",
    ],
)
def test_other_lines_are_left_as_they_are(text):
    assert join_article_numbers(text) == (text, [])


def test_a_joined_article_reads_as_one_paragraph_of_a_plain_text(passes):
    cleaned = clean_text("第一章 总则\n第一条\n为了规范管理，制定本条例。\n第二条\n本条例适用于全国。", passes)
    assert cleaned.text.split("\n") == ["第一章 总则", "第一条 为了规范管理，制定本条例。", "第二条 本条例适用于全国。"]
