"""Reader for PDF files with a text layer: blocks from the characters' positions and type sizes.

Steps: characters (pypdfium2) -> lines -> page furniture removed -> columns and
blocks in reading order (XY-cut) -> paragraphs -> headings, captions and, on a
newspaper page, one article per headline. Scanned pages need OCR first.
"""

from __future__ import annotations

from ...contract import ReadContext, Reading, UnreadableFile
from .blocks import body_size, join_across_pages, paragraphs_to_blocks
from .chars import open_document, read_pages
from .furniture import remove_furniture
from .layout import reading_order
from .lines import chars_to_lines
from .metadata import document_metadata
from .paragraphs import stack_to_paragraphs

__all__ = ["read_pdf"]


def read_pdf(data: bytes, context: ReadContext) -> list[Reading]:
    """The PDF as one Reading of blocks; UnreadableFile when it is not a PDF, is locked or has no text."""
    document = open_document(data)
    try:
        pages = read_pages(document)
        info = document.get_metadata_dict()
    except Exception as error:  # PDFium reports damage on any page as a generic error
        raise UnreadableFile(f"the PDF is damaged and cannot be read ({error})") from None
    finally:
        document.close()
    if not any(page.chars for page in pages):
        raise UnreadableFile(
            f"the PDF's {len(pages)} page(s) have no text layer (a scan?); run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
        )
    page_lines = [chars_to_lines(page.chars) for page in pages]
    page_lines, dropped = remove_furniture(pages, page_lines)
    body = body_size([line for lines in page_lines for line in lines if not line.vertical])
    stacks = [(page.number, stack) for page, lines in zip(pages, page_lines) for stack in reading_order(lines, body[0])]
    paragraphs = [p for number, (page, stack) in enumerate(stacks) for p in stack_to_paragraphs(stack, page, number)]
    blocks = paragraphs_to_blocks(join_across_pages(paragraphs), body)
    return [
        Reading(
            blocks=tuple(blocks),
            text="",
            metadata=document_metadata(info, blocks),
            dropped=tuple(dropped),
            encoding="binary",
        )
    ]
