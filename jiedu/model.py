"""The finished values that flow through the pipeline.

Every stage takes one of these and returns a new one; none is filled in later.
ingest -> SourceDocument; clean -> CleanedText; structure -> Document;
annotate -> AnnotatedDocument; render -> pages (str); write -> files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the user's input, reported with where it is."""

    path: str
    """The file the problem is in, as the user would type it (relative to the project)."""
    line: int | None
    """1-based line number, when the problem has one."""
    message: str
    """One sentence a user can act on."""
    severity: Severity = Severity.WARNING
    """WARNING: the build went on around it. ERROR: the file was skipped."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity.value}: {self.message}"


@dataclass(frozen=True, slots=True)
class Change:
    """One edit a cleaning pass made to the text, so the report can show it."""

    pass_name: str
    """The pass that made it, e.g. "strip_inline_pinyin"."""
    line: int
    """1-based line in the text the pass was given (approximate after joins)."""
    before: str
    """The text that was there (with a little context where that helps)."""
    after: str
    """What it became ("" for a removal)."""
    note: str = ""
    """Why, in a few words: the evidence used or the rule that matched."""
    uncertain: bool = False
    """True when the pass was not sure and left a visible mark in the page."""


# In-band marks for spans a pass left uncertain. These are Unicode's interlinear
# annotation characters, which never occur in real text; the renderer turns them
# into <mark class="uncertain">. ANCHOR starts the span, TERMINATOR ends it.
UNCERTAIN_START = "\ufff9"
UNCERTAIN_END = "\ufffb"


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document as read from content/, before any cleaning."""

    path: Path
    """Where it was read from."""
    slug: str
    """URL-safe name for the document's folder in the site."""
    text: str
    """The body, decoded, front matter removed."""
    body_first_line: int
    """The file line on which `text` starts (for error messages)."""
    encoding: str
    """The encoding the bytes were decoded with (e.g. "utf-8", "gb18030")."""
    metadata: dict
    """Front matter: title, date, source, url, script, ... (strings)."""
    format: str
    """"text" for raw scraped text, "markdown" for Markdown."""


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The output of the cleaning passes: one paragraph or heading per line."""

    text: str
    """Cleaned text; lines are blocks, blank lines mark stronger breaks (articles)."""
    changes: tuple[Change, ...]
    """Every edit, in pass order."""


class BlockKind(str, Enum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph or heading of cleaned text."""

    kind: BlockKind
    text: str
    """The cleaned text, in the document's original script."""


@dataclass(frozen=True, slots=True)
class Section:
    """A headed part of an article (or its untitled introduction)."""

    slug: str
    """Stable id, unique within the document, used for the page and anchor names."""
    heading: str | None
    """The heading as printed (e.g. "（一）坚决维护社会和谐稳定"); None for an introduction."""
    level: int
    """1 for top-level sections (一、 / 关于…的决议), 2 for （一）, and so on."""
    blocks: tuple[Block, ...]
    """Paragraphs (and minor headings) directly in this section."""
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a document: a newspaper page holds several, a report one."""

    slug: str
    title: str
    overlines: tuple[str, ...]
    """引题: lines printed above the headline (e.g. "严金海在自治区政府全体会议上强调")."""
    subtitles: tuple[str, ...]
    """副题 and notes printed below it (e.g. "洛桑江村主持", "（2024年1月10日……通过）")."""
    dateline: str | None
    """e.g. "本报拉萨1月10日讯（记者 冯骥）", split off the first paragraph."""
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned, structured document, ready to annotate."""

    source: SourceDocument
    title: str
    articles: tuple[Article, ...]
    changes: tuple[Change, ...]
    problems: tuple[Problem, ...] = field(default=())
