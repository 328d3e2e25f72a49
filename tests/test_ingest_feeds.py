"""The feed reader: a feed is one document with one article per item; `looks_like_feed` claims only feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.ingest.contract import ReadContext, UnreadableFile
from jiedu.ingest.readers.feeds import looks_like_feed, read_feed
from jiedu.model import BlockKind

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "formats"

XINHUA = "rss_wechat_feeds_xinhua_2021.xml"
PEOPLES_DAILY = "rss_wechat_feeds_peoples_daily_2021.xml"
GOV_CN = "rss_wechat_feeds_gov_cn_2021.xml"


def read_corpus_file(name: str):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {name} not here")
    [reading] = read_feed(path.read_bytes(), ReadContext(name, ".xml"))
    return reading


def read(xml: str):
    [reading] = read_feed(xml.encode(), ReadContext("made-up.rss", ".rss"))
    return reading


def articles(reading) -> list[tuple[dict, list[str]]]:
    """(the BREAK's attrs, the texts of the blocks after it) for each item."""
    result = []
    for block in reading.blocks:
        if block.kind == BlockKind.BREAK:
            result.append((dict(block.attrs), []))
        else:
            result[-1][1].append(block.text)
    return result


# --- the corpus, checked by reading each file ---

FEEDS = [
    # (file, items, feed title, newest date, first item: title, date, link)
    (XINHUA, 12, "新华社", "2021-06-17", "神舟十二号飞行任务官方宣传片来了！", "2021-06-17", "https://mp.weixin.qq.com/s/T_xHFIxd5Mfp96AkMVz7Vg"),
    (PEOPLES_DAILY, 13, "人民日报", "2021-06-17", "许老，走好！", "2021-06-17", "https://mp.weixin.qq.com/s/WY2AnHBDnLRTyGoHynCDgw"),
    (GOV_CN, 12, "中国政府网", "2021-06-17", "截至6月16日24时新型冠状病毒肺炎疫情最新情况", "2021-06-17", "https://mp.weixin.qq.com/s/XyhhckJ-iDLxqktV2UXM7w"),
]


@pytest.mark.parametrize(("name", "count", "title", "newest", "first_title", "first_date", "first_link"), FEEDS)
def test_feed_is_one_document_of_items(name, count, title, newest, first_title, first_date, first_link):
    reading = read_corpus_file(name)
    items = articles(reading)
    assert len(items) == count
    assert (reading.metadata["title"], reading.metadata["date"]) == (title, newest)
    assert items[0] == ({"date": first_date, "url": first_link}, [first_title])


@pytest.mark.parametrize("name", [XINHUA, PEOPLES_DAILY, GOV_CN])
def test_content_that_only_repeats_the_title_is_dropped_and_recorded(name):
    reading = read_corpus_file(name)
    assert all(len(texts) == 1 for _, texts in articles(reading))  # the heading only
    assert reading.dropped


@pytest.mark.parametrize("name", [XINHUA, PEOPLES_DAILY, GOV_CN])
def test_feed_link_to_an_icon_is_not_the_documents_url(name):
    assert "url" not in read_corpus_file(name).metadata  # <link> is .../favicon.ico


def test_description_becomes_metadata():
    assert read_corpus_file(GOV_CN).metadata["description"].startswith("中国政府网由国务院办公厅主办")


def test_date_is_the_calendar_day_in_the_feeds_own_time_zone():
    # <pubDate>Wed, 16 Jun 2021 07:38:18 +0800</pubDate>: 15 June in UTC, 16 June in Beijing
    items = articles(read_corpus_file(GOV_CN))
    dated = {texts[0]: attrs["date"] for attrs, texts in items}
    assert dated["国务院关于同意将安徽省黟县列为国家历史文化名城的批复"] == "2021-06-16"


@pytest.mark.parametrize("name", [XINHUA, PEOPLES_DAILY, GOV_CN])
def test_corpus_feeds_are_sniffed(name):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("corpus not here")
    assert looks_like_feed(path.read_bytes())


def test_other_corpus_files_are_not_sniffed_as_feeds():
    if not CORPUS.is_dir():
        pytest.skip("corpus not here")
    claimed = [p.name for p in CORPUS.iterdir() if not p.name.startswith("rss_") and looks_like_feed(p.read_bytes())]
    assert claimed == []


# --- made-up feeds ---

RSS_WITH_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>某部门户</title><link>https://www.example.gov.cn/</link><description>政务公开</description>
<item><title>关于开展检查的通知</title><link>https://www.example.gov.cn/a.htm</link>
<dc:creator>办公厅</dc:creator><pubDate>Tue, 01 Jun 2021 23:30:00 +0800</pubDate>
<description>摘要。</description>
<content:encoded><![CDATA[<p>各有关单位：</p><p>现将有关事项通知如下。</p>]]></content:encoded></item>
<item><title>第二篇</title><link>https://www.example.gov.cn/b.htm</link><pubDate>Mon, 31 May 2021 10:00:00 +0800</pubDate>
<description>纯文本的正文。</description></item>
</channel></rss>"""


def test_item_content_comes_from_content_encoded_with_its_metadata():
    reading = read(RSS_WITH_CONTENT)
    assert reading.metadata == {"title": "某部门户", "url": "https://www.example.gov.cn/", "description": "政务公开", "date": "2021-06-01"}
    first, second = articles(reading)
    assert first == ({"date": "2021-06-01", "url": "https://www.example.gov.cn/a.htm", "author": "办公厅"}, ["关于开展检查的通知", "各有关单位：", "现将有关事项通知如下。"])
    assert second == ({"date": "2021-05-31", "url": "https://www.example.gov.cn/b.htm"}, ["第二篇", "纯文本的正文。"])
    assert [b.kind for b in reading.blocks[:3]] == [BlockKind.BREAK, BlockKind.HEADING, BlockKind.PARAGRAPH]


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom 源</title><link href="https://example.cn/"/>
<entry><title>条目</title><link href="https://example.cn/1"/><updated>2021-06-16T07:38:18+08:00</updated>
<summary type="html">&lt;p&gt;正文&amp;amp;附件。&lt;/p&gt;</summary></entry></feed>"""


def test_atom_feed_and_escaped_html_summary():
    reading = read(ATOM)
    [(attrs, texts)] = articles(reading)
    assert attrs["date"] == "2021-06-16"
    assert texts == ["条目", "正文&附件。"]


@pytest.mark.parametrize(
    ("data", "claimed"),
    [
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- generated -->\n<rss version="2.0"><channel/></rss>', True),
        (b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>', True),
        (RSS_WITH_CONTENT.encode("utf-16"), True),
        (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url/></urlset>', False),
        (b'<?xml version="1.0"?><feed><entry/></feed>', False),
        (b"<!DOCTYPE html><html><head><title>RSS</title></head><body><rss/></body></html>", False),
        ("关于 rss 订阅的说明：<rss> 是一种格式。".encode(), False),
        (b"", False),
    ],
    ids=["rss with bom and comment", "rss 1.0 rdf", "utf-16 rss", "sitemap", "feed without atom namespace", "html", "text", "empty"],
)
def test_looks_like_feed(data, claimed):
    assert looks_like_feed(data) is claimed


def test_truncated_feed_keeps_the_items_feedparser_recovers_and_says_so():
    reading = read("<rss><channel><title>某源</title><item><title>完整的条目</title><description>正文。</description></item><item><title>断")
    assert articles(reading)[0][1] == ["完整的条目", "正文。"]
    assert "malformed" in reading.problems[0].message


@pytest.mark.parametrize(
    ("data", "message_part"),
    [
        (b"", "no items"),
        (b"<?xml version='1.0'?><rss><channel><title>t</title></channel><<<</rss>", "malformed"),
        (b"<html><body><p>not a feed</p></body></html>", "no items"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>', "no items"),
    ],
)
def test_unreadable_feeds_say_why(data, message_part):
    with pytest.raises(UnreadableFile, match=message_part):
        read_feed(data, ReadContext("bad.rss", ".rss"))


ATOM_WITH_PHOTO_LINK = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>澳門電台新聞</title><id>tdm</id><updated>2024-10-26T09:52:29Z</updated>
<entry><id>1020939</id><title>王毅：同意全面恢復中英各領域對話合作</title><updated>2024-10-26T09:52:29Z</updated>
<content type="html"><![CDATA[<p>(澳門電台消息) 中方同意全面恢復兩國各領域對話合作機制。</p>]]></content>
<link href="https://www.tdm.com.mo/zh-hant/sharelink/news/1020939"/>
<link href="https://cdn.tdm.com.mo/uploads/attachment/2024-10/95900667.jpg"/>
<published>2024-10-19T06:20:00+08:00</published></entry></feed>"""

RSS_WITH_SOURCE_LINE = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>深圳政策RSS聚合</title>
<item><title>深圳市中小企业服务局关于开展我市优质中小企业年度信息更新工作的通知</title><link></link>
<description><![CDATA[来源: 深圳市中小企业服务局<br/>各区中小企业主管部门，各有关企业：<br/>为做好优质中小企业梯度培育工作，现就有关事项通知如下。]]></description>
<pubDate>Mon, 13 Apr 2026 10:00:00 +0800</pubDate></item></channel></rss>"""


def test_an_atom_entrys_page_is_its_link_not_its_photo():
    [(attrs, _)] = articles(read(ATOM_WITH_PHOTO_LINK))
    assert attrs["url"] == "https://www.tdm.com.mo/zh-hant/sharelink/news/1020939"


def test_a_source_line_and_a_salutation_set_off_by_line_breaks_are_not_run_into_the_text():
    [(_, texts)] = articles(read(RSS_WITH_SOURCE_LINE))
    assert texts[-2:] == ["各区中小企业主管部门，各有关企业：", "为做好优质中小企业梯度培育工作，现就有关事项通知如下。"]
    assert not any(text.startswith("来源") and "各区" in text for text in texts)
