"""The HTML reader: saved pages of the corpus, HTML fragments, charsets, sniffing, bad input.

Expectations for the corpus pages were written by reading each page's source:
paragraphs that must come out whole (as one block, first words to last), the
page chrome that must be gone, and the metadata the page shows.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from jiedu.ingest.contract import ReadContext, UnreadableFile
from jiedu.ingest.readers.html import html_fragment_to_blocks, looks_like_html, read_html
from jiedu.model import BlockKind

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "formats"


def corpus_file(name: str) -> bytes:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {name} is not here")
    return path.read_bytes()


def read(data: bytes, name: str = "page.html"):
    (reading,) = read_html(data, ReadContext(name, Path(name).suffix))
    return reading


def texts(reading) -> list[str]:
    return [block.text for block in reading.blocks]


def has_whole(reading, start: str, end: str) -> bool:
    """Some block is the whole paragraph: it starts and ends as the page's paragraph does."""
    return any(text.startswith(start) and text.endswith(end) for text in texts(reading))


# --- the corpus pages -------------------------------------------------------

PAGES = [
    pytest.param(
        "html_jiangxi_2022_stats_bulletin_on_yichun_gov_saved_page.html",
        {"title": "江西省2022年国民经济和社会发展统计公报", "date": "2023-03-31", "url": "https://www.yichun.gov.cn/ycsrmzf/tjgb/202304/3f093ec317ba4609b241d0c79175c7cd.shtml"},
        [("2022年是党的二十大胜利召开之年", "迈出坚实步伐。"), ("全年共发生生产安全事故790起", "死亡率为0.018。"), ("[8]原保险保费收入", "保费收入。"),
         ("01综合", "01综合"), ("表1 2022年年末常住人口数及其构成", "表1 2022年年末常住人口数及其构成"), ("2023年3月28日", "2023年3月28日")],
        ["您当前所在位置", "扫一扫在手机打开当前页", "赣ICP备", "网站标识码", "访问量", "返回顶部", "关联稿件", "索 引 号"],
        id="jiangxi",
    ),
    pytest.param(
        "html_wanzai_county_gov_2022_stats_bulletin_saved_page.html",
        {"title": "万载县2022年国民经济和社会发展统计公报", "date": "2023-05-11", "url": "http://www.wanzai.gov.cn/wzxrmzf/tjsja/202305/7215380191c5400397df5d7d0b5fd06b.shtml"},
        [("2022年，万载全县上下", "良好态势。"), ("全县空气质量优良率90.1%", "破损管网修复整改工作。"), ("一、综合", "一、综合"),
         ("万载县统计局 国家统计局万载调查队", "（2023年5月）")],
        ["您当前所在位置", "赣ICP备", "网站标识码", "访问量", "扫一扫", "图文解读", "生成日期"],
        id="wanzai",
    ),
    pytest.param(
        "html_rthk_2025_tai_po_fire_shelters_news_page_traditional.html",
        {"title": "因應大埔宏福苑火警\u3000當局開放兩個社區會堂作臨時庇護中心", "date": "2025-11-26", "url": "https://news.rthk.hk/rthk/ch/component/k2/1833394-20251126.htm"},
        [("因應大埔宏福苑火警事故", "以安置疏散居民。"), ("民政處已在雅麗氏何妙齡那打素醫院設立援助站", "2658 4040。"), ("民政處會密切留意情況", "適切協助。")],
        ["宏福苑五級火｜周一鳴", "HKT 15:52", "分享工具", "相關新聞"],
        id="rthk",
    ),
    pytest.param(
        "html_tkww_takungpao_2025_fire_liability_epaper_article_traditional.html",
        {"title": "依法追究起火責任 研金屬棚架取代竹棚", "date": "2025-11-28", "url": "https://epaper.tkww.hk/a/202511/28/AP6929147ee4b032040a14f6d7.html"},
        [("【大公報訊】記者陸九如報道", "10000元應急錢。"), ("陳國基又說", "包括培訓工人及協助轉型。"), ("將培訓及協助棚工轉型", "將培訓及協助棚工轉型")],
        ["讀大公報PDF版面", "頻道索引", "版權所有", "私隱政策", "分享到微信"],
        id="takungpao",
    ),
    pytest.param(
        "html_youth_cn_two_sessions_overseas_students_article_saved_page.html",
        {"title": "海外留学生看两会：出国前后关注点大不同", "date": "2017-03-10", "source": "人民日报海外版"},
        [("在采访中，我们了解到", "很大的变化。"), ("卢宇还认为两会应该增设学子代表", "卢宇恳切地说。"), ("出国前后关注点大不同", "出国前后关注点大不同"),
         ("法学专业热议法定婚龄 很多人关心供给侧改革", "很多人关心供给侧改革")],
        ["责任编辑", "返回首页", "48小时点击排行", "版权所有", "ICP备", "评论内容为空", "发稿时间"],
        id="youth",
    ),
    pytest.param(
        "html_gmw_cn_science_feature_article_saved_page.html",
        {"title": "宇航员在太空中喝酒会怎么样？后果很严重", "date": "2017-03-10", "source": "网易科学人", "author": "春春"},
        [("翱翔于距地球数千公里的太空中", "鸡尾酒来放松一下？"), ("席尔霍尔茨补充说", "公众也反对”。"),
         ("他说：“这是一个政治问题", "如何协调不同文化观点的问题。"), ("所以，当宇航员在地球轨道上时", "以迎接他们的归来。")],
        ["责任编辑", "版权声明", "新闻表情排行", "值班总编推荐", "光明网版权所有", "分享到", "站内搜索", "手机光明网", "作者︱春春"],
        id="gmw",
    ),
]


