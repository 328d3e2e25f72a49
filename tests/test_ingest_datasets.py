"""The dataset reader: each row of a scraped corpus is a document, its columns found by name or content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jiedu.ingest.contract import ReadContext, UnreadableFile
from jiedu.ingest.readers.datasets import read_dataset

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "formats"

XI_SPEECHES = "csv_xi_jinping_2020_speeches_jhsjk_first20rows.csv"
POLICY_RAG = "csv_policy_rag_topic_core_annotations_9rows.csv"
PBOC = "csv_pboc_open_market_announcements_first8rows.csv"
GOV_CN_JSONL = "jsonl_gov_cn_policy_library_records_first6rows.jsonl"


def read_corpus_file(name: str, settings: dict | None = None):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {name} not here")
    return read_dataset(path.read_bytes(), ReadContext(name, path.suffix, settings or {}))


def read(text: str, extension: str = ".csv", settings: dict | None = None, encoding: str = "utf-8"):
    return read_dataset(text.encode(encoding), ReadContext(f"made-up{extension}", extension, settings or {}))


def row(readings, number: int):
    return next(r for r in readings if r.part == f"row {number}")


def paragraphs(reading) -> list[str]:
    return [b.text for b in reading.blocks]


# --- the corpus, checked by reading each file ---

ROW_COUNTS = [(XI_SPEECHES, 20), (POLICY_RAG, 9), (PBOC, 8), (GOV_CN_JSONL, 6)]

ROW_METADATA = [
    # (file, row, expected metadata fields: title, date and the others the row has)
    (XI_SPEECHES, 1, {"date": "2020-05-19"}),
    (XI_SPEECHES, 20, {"date": "2020-09-05"}),
    (POLICY_RAG, 1, {"title": "生成式人工智能服务管理暂行办法", "date": "2023-07-10", "source": "国家互联网信息办公室等七部门", "url": "https://www.cac.gov.cn/2023-07/13/c_1690898327029107.htm"}),
    (POLICY_RAG, 5, {"title": "网络数据安全管理条例"}),
    (PBOC, 3, {"title": "公开市场业务交易公告 [2026]第157号", "date": "2026-08-14", "category": "公开市场业务交易公告", "url": "https://www.pbc.gov.cn/zhengcehuobisi/125207/125213/125431/125475/2026081409033914683/index.html"}),
    (GOV_CN_JSONL, 2, {"title": "加快农业农村现代化，“十五五”怎么干", "date": "2026-06-03", "url": "https://www.gov.cn/zhengce/202606/content_7070954.htm", "category": "政策解读"}),
    (GOV_CN_JSONL, 6, {"title": "国务院关于印发《加快农业农村现代化“十五五”规划》的通知", "date": "2026-06-02", "source": "国务院", "pcode": "国发〔2026〕14号"}),
]

WHOLE_PARAGRAPHS = [
    # (file, row, a paragraph that must be one block, exactly)
    (XI_SPEECHES, 1, "回信北京科技大学全体巴基斯坦留学生："),
    (XI_SPEECHES, 1, "你们好！来信收悉。得知你们到中国留学以来，既学到了丰富知识，也结识了不少中国朋友，我为你们取得的成绩感到高兴。"),
    (XI_SPEECHES, 1, "中华人民共和国主席习近平"),
    (XI_SPEECHES, 3, "大家好！首先，我谨对萨勒曼国王和沙特方面为这次会议所做的大量沟通协调工作，表示衷心的感谢！"),
    (POLICY_RAG, 1, "（三）尊重知识产权、商业道德，保守商业秘密，不得利用算法、数据、平台等优势，实施垄断和不正当竞争行为；"),
    (POLICY_RAG, 1, "第二章 技术发展与治理"),
    # an English chunk copied from a PDF: the wrapped lines of one sentence are one paragraph again
    (POLICY_RAG, 2, "d open-source AI components. The fact of making AI components availa ble through open reposit or ies should not, in itself, constitute a monetisation."),
    (PBOC, 3, "根据公开市场业务一级交易商的需求。2026年8月14日7天期逆回购操作量为零。具体情况如下。7天期逆回购操作情况期限投标量中标量7天0亿元0亿元同时。开展了3490亿元隔夜逆回购操作。中国人民银行公开市场业务操作室二〇二六年八月十四日。"),
]

JUNK = [
    # (file, text that must appear in no block and no metadata value)
    (POLICY_RAG, "phase2_5"),  # file paths
    (POLICY_RAG, "0d6d53f6-4019-5489-892f-573094e945fc"),  # chunk id
    (POLICY_RAG, "核心证据"),  # the reviewer's note
    (POLICY_RAG, "哪些机构研发或应用生成式人工智能技术"),  # the query, not the document
    (PBOC, "treasury_cash"),
    (PBOC, "0|3490"),
    (GOV_CN_JSONL, "c5d64dd2173109066d1ec1cf27c8af77aa8c24dc75b1a635e570e5c2c37d82f7"),
    (GOV_CN_JSONL, "otherfile:26165978"),
]


@pytest.mark.parametrize(("name", "count"), ROW_COUNTS)
def test_one_reading_per_row_numbered_as_a_user_counts(name, count):
    readings = read_corpus_file(name)
    assert [r.part for r in readings] == [f"row {n}" for n in range(1, count + 1)]


@pytest.mark.parametrize(("name", "number", "expected"), ROW_METADATA)
def test_row_metadata(name, number, expected):
    metadata = row(read_corpus_file(name), number).metadata
    assert {key: metadata.get(key) for key in expected} == expected


@pytest.mark.parametrize(("name", "number", "paragraph"), WHOLE_PARAGRAPHS)
def test_paragraph_comes_out_whole(name, number, paragraph):
    assert paragraph in paragraphs(row(read_corpus_file(name), number))


@pytest.mark.parametrize(("name", "junk"), JUNK)
def test_junk_columns_are_not_text(name, junk):
    for reading in read_corpus_file(name):
        assert not any(junk in text for text in paragraphs(reading))
        assert not any(junk in str(value) for value in reading.metadata.values())


def test_speeches_have_no_title_column_so_no_title():
    assert all("title" not in r.metadata for r in read_corpus_file(XI_SPEECHES))


def test_first_line_is_the_rows_line_in_the_file():
    readings = read_corpus_file(POLICY_RAG)  # quoted fields span many lines
    assert row(readings, 1).first_line == 2
    assert row(readings, 2).first_line > 20
    assert row(read_corpus_file(GOV_CN_JSONL), 4).first_line == 4


def test_cut_off_summaries_are_used_but_reported():
    readings = read_corpus_file(GOV_CN_JSONL)
    assert paragraphs(readings[0])[0].startswith("近期，国务院印发《加快农业农村现代化“十五五”规划》")
    assert any("cut off" in p.message for p in readings[0].problems)


def test_site_settings_name_the_columns():
    readings = read_corpus_file(PBOC, {"dataset": {"text": "title", "title": "category"}})
    assert paragraphs(readings[0]) == ["2026年中央国库现金管理商业银行定期存款（十四期）招投标通知"]
    assert readings[0].metadata["title"] == "中央国库现金管理业务公告"


# --- made-up files ---


def test_columns_found_by_chinese_names_and_dates_made_iso():
    [reading] = read("标题,成文日期,来源,正文\n关于某事的通知,2024年1月5日,某部,第一段。\n")
    assert reading.metadata == {"title": "关于某事的通知", "date": "2024-01-05", "source": "某部"}
    assert paragraphs(reading) == ["第一段。"]


def test_text_column_found_by_content_when_names_say_nothing():
    long_text = "这是一段很长的正文内容，讲述了政策的背景和意义。" * 3
    [reading] = read(f"a,b,c\n12345,https://example.gov.cn/a.htm,{long_text}\n")
    assert paragraphs(reading) == [long_text]
    assert reading.metadata["url"] == "https://example.gov.cn/a.htm"


def test_a_summary_is_not_the_text_when_a_longer_text_column_exists():
    full = "国务院近日印发规划。" * 20
    [reading] = read(f"summary,fulltext\n国务院近日印发规划...,{full}\n")
    assert paragraphs(reading) == [full]


def test_epoch_milliseconds_and_iso_datetimes_become_dates():
    lines = [{"title": "甲", "content": "正文一。", "publish_time": 1780479540000}, {"title": "乙", "content": "正文二。", "publish_time": "2021-06-16T07:38:18+08:00"}]
    readings = read("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), ".jsonl")
    assert [r.metadata["date"] for r in readings] == ["2026-06-03", "2021-06-16"]


def test_glued_full_width_indents_and_newlines_split_paragraphs():
    [reading] = read('text\n"\u3000\u3000第一段。\u3000\u3000第二段，\n接上句。\n第三段。"\n')
    assert paragraphs(reading) == ["第一段。", "第二段，接上句。", "第三段。"]


def test_tsv_gb18030_and_multiline_quoted_fields():
    data = "标题\t内容\n通知\t\"第一行。\n第二行。\"\n".encode("gb18030")
    [reading] = read_dataset(data, ReadContext("x.tsv", ".tsv"))
    assert (reading.metadata["title"], paragraphs(reading), reading.encoding) == ("通知", ["第一行。", "第二行。"], "gb18030")


def test_semicolon_csv_is_sniffed():
    [reading] = read("title;content\n通知;正文，有逗号，也有句号。\n")
    assert paragraphs(reading) == ["正文，有逗号，也有句号。"]


def test_huge_field_is_read():
    [reading] = read("title,text\n长文," + "很长的正文。" * 40000 + "\n")
    assert len(paragraphs(reading)[0]) == 240000


def test_json_array_or_object_holding_one():
    items = [{"title": "甲", "content": "正文一。"}, {"title": "乙", "content": "正文二。"}]
    api_response = {"code": 0, "msg": "ok", "data": {"pager": {"page": 1}, "list": items}}  # records wrapped deeper, as APIs return them
    for text in (json.dumps(items, ensure_ascii=False), json.dumps({"total": 2, "data": items}, ensure_ascii=False), json.dumps(api_response, ensure_ascii=False)):
        assert [r.metadata["title"] for r in read(text, ".json")] == ["甲", "乙"]


def test_json_object_of_records_keyed_by_id_is_one_document_per_record():
    """A benchmark or scraper's dump keyed by hash or id: each value is a record, its key kept as its id."""
    dump = {"4e55eac4": {"url": "https://www.gov.cn/a.htm", "content": "国务院近日印发规划，部署重点工作。" * 3},
            "14b709df": {"url": "https://www.gov.cn/b.htm", "content": "国务院办公厅发布通知，要求做好有关工作。" * 3}}
    readings = read(json.dumps(dump, ensure_ascii=False), ".json")
    assert [(r.metadata["url"], paragraphs(r)) for r in readings] == [(v["url"], [v["content"]]) for v in dump.values()]


