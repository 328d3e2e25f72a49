"""Bytes of a saved web page to text: the page's own charset first.

A page says its encoding in a BOM, a ``<meta charset>``, a ``<meta
http-equiv="Content-Type">`` or an XML declaration (pages built from
included fragments repeat it; the first one counts). A declaration that
the bytes contradict (a GBK page declaring UTF-8) is ignored, and so is a
page with none: then `decode_bytes` tries the usual encodings. GB2312 and
GBK are read as GB18030, their superset, and Big5 as Big5-HKSCS, so the
characters the narrower codecs lack still decode.

A page saved as MHTML (``.mht``, "web archive, single file") is MIME: its
HTML part is taken out and decoded from quoted-printable or base64 first.
"""

from __future__ import annotations

import codecs
import re

from ...decode import BOMS, DecodedText, decode_bytes

DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "ascii": "utf-8", "latin-1": "cp1252", "iso8859-1": "cp1252"}
MIME_START = re.compile(rb"^\s*(?:From|MIME-Version|Content-Type|Subject|Date|Snapshot-Content-Location)\s*:", re.IGNORECASE)


def decode_html(data: bytes) -> DecodedText:
    """The page's text and the encoding it was read with.

    >>> decode_html('<meta charset="gb2312"><p>坚持</p>'.encode("gbk")).text
    '<meta charset="gb2312"><p>坚持</p>'
    >>> decode_html('<meta charset="utf-8"><p>坚持</p>'.encode("gbk")).encoding
    'gb18030'
    """
    if any(data.startswith(bom) for bom, _ in BOMS):
        return decode_bytes(data)
    codec = declared_codec(data)
    if codec:
        try:
            return DecodedText(data.decode(codec), codec)
        except UnicodeDecodeError:
            pass
    return decode_bytes(data)


def declared_codec(data: bytes) -> str | None:
    """The Python codec of the page's first charset declaration, if Python knows it.

    >>> declared_codec(b'<meta http-equiv="Content-Type" content="text/html; charset=GB2312">')
    'gb18030'
    >>> declared_codec(b'<script charset="gbk"></script>') is None
    True
    """
    match = DECLARED_CHARSET.search(data[:100_000])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return SUPERSETS.get(name, name)


def is_mhtml(data: bytes) -> bool:
    """A MIME web archive: mail-style headers, then a multipart body."""
    return bool(MIME_START.match(data[:200])) and b"multipart/related" in data[:4000].lower()


def mhtml_html_part(data: bytes) -> bytes | None:
    """The bytes of the archive's first HTML part, re-headed with its charset; None when it has none."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            return f'<meta charset="{charset}">'.encode() + payload if charset else payload
    return None
