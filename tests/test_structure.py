"""The structure stage: headings, articles, headlines, datelines, sections, Markdown."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiedu.clean.fixes import Fix, Fixes
from jiedu.model import Block, BlockKind, Change, CleanedText, SourceDocument
from jiedu.ingest.readers.markdown import markdown_to_blocks
from jiedu.structure import structure_document
from jiedu.structure.articles import choose_headline
from jiedu.structure.items import ItemKind, classify_line
from jiedu.structure.outline import document_to_outline


def source(text: str = "", format: str = "text", metadata: dict | None = None) -> SourceDocument:
    name = "doc.md" if format == "markdown" else "doc.txt"
    return SourceDocument(Path(name), "doc", text, 1, "utf-8", metadata or {}, format)


def structure(text: str, format: str = "text", metadata: dict | None = None, fixes: Fixes = Fixes(), changes=()):
    """Structure already-clean text (one block per line), or Markdown as its reader makes blocks of it."""
    blocks = markdown_to_blocks(text) if format == "markdown" else None
    return structure_document(source(text, format, metadata), CleanedText(text, tuple(changes), blocks), fixes)


def paragraphs(section) -> list[str]:
    return [block.text for block in section.blocks if block.kind is BlockKind.PARAGRAPH]


# --- what a line is ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "number"),
    [
        ("一、2025年和“十四五”时期工作回顾", ItemKind.HEADING, 1),
        ("三、2026年重点工作", ItemKind.HEADING, 3),
        ("（一）立足长治久安，建设更高水平平安西藏", ItemKind.HEADING, 1),
        ("（九）加快推動邊境地區發展", ItemKind.HEADING, 9),
        ("(二)全力以赴穩預期促增長", ItemKind.HEADING, 2),
        ("第十二章 附则", ItemKind.HEADING, 12),
        ("第二分编 所有权", ItemKind.HEADING, 2),  # the Civil Code divides its parts before its chapters
        ("1. 加强党的领导", ItemKind.HEADING, 1),
        ("（3）完善制度", ItemKind.HEADING, 3),
        ("关于政府工作报告的决议", ItemKind.HEADING, None),
        ("關於西藏自治區人民檢察院工作報告的決議", ItemKind.HEADING, None),
        ("一是坚定不移保稳定促和谐。深入开展反分裂斗争。", ItemKind.PARAGRAPH, None),
        ("（一）坚持稳中求进。全面贯彻新发展理念，推动高质量发展。", ItemKind.PARAGRAPH, None),
        ("建设保障性安居工程1.79万套。", ItemKind.PARAGRAPH, None),
        ("2025年极不平凡。", ItemKind.PARAGRAPH, None),
        ("洛桑江村主持", ItemKind.TITLE, None),
        ("——2026年1月31日在西藏自治区第十二届人民代表大会第四次会议上", ItemKind.TITLE, None),
        ("（2024年1月10日西藏自治区第十二届人民代表大会第二次会议通过）", ItemKind.NOTE, None),
        ("本报拉萨1月10日讯（记者 冯骥）10日下午，自治区政府召开全体会议。", ItemKind.DATELINE, None),
        ("新华社北京3月5日电（记者 王菲）十四届全国人大三次会议5日上午开幕。", ItemKind.DATELINE, None),
        ("本报讯 昨日，会议召开。", ItemKind.DATELINE, None),
        ("记者从自治区电力公司获悉，今年新增装机。", ItemKind.PARAGRAPH, None),
        ("各位代表：", ItemKind.PARAGRAPH, None),
    ],
)
def test_line_kinds(line, kind, number):
    item = classify_line(line)
    assert item.kind is kind
    assert item.number == number


# --- headlines and kickers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "overlines", "headline", "subtitles"),
    [
        (["自治区十二届人大二次会议主席团举行第四次会议", "洛桑江村主持"], [], "自治区十二届人大二次会议主席团举行第四次会议", ["洛桑江村主持"]),
        (["严金海在自治区政府全体会议上强调", "锚定目标不折不扣雷厉风行狠抓落实 切实落实好自治区两会精神和政府工作报告部署"],
         ["严金海在自治区政府全体会议上强调"], "锚定目标不折不扣雷厉风行狠抓落实 切实落实好自治区两会精神和政府工作报告部署", []),
        (["热烈祝贺自治区十二届人大二次会议胜利闭幕", "推动西藏长治久安和高质量发展不断取得新成效"],
         ["热烈祝贺自治区十二届人大二次会议胜利闭幕"], "推动西藏长治久安和高质量发展不断取得新成效", []),
        (["2026年西藏自治区政府工作报告", "——2026年1月31日在西藏自治区第十二届人民代表大会第四次会议上", "自治区主席 嘎玛泽登"],
         [], "2026年西藏自治区政府工作报告", ["——2026年1月31日在西藏自治区第十二届人民代表大会第四次会议上", "自治区主席 嘎玛泽登"]),
        (["西藏自治区第十二届人民代表大会第二次会议决议", "（2024年1月10日西藏自治区第十二届人民代表大会第二次会议通过）"],
         [], "西藏自治区第十二届人民代表大会第二次会议决议", ["（2024年1月10日西藏自治区第十二届人民代表大会第二次会议通过）"]),
        (["只有一行标题"], [], "只有一行标题", []),
    ],
)  # fmt: skip
def test_headline_and_kickers(group, overlines, headline, subtitles):
    items = tuple(classify_line(text, i) for i, text in enumerate(group, 1))
    assert choose_headline(items) == (tuple(overlines), headline, tuple(subtitles))


# --- articles and datelines -------------------------------------------------------------------

PAGE = """\
自治区十二届人大二次会议继续分组审议
本报拉萨1月10日讯（记者 王菲）10日上午，代表们继续分组审议政府工作报告。
审议中，代表们认真讨论、踊跃发言。
严金海在自治区政府全体会议上强调
锚定目标狠抓落实
本报拉萨1月10日讯（记者 冯骥）
10日下午，自治区政府召开全体会议。
西藏自治区第十二届人民代表大会第二次会议决议
（2024年1月10日西藏自治区第十二届人民代表大会第二次会议通过）
关于政府工作报告的决议
会议决定批准这个报告。
关于西藏自治区人民检察院工作报告的决议
会议决定批准这个报告。

