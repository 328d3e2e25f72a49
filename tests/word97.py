"""A small Word 97–2003 .doc made from scratch, for the .doc reader's tests.

No library writes the binary format, so this builds the least a Word file
needs, by Microsoft's published descriptions ([MS-CFB] for the container,
[MS-DOC] for the document): a compound file holding a ``WordDocument``
stream (File Information Block, the text as UTF-16, one page of paragraph
properties) and a ``0Table`` stream (the piece table and the index of that
page). Paragraphs are given as (text, how it ends): "body", "cell" (the end
of a table cell) or "row" (the mark that ends a table row).
"""

from __future__ import annotations

import struct

SECTOR = 512
END_OF_CHAIN, FAT_SECTOR, FREE = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
TEXT_AT = 0x800
FKP_PAGE = 16
"""The paragraph-properties page: WordDocument bytes 16 × 512 onwards."""
STREAM_SIZE = 0x2400
"""Streams are padded past 4,096 bytes so that they live in ordinary sectors, not the mini stream."""


def make_doc(paragraphs: list[tuple[str, str]], encrypted: bool = False, n_fib: int = 0x00C1) -> bytes:
    text = "".join(body + {"body": "\r", "cell": "\x07", "row": "\x07"}[end] for body, end in paragraphs)
    word = bytearray(STREAM_SIZE)
    struct.pack_into("<HH", word, 0, 0xA5EC, n_fib)
    struct.pack_into("<H", word, 0x0A, 0x0100 if encrypted else 0)  # table stream 0Table; encrypted or not
    struct.pack_into("<H", word, 0x20, 14)  # csw: 14 16-bit values
    struct.pack_into("<H", word, 0x3E, 22)  # cslw: 22 32-bit values
    struct.pack_into("<i", word, 0x40 + 4 * 3, len(text))  # ccpText
    struct.pack_into("<H", word, 0x98, 93)  # cbRgFcLcb: 93 offset/length pairs
    encoded = text.encode("utf-16-le")
    word[TEXT_AT : TEXT_AT + len(encoded)] = encoded

    # One page of paragraph properties: a run per paragraph, from its first byte to the byte after its mark.
    fkp = bytearray(SECTOR)
    bounds, position = [TEXT_AT], TEXT_AT
    for body, _ in paragraphs:
        position += 2 * (len(body) + 1)
        bounds.append(position)
    crun = len(paragraphs)
    struct.pack_into(f"<{crun + 1}I", fkp, 0, *bounds)
    free = SECTOR - 1
    for index, (_, end) in enumerate(paragraphs):
        if end == "body":
            continue  # offset 0: no properties
        sprms = struct.pack("<HB", 0x2416, 1) + (struct.pack("<HB", 0x2417, 1) if end == "row" else b"")
        papx = struct.pack("<BBH", 0, (len(sprms) + 2 + 1) // 2, 0) + sprms  # cb 0, then cb' words: style 0, properties
        papx += bytes(len(papx) % 2)
        free = (free - len(papx)) & ~1
        fkp[free : free + len(papx)] = papx
        fkp[4 * (crun + 1) + 13 * index] = free // 2
    fkp[SECTOR - 1] = crun
    word[FKP_PAGE * SECTOR : (FKP_PAGE + 1) * SECTOR] = fkp

    table = bytearray(STREAM_SIZE)
    plc_pcd = struct.pack("<II", 0, len(text)) + struct.pack("<HIH", 0, TEXT_AT, 0)  # one UTF-16 piece
    clx = b"\x02" + struct.pack("<I", len(plc_pcd)) + plc_pcd
    table[0 : len(clx)] = clx
    bte_at = 0x100
    bte = struct.pack("<III", TEXT_AT, bounds[-1], FKP_PAGE)
    table[bte_at : bte_at + len(bte)] = bte
    pairs_at = 0x9A
    struct.pack_into("<II", word, pairs_at + 8 * 13, bte_at, len(bte))  # fcPlcfBtePapx
    struct.pack_into("<II", word, pairs_at + 8 * 33, 0, len(clx))  # fcClx
    return compound_file({"WordDocument": bytes(word), "0Table": bytes(table)})


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An [MS-CFB] version 3 file: header, one FAT sector, one directory sector, then each stream's sectors."""
    names = list(streams)
    fat = [FAT_SECTOR, END_OF_CHAIN]
    starts = []
    for name in names:
        count = -(-len(streams[name]) // SECTOR)
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [END_OF_CHAIN]
    fat += [FREE] * (SECTOR // 4 - len(fat))
    header = bytearray(SECTOR)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<9I", header, 0x28, 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *[FREE] * 108)  # DIFAT: the FAT is sector 0
    # Directory: the root, then the streams; the root's child is the first stream, the others its left siblings
    # (names compare by length first, so "0Table" < "WordDocument").
    directory = _entry("Root Entry", 5, END_OF_CHAIN, 0, child=1)
    for index, name in enumerate(names):
        left = index + 2 if index + 1 < len(names) else FREE
        directory += _entry(name, 2, starts[index], len(streams[name]), left=left)
    while len(directory) < SECTOR:
        directory += _entry("", 0, 0, 0)  # unused: its sibling and child ids say "none"
    body = b"".join(streams[name] + bytes(-len(streams[name]) % SECTOR) for name in names)
    return bytes(header) + struct.pack(f"<{SECTOR // 4}I", *fat) + directory + body


def _entry(name: str, kind: int, start: int, size: int, left: int = FREE, child: int = FREE) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    entry = bytearray(128)
    entry[0 : len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1 if name else 0)
    struct.pack_into("<III", entry, 68, left, FREE, child)
    struct.pack_into("<II", entry, 116, start, size)
    return bytes(entry)