def test_a_single_object_of_fields_is_one_document():
    """One decision or article saved from an API as one JSON object, with no array inside."""
    decision = {"dataserno": "202503120002", "title": "臺灣銀行所涉缺失一案，核處罰鍰。", "date": "2025-03-11",
                "content": "事實：貴行行員與客戶有不當資金往來。理由及法令依據：違反銀行法第45條之1第1項規定。"}
    [reading] = read(json.dumps(decision, ensure_ascii=False), ".json")
    assert (reading.metadata["title"], reading.metadata["date"], paragraphs(reading)) == (decision["title"], "2025-03-11", [decision["content"]])


def test_json_arrays_appended_one_after_another_are_read_as_one_and_reported():
    """A crawler that writes its items as a JSON array appends each run's array to the same file (``][``):
    every item of every run is read, and the file's shape is reported."""
    first = [{"title": "黃之鋒3人遭重判入獄", "context": "【大陸中心／綜合報導】香港知名學運領袖黃之鋒等三人遭判入獄。"}]
    second = [{"title": "范植偉駁吃霸王餐", "context": "【台北報導】范植偉昨被媒體報導曾在餐廳未付款，他昨天否認。"},
              {"title": "周湯豪養病備戰跨年", "context": "【台北報導】周湯豪日前因鼻腔息肉開刀，目前在家休養。"}]
    text = json.dumps(first) + json.dumps(second, ensure_ascii=False)  # one run written with \u escapes, the next without
    readings = read(text, ".json")
    assert [r.metadata["title"] for r in readings] == ["黃之鋒3人遭重判入獄", "范植偉駁吃霸王餐", "周湯豪養病備戰跨年"]
    assert any("2 JSON values one after another" in problem.message for problem in readings[0].problems)