日月开新元，万象启新篇。
旧岁已展千重锦，明朝更进百尺竿。
推动西藏长治久安和高质量发展不断取得新成效
热烈祝贺自治区十二届人大二次会议胜利闭幕"""


def test_newspaper_page_splits_into_articles():
    document = structure(PAGE)
    assert [a.title for a in document.articles] == [
        "自治区十二届人大二次会议继续分组审议",
        "锚定目标狠抓落实",
        "西藏自治区第十二届人民代表大会第二次会议决议",
        "推动西藏长治久安和高质量发展不断取得新成效",
    ]
    first, second, resolutions, editorial = document.articles
    assert first.dateline == "本报拉萨1月10日讯（记者 王菲）"
    assert paragraphs(first.sections[0]) == ["10日上午，代表们继续分组审议政府工作报告。", "审议中，代表们认真讨论、踊跃发言。"]
    assert second.overlines == ("严金海在自治区政府全体会议上强调",)
    assert second.dateline == "本报拉萨1月10日讯（记者 冯骥）"  # a dateline on its own line
    assert paragraphs(second.sections[0]) == ["10日下午，自治区政府召开全体会议。"]
    assert resolutions.subtitles == ("（2024年1月10日西藏自治区第十二届人民代表大会第二次会议通过）",)
    assert [(s.heading, s.level, s.slug) for s in resolutions.sections] == [
        ("关于政府工作报告的决议", 1, "zheng-fu-gong-zuo-bao-gao"),
        ("关于西藏自治区人民检察院工作报告的决议", 1, "xi-zang-zi-zhi-qu-ren-min-jian-cha-yuan"),
    ]
    assert editorial.subtitles == ("热烈祝贺自治区十二届人大二次会议胜利闭幕",)  # headline printed after the text
    assert paragraphs(editorial.sections[0]) == ["日月开新元，万象启新篇。", "旧岁已展千重锦，明朝更进百尺竿。"]
    assert document.title == "自治区十二届人大二次会议继续分组审议"


def test_text_after_a_break_without_headline_continues_the_article():
    document = structure("标题一行\n本报讯 第一段。\n\n第二段。")
    assert len(document.articles) == 1
    assert paragraphs(document.articles[0].sections[0]) == ["第一段。", "第二段。"]


def test_trailing_titles_of_a_single_report_are_not_a_headline():
    document = structure("第一段。\n第二段。\n国务院\n2024年3月5日")
    assert len(document.articles) == 1
    # the issuer over its date is the report's sign-off, set on two lines: text, like a sign-off on one
    assert [b.kind for b in document.articles[0].sections[0].blocks] == [BlockKind.PARAGRAPH] * 4
    document = structure("第一段。\n第二段。\n附表\n统计口径说明")
    assert len(document.articles) == 1 and [b.kind for b in document.articles[0].sections[0].blocks] == [BlockKind.PARAGRAPH] * 2 + [BlockKind.HEADING] * 2


# --- sections ---------------------------------------------------------------------------------

REPORT = """\
各位代表：
现在，我代表自治区人民政府作报告。
一、工作回顾
2025年极不平凡。
二、重点工作
今年是开局之年。
（一）立足长治久安
坚决维护社会大局稳定。
（二）立足边境建设
强化边境基础设施支撑。
各位代表！我们要全力支持群团机构依法履职。
让我们更加紧密地团结起来！"""


def test_report_sections_nest_and_closing_words_move_up():
    document = structure(REPORT, metadata={"title": "政府工作报告"})
    article = document.articles[0]
    assert article.title == document.title == "政府工作报告"
    intro, review, work = article.sections
    assert (intro.slug, intro.heading, paragraphs(intro)) == ("intro", None, ["各位代表：", "现在，我代表自治区人民政府作报告。"])
    assert (review.slug, review.level) == ("1", 1)
    assert [(s.slug, s.level, s.heading) for s in work.subsections] == [
        ("2-1", 2, "（一）立足长治久安"),
        ("2-2", 2, "（二）立足边境建设"),
        ("2-closing", 2, None),
    ]
    assert paragraphs(work.subsections[1]) == ["强化边境基础设施支撑。"]
    assert paragraphs(work.subsections[2]) == ["各位代表！我们要全力支持群团机构依法履职。", "让我们更加紧密地团结起来！"]


def test_slugs_survive_other_sections_changing():
    before = {s.heading: s.slug for s in structure(REPORT).articles[0].sections}
    edited = REPORT.replace("一、工作回顾\n2025年极不平凡。\n", "一、工作回顾\n新增一段。\n2025年极不平凡。\n")
    after = {s.heading: s.slug for s in structure(edited).articles[0].sections}
    assert before == after


def test_a_list_starting_at_paren_numbers_is_the_top_level():
    document = structure("今年，将重点做好以下工作。\n（一）第一项工作\n内容。\n（二）第二项工作\n内容。")
    assert [(s.slug, s.level) for s in document.articles[0].sections] == [("intro", 1), ("1", 1), ("2", 1)]


def test_untitled_report_is_reported():
    document = structure("第一段。")
    assert document.title == "doc"
    assert [p.message for p in document.problems] == ["no title found: add `title:` to the front matter or a NAME.meta.yaml"]


def test_a_long_first_line_that_ends_in_its_kind_of_document_is_the_title():
    # Taiwan's law database: the regulation's name, then its history, numbered
    title = "公務員轉任受託處理大陸事務機構轉任方式回任年資採計方式職等核敘及其他應遵行事項辦法"
    document = structure(f"{title}\n1.中華民國八十三年四月十一日考試院令訂定發布全文 11 條\n第 1 條\n本辦法依臺灣地區與大陸地區人民關係條例訂定之。")
    assert document.title == title and not document.problems
    # a long first line that is a sentence is not
    assert structure("各地区各部门要认真贯彻落实党中央国务院关于加强和改进新时代市场监管工作的决策部署，确保取得实效。\n正文。").title == "doc"


def test_a_sign_off_after_a_paragraph_closes_that_text_and_heads_nothing():
    document = structure("国务院关于甲的批复\n\n现批复如下：同意。\n国务院一九九九年十月三十一日\n国务院关于乙的通知\n\n各省人民政府：现通知如下。")
    titles = [article.title for article in document.articles]
    assert "国务院一九九九年十月三十一日" not in titles
    assert "¶ 国务院一九九九年十月三十一日\n" in document_to_outline(document)
    # under a headline, issuer and date are its byline
    report = structure("政府工作报告\n海南省省长 沈晓明 2020年01月22日\n\n各位代表：")
    assert (report.title, report.articles[0].subtitles) == ("政府工作报告", ("海南省省长 沈晓明 2020年01月22日",))


def test_a_byline_set_off_by_a_blank_line_under_the_headline_is_its_byline():
    report = structure("政府工作报告\n（在市第十一届人民代表大会第四次会议上）\n\n市长 孙国强\n\n各位代表：\n\n现在，我代表市人民政府作报告。")
    assert report.articles[0].subtitles == ("（在市第十一届人民代表大会第四次会议上）", "市长 孙国强")
    assert paragraphs(report.articles[0].sections[0]) == ["各位代表：", "现在，我代表市人民政府作报告。"]
    # a title line that is no byline stays where it was
    other = structure("政府工作报告\n\n加快发展\n\n各位代表：")
    assert other.articles[0].subtitles == ()


def test_a_law_from_taiwans_database_has_its_spaced_chapters_as_sections_and_its_history_in_its_head():
    law = structure(
        "中華民國憲法\n1.中華民國三十六年一月一日國民政府令公布\n中華民國三十六年十二月二十五日施行\n"
        "第 一 章 總綱\n第 1 條\n中華民國基於三民主義，為民有民治民享之民主共和國。\n"
        "第 二 章 人民之權利義務\n第 一 節 通則\n第 7 條\n中華民國人民，在法律上一律平等。"
    )
    assert law.title == "中華民國憲法"
    assert law.articles[0].subtitles[0] == "1.中華民國三十六年一月一日國民政府令公布"  # a step of its history, not a heading
    assert [section.heading for section in law.articles[0].sections] == ["第 一 章 總綱", "第 二 章 人民之權利義務"]
    assert [sub.heading for sub in law.articles[0].sections[1].subsections] == ["第 一 節 通則"]


def test_an_untitled_documents_file_name_is_read_as_words():
    untitled = SourceDocument(Path("npc_2025_resolution-on-report.txt"), "npc-2025", "第一段。", 1, "utf-8", {}, "text")
    document = structure_document(untitled, CleanedText("第一段。", ()))
    assert document.title == "npc 2025 resolution on report"
    assert len(document.problems) == 1 and "no title found" in document.problems[0].message


def test_an_untitled_dataset_row_is_titled_by_its_first_words_and_reported():
    row = SourceDocument(Path("speeches.csv"), "speeches-row-2", "", 1, "utf-8", {}, "dataset", (Block(BlockKind.PARAGRAPH, "同志们：今天我们召开座谈会，研究部署工作。"),), part="row 2")
    document = structure_document(row, CleanedText("", (), row.blocks))
    assert document.title == "同志们：今天我们召开座谈会，研究部署工作…"
    assert [p.message for p in document.problems] == ["row 2: no title found, so its first words stand in for one: add a title column or name it in site.toml [readers.dataset]"]


@pytest.mark.parametrize("paragraphs, title", [
    (("同志们：", "这次会议的主要任务是，分析当前形势，部署工作。"), "同志们：这次会议的主要任务是，分析当前形…"),
    (("各位代表：", "现在，我代表国务院，向大会报告政府工作。"), "各位代表：现在，我代表国务院，向大会报告…"),
    (("回信北京科技大学全体巴基斯坦留学生：", "你们好！来信收悉。"), "回信北京科技大学全体巴基斯坦留学生：你们…"),
    (("短讯。",), "短讯。"),
])
def test_an_untitled_dataset_rows_stand_in_title_runs_on_past_a_short_first_paragraph(paragraphs, title):
    """A speech's first paragraph is often only its address: on its own it would title every such row alike."""
    blocks = tuple(Block(BlockKind.PARAGRAPH, text) for text in paragraphs)
    row = SourceDocument(Path("speeches.csv"), "speeches-row-5", "", 1, "utf-8", {}, "dataset", blocks, part="row 5")
    assert structure_document(row, CleanedText("", (), row.blocks)).title == title


