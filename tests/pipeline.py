"""A file read, cleaned and structured as a build does, for tests that check what a reader sees."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def cleaning_passes():
    """The build's cleaning passes, made once for the test session."""
    from jiedu.clean import build_cleaning_passes, build_cleaning_resources

    return build_cleaning_passes(build_cleaning_resources())


def cleaned_and_structured(source):
    """`source` (a SourceDocument) cleaned, and the document structured from it: (CleanedText, Document)."""
    from jiedu.clean import clean_document
    from jiedu.structure import structure_document

    cleaned = clean_document(source, cleaning_passes())
    return cleaned, structure_document(source, cleaned)


def read_as_built(path: Path, display: str | None = None):
    """The first document of the file at `path`, read, cleaned and structured: (SourceDocument, CleanedText, Document)."""
    from jiedu.ingest.files import read_document_file

    [source, *_], _problems = read_document_file(path, display or path.name)
    return (source, *cleaned_and_structured(source))
