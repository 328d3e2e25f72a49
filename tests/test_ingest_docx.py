"""The Word reader: the corpus's .docx files read as a user expects, and small made-up packages for edge cases."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from jiedu.ingest.contract import ReadContext, UnreadableFile
from jiedu.ingest.readers.docx import read_docx
from jiedu.model import BlockKind

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "formats"


def read_corpus_file(name: str):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {name} not here")
    [reading] = read_docx(path.read_bytes(), ReadContext(name, ".docx"))
    return reading


def texts(reading, kind=None) -> list[str]:
    return [b.text for b in reading.blocks if kind is None or b.kind == kind]


# --- the corpus, checked by reading each file ---

CIVIL_SERVICE = "docx_2022_civil_service_exam_syllabus_central_organs.docx"
TEACHER_PROGRAMS = "docx_moe_2022_accredited_teacher_education_programs_table.docx"
FLAG_LAW = "docx_npc_national_flag_law_altchunk_mht.docx"

HEADINGS = [
    # (file, headings in order that Word's styles make headings)
    (CIVIL_SERVICE, ["大纲1", "中央机关及其直属机构2022年度考试录用公务员公共科目笔试考试大纲"]),
    (TEACHER_PROGRAMS, []),
]

WHOLE_PARAGRAPHS = [
    # (file, a paragraph that must come out as one block, exactly)
    (CIVIL_SERVICE, "为便于报考者充分了解中央机关及其直属机构2022年度考试录用公务员公共科目笔试，特制定本大纲。"),
    (CIVIL_SERVICE, "公共科目笔试全部采用闭卷考试的方式。其中，行政职业能力测验为客观性试题，考试时限120分钟，满分100分。申论为主观性试题，考试时限180分钟，满分100分。"),
    (CIVIL_SERVICE, "A．地域性 国际性 B．实践性 理论性"),  # runs of no-break spaces between options: one space
    (TEACHER_PROGRAMS, "2022年通过普通高等学校师范类专业认证的专业名单"),
    (FLAG_LAW, "第二条 中华人民共和国国旗是五星红旗。中华人民共和国国旗按照中国人民政治协商会议第一届全体会议主席团公布的国旗制法说明制作。"),
    (FLAG_LAW, "第二十四条 本法自1990年10月1日起施行。"),
]


@pytest.mark.parametrize(("name", "headings"), HEADINGS)
def test_headings_come_from_word_styles(name, headings):
    assert texts(read_corpus_file(name), BlockKind.HEADING) == headings


@pytest.mark.parametrize(("name", "paragraph"), WHOLE_PARAGRAPHS)
def test_paragraph_comes_out_whole(name, paragraph):
    assert paragraph in texts(read_corpus_file(name))


def test_civil_service_table_sits_between_its_paragraphs_with_caption_and_header():
    reading = read_corpus_file(CIVIL_SERVICE)
    blocks = reading.blocks
    caption = next(i for i, b in enumerate(blocks) if b.kind == BlockKind.CAPTION)
    assert blocks[caption].text == "2019年我国部分城市地铁运营状况"
    assert blocks[caption - 1].text == "2019年末，我国城轨交通配属地铁列车6178列，全年实现地铁客运量227.76亿人次。"
    header = blocks[caption + 1]
    assert header.kind == BlockKind.TABLE_ROW and header.attr("header") == "1"
    assert header.cells == ("", "运营线路长度（公里）", "运营线路条数（条）", "配属地铁列车（列）", "客运量（亿人次）")
    assert blocks[caption + 2].cells == ("上海", "669.5", "15", "898", "38.7")
    rows = [b for b in blocks if b.kind == BlockKind.TABLE_ROW]
    assert len(rows) == 14
    after_table = blocks[caption + 1 + len(rows)]
    assert after_table.text == "注：除客运量为全年数值外，其余指标为年末时点值。"


def test_civil_service_template_properties_are_not_taken_for_metadata():
    # core.xml: created 2014 (the template; the syllabus is for 2022), creator "Sj" (an account name)
    assert read_corpus_file(CIVIL_SERVICE).metadata == {}


def test_teacher_programs_tables_keep_every_row_and_their_place():
    reading = read_corpus_file(TEACHER_PROGRAMS)
    rows = [b for b in reading.blocks if b.kind == BlockKind.TABLE_ROW]
    assert len(rows) == 6 + 382  # two tables: header + 5 rows, header + 381 rows
    headers = [b for b in rows if b.attr("header") == "1"]
    assert [h.cells[:4] for h in headers] == [("序号", "学校名称", "专业名称", "层次")] * 2
    assert rows[-1].cells == ("381", "喀什大学", "学前教育", "本科", "学前教育", "有条件通过", "2022年7月", "2028年6月")
    kinds = [(b.kind, b.text) for b in reading.blocks]
    between = kinds.index((BlockKind.PARAGRAPH, "第二级认证"))
    assert kinds[between - 2 : between + 2] == [  # the label of the second table stays between the tables
        (BlockKind.TABLE_ROW, rows[5].text),
        (BlockKind.PARAGRAPH, "第三级认证"),
        (BlockKind.PARAGRAPH, "第二级认证"),
        (BlockKind.TABLE_ROW, rows[6].text),
    ]
    assert any(b.cells[1] == "河北民族师范学院" for b in rows)  # a name wrapped over two lines of a cell


def test_teacher_programs_metadata_keeps_the_date_but_not_the_uploaders_account():
    metadata = read_corpus_file(TEACHER_PROGRAMS).metadata
    assert metadata.get("date") == "2022-06-27"
    assert "author" not in metadata  # "西大教务" is the account that saved it, printed nowhere in the document


def test_flag_law_altchunk_is_read_from_its_mhtml_part():
    reading = read_corpus_file(FLAG_LAW)
    assert texts(reading, BlockKind.HEADING)[0] == "中华人民共和国国旗法"
    assert len(reading.blocks) > 60
    assert not any("=E5" in text or "<p>" in text for text in texts(reading))
    assert reading.encoding == "binary"


# --- made-up packages ---

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def make_docx(body: str, parts: dict[str, tuple[str, bytes]] | None = None, styles: str = "") -> bytes:
    """A minimal .docx: `body` is the XML inside <w:body>; `parts` maps rId → (reltype + target name, bytes)."""
    parts = dict(parts or {})
    if styles:
        parts["rIdStyles"] = ("styles styles.xml", f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>'.encode())
    overrides = {
        "styles": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
        "numbering": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
        "footnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    }
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="html" ContentType="text/html"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        + "".join(f'<Override PartName="/word/{spec.split()[1]}" ContentType="{overrides[spec.split()[0]]}"/>' for spec, _ in parts.values() if spec.split()[0] in overrides)
        + "</Types>"
    )
    rels = "".join(f'<Relationship Id="{rid}" Type="{REL_TYPE}{spec.split()[0]}" Target="{spec.split()[1]}"/>' for rid, (spec, _) in parts.items())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_TYPE}officeDocument" Target="word/document.xml"/></Relationships>')
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>')
        archive.writestr("word/_rels/document.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        for spec, blob in parts.values():
            if spec.split()[1] != "../NULL":
                archive.writestr(f"word/{spec.split()[1]}", blob)
    return out.getvalue()


def p(text: str, ppr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def read(data: bytes):
    [reading] = read_docx(data, ReadContext("made-up.docx", ".docx"))
    return reading


HEADING_STYLES = (
    '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="MyHead"><w:name w:val="章节"/><w:basedOn w:val="Outline"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Outline"><w:name w:val="大纲"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
)


@pytest.mark.parametrize(
    ("ppr", "kind", "level"),
    [
        ('<w:pStyle w:val="1"/>', BlockKind.HEADING, 1),  # built-in "heading 1" under a WPS style id
        ('<w:pStyle w:val="a5"/>', BlockKind.HEADING, 2),  # Chinese style name
        ('<w:pStyle w:val="MyHead"/>', BlockKind.HEADING, 3),  # outline level inherited through basedOn
        ('<w:outlineLvl w:val="0"/>', BlockKind.HEADING, 1),  # outline level on the paragraph itself
        ('<w:outlineLvl w:val="9"/>', BlockKind.PARAGRAPH, 0),  # 9 is Word's "body text"
        ("", BlockKind.PARAGRAPH, 0),
    ],
)
def test_what_makes_a_heading(ppr, kind, level):
    [block] = read(make_docx(p("一、总体要求", ppr), styles=HEADING_STYLES)).blocks
    assert (block.kind, block.level, block.text) == (kind, level, "一、总体要求")


def test_title_style_becomes_the_title_not_a_block():
    reading = read(make_docx(p("关于做好", '<w:pStyle w:val="Title"/>') + p("有关工作的通知", '<w:pStyle w:val="Title"/>') + p("正文。"), styles=HEADING_STYLES))
    assert reading.metadata["title"] == "关于做好有关工作的通知"
    assert texts(reading) == ["正文。"]


NUMBERING = (
    f'<w:numbering xmlns:w="{W_NS}">'
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/><w:rPr><w:rFonts w:ascii="Symbol"/></w:rPr></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    "</w:numbering>"
).encode()


def numbered(num_id: int, level: int) -> str:
    return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'


def test_numbering_makes_list_items_with_a_marker_only_when_it_is_text():
    body = p("甲", numbered(1, 0)) + p("乙", numbered(1, 1)) + p("丙", numbered(2, 0))
    blocks = read(make_docx(body, {"rIdNum": ("numbering numbering.xml", NUMBERING)})).blocks
    assert [(b.kind, b.level, b.attr("marker")) for b in blocks] == [
        (BlockKind.LIST_ITEM, 1, "●"),  # a literal bullet
        (BlockKind.LIST_ITEM, 2, ""),  # a Symbol-font picture, not text
        (BlockKind.LIST_ITEM, 1, ""),  # "%1." is counted by Word, not in the text
    ]


def test_tables_stay_in_place_merged_cells_once_header_flagged():
    cell = lambda text, tcpr="": f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{p(text)}</w:tc>"
    merge_start, merge_continue = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    table = (
        "<w:tbl>"
        f'<w:tr><w:trPr><w:tblHeader/></w:trPr>{cell("地区")}{cell("指标")}</w:tr>'
        f'<w:tr>{cell("华东", merge_start)}{cell("1")}</w:tr>'
        f'<w:tr>{cell("", merge_continue)}{cell("2")}</w:tr>'
        "</w:tbl>"
    )
    blocks = read(make_docx(p("表前。") + table + p("表后。"))).blocks
    assert [b.kind for b in blocks] == [BlockKind.PARAGRAPH, *[BlockKind.TABLE_ROW] * 3, BlockKind.PARAGRAPH]
    assert [(b.cells, b.attr("header")) for b in blocks[1:4]] == [(("地区", "指标"), "1"), (("华东", "1"), ""), (("", "2"), "")]
    assert blocks[1].text == "地区\t指标"


def test_one_column_layout_table_gives_its_paragraphs():
    table = f"<w:tbl><w:tr><w:tc>{p('第一段。')}{p('第二段。')}</w:tc></w:tr></w:tbl>"
    assert [(b.kind, b.text) for b in read(make_docx(table)).blocks] == [(BlockKind.PARAGRAPH, "第一段。"), (BlockKind.PARAGRAPH, "第二段。")]


def test_footnotes_are_appended_with_their_number_and_reported():
    body = '<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:t>。</w:t></w:r></w:p>'
    notes = (
        f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="2">{p(" 见《条例》第三条。")}</w:footnote></w:footnotes>'
    ).encode()
    reading = read(make_docx(body, {"rIdFn": ("footnotes footnotes.xml", notes)}))
    assert texts(reading) == ["正文[1]。", "[1] 见《条例》第三条。"]
    assert reading.dropped and "footnote" in reading.dropped[0].note


def test_line_breaks_split_paragraphs_but_not_headings_and_hidden_text_is_left_out():
    body = (
        '<w:p><w:r><w:t>（一）第一项；</w:t><w:br/><w:t>（二）第二项。</w:t></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>关于印发</w:t><w:br/><w:t>某办法的通知</w:t></w:r></w:p>'
    )
    assert texts(read(make_docx(body))) == ["（一）第一项；", "（二）第二项。", "关于印发某办法的通知"]


def test_relationship_to_a_missing_part_is_ignored():
    # WPS writes image relationships with Target="../NULL"; python-docx alone refuses such a file
    reading = read(make_docx(p("正文。"), {"rIdImg": ("image ../NULL", b"")}))
    assert texts(reading) == ["正文。"]


def test_altchunk_html_part_is_read_with_the_html_reader():
    html = "<html><head><style>p{}</style></head><body><h1>某法</h1><p>第一条 为了规范。</p></body></html>".encode()
    reading = read(make_docx('<w:altChunk r:id="rIdHtml"/>', {"rIdHtml": ("aFChunk chunk.html", html)}))
    assert texts(reading) == ["某法", "第一条 为了规范。"]


@pytest.mark.parametrize(
    ("data", "message_part"),
    [
        (b"", "not a Word .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "save it as .docx"),
        (b"PK\x03\x04 truncated", "not a Word .docx"),
        (make_docx(p("正文。"))[:200], "not a Word .docx"),
        (make_docx("<w:sectPr/>"), "no text"),
    ],
    ids=["empty", "legacy .doc", "bad zip", "truncated", "no text"],
)
def test_unreadable_files_say_why(data, message_part):
    with pytest.raises(UnreadableFile, match=message_part.replace(".", r"\.")):
        read_docx(data, ReadContext("bad.docx", ".docx"))


def test_zip_without_a_word_document_is_unreadable():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "你好")
    with pytest.raises(UnreadableFile):
        read_docx(out.getvalue(), ReadContext("bad.docx", ".docx"))


def test_a_text_box_holding_one_character_a_line_is_one_paragraph():
    """A form's photo box reads 一 / 寸 / 照 / 片 top to bottom: one paragraph 一寸照片, after the paragraph that
    anchors it; a text box of sentences keeps its paragraphs."""
    box = "".join(p(char) for char in "一寸照片")
    body = f"<w:p><w:r><w:t>附件1：</w:t></w:r><w:r><w:txbxContent>{box}</w:txbxContent></w:r></w:p>" + p("河北省食品药品从业人员健康检查表")
    body += f"<w:p><w:r><w:txbxContent>{p('第一段。')}{p('第二段。')}</w:txbxContent></w:r></w:p>"
    assert texts(read(make_docx(body))) == ["附件1：", "一寸照片", "河北省食品药品从业人员健康检查表", "第一段。", "第二段。"]