def test_a_title_printed_in_body_type_under_a_label_heads_the_document():
    """Word files and datasets often print the title as an ordinary line, under a label such as 附件1."""
    document = structure("附件1\n2022年通过认证的专业名单\n名单如下。")  # plain text: the label is printed above the title
    assert (document.title, document.articles[0].overlines) == ("2022年通过认证的专业名单", ("附件1",)) and not document.problems
    document = structure("附件1\n\n2022年通过认证的专业名单\n\n名单如下。", format="markdown")  # a block document: the line is its title
    assert document.title == "2022年通过认证的专业名单" and not document.problems
    assert [b.text for b in document.articles[0].sections[0].blocks] == ["附件1", "名单如下。"]


def test_metadata_lines_moved_by_the_cleaner_reach_the_document():
    moved = (Change("drop_boilerplate", 2, "来源：西藏日报", "", "metadata: moved to metadata"),)
    document = structure("标题\n正文。", metadata={"title": "标题"}, changes=moved)
    assert document.source.metadata == {"source": "西藏日报", "title": "标题"}
    overridden = structure("标题\n正文。", metadata={"source": "人民日报"}, changes=moved)
    assert overridden.source.metadata["source"] == "人民日报"  # front matter wins


# --- hand fixes in the structure ----------------------------------------------------------------


def test_heading_and_paragraph_fixes():
    fixes = Fixes("fixes/doc.toml", (
        Fix("heading", 4, text="坚持稳中求进", level=2),
        Fix("paragraph", 8, text="1. 这不是标题"),
        Fix("heading", 12, text="不存在的一行", level=1),
    ))  # fmt: skip
    document = structure("一、总体要求\n坚持稳中求进\n内容。\n1. 这不是标题\n二、重点工作", fixes=fixes)
    first, second = document.articles[0].sections
    assert [(s.heading, s.level) for s in first.subsections] == [("坚持稳中求进", 2)]
    assert paragraphs(first.subsections[0]) == ["内容。", "1. 这不是标题"]
    assert [(p.path, p.line) for p in document.problems if "matched no line" in p.message] == [("fixes/doc.toml", 12)]
    assert [c.note for c in document.changes] == ["fixes/doc.toml:4 heading level 2", "fixes/doc.toml:8 paragraph"]


# --- Markdown ---------------------------------------------------------------------------------

MARKDOWN = """\
# 关于2025年政府工作报告的决议

第十四届全国人民代表大会第三次会议听取和审议了
[政府工作报告](https://example.org)。

## 一、总体要求

- 坚持*稳中求进*
- 扩大内需

1. 第一项
2. 第二项

> 引用的一段。

<script>alert(1)</script>

### （一）具体任务

内容 with English
words here。
"""


def test_markdown_headings_become_sections():
    document = structure(MARKDOWN, format="markdown")
    article = document.articles[0]
    assert article.title == document.title == "关于2025年政府工作报告的决议"
    intro, part = article.sections
    assert paragraphs(intro) == ["第十四届全国人民代表大会第三次会议听取和审议了政府工作报告。"]
    assert (part.slug, part.heading, part.level) == ("1", "一、总体要求", 1)
    kinds = [(block.kind.value, block.text) for block in part.blocks]
    assert kinds == [("list_item", "坚持稳中求进"), ("list_item", "扩大内需"), ("list_item", "1. 第一项"), ("list_item", "2. 第二项"), ("quote", "引用的一段。")]
    assert [(s.slug, s.heading, s.level) for s in part.subsections] == [("1-1", "（一）具体任务", 2)]
    assert paragraphs(part.subsections[0]) == ["内容 with English words here。"]
    assert "alert" not in document_to_outline(document)  # raw HTML is read for its text; a script has none


def test_markdown_without_a_single_title_heading():
    document = structure("## 第一部分\n\n正文。\n\n## 第二部分\n\n正文。", format="markdown", metadata={"title": "题"})
    assert document.title == "题"
    assert [s.heading for s in document.articles[0].sections] == ["第一部分", "第二部分"]


def test_outline_shows_every_part():
    outline = document_to_outline(structure(PAGE))
    assert "  overline: 严金海在自治区政府全体会议上强调" in outline
    assert "  dateline: 本报拉萨1月10日讯（记者 王菲）" in outline
    assert "    ¶ 会议决定批准这个报告。" in outline


def test_block_kinds_for_minor_headings():
    document = structure("一、总体要求\n坚持稳中求进\n内容。", metadata={"title": "t"})
    assert document.articles[0].sections[0].blocks == (Block(BlockKind.HEADING, "坚持稳中求进"), Block(BlockKind.PARAGRAPH, "内容。"))


# --- nothing is lost ----------------------------------------------------------------------------

LINES = st.sampled_from([
    "一、总体要求", "（一）具体任务", "（二）第二项", "1. 小项", "第一章 总则", "关于政府工作报告的决议",
    "洛桑江村主持", "严金海在会议上强调", "热烈祝贺大会胜利闭幕", "推动高质量发展", "——2024年1月在大会上",
    "（2024年1月10日大会通过）", "本报拉萨1月10日讯（记者 王菲）10日，会议召开。", "本报讯（记者 王菲）",
    "会议充分肯定政府工作。", "各位代表：", "我们要团结奋斗。", "让我们更加紧密地团结起来！", "没有句号的段落",
    "", "",
])  # fmt: skip


def document_texts(document, lines: list[str]) -> list[str]:
    """Every piece of text the Document holds, except titles made up for untitled articles.

    A title equal to the start of its article's opening was made up from it,
    unless the input holds that line more often than the document's blocks do
    (a real headline that a paragraph repeats word for word).
    """
    found = []

    def walk(section):
        found.extend([section.heading] if section.heading is not None else [])
        found.extend(block.text for block in section.blocks)
        for subsection in section.subsections:
            walk(subsection)

    possibly_made_up = []
    for article in document.articles:
        first = article.sections[0] if article.sections else None
        opening = (first.heading or (first.blocks[0].text if first.blocks else "")) if first else ""
        opening = (article.dateline or "") + opening
        if article.title in lines and opening.startswith(article.title.removesuffix("…")):
            possibly_made_up.append(article.title)
        elif article.title in lines:
            found.append(article.title)
        found.extend(article.overlines + article.subtitles)
        found.extend([article.dateline] if article.dateline else [])
        for section in article.sections:
            walk(section)
    for title in possibly_made_up:
        if lines.count(title) > found.count(title):
            found.append(title)
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=25))
def test_every_cleaned_line_is_somewhere_in_the_document(lines):
    text = "\n".join(lines).strip("\n")
    document = structure(text, metadata={"title": "题"})
    found = document_texts(document, lines)
    assert Counter(text.replace("\n", "").replace(" ", "")) == Counter("".join(found).replace(" ", ""))