def test_a_column_of_document_titles_under_a_name_that_says_nothing_titles_the_rows():
    """A law's articles as a list under ``laws``, its title under ``collection``: the values name laws, one
    per row, so they are the titles; a column of categories, which repeat, is not."""
    laws = {"collections": [{"collection": "中华人民共和国预防未成年人犯罪法", "laws": ["第一条 为了保障未成年人身心健康，制定本法。", "第二条 预防未成年人犯罪，坚持预防为主。"]},
                            {"collection": "中华人民共和国治安管理处罚法", "laws": ["第一条 为维护社会治安秩序，制定本法。"]}]}
    readings = read(json.dumps(laws, ensure_ascii=False), ".json")
    assert [r.metadata.get("title") for r in readings] == ["中华人民共和国预防未成年人犯罪法", "中华人民共和国治安管理处罚法"]
    assert paragraphs(readings[0]) == laws["collections"][0]["laws"]
    categories = [{"kind": "国务院文件通知", "content": "国务院近日印发规划，部署重点工作。" * 3}, {"kind": "国务院文件通知", "content": "各地要抓好落实，确保取得实效。" * 3}]
    assert [r.metadata.get("title") for r in read(json.dumps(categories, ensure_ascii=False), ".json")] == [None, None]


def test_rows_without_text_and_bad_json_lines_are_reported_on_the_first_reading():
    lines = ['{"title": "甲", "content": "正文。"}', '{"title": "乙", "content": ""}', "{broken", '{"title": "丙", "content": "再一段。"}']
    readings = read("\n".join(lines), ".jsonl")
    assert [r.part for r in readings] == ["row 1", "row 4"]
    problems = {(p.line, p.message.split(" ")[0] + " " + p.message.split(" ")[1]) for p in readings[0].problems}
    assert problems == {(2, "row 2"), (3, "line 3")}


