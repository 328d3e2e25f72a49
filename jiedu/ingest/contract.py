"""What every reader returns, whatever the format: the one contract of ingest.

A reader is a pure function from a file's bytes to a list of `Reading`s (one
for most files; one per row of a dataset). It never touches the file system
(the registry reads the bytes) and never raises for bad input except with
`UnreadableFile`, whose message and line the build reports in one line.

Plain text has no structure of its own: its Reading has ``blocks=None`` and
its ``text`` goes through the line-by-line cleaning passes. Every other
format says what each block is (`jiedu.model.Block`), so the structure stage
uses that instead of guessing from the shape of lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Block, Change, Problem


class UnreadableFile(Exception):
    """A file a reader cannot make a document of (scanned PDF, broken archive, no text).

    The build reports ``FILE[:LINE]: error: MESSAGE`` and goes on with the other files.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader may know besides the bytes."""

    display_path: str
    """The file as the user would type it, for messages."""
    extension: str
    """The file's extension, lower case with its dot (".html"); "" when it has none."""
    settings: dict = field(default_factory=dict)
    """The ``[readers]`` table of site.toml (e.g. dataset column names); {} by default."""


@dataclass(frozen=True, slots=True)
class Reading:
    """One document as a reader found it."""

    blocks: tuple[Block, ...] | None
    """The body as blocks; None for plain text, whose `text` is cleaned line by line."""
    text: str
    """Plain text: the decoded body (front matter removed). Block formats: "" (made from the blocks)."""
    metadata: dict = field(default_factory=dict)
    """title, date (ISO text), source, url, author, ... as found in the file (strings)."""
    front_matter: dict = field(default_factory=dict)
    """Fields the user wrote at the top of the file (YAML front matter): they win over a sidecar's."""
    front_matter_lines: dict = field(default_factory=dict)
    """The file line of each front-matter key, for messages about its value."""
    dropped: tuple[Change, ...] = ()
    """What the reader removed, each as a Change whose `after` is "" (the report lists them)."""
    problems: tuple[Problem, ...] = ()
    """Warnings about this document (a row with no date, undecodable bytes …)."""
    first_line: int = 1
    """The file line on which the body starts."""
    encoding: str = "utf-8"
    """How the bytes were decoded ("binary" for PDF and Word files)."""
    part: str = ""
    """For files holding several documents: which one this is ("row 3"), unique in the file."""


ReadFunction = Callable[[bytes, ReadContext], "list[Reading]"]
SniffFunction = Callable[[bytes], bool]


@dataclass(frozen=True, slots=True)
class Reader:
    """One input format: its name, the extensions it takes, and how to read it.

    Like Pelican's BaseReader: `requires` names the modules it imports, and a
    reader whose modules are missing is disabled with a message naming them,
    instead of breaking the build. `sniff` lets a reader claim a file by its
    first bytes whatever its extension (HTML saved as ``.txt``).
    """

    name: str
    """The format's name, which becomes `SourceDocument.format` ("html")."""
    extensions: tuple[str, ...]
    """Lower-case extensions with their dot (".html", ".htm")."""
    read: ReadFunction
    sniff: SniffFunction | None = None
    """True when the first bytes of a file are in this format."""
    requires: tuple[str, ...] = ()
    """Importable module names the reader needs."""


def dropped_change(reader: str, text: str, why: str, line: int = 0) -> Change:
    """A Change recording that `reader` removed `text` (shortened for the report)."""
    shown = text if len(text) <= 120 else text[:117] + "…"
    return Change(f"read_{reader}", line, shown, "", why)
