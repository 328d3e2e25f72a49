"""Scanned PDF pages read by OCR: a real law printed to PDF, its pages turned into images, read again.

The scans are made here from a PDF of the format corpus (rendered at 150 dpi, as a
scanner would give them, and put back into a PDF with no text layer), so the text
the OCR must find is known: the text layer of the same pages.
"""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

import pytest

from jiedu.ingest.contract import ReadContext, UnreadableFile
from jiedu.ingest.readers.pdf import ocr, read_pdf

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "formats"
LAW = "pdf_npc_legislation_law_browser_printed.pdf"
DPI = 150


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def folded(text: str) -> str:
    """OCR reads full-width brackets as ASCII ones; the cleaning stage makes them full-width again."""
    return squeeze(text).translate(str.maketrans("()", "（）"))


def law_pdf() -> bytes:
    if not (CORPUS / LAW).is_file():
        pytest.skip("format corpus not present")
    return (CORPUS / LAW).read_bytes()


def with_pages_scanned(data: bytes, pages: list[int], scanned: set[int]) -> bytes:
    """A PDF of the given pages (0-based) of `data`; those in `scanned` replaced by an image of themselves."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(data)
    result = pdfium.PdfDocument.new()
    for index in pages:
        if index not in scanned:
            result.import_pages(source, [index])
            continue
        page = source[index]
        width, height = page.get_size()
        bitmap = page.render(scale=DPI / 72)
        new = result.new_page(width, height)
        image = pdfium.PdfImage.new(result)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        new.insert_obj(image)
        new.gen_content()
    buffer = io.BytesIO()
    result.save(buffer)
    return buffer.getvalue()


def read(data: bytes, settings: dict | None = None):
    return read_pdf(data, ReadContext("scan.pdf", ".pdf", settings or {}))[0]


needs_ocr = pytest.mark.skipif(not ocr.ocr_available(), reason="needs the ocr extra (pip install 'jiedu[ocr]')")


@needs_ocr
def test_a_scanned_law_reads_as_its_text_layer_does():
    """Two scanned pages of the Legislation Law come back with the text layer's title, headings and
    articles; OCR drops the space after 第一条, and may misread a character or two in a thousand
    (here 〈 as 《, once in 1,613 characters)."""
    data = law_pdf()
    scanned = read(with_pages_scanned(data, [0, 1], {0, 1}))
    printed = read(with_pages_scanned(data, [0, 1], set()))
    assert scanned.metadata["title"] == printed.metadata["title"] == "中华人民共和国立法法"
    assert [problem.message for problem in scanned.problems] == [
        "its 2 pages have no text layer and were read by OCR; check names and figures against the scan"]
    ocr_text, layer_text = (folded("".join(block.text for block in reading.blocks)) for reading in (scanned, printed))
    assert difflib.SequenceMatcher(None, ocr_text, layer_text, autojunk=False).ratio() > 0.995
    articles = [folded(block.text) for block in scanned.blocks if squeeze(block.text).startswith("第")]
    assert articles == [folded(block.text) for block in printed.blocks if squeeze(block.text).startswith("第")]
    headings = [squeeze(block.text) for block in scanned.blocks if block.kind.name == "HEADING"]
    assert "第一章总则" in headings and "第二章法律" in headings


@needs_ocr
def test_a_scanned_page_among_printed_ones_is_read_in_its_place():
    data = law_pdf()
    reading = read(with_pages_scanned(data, [0, 1, 2], {1}))
    assert [problem.message for problem in reading.problems] == [
        "page 2 has no text layer and was read by OCR; check names and figures against the scan"]
    text = squeeze("".join(block.text for block in reading.blocks))
    assert text.index("第一条") < text.index("第六条") < text.index("第十条")  # 第六条 is on the scanned page


def test_with_ocr_off_a_scan_is_an_error_that_names_the_setting():
    with pytest.raises(UnreadableFile, match=r"\[readers\.pdf\] ocr = false"):
        read(with_pages_scanned(law_pdf(), [0], {0}), {"pdf": {"ocr": False}})


def test_without_the_ocr_extra_a_scan_is_an_error_that_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(ocr, "ocr_engine", lambda: None)
    with pytest.raises(UnreadableFile, match=r"pip install 'jiedu\[ocr\]'"):
        read(with_pages_scanned(law_pdf(), [0], {0}))


def test_without_the_ocr_extra_printed_pages_are_read_and_the_scanned_one_named(monkeypatch):
    monkeypatch.setattr(ocr, "ocr_engine", lambda: None)
    reading = read(with_pages_scanned(law_pdf(), [0, 1], {1}))
    assert "第一条" in "".join(block.text for block in reading.blocks)
    assert [problem.message.split(":")[0] for problem in reading.problems] == [
        "page 2 has no text layer (a scan?) and was left out"]