def test_html_in_a_text_column_goes_to_the_html_reader():
    [reading] = read('title,content\n通知,"<p>第一段。</p><p>第二段&amp;附件。</p>"\n')
    assert paragraphs(reading) == ["第一段。", "第二段&附件。"]


@pytest.mark.parametrize(
    ("text", "extension", "message_part"),
    [
        ("", ".csv", "no rows"),
        ("title,text\n", ".csv", "no rows"),
        ("id,code\n1,2\n3,4\n", ".csv", "no row has text"),
        ('[{"title": "甲"', ".json", "malformed"),
        ('{"a": 1}', ".json", "no array"),
        ("not json at all\n", ".jsonl", "no rows"),
    ],
)
def test_unreadable_datasets_say_why(text, extension, message_part):
    with pytest.raises(UnreadableFile, match=message_part):
        read(text, extension)


def test_missing_column_named_in_settings_is_an_error():
    with pytest.raises(UnreadableFile, match="正文"):
        read("title,content\n甲,乙。\n", settings={"dataset": {"text": "正文"}})


def test_a_text_whose_paragraphs_are_blank_line_separated_has_its_wrapped_lines_rejoined():
    """A transcript field copied from a PDF: blank lines between paragraphs, and each paragraph wrapped at
    the page's width, mid-word (梁家 / 傑議員). A short line (a heading) keeps its break."""
    text = ("一、選舉主席\n\n按照秘書處接獲所提交的表格的次序，獲提名的議員依次是梁家\n傑議員及曾鈺成議員。梁家傑議員由李卓人議員提名，並由張超雄\n"
            "及何秀蘭議員附議提名。\n\n按照選舉立法會主席的程序，現在以不記名的方式進行投票。每\n位出席的議員將獲發 1張選票。")
    [reading] = read(json.dumps([{"title": "立法會會議過程正式紀錄", "text": text}], ensure_ascii=False), ".json")
    assert [block.text for block in reading.blocks] == [
        "一、選舉主席",
        "按照秘書處接獲所提交的表格的次序，獲提名的議員依次是梁家傑議員及曾鈺成議員。梁家傑議員由李卓人議員提名，並由張超雄及何秀蘭議員附議提名。",
        "按照選舉立法會主席的程序，現在以不記名的方式進行投票。每位出席的議員將獲發 1張選票。",
    ]


