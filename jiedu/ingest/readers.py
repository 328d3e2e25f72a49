"""Read a document file into a SourceDocument: one reader per format.

Like Pelican's readers, each format is chosen by file extension and returns
the same thing. I/O stays here; the rest of the pipeline works on values.
"""

from __future__ import annotations

from pathlib import Path

import datetime as _dt

from ..frontmatter import FrontMatterError, parse_yaml_mapping, split_front_matter
from ..model import Problem, Severity, SourceDocument
from .decode import decode_bytes, describe_bad_bytes, is_probably_binary

FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
SIDECAR_SUFFIX = ".meta.yaml"
# Metadata fields a reader needs to cite the document; all optional.
KNOWN_FIELDS = ("title", "date", "source", "url", "script", "publisher", "author", "place", "description", "slug")


def is_document_path(path: Path) -> bool:
    return path.suffix.lower() in FORMATS and not path.name.startswith((".", "_"))


def read_document(path: Path, display_path: str) -> tuple[SourceDocument | None, list[Problem]]:
    """Read one document; on failure return None and the reasons."""
    data = path.read_bytes()
    if not data.strip():
        return None, [Problem(display_path, None, "the file is empty; skipped", Severity.ERROR)]
    if is_probably_binary(data):
        return None, [Problem(display_path, None, "the file is binary, not text; skipped", Severity.ERROR)]
    decoded = decode_bytes(data)
    problems = [Problem(display_path, None, describe_bad_bytes(decoded))] if decoded.bad_byte_offsets else []
    front = split_front_matter(decoded.text.replace("\r\n", "\n").replace("\r", "\n"), required=False)
    sidecar = read_sidecar(path)
    for error, shown in ((front, display_path), (sidecar, display_path.rsplit(".", 1)[0] + SIDECAR_SUFFIX)):
        if isinstance(error, FrontMatterError):
            return None, [*problems, Problem(shown, error.line, error.message, Severity.ERROR)]
    document = SourceDocument(
        path=path,
        slug="",
        text=front.body,
        body_first_line=front.body_line,
        encoding=decoded.encoding,
        metadata=plain_metadata({**sidecar, **front.fields}),
        format=FORMATS[path.suffix.lower()],
    )
    return document, problems


def read_sidecar(path: Path) -> dict | FrontMatterError:
    """The fields of `NAME.meta.yaml` beside `NAME.txt`, if there is one."""
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    parsed = parse_yaml_mapping(decode_bytes(sidecar.read_bytes()).text)
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