@pytest.mark.parametrize(("name", "metadata", "whole", "junk"), PAGES)
def test_corpus_page_body_is_whole_and_clean(name, metadata, whole, junk):
    reading = read(corpus_file(name), name)
    missing = [start for start, end in whole if not has_whole(reading, start, end)]
    assert not missing, f"paragraphs not whole: {missing}"
    leaked = [word for word in junk if any(word in text for text in texts(reading))]
    assert not leaked, f"chrome left in the body: {leaked}"


@pytest.mark.parametrize(("name", "metadata", "whole", "junk"), PAGES)
def test_corpus_page_metadata(name, metadata, whole, junk):
    reading = read(corpus_file(name), name)
    assert {key: reading.metadata.get(key) for key in metadata} == metadata
    assert reading.encoding == "utf-8"


@pytest.mark.parametrize(("name", "metadata", "whole", "junk"), PAGES)
def test_corpus_page_title_is_not_repeated_and_chrome_is_reported(name, metadata, whole, junk):
    reading = read(corpus_file(name), name)
    assert not any(text.replace(" ", "") == metadata["title"].replace(" ", "").replace("\u3000", "") for text in texts(reading)[:3])
    assert len(reading.dropped) > 5
    assert all(change.after == "" for change in reading.dropped)
    assert all(block.line > 0 for block in reading.blocks), "every block has its source line"


def test_takungpao_figure_caption_is_a_caption():
    reading = read(corpus_file(PAGES[3].values[0]))
    captions = [block.text for block in reading.blocks if block.kind is BlockKind.CAPTION]
    assert captions and captions[0].startswith("圖：消防員在火勢受控後")


def test_biggest_page_reads_in_seconds():
    data = corpus_file("html_youth_cn_two_sessions_overseas_students_article_saved_page.html")
    started = time.process_time()
    read(data)
    assert time.process_time() - started < 5


# --- sniffing ----------------------------------------------------------------


def test_only_the_html_files_of_the_corpus_are_claimed():
    files = sorted(path for path in CORPUS.glob("*") if path.name != "SOURCES.md") if CORPUS.is_dir() else []
    if not files:
        pytest.skip("corpus not here")
    claimed = {path.name for path in files if looks_like_html(path.read_bytes())}
    assert claimed == {path.name for path in files if path.name.startswith("html_")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!-- saved from url=(0023)https://www.gov.cn/ -->\n<html><body><p>甲</p></body></html>", True),
        ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>甲</p></body></html>', True),
        ('[<div class="box"><h4>各位代表：</h4><p>甲。</p>, <p>乙。</p>, <p>丙。</p>]', True),
        ("<p>第一段。</p>\n<p>第二段。</p>\n<p>第三段。</p>\n", True),
        ("# 标题\n\n正文。\n\n## 一、总则\n\n<div align=right>2024年1月</div>\n<figure><img src=a.png></figure>\n", False),
        ("---\ntitle: 报告\n---\n<p>甲</p><p>乙</p><p>丙</p>\n", False),
        ("当 x < 3 时，取 <p> 与 <div> 标签之外的文字。\n" * 3, False),
        ('<?xml version="1.0"?><rss version="2.0"><channel><item><description><![CDATA[<p>甲</p><p>乙</p><p>丙</p>]]></description></item></channel></rss>', False),
        ("一、总体要求\n坚持稳中求进工作总基调。\n", False),
        ('<!--inner content block starts -->\n\t<!-- InstanceBeginEditable name="innerContent" -->\n\t<div class="">\n\t<table style="width:775px">\n'
         '<tr><td><span style="font-family: 新細明體;\nmso-ascii-font-family: Times New Roman;\nmso-hansi-font-family: Times New Roman;\nmso-bidi-font-family: Times New Roman;\n'
         'mso-font-kerning: 1.0pt;\nmso-ansi-language: EN-US">甲</span></td></tr>', True),
    ],
    ids=["saved-page", "xhtml", "scraper-list-dump", "bare-paragraphs", "markdown-with-html", "front-matter", "text-mentioning-tags", "rss", "plain-text",
         "template-fragment-after-comments"],
)
def test_looks_like_html(text, expected):
    assert looks_like_html(text.encode()) is expected


