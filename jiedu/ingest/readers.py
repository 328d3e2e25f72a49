"""Read a document file into a SourceDocument: one reader per format.

Like Pelican's readers, each format is chosen by file extension and returns
the same thing. I/O stays here; the rest of the pipeline works on values.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Problem, Severity, SourceDocument
from .decode import decode_bytes, describe_bad_bytes, is_probably_binary
from .frontmatter import FrontMatterError, parse_metadata_yaml, split_front_matter

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
    try:
        front = split_front_matter(decoded.text.replace("\r\n", "\n").replace("\r", "\n"))
        metadata = {**read_sidecar(path, display_path), **front.metadata}
    except FrontMatterError as error:
        problems.append(Problem(display_path, error.line, str(error), Severity.ERROR))
        return None, problems
    document = SourceDocument(
        path=path,
        slug="",
        text=front.body,
        body_first_line=front.body_first_line,
        encoding=decoded.encoding,
        metadata=metadata,
        format=FORMATS[path.suffix.lower()],
    )
    return document, problems


def read_sidecar(path: Path, display_path: str) -> dict:
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        return parse_metadata_yaml(decode_bytes(sidecar.read_bytes()).text)
    except FrontMatterError as error:
        raise FrontMatterError(f"{sidecar.name}: {error}", error.line) from None
