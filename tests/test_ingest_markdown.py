"""The Markdown reader on real Markdown files: headings become sections, the syntax never shows.

Expectations were written by reading each file in ../shared/corpus/formats.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.clean import build_cleaning_passes, build_cleaning_resources, clean_document
from jiedu.ingest.files import read_document_file
from jiedu.ingest.readers.markdown import markdown_to_blocks, split_lines
from jiedu.model import BlockKind
from jiedu.structure import structure_document
from jiedu.structure.outline import document_to_outline

FORMATS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "formats"


@pytest.fixture(scope="module")
def passes():
    return build_cleaning_passes(build_cleaning_resources())


def structured(name: str, passes):
    path = FORMATS / name
    if not path.is_file():
        pytest.skip(f"{path} is not here (../shared/corpus/formats)")
    documents, problems = read_document_file(path, name)
    assert len(documents) == 1 and not [p for p in problems if p.severity.value == "error"]
    return structure_document(documents[0], clean_document(documents[0], passes))


def headings(section) -> list[str]:
    return [section.heading] + [h for sub in section.subsections for h in headings(sub)]


CASES = {
    "md_antimonopoly_law_2007_text_chapters_articles.md": {
        "title": "中华人民共和国反垄断法",
        "headings": ["第一章 总 则", "第二章 垄断协议", "第八章 附 则"],
        "paragraphs": [
            "第一条 为了预防和制止垄断行为，保护市场公平竞争，提高经济运行效率，维护消费者利益和社会公共利益，促进社会主义市场经济健康发展，制定本法。",
            "第二条 中华人民共和国境内经济活动中的垄断行为，适用本法；中华人民共和国境外的垄断行为，对境内市场竞争产生排除、限制影响的，适用本法。",
            "（一）经营者达成垄断协议；",
        ],
        "gone": ["目 录", "](#", "***"],
    },
    "md_takungpao_2025_a7_epaper_page_transcription_traditional.md": {
        "title": "【A7 宏福苑五級火 搭棚維修調查❶/揭開維修棚架背後重重黑幕】",
        "metadata": {"source": "大公報", "date": "2025-11-28"},
        "headings": ["競標公司遭「警告」被迫退出", "阻燃網成本較普通網貴近倍", "業界：地盤工違例吸煙難管"],
        "paragraphs": ["大埔宏福苑五級火造成大量人命傷亡。翻查紀錄，今年至今已有至少10宗棚架起火事故（見表），大廈外牆維修搭棚的安全問題引發公眾強烈關注。"],
        "starts": ["警方昨日凌晨拘捕三名涉嫌誤殺的男子"],
        "captions": ["2025年涉及棚架起火事故統計表"],
        "gone": ["![", ".jpg", "**", "來源："],
    },
    "md_hkcnews_2018_article_yaml_front_matter_crawler_dump_traditional.md": {
        "title": "王桂壎漏報持中移動股票　辭任通訊局主席",
        "metadata": {"date": "2018-02-12", "author": "眾新聞記者"},
        "starts": ["通訊事務管理局主席王桂壎，今日突然宣布辭職。", "66歲的王桂壎是律師"],
        "captions": ["通訊事務管理局主席王桂壎，今日突然宣布辭職。網上圖片"],
        "gone": ["<figure", "<img", "figcaption", "last_updated:"],
    },
    "md_xinwenlianbo_2026_07_03_headline_digest.md": {
        "title": "新闻联播 2026-07-03",
        "headings": ["主要内容"],
        "gone": ["](https://", "来源："],
        "list_items": ["2. 习近平《在庆祝中国共产党成立105周年大会上的讲话》单行本出版；"],
    },
    "md_central_departments_directory_with_inline_html.md": {
        "gone": ["<base", "<div", "{:target", "<link"],
        "starts": ["一切国家机关和国家工作人员必须依靠人民的支持"],
    },
    "bilingual_zh_en_xuexi_current_affairs_notes.md": {
        "title": "学习强国官方英语资源",
        "paragraphs": ["10月31日，中共中央总书记、国家主席习近平在北京人民大会堂向越共中央总书记阮富仲授予中华人民共和国“友谊勋章”，并举行隆重颁授仪式。"],
        "english": ["Xi Jinping, general secretary of the Communist Party of China (CPC) Central Committee"],
        "gone": [":::", "::: tip"],
    },
}


def all_blocks(document):
    def walk(section):
        yield from section.blocks
        for sub in section.subsections:
            yield from walk(sub)

    return [block for article in document.articles for section in article.sections for block in walk(section)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_real_markdown_reads_as_a_reader_expects(name, passes):
    expected = CASES[name]
    document = structured(name, passes)
    outline = document_to_outline(document)
    blocks = all_blocks(document)
    texts = [block.text for block in blocks]
    if "title" in expected:
        assert document.title == expected["title"]
    for key, value in expected.get("metadata", {}).items():
        assert document.source.metadata.get(key) == value or dict(document.articles[0].metadata).get(key) == value
    found_headings = [h for article in document.articles for section in article.sections for h in headings(section) if h]
    for heading in expected.get("headings", []):
        assert heading in found_headings
    for paragraph in expected.get("paragraphs", []):
        assert paragraph in texts  # whole, in one block
    for start in expected.get("starts", []):
        assert any(text.startswith(start) for text in texts)
    for caption in expected.get("captions", []):
        assert caption in [b.text for b in blocks if b.kind is BlockKind.CAPTION]
    for item in expected.get("list_items", []):
        assert item in [b.text for b in blocks if b.kind is BlockKind.LIST_ITEM]
    for english in expected.get("english", []):
        assert any(b.text.startswith(english) and b.lang == "en" for b in blocks)
    for junk in expected.get("gone", []):
        assert junk not in outline.split("\nARTICLE", 1)[-1]


def test_a_digest_of_news_items_becomes_one_article_per_item(passes):
    document = structured("md_auto_news_digest_2025_12_01_politics_mixed_zh_en.md", passes)
    items = document.articles[1:]
    assert len(items) == 44  # the file says 新闻数量：44条, and has 44 "## N." headings
    first = items[0]
    assert first.title.startswith("1. Beijing promised to 'fight back' over Taiwan leader's US visit")
    assert dict(first.metadata) == {
        "source": "CNN.com - RSS Channel - App International Edition",
        "date": "2023-04-04",
        "url": "https://www.cnn.com/2023/04/04/asia/tsai-ing-wen-taiwan-mccarthy-meeting-analysis-intl-hnk/index.html",
    }
    assert any(article.title.startswith("7. 俄工贸部长") for article in items)
    outline = document_to_outline(document)
    assert "<body" not in outline and "<div" not in outline  # the items' raw HTML dumps are gone
    assert "来源：" not in outline and "**" not in outline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一条 甲。\n第二条 乙。", ["第一条 甲。", "第二条 乙。"]),  # one article per line, as laws are written
        ("坚持稳中求进，\n推动发展。", ["坚持稳中求进，推动发展。"]),  # a wrapped sentence is joined
        ("We will\npursue progress.", ["We will pursue progress."]),  # Latin words keep a space
        ("推动发展。\nWe will pursue progress.", ["推动发展。", "We will pursue progress."]),  # a translation stays apart
        ("（一）研究拟订政策；\n（二）发布报告；", ["（一）研究拟订政策；", "（二）发布报告；"]),
    ],
)
def test_line_breaks_inside_a_paragraph(text, expected):
    assert split_lines(text) == expected


def test_markdown_syntax_never_reaches_the_text():
    blocks = markdown_to_blocks(
        "# 标题\n\n<!-- 注释 -->\n\n坚持**稳中求进**，推进[改革](https://example.org){:target=\"_top\"}。\n\n"
        "![图片](a.jpg)\n\n![救援现场](b.jpg)\n\n| 地区 | 人口 |\n|---|---|\n| 甲 | 1 |\n\n> 引文。\n\n```html\n<div>x</div>\n```\n"
    )
    assert [(b.kind.value, b.text) for b in blocks] == [
        ("heading", "标题"),
        ("paragraph", "坚持稳中求进，推进改革。"),
        ("caption", "救援现场"),
        ("table_row", "地区\t人口"),
        ("table_row", "甲\t1"),
        ("quote", "引文。"),
    ]
    assert blocks[3].attr("header") == "1" and blocks[4].cells == ("甲", "1")


def test_a_transcription_wrapped_in_a_markdown_fence_is_read_as_markdown():
    """An OCR or a model's transcription often arrives as one ```markdown block under a page's own heading."""
    text = "# Meeting Minutes: 2024-09-06\n\n```markdown\n# 宏福苑業主立案法團\n\n## 特別業主大會會議記錄\n\n**地點:** 大埔中華基督教會渣施紀念中學\n\n- 鄭國樑先生\n- 陳凌浚先生\n```\n\n```\n  縮排的代碼照舊。\n```\n"
    blocks = markdown_to_blocks(text)
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.HEADING, "Meeting Minutes: 2024-09-06"),
        (BlockKind.HEADING, "宏福苑業主立案法團"),
        (BlockKind.HEADING, "特別業主大會會議記錄"),
        (BlockKind.PARAGRAPH, "地點: 大埔中華基督教會渣施紀念中學"),
        (BlockKind.LIST_ITEM, "鄭國樑先生"),
        (BlockKind.LIST_ITEM, "陳凌浚先生"),
        (BlockKind.PREFORMATTED, "  縮排的代碼照舊。"),
    ]
    assert blocks[1].line == 4  # lines count in the whole file, inside the fence too


def test_hugo_toml_front_matter_gives_the_metadata(tmp_path):
    path = tmp_path / "post.md"
    path.write_text('+++\ntitle = "国务院常务会议研究部署稳就业工作"\ndate = 2024-05-10T10:00:00+08:00\n+++\n\n国务院总理李强5月10日主持召开国务院常务会议。\n', encoding="utf-8")
    [document], problems = read_document_file(path, "post.md")
    assert (document.metadata["title"], str(document.metadata["date"])[:10]) == ("国务院常务会议研究部署稳就业工作", "2024-05-10")
    assert [block.text for block in document.blocks] == ["国务院总理李强5月10日主持召开国务院常务会议。"]
    assert document.body_first_line == 5 and document.blocks[0].line == 6 and not problems


def test_a_vuepress_laws_navigation_and_attributes_are_not_its_text():
    """A VuePress site's law page (vuepress-theme-hope): a tabs container holding a contents placeholder and
    an index of links to the articles' anchors, headings with attribute lists; none of it is the law."""
    text = ("::: tip 修订信息\n\n（2021年11月5日江门市第十五届人民代表大会常务委员会第五十一次会议通过）\n:::\n\n"
            "::: details 目录\n\n::: tabs\n\n@tab 章节\n\n[[toc]]\n\n@tab 条例\n\n- 第1~20条：\n\n"
            "  [1](#t1)&emsp;[2](#t2)&emsp;[3](#t3)\n\n---\n\n- 第21~41条：\n\n  [21](#t21)&emsp;[22](#t22)\n\n:::\n:::\n\n"
            '### 第一章 总则{align="center"}\n\n**第一条**{#t1} 为了防治扬尘污染，见[第二条](#t2)，制定本条例。\n')
    blocks = markdown_to_blocks(text)
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.PARAGRAPH, "（2021年11月5日江门市第十五届人民代表大会常务委员会第五十一次会议通过）"),
        (BlockKind.HEADING, "第一章 总则"),
        (BlockKind.PARAGRAPH, "第一条 为了防治扬尘污染，见第二条，制定本条例。"),
    ]


def test_front_matter_after_a_blank_line_is_still_the_front_matter(tmp_path):
    """A blog export (Hexo) writes a blank line before the opening ---: its fields are the document's."""
    path = tmp_path / "briefing.md"
    path.write_text("\n---\ntitle: 'GDP预期目标5.5%如何实现？'\nauthor: 新浪财经\ndate: Sat, 05 Mar 2022 07:52:05 GMT\n---\n\n"
                    "3月5日下午，国务院新闻办公室举行吹风会，解读《政府工作报告》有关情况。\n", encoding="utf-8")
    [source], problems = read_document_file(path, "briefing.md")
    assert (source.metadata["title"], source.metadata["author"]) == ("GDP预期目标5.5%如何实现？", "新浪财经")
    assert "title:" not in " ".join(block.text for block in source.blocks)