# --- list items, table cells and other languages ----------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("（三）法律、行政法规有特别规定的。", ItemKind.PARAGRAPH),  # a law's list item ends a sentence
        ("1. 依照本法规定应当予以处罚的；", ItemKind.PARAGRAPH),
        ("（一）坚持党的全面领导！”", ItemKind.PARAGRAPH),
        ("（三）法律、行政法规有特别规定的", ItemKind.HEADING),  # no stop: still a heading
        ("63.5", ItemKind.PARAGRAPH),  # a table cell is no title
        ("(7月）", ItemKind.PARAGRAPH),
        ("20. 1", ItemKind.PARAGRAPH),  # an OCR'd cell is no item 20
        ("第三节地温和冻土", ItemKind.HEADING),
    ],
)
def test_list_items_and_cells_are_not_headings(line, kind):
    assert classify_line(line).kind is kind


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Xi Jinping awarded Nguyen Phu Trong the Friendship Medal.", "en"),
        ("the Medal of the Republic", "en"),
        ("the CPC Central Committee（中共中央）", "en"),  # an English line with its Chinese gloss
        ("“友谊勋章”代表了中国共产党和中国人民的友好感情。", "zh"),
        ("习近平会见Antony Blinken时指出，中美关系很重要。", "zh"),  # a Chinese line with a name
        ("GDP增长5.2%", "zh"),
        ("CPTPP", "en"),
        ("2024-01-10", None),
        ("", None),
    ],
)
def test_text_language(text, language):
    from jiedu.charclass import is_latin_paragraph, text_language

    assert text_language(text) == language
    assert is_latin_paragraph(text) == (language == "en" and len(text.split()) >= 3)


def test_constitution_outline_without_its_contents():
    from jiedu.clean import build_cleaning_passes, build_cleaning_resources, clean_text

    path = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "formats" / "txt_constitution_2018_named_gbk_but_utf8_crlf.txt"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    text = path.read_text(encoding="utf-8")
    document = structure_document(source(text), clean_text(text, build_cleaning_passes(build_cleaning_resources())))
    assert document.title == "中华人民共和国宪法"
    assert len(document.articles) == 1
    headings = [s.heading for s in document.articles[0].sections]
    assert headings == [None, "第一章 总纲", "第二章 公民的基本权利和义务", "第三章 国家机构", "第四章 国旗、国歌、国徽、首都"]
    state = document.articles[0].sections[3]
    assert [s.heading for s in state.subsections][:2] == ["第一节 全国人民代表大会", "第二节 中华人民共和国主席"]
    assert not state.subsections[0].subsections  # （一）修改宪法； … are list items, not sections


# --- a plain-text digest of news items -----------------------------------------------------------

FEED_DUMP = """\
政府公布大埔火災援助措施
原始網址：https://news.example.hk/a/1001
發佈時間：2025-11-27 18:30
政府今日公布一系列援助措施，協助受火災影響的居民。
消防處完成搜救工作
原始網址：https://news.example.hk/a/1002
發佈時間：2025-11-28 09:15
消防處表示，已完成七座大廈的搜救工作。
"""


def test_a_plain_text_digest_becomes_one_article_per_item_with_its_fields():
    from jiedu.clean import build_cleaning_passes, build_cleaning_resources, clean_text

    cleaned = clean_text(FEED_DUMP, build_cleaning_passes(build_cleaning_resources()))
    document = structure_document(source(FEED_DUMP, metadata={"title": "新聞"}), cleaned)
    assert [(a.title, dict(a.metadata)) for a in document.articles] == [
        ("政府公布大埔火災援助措施", {"url": "https://news.example.hk/a/1001", "date": "2025-11-27"}),
        ("消防處完成搜救工作", {"url": "https://news.example.hk/a/1002", "date": "2025-11-28"}),
    ]
    assert "原始網址" not in document_to_outline(document).split("ARTICLE", 1)[1]


def test_opening_headings_in_the_title_type_are_the_title_and_its_subtitle():
    """A PDF sets a plan's name and its edition line in the same type above its sections: title and subtitle, not two sections."""
    document = structure("# 新型冠状病毒感染诊疗方案\n\n# （试行第十版）\n\n为进一步做好诊疗工作，制定本方案。\n\n## 一、病原学特点\n\n内容。", format="markdown")
    article = document.articles[0]
    assert (document.title, article.subtitles) == ("新型冠状病毒感染诊疗方案", ("（试行第十版）",))
    assert [s.heading for s in article.sections] == [None, "一、病原学特点"]


def test_a_title_given_in_front_matter_and_printed_in_the_text_is_one_title():
    """Front matter keeps the author's spelling (a full-width space), the cleaned text another: the page prints the title once."""
    document = structure("# 王桂壎漏報持中移動股票 辭任通訊局主席\n\n正文。", format="markdown", metadata={"title": "王桂壎漏報持中移動股票\u3000辭任通訊局主席"})
    assert document.title == document.articles[0].title == "王桂壎漏報持中移動股票\u3000辭任通訊局主席"


# --- crossheads in documents read as blocks -----------------------------------------------------

BODY_ONE = "记者今天了解到，由国家发展改革委建立的全国融资信用服务平台正式发布，实现银企快速有效对接。"
BODY_TWO = "商务部等10部门近期联合印发《关于提升加工贸易发展水平的意见》，从多个方面提出具体举措。"


def minor_headings(document) -> list[str]:
    return [block.text for article in document.articles for section in article.sections for block in section.blocks if block.kind is BlockKind.HEADING]


@pytest.mark.parametrize(
    ("between", "crossheads"),
    [
        (["**10部门进一步提升加工贸易发展水平**"], ["10部门进一步提升加工贸易发展水平"]),  # a story's title in a news digest
        (["2024年工作回顾"], ["2024年工作回顾"]),  # a part of a work report, unnumbered
        (["3 文化教育", "艺术家和运动员"], ["3 文化教育", "艺术家和运动员"]),  # a crosshead and the one under it
        (["习近平", "2020年1月18日"], []),  # a letter's sign-off
        (["A．地域性 国际性 B．实践性 理论性"], []),  # an exam's choices
        (["直接选举的议员 12人"], []),  # a label and its figure
        (["大公報記者 陸九如"], []),  # a credit
        (["表1 2022年年末常住人口数及其构成"], []),  # a table's title
        (["——"], []),
        (["教育", "卫生", "文化"], []),  # a run of three short lines is a list
    ],
)
def test_a_short_line_between_paragraphs_of_a_block_document_is_a_crosshead(between, crossheads):
    text = "\n\n".join(["# 标题", BODY_ONE, *between, BODY_TWO])
    document = structure(text, format="markdown")
    assert minor_headings(document) == crossheads
    assert [block.text for article in document.articles for section in article.sections for block in section.blocks][:1] == [BODY_ONE]


def test_a_crosshead_may_introduce_a_paragraph_that_ends_in_a_colon():
    after = "2019年，全市地区生产总值增长7.5%左右，城乡居民收入增长8.5%左右。我们将重点抓好以下工作："
    assert minor_headings(structure(f"# 标题\n\n{BODY_ONE}\n\n**2019年工作安排**\n\n{after}", format="markdown")) == ["2019年工作安排"]


def test_no_crosshead_without_a_sentence_before_it_or_body_text_after_it():
    assert minor_headings(structure("# 标题\n\n央视网消息\n\n元旦假期日均172.6万人次出入境\n\n" + BODY_TWO, format="markdown")) == []
    assert minor_headings(structure(f"# 标题\n\n{BODY_ONE}\n\n全国一体化算力网加快构建\n\n短句。", format="markdown")) == []


@pytest.mark.parametrize("name", ["序 言", "前　言", "名词解释"])
def test_a_part_name_over_body_text_heads_it_whatever_comes_before(name):
    """A law's 序 言 follows the note of its history, which ends in a bracket; a report's 名词解释 may
    open the text under the title. Set alone over body text, it is a minor heading all the same."""
    history = "（1982年12月4日第五届全国人民代表大会第五次会议通过　1982年12月4日全国人民代表大会公告公布施行）"
    for before in ([history], []):
        text = "\n\n".join(["# 中华人民共和国宪法", *before, name, BODY_ONE])
        assert minor_headings(structure(text, format="markdown")) == [name]
    assert minor_headings(structure("\n\n".join(["# 中华人民共和国宪法", history, "国家机构", BODY_ONE]), format="markdown")) == []


def test_a_named_heading_that_opens_an_untitled_document_heads_it_once():
    document = structure(f"## 行政院第3032次會議院長提示暨院會決定決議事項\n\n{BODY_ONE}\n\n## 報告事項\n\n{BODY_TWO}", format="markdown")
    assert document.title == "行政院第3032次會議院長提示暨院會決定決議事項"
    headings = [section.heading for article in document.articles for section in article.sections]
    assert document.title not in headings