# --- fragments -----------------------------------------------------------------

SCRAPER_DUMP = (
    '[<div class="conlun2_box_text"><h4>各位代表：</h4><p>　　现在，我代表国务院，向大会报告政府工作，请予审议，'
    "并请全国政协委员提出意见。</p>, <p>　　<strong>一、2023年工作回顾</strong></p>, <p>　　过去一年是全面贯彻党的二十大精神的开局之年。"
    "我国经济回升向好，<font color=\"red\">高质量发展</font>扎实推进。国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。</p>, "
    "<p>　　城镇新增就业1244万人，年末城镇调查失业率为5.1%。居民消费价格上涨0.2%。</p></div>]"
)


def test_scraper_list_dump_reads_as_its_elements():
    blocks = html_fragment_to_blocks(SCRAPER_DUMP)
    assert [(block.kind, block.text) for block in blocks[:2]] == [
        (BlockKind.HEADING, "各位代表："),
        (BlockKind.PARAGRAPH, "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。"),
    ]
    assert blocks[2].text == "一、2023年工作回顾"
    assert blocks[3].text.startswith("过去一年是全面贯彻") and blocks[3].text.endswith("增速居世界主要经济体前列。")
    assert not any(text in ("[", "]", ",") or text.startswith((",", "[")) for text in (block.text for block in blocks))


def test_scraper_dump_saved_as_txt_is_read_as_a_fragment():
    data = SCRAPER_DUMP.encode()
    assert looks_like_html(data)
    reading = read(data, "report.txt")
    assert texts(reading)[0] == "各位代表："
    assert len(reading.blocks) == 5


def test_fragment_maps_every_kind_of_block():
    html = (
        "<h2>一、总体要求</h2><p>主要任务：</p><ol start='3'><li>稳增长<ul><li>扩内需</li></ul></li><li>防风险</li></ol>"
        "<table><thead><tr><th>指标</th><th>数值</th></tr></thead><tbody><tr><td><p>GDP</p></td><td>126&nbsp;万亿</td></tr></tbody></table>"
        "<blockquote><p>发展是第一要务。</p></blockquote><figure><img src=a.png><figcaption>图1 增长情况</figcaption></figure>"
        "<pre>价格 = 1\n  数量 = 2</pre>"
    )
    blocks = html_fragment_to_blocks(html)
    summary = [(block.kind.value, block.text, block.level, block.attr("marker"), block.attr("header")) for block in blocks]
    assert summary == [
        ("heading", "一、总体要求", 2, "", ""),
        ("paragraph", "主要任务：", 0, "", ""),
        ("list_item", "稳增长", 1, "3.", ""),
        ("list_item", "扩内需", 2, "•", ""),
        ("list_item", "防风险", 1, "4.", ""),
        ("table_row", "指标\t数值", 0, "", "1"),
        ("table_row", "GDP\t126 万亿", 0, "", ""),
        ("quote", "发展是第一要务。", 0, "", ""),
        ("caption", "图1 增长情况", 0, "", ""),
        ("preformatted", "价格 = 1\n  数量 = 2", 0, "", ""),
    ]
    assert blocks[5].cells == ("指标", "数值")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>坚持<strong>稳中求进</strong>、<a href='#'>以进促稳</a>，<span>先立后破</span>。</p>", ["坚持稳中求进、以进促稳，先立后破。"]),
        ("<p>　　会议指出，\n    要加强统筹。</p>", ["会议指出，要加强统筹。"]),
        ("<p>The State   Council\n issued it.</p>", ["The State Council issued it."]),
        ("<p>&lt;关于&gt;的通知&amp;附件&nbsp;1&#12290;</p>", ["<关于>的通知&附件 1。"]),
        ("<p>第一段结束。<br>第二段开始，<br>接着写完。</p>", ["第一段结束。", "第二段开始，接着写完。"]),
        ("<p>万载县统计局<br>（2023年5月）</p>", ["万载县统计局（2023年5月）"]),
        ("<div>甲方<br><br>乙方</div>", ["甲方", "乙方"]),
        ("<p>正文。</p><script>var a='<p>不是正文</p>';</script><style>p{}</style><!-- 注释 --><nav>首页 | 新闻</nav>", ["正文。"]),
        ("<div style='display:none'>隐藏的字</div><p hidden>也隐藏</p><p>看得见。</p>", ["看得见。"]),
    ],
    ids=["inline-tags", "source-wrap", "latin-spaces", "entities", "br-after-sentence", "br-mid-sentence", "double-br", "scripts-and-nav", "hidden"],
)
def test_fragment_text(html, expected):
    assert [block.text for block in html_fragment_to_blocks(html)] == expected


