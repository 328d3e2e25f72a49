"""Reader for legacy Word .doc files (Word 97–2003 binary; olefile, BSD-2-Clause, opens the container).

Government sites still publish attachments (名单, 职位表, 标准) as .doc.
The text is read as Microsoft's published format description ([MS-DOC])
lays it out:

* the File Information Block at the start of the ``WordDocument`` stream
  says which table stream (``0Table`` or ``1Table``) holds the piece table,
  how many characters the main text has, and where the paragraph
  properties are;
* the piece table (``Clx``) maps character positions to byte offsets in
  ``WordDocument``, each piece either 8-bit (Windows-1252) or UTF-16;
* the paragraph properties (``PlcBtePapx`` → 512-byte ``PapxFkp`` pages)
  say which paragraph marks end a table cell and which end a table row.

Only the main text is read (not headers, footers or notes). A field shows
its result, not its code; pictures and drawn objects leave no text.
"""

from __future__ import annotations

import bisect
import io
import struct
from dataclasses import dataclass
from types import SimpleNamespace

from ...model import Block, BlockKind
from ..contract import ReadContext, Reading, UnreadableFile
from .docx_package import core_metadata
from .inline_text import tidy_inline

WORD_IDENT = 0xA5EC
WORD_97 = 0x00C1
"""The FIB's nFib of Word 97 and later; Word 6 and 95 (0x0065, 0x0068) lay the FIB out otherwise."""
FIB_FLAGS = 0x0A
ENCRYPTED = 0x0100
WHICH_TABLE = 0x0200
FIB_RGW = 0x20
"""Where the FIB's variable part starts: csw (count of 16-bit values), then those values, then cslw, …"""
CCP_TEXT = 3
"""Index of ccpText (characters of main text) among the FIB's 32-bit values (FibRgLw97)."""
FC_PLCF_BTE_PAPX = 13
FC_CLX = 33
"""Indexes of (fcPlcfBtePapx, lcbPlcfBtePapx) and (fcClx, lcbClx) among the FIB's offset/length pairs (FibRgFcLcb97)."""
FKP_SIZE = 512

SPRM_IN_TABLE = 0x2416
SPRM_TABLE_ROW_END = 0x2417
SPRM_INNER_CELL = 0x244B
SPRM_INNER_ROW_END = 0x244C
SPRM_TABLE_DEPTH = 0x6649
OPERAND_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}
"""Bytes of a property's operand by its spra (top three bits); spra 6 is sized by its first byte."""

CELL_END = "\x07"
PARAGRAPH_END = "\r"
FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END = "\x13", "\x14", "\x15"
SHOWN_AS = {"\x0b": "\n", "\x0c": "\n", "\x1e": "-", "\xa0": " ", "\t": " "}
"""Word's control characters that stand for text: a line break, a page or section break, a non-breaking hyphen."""
NOT_SHOWN = "\x01\x02\x03\x04\x05\x06\x08\x1f"
"""Anchors of pictures, notes, comments and drawings, and optional hyphens: no text of their own."""


@dataclass(frozen=True)
class Mark:
    """How a paragraph ends: in the body, at the end of a table cell, or at the end of a table row."""

    in_table: bool = False
    row_end: bool = False


def read_doc(data: bytes, context: ReadContext) -> list[Reading]:
    """One Reading for a .doc file: paragraphs and table rows in document order, and the file's believable properties."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, IndexError, struct.error) as error:  # olefile's own errors on a broken container
        raise UnreadableFile(f"the Word file's container is damaged ({error})") from None
    text, marks = word_text(ole)
    blocks = text_to_blocks(text, marks)
    if not blocks:
        raise UnreadableFile("the Word document has no text (it may hold only images or a scanned page)")
    metadata = core_metadata(_properties(ole), [block.text for block in blocks if block.kind is not BlockKind.TABLE_ROW])
    return [Reading(blocks=tuple(blocks), text="", metadata=metadata, encoding="binary")]


def _properties(ole) -> SimpleNamespace:
    """Title, author and creation time from the file's SummaryInformation, decoded by its code page."""
    try:
        found = ole.get_metadata()
    except Exception:  # noqa: BLE001 - properties are optional; a damaged property set must not lose the text
        return SimpleNamespace(title="", author="", created=None)
    codec = {65001: "utf-8", 1200: "utf-16-le"}.get(found.codepage or 0, f"cp{found.codepage}" if found.codepage else "gbk")

    def text(value) -> str:
        if isinstance(value, bytes):
            try:
                return value.decode(codec, errors="replace").rstrip("\x00")
            except LookupError:
                return value.decode("gbk", errors="replace").rstrip("\x00")
        return value or ""

    return SimpleNamespace(title=text(found.title), author=text(found.author), created=found.create_time)