def test_a_named_heading_further_down_still_titles_an_untitled_document():
    document = structure(f"{BODY_ONE}\n\n## 2024年工作回顾\n\n{BODY_TWO}", format="markdown")
    assert document.title == "2024年工作回顾" and "2024年工作回顾" in [section.heading for section in document.articles[0].sections]


@pytest.mark.parametrize(
    ("given", "printed_is_title"),
    [
        ("2005年", True),  # a crawler's link text: the printed title holds it, and more
        ("统计公报", True),
        ("国家统计局公报：2005年度", False),  # not held by the printed title: the given one stands
        ("中华人民共和国2005年国民经济和社会发展统计公报", True),  # the same: printed once
    ],
)
def test_a_printed_title_that_holds_the_given_one_and_more_is_the_title(given, printed_is_title):
    printed = "中华人民共和国2005年国民经济和社会发展统计公报"
    document = structure(f"**{printed}**\n\n中华人民共和国国家统计局\n\n{BODY_ONE}", format="markdown", metadata={"title": given})
    assert document.title == (printed if printed_is_title else given)
    shown = [block.text for section in document.articles[0].sections for block in section.blocks]
    assert (printed in shown) is not printed_is_title


def test_a_numbered_figure_or_table_title_set_as_a_paragraph_is_a_caption():
    text = f"# 公报\n\n{BODY_ONE}\n\n**表1 2005年居民消费价格比上年上涨情况**\n\n单位：%\n\n图2 “十五”时期粮食产量\n\n图1显示，产量持续增长。"
    blocks = [block for section in structure(text, format="markdown").articles[0].sections for block in section.blocks]
    assert [(block.kind, block.text) for block in blocks if block.kind is BlockKind.CAPTION] == [
        (BlockKind.CAPTION, "表1 2005年居民消费价格比上年上涨情况"), (BlockKind.CAPTION, "图2 “十五”时期粮食产量")]
    assert blocks[-1].kind is BlockKind.PARAGRAPH


def test_a_table_drawn_with_box_drawing_lines_is_one_preformatted_block():
    table = ["┌───┬─┬─┐", "│復審人│臺│新│", "│住居地│北│北│", "├───┼─┼─┤", "│臺北市│○│二│", "└───┴─┴─┘"]
    text = "\n".join(["第 2 條", "復審人住居於臺灣地區者，其在途期間如下表：", *("    " + line for line in table), "第 3 條", "本辦法自發布日施行。"])
    document = structure(text)
    blocks = [block for section in document.articles[0].sections for block in section.blocks]
    drawn = [block for block in blocks if block.kind is BlockKind.PREFORMATTED]
    assert [block.text for block in drawn] == ["\n".join(table)]
    assert not any(block.kind is BlockKind.HEADING and "│" in block.text for block in blocks)


# --- numbered lines told by their neighbours ------------------------------------------------------


def section_headings(document) -> list[str]:
    def walk(sections):
        return [h for section in sections for h in ([section.heading] if section.heading else []) + walk(section.subsections)]

    return walk(document.articles[0].sections)


def test_a_courts_holding_heads_its_reasoning_however_long():
    """Numbered, several clauses long, with a semicolon and no full stop, over the paragraphs that reason it."""
    holding = "二、88年系爭規定之刑度，未違反比例原則；102年系爭規定之刑度，於情節輕微個案構成顯然過苛之處罰部分，與比例原則有違"
    document = structure(f"解釋文\n{holding}\n人民身體之自由應予保障，憲法第8條定有明文。限制人身自由之刑罰，應符合比例原則。")
    assert section_headings(document) == [holding]


def test_an_item_that_lost_its_full_stop_stays_an_item():
    document = structure("各項如下：\n一、第二項規定，得併科罰金；第三項規定，應予刪除\n二、第四項規定，維持不變；第五項規定，另行研議\n以上各項，自公布日施行。")
    assert section_headings(document) == []


def test_a_summary_entry_shaped_like_a_heading_does_not_hold_the_entries_after_it():
    """Xinwen Lianbo's summaries print 14.国内联播快讯： over entries of its own, between entries that end in ；."""
    document = structure(
        "# 《新闻联播》（20250925）\n\n## 新闻摘要\n\n13.各地各部门全力应对台风“桦加沙”；\n\n14.国内联播快讯：\n\n（1）第四届全球数字贸易博览会今天开幕；\n\n"
        "（2）数字人民币国际运营中心在上海正式运营；\n\n15.德副总理称欧盟国际地位不断下降；",
        format="markdown",
    )
    section = document.articles[0].sections[0]
    assert section_headings(document) == ["新闻摘要"] and not section.subsections
    assert "14.国内联播快讯：" in paragraphs(section) and "15.德副总理称欧盟国际地位不断下降；" in paragraphs(section)


def test_a_heading_run_into_its_paragraph_with_a_space_opens_its_section():
    from jiedu.clean.join_wrapped_lines import join_wrapped_lines

    text, _ = join_wrapped_lines(
        "一、2011年工作回顾 过去的一年，在党中央的坚强领导下，全区经济平稳较快发展，社会事业全面进步，人民生活持续改善。"
        "我们着力抓好了以下工作，取得了显著成效，为今后发展打下了坚实基础，各项工作迈上了新台阶。\n"
        "二、2012年主要任务 今年是实施“十二五”规划承上启下的重要一年，做好今年的工作意义重大。"
        "我们要坚持稳中求进的工作总基调，突出重点，狠抓落实，确保完成全年目标任务，推动经济社会又好又快发展。"
    )
    assert section_headings(structure(text)) == ["一、2011年工作回顾", "二、2012年主要任务"]


# --- tables flattened into lines ------------------------------------------------------------------


def table_rows(document) -> list[tuple[str, ...]]:
    return [block.cells for article in document.articles for section in article.sections for block in section.blocks if block.kind is BlockKind.TABLE_ROW]


def test_a_statistics_tables_rows_printed_as_list_entries_are_table_rows_again():
    """A crawler turned each row into a list entry, its cells run together with spaces."""
    document = structure(
        "表2 2006年主要农产品产量\n\n单位：万吨\n\n- 产品名称 产 量 比上年增长%\n- 粮 食 49746 2.8\n- 其中：夏 粮 11381 7.0\n"
        "- 油 料 3062 -0.5\n- 原 油 亿吨 1.85 1.7\n\n全年粮食产量49746万吨，比上年增产2.8%。",
        format="markdown",
    )
    assert table_rows(document) == [("粮食", "49746", "2.8"), ("其中：夏粮", "11381", "7.0"), ("油料", "3062", "-0.5"), ("原油", "亿吨", "1.85", "1.7")]
    kept = [block.text for block in document.articles[0].sections[0].blocks if block.kind is BlockKind.LIST_ITEM]
    assert kept == ["产品名称 产 量 比上年增长%"]  # a header's columns cannot be told apart


def test_two_lines_with_figures_or_a_numbered_list_are_not_a_table():
    assert table_rows(structure("- 东部地区 40242 24.8\n- 中部地区 15126 30.2\n\n正文。", format="markdown")) == []
    assert table_rows(structure("1. 北京 12\n2. 上海 15\n3. 广州 9\n", format="markdown")) == []


# --- a report's cover page ------------------------------------------------------------------------


def test_a_reports_cover_lines_are_its_header_and_its_chapters_its_sections():
    """A PDF's cover sets the title on two lines and its authors' lines in heading type above 第一章."""
    document = structure(
        "# 改進竹棚架安全性及可靠性\n\n# 的工程分析\n\n## 總結報告書\n\n### 呈交\n\n### 張志成博士\n\n### 香港科技大學土木工程系\n\n"
        "### 第一章：引言\n\n竹棚架在香港是一種流行的臨時性結構。\n\n### 第二章：竹的物料特性\n\n在香港慣用的竹棚架材料有三種。",
        format="markdown",
    )
    article = document.articles[0]
    assert article.title == "改進竹棚架安全性及可靠性的工程分析"
    assert article.subtitles == ("總結報告書", "呈交", "張志成博士", "香港科技大學土木工程系")
    assert section_headings(document) == ["第一章：引言", "第二章：竹的物料特性"]