def test_layout_table_is_read_as_its_content():
    html = "<table><tr><td><p>第一段。</p><table><tr><td>内</td><td>表</td></tr></table></td></tr></table>"
    blocks = html_fragment_to_blocks(html)
    assert blocks[0].kind is BlockKind.PARAGRAPH and blocks[0].text == "第一段。"


GAZETTE_ISSUE = (  # the shape of Taiwan's Executive Yuan gazette pages saved as .txt (bench tw-eygazette-html-*)
    '<!--inner content block starts -->\n<div class="">\n<table style="width:775px" summary="本期公報內容表格">\n'
    "<tr><td><b>行政院第3032次會議院長提示暨院會決定決議事項</b></td><td>中華民國96年3月21日</td></tr>\n<tr><td>"
    "<p>院長提示：</p>" + "".join(f"<p>{n}、行政院是國家最高行政機關，政務不可一日或停，各部會首長要能盯緊所有同仁。</p>" for n in "一二三四五六七八九十")
    + '</td></tr></table>\n<div class="top"><a href="#">Top</a></div>\n</div>'
)


def test_a_table_that_lays_out_a_whole_issue_is_read_as_its_paragraphs():
    reading = read(GAZETTE_ISSUE.encode(), "gazette.txt")
    assert texts(reading)[:3] == ["行政院第3032次會議院長提示暨院會決定決議事項", "中華民國96年3月21日", "院長提示："]
    assert len(reading.blocks) == 13 and all(block.kind is not BlockKind.TABLE_ROW for block in reading.blocks)
    assert "Top" not in texts(reading) and any(change.before == "Top" for change in reading.dropped)


def test_a_link_within_the_page_inside_a_sentence_keeps_its_text():
    assert texts(read("<p>详见<a href=\"#note1\">注释一</a>。</p><p>第二段。</p><p>第三段。</p>".encode()))[0] == "详见注释一。"


def test_gazette_pages_saved_as_text_read_as_html():
    bench = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "corpus"
    files = sorted(bench.glob("tw-eygazette-html-*.txt"))
    if not files:
        pytest.skip("bench corpus not here")
    for path in files:
        data = path.read_bytes()
        assert looks_like_html(data), path.name
        shown = texts(read(data, path.name))
        assert not any("<" in text and ">" in text or "mso-" in text for text in shown), path.name
        assert "Top" not in shown and sum(map(len, shown)) > 200, path.name


def test_fragment_lines_count_from_the_given_line():
    blocks = html_fragment_to_blocks("<p>甲。</p>\n<p>乙。</p>", line=10)
    assert [block.line for block in blocks] == [10, 11]


