"""The PDF reader: blocks from real PDFs of the format corpus, hand-checked, and bad input."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from jiedu.ingest.contract import ReadContext, UnreadableFile
from jiedu.ingest.readers.pdf import read_pdf
from jiedu.model import BlockKind

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "formats"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


_cache: dict[str, object] = {}


def read(name: str):
    if not CORPUS.is_dir():
        pytest.skip("format corpus not present")
    if name not in _cache:
        _cache[name] = read_pdf((CORPUS / name).read_bytes(), ReadContext(name, ".pdf"))[0]
    return _cache[name]


def block_containing(reading, fragment: str):
    wanted = squeeze(fragment)
    return next((block for block in reading.blocks if wanted in squeeze(block.text)), None)


TAKUNGPAO = "pdf_takungpao_2025_11_28_a2_epaper_page_traditional.pdf"
OSHC = "pdf_hk_oshc_bamboo_scaffolding_safety_report_traditional.pdf"
SWD = "pdf_hk_swd_ifsc_service_boundary_2024_bilingual_ocr.pdf"
SHENZHEN = "pdf_shenzhen_2021_gender_statistics_report_wps.pdf"
NHC = "pdf_nhc_2023_covid19_diagnosis_treatment_plan_10th_ed_wps.pdf"
LAW = "pdf_npc_legislation_law_browser_printed.pdf"

# (file, start of a paragraph, its end): both must be in one block, as read off the rendered page.
WHOLE_PARAGRAPHS = [
    (TAKUNGPAO, "大埔宏福苑26日發生五級火警", "並有11名消防員受傷。"),
    (TAKUNGPAO, "【大公報訊】記者陸九如報道", "全力開展"),  # the story's lead runs down column one
    (TAKUNGPAO, "陳國基說，會進一步聯繫內地機", "希望內地提供協助。"),  # continues in the next column
    (OSHC, "竹棚架在香港流行的原因可歸因於下面的因素", "因素"),
    (SHENZHEN, "2021 年，深圳市户籍迁入人口 38.24 万人", "性别比为 118.13。"),
    (SHENZHEN, "2021 年，深圳市 0-17 岁户籍人口 168.37 万人", "及其性别比如下"),
    (NHC, "新型冠状病毒（以下简称新冠病毒", "成为全球绝对优势流行株。"),  # across the page 1/2 break
    (NHC, "截至目前，奥密克戎 5 个亚型", "成为优势流行株。"),
    (LAW, "第一条 为了规范立法活动", "制定本法。"),
    (LAW, "第三条 立法应当坚持中国共产党的领导", "建设社会主义现代化国家。"),
    (SWD, "Tai Po and North District", "大埔及北區"),
]

HEADINGS = [
    (TAKUNGPAO, "特首：設三工作組全力推進救援善後", 1),
    (TAKUNGPAO, "依法追究起火責任", 1),
    (TAKUNGPAO, "中央全力支援", 1),
    (TAKUNGPAO, "政府注資三億設援助基金接受捐款", 1),
    (TAKUNGPAO, "醫管局：15公院全力救治傷者", 1),
    (TAKUNGPAO, "勞工處向兩遇難印傭致慰問", 1),
    (TAKUNGPAO, "政府所有慶祝活動取消或延期", 2),
    (OSHC, "第二章: 竹的物料特性", None),
    (NHC, "一、病原学特点", None),
    (LAW, "中华人民共和国立法法", 1),
    (LAW, "第一章 总则", None),
    (SHENZHEN, "2021 年深圳市社会性别统计报告", 1),
]

# Lines that must not survive as blocks of their own: page numbers, running heads, TOC entries.
JUNK = [
    (NHC, re.compile(r"^\d{1,2}$")),
    (SHENZHEN, re.compile(r"^\d{1,2}$")),
    (OSHC, re.compile(r"^(第[一二三四五六七]章|[ivx]+)$")),  # running heads, roman page numbers
    (OSHC, re.compile(r"\.{6,}")),
    (NHC, re.compile(r"^[。）]")),
    (LAW, re.compile(r"^\d{1,2}$")),
]

TITLES = [
    (LAW, "中华人民共和国立法法"),  # not the info Title "Markdown在线编辑器…"
    (OSHC, "改進竹棚架安全性及可靠性的工程分析"),  # not the info Title "chinese_report-r.doc"; the cover sets it on two lines
    (SHENZHEN, "2021 年深圳市社会性别统计报告"),
    (TAKUNGPAO, "特首：設三工作組全力推進救援善後"),
]


@pytest.mark.parametrize(("name", "start", "end"), WHOLE_PARAGRAPHS)
def test_paragraph_comes_out_whole(name, start, end):
    block = block_containing(read(name), start)
    assert block is not None, start
    assert squeeze(end) in squeeze(block.text)


@pytest.mark.parametrize(("name", "text", "level"), HEADINGS)
def test_heading_is_found(name, text, level):
    wanted = squeeze(text)
    found = [b for b in read(name).blocks if b.kind is BlockKind.HEADING and wanted in squeeze(b.text)]
    assert found, text
    assert level is None or found[0].level == level


@pytest.mark.parametrize(("name", "pattern"), JUNK)
def test_page_furniture_is_gone(name, pattern):
    assert [b.text for b in read(name).blocks if pattern.search(b.text)] == []


@pytest.mark.parametrize(("name", "title"), TITLES)
def test_title(name, title):
    assert squeeze(read(name).metadata["title"]) == squeeze(title)


def test_newspaper_page_is_several_articles_each_opened_by_its_headline():
    blocks = read(TAKUNGPAO).blocks
    breaks = [i for i, b in enumerate(blocks) if b.kind is BlockKind.BREAK]
    assert len(breaks) == 6
    assert all(any(b.kind is BlockKind.HEADING and b.level == 1 for b in blocks[i + 1 : i + 4]) for i in breaks)
    assert block_containing(read(TAKUNGPAO), "▲行政長官李家超表示").kind is BlockKind.CAPTION
    assert block_containing(read(TAKUNGPAO), "▼消防員在火勢受控後").kind is BlockKind.CAPTION


def test_table_rows_are_read_across():
    row = block_containing(read(SHENZHEN), "罗湖区")
    assert row.kind is BlockKind.TABLE_ROW and row.cells == ("罗湖区", "73.40", "35.61", "37.79", "94.23")


def test_removals_are_reported_per_kind():
    notes = {change.note for change in read(OSHC).dropped}
    assert {"table-of-contents line", "page number", "running head or foot"} <= notes
    assert len(read(OSHC).dropped) <= 10  # summarised, not one entry per line


def test_no_date_from_the_file_creation_date():
    assert "date" not in read(SHENZHEN).metadata  # CreationDate 2022-12-02 is when the file was made


# --- synthetic cases -------------------------------------------------------


def blank_pdf(pages: int = 1) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def read_bytes(data: bytes):
    return read_pdf(data, ReadContext("x.pdf", ".pdf"))


def test_a_pdf_of_blank_pages_says_it_has_nothing_to_read():
    with pytest.raises(UnreadableFile, match="have no text layer and draw nothing"):
        read_bytes(blank_pdf(2))


@pytest.mark.parametrize("data", [b"", b"hello, not a pdf", b"%PDF-1.7\n% broken\n", b"\x00" * 100])
def test_not_a_pdf_is_unreadable(data):
    with pytest.raises(UnreadableFile):
        read_bytes(data)


def test_truncated_pdf_is_unreadable():
    if not CORPUS.is_dir():
        pytest.skip("format corpus not present")
    data = (CORPUS / SHENZHEN).read_bytes()
    with pytest.raises(UnreadableFile):
        read_bytes(data[: len(data) // 3])


def test_encrypted_pdf_is_unreadable():
    import pypdfium2.raw as raw  # noqa: F401  (pdfium cannot write encrypted files: use a minimal one by hand)

    encrypted = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"3 0 obj<</Filter/Standard/V 1/R 2/O(0123456789abcdef0123456789abcdef)/U(0123456789abcdef0123456789abcdef)"
        b"/P -4>>endobj\ntrailer<</Root 1 0 R/Encrypt 3 0 R/ID[<00><00>]>>\n%%EOF\n"
    )
    with pytest.raises(UnreadableFile):
        read_bytes(encrypted)


# --- a line that ends short only because what follows could not go on it ---------------------

def typeset(text: str, top: float, x0: float = 0.0, size: float = 10.0):
    """A line as a PDF prints it: Han and full-width marks a size wide, Latin letters and digits half that."""
    from jiedu.ingest.readers.pdf.chars import Char
    from jiedu.ingest.readers.pdf.lines import make_line

    chars, x = [], x0
    for char in text:
        width = size / 2 if char.isascii() else size
        chars.append(Char(char, x, top, x + width, top + size, size, False))
        x += width
    return make_line(chars)


@pytest.mark.parametrize(
    ("first", "second", "new_paragraph"),
    [
        ("二〇二四年全市完成固定资产投资总额达", "134.63亿元，增长百分之五。", False),  # the number did not fit on the line
        ("城镇新增就业人数达到了两万兜牢社会保障", "网。基本养老保险实现制度全覆盖。", False),  # 网 went over with its 。
        ("全年完成城镇低效用地再开发盘活工业用地", "（用海）供应一万亩。", False),  # a line may not end with （
        ("会议审议通过了这个报告。", "会议号召全市人民团结奋斗。", True),  # a short line that ends a sentence
        ("各项工作取得新进展", "坚持稳中求进工作总基调。", True),  # short by more than what follows could explain
        ("- Starts from Tai Po Pumping Station moving", "-Along Lam Kam Road moving west", True),  # a list marker starts an item
    ],
)
def test_a_short_line_ends_its_paragraph_only_when_nothing_was_carried_over(first, second, new_paragraph):
    from jiedu.ingest.readers.pdf.paragraphs import starts_paragraph

    column_right = 200.0  # twenty Han characters of 10 pt
    above, below = typeset(first, 0.0), typeset(second, 14.0)
    assert starts_paragraph(above, below, 0.0, column_right, 4.0) is new_paragraph


# --- a newspaper page as a browser prints it: masthead, kickers, headlines over three columns ------

STORIES = [
    ("全省春耕生产全面展开", [
        "连日来，全省各地抢抓农时，组织农机手和种粮大户开展春耕生产，田间地头处处呈现繁忙景象。",
        "省农业农村厅有关负责人介绍，今年全省计划粮食播种面积保持稳定，重点推广优质高产品种和绿色种植技术，确保粮食产量稳中有增。",
        "为保障农资供应，各地供销社提前调运化肥、种子和农药，开设便民服务点，让农民在家门口就能买到放心农资。",
        "气象部门提醒，近期气温回升较快，但仍有阶段性降温过程，请农户关注天气变化，合理安排播种时间。",
    ]),
    ("城市更新项目惠及十万居民", [
        "今年以来，市住建部门加快推进老旧小区改造，已完成外墙保温、管网更新和加装电梯等工程一百二十项。",
        "改造过程中，社区广泛征求居民意见，做到一小区一方案，既改善了居住条件，又保留了街区的历史风貌。",
        "据统计，首批改造项目惠及居民约十万人，小区停车、养老和托育等配套设施同步得到完善。",
    ]),
    ("高校毕业生就业服务月启动", [
        "人力资源和社会保障部门近日启动高校毕业生就业服务月活动，将举办线上线下招聘会三百余场。",
        "活动期间，各地将提供岗位推介、职业指导和技能培训等服务，帮助毕业生尽早实现就业。",
        "有关负责人表示，将加大对困难家庭毕业生的帮扶力度，落实一对一就业援助措施。",
    ]),
]


def newspaper_page_html() -> str:
    css = ("body{font-family:'Noto Serif CJK SC',serif;margin:0} .mast{font-size:11pt;border-bottom:3px double #000;display:flex;justify-content:space-between}"
           " .art{border-top:2px solid #000;margin-bottom:8mm} h1{font-size:24pt;margin:2mm 0} .kicker{font-size:12pt;margin:1mm 0}"
           " .body{column-count:3;column-gap:5mm;font-size:9.5pt} .body p{text-indent:2em;margin:0}")
    stories = "".join(
        f'<div class="art"><p class="kicker">本报讯</p><h1>{title}</h1><div class="body">' + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div></div>"
        for title, paragraphs in STORIES
    )
    return f'<!doctype html><html><head><meta charset="utf-8"><style>{css}</style></head><body><div class="mast"><span>第2版 要闻</span><span>2024年4月2日 星期二</span></div>{stories}</body></html>'


def printed_and_read(html: str, folder: Path):
    """The page printed to PDF by headless Chromium, then read, cleaned and structured as a build does."""
    import shutil
    import subprocess

    from pipeline import read_as_built

    if not shutil.which("chromium"):
        pytest.skip("needs Debian's chromium to print the page")
    page = folder / "page.html"
    page.write_text(html, encoding="utf-8")
    pdf = folder / "page.pdf"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--no-pdf-header-footer"]
    subprocess.run(["chromium", *flags, f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120, check=True)
    return read_as_built(pdf)[2]


def test_a_newspaper_page_printed_by_a_browser_comes_out_as_its_stories(tmp_path):
    document = printed_and_read(newspaper_page_html(), tmp_path)
    assert [(a.overlines, a.title) for a in document.articles] == [(("本报讯",), title) for title, _ in STORIES]
    for article, (_, paragraphs) in zip(document.articles, STORIES):
        texts = [block.text for section in article.sections for block in section.blocks]
        assert texts == paragraphs  # each whole, across the columns, and nothing else
        assert [section.heading for section in article.sections] == [None]  # the masthead's date is no section


# --- a law saved from a web page and printed, each part on a new page -----------------------------

LAW_PARTS = [
    ("第一编 总则", "第一章 任务和适用范围", ["第一条 为了规范有关活动，保护当事人的合法权益，根据宪法，制定本法。", "第二条 在中华人民共和国领域内从事有关活动，适用本法。"]),
    ("第二编 分则", "第一章 一般规定", ["第三条 国务院有关部门按照职责分工，负责本法实施的监督管理工作。", "第四条 违反本法规定的，由有关部门责令改正，依法给予处分。"]),
]


def law_pages_html() -> str:
    css = "body{font-family:'Noto Serif CJK SC',serif;font-size:12pt} .site{font-size:9pt} h1{font-size:24pt} h2.part{font-size:24pt;page-break-before:always} h3{font-size:20pt}"
    parts = "".join(
        f'<h2 class="part">{part}</h2><h3>{chapter}</h3>' + "".join(f"<p>{p}</p>" for p in articles) for part, chapter, articles in LAW_PARTS
    )
    return ('<!doctype html><html><head><meta charset="utf-8"><title>中华人民共和国示例法</title>'
            f'<style>{css}</style></head><body><p class="site">Example.org</p><p class="site">法律读本 » 示例法</p>'
            "<h1>中华人民共和国示例法</h1><p>（2020年1月1日第十三届全国人民代表大会常务委员会第十五次会议通过）</p>" + parts + "</body></html>")


def test_a_law_whose_parts_each_open_a_page_is_one_document_under_its_printed_title(tmp_path):
    """Numbered parts in headline type, two to a page (第一编 over 第一章), are no newspaper's stories;
    the site's name and a breadcrumb printed above the title are not its sections."""
    [article] = printed_and_read(law_pages_html(), tmp_path).articles
    assert article.title == "中华人民共和国示例法"
    squeezed = lambda text: text and text.replace(" ", "")  # noqa: E731 - the printed PDF may drop the space after 第一编
    assert [squeezed(section.heading) for section in article.sections] == [None, "第一编总则", "第二编分则"]
    assert [squeezed(block.text) for block in article.sections[0].blocks][:2] == ["Example.org", "法律读本»示例法"]
    assert [squeezed(sub.heading) for part in article.sections[1:] for sub in part.subsections] == ["第一章任务和适用范围", "第一章一般规定"]