def word_text(ole) -> tuple[str, list[Mark]]:
    """The main text of a Word 97–2003 file (an open olefile), and how each of its paragraphs ends (one Mark per CR or cell mark)."""
    if ole.exists("EncryptedPackage"):
        raise UnreadableFile("the Word file is password-protected: open it, remove the password and save it again")
    if not ole.exists("WordDocument"):
        raise UnreadableFile("this OLE file is not a Word document (no WordDocument stream)")
    document = ole.openstream("WordDocument").read()
    if len(document) < 0x200 or struct.unpack_from("<H", document, 0)[0] != WORD_IDENT or struct.unpack_from("<H", document, 2)[0] < WORD_97:
        raise UnreadableFile("the .doc file is not in Word 97–2003 format (Word 6 or 95, or damaged): open it in Word or WPS and save it as .docx")
    flags = struct.unpack_from("<H", document, FIB_FLAGS)[0]
    if flags & ENCRYPTED:
        raise UnreadableFile("the Word file is password-protected: open it, remove the password and save it again")
    table_name = "1Table" if flags & WHICH_TABLE else "0Table"
    if not ole.exists(table_name):
        raise UnreadableFile(f"the Word file has no {table_name} stream (damaged)")
    table = ole.openstream(table_name).read()
    text_length, pairs = _fib_values(document)
    pieces = _pieces(table, *pairs[FC_CLX])
    text, offsets = _main_text(document, pieces, text_length)
    marks = _paragraph_marks(document, table, *pairs[FC_PLCF_BTE_PAPX], text, offsets)
    return text, marks


def _fib_values(document: bytes) -> tuple[int, list[tuple[int, int]]]:
    """ccpText and the (offset, length) pairs of the FIB."""
    csw = struct.unpack_from("<H", document, FIB_RGW)[0]
    longs_at = FIB_RGW + 2 + 2 * csw
    cslw = struct.unpack_from("<H", document, longs_at)[0]
    text_length = struct.unpack_from("<i", document, longs_at + 2 + 4 * CCP_TEXT)[0]
    pairs_at = longs_at + 2 + 4 * cslw
    count = struct.unpack_from("<H", document, pairs_at)[0]
    values = struct.unpack_from(f"<{2 * count}I", document, pairs_at + 2)
    return text_length, [(values[2 * i], values[2 * i + 1]) for i in range(count)]


def _pieces(table: bytes, at: int, length: int) -> list[tuple[int, int, int, bool]]:
    """The piece table: (first character, end character, byte offset, 8-bit) for each piece."""
    clx = table[at : at + length]
    position = 0
    while position < len(clx) and clx[position] == 0x01:  # Prc: formatting of pieces, not needed for text
        position += 3 + struct.unpack_from("<h", clx, position + 1)[0]
    if position >= len(clx) or clx[position] != 0x02:
        raise UnreadableFile("the Word file's piece table is damaged")
    size = struct.unpack_from("<I", clx, position + 1)[0]
    plc = clx[position + 5 : position + 5 + size]
    count = (len(plc) - 4) // 12
    positions = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces = []
    for index in range(count):
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * index + 2)[0]
        compressed = bool(fc & 0x40000000)
        offset = (fc & 0x3FFFFFFF) // 2 if compressed else fc & 0x3FFFFFFF
        pieces.append((positions[index], positions[index + 1], offset, compressed))
    return pieces


def _main_text(document: bytes, pieces, text_length: int) -> tuple[str, list[int]]:
    """The first `text_length` characters, and each character's byte offset in WordDocument."""
    parts: list[str] = []
    offsets: list[int] = []
    for start, end, offset, compressed in pieces:
        if start >= text_length:
            break
        count = min(end, text_length) - start
        width = 1 if compressed else 2
        raw = document[offset : offset + count * width]
        parts.append(raw.decode("cp1252", errors="replace") if compressed else raw.decode("utf-16-le", errors="replace"))
        offsets.extend(range(offset, offset + count * width, width))
    return "".join(parts), offsets


def _paragraph_marks(document: bytes, table: bytes, at: int, length: int, text: str, offsets: list[int]) -> list[Mark]:
    """How each paragraph of `text` ends, read from the paragraph properties of its mark."""
    runs = _papx_runs(document, table, at, length)
    marks = []
    for position, char in enumerate(text):
        if char in (PARAGRAPH_END, CELL_END):
            fc = offsets[position] if position < len(offsets) else -1
            marks.append(_mark_at(runs, fc) or Mark(in_table=char == CELL_END))
    return marks


def _mark_at(runs: list[tuple[int, int, Mark]], fc: int) -> Mark | None:
    """The Mark of the run of paragraph properties holding byte `fc` (runs sorted by their first byte)."""
    index = bisect.bisect_right(runs, fc, key=lambda run: run[0]) - 1
    if index >= 0 and runs[index][0] <= fc < runs[index][1]:
        return runs[index][2]
    return None