# --- a whole synthetic page: chrome, metadata lines, tables -------------------

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于2023年预算执行情况的报告_中华人民共和国财政部</title>
<link rel="canonical" href="https://www.mof.gov.cn/zhengwuxinxi/2024/t20240305.htm"></head>
<body><div class="nav"><a href="/">首页</a> | <a href="/a">机构</a> | <a href="/b">政务</a> | <a href="/c">互动</a></div>
<div class="main"><h1>关于2023年预算执行情况的报告</h1>
<div class="info">发布时间：2024-03-05 10:00　来源：财政部　作者：预算司</div>
<div class="content">
<p>　　各位代表：</p>
<p>　　受国务院委托，现将2023年中央和地方预算执行情况与2024年中央和地方预算草案提请十四届全国人大二次会议审查，并请全国政协委员提出意见。</p>
<h2>一、2023年预算执行情况</h2>
<p>　　2023年是全面贯彻党的二十大精神的开局之年，面对复杂严峻的国际环境和艰巨繁重的改革发展稳定任务，各地区各部门坚持稳中求进工作总基调。</p>
<table><thead><tr><th>项目</th><th>预算数</th><th>执行数</th></tr></thead>
<tbody><tr><td>全国一般公共预算收入</td><td>217300</td><td>216784</td></tr><tr><td>全国一般公共预算支出</td><td>275130</td><td>274574</td></tr></tbody></table>
<p>　　2024年财政工作要坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展，更好统筹发展和安全。</p>
</div>
<div class="editor">责任编辑：李四</div>
</div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/1">财政部发布2023年财政收支情况</a></li><li><a href="/2">国务院常务会议部署预算管理工作</a></li></ul></div>
<div class="footer">版权所有：中华人民共和国财政部 京ICP备05002860号</div>
</body></html>"""


def test_synthetic_gbk_page():
    reading = read(PAGE.encode("gbk"))
    assert reading.encoding == "gb18030"
    assert reading.metadata["title"] == "关于2023年预算执行情况的报告"
    assert {key: reading.metadata[key] for key in ("date", "source", "author", "url")} == {
        "date": "2024-03-05", "source": "财政部", "author": "预算司", "url": "https://www.mof.gov.cn/zhengwuxinxi/2024/t20240305.htm",
    }
    rows = [block for block in reading.blocks if block.kind is BlockKind.TABLE_ROW]
    assert [row.cells[0] for row in rows] == ["项目", "全国一般公共预算收入", "全国一般公共预算支出"]
    assert rows[0].attr("header") == "1" and not rows[1].attr("header")
    assert ("heading", "一、2023年预算执行情况") in [(block.kind.value, block.text) for block in reading.blocks]
    body = " ".join(texts(reading))
    for junk in ("首页", "责任编辑", "相关新闻", "版权所有", "发布时间", "关于2023年预算执行情况的报告"):
        assert junk not in body


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("<html><body><p>坚持稳中求进工作总基调，推动高质量发展。</p></body></html>".encode("gb18030"), "gb18030"),
        ("\ufeff<html><body><p>坚持稳中求进工作总基调。</p></body></html>".encode("utf-8"), "utf-8-sig"),
        ('<html><head><meta charset="utf-8"></head><body><p>坚持稳中求进工作总基调。</p></body></html>'.encode("gbk"), "gb18030"),
        ('<html><head><meta charset="big5"></head><body><p>香港特別行政區政府今日公布。</p></body></html>'.encode("big5"), "big5hkscs"),
    ],
    ids=["undeclared-gbk", "utf8-bom", "declared-utf8-but-gbk", "big5"],
)
def test_charsets(data, encoding):
    reading = read(data)
    assert reading.encoding == encoding
    assert "\ufffd" not in texts(reading)[0] and texts(reading)[0].startswith(("坚持", "香港"))


def test_mhtml_web_archive():
    html = '<html><body><p>=E5=9D=9A=E6=8C=81=E7=A8=B3=E4=B8=AD=E6=B1=82=E8=BF=9B=E3=80=82</p></body></html>'
    data = (
        "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\n"
        "Content-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + html + "\r\n--B--\r\n"
    ).encode()
    assert looks_like_html(data)
    assert texts(read(data, "page.mht")) == ["坚持稳中求进。"]


def test_truncated_page_still_reads():
    data = PAGE.encode("utf-8")[: PAGE.encode("utf-8").index("2024年财政工作".encode())]
    reading = read(data)
    assert any(text.startswith("受国务院委托") for text in texts(reading))


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n", b"%PDF-1.7\n\x00\x01\x02\x03\x04\x05\x06\x07" * 50, b"<html><body><script>var a = 1;</script></body></html>", b"<html><body></body></html>"],
    ids=["empty", "blank", "binary", "only-script", "empty-body"],
)
def test_unreadable_input(data):
    with pytest.raises(UnreadableFile):
        read_html(data, ReadContext("bad.html", ".html"))


NEWS_PAGE = """<html><head><title>大埔宏福苑五級火｜死亡人數增至94人　清晨時分零星單位冒火光 (07:51) - 20251128 - 港聞 - 即時新聞 - 明報新聞網</title></head>
<body><nav><a href="/">港聞</a><a href="/b">經濟</a></nav><h2>港聞</h2>
<h1>大埔宏福苑五級火｜死亡人數增至94人　清晨時分零星單位冒火光 (07:51)</h1>
<article><div id="upper"><p>大埔宏福苑五級火釀成的死亡人數增至94人，包括一名殉職消防員，另有78人受傷，當中12人危殆。</p></div>
<div id="lower"><p>近清晨時分有單位再度起火，消防處副處長（行動）陳慶勇於凌晨時分曾說，由於火場面積太大，很多地方撲熄之後死灰復燃，消防已在大廈不同地方灑水降溫。</p>
<p>廣告</p>
<p>消防於凌晨時分表示，滅火行動已大致完成，消防會繼續為火場其他單位灑水降溫，避免死灰復燃。另外，消防會處理餘下25宗求助個案，並會爆破7棟大廈所有單位，確保沒有其他被困人士。</p>
<p>義工收拾物資。（李國健攝）</p></div></article>
<aside><h2>資訊頻道</h2><ul><li><h4>THEi高科院拓展學生國際視野</h4><p>自2012年成立以來，香港高等教育科技學院至今已培育近一萬名應用型人才，幫助學生在香港及亞太地區發展事業...</p></li>
<li><h4>甲亢甲減飲食攻略</h4><p>甲狀腺疾病如甲亢和甲減影響人體新陳代謝，患者除需遵醫囑服藥外，日常飲食亦需特別注意，營養師教你食得均衡...</p></li></ul></aside>
<footer>明報網站 © 版權所有</footer></body></html>"""


def test_a_headline_keeps_its_topic_tag_and_the_site_and_channel_go():
    """Hong Kong papers tag a story before a ｜ (宏福苑五級火｜…); the site's name and channel follow a -, the posting time ( (07:51))."""
    reading = read(NEWS_PAGE.encode())
    assert reading.metadata["title"] == "大埔宏福苑五級火｜死亡人數增至94人　清晨時分零星單位冒火光"  # not the time it was posted