# --- a ruled table: its borders say which cell each character is in -----------------------------------

RULED_ROWS = [
    ("220020101007", "宜春市委统一战线工作部机关党委办公室", "综合岗", "周玲"),
    ("220090201001", "宜丰县人民法院", "法官助理岗（一）", "李文琪"),
    ("220040201005", "樟树市人民检察院", "检察官助理岗（一）", "邹志赛"),
]


def ruled_table_html() -> str:
    css = ("body{font-family:'Noto Serif CJK SC',serif;font-size:11pt} table{border-collapse:collapse}"
           " td,th{border:1px solid #000;padding:2px 3px} td.unit{width:7em} td.post{width:5em}")
    rows = "".join(f'<tr><td>{code}</td><td class="unit">{unit}</td><td class="post">{post}</td><td>{name}</td></tr>' for code, unit, post, name in RULED_ROWS)
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>面试递补人员名单</title><style>{css}</style></head><body>'
            '<p>现将面试递补人员名单公布如下。</p><table><tr><td colspan="4">宜春市2022年度考试录用公务员面试递补人员名单</td></tr>'
            f'<tr><th>职位代码</th><th>部门名称</th><th>职位名称</th><th>姓名</th></tr>{rows}</table><p>特此公告。</p></body></html>')


def test_a_ruled_tables_cells_stay_whole_when_their_text_wraps(tmp_path):
    """Cells whose text wraps onto two lines (部门名称, 职位名称 in narrow columns) are one cell each; the
    row of one spanning cell over the table is its title, not a row; text around the table keeps its place."""
    document = printed_and_read(ruled_table_html(), tmp_path)
    blocks = [block for section in document.articles[0].sections for block in section.blocks]
    rows = [block.cells for block in blocks if block.kind is BlockKind.TABLE_ROW]
    assert rows == [("职位代码", "部门名称", "职位名称", "姓名"), *RULED_ROWS]
    texts = [block.text for block in blocks]
    assert texts.index("现将面试递补人员名单公布如下。") < texts.index("\t".join(RULED_ROWS[0])) < texts.index("特此公告。")
    assert "宜春市2022年度考试录用公务员面试递补人员名单" in texts


