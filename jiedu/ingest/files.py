"""Read one document file into SourceDocuments: the registry picks the reader, this adds the rest.

The reader gives blocks (or plain text) and what it found of metadata; here
the sidecar ``NAME.meta.yaml`` and the file's front matter are laid over
that (front matter wins, then the sidecar, then what the reader found), and
a reader's failure becomes one Problem naming the file and line. A file may
hold several documents (a dataset's rows); each gets its own SourceDocument.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
from collections.abc import Callable
from pathlib import Path

from ..frontmatter import FrontMatterError, parse_yaml_mapping
from ..metadata import tidy_metadata
from ..model import Problem, Severity, SourceDocument
from ..report import innermost_frame
from .contract import ReadContext, Reading, UnreadableFile
from .decode import decode_bytes
from .registry import document_extensions, missing_modules, reader_for_bytes

SIDECAR_SUFFIX = ".meta.yaml"
# Metadata fields a reader needs to cite the document; all optional.
KNOWN_FIELDS = ("title", "date", "source", "url", "script", "publisher", "author", "place", "description", "slug")


def is_document_path(path: Path) -> bool:
    return is_document_name(path.name)


def is_document_name(name: str) -> bool:
    """Whether a file of this name is read as a document: a reader's extension; not hidden, not `_`-prefixed, not a sidecar.

    >>> is_document_name("report.TXT"), is_document_name("_draft.md"), is_document_name("report.meta.yaml"), is_document_name("notes.")
    (True, False, False, False)
    """
    return os.path.splitext(name)[1].lower() in document_extensions() and not name.startswith((".", "_")) and not name.endswith(SIDECAR_SUFFIX)


def read_document_file(path: Path, display_path: str, settings: dict | None = None, read: Callable[[Path], bytes] = Path.read_bytes) -> tuple[list[SourceDocument], list[Problem]]:
    """Every document in one file; on failure none, and the reasons.

    `read` reads the file and its sidecar: a build passes
    `jiedu.paths.content_file_reader`, which refuses links out of the content folder.
    """
    data = read(path)
    if not data.strip():
        return [], [Problem(display_path, None, "the file is empty; skipped", Severity.ERROR)]
    reader = reader_for_bytes(data, path.suffix)
    missing = missing_modules(reader)
    if missing:
        message = f"{reader.name} files need the Python package(s) {', '.join(missing)}, which are not installed; skipped"
        return [], [Problem(display_path, None, message, Severity.ERROR)]
    sidecar = read_sidecar(path, read)
    if isinstance(sidecar, FrontMatterError):
        return [], [Problem(display_path.rsplit(".", 1)[0] + SIDECAR_SUFFIX, sidecar.line, sidecar.message, Severity.ERROR)]
    context = ReadContext(display_path, path.suffix.lower(), (settings or {}).get(reader.name, {}))
    try:
        readings = reader.read(data, context)
        documents = [_source_document(path, reading, reader.name, sidecar) for reading in readings]
        documents, wrong = _with_text_fields(documents, readings, display_path)
    except UnreadableFile as error:
        return [], [Problem(display_path, error.line, error.message, Severity.ERROR)]
    except RecursionError:
        return [], [Problem(display_path, None, "nested too deeply to read; skipped", Severity.ERROR)]
    except Exception as error:  # a reader's own bug: this file is lost, the site is not
        message = f"could not be read as {reader.name} ({type(error).__name__}: {error}; at {innermost_frame(error)}); skipped"
        return [], [Problem(display_path, None, message, Severity.ERROR)]
    problems = [problem for reading in readings for problem in reading.problems] + wrong
    if not documents:
        problems.append(Problem(display_path, None, "no document found in the file; skipped", Severity.ERROR))
    return documents, problems


def _source_document(path: Path, reading: Reading, format_name: str, sidecar: dict) -> SourceDocument:
    blocks = reading.blocks
    text = reading.text if blocks is None else "\n".join(block.text for block in blocks)
    metadata = tidy_metadata(plain_metadata({**reading.metadata, **sidecar, **reading.front_matter}))
    return SourceDocument(path, "", text, reading.first_line, reading.encoding, metadata, format_name, blocks, reading.dropped, reading.part)


def _with_text_fields(documents: list[SourceDocument], readings: list[Reading], display_path: str) -> tuple[list[SourceDocument], list[Problem]]:
    """The documents with every known field that is not text left out, and a problem for each, with its
    front-matter line (numbers become text)."""
    checked, problems = [], []
    for document, reading in zip(documents, readings):
        wrong = [key for key in KNOWN_FIELDS if key in document.metadata and not isinstance(document.metadata[key], (str, int, float))]
        problems += [Problem(display_path, reading.front_matter_lines.get(key), f"`{key}` must be text, not a {type(document.metadata[key]).__name__}; ignored") for key in wrong]
        metadata = {key: (str(value) if key in KNOWN_FIELDS else value) for key, value in document.metadata.items() if key not in wrong}
        checked.append(dataclasses.replace(document, metadata=metadata) if metadata != document.metadata else document)
    return checked, problems


def sidecar_path(path: Path) -> Path:
    """Where the metadata of the document file `path` may be: `NAME.meta.yaml` beside it."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def read_sidecar(path: Path, read: Callable[[Path], bytes] = Path.read_bytes) -> dict | FrontMatterError:
    """The fields of `NAME.meta.yaml` beside `NAME.txt`, if there is one."""
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return {}
    try:
        data = read(sidecar)
    except OSError as error:  # named as the sidecar's problem, not the document's
        return FrontMatterError(None, f"could not be read: {error.strerror or error}")
    parsed = parse_yaml_mapping(decode_bytes(data).text)
    return parsed if isinstance(parsed, FrontMatterError) else parsed[0]


def plain_metadata(fields: dict) -> dict:
    """String keys; YAML dates become ISO text, as authors wrote them."""
    return {str(key): _plain(value) for key, value in fields.items()}


def _plain(value):
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
