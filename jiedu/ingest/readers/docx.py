"""Reader for Word .docx files (python-docx, MIT; lxml for what it does not model).

The body is walked in document order, so tables stay where they are among
the paragraphs. What a paragraph is comes from Word's own structure: heading
styles and outline levels make headings, numbering makes list items, the
Title style makes the title. Foot- and endnotes are appended at the end,
each marked with its number, and the body keeps that number where the
reference was. An "altChunk" (a whole HTML/MHTML page imported into the
document) is read with the HTML reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import Block, BlockKind, Problem
from ..contract import ReadContext, Reading, UnreadableFile, dropped_change
from .docx_package import NOTE_KINDS, R, W, alt_chunk_html, core_metadata, html_body, note_texts, open_word_document, related_blob
from .docx_styles import ParagraphKind, StyleBook
from .inline_text import join_wrapped, tidy_inline

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Elements whose text Word does not show in the paragraph: deletions, field
# codes, text boxes (read separately) and the duplicate fallback drawings.
HIDDEN_CONTAINERS = {f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}txbxContent", f"{MC}Fallback", f"{W}pPr", f"{W}rPr"}
# Body elements that only wrap other body content (content controls, custom XML, insertions).
WRAPPERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}moveTo", f"{W}smartTag"}


@dataclass
class BodyState:
    """What the walk collects besides blocks: the title, note references, problems."""

    document: object
    styles: StyleBook
    title_parts: list[str] = field(default_factory=list)
    note_numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_docx(data: bytes, context: ReadContext) -> list[Reading]:
    """One Reading for a .docx file; `UnreadableFile` for a .doc, a broken zip or no text."""
    document = open_word_document(data)
    state = BodyState(document, StyleBook(document))
    blocks = body_to_blocks(document.element.body, state)
    notes, moved = notes_to_blocks(state)
    if not blocks and not state.title_parts:
        raise UnreadableFile("the Word document has no text (it may hold only images or a scanned page)")
    metadata = core_metadata(document.core_properties, [b.text for b in blocks if b.kind != BlockKind.TABLE_ROW])
    if state.title_parts:
        metadata["title"] = "".join(state.title_parts)
    problems = tuple(Problem(context.display_path, None, message) for message in state.problems)
    return [Reading(blocks=tuple(blocks + notes), text="", metadata=metadata, dropped=moved, problems=problems, encoding="binary")]


def body_to_blocks(container, state: BodyState) -> list[Block]:
    """Blocks of a body, table cell or content control, in document order."""
    blocks: list[Block] = []
    for child in container:
        if child.tag == f"{W}p":
            blocks += paragraph_to_blocks(child, state)
        elif child.tag == f"{W}tbl":
            blocks += table_to_blocks(child, state)
        elif child.tag == f"{W}altChunk":
            blocks += alt_chunk_to_blocks(child, state)
        elif child.tag in WRAPPERS:
            blocks += body_to_blocks(child, state)
    return blocks


def paragraph_to_blocks(p, state: BodyState) -> list[Block]:
    """A paragraph's blocks: itself (split at manual line breaks), then any text boxes it anchors."""
    kind = state.styles.paragraph_kind(p)
    text = paragraph_text(p, state)
    boxes = [block for box in p.iter(f"{W}txbxContent") if not _in_fallback(box) for block in box_blocks(body_to_blocks(box, state))]
    if kind.is_title and text.strip():
        state.title_parts.append(tidy_inline(text))
        return boxes
    return [*text_to_blocks(text, kind), *boxes]


def box_blocks(blocks: list[Block]) -> list[Block]:
    """A text box's blocks; one character a paragraph is a word set top to bottom in a narrow box (一 / 寸 /
    照 / 片 where the photo goes on a form): one paragraph.

    >>> [b.text for b in box_blocks([Block(BlockKind.PARAGRAPH, c) for c in "一寸照片"])]
    ['一寸照片']
    """
    if len(blocks) > 1 and all(block.kind is BlockKind.PARAGRAPH and len(block.text) == 1 for block in blocks):
        return [Block(BlockKind.PARAGRAPH, "".join(block.text for block in blocks))]
    return blocks


def text_to_blocks(text: str, kind: ParagraphKind) -> list[Block]:
    """Headings keep a line break as nothing (a title set on two lines); other paragraphs split there."""
    if kind.heading_level:
        joined = tidy_inline(re.sub(r"\s*\n\s*", "", text))
        return [Block(BlockKind.HEADING, joined, level=kind.heading_level)] if joined else []
    lines = [tidied for line in text.split("\n") if (tidied := tidy_inline(line))]
    if kind.list_level:
        attrs = (("marker", kind.marker),) if kind.marker else ()
        return [Block(BlockKind.LIST_ITEM, line, level=kind.list_level, attrs=attrs) for line in lines]
    return [Block(BlockKind.PARAGRAPH, line) for line in lines]