# --- a heading spaced out to the width of four characters is a line, not a table row -------------------

def spaced_headings_html() -> str:
    spaced = 'style="letter-spacing:2em"'
    css = "body{font-family:'Noto Serif CJK SC',serif;font-size:12pt} h2{font-size:12pt;text-align:center} td{padding:2px 12px}"
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>中华人民共和国示例促进法</title><style>{css}</style></head><body>'
            "<h1>中华人民共和国示例促进法</h1>"
            f'<h2><span {spaced}>目录</span></h2><p>第一章 <span {spaced}>总则</span></p><p>第二章 公平竞争</p><p>第三章 <span {spaced}>附则</span></p>'
            f'<h2>第一章 <span {spaced}>总则</span></h2><p>第一条 为优化发展环境，制定本法。</p>'
            "<p>第二条 各地区发展情况如下表：</p>"
            "<table><tr><td>地区</td><td>企业数</td><td>增长率</td></tr><tr><td>福田</td><td>1200</td><td>5.1%</td></tr>"
            "<tr><td>罗湖</td><td>860</td><td>3.4%</td></tr></table>"
            f'<h2>第二章 公平竞争</h2><p>第三条 国家实行统一的市场准入负面清单制度。</p><h2>第三章 <span {spaced}>附则</span></h2>'
            "<p>第四条 本法自公布之日起施行。</p></body></html>")