def test_sidebars_and_ad_labels_are_not_the_article_and_a_split_lead_is():
    body = texts(read(NEWS_PAGE.encode()))
    assert body[0].startswith("大埔宏福苑五級火釀成的死亡人數增至94人")
    assert not [text for text in body if "THEi" in text or "甲狀腺" in text or text == "廣告"]
    assert any(text.startswith("消防於凌晨時分表示") for text in body)


CHALLENGE_PAGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body>
<div><h1>www.inmediahk.net</h1><p>Verifying you are human. This may take a few seconds.</p>
<p>www.inmediahk.net needs to review the security of your connection before proceeding.</p></div>
<script>(function(){window._cf_chl_opt = {cvId: '3', cZone: 'www.inmediahk.net'};})();</script></body></html>"""


def test_a_saved_bot_check_page_is_an_error_not_a_document():
    with pytest.raises(UnreadableFile, match="bot check"):
        read(CHALLENGE_PAGE.encode(), "inmediahk.html")


BLOG_PAGE = """<html><head><title>新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家_藍天 :: 痞客邦 PIXNET ::</title></head><body>
<h1>痞客邦 PIXNET</h1><h1><a href="/blog">史蒂文的家_藍天</a></h1>
<div class="article"><h2><a href="/post/1">新竹尖石_美樹營地賞楓 (2)</a></h2><div class="content">
<p>转播到腾讯微博</p>
<p>一波波接續性低溫寒流報到，已將新竹尖石鄉後山一帶層層山巒披上嫣紅的彩衣，玉峰道路一路上雲氣山嵐滯留山頭。</p>
<p>"美樹"美如其名，偌大楓香樹早已呈現金黃，泛紅色彩也是愛攝人仕所喜愛造訪之地，營區內除了露營、民宿、餐飲，多了許多原木飾品。</p>
<h3>精彩视频推荐</h3></div></div></body></html>"""


def test_a_blogs_title_and_share_lines_and_a_list_label_at_the_end():
    reading = read(BLOG_PAGE.encode())
    assert reading.metadata["title"] == "新竹尖石_美樹營地賞楓 (2)"
    body = texts(reading)
    assert body[0].startswith("一波波接續性低溫寒流報到") and body[-1].endswith("多了許多原木飾品。")


GOV_CMS_PAGE = """<html><head><title>浙江省发展和改革委员会-投资运行-1-10月德清县固定资产投资结构趋稳趋优</title>
<meta name="ArticleTitle" content="1-10月德清县固定资产投资结构趋稳趋优"><meta name="PubDate" content="2016-11-22 09:53"></head><body>
<table><tr><td><img src="banner.jpg"></td><td><a href="#">添加收藏夹</a> | <a href="#">设为首页</a> | 关于我们</td></tr></table>
<table><tr><td><div class="main">
<p><a href="/channel/index.html"><strong>点击进入“投资运行”</strong><strong>&gt;&gt;</strong></a></p>
<p>来源: | 发布时间: 2016-11-22 | 浏览次数: 2168</p>
<p>1-10月，全县固定资产投资完成246.79亿元，完成年度计划82.3%，同比增长15.3%，位列三县两区第一。</p>
<p>其中第三产业投资完成119.90亿元，同比增长15.2%，三次产业投资占比由去年同期的1.1:50.3:48.6调整为0.7:50.7:48.6。</p>
<p>生产性服务业完成投资39.66亿元，占第三产业完成投资的33.1%，总体全县投资结构趋稳趋优。（德清县发改局）</p>
</div></td></tr></table></body></html>"""


def test_a_government_content_systems_page_titled_by_its_article_title_field():
    """Hanweb and TRS write the article's title into every page (ArticleTitle) while <title> leads with the
    site; a range of months (1-10月) is not a title separator; a row of site links, a channel's promotion
    and a source line with no source are not the article."""
    reading = read(GOV_CMS_PAGE.encode())
    assert reading.metadata["title"] == "1-10月德清县固定资产投资结构趋稳趋优"
    assert reading.metadata["date"] == "2016-11-22" and "source" not in reading.metadata
    body = texts(reading)
    assert body[0].startswith("1-10月，全县固定资产投资") and body[-1].endswith("（德清县发改局）") and len(body) == 3


NEWS_PORTAL_PAGE = """<html><head><title>平鎮輪胎行惡火 疏散7人1女命喪 | 社會 | 中央社 CNA</title></head><body>
<div class="breadcrumb">首頁 / 社會</div>
<div class="info"><ul><li>来源：新华社</li><li>作者：</li><li>2016-03-19 14:43</li></ul></div>
<article><h1>平鎮輪胎行惡火 疏散7人1女命喪</h1>
<p>首頁 / 社會</p>
<p>（中央社記者邱俊欽桃園19日電）桃園市平鎮區一家輪胎行今天清晨發生大火，7人從火場中疏散，一名62歲女子逃生不及，命喪火窟。</p>
<p>消防局指出，起火原因仍待鑑識人員調查釐清，初步排除人為縱火的可能，詳細情形仍在調查中。</p>
<p>您所瀏覽的新聞已過查詢時效。建議您加入中央社付費會員找尋您要的新聞。</p>
</article></body></html>"""


def test_a_news_pages_breadcrumb_paywall_prompt_and_empty_author_field_are_not_read_as_the_story():
    """A breadcrumb (首頁 / 社會) and a prompt to join the paying members at the body's edges are chrome;
    an empty 作者： before the page's date gives no author (it was the date)."""
    reading = read(NEWS_PORTAL_PAGE.encode())
    assert texts(reading)[0].startswith("（中央社記者邱俊欽桃園19日電）") and texts(reading)[-1].startswith("消防局指出")
    assert "author" not in reading.metadata and reading.metadata.get("source") == "新华社"