def test_two_unnumbered_headings_over_the_first_chapter_stay_sections():
    document = structure("# 某某报告\n\n## 前言\n\n## 说明\n\n## 第一章 总则\n\n正文。", format="markdown")
    assert section_headings(document) == ["前言", "说明", "第一章 总则"]


def test_a_run_of_empty_numbered_headings_is_a_list():
    """A reform plan lists the ministries it keeps: short numbered lines, nothing under each."""
    document = structure(
        "国务院机构改革方案\n二、改革后国务院组成部门\n1．中华人民共和国外交部\n2．中华人民共和国国防部\n3．中华人民共和国教育部\n"
        "三、关于机构改革的实施\n各部门要认真贯彻落实。"
    )
    assert section_headings(document) == ["二、改革后国务院组成部门", "三、关于机构改革的实施"]
    assert paragraphs(document.articles[0].sections[0]) == ["1．中华人民共和国外交部", "2．中华人民共和国国防部", "3．中华人民共和国教育部"]


def test_a_crawlers_labels_whose_text_the_cleaning_took_go_and_a_kicker_or_a_lone_heading_stays():
    """A news digest's crawler heads each item's source link ### HTML格式; the cleaning made the link the
    item's field, so the label heads nothing. 本报讯 over each headline never headed text of its own."""
    def digest(with_links: bool) -> str:
        return "# 新闻摘要\n\n" + "\n\n".join(
            f"### 本报讯\n\n## {n}. 第{n}条新闻\n\n正文第{n}条。\n\n### HTML格式\n\n" + ("原文链接：https://example.org\n\n" if with_links else "")
            + f"### 视频新闻{n}" for n in (1, 2)
        )
    read, cleaned = digest(with_links=True), digest(with_links=False)
    source = SourceDocument(Path("doc.md"), "doc", read, 1, "utf-8", {}, "markdown", blocks=markdown_to_blocks(read))
    document = structure_document(source, CleanedText(cleaned, (), markdown_to_blocks(cleaned)))
    assert section_headings(document) == ["本报讯", "1. 第1条新闻", "视频新闻1", "本报讯", "2. 第2条新闻", "视频新闻2"]


def test_a_printed_title_that_spells_the_metadatas_year_in_chinese_digits_heads_the_document():
    document = structure(
        "**中华人民共和国国家统计局关于一九八二年国民经济和社会发展计划执行结果的公报**\n\n1983年4月29日\n\n一九八二年，我国各族人民继续贯彻执行调整方针。",
        format="markdown", metadata={"title": "1982年"},
    )
    assert document.title == "中华人民共和国国家统计局关于一九八二年国民经济和社会发展计划执行结果的公报"


@pytest.mark.parametrize("mark", ["", "[1]"])
def test_a_printed_title_set_on_two_lines_heads_the_document_as_one(mark):
    """The note's mark after it ([1]: the note on the data is at the end) is no part of the title."""
    document = structure(
        f"**中华人民共和国**\n\n**2004年国民经济和社会发展统计公报{mark}**\n\n中华人民共和国国家统计局\n\n2004年，全国各族人民在党中央的正确领导下，国民经济保持平稳较快发展。",
        format="markdown", metadata={"title": "2004年"},
    )
    assert document.title == "中华人民共和国2004年国民经济和社会发展统计公报"
    assert "中华人民共和国" not in paragraphs(document.articles[0].sections[0])


def test_every_step_of_a_taiwan_laws_history_goes_in_its_head():
    """Steps with a semicolon (…全文 11 條；並自發布日施行) are steps too, not the law's first paragraphs."""
    law = structure(
        "公司購置節約能源設備適用投資抵減辦法\n1.中華民國八十四年八月三十日行政院（84）台財字第 31740 號令訂定發布全文 11 條；並自發布日施行\n"
        "2.中華民國八十六年七月九日行政院（86）台財字第 27797 號令修正發布第 6、9 條條文\n第 1 條\n本辦法依促進產業升級條例第六條規定訂定之。"
    )
    assert len(law.articles[0].subtitles) == 2 and law.articles[0].subtitles[0].endswith("並自發布日施行")


def test_a_report_that_prints_only_its_occasion_and_speaker_is_titled_by_its_metadata():
    document = structure(
        "——2024年2月27日在南宁市第十五届人民代表大会第五次会议上\n市长 侯刚\n各位代表：\n现在，我代表市人民政府，向大会报告政府工作，请予审议。",
        metadata={"title": "政府工作报告"},
    )
    article = document.articles[0]
    assert (article.title, article.subtitles) == ("政府工作报告", ("——2024年2月27日在南宁市第十五届人民代表大会第五次会议上", "市长 侯刚"))


def test_a_reports_unnumbered_parts_head_its_numbered_sections():
    document = structure(
        "政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n过去五年工作回顾\n五年来，全市经济社会发展取得显著成就。\n"
        "今后五年及2012年工作建议\n（一）以结构调整为主线，进一步壮大工业经济综合实力\n工业是全市经济的主体。\n"
        "（二）以现代农业建设为基础，进一步促进农民持续增收\n农业是基础。\n加强政府自身建设\n我们要建设人民满意的政府。"
    )
    sections = document.articles[0].sections
    assert [s.heading for s in sections[1:]] == ["过去五年工作回顾", "今后五年及2012年工作建议", "加强政府自身建设"]
    assert [s.heading for s in sections[2].subsections] == ["（一）以结构调整为主线，进一步壮大工业经济综合实力", "（二）以现代农业建设为基础，进一步促进农民持续增收"]


def test_a_crosshead_inside_a_numbered_part_stays_a_minor_heading():
    document = structure(
        "一、工作回顾\n一年来成绩显著。\n经济发展\n经济保持平稳较快增长。\n社会事业\n社会事业全面进步。\n二、今年工作\n今年要稳中求进。"
    )
    assert section_headings(document) == ["一、工作回顾", "二、今年工作"]


def test_a_summary_entrys_label_and_its_text_split_at_the_colon_are_one_entry():
    document = structure(
        "# 《新闻联播》（20220709）\n\n## 新闻摘要\n\n4.习近平会见外宾；\n\n5.奋进新征程 建功新时代·大美边疆行：\n\n（1）云南：\n\n强边富民兴产业；\n\n"
        "（2）广西：\n\n襟山连海促开放；\n\n6.上半年居民消费价格运行总体平稳；\n\n7.国家卫生健康委通报最新疫情；",
        format="markdown",
    )
    section = document.articles[0].sections[0]
    assert section_headings(document) == ["新闻摘要"]
    assert "（1）云南：强边富民兴产业；" in paragraphs(section) and paragraphs(section)[-1] == "7.国家卫生健康委通报最新疫情；"


# --- real pipeline (reader, cleaning, structure) on small block documents ---


@pytest.fixture(scope="module")
def read_clean_structure(tmp_path_factory):
    from jiedu.clean import build_cleaning_passes, build_cleaning_resources, clean_document
    from jiedu.ingest.files import read_document_file

    passes = build_cleaning_passes(build_cleaning_resources())
    folder = tmp_path_factory.mktemp("docs")

    def run(name: str, text: str):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        [document], _ = read_document_file(path, name)
        return structure_document(document, clean_document(document, passes))

    return run


def test_a_title_set_on_two_lines_as_issuer_and_subject_is_one_title(read_clean_structure):
    document = read_clean_structure("notice.md", "南昌海关\n\n2023年度拟录用公务员公示公告\n\n根据有关要求，经过笔试、面试等程序，现予以公示。\n")
    assert document.title == "南昌海关2023年度拟录用公务员公示公告"
    assert [b.text for b in document.articles[0].sections[0].blocks] == ["根据有关要求，经过笔试、面试等程序，现予以公示。"]


