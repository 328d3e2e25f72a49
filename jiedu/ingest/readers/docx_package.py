"""Opening a Word package and reading the parts python-docx leaves alone.

Split from `docx.py`: how the zip is opened (and mended when a relationship
points at a part that is not there), the file's core properties, foot- and
endnotes, and "altChunk" parts (HTML or MHTML imported whole into a
document, which python-docx sees as an empty body).
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import posixpath
import re
import zipfile

from ...charclass import count_han
from ..contract import UnreadableFile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOTE_KINDS = ("footnote", "endnote")
# Owner names Windows installs and templates fill in; they never name a document's author.
GENERIC_AUTHORS = {"微软用户", "微软中国", "用户", "作者", "雨林木风", "番茄花园", "深度", "系统之家", "微软", "中国"}
GENERIC_TITLE = re.compile(r"^(microsoft|word|document|文档|新建|无标题|untitled|doc\d*)\b", re.IGNORECASE)
OLDEST_PLAUSIBLE_YEAR = 1990
# How many paragraphs count as a document's opening (title block, addressee, first lines).
OPENING_PARAGRAPHS = 10


def open_word_document(data: bytes):
    """The python-docx Document of `data`; `UnreadableFile` for anything that is not a .docx."""
    import docx

    if data.startswith(OLE2_MAGIC):
        raise UnreadableFile("this is an old-format Word .doc file, or a password-protected one, named .docx: rename it .doc, or open it in Word or WPS and save it as .docx")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableFile("this is not a Word .docx file (it is not a zip archive)")
    try:
        return docx.Document(io.BytesIO(without_dangling_relationships(data)))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise UnreadableFile(f"this is not a readable Word .docx file ({error})") from None
    except Exception as error:  # lxml and python-docx raise their own types for broken XML
        raise UnreadableFile(f"this Word file is damaged: {type(error).__name__}: {error}") from None


def without_dangling_relationships(data: bytes) -> bytes:
    """The package with relationships to missing parts removed (WPS writes ``Target="../NULL"``).

    python-docx refuses a package whose relationship names a part that is not
    in the zip, though Word opens it; the part is usually an image never saved.
    """
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        mended = {}
        for name in (n for n in names if n.endswith(".rels")):
            tree = etree.fromstring(archive.read(name))
            dangling = [rel for rel in tree if _is_dangling(rel, name, names)]
            for rel in dangling:
                tree.remove(rel)
            if dangling:
                mended[name] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
        if not mended:
            return data
        return _rezipped(archive, mended)


def _is_dangling(rel, rels_name: str, names: set[str]) -> bool:
    if rel.get("TargetMode") == "External" or not rel.get("Target"):
        return False
    return part_name(rels_name, rel.get("Target")) not in names


def part_name(rels_name: str, target: str) -> str:
    """The zip name a relationship target points at, from the .rels file holding it.

    >>> part_name("word/_rels/document.xml.rels", "../NULL")
    'NULL'
    >>> part_name("word/_rels/document.xml.rels", "/word/afchunk.mht")
    'word/afchunk.mht'
    """
    if target.startswith("/"):
        return target.lstrip("/")
    source_folder = posixpath.dirname(posixpath.dirname(rels_name))
    return posixpath.normpath(posixpath.join(source_folder, target)).lstrip("/")


def _rezipped(archive: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            copy.writestr(info, replaced.get(info.filename, archive.read(info.filename)))
    return out.getvalue()


def related_blob(document, relationship_id: str) -> bytes | None:
    """The bytes of the part the main document's relationship `relationship_id` points at."""
    rel = document.part.rels.get(relationship_id)
    if rel is None or rel.is_external:
        return None
    return rel.target_part.blob


