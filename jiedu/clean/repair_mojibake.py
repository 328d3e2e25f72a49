"""Pass `repair_mojibake`: Chinese text that some program decoded with the wrong code page, decoded again.

A UTF-8 page opened as Windows-1252, Mac Roman or a Cyrillic code page and
saved again turns 中华人民 into ``ä¸­åŽäººæ°‘``, ``‰∏≠ÂçéÊ∞ë`` or
``дЄ≠еНОдЇЇж∞С``; opened as GBK, into ``涓崕浜烘皯``. The bytes are still there:
encoding the line back in the code page that misread it and decoding it as
UTF-8 gives the text back.

ftfy (Apache-2.0) does this for the code pages it knows (Latin-1, the
Windows code pages, Mac Roman, CP437), including the "sloppy" decoders that
kept undefined bytes, and where a byte was lost it leaves U+FFFD. This pass
asks it first, and adds what it does not know:

- the other single-byte code pages Chinese UTF-8 is misread in (Mac
  Cyrillic, KOI8-R, DOS Cyrillic, Mac Greek and Central European), run by run,
  keeping as found any character that was not part of the misreading (a real
  no-break space between garbled runs);
- UTF-8 misread as GBK or Big5 (the famous 锟斤拷 family), each run of
  non-ASCII characters only where it decodes as UTF-8 in full.

A line is changed only on evidence: a single-byte repair must give the line
more CJK characters than it had (Western, Cyrillic or box-drawing text that
is what it says is left alone); a double-byte one needs the characters that
misread punctuation becomes (銆锛) and every run holding them to decode as
UTF-8 (GBK bytes of real text do not). A character lost on the way (U+FFFD) is kept between
the uncertainty marks, so the page shows where something is missing.

>>> repair_mojibake("第一条　дЄ≠еНОдЇЇж∞С")[0]
'第一条　中华人民'
>>> repair_mojibake("温度 20 °C，表格 ──┼──")[0]
'温度 20 °C，表格 ──┼──'
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import UNCERTAIN_END, UNCERTAIN_START, Change

PASS_NAME = "repair_mojibake"

SINGLE_BYTE_CODECS = ("mac_cyrillic", "koi8_r", "cp866", "mac_greek", "mac_latin2", "cp1252", "cp1251", "cp1250")
"""Code pages ftfy does not try, and the Windows ones whose lost bytes it cannot always place (the result
with the most CJK wins)."""
DOUBLE_BYTE_CODEC = "gb18030"
"""UTF-8 misread as GBK is read back through GB18030, its superset (MISREAD_PUNCTUATION is its sign)."""
MIN_MISREAD_LINES = 2
"""Lines with misread punctuation that, repaired, show the whole text was misread (`repair_mojibake`)."""
SINGLE_BYTE_NOTE = "UTF-8 text that had been read as %s, read again as UTF-8"
DOUBLE_BYTE_NOTE = "UTF-8 text that had been read as %s (GBK), read again as UTF-8"
MIN_GAIN = 2
"""A repair must add at least this many CJK characters to the line."""
MIN_REDECODED = 0.8
"""Share of a line's suspicious characters a single-byte repair must turn into text."""