def test_articles_and_a_chapter_run_into_a_paragraph_are_cut_out_and_the_chapter_ranks_with_its_peers(read_clean_structure):
    """A converter glued a law's article and chapter heading to the paragraph before; the chapter is a chapter."""
    law = (
        "# 中华人民共和国仲裁法\n\n## 第一章 总 则\n\n第一条 为保证公正、及时地仲裁经济纠纷，制定本法。\n\n"
        "第二条 合同纠纷和其他财产权益纠纷，可以仲裁。第三条 下列纠纷不能仲裁：\n\n"
        "（一）婚姻、收养、监护、扶养、继承纠纷；\n\n（二）依法应当由行政机关处理的行政争议。\n\n"
        "第四条 当事人采用仲裁方式解决纠纷，应当双方自愿。第二章 仲裁协议\n\n第五条 仲裁协议包括合同中订立的仲裁条款。\n\n"
        "## 第三章 仲裁程序\n\n第六条 当事人申请仲裁应当符合下列条件。\n"
    )
    article = read_clean_structure("law.md", law).articles[0]
    chapters = [(section.heading, section.level) for section in article.sections if section.heading]
    assert chapters == [("第一章 总 则", 1), ("第二章 仲裁协议", 1), ("第三章 仲裁程序", 1)]
    first = [b.text for b in article.sections[0].blocks]
    assert "第三条 下列纠纷不能仲裁：" in first and "第二条 合同纠纷和其他财产权益纠纷，可以仲裁。" in first


def test_a_news_photos_caption_and_credit_are_captions(read_clean_structure):
    document = read_clean_structure("news.md", "# 物資站清場\n\n市民自發送出物資，收集後送到平台，再由義工向災民發放。\n\n義工收拾物資。（李國健攝）\n\n圖像來源，Getty Images\n")
    kinds = [(b.kind, b.text) for b in document.articles[0].sections[0].blocks]
    assert kinds[1:] == [(BlockKind.CAPTION, "義工收拾物資。（李國健攝）"), (BlockKind.CAPTION, "圖像來源，Getty Images")]


def test_a_breadcrumb_above_a_law_is_no_title_and_the_law_title_is_not_a_section(read_clean_structure):
    """A page saved from a legal reader: its breadcrumb, then the law's title as a heading, chapters set a level above it."""
    law = (
        "[法律读本](../duben) >> 2018-监察法\n\n中华人民共和国监察法\n--------------------\n\n"
        "（2018年3月20日第十三届全国人民代表大会第一次会议通过）\n\n"
        "第一章　总则\n============\n\n第一条 为了深化国家监察体制改革，制定本法。\n\n"
        "第二章　监察机关及其职责\n========================\n\n第二条 各级监察委员会是行使国家监察职能的专责机关。\n"
    )
    article = read_clean_structure("jianchafa.md", law).articles[0]
    assert article.title == "中华人民共和国监察法"
    assert [section.heading for section in article.sections] == [None, "第一章 总则", "第二章 监察机关及其职责"]
    assert [block.text for block in article.sections[0].blocks] == ["法律读本 >> 2018-监察法", "（2018年3月20日第十三届全国人民代表大会第一次会议通过）"]
    untitled = read_clean_structure("crbfzf.md", "[法律读本](../duben) >> 2014-传染病防治法\n\n中华人民共和国传染病防治法\n\n第一条 为了预防传染病的发生，制定本法。\n")
    assert untitled.title == "中华人民共和国传染病防治法"


def test_a_codes_divisions_set_in_one_heading_level_nest_as_the_code_divides():
    """编 holds 章 and 章 holds 节, though a converter gave 第一编 and 第二章 the same heading level."""
    text = "# 中华人民共和国刑法\n\n## 第一编 总则\n\n## 第一章 任务\n\n第一条 为了惩罚犯罪，制定本法。\n\n## 第二章 犯罪\n\n### 第一节 刑事责任\n\n第二条 已满十六周岁的人犯罪，应当负刑事责任。\n\n## 第二编 分则\n\n## 第一章 危害国家安全罪\n\n第三条 勾结外国的，处无期徒刑。\n"
    article = structure(text, format="markdown").articles[0]
    outline = [(part.heading, [(chapter.heading, [s.heading for s in chapter.subsections]) for chapter in part.subsections]) for part in article.sections]
    assert outline == [
        ("第一编 总则", [("第一章 任务", []), ("第二章 犯罪", ["第一节 刑事责任"])]),
        ("第二编 分则", [("第一章 危害国家安全罪", [])]),
    ]


def test_a_markdown_reports_bold_title_over_its_occasion_heads_it_whatever_its_part_headings(read_clean_structure):
    """The State Council's reports as a Markdown archive keeps them: a bold title, the ——occasion on the next line,
    the speaker; part headings that are not numbered (首先报告…) or a closing 附注： are no title."""
    report = (
        "**政府工作报告**\n——2002年3月5日在第九届全国人民代表大会第五次会议上\n\n国务院总理　朱镕基\n\n各位代表：\n\n"
        "现在，我代表国务院向大会作政府工作报告，请予审议。\n\n## 首先报告2001年的工作。\n\n过去的一年，我们战胜了困难。\n\n"
        "## 附注：\n\n本报告中的数字为初步统计数。\n"
    )
    article = read_clean_structure("2002.md", report).articles[0]
    assert article.title == "政府工作报告"
    opening = [block.text for block in article.sections[0].blocks]
    assert opening[:2] == ["——2002年3月5日在第九届全国人民代表大会第五次会议上", "国务院总理 朱镕基"]
    assert [section.heading for section in article.sections[1:]] == ["首先报告2001年的工作。", "附注："]
    titled = read_clean_structure("1955.md", "**1955年国务院政府工作报告**\n**关于发展国民经济的第一个五年计划的报告**\n——1955年7月5日在第一届全国人民代表大会第二次会议上\n\n各位代表：\n\n## 一\n\n正文。\n")
    assert titled.title == "1955年国务院政府工作报告"


def test_a_markdown_footnote_is_a_numbered_note_and_leaves_the_title(read_clean_structure):
    document = read_clean_structure("1964.md", "**1964年政府工作报告[^1]**\n\n## 一、成就\n\n正文。\n\n[^1]: （根据中共中央文件刊印）\n")
    assert document.title == "1964年政府工作报告"
    texts = [block.text for section in document.articles[0].sections for block in section.blocks]
    assert "［1］（根据中共中央文件刊印）" in texts


def test_a_report_headed_only_by_its_unnumbered_parts_has_them_as_sections_and_its_closing_at_its_end():
    """Lhasa's 2025 report: 2024年工作回顾 / 2025年工作安排 are its only headings (its （一）… run into their paragraphs);
    a 各位代表！ paragraph before the numbered tasks is no closing."""
    text = (
        "各位代表：\n现在，我代表市人民政府，向大会报告工作。\n2024年工作回顾\n2024年是关键一年。\n一年来，成绩显著。\n"
        "2025年工作安排\n2025年是“十四五”规划收官之年。\n各位代表！当前，拉萨正处在历史上发展最好的时期。\n"
        "（一）实施能级提升工程。全面实施千亿产值攻坚行动。\n（二）实施改革攻坚工程。进一步全面深化改革。\n"
        "各位代表！建功新时代，奋进正当时。\n"
    )
    article = structure(text).articles[0]
    assert [section.heading for section in article.sections] == [None, "2024年工作回顾", "2025年工作安排", None]
    assert paragraphs(article.sections[3]) == ["各位代表！建功新时代，奋进正当时。"]
    assert "各位代表！当前，拉萨正处在历史上发展最好的时期。" in paragraphs(article.sections[2])


def test_a_headline_whose_quoted_name_holds_a_colon_is_the_title():
    """The colon inside “全球发展：共同使命与行动价值” is the forum's name's, not a sentence's."""
    headline = "习近平向“全球发展：共同使命与行动价值”智库媒体高端论坛致贺信"
    document = structure(f"{headline}\n新华社北京7月4日电 7月4日，国家主席习近平向论坛致贺信。\n习近平强调，促进全球发展已成为人类面临的重大课题。")
    assert document.title == headline and not document.problems