def note_texts(document, kind: str, paragraph_text) -> dict[str, str]:
    """Footnote or endnote texts by id, separators left out; `paragraph_text` reads one w:p."""
    from lxml import etree

    blob = next((rel.target_part.blob for rel in document.part.rels.values() if not rel.is_external and rel.reltype.endswith(f"/{kind}s")), None)
    if blob is None:
        return {}
    notes = {}
    for note in etree.fromstring(blob).iter(f"{W}{kind}"):
        if note.get(f"{W}type") in (None, "normal"):
            text = " ".join(t for p in note.iter(f"{W}p") if (t := paragraph_text(p)))
            notes[note.get(f"{W}id")] = text.strip()
    return notes


# --- core properties ---


def core_metadata(properties, body_texts: list[str]) -> dict:
    """Title, author and date from the file's properties, each only where it is believable.

    `body_texts` are the document's paragraphs and headings. Word fills the
    properties in from templates and the computer's owner name, so a title or
    author counts only when the opening of the body prints it too, and a date
    only when the opening lines name a year and it is not older than that year.
    """
    metadata, opening = {}, body_texts[:OPENING_PARAGRAPHS]
    for key, value in (("title", properties.title), ("author", properties.author)):
        if is_plausible_name(value or "", opening if key == "title" else body_texts):
            metadata[key] = value.strip()
    created = properties.created
    if created and is_plausible_date(created, opening):
        metadata["date"] = created.date().isoformat()
    return metadata


def is_plausible_name(value: str, body_texts: list[str]) -> bool:
    """A Chinese title or author that is not a template's or Windows' default, and that the body prints.

    >>> is_plausible_name("西大教务", ["2022年通过普通高等学校师范类专业认证的专业名单"])
    False
    """
    value = value.strip()
    if count_han(value) < 2 or value in GENERIC_AUTHORS or GENERIC_TITLE.match(value) or value.lower().endswith((".doc", ".docx")):
        return False
    squeezed = re.sub(r"\s", "", value)
    return any(squeezed in re.sub(r"\s", "", text) for text in body_texts)


def is_plausible_date(created: dt.datetime, body_texts: list[str]) -> bool:
    """True when the opening names a year and the date is not older than it (nor in the future, nor before 1990).

    >>> is_plausible_date(dt.datetime(2014, 10, 30), ["2022年度考试大纲"]), is_plausible_date(dt.datetime(2013, 12, 23), ["关于开展专项行动的通知"])
    (False, False)
    >>> is_plausible_date(dt.datetime(2022, 6, 27), ["2022年通过认证的专业名单"])
    True
    """
    if not OLDEST_PLAUSIBLE_YEAR <= created.year <= dt.date.today().year:
        return False
    years = [int(y) for text in body_texts for y in re.findall(r"((?:19|20)\d\d)\s*年", text)]
    # A file's creation date is the template's as often as the text's: believed only when the
    # opening names its year (a document that names no year gives it nothing to agree with).
    return bool(years) and created.year >= max(years)


# --- altChunk: a whole HTML or MHTML document imported into the body ---


def alt_chunk_html(blob: bytes) -> str | None:
    """The HTML an altChunk part holds: MHTML unpacked, HTML decoded; None for other kinds."""
    head = blob[:400].lstrip().lower()
    if head.startswith(b"mime-version") or b"content-type: multipart/related" in head:
        return mhtml_to_html(blob)
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in blob[:4000].lower():
        from ..decode import decode_bytes

        return decode_bytes(blob).text
    return None


def mhtml_to_html(blob: bytes) -> str | None:
    """The first text/html part of an MHTML archive, decoded (quoted-printable, its charset).

    >>> mhtml_to_html(b'MIME-Version: 1.0\\nContent-Type: text/html; charset="utf-8"\\n'
    ...     b'Content-Transfer-Encoding: quoted-printable\\n\\n<p>=E5=9B=BD=E6=97=97</p>')
    '<p>国旗</p>'
    """
    message = email.message_from_bytes(blob, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    return None


def html_body(html: str) -> str:
    """The inside of an HTML page's <body> (all of it when there is none): content, no <head>."""
    match = re.search(r"<body\b[^>]*>(.*?)(?:</body\s*>|\Z)", html, re.IGNORECASE | re.DOTALL)
    return match.group(1) if match else html