def test_a_heading_spaced_out_is_one_line_and_a_table_stays_a_table(tmp_path):
    """总    则 set with two ems between its characters is the heading 第一章总则, and the contents'
    spaced entries are contents, not one-row tables; a table's rows, whose cells line up, stay rows."""
    document = printed_and_read(spaced_headings_html(), tmp_path)
    blocks = [block for article in document.articles for section in article.sections for block in section.blocks]
    rows = [block.cells for block in blocks if block.kind is BlockKind.TABLE_ROW]
    assert rows == [("地区", "企业数", "增长率"), ("福田", "1200", "5.1%"), ("罗湖", "860", "3.4%")]
    squeezed = lambda text: text and text.replace(" ", "")  # noqa: E731
    assert [squeezed(section.heading) for article in document.articles for section in article.sections][-3:] == [
        "第一章总则", "第二章公平竞争", "第三章附则"]


def test_a_heading_at_the_foot_of_a_page_does_not_run_on_into_the_next_pages_heading(tmp_path):
    """A standard's 目 次 ends one page and its 前 言 opens the next: two headings, not one (目 次 over no
    entries then goes as an empty contents)."""
    spaced = 'style="letter-spacing:2em"'
    css = "body{font-family:'Noto Serif CJK SC',serif;font-size:12pt} h2{font-size:15pt;text-align:center} .next{break-before:page}"
    html = (f'<!doctype html><html><head><meta charset="utf-8"><title>示例排放标准</title><style>{css}</style></head><body>'
            "<h1>示例工业污染物排放标准</h1><p>本标准由生态环境部批准，自发布之日起实施，由生态环境部解释。</p>"
            f'<h2><span {spaced}>目次</span></h2><h2 class="next"><span {spaced}>前言</span></h2>'
            "<p>为贯彻环境保护法，防治污染，改善环境质量，制定本标准。本标准规定了排放限值、监测要求和实施与监督。</p></body></html>")
    document = printed_and_read(html, tmp_path)
    headings = [section.heading.replace(" ", "") for article in document.articles for section in article.sections if section.heading]
    assert headings[-1] == "前言" and not any("目次" in heading for heading in headings)