PRE_NOTICE_PAGE = """<html><head><title>法拍屋查詢系統</title><meta charset="utf-8"></head><body><pre>
例稿名稱：臺灣士林地方法院公告（第二次拍賣）
發文日期：中華民國107年3月13日
主旨：公告以投標方法拍賣本院106年度司執字第70394號清償債
      務強制執行事件，債務人所有如附表所示不動產有關事項。
依據：強制執行法第81條。
  一、投標書及保證金封存袋，向本院服務處購買，並應依投標
      書所記載之注意事項填載。
┌──┬────┬────┐
│編號│鄉鎮市區│面積　　│
├──┼────┼────┤
│1 　│內湖區　│729 　　│
└──┴────┴────┘
</pre><pre>def main():
    print("你好")</pre></body></html>"""


def test_a_notice_typed_into_pre_is_read_as_paragraphs_and_its_drawn_table_kept():
    """Old government sites print notices in <pre>, wrapped by hand at a width: the wrapped lines join into
    their paragraphs, a table drawn with box lines stays as drawn, code stays code, and the Republic's date
    (中華民國107年) is the page's date."""
    reading = read(PRE_NOTICE_PAGE.encode())
    kinds = [(block.kind, block.text.split("\n")[0]) for block in reading.blocks]
    assert (BlockKind.PARAGRAPH, "主旨：公告以投標方法拍賣本院106年度司執字第70394號清償債務強制執行事件，債務人所有如附表所示不動產有關事項。") in kinds
    assert (BlockKind.PARAGRAPH, "一、投標書及保證金封存袋，向本院服務處購買，並應依投標書所記載之注意事項填載。") in kinds
    assert [text for kind, text in kinds if kind is BlockKind.PREFORMATTED] == ["┌──┬────┬────┐", "def main():"]
    assert reading.metadata["date"] == "2018-03-13"


def test_a_line_all_in_bold_between_blocks_is_a_subheading():
    """Feeds and content systems write a story's subheads as loose bold text before its paragraphs
    (<strong>…</strong><p>…</p>), the first as the others; a bold sentence stays a paragraph."""
    blocks = html_fragment_to_blocks(
        "<strong>【新思想引领新征程】拓展共建“一带一路”合作新空间</strong><p>习近平总书记指出，共建“一带一路”注重的是众人拾柴火焰高。</p>"
        "<hr><strong>国内联播快讯</strong><p>7月份全社会用电量同比增长1.7%。</p><b>记者从商务部了解到。</b><p>进口实现正增长。</p>")
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.HEADING, "【新思想引领新征程】拓展共建“一带一路”合作新空间"), (BlockKind.PARAGRAPH, "习近平总书记指出，共建“一带一路”注重的是众人拾柴火焰高。"),
        (BlockKind.HEADING, "国内联播快讯"), (BlockKind.PARAGRAPH, "7月份全社会用电量同比增长1.7%。"),
        (BlockKind.PARAGRAPH, "记者从商务部了解到。"), (BlockKind.PARAGRAPH, "进口实现正增长。")]


# --- a page titled with its site's name, dated by its copyright, its results in a table -----------------

