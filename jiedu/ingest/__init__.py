"""Ingest: find the documents in a content folder and read them.

Documents live in `content/documents/` (sub-folders allowed) in any format
a reader knows (`registry.READERS`: plain text, Markdown, HTML, PDF, Word,
datasets, feeds), with metadata in front matter or a `NAME.meta.yaml`
sidecar. One file may hold several documents (a dataset's rows). Reading order on the home page is by date, newest
first, then by file name.

What a file gave is remembered by its bytes (`ReadingMemory`, kept in the
build cache): a rebuild reads every file again but parses only those that
changed, so an edit costs one document's reading, not the folder's. When
many files need parsing (a first build), forked worker processes parse them.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol

from ..model import Problem, Severity, SourceDocument
from ..paths import OUTSIDE_CONTENT, check_inside_content, content_file_reader, display_path, files_below, is_inside_content, read_content_file
from ..slugs import to_slug, unique_slug
from .files import is_document_name, read_document_file, sidecar_path

DOCUMENTS_FOLDER = "documents"
# Folder names the site itself uses; a document called "glossary" becomes "glossary-2".
RESERVED_SLUGS = ("glossary", "report", "assets", "index", "404", "sitemap")
# Larger files are not one reading document (a 5 MB report would be some 1.7
# million characters): they are skipped with a message asking to split them.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# PDF and Word files carry fonts and images: their text is a small part of their bytes.
MAX_BINARY_BYTES = 200 * 1024 * 1024
BINARY_EXTENSIONS = (".pdf", ".docx", ".doc")
PARSES_PER_WORKER = 8
_SHEET = "a spreadsheet; save the sheet as CSV (one document per row) or its table in a Word file to read it"
_SLIDES = "a slide deck; export it as PDF to read it"
_OTHER_WORD = "save it as .docx to read it"
UNREAD_FORMATS = {
    ".xlsx": _SHEET, ".xls": _SHEET, ".et": _SHEET, ".ods": _SHEET, ".numbers": _SHEET,
    ".pptx": _SLIDES, ".ppt": _SLIDES, ".dps": _SLIDES, ".odp": _SLIDES, ".key": _SLIDES,
    ".rtf": _OTHER_WORD, ".odt": _OTHER_WORD, ".wps": _OTHER_WORD, ".pages": _OTHER_WORD, ".docm": _OTHER_WORD,
}
"""Files people publish documents in that no reader reads: each gets a warning saying what to do, not silence.
(Images are left out: a Markdown document's pictures sit beside it.)"""
"""Forking a worker to parse files pays for itself only with this many files for it (a text
or Markdown file takes 2-20 ms to parse; a fork of the build process some tens of ms)."""


class ReadingMemory(Protocol):
    """Where what a file gave is kept between builds (jiedu.build_cache.BuildCache is one)."""

    def load_reading(self, key: str) -> tuple | None: ...

    def load_full_reading(self, key: str) -> tuple | None: ...

    def store_reading(self, key: str, reading: tuple) -> tuple | None: ...


def read_content_folder(content_dir: Path, reader_settings: dict | None = None, memory: ReadingMemory | None = None,
                        workers: int | None = None, spell: Callable[[str], str] | None = None, digests=None) -> tuple[list[SourceDocument], list[Problem]]:
    """Every readable document, each with a unique slug; problems for the rest.

    `reader_settings` is site.toml's ``[readers]`` table: per format, settings
    for its reader (``[readers.dataset] text = "content"``). With `memory`, a
    file whose bytes (and sidecar's, and reader settings) were read before is
    not parsed again. `workers` caps the processes that parse the other files
    (default: one per core). `spell`: how slugs spell a Han file name (jiedu.slugs.to_slug).
    `digests` (jiedu.file_digests.FileDigests) gives the digests of files unchanged since they were
    last read without reading them again.
    """
    folder = content_dir / DOCUMENTS_FOLDER
    problems: list[Problem] = []
    if not folder.is_dir():
        return [], [Problem(display_path(folder, content_dir), None, "no documents folder; the site has no documents")]
    if not is_inside_content(folder, content_dir):  # one line for the folder, not one per file in it
        return [], [Problem(display_path(folder, content_dir), None, OUTSIDE_CONTENT, Severity.ERROR)]
    documents, taken = [], set(RESERVED_SLUGS)
    links: set[Path] = set()
    unread: list[Path] = []
    paths = find_document_files(folder, links, unread)
    problems += [Problem(display_path(path, content_dir), None, f"not read: {UNREAD_FORMATS[path.suffix.lower()]}") for path in unread]
    for display, (found_documents, found) in _read_files(paths, content_dir, reader_settings or {}, memory, workers, digests, links):
        problems += found
        for document in found_documents:
            document, clash = _with_unique_slug(document, taken, display, spell)
            problems += clash
            documents.append(document)
    return sort_documents(documents), problems


def find_document_files(folder: Path, links: set[Path] | None = None, unread: list[Path] | None = None) -> list[Path]:
    """Document files below `folder`, in a stable order (links leading out of the content folder are refused when read).
    Links to folders are not followed, so only the files that are links (added to `links`) can lead out of `folder`.
    `unread`: where to add the files of a kind people publish documents in that jiedu does not read (`UNREAD_FORMATS`)."""
    found_links: set[str] = set()
    found = files_below(folder, links=found_links)
    paths = sorted((Path(path) for path in found if is_document_name(os.path.basename(path))), key=lambda p: p.as_posix())
    if unread is not None:
        unread += sorted((Path(path) for path in found if _is_unread_format(os.path.basename(path))), key=lambda p: p.as_posix())
    if links is not None:
        links.update(path for path in paths if str(path) in found_links)
    return paths


def _is_unread_format(name: str) -> bool:
    return not name.startswith((".", "_", "~$")) and os.path.splitext(name)[1].lower() in UNREAD_FORMATS


@dataclass(frozen=True)
class _Parse:
    """A file to parse: its bytes and its sidecar's as read for its memory key (the parser sees the same bytes)."""

    path: Path
    display: str
    key: str | None
    """Where what it gives is remembered (None: no memory)."""
    files: dict = field(default_factory=dict)
    """Path -> bytes already read."""


def _read_files(paths: list[Path], content_dir: Path, settings: dict, memory: ReadingMemory | None, workers: int | None,
                digests=None, links: set[Path] | None = None) -> Iterator[tuple[str, tuple]]:
    """(display path, (documents, problems)) of each file, in order: from `memory`, or parsed.

    With `links`, `paths` were found in a folder inside the content folder without following
    links to folders (`find_document_files`): only the files in `links` can lead out of it, and
    only they are resolved to check (a resolve per file was a third of an unchanged folder's reading).
    """
    read = content_file_reader(content_dir)
    displays = [display_path(path, content_dir) for path in paths]
    planned = [_plan_reading(path, display, content_dir, settings, memory, read, digests, check_inside=links is None or path in links)
               for path, display in zip(paths, displays)]
    parses = [plan for plan in planned if isinstance(plan, _Parse)]
    parsed = _parse_all(parses, content_dir, settings, workers)
    for display, plan in zip(displays, planned):
        if not isinstance(plan, _Parse):
            yield display, plan
            continue
        documents, problems = next(parsed)
        if plan.key is not None and not any(problem.severity is Severity.ERROR for problem in problems):
            # a failure may be the machine's (a missing package): try again next time
            light = memory.store_reading(plan.key, (tuple(documents), tuple(problems)))
            # Stored, the documents go on without their text, as from an earlier build: the text is read back
            # where the document is processed, so a build holds one document's text at a time, not the corpus's.
            documents = _with_origins(light[0] if light is not None else documents, plan.key)
        yield plan.display, (documents, problems)


def _plan_reading(path: Path, display: str, content_dir: Path, settings: dict, memory: ReadingMemory | None, read: Callable[[Path], bytes],
                  digests=None, check_inside: bool = True):
    """What the file gave when these bytes were read before, a refusal, or the _Parse to do.
    The bytes are known by their digest: from `digests` when the file is unchanged since it was last read, else read now.
    `check_inside`: False only for a file known to lie inside the content folder (`_read_files`)."""
    limit = MAX_BINARY_BYTES if path.suffix.lower() in BINARY_EXTENSIONS else MAX_DOCUMENT_BYTES
    try:
        if check_inside:  # before its size: a link out of the folder is refused, whatever it leads to
            check_inside_content(path, content_dir)
        size = path.stat().st_size
        if size > limit:
            message = f"{size / 2**20:.1f} MB is larger than a document can be ({limit // 2**20} MB); skipped: split it into several documents"
            return [], [Problem(display, None, message, Severity.ERROR)]
        if memory is None:
            return _Parse(path, display, None)
        from ..fingerprint import digest

        read = _read_once(read)
        digest_of = (lambda file: digests.digest_of(file, read)) if digests is not None else (lambda file: digest(read(file)))
        key = digest(str(path), display, digest_of(path), _sidecar_digest(sidecar_path(path), digest_of), repr(sorted(settings.items())))
        remembered = memory.load_reading(key)
        if remembered is not None:
            return _with_origins(remembered[0], key), list(remembered[1])
        return _Parse(path, display, key, read.seen)
    except OSError as error:
        return [], [Problem(display, None, f"could not be read: {error.strerror or error}", Severity.ERROR)]


def _parse_all(parses: list[_Parse], content_dir: Path, settings: dict, workers: int | None) -> Iterator[tuple[list, list]]:
    """(documents, problems) of each parse, in order: in forked workers when there are enough files for them."""
    from ..executors.local import can_fork

    parse = partial(_parse, content_dir=content_dir, settings=settings)
    workers = min(workers or os.cpu_count() or 1, len(parses) // PARSES_PER_WORKER)
    if workers < 2 or not can_fork():
        yield from map(parse, parses)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(parse, parses, chunksize=4)


def _parse(plan: _Parse, content_dir: Path, settings: dict) -> tuple[list, list]:
    def read(path: Path) -> bytes:
        return plan.files[path] if path in plan.files else read_content_file(path, content_dir)

    try:
        return read_document_file(plan.path, plan.display, settings, read=read)
    except OSError as error:
        return [], [Problem(plan.display, None, f"could not be read: {error.strerror or error}", Severity.ERROR)]


def complete_source(source: SourceDocument, memory: ReadingMemory, content_dir: Path, reader_settings: dict | None = None) -> SourceDocument:
    """`source` with its text, blocks and dropped lines if it came without them (SourceDocument.complete):
    read from `memory`, or from its file again when the memory lost them (a damaged cache file only
    costs time); as it is, still incomplete, when neither can give them."""
    if source.complete:
        return source
    key, _, number = source.origin.rpartition(":")
    found = memory.load_full_reading(key)
    if found is None:
        display = display_path(source.path, content_dir)
        found = _plan_reading(source.path, display, content_dir, reader_settings or {}, None, content_file_reader(content_dir))
        if isinstance(found, _Parse):
            found = _parse(found, content_dir, reader_settings or {})
    documents = found[0]
    if not number.isdigit() or int(number) >= len(documents):
        return source
    return dataclasses.replace(documents[int(number)], slug=source.slug, origin=source.origin)


def _with_origins(documents, key: str) -> list[SourceDocument]:
    """The documents of the reading stored under `key`, each with its `origin`."""
    return [dataclasses.replace(document, origin=f"{key}:{number}") for number, document in enumerate(documents)]


def _sidecar_digest(sidecar: Path, digest_of: Callable[[Path], str]) -> str:
    """The sidecar's digest for the key: "" when there is none, a marker when it cannot be read
    (the reader then reports that as the sidecar's own problem, and nothing is remembered)."""
    if not sidecar.is_file():
        return ""
    try:
        return digest_of(sidecar)
    except OSError:
        return "\0unreadable"


def _read_once(read: Callable[[Path], bytes]) -> Callable[[Path], bytes]:
    """`read`, each file's bytes kept (in its `seen`): the key and the reader see the same bytes, read once."""
    seen: dict[Path, bytes] = {}

    def remembered(path: Path) -> bytes:
        if path not in seen:
            seen[path] = read(path)
        return seen[path]

    remembered.seen = seen
    return remembered


def _with_unique_slug(document: SourceDocument, taken: set[str], display: str, spell=None) -> tuple[SourceDocument, list[Problem]]:
    name = document.path.stem + (f"-{document.part}" if document.part else "")
    wanted = to_slug(str(document.metadata.get("slug") or name), fallback="document", spell=spell)
    slug = unique_slug(wanted, taken)
    problems = [] if slug == wanted else [Problem(display, None, f"its slug {wanted!r} is taken by another document or the site; using {slug!r} (set `slug:` in its front matter)")]
    return dataclasses.replace(document, slug=slug), problems


def sort_documents(documents: list[SourceDocument]) -> list[SourceDocument]:
    by_name = sorted(documents, key=lambda d: d.path.as_posix())
    return sorted(by_name, key=lambda d: str(d.metadata.get("date") or ""), reverse=True)