def test_a_column_of_dates_named_for_the_source_is_no_source():
    """source_accessed_at holds when a row was fetched, not who published it."""
    rows = [{"doc_id": f"r{n}", "content": f"本法第{n}条的内容，规定纳税人的权利和义务。", "effective_date": "2026-01-01",
             "source_url": "https://flk.npc.gov.cn/", "source_accessed_at": "2026-08-07"} for n in (1, 2)]
    readings = read("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), ".jsonl")
    assert [r.metadata.get("source") for r in readings] == [None, None]
    assert readings[0].metadata.get("url") == "https://flk.npc.gov.cn/"


def test_rows_that_are_a_laws_articles_are_one_document_per_law():
    """A legal dataset keeps one article a row beside a column of article numbers: each law is one
    document, its articles in order, each led by its number; a file that is one law is named as a file is."""
    rows = [("中华人民共和国甲法", "第一条", "为了规范甲，制定本法。"), ("中华人民共和国甲法", "第二条", "本法适用于甲。\n前款规定不适用于乙。"),
            ("中华人民共和国乙法", "第一条", "为了规范乙，制定本法。"), ("中华人民共和国乙法", "第二条", "第二条　本法自公布之日起施行。")]
    readings = read("\n".join(json.dumps({"law": law, "article": number, "content": text}, ensure_ascii=False) for law, number, text in rows), ".jsonl")
    assert [(r.part, r.metadata.get("title"), paragraphs(r)) for r in readings] == [
        ("rows 1-2", "中华人民共和国甲法", ["第一条 为了规范甲，制定本法。", "第二条 本法适用于甲。", "前款规定不适用于乙。"]),
        ("rows 3-4", "中华人民共和国乙法", ["第一条 为了规范乙，制定本法。", "第二条　本法自公布之日起施行。"])]
    one_law = read("no,text\n第1条,为了健全增值税制度，制定本法。\n第2条,增值税税收工作应当贯彻落实党和国家路线方针政策。\n第3条,在境内销售货物的单位和个人为纳税人。\n")
    assert [(r.part, paragraphs(r)[0], len(paragraphs(r))) for r in one_law] == [("", "第1条 为了健全增值税制度，制定本法。", 3)]
    # a column of numbers that are not all article numbers: rows stay documents
    mixed = read("no,text\n第1条,为了健全增值税制度，制定本法。\n附则,本法自二〇二六年一月一日起施行。\n")
    assert [r.part for r in mixed] == ["row 1", "row 2"]
