"""The legacy Word (.doc) reader: paragraphs and tables in order, fields shown as their results, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.ingest.contract import ReadContext, UnreadableFile
from jiedu.ingest.files import read_document_file
from jiedu.ingest.readers.doc import read_doc
from jiedu.model import BlockKind
from word97 import make_doc

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def read(data: bytes):
    [reading] = read_doc(data, ReadContext("名单.doc", ".doc"))
    return reading


def test_paragraphs_and_a_table_come_out_in_order_with_the_header_row_marked():
    data = make_doc([
        ("南昌海关", "body"),
        ("2023年度拟录用公务员公示公告", "body"),
        ("序号", "cell"), ("姓名", "cell"), ("", "row"),
        ("1", "cell"), ("袁敏", "cell"), ("", "row"),
        ("公示时间：2023年5月22日至5月26日", "body"),
    ])
    blocks = read(data).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.PARAGRAPH, "南昌海关"),
        (BlockKind.PARAGRAPH, "2023年度拟录用公务员公示公告"),
        (BlockKind.TABLE_ROW, "序号\t姓名"),
        (BlockKind.TABLE_ROW, "1\t袁敏"),
        (BlockKind.PARAGRAPH, "公示时间：2023年5月22日至5月26日"),
    ]
    assert blocks[2].cells == ("序号", "姓名") and dict(blocks[2].attrs).get("header") == "1"
    assert not blocks[3].attrs


def test_empty_cells_keep_their_column():
    blocks = read(make_doc([("9", "cell"), ("", "cell"), ("梁中兴", "cell"), ("", "row")])).blocks
    assert [b.cells for b in blocks] == [("9", "", "梁中兴")]


def test_a_field_shows_its_result_and_anchors_leave_no_text():
    text = "详见\x13 HYPERLINK \"http://www.gov.cn\" \x14中国政府网\x15。\x01"
    assert [b.text for b in read(make_doc([(text, "body")])).blocks] == ["详见中国政府网。"]


def test_a_doc_file_is_read_through_the_registry_and_titled_by_its_two_title_lines(tmp_path):
    path = tmp_path / "公告.doc"
    path.write_bytes(make_doc([("南昌海关", "body"), ("2023年度拟录用公务员公示公告", "body"), ("根据有关要求，现予以公示。", "body")]))
    [document], problems = read_document_file(path, path.name)
    assert not [p for p in problems if p.severity == "error"]
    assert document.format == "doc"
    from pipeline import cleaned_and_structured

    _cleaned, structured = cleaned_and_structured(document)
    assert structured.title == "南昌海关2023年度拟录用公务员公示公告"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (make_doc([("正文。", "body")], encrypted=True), "password-protected"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "container is damaged"),
        (make_doc([("", "body")]), "no text"),
        (make_doc([("正文。", "body")], n_fib=0x0068), "Word 6 or 95"),
    ],
    ids=["encrypted", "broken container", "no text", "Word 95"],
)
def test_unreadable_doc_files_say_why(data, message):
    with pytest.raises(UnreadableFile, match=message):
        read(data)


def test_real_doc_files_in_shared_are_read_with_their_tables():
    found = sorted(SHARED.glob("corpus/**/*.doc"))
    if not found:
        pytest.skip("no .doc file in ../shared yet")
    for path in found:
        [reading] = read_doc(path.read_bytes(), ReadContext(path.name, ".doc"))
        assert any(b.kind is BlockKind.PARAGRAPH and len(b.text) > 4 for b in reading.blocks), path.name