def _papx_runs(document: bytes, table: bytes, at: int, length: int) -> list[tuple[int, int, Mark]]:
    """(first byte, end byte, Mark) for every run of paragraph properties, in file order."""
    plc = table[at : at + length]
    count = (len(plc) - 4) // 8
    if count <= 0:
        return []
    pages = struct.unpack_from(f"<{count}I", plc, 4 * (count + 1))
    runs = []
    for page in pages:
        fkp = document[(page & 0x3FFFFF) * FKP_SIZE :][:FKP_SIZE]
        if len(fkp) < FKP_SIZE:
            continue
        crun = fkp[FKP_SIZE - 1]
        bounds = struct.unpack_from(f"<{crun + 1}I", fkp, 0)
        for index in range(crun):
            where = 2 * fkp[4 * (crun + 1) + 13 * index]
            runs.append((bounds[index], bounds[index + 1], _papx_mark(fkp, where) if where else Mark()))
    return sorted(runs, key=lambda run: run[0])


def _papx_mark(fkp: bytes, where: int) -> Mark:
    """The table flags of one PapxInFkp: a count, a style index, then properties (sprm and operand)."""
    size = fkp[where]
    if size:
        start, end = where + 1, where + 2 * size
    else:
        start, end = where + 2, where + 2 + 2 * fkp[where + 1]
    grpprl = fkp[start + 2 : min(end, FKP_SIZE)]  # after the 2-byte style index
    in_table = row_end = False
    depth = 1
    position = 0
    while position + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, position)[0]
        position += 2
        spra = sprm >> 13
        if spra == 6:
            if position >= len(grpprl):
                break
            operand_size = grpprl[position] + 1
            if sprm == 0xD608 and position + 2 <= len(grpprl):  # sprmTDefTable: a 2-byte size
                operand_size = struct.unpack_from("<H", grpprl, position)[0] + 1
        else:
            operand_size = OPERAND_SIZE[spra]
        operand = grpprl[position : position + operand_size]
        position += operand_size
        value = int.from_bytes(operand[:4], "little") if operand and spra != 6 else 0
        if sprm in (SPRM_IN_TABLE, SPRM_INNER_CELL):
            in_table = in_table or value == 1
        elif sprm in (SPRM_TABLE_ROW_END, SPRM_INNER_ROW_END):
            row_end = row_end or value == 1
        elif sprm == SPRM_TABLE_DEPTH:
            depth = value
    return Mark(in_table=in_table or depth > 1, row_end=row_end)


def text_to_blocks(text: str, marks: list[Mark]) -> list[Block]:
    """Paragraphs and table rows from the text and its paragraph marks."""
    blocks: list[Block] = []
    row: list[str] = []
    cell: list[str] = []
    paragraph: list[str] = []
    mark_index = 0
    for char in shown_text(text):
        if char not in (PARAGRAPH_END, CELL_END):
            paragraph.append(char)
            continue
        mark = marks[mark_index] if mark_index < len(marks) else Mark()
        mark_index += 1
        line = tidy_inline("".join(paragraph))
        paragraph = []
        if mark.row_end:
            if any(row):
                blocks.append(Block(BlockKind.TABLE_ROW, "\t".join(row), cells=tuple(row)))
            row, cell = [], []
        elif char == CELL_END:
            cell.append(line)
            row.append(" ".join(part for part in cell if part))
            cell = []
        elif mark.in_table:
            cell.append(line)  # a paragraph inside a cell: the cell goes on
        elif line:
            blocks.append(Block(BlockKind.PARAGRAPH, line))
    if paragraph and tidy_inline("".join(paragraph)):
        blocks.append(Block(BlockKind.PARAGRAPH, tidy_inline("".join(paragraph))))
    return _with_header_row(blocks)


def shown_text(text: str) -> str:
    """The text as Word shows it: a field's result without its code, control characters as what they stand for.

    >>> shown_text("见\\x13 HYPERLINK \\"http://a\\" \\x14网站\\x15。\\x01\\x0b下行")
    '见网站。\\n下行'
    """
    out: list[str] = []
    depth_in_code: list[bool] = []
    for char in text:
        if char == FIELD_BEGIN:
            depth_in_code.append(True)
        elif char == FIELD_SEPARATOR:
            if depth_in_code:
                depth_in_code[-1] = False
        elif char == FIELD_END:
            if depth_in_code:
                depth_in_code.pop()
        elif any(depth_in_code):
            continue
        elif char in NOT_SHOWN:
            continue
        else:
            out.append(SHOWN_AS.get(char, char))
    return "".join(out)


def _with_header_row(blocks: list[Block]) -> list[Block]:
    """Each table's first row marked as its header, as the .docx reader marks it."""
    marked = []
    previous = None
    for block in blocks:
        if block.kind is BlockKind.TABLE_ROW and (previous is None or previous.kind is not BlockKind.TABLE_ROW):
            block = Block(BlockKind.TABLE_ROW, block.text, cells=block.cells, attrs=(("header", "1"),))
        marked.append(block)
        previous = block
    return marked