def test_a_numbered_item_set_with_a_hanging_indent_is_one_paragraph(tmp_path):
    """Minutes and questions number their items and hang the lines after the first under the text (1.3 顧問…
    over its wrapped lines): the wrapped lines go on, they are no paragraphs of their own."""
    item = ("1.3 顧問公司解述三個外牆維修方案：分別為表層透明保護油漆、有色表層保護油漆及徹底打鑿紙皮石的分別。"
            "除方案3外，方案1及2均無防漏保證，油漆物料施工規格會遵從供應商的標準，而所有方案均會要求承建商報價及回標後作進一步分析。")
    following = "1.4 就有關工程保固期，方案1及2均為一年，方案3因是徹底打鑿外牆飾面，故有十年期的防漏保證。"
    css = ("body{font-family:'Noto Serif CJK TC',serif;font-size:12pt;width:30em} p.item{padding-left:2.5em;text-indent:-2.5em;margin:0 0 .6em}"
           " span.label{display:inline-block;width:2.5em;text-indent:0}")  # the label, then a tab to the indent, as Word sets it

    def hung(text: str) -> str:
        label, rest = text.split(" ", 1)
        return f'<p class="item"><span class="label">{label}</span>{rest}</p>'

    html = (f'<!doctype html><html><head><meta charset="utf-8"><title>會議記錄</title><style>{css}</style></head><body>'
            f'<h1>特別業主大會會議記錄</h1>{hung(item)}{hung(following)}</body></html>')
    document = printed_and_read(html, tmp_path)
    texts = [block.text.replace(" ", "") for article in document.articles for section in article.sections for block in section.blocks]
    assert texts[-2:] == [item.replace(" ", ""), following.replace(" ", "")]


def test_a_standards_term_numbered_on_a_line_of_its_own_is_read_in_place_with_its_number(tmp_path):
    """GB/T 1.1 sets a term's number alone on its line in the margin, the term under it to the right, then the
    definition: the number is read where it stands (not first, as a column of its own), on the term's line."""
    terms = [("3.1", "单方批准", "unilateral approval", "某货包设计只需经原设计国的有关政府部门批准。"),
             ("3.2", "多方批准", "multilateral approval", "除由货包原设计国的有关政府部门批准外，还应由途经国家的有关政府部门批准。")]
    css = ("body{font-family:'Noto Serif CJK SC',serif;font-size:11pt;width:36em} p{margin:0 0 .4em;text-indent:2em}"
           " p.no{text-indent:0} p.term{text-indent:2em} .en{margin-left:3em}")
    entries = "".join(f'<p class="no">{no}</p><p class="term">{term}<span class="en">{english}</span></p><p>{definition}</p>'
                      for no, term, english, definition in terms)
    html = (f'<!doctype html><html><head><meta charset="utf-8"><title>示例运输规程</title><style>{css}</style></head><body>'
            "<h1>示例物品安全运输规程</h1><p class=\"no\">3 术语和定义</p><p>下列术语和定义适用于本标准。</p>"
            f"{entries}</body></html>")
    document = printed_and_read(html, tmp_path)
    texts = [block.text for article in document.articles for section in article.sections for block in section.blocks]
    texts += [section.heading for article in document.articles for section in article.sections if section.heading]
    start = next(i for i, text in enumerate(texts) if text.startswith("下列术语"))
    assert texts[start : start + 5] == ["下列术语和定义适用于本标准。", "3.1 单方批准 unilateral approval", terms[0][3],
                                        "3.2 多方批准 multilateral approval", terms[1][3]]


def test_a_taiwan_law_database_print_keeps_its_articles_and_margin_numbers_in_place(tmp_path):
    """law.moj.gov.tw prints each article's number in bold on its own line, and numbers the article's
    paragraphs in the margin beside their first lines. The numbers are read with their paragraphs (not
    as a column read first), the bold article numbers are lines of text, not sections, and a chapter
    heading does not run on into the article or the section (第 一 節) under it."""
    paragraphs = ["人民身體之自由應予保障。除現行犯之逮捕由法律另定外，非經司法或警察機關依法定程序，不得逮捕拘禁。非由法院依法定程序，不得審問處罰。",
                  "人民因犯罪嫌疑被逮捕拘禁時，其逮捕拘禁機關應將逮捕拘禁原因，以書面告知本人及其本人指定之親友，並至遲於二十四小時內移送該管法院審問。"]
    css = ("body{font-family:'Noto Serif CJK TC',serif;font-size:12pt;width:34em;margin-left:4em} h2{font-size:12pt;font-weight:normal;margin-left:1em}"
           " b{display:block;margin-top:1em} p{margin:0;position:relative} p span{position:absolute;left:-2.2em}")
    numbered = "".join(f"<p><span>{n}</span>{text}</p>" for n, text in enumerate(paragraphs, start=1))
    html = (f'<!doctype html><html><head><meta charset="utf-8"><title>中華民國憲法</title><style>{css}</style></head><body>'
            "<p>法規名稱：中華民國憲法</p><h2>第 二 章 人民之權利義務</h2>"
            "<b>第 7 條</b><p>中華民國人民，無分男女、宗教、種族、階級、黨派，在法律上一律平等。</p>"
            f"<b>第 8 條</b>{numbered}<b>第 9 條</b><p>人民除現役軍人外，不受軍事審判。</p>"
            "<h2>第 十一 章 地方制度</h2><h2>第 一 節 省</h2><b>第 112 條</b><p>省得召集省民代表大會，依據省縣自治通則，制定省自治法。</p></body></html>")
    document = printed_and_read(html, tmp_path)

    def nested(sections):
        for section in sections:
            yield section
            yield from nested(section.subsections)

    sections = [section for article in document.articles for section in nested(article.sections)]
    assert [squeeze(section.heading) for section in sections if section.heading] == ["第二章人民之權利義務", "第十一章地方制度", "第一節省"]
    texts = [squeeze(block.text) for section in sections for block in section.blocks]
    start = texts.index("第8條")
    # 第 9 條 is joined to its text by the cleaning (join_article_numbers), 第 8 條 not: its text starts with a number
    assert texts[start : start + 4] == ["第8條", f"1{paragraphs[0]}", f"2{paragraphs[1]}", "第9條人民除現役軍人外，不受軍事審判。"]