def paragraph_text(p, state: BodyState | None = None) -> str:
    """The text Word shows for a paragraph: tabs as spaces, line breaks as newlines, note numbers."""
    return "".join(_run_texts(p, state))


def _run_texts(element, state: BodyState | None):
    for child in element:
        tag = child.tag
        if tag in HIDDEN_CONTAINERS or (tag == f"{W}r" and _is_hidden_run(child)):
            continue
        if tag == f"{W}t":
            yield child.text or ""
        elif tag == f"{W}tab" or tag == f"{W}ptab":
            yield "\t"
        elif tag in (f"{W}br", f"{W}cr"):
            yield " " if child.get(f"{W}type") == "page" else "\n"
        elif tag == f"{W}noBreakHyphen":
            yield "-"
        elif tag in (f"{W}footnoteReference", f"{W}endnoteReference") and state is not None:
            yield f"[{_note_number(child, state)}]"
        else:
            yield from _run_texts(child, state)


def _is_hidden_run(run) -> bool:
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(f"{W}val") not in ("0", "false", "off")


def _in_fallback(element) -> bool:
    return any(ancestor.tag == f"{MC}Fallback" for ancestor in element.iterancestors())


def _note_number(reference, state: BodyState) -> int:
    """Notes are numbered in the order the body refers to them, as Word shows them."""
    kind = "footnote" if reference.tag == f"{W}footnoteReference" else "endnote"
    key = (kind, reference.get(f"{W}id"))
    if key not in state.note_numbers:
        state.note_numbers[key] = 1 + sum(1 for k, _ in state.note_numbers if k == kind)
    return state.note_numbers[key]


def notes_to_blocks(state: BodyState) -> tuple[list[Block], tuple]:
    """Foot- and endnotes as numbered paragraphs for the end of the document, and the report's record."""
    blocks, moved = [], []
    for kind in NOTE_KINDS:
        texts = note_texts(state.document, kind, paragraph_text)
        numbered = sorted((number, note_id) for (k, note_id), number in state.note_numbers.items() if k == kind)
        for number, note_id in numbered:
            if texts.get(note_id):
                blocks.append(Block(BlockKind.PARAGRAPH, f"[{number}] {tidy_inline(texts[note_id])}"))
        if numbered:
            moved.append(dropped_change("docx", f"{len(numbered)} {kind}(s)", f"{kind}s moved to the end of the document, each marked [N] as in the body"))
    return blocks, tuple(moved)


# --- tables ---


def table_to_blocks(tbl, state: BodyState) -> list[Block]:
    """Table rows (spanning first rows as captions), or the cells' content for a one-column layout table."""
    rows = [tr for tr in tbl.iter(f"{W}tr") if _owning_table(tr) is tbl]
    cells = [[tc for tc in tr.iter(f"{W}tc") if _owning_table(tc) is tbl] for tr in rows]
    if all(len(row) <= 1 for row in cells):
        return [block for row in cells for tc in row for block in body_to_blocks(tc, state)]
    texts = [[cell_text(tc, state) for tc in row] for row in cells]
    blocks = []
    while len(texts) > 1 and len(texts[0]) == 1:  # rows of one spanning cell over the table: its label and title
        if texts[0][0]:
            blocks.append(Block(BlockKind.CAPTION, texts[0][0]))
        rows, texts = rows[1:], texts[1:]
    header_rows = {i for i, tr in enumerate(rows) if tr.find(f"{W}trPr/{W}tblHeader") is not None} or {0}
    for i, row in enumerate(texts):
        if any(row):
            attrs = (("header", "1"),) if i in header_rows else ()
            blocks.append(Block(BlockKind.TABLE_ROW, "\t".join(row), cells=tuple(row), attrs=attrs))
    return blocks


def _owning_table(element):
    return next(ancestor for ancestor in element.iterancestors(f"{W}tbl"))


def cell_text(tc, state: BodyState) -> str:
    """A cell's text once: a vertically merged cell's continuation rows are empty."""
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    if merge is not None and merge.get(f"{W}val") in (None, "continue"):
        return ""
    return join_wrapped([line for p in tc.iter(f"{W}p") for line in paragraph_text(p, state).split("\n")])


# --- altChunk ---


def alt_chunk_to_blocks(chunk, state: BodyState) -> list[Block]:
    """The blocks of an imported HTML/MHTML part, read by the HTML reader."""
    blob = related_blob(state.document, chunk.get(f"{R}id") or "")
    html = alt_chunk_html(blob) if blob else None
    if html is None:
        state.problems.append("an embedded document (altChunk) is not HTML or MHTML and was left out")
        return []
    from .html import html_fragment_to_blocks

    return list(html_fragment_to_blocks(html_body(html)))
