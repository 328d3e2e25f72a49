"""Reader for PDF files with a text layer: blocks from the characters' positions and type sizes.

Steps: characters (pypdfium2) -> ruled tables read cell by cell (`rules`) ->
the other characters into lines -> page furniture removed -> columns and blocks
in reading order (XY-cut), each table put where it stands -> paragraphs ->
headings, captions and, on a newspaper page, one article per headline. A page
with no text layer is read by OCR first (`ocr`), when the `ocr` extra is installed.
"""

from __future__ import annotations

from ....model import Problem
from ...contract import ReadContext, Reading, UnreadableFile
from .blocks import body_size, join_across_pages, paragraphs_to_blocks
from .chars import open_document, read_pages
from .furniture import remove_furniture
from .layout import reading_order, with_margin_numbers
from .lines import chars_to_lines
from .metadata import document_metadata
from .ocr import with_ocr
from .paragraphs import stack_to_paragraphs
from .rules import Grid, ruled_tables, table_paragraphs

__all__ = ["read_pdf"]


def read_pdf(data: bytes, context: ReadContext) -> list[Reading]:
    """The PDF as one Reading of blocks; UnreadableFile when it is not a PDF, is locked or has no text."""
    document = open_document(data)
    try:
        try:
            pages = read_pages(document)
            info = document.get_metadata_dict()
        except Exception as error:  # PDFium reports damage on any page as a generic error
            raise UnreadableFile(f"the PDF is damaged and cannot be read ({error})") from None
        pages, notes = with_ocr(document, pages, enabled=ocr_setting(context.settings))
    finally:
        document.close()
    if not any(page.chars for page in pages):
        raise UnreadableFile(no_text_message(pages, notes))
    tables = [ruled_tables(page.rules, page.chars) if page.rules else [] for page in pages]
    page_lines = [chars_to_lines(outside_tables(page.chars, found)) for page, found in zip(pages, tables)]
    page_lines, dropped = remove_furniture(pages, page_lines)
    body = body_size([line for lines in page_lines for line in lines if not line.vertical])
    stacks = [(page.number, part) for page, lines, found in zip(pages, page_lines, tables) for part in with_tables(reading_order(with_margin_numbers(lines, body[0]), body[0]), found)]
    paragraphs = [p for number, (page, part) in enumerate(stacks) for p in part_to_paragraphs(part, page, number)]
    blocks = paragraphs_to_blocks(join_across_pages(paragraphs), body)
    return [
        Reading(
            blocks=tuple(blocks),
            text="",
            metadata=document_metadata(info, blocks),
            dropped=tuple(dropped),
            problems=tuple(Problem(context.display_path, None, note) for note in notes),
            encoding="binary",
        )
    ]


def outside_tables(chars: tuple, tables: list) -> tuple:
    """The page's characters that no ruled table holds (those are read cell by cell)."""
    if not tables:
        return chars
    return tuple(char for char in chars if not any(grid.holds(char) for grid, _ in tables))


def with_tables(stacks: list[list], tables: list) -> list:
    """The page's stacks in reading order with each ruled table, as (Grid, cells), put where it stands:
    a stack that runs past the table's top and bottom is cut there, and the table goes before the first
    stack under it that shares its columns (at the end when none does)."""
    parts: list = list(stacks)
    for grid, cells in sorted(tables, key=lambda table: table[0].ys[0]):
        x0, top, x1, bottom = grid.box
        cut: list = []
        for part in parts:
            if isinstance(part, tuple):
                cut.append(part)
                continue
            above = [line for line in part if line.bottom <= top + 1]
            below = [line for line in part if line.bottom > top + 1]
            cut += [piece for piece in (above, below) if piece]
        at = next((i for i, part in enumerate(cut) if not isinstance(part, tuple) and min(line.top for line in part) >= bottom - 1
                   and min(line.x0 for line in part) < x1 and max(line.x1 for line in part) > x0), len(cut))
        parts = cut[:at] + [(grid, cells)] + cut[at:]
    return parts


def part_to_paragraphs(part, page: int, number: int) -> list:
    if isinstance(part, tuple):
        return table_paragraphs(part[1], page, number)
    return stack_to_paragraphs(part, page, number)


def ocr_setting(settings: dict) -> bool:
    """``[readers.pdf] ocr = false`` in site.toml turns OCR off.

    >>> ocr_setting({}), ocr_setting({"pdf": {"ocr": False}}), ocr_setting({"dataset": {"text": "body"}})
    (True, False, True)
    """
    pdf = settings.get("pdf")
    return not (isinstance(pdf, dict) and pdf.get("ocr") is False)


def no_text_message(pages: list, notes: list[str]) -> str:
    """Why a PDF gave no text: its pages have no text layer, and OCR was off, missing or found nothing."""
    return notes[0] if notes else f"the PDF's {len(pages)} page(s) have no text layer and draw nothing"