# --- a law set with its article numbers apart from their text, double spaced -----------------------

ARTICLE_PAGES = [("第五条", "国家采取措施，监测、防御、处置来源于中华人民共和国境内外"), ("第二十条", "国家支持企业和高等学校、职业学校等教育培训机构开展网络"),
                 ("第二十四条", "网络运营者为用户办理网络接入、域名注册服务，办理固定电")]


def law_page(number: int, article: str, text: str):
    """A page as a Word export of a law sets it: the article's number, a wide gap, its first line; then a
    running head's place at the top is taken by that line whenever an article opens the page."""
    from jiedu.ingest.readers.pdf.chars import Page

    lines = [typeset(article, 82.0, x0=114.0, size=12.0), typeset(text, 82.0, x0=174.0, size=12.0),
             typeset("的网络安全风险和威胁，保护关键信息基础设施免受攻击、侵入、干扰和破坏，", 106.0, x0=90.0, size=12.0)]
    return Page(number, 595.0, 842.0, ()), lines


def test_an_article_number_opening_page_after_page_is_no_running_head():
    """第五条, 第二十条, 第二十四条 open three pages at the same place: alike once their numbers are blanked,
    as a running head is, but each begins the text beside it, so none is dropped."""
    from jiedu.ingest.readers.pdf.furniture import remove_furniture

    pages, page_lines = zip(*(law_page(n, article, text) for n, (article, text) in enumerate(ARTICLE_PAGES, start=1)))
    kept, dropped = remove_furniture(list(pages), list(page_lines))
    assert [[line.text for line in lines][:2] for lines in kept] == [list(pair) for pair in ARTICLE_PAGES] and not dropped


def test_an_article_number_set_apart_on_its_row_heads_its_paragraph():
    """Double spacing makes every line a block of its own; the number and the text beside it are one row,
    read as one line (第五条 国家…), not as two columns."""
    from jiedu.ingest.readers.pdf.layout import reading_order
    from jiedu.ingest.readers.pdf.paragraphs import stack_to_paragraphs

    _, lines = law_page(1, *ARTICLE_PAGES[0])
    stacks = reading_order(lines, 12.0)
    paragraphs = [p.text for stack in stacks for p in stack_to_paragraphs(stack, 1)]
    assert paragraphs == [f"{ARTICLE_PAGES[0][0]} {ARTICLE_PAGES[0][1]}" + lines[2].text]  # the number, its line, the next


def test_a_contents_of_chapters_spaced_apart_is_no_table():
    """目 录's entries set the chapter number apart from its name (第一章    总      则 / 第二章    网络安全…),
    and the numbers line up down the page: entries, not rows of a table."""
    from jiedu.ingest.readers.pdf.paragraphs import stack_to_paragraphs

    entries = [("第一章", "总", "则"), ("第二章", "网络安全支持与促进"), ("第三章", "网络运行安全")]
    stack = []
    for row, entry in enumerate(entries):
        x = 132.0
        for piece in entry:
            stack.append(typeset(piece, 168.0 + 24 * row, x0=x, size=12.0))
            x += 12.0 * len(piece) + 42.0
    paragraphs = stack_to_paragraphs(stack, 1)
    assert [squeeze(p.text) for p in paragraphs] == ["第一章总则", "第二章网络安全支持与促进", "第三章网络运行安全"]
    assert not any(p.cells for p in paragraphs)


def test_a_running_head_whose_size_ocr_estimates_differently_page_by_page_is_still_one():
    """OCR sizes a scanned standard's running head (GB/T 15834—2011) from its width, 9.5 to 13.5 pt from page to
    page: still one running head; the same words printed twice as large on a cover are its title, kept."""
    from jiedu.ingest.readers.pdf.chars import Page
    from jiedu.ingest.readers.pdf.furniture import remove_furniture

    pages, page_lines = [], []
    for number, size in enumerate((24.0, 13.5, 10.0, 9.5, 12.5), start=1):
        head = typeset("GB/T 15834—2011", 60.0, x0=400.0, size=size)
        body = typeset("标点符号是辅助文字记录语言的符号，是书面语的有机组成部分。", 300.0, x0=90.0, size=10.5)
        pages.append(Page(number, 595.0, 842.0, ()))
        page_lines.append([head, body])
    kept, _ = remove_furniture(pages, page_lines)
    assert [[line.text for line in lines] for lines in kept][:2] == [["GB/T 15834—2011", page_lines[0][1].text], [page_lines[1][1].text]]
    assert all(len(lines) == 1 for lines in kept[1:])


# --- margin numbers beside short lines, centred paragraphs (typeset layout units) -------------------