INSTITUTE_PAGE = """<html><head><meta charset="utf-8"><title>浙江省淡水水产研究所</title></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zyxx">重要信息</a></div>
<div class="news-det-box"><h5>浙江省淡水水产研究所召开干部职工大会暨党风廉政建设大会</h5>
<div class="data"><div class="day">21</div><div class="year">2024年02月</div></div>
<div class="content"><p>为贯彻落实省农业农村厅干部职工大会精神，2月19日下午，浙江省淡水水产研究所召开干部职工大会暨党风廉政建设大会，全所干部职工参加会议。</p>
<p>会议传达学习了全省农业农村工作会议精神，总结了研究所二〇二三年工作，部署了二〇二四年重点任务，并对党风廉政建设工作作出安排。</p>
<p>会议强调，全所上下要坚定信心、真抓实干，以科技创新支撑渔业高质量发展，为全省农业农村现代化作出新的更大贡献。</p></div></div>
<div class="foot"><span class="doc">©2025 浙江省淡水水产研究所 浙ICP备14041274-1号</span></div>
</body></html>"""


def test_a_page_titled_with_its_sites_name_takes_the_heading_that_begins_with_it():
    reading = read(INSTITUTE_PAGE.encode("utf-8"))
    assert reading.metadata["title"] == "浙江省淡水水产研究所召开干部职工大会暨党风廉政建设大会"


def test_a_copyright_year_does_not_date_the_page_new_years_day():
    """htmldate falls back on the footer's ©2025 and says 2025-01-01, a day the page never states."""
    assert "date" not in read(INSTITUTE_PAGE.encode("utf-8")).metadata
    stated = INSTITUTE_PAGE.replace('<div class="day">21</div><div class="year">2024年02月</div>', "发布时间：2025年1月1日")
    assert read(stated.encode("utf-8")).metadata.get("date") == "2025-01-01"


def test_names_set_one_a_line_in_a_table_cell_stay_apart():
    """A results table lists each team's school and players one a line (<br>): the names are words, not
    one run of characters; a cell's paragraphs that end with a punctuation mark join as they are."""
    html = ("<html><body><h1>中華民國112年全國中等學校運動會</h1><table>"
            "<tr><th>比賽項目</th><th>第一名</th><th>第二名</th></tr>"
            "<tr><td>高男組網球團體賽</td><td>高雄市新莊高中<br>方靖緯<br>李昱賢</td><td>臺北市建國中學<br>周順安</td></tr>"
            "<tr><td>違規事實</td><td><p>一、委托個人從事銷售活動；</p><p>二、數據不真實。</p></td><td>罰款</td></tr>"
            "</table></body></html>")
    rows = [block.cells for block in read(html.encode("utf-8")).blocks if block.kind is BlockKind.TABLE_ROW]
    assert rows[1] == ("高男組網球團體賽", "高雄市新莊高中 方靖緯 李昱賢", "臺北市建國中學 周順安")
    assert rows[2][1] == "一、委托個人從事銷售活動；二、數據不真實。"


def test_control_characters_sprinkled_through_a_copy_go_and_are_reported():
    """A content farm marks its copies with control characters; an extractor writes each as a character
    reference, which reads back as U+FFFD: the text would be strewn with �."""
    html = ("<html><head><title>網絡主播行為規范</title></head><body><article><h1>網絡主播行為規范</h1>"
            "<p>為進一步規範網絡主播從業行為\x06，加強職業道德建設\x07，促進行業健康有序發展\x08\x08\x06，國家廣播電視總局制定本規範。</p>"
            "<p>網絡主播應當堅持正確政治方向、輿論導向和價值取向\x05，樹立正確的世界觀、人生觀和價值觀。</p>"
            + "<p>網絡主播應當自覺遵守中華人民共和國憲法和法律法規規範，維護國家利益、公共利益和他人合法權益，自覺履行社會責任。</p>" * 3
            + "</article></body></html>")  # controls under 1% of the bytes: more would make it binary
    reading = read(html.encode("utf-8"))
    body = "".join(texts(reading))
    assert "\ufffd" not in body and "從業行為，加強職業道德建設，促進行業健康有序發展，國家廣播電視總局" in body
    assert any("6 control characters" in change.before for change in reading.dropped)


def test_a_title_copied_with_inline_pinyin_is_cleaned_like_the_text(tmp_path):
    """A copy that inserted pinyin after characters did it in the page's title too: the document's title is
    cleaned of it as its text is, and the removal is recorded."""
    from pipeline import read_as_built

    page = tmp_path / "copy.html"
    page.write_text("<html><head><title>《網(wǎng)絡(luò )主播行為規范》明確規定</title></head><body><article>"
                    "<p>為進(jìn)一步規範網(wǎng)絡(luò )主播從業(yè)行為，加強職業(yè)道德建設，促進行業(yè)健康有序發展。</p>"
                    "<p>網(wǎng)絡(luò )主播應當堅持正確政治方向、輿論導向和價值取向，樹立正確的世界觀、人生觀和價值觀。</p>"
                    "</article></body></html>", encoding="utf-8")
    _source, cleaned, document = read_as_built(page)
    assert document.title == "《網絡主播行為規范》明確規定"
    assert any(change.pass_name == "strip_inline_pinyin" and "(in the title)" in change.note for change in cleaned.changes)