CJK = re.compile("[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
"""CJK characters and punctuation: what a repaired Chinese line is made of."""
FTFY_CODECS = ("latin-1", "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "iso8859_2", "mac_roman", "cp437")
"""The code pages ftfy undoes (its "sloppy" Windows decoders are these plus the bytes they leave undefined)."""
CHINESE_TEXT_SYMBOLS = "\u00a0—–―‘’“”…·•×÷±°§¶№‰※′″"
"""Symbols real Chinese text uses that a misreading also makes: not, by themselves, signs of one."""


BOX_DRAWING = "\u2500-\u259f"
"""Box drawing and block elements: real tables use them, and so do the DOS and KOI8 misreadings."""


def _misread_characters() -> str:
    """What bytes 0x80-0xFF become in every code page this pass undoes, less CHINESE_TEXT_SYMBOLS and BOX_DRAWING."""
    chars = set()
    for codec in FTFY_CODECS + SINGLE_BYTE_CODECS:
        chars.update(bytes([value]).decode(codec, "replace") for value in range(0x80, 0x100))
    chars -= set(CHINESE_TEXT_SYMBOLS) | {"\ufffd"}
    return "".join(sorted(char for char in chars if not re.fullmatch(f"[{BOX_DRAWING}]", char)))
SUSPECT = re.compile("[{0}][{0}{1}]|[{1}][{0}]".format(re.escape(_misread_characters()), BOX_DRAWING))
"""Two characters in a row of those a code page makes of UTF-8's bytes (box drawing counts beside one of the
others: KOI8-R and DOS code pages mix them): the cheap test a line must pass before anything is decoded (real
Chinese text seldom has one)."""
MISREAD_PUNCTUATION = re.compile("[€%s]" % "".join(bytes(pair).decode("gb18030") for pair in ((0xE3, 0x80), (0xE3, 0x81), (0xEF, 0xBC), (0xEF, 0xBD), (0xEF, 0xBE), (0xEF, 0xBF))))
"""The signs of UTF-8 misread as GBK. Full-width and CJK punctuation (U+3000-303F, U+FF00-FFEF: ，。、《》)
starts with the bytes of 銆銇锛锝锞锟, characters real text all but never uses (none in the 1,000 documents
of ../shared/bench/corpus); when its first byte was paired with the character before, its second is a lone
0x80, which Windows' code page 936 reads as €. A run holding one must decode as UTF-8 for its line to change."""
MISREAD_RUN = re.compile("[^\x00-\x7f](?:[^\x00-\x7f]|\\?+(?=[^\x00-\x7f]))*\\?*")
"""A run of non-ASCII characters, with the ``?`` a decoder may have left inside it or at its end."""
EURO_SPELLINGS = ("€".encode("gb18030"), b"\x80")
"""€ is A2 E3 to GB18030, and a lone 0x80 to Windows' code page 936 (GBK with the euro sign): both are tried."""
PLACEHOLDERS = re.compile("([?\ufffd]+)")


def repair_mojibake(text: str) -> tuple[str, list[Change]]:
    """Each line that reads as UTF-8 misread in another code page, read right."""
    suspect_lines = SUSPECT.search(text) is not None
    double_byte = MISREAD_PUNCTUATION.search(text) is not None
    if not suspect_lines and not double_byte:
        return text, []
    lines = text.split("\n")
    changes: list[Change] = []
    misread_lines = 0
    for number, line in enumerate(lines, 1):
        fixed, how = _repair_line(line, suspect_lines and SUSPECT.search(line) is not None, double_byte)
        if fixed is not None:
            lines[number - 1] = _record(changes, number, line, fixed, how)
            misread_lines += how == DOUBLE_BYTE_CODEC
    if misread_lines >= MIN_MISREAD_LINES:
        # The text was misread as a whole: its lines without punctuation were too (a heading, a link's words)
        repaired = {change.line for change in changes}
        for number, line in enumerate(lines, 1):
            if number not in repaired and not line.isascii() and (fixed := _double_byte_repair(line, every_run=True)) is not None:
                lines[number - 1] = _record(changes, number, line, fixed, DOUBLE_BYTE_CODEC)
        changes.sort(key=lambda change: change.line)
    if not changes:
        return text, []
    return "\n".join(lines), changes


def _record(changes: list[Change], number: int, line: str, fixed: str, how: str) -> str:
    """`fixed`, with each character lost on the way between the uncertainty marks; its Change added to `changes`."""
    lost = "\ufffd" in fixed  # each stands for bytes lost before the text reached us
    if lost:
        fixed = fixed.replace("\ufffd", f"{UNCERTAIN_START}\ufffd{UNCERTAIN_END}")
    note = (DOUBLE_BYTE_NOTE if how == DOUBLE_BYTE_CODEC else SINGLE_BYTE_NOTE) % how + ("; a lost character is marked" if lost else "")
    changes.append(Change(PASS_NAME, number, line, fixed, note, uncertain=lost))
    return fixed


def _repair_line(line: str, single_byte: bool, double_byte: bool) -> tuple[str | None, str]:
    """The best repair of `line` and the code page undone, or (None, "") when there is none.

    A single-byte misreading turns Chinese into Latin, Cyrillic or Greek letters, so its repair must
    add CJK characters (the one that adds most wins). A double-byte one turns Chinese into other Han
    characters: its evidence is the misread punctuation and every run holding some decoding as UTF-8."""
    best, best_count, how = None, _cjk_count(line) + MIN_GAIN - 1, ""
    if single_byte:
        candidates = [_ftfy_repair(line)] + [(_single_byte_repair(line, codec), codec) for codec in SINGLE_BYTE_CODECS]
        for fixed, codec in candidates:
            if fixed is not None and fixed != line and (count := _cjk_count(fixed)) > best_count:
                best, best_count, how = fixed, count, codec
    if best is None and double_byte and MISREAD_PUNCTUATION.search(line) and (fixed := _double_byte_repair(line)) is not None:
        return fixed, DOUBLE_BYTE_CODEC
    return best, how


def _cjk_count(text: str) -> int:
    return len(CJK.findall(text))


def _ftfy_repair(line: str) -> tuple[str | None, str]:
    """ftfy's reading of the line, and the code page it undid."""
    import ftfy  # imported on first use: only lines that look misread need it

    explained = ftfy.fix_encoding_and_explain(line)
    codecs = [argument for step, argument in explained.explanation or () if step == "encode"]
    return explained.text, "/".join(codecs) or "another code page"


def _single_byte_repair(line: str, codec: str) -> str | None:
    """Each run of characters `codec` can encode, encoded in it and decoded as UTF-8; bytes that do not
    decode keep the characters they came from. A U+FFFD inside a run stands for a byte the misreading
    decoder had no character for: the character it belonged to is lost, and becomes one U+FFFD."""
    table = _single_byte_table(codec)
    pieces: list[str] = []
    chunks = [bytearray()]  # the run so far, cut at each U+FFFD
    counts = [0, 0]  # non-ASCII bytes read as UTF-8 (or lost with a character), non-ASCII bytes in all

    def end_run() -> None:
        for index, raw in enumerate(chunks):
            start = _continuation_bytes(raw) if index else 0
            end = _incomplete_end(raw) if index < len(chunks) - 1 else len(raw)
            if index:
                pieces.append("\ufffd")
            text, good = _decode_keeping(bytes(raw[start:end]), codec)
            pieces.append(text)
            counts[0] += good + start + len(raw) - end
            counts[1] += sum(1 for value in raw if value >= 0x80)
        chunks[:] = [bytearray()]

    for char in line:
        if (byte := table.get(char)) is not None:
            chunks[-1].append(byte)
        elif char == "\ufffd":
            chunks.append(bytearray())
        else:
            end_run()
            pieces.append(char)
    end_run()
    redecoded, suspicious = counts
    if not suspicious or redecoded < MIN_REDECODED * suspicious:
        return None
    return "".join(pieces)


def _decode_keeping(raw: bytes, codec: str) -> tuple[str, int]:
    """`raw` decoded as UTF-8, each byte that is not part of a valid sequence decoded in `codec` as it
    was found; and how many non-ASCII bytes decoded as UTF-8."""
    pieces, start, good = [], 0, 0
    while start < len(raw):
        try:
            pieces.append(raw[start:].decode("utf-8"))
            good += sum(1 for value in raw[start:] if value >= 0x80)
            break
        except UnicodeDecodeError as error:
            valid = raw[start : start + error.start]
            pieces.append(valid.decode("utf-8"))
            good += sum(1 for value in valid if value >= 0x80)
            pieces.append(raw[start + error.start : start + error.end].decode(codec))
            start += error.end
    return "".join(pieces), good


def _double_byte_repair(line: str, every_run: bool = False) -> str | None:
    """Each run of non-ASCII characters encoded back in DOUBLE_BYTE_CODEC and decoded as UTF-8; None unless every
    run with the signs of a misreading (`every_run`: every run) decodes."""
    repaired = False

    def redecode(match: re.Match) -> str:
        nonlocal repaired
        run = match.group()
        text = _redecode_run(run, EURO_SPELLINGS[0])
        if text is None and "€" in run:
            text = _redecode_run(run, EURO_SPELLINGS[1])
        if text is None:
            if every_run or MISREAD_PUNCTUATION.search(run):
                raise _Refused
            return run
        repaired = True
        return text

    try:
        fixed = MISREAD_RUN.sub(redecode, line)
    except _Refused:
        return None
    return fixed if repaired else None


def _redecode_run(run: str, euro: bytes) -> str | None:
    """One run read back, or None when its bytes are not UTF-8.

    The misreading decoder met bytes it could not pair (UTF-8 Chinese is three bytes a character, so
    a run of an odd number of them ends with a lone byte) and wrote ``?`` or U+FFFD for each: a lost
    byte. UTF-8 finds its feet again after one, so only the character it belonged to is lost: the
    bytes on either side of a placeholder may hold a character's beginning and end (they become one
    U+FFFD); where both sides are whole characters, the placeholder was a real ``?`` and stays."""
    parts = PLACEHOLDERS.split(run)
    try:
        chunks = [_encode_misread(part, euro) for part in parts[0::2]]
    except UnicodeEncodeError:
        return None
    pieces = []
    for index, raw in enumerate(chunks):
        start = _continuation_bytes(raw) if index else 0
        end = _incomplete_end(raw) if index < len(chunks) - 1 else len(raw)
        if index and (start or pieces[-1] is None):
            pieces[-1] = "\ufffd"  # the placeholder stood for a byte of a character cut in two
        elif index:
            pieces[-1] = parts[2 * index - 1]
        try:
            pieces.append(raw[start:end].decode("utf-8"))
        except UnicodeDecodeError:
            return None
        pieces.append(None if end < len(raw) else "")  # filled in by the next chunk: was a character cut?
    pieces.pop()
    return "".join(pieces)


def _continuation_bytes(raw: bytes) -> int:
    """How many UTF-8 continuation bytes `raw` starts with (the end of a character whose start was lost)."""
    count = 0
    while count < min(3, len(raw)) and 0x80 <= raw[count] < 0xC0:
        count += 1
    return count


def _incomplete_end(raw: bytes) -> int:
    """Where a character cut short at the end of `raw` starts (len(raw) when none is)."""
    for back in range(1, min(3, len(raw)) + 1):
        byte = raw[-back]
        if byte >= 0xC0:
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(raw) - back if back < needed else len(raw)
        if byte < 0x80:
            return len(raw)
    return len(raw)


def _encode_misread(text: str, euro: bytes) -> bytes:
    """The bytes `text` was decoded from, spelling each € as `euro`."""
    return euro.join(part.encode(DOUBLE_BYTE_CODEC) for part in text.split("€"))


class _Refused(Exception):
    """A run with the signs of a misreading that does not decode: the line is left as found."""


@lru_cache(maxsize=None)
def _single_byte_table(codec: str) -> dict[str, int]:
    """Character -> byte for a single-byte code page (the characters it decodes bytes 0x80-0xFF to, and ASCII)."""
    decoded = ((bytes([value]).decode(codec, "replace"), value) for value in range(256))
    return {char: value for char, value in decoded if char != "\ufffd"}
