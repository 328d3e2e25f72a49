"""Which reader reads a file: one table of formats, chosen by content first, then by extension.

Like Pelican's `Readers`, this is the one place that maps files to readers.
A file is claimed by its first bytes before its extension is asked, because
real files are misnamed: HTML saved as ``.txt``, an RSS feed as ``.txt``,
Markdown as ``.txt``. Binary formats are recognised by their signatures (a
PDF starts ``%PDF-``, a Word file is a zip holding ``word/document.xml``).

>>> reader_for_bytes(b"%PDF-1.7 ...", ".txt").name
'pdf'
>>> reader_for_bytes("一、总体要求".encode(), ".txt").name
'text'
>>> reader_for_bytes("# 标题\\n\\n## 一、总则\\n\\n正文。".encode(), ".txt").name
'markdown'
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache

from .contract import Reader

ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _lazy(module: str, function: str):
    """A function imported on first call, so a build loads only the readers it uses."""

    def call(*args):
        return getattr(importlib.import_module(f"jiedu.ingest.readers.{module}"), function)(*args)

    call.__name__ = function
    return call


READERS: tuple[Reader, ...] = (
    Reader("pdf", (".pdf",), _lazy("pdf", "read_pdf"), lambda data: data[:1024].lstrip().startswith(b"%PDF-"), ("pypdfium2",)),
    Reader("doc", (".doc",), _lazy("doc", "read_doc"), lambda data: data.startswith(OLE2_SIGNATURE), ("olefile",)),
    Reader("docx", (".docx",), _lazy("docx", "read_docx"), lambda data: _is_word_file(data), ("docx", "lxml")),
    Reader("feed", (".rss", ".atom"), _lazy("feeds", "read_feed"), _lazy("feeds", "looks_like_feed"), ("feedparser",)),
    Reader("html", (".html", ".htm", ".xhtml", ".mht", ".mhtml"), _lazy("html", "read_html"), _lazy("html", "looks_like_html"), ("trafilatura", "lxml")),
    Reader("dataset", (".csv", ".tsv", ".jsonl", ".ndjson", ".json"), _lazy("datasets", "read_dataset")),
    Reader("markdown", (".md", ".markdown"), _lazy("markdown", "read_markdown"), _lazy("markdown", "looks_like_markdown")),
    Reader("text", (".txt", ".text"), _lazy("text", "read_text")),
)
"""Every format, in the order their sniffers are asked (most specific first)."""

SNIFFED_EXTENSIONS = (".txt", ".text", ".md", ".markdown", ".xml", "")
"""Extensions whose files may hold another format: their content decides.
Files with a format's own extension (.html, .csv, .pdf) are read as that format,
except that binary signatures always win (a PDF named .html is a PDF)."""

BINARY_READERS = ("pdf", "doc", "docx")


@cache
def document_extensions() -> frozenset[str]:
    """Every extension the content folder is searched for (``.xml`` only when it is a feed)."""
    return frozenset(ext for reader in READERS for ext in reader.extensions) | {".xml"}


def reader_for_bytes(data: bytes, extension: str) -> Reader:
    """The reader of a file with these first bytes and this extension (lower case, with its dot)."""
    extension = extension.lower()
    for reader in READERS:
        if reader.name in BINARY_READERS and _claims(reader, data):
            return reader
    if extension in SNIFFED_EXTENSIONS:
        for reader in READERS:
            if reader.name not in BINARY_READERS and extension not in reader.extensions and _claims(reader, data):
                return reader
    by_extension = next((reader for reader in READERS if extension in reader.extensions), None)
    return by_extension or _reader_named("text")


def _claims(reader: Reader, data: bytes) -> bool:
    """Whether the reader's sniffer claims the file; a reader whose library is missing claims nothing."""
    if reader.sniff is None or missing_modules(reader):
        return False
    try:
        return reader.sniff(data)
    except Exception:  # a sniffer's failure on odd bytes: the file is simply not claimed by it
        return False


def missing_modules(reader: Reader) -> list[str]:
    """The modules `reader` needs that are not installed (the format is then disabled)."""
    return [name for name in reader.requires if not _is_importable(name)]


@cache
def _is_importable(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _reader_named(name: str) -> Reader:
    return next(reader for reader in READERS if reader.name == name)


def _is_word_file(data: bytes) -> bool:
    """A .docx: a zip whose directory names word/document.xml."""
    return data.startswith(ZIP_SIGNATURE) and b"word/document.xml" in data[-65536:] + data[:65536]