def test_a_margin_number_beside_a_short_line_at_the_texts_edge_is_its_label():
    """Taiwan's law database numbers an article's paragraphs in the margin: the last paragraph may be one
    short line (本法於左列各業適用之：); its number is still its label. A table's 序号 column, set at
    the text's edge itself, is no margin."""
    from jiedu.ingest.readers.pdf.layout import with_margin_numbers

    law = [typeset("1", 100.0, x0=54.0, size=11.0), typeset("本法於左列各業適用之：", 100.0, x0=76.0, size=11.0),
           typeset("一、農、林、漁、牧業。", 120.0, x0=76.0, size=11.0), typeset("二、礦業及土石採取業。", 140.0, x0=76.0, size=11.0),
           typeset("為規定勞動條件最低標準，保障勞工權益，加強勞雇關係，促進社會與經濟發展，特制定本法；", 160.0, x0=76.0, size=11.0)]
    assert [line.text for line in with_margin_numbers(law, 11.0)][:2] == ["1 本法於左列各業適用之：", "一、農、林、漁、牧業。"]
    table = [typeset("序号", 100.0, x0=76.0), typeset("姓名", 100.0, x0=110.0), typeset("1", 120.0, x0=76.0), typeset("张三", 120.0, x0=110.0),
             typeset("2", 140.0, x0=76.0), typeset("李四", 140.0, x0=110.0),
             typeset("以上人员经考核合格，现予公示，公示期为五个工作日，请各单位认真核对。", 160.0, x0=76.0)]
    assert [line.text for line in with_margin_numbers(table, 10.0)] == [line.text for line in table]


def test_a_numbered_paragraph_goes_on_past_a_line_ending_in_a_semicolon():
    """The margin number hangs left of where the paragraph starts: its next line, at that start, goes on
    from it (…特制定本法； / 本法未規定者，…), however the first line ends."""
    from jiedu.ingest.readers.pdf.layout import with_margin_numbers
    from jiedu.ingest.readers.pdf.paragraphs import horizontal_paragraphs

    lines = [typeset("1", 198.0, x0=54.0, size=11.0), typeset("為規定勞動條件最低標準，保障勞工權益，加強勞雇關係，促進社會與經濟發展，特制定本法；", 198.0, x0=76.0, size=11.0),
             typeset("本法未規定者，適用其他法律之規定。", 218.0, x0=76.0, size=11.0),
             typeset("2", 238.0, x0=54.0, size=11.0), typeset("雇主與勞工所訂勞動條件，不得低於本法所定之最低標準。", 238.0, x0=76.0, size=11.0)]
    texts = [paragraph.text for paragraph in horizontal_paragraphs(with_margin_numbers(lines, 11.0), 1, 0)]
    assert texts == ["1 為規定勞動條件最低標準，保障勞工權益，加強勞雇關係，促進社會與經濟發展，特制定本法；本法未規定者，適用其他法律之規定。",
                     "2 雇主與勞工所訂勞動條件，不得低於本法所定之最低標準。"]


# --- a line alone between wide gaps does not run on into the next one down ---------------------------

def constitution_opening_html() -> str:
    """A constitution's first page as a Word file prints it: the history note, 目 录 centred and set
    apart, the contents, and 序 言 in body type over the preamble."""
    spaced = 'style="letter-spacing:2em"'
    css = ("body{font-family:'Noto Serif CJK SC',serif;font-size:12pt} h1{font-size:18pt;text-align:center} p{margin:0;text-indent:2em}"
           " .centre{text-align:center;text-indent:0;margin:2.5em 0} .toc{text-indent:0}")
    contents = ["序言", "第一章 总纲", "第二章 公民的基本权利和义务", "第三章 国家机构"]
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>示例宪法</title><style>{css}</style></head><body>'
            "<h1>中华人民共和国宪法</h1><p>（1982年12月4日第五届全国人民代表大会第五次会议通过）</p>"
            f'<p class="centre"><span {spaced}>目录</span></p>' + "".join(f'<p class="toc">{entry}</p>' for entry in contents)
            + f'<p class="centre"><span {spaced}>序言</span></p>'
            "<p>中国是世界上历史最悠久的国家之一。中国各族人民共同创造了光辉灿烂的文化，具有光荣的革命传统。</p>"
            "<p>二十世纪，中国发生了翻天覆地的伟大历史变革。</p>"
            "<p>第一章 总纲</p><p>第一条 中华人民共和国是工人阶级领导的、以工农联盟为基础的人民民主专政的社会主义国家。</p>"
            "<p>第二章 公民的基本权利和义务</p><p>第二条 中华人民共和国公民在法律面前一律平等。</p>"
            "<p>第三章 国家机构</p><p>第三条 中华人民共和国的国家机构实行民主集中制的原则。</p></body></html>")


def test_a_contents_title_set_apart_does_not_run_on_into_its_first_entry(tmp_path):
    """目 录, centred between wide gaps, is a stack of one line: it fills its own width, yet does not reach
    the edge of the text on its page, so it does not run on into 序 言 below. The contents then go as
    contents, and 序 言 over the preamble heads it."""
    document = printed_and_read(constitution_opening_html(), tmp_path)
    blocks = [block for article in document.articles for section in article.sections for block in section.blocks]
    texts = [block.text.replace(" ", "") for block in blocks]
    assert not any("目录" in text for text in texts)
    preface = texts.index("序言")
    assert blocks[preface].kind is BlockKind.HEADING and texts[preface + 1].startswith("中国是世界上历史最悠久的国家之一")
    assert [section.heading.replace(" ", "") for article in document.articles for section in article.sections if section.heading] == [
        "第一章总纲", "第二章公民的基本权利和义务", "第三章国家机构"]


