"""Ingest: find the documents in a content folder and read them.

Documents live in `content/documents/` (sub-folders allowed) in any format
a reader knows (`registry.READERS`: plain text, Markdown, HTML, PDF, Word,
datasets, feeds), with metadata in front matter or a `NAME.meta.yaml`
sidecar. One file may hold several documents (a dataset's rows). Reading order on the home page is by date, newest
first, then by file name.

What a file gave is remembered by its bytes (`ReadingMemory`, kept in the
build cache): a rebuild reads every file again but parses only those that
changed, so an edit costs one document's reading, not the folder's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from ..model import Problem, Severity, SourceDocument
from ..paths import OUTSIDE_CONTENT, check_inside_content, content_file_reader, display_path, is_inside_content
from ..slugs import to_slug, unique_slug
from .files import SIDECAR_SUFFIX, is_document_path, read_document_file, sidecar_path

DOCUMENTS_FOLDER = "documents"
# Folder names the site itself uses; a document called "glossary" becomes "glossary-2".
RESERVED_SLUGS = ("glossary", "report", "assets", "index", "404", "sitemap")
# Larger files are not one reading document (a 5 MB report would be some 1.7
# million characters): they are skipped with a message asking to split them.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# PDF and Word files carry fonts and images: their text is a small part of their bytes.
MAX_BINARY_BYTES = 200 * 1024 * 1024
BINARY_EXTENSIONS = (".pdf", ".docx", ".doc")


class ReadingMemory(Protocol):
    """Where what a file gave is kept between builds (jiedu.build_cache.BuildCache is one)."""

    def load_reading(self, key: str) -> tuple | None: ...

    def load_full_reading(self, key: str) -> tuple | None: ...

    def store_reading(self, key: str, reading: tuple) -> None: ...


def read_content_folder(content_dir: Path, reader_settings: dict | None = None, memory: ReadingMemory | None = None) -> tuple[list[SourceDocument], list[Problem]]:
    """Every readable document, each with a unique slug; problems for the rest.

    `reader_settings` is site.toml's ``[readers]`` table: per format, settings
    for its reader (``[readers.dataset] text = "content"``). With `memory`, a
    file whose bytes (and sidecar's, and reader settings) were read before is
    not parsed again.
    """
    folder = content_dir / DOCUMENTS_FOLDER
    problems: list[Problem] = []
    if not folder.is_dir():
        return [], [Problem(display_path(folder, content_dir), None, "no documents folder; the site has no documents")]
    if not is_inside_content(folder, content_dir):  # one line for the folder, not one per file in it
        return [], [Problem(display_path(folder, content_dir), None, OUTSIDE_CONTENT, Severity.ERROR)]
    documents, taken = [], set(RESERVED_SLUGS)
    for path in find_document_files(folder):
        display = display_path(path, content_dir)
        found_documents, found = _read_one(path, display, content_dir, reader_settings or {}, memory)
        problems += found
        for document in found_documents:
            document, clash = _with_unique_slug(document, taken, display)
            problems += clash
            documents.append(document)
    return sort_documents(documents), problems


def find_document_files(folder: Path) -> list[Path]:
    """Document files below `folder`, in a stable order (links leading out of the content folder are refused when read)."""
    paths = [p for p in folder.rglob("*") if p.is_file() and is_document_path(p) and not p.name.endswith(SIDECAR_SUFFIX)]
    return sorted(paths, key=lambda p: p.as_posix())


def _read_one(path: Path, display: str, content_dir: Path, reader_settings: dict, memory: ReadingMemory | None) -> tuple[list[SourceDocument], list[Problem]]:
    limit = MAX_BINARY_BYTES if path.suffix.lower() in BINARY_EXTENSIONS else MAX_DOCUMENT_BYTES
    try:
        check_inside_content(path, content_dir)  # before its size: a link out of the folder is refused, whatever it leads to
        size = path.stat().st_size
        if size > limit:
            message = f"{size / 2**20:.1f} MB is larger than a document can be ({limit // 2**20} MB); skipped: split it into several documents"
            return [], [Problem(display, None, message, Severity.ERROR)]
        read = content_file_reader(content_dir)
        if memory is None:
            return read_document_file(path, display, reader_settings, read=read)
        return _read_remembered(path, display, reader_settings, _read_once(read), memory)
    except OSError as error:
        return [], [Problem(display, None, f"could not be read: {error.strerror or error}", Severity.ERROR)]


def _read_remembered(path: Path, display: str, reader_settings: dict, read: Callable[[Path], bytes], memory: ReadingMemory) -> tuple[list[SourceDocument], list[Problem]]:
    """What the file gives, parsed only if these bytes were never read before."""
    from ..fingerprint import digest

    key = digest(str(path), display, read(path), _sidecar_bytes(sidecar_path(path), read), repr(sorted(reader_settings.items())))
    remembered = memory.load_reading(key)
    if remembered is not None:
        return _with_origins(remembered[0], key), list(remembered[1])
    documents, problems = read_document_file(path, display, reader_settings, read=read)
    if not any(problem.severity is Severity.ERROR for problem in problems):  # a failure may be the machine's (a missing package): try again next time
        memory.store_reading(key, (tuple(documents), tuple(problems)))
        return _with_origins(documents, key), problems
    return documents, problems


def complete_source(source: SourceDocument, memory: ReadingMemory, content_dir: Path, reader_settings: dict | None = None) -> SourceDocument:
    """`source` with its text, blocks and dropped lines if it came without them (SourceDocument.complete):
    read from `memory`, or from its file again when the memory lost them (a damaged cache file only
    costs time); as it is, still incomplete, when neither can give them."""
    if source.complete:
        return source
    key, _, number = source.origin.rpartition(":")
    found = memory.load_full_reading(key)
    if found is None:
        found = _read_one(source.path, display_path(source.path, content_dir), content_dir, reader_settings or {}, None)
    documents = found[0]
    if not number.isdigit() or int(number) >= len(documents):
        return source
    return dataclasses.replace(documents[int(number)], slug=source.slug, origin=source.origin)


def _with_origins(documents, key: str) -> list[SourceDocument]:
    """The documents of the reading stored under `key`, each with its `origin`."""
    return [dataclasses.replace(document, origin=f"{key}:{number}") for number, document in enumerate(documents)]


def _sidecar_bytes(sidecar: Path, read: Callable[[Path], bytes]) -> bytes:
    """The sidecar's bytes for the key: none when there is none, a marker when it cannot be read
    (the reader then reports that as the sidecar's own problem, and nothing is remembered)."""
    if not sidecar.is_file():
        return b""
    try:
        return read(sidecar)
    except OSError:
        return b"\0unreadable"


def _read_once(read: Callable[[Path], bytes]) -> Callable[[Path], bytes]:
    """`read`, each file's bytes kept: the key and the reader see the same bytes, read once."""
    seen: dict[Path, bytes] = {}

    def remembered(path: Path) -> bytes:
        if path not in seen:
            seen[path] = read(path)
        return seen[path]

    return remembered


def _with_unique_slug(document: SourceDocument, taken: set[str], display: str) -> tuple[SourceDocument, list[Problem]]:
    name = document.path.stem + (f"-{document.part}" if document.part else "")
    wanted = to_slug(str(document.metadata.get("slug") or name), fallback="document")
    slug = unique_slug(wanted, taken)
    problems = [] if slug == wanted else [Problem(display, None, f"its slug {wanted!r} is taken by another document or the site; using {slug!r} (set `slug:` in its front matter)")]
    return dataclasses.replace(document, slug=slug), problems


def sort_documents(documents: list[SourceDocument]) -> list[SourceDocument]:
    by_name = sorted(documents, key=lambda d: d.path.as_posix())
    return sorted(by_name, key=lambda d: str(d.metadata.get("date") or ""), reverse=True)
