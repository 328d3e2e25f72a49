"""A model of how the news site garbled GBK, to make test cases from clean text.

Not used by the program: it lets the tests check `repair_shifted_gbk` on many
spans nobody picked by hand. It reproduces the two kinds seen in seed 002:

- ``note_inside``: the site's pinyin note for the pair (previous trail, lead)
  lands between a character's lead and trail byte: ``年?duì)I造``;
- ``lost_lead``: the decoder gives up on a lead byte (``?``) and goes on one
  byte off: ``“三?!钡拙€``.

After the break the page is decoded one byte off until an ASCII byte (or a
``(`` of a note) puts it back in step; pairs in GBK's user-defined areas vanish
and full-width ASCII forms are printed as ASCII, as the site did.
"""

from __future__ import annotations

from jiedu.clean.gbk_repair.gbk_bytes import char_to_gbk, fold_fullwidth, is_user_defined


def garble_at(text: str, index: int, kind: str, pinyin_of=None, swallow_paren: bool = True) -> str | None:
    """`text` with the character at `index` garbled, or None if it cannot be.

    `pinyin_of(char)` gives the note the site would print for a character.
    Full-width ASCII forms are folded first, as on the site's pages.
    """
    text = fold_text(text)
    data = _encode(text)
    if data is None or not 0 < index < len(text):
        return None
    start = len(_encode(text[:index]))
    if len(char_to_gbk(text[index]) or b"") != 2 or len(char_to_gbk(text[index - 1]) or b"") != 2:
        return None
    if kind == "note_inside":
        shifted = _char(data[start - 1], data[start])
        note = pinyin_of(shifted) if shifted and pinyin_of else None
        if not note:
            return None
        inserted = b"(" + note.encode("gbk") + b")"
        data = data[: start + 1] + inserted + data[start + 1 :]
    return _site_decode(data, start, swallow_paren)


def fold_text(text: str) -> str:
    """Full-width ASCII forms to ASCII, character for character."""
    return "".join(map(fold_fullwidth, text))


def _encode(text: str) -> bytes | None:
    pieces = [char_to_gbk(c) for c in text]
    return None if any(p is None for p in pieces) else b"".join(pieces)


def _char(lead: int, trail: int) -> str | None:
    try:
        char = bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return char if len(char) == 1 else None


def _site_decode(data: bytes, lost: int, swallow_paren: bool) -> str:
    """Decode like the site: in step up to `lost`, where the lead is given up."""
    out, at = [], 0
    while at < len(data):
        byte = data[at]
        if at == lost or (byte >= 0x81 and (at + 1 >= len(data) or data[at + 1] < 0x40 or data[at + 1] == 0x7F)):
            out.append("?")
            at += 2 if swallow_paren and at + 1 < len(data) and data[at + 1] == 0x28 else 1
            continue
        if byte < 0x80:
            out.append(chr(byte))
            at += 1
        elif byte == 0x80:
            out.append("€")
            at += 1
        else:
            if not is_user_defined(byte, data[at + 1]):
                out.append(fold_fullwidth(_char(byte, data[at + 1]) or "?"))
            at += 2
    return "".join(out)