def test_lines_set_far_apart_join_where_they_fill_the_line_and_a_list_of_names_stays_a_list(tmp_path):
    """Lines set wider apart than a body size are cut into stacks of one line each. A line that reaches the
    text's right edge still runs on into the next; a list of members' names, each shorter, stays a list."""
    css = "body{font-family:'Noto Serif CJK SC',serif;font-size:12pt;line-height:2.6} p{margin:0}"
    names = ["主席曾鈺成議員，G.B.S., J.P.", "何俊仁議員", "李卓人議員", "涂謹申議員"]
    speech = ("林健鋒議員：據報，法定最低工資的實施改變了勞動市場的薪酬結構，引致部分行業出現人手短缺，"
              "而僱主亦須承擔額外的成本。就此，政府可否告知本會，當局有否評估法定最低工資對各行業的影響，以及會否考慮調整有關水平？")
    html = (f'<!doctype html><html><head><meta charset="utf-8"><title>會議過程正式紀錄</title><style>{css}</style></head><body>'
            "<h1>立法會會議過程正式紀錄</h1><p>出席會議的議員：</p>" + "".join(f"<p>{name}</p>" for name in names)
            + f"<p>{speech}</p></body></html>")
    document = printed_and_read(html, tmp_path)
    texts = [block.text for article in document.articles for section in article.sections for block in section.blocks]
    assert [text.replace(" ", "") for text in texts if "議員" in text and "：" not in text] == [name.replace(" ", "") for name in names]
    assert speech in [text.replace("，G.B.S.", ",G.B.S.") for text in texts]


# --- a font size written negative, the text matrix mirrored back ---------------------------------------

def pdf_with_text(lines: list[tuple[float, float, str]], negative: bool) -> bytes:
    """A one-page PDF of Helvetica lines (size, baseline from the top, text), each set as PDFlib writes it
    when `negative`: ``-size Tf`` with a text matrix that mirrors the glyphs upright again."""
    stream = "".join(
        f"BT /F1 {-size if negative else size} Tf {'-1 0 0 -1' if negative else '1 0 0 1'} 72 {842 - top} Tm ({text}) Tj ET\n"
        for size, top, text in lines).encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("negative", [False, True], ids=["positive", "negative-size"])
def test_a_font_size_written_negative_reads_as_its_magnitude(negative):
    """A book's appendix made with PDFlib wrote every size negative: every line was a heading and every
    word its own block. Sizes are magnitudes, so the page reads as one set the ordinary way."""
    lines = [(18, 100, "Anti-monopoly Law"),
             (10.5, 140, "Article 1 This Law is formulated for the purpose of preventing and restraining monopolistic"),
             (10.5, 154, "conduct and protecting fair competition."),
             (10.5, 190, "Article 2 This Law applies to monopolistic conduct in economic activities within the country.")]
    [reading] = read_bytes(pdf_with_text(lines, negative))
    assert [(block.kind, block.text) for block in reading.blocks] == [
        (BlockKind.HEADING, "Anti-monopoly Law"),
        (BlockKind.PARAGRAPH, lines[1][2] + " " + lines[2][2]),
        (BlockKind.PARAGRAPH, lines[3][2])]


def test_an_indented_blocks_lines_run_on_though_their_starts_jitter_by_half_an_em():
    """Word, justifying a ruling's summary on its character grid, starts its lines up to half an em apart
    (101.5 to 109.5 points at 16): they are one paragraph; the next paragraph's indent is wider."""
    from jiedu.ingest.readers.pdf.paragraphs import horizontal_paragraphs

    lines = [typeset("五、112年度台抗字第1465號（裁判書全文）", 236.0, x0=79.5, size=16.0),
             typeset("鑑於沒收固為獨立之法律效果，然仍以犯罪（違法）行為", 262.0, x0=109.5, size=16.0),
             typeset("之存在為前提，兩者間即具有一定之依存關係，為避免參", 288.0, x0=101.5, size=16.0),
             typeset("與人沒收裁判確定後，其所依附之前提即關於犯罪行為之", 314.0, x0=108.2, size=16.0),
             typeset("罪刑部分動搖。", 340.0, x0=101.5, size=16.0),
             typeset("參考法條：刑事訴訟法第376條第1項。", 366.0, x0=140.0, size=16.0)]
    texts = [paragraph.text for paragraph in horizontal_paragraphs(lines, 1, 0)]
    assert texts == [lines[0].text, "".join(line.text for line in lines[1:5]), lines[5].text]


def test_the_last_short_line_of_a_page_does_not_run_on_into_the_next_page():
    """A Hansard's list of members ends one page with a name alone in its stack: that stack's one line fills
    it, yet stops far short of the page's text, so the next page's first name starts a paragraph. A full
    line that ends a page still runs on."""
    from jiedu.ingest.readers.pdf.blocks import join_across_pages
    from jiedu.ingest.readers.pdf.paragraphs import horizontal_paragraphs

    full = "出席會議的議員及獲委派出席的官員名單如下，會議由主席主持並按議程處理各項事務。"
    page_one = [horizontal_paragraphs([typeset(full, 100.0, x0=68.0, size=14.0)], 1, 0),
                horizontal_paragraphs([typeset("李國麟議員，S.B.S., J.P.", 744.0, x0=68.0, size=14.0)], 1, 1)]
    page_two = horizontal_paragraphs([typeset("林健鋒議員，G.B.S., J.P.", 80.0, x0=68.0, size=14.0)], 2, 2)
    texts = [paragraph.text for paragraph in join_across_pages([p for stack in page_one for p in stack] + page_two)]
    assert texts[-2:] == ["李國麟議員，S.B.S., J.P.", "林健鋒議員，G.B.S., J.P."]

    ends_page = horizontal_paragraphs([typeset(full[:-1] + "並", 744.0, x0=68.0, size=14.0)], 1, 1)
    goes_on = horizontal_paragraphs([typeset("記錄在案。", 80.0, x0=68.0, size=14.0)], 2, 2)
    texts = [paragraph.text for paragraph in join_across_pages(page_one[0] + ends_page + goes_on)]
    assert texts[-1] == full[:-1] + "並記錄在案。"