def test_a_list_of_names_after_a_break_is_no_article_headlined_by_its_last_name():
    """A sitting's record: its heading, then (after a blank line) the members present, one a line, the
    last without honours. A title run ends the chunk, but no prose comes before it: no editorial."""
    document = structure("會議過程正式紀錄\n2013年 2月 21日星期四\n\n出席議員：\n主席曾鈺成議員，G.B.S., J.P.\n李卓人議員\n"
                         "陳鑑林議員，S.B.S., J.P.\n謝偉銓議員\n\n缺席議員：\n何俊仁議員")
    assert [article.title for article in document.articles] == ["會議過程正式紀錄"]


STANDARD_COVER = ("ICS 27.120.99\nF69\nNB\n中华人民共和国能源行业标准\nNB/T 20442.7—2023\n核电厂定期安全评价\n第7部分：经验反馈\n"
                  "Preparation of periodic safety review for nuclear power plants—\nPart 7: Experience feedback\n"
                  "2023-10-11发布 2024-04-11实施\n国家能源局 发布\n前 言\n本文件按照GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。\n"
                  "1 范围\n本文件规定了核电厂定期安全评价中经验反馈要素的评价要求。")


def test_a_standard_is_titled_by_the_title_on_its_cover_not_its_masthead_or_its_first_heading():
    document = structure(STANDARD_COVER)
    [article] = document.articles
    assert article.title == "核电厂定期安全评价 第7部分：经验反馈" and not document.problems
    opening = [block.text for block in article.sections[0].blocks]
    assert "中华人民共和国能源行业标准" in opening and "NB/T 20442.7—2023" in opening  # the cover's other lines stay
    kinds = {block.text: block.kind for block in article.sections[0].blocks}
    assert kinds["国家能源局 发布"] is BlockKind.PARAGRAPH  # set large on the cover, it heads nothing
    assert [block.text for block in article.sections[0].blocks if block.kind is BlockKind.HEADING] == ["前 言"]


def test_a_standards_drafting_note_is_titled_by_the_standard_and_its_own_name():
    document = structure("NB/T XXXX－20YY\n核电厂定期安全评价 第12部分：设计\n编制说明\n（征求意见稿）\n（2023年3月）\n"
                         "一、任务来源及计划要求\n本标准来源于国家能源局2021年下达的能源行业核电标准制修订计划。")
    assert document.articles[0].title == "核电厂定期安全评价 第12部分：设计 编制说明"


def test_a_document_citing_a_standard_in_its_first_lines_is_no_standard():
    document = structure("关于实施GB 21900—2008的通知\n各省、自治区、直辖市环境保护厅（局）：\n现将有关事项通知如下。")
    assert document.articles[0].title == "关于实施GB 21900—2008的通知"


CODE_WITH_SUBPARTS = """中华人民共和国示例法典

（2020年5月28日第十三届全国人民代表大会第三次会议通过）

# 第一编 总则

## 第一章 基本规定

第一条 为了保护民事主体的合法权益，制定本法。

# 第二编 物权

## 第一分编 通则

### 第一章 一般规定

第二条 因物的归属和利用产生的民事关系，适用本编。

## 第二分编 所有权

### 第二章 一般规定

第三条 所有权人对自己的不动产或者动产，依法享有占有、使用、收益和处分的权利。

# 附则

第四条 本法自2021年1月1日起施行。
"""


def test_a_code_in_parts_and_subparts_is_titled_by_its_first_line_and_nests_its_chapters_in_the_subparts():
    """The Civil Code divides 编 into 分编 before its chapters, and prints its title in body type over its
    styled parts: the first line names the code (法典), and the closing 附则, a heading without a number,
    does not title it."""
    document = structure(CODE_WITH_SUBPARTS, format="markdown")
    assert document.title == "中华人民共和国示例法典"
    part = document.articles[0].sections[2]
    assert part.heading == "第二编 物权"
    assert [(s.heading, [c.heading for c in s.subsections]) for s in part.subsections] == [
        ("第一分编 通则", ["第一章 一般规定"]), ("第二分编 所有权", ["第二章 一般规定"])]


def test_a_line_naming_its_kind_of_document_titles_it_over_a_title_shaped_line_above():
    """A form's first lines: its label, the words in its photo box, then its name, which ends in its kind of
    document (…检查表): that line titles it; an issuer's line above such a line is part of the title."""
    form = structure("附件1：\n\n一寸照片\n\n河北省食品药品从业人员健康检查表\n\n体检日期：年 月 日 编号：", format="markdown")
    assert form.title == "河北省食品药品从业人员健康检查表"
    notice = structure("南昌海关\n\n2023年度拟录用公务员公示公告\n\n根据有关规定，现将拟录用人员予以公示。", format="markdown")
    assert notice.title == "南昌海关2023年度拟录用公务员公示公告"


def test_a_photo_credit_is_a_caption_and_a_reference_to_a_chart_is_not():
    document = structure("故宫迎来了首次灯会。\n\n故宫博物院供图\n\n1.旧区改造。旧区改造项目认定及备案流程主要包括编制年度实施计划。（详见附件2流程图）", format="markdown")
    blocks = document.articles[0].sections[0].blocks
    assert [(b.kind, b.text[:7]) for b in blocks] == [(BlockKind.PARAGRAPH, "故宫迎来了首次"), (BlockKind.CAPTION, "故宫博物院供图"), (BlockKind.PARAGRAPH, "1.旧区改造。")]


def test_an_issuer_and_a_date_set_as_a_heading_under_the_title_are_its_byline_not_a_section():
    """A statistical bulletin sets its issuer and date large under its title; they are a byline."""
    bulletin = structure("# 2023年周口市国民经济和社会发展统计公报\n\n## 周口市统计局2024 年 4 月 29 日\n\n2023年，全市经济运行持续向好。\n\n## 一、综合\n\n全年全市地区生产总值增长4.8%。",
                         format="markdown")
    assert [s.heading for s in bulletin.articles[0].sections] == [None, "一、综合"]
    assert paragraphs(bulletin.articles[0].sections[0])[0] == "周口市统计局2024 年 4 月 29 日"


def test_a_text_opening_with_its_issuer_and_date_is_not_titled_by_them():
    """A bulletin whose title is not in its text (a WPS export that kept only the issuer and the date)
    has no title of its own, and says so; under a headline the same line is its byline."""
    untitled = structure("黔东南州统计局2024年5月7日\n\n2023年，全州经济逐季向好、稳中有进。\n\n一、综合\n\n全年全州生产总值增长4.0%。")
    assert untitled.title == "doc" and [p.message.startswith("no title found") for p in untitled.problems] == [True]
    assert paragraphs(untitled.articles[0].sections[0])[0] == "黔东南州统计局2024年5月7日"
    report = structure("政府工作报告\n海南省省长 沈晓明 2020年01月22日\n\n各位代表：")
    assert report.articles[0].subtitles == ("海南省省长 沈晓明 2020年01月22日",)


def test_an_added_articles_number_set_as_a_heading_is_a_line_of_the_text():
    """Taiwan's law database numbers an article added after 第 9 條 as 第 9-1 條, in bold like the rest."""
    document = structure("# 勞動基準法\n\n## 第 二 章 勞動契約\n\n## 第 9 條\n\n勞動契約，分為定期契約及不定期契約。\n\n## 第 9-1 條\n\n未符合下列規定者，雇主不得與勞工為離職後競業禁止之約定。",
                         format="markdown")
    assert [s.heading for s in document.articles[0].sections if s.heading] == ["第 二 章 勞動契約"]


def test_an_issuer_over_a_date_on_the_next_line_titles_nothing_and_a_title_over_a_date_still_titles():
    """The same sign-off set on two lines (a Word conversion); a notice's title over its date is its title."""
    untitled = structure("黔东南州统计局\n\n2024年5月7日\n\n2023年，全州经济逐季向好、稳中有进。\n\n一、综合\n\n全年全州生产总值增长4.0%。")
    assert untitled.title == "doc" and paragraphs(untitled.articles[0].sections[0])[:2] == ["黔东南州统计局", "2024年5月7日"]
    assert structure("关于开展调研的通知\n\n2024年5月7日\n\n各单位：现通知如下。").title == "关于开展调研的通知"
