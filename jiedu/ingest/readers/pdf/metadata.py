"""Title and author from the PDF's document information, when they are plausible.

The info Title is often the name of the tool or file that made the PDF
("Markdown在线编辑器…", "chinese_report-r.doc"): it is used only when it occurs
in the text; otherwise the title is the first level-1 heading. The info
CreationDate is when the file was made, not when the document was issued, so
it is not used as the date.
"""

from __future__ import annotations

import re

from ....charclass import CONTINUING_STARTS
from ....model import Block, BlockKind


def document_metadata(info: dict, blocks: list[Block]) -> dict:
    metadata = {}
    title = plausible_info_title(info.get("Title", ""), blocks) or first_heading(blocks)
    if title:
        metadata["title"] = title
    return metadata


def squeeze(text: str) -> str:
    """Text without spaces, for comparing titles set with different spacing.

    >>> squeeze("总  则 ")
    '总则'
    """
    return re.sub(r"\s+", "", text)


def plausible_info_title(title: str, blocks: list[Block]) -> str:
    """The info Title when the document's first pages print it; "" otherwise."""
    wanted = squeeze(title)
    if len(wanted) < 4:
        return ""
    opening = squeeze("".join(block.text for block in blocks[:30]))
    return title.strip() if wanted in opening else ""


def first_heading(blocks: list[Block]) -> str:
    """The first heading of the outermost level found in the document, with the lines of it set below
    it in the same type (a line that goes on from the one above: ``…可靠性`` / ``的工程分析``).

    >>> first_heading([Block(BlockKind.HEADING, "改進竹棚架安全性及可靠性", level=1), Block(BlockKind.HEADING, "的工程分析", level=1),
    ...                Block(BlockKind.HEADING, "總結報告書", level=1)])
    '改進竹棚架安全性及可靠性的工程分析'
    """
    headings = [block for block in blocks if block.kind is BlockKind.HEADING]
    if not headings:
        return ""
    top = min(block.level for block in headings)
    at = next(i for i, block in enumerate(blocks) if block.kind is BlockKind.HEADING and block.level == top)
    title = blocks[at].text
    for block in blocks[at + 1 :]:
        if block.kind is not BlockKind.HEADING or block.level != top or block.text[:1] not in CONTINUING_STARTS:
            break
        title += block.text
    return title
