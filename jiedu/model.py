"""The finished values that flow through the pipeline.

Every stage takes one of these and returns a new one; none is filled in later.
ingest -> SourceDocument; clean -> CleanedText; structure -> Document;
annotate -> AnnotatedDocument; render -> pages (str); write -> files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .paths import one_line


def quick_pickle(cls):
    """Class decorator: a frozen slots dataclass pickled by state functions that know its field names.

    The ones `dataclass` adds call `dataclasses.fields` for every value they pickle or
    unpickle, and a rebuild of 1,000 documents unpickles some 150,000 values (every
    SiteEntry with its occurrences and candidates): most of that time was `fields`.
    The state is the same list of field values, so files written either way read back.
    """
    names = tuple(field.name for field in dataclasses.fields(cls))
    set_field = object.__setattr__

    def __getstate__(self):
        return [getattr(self, name) for name in names]

    def __setstate__(self, state):
        for name, value in zip(names, state):
            set_field(self, name, value)

    cls.__getstate__, cls.__setstate__ = __getstate__, __setstate__
    return cls


class Severity(str, Enum):
    WARNING = "warning"
    ERROR = "error"


@quick_pickle
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
        r"""One line, whatever the file name holds.

        >>> print(Problem("content/documents/a\nb.txt", 3, "the date is impossible"))
        content/documents/a\nb.txt:3: warning: the date is impossible
        """
        where = f"{self.path}:{self.line}" if self.line else self.path
        return one_line(f"{where}: {self.severity.value}: {self.message}")


@quick_pickle
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


@quick_pickle
@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document as read from content/, before any cleaning."""

    path: Path
    """Where it was read from."""
    slug: str
    """URL-safe name for the document's folder in the site."""
    text: str
    """Plain text: the body, decoded, front matter removed. Block formats: the blocks' texts, one per line."""
    body_first_line: int
    """The file line on which `text` starts (for error messages)."""
    encoding: str
    """The encoding the bytes were decoded with (e.g. "utf-8", "gb18030"; "binary" for PDF and Word)."""
    metadata: dict
    """Front matter and what the reader found: title, date, source, url, script, ... (strings)."""
    format: str
    """The reader that read it: "text", "markdown", "html", "pdf", "docx", "dataset", "feed"."""
    blocks: tuple[Block, ...] | None = None
    """The body as the format structures it; None for plain text, which is cleaned line by line."""
    dropped: tuple[Change, ...] = ()
    """What the reader removed (navigation, scripts, running heads …), for the report."""
    part: str = ""
    """For a file that holds several documents (a dataset's rows): which one this is ("row 3")."""
    origin: str = field(default="", compare=False, repr=False)
    """What it was read from, when it was read through the build cache: a digest of the file's bytes, its
    sidecar's, the reader settings and its path, and its place among the file's documents. The same origin
    (with the same jiedu) is the same document, whatever the slug: `jiedu.documents.document_key` uses it
    instead of the whole text. Empty when read without a cache."""
    complete: bool = True
    """False for a document read back from the build cache without its text, blocks and dropped
    lines (`without_text`): enough to plan a build that keeps it. jiedu.ingest.complete_source
    reads the rest when it must be processed."""

    def without_text(self) -> SourceDocument:
        """This document as the build cache hands it back for planning (see `complete`)."""
        return dataclasses.replace(self, text="", blocks=None, dropped=(), complete=False)


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The output of the cleaning passes: one paragraph or heading per line."""

    text: str
    """Cleaned text; lines are blocks, blank lines mark stronger breaks (articles)."""
    changes: tuple[Change, ...]
    """Every edit, in pass order."""
    blocks: tuple[Block, ...] | None = None
    """For documents read as blocks: the cleaned blocks (`text` is then their texts, one per line)."""
    metadata: dict | None = None
    """The fields of the source's metadata that cleaning changed (its title without inline pinyin), or None."""


class BlockKind(str, Enum):
    """What a block of a document is; readers of structured formats say it, plain text is guessed."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    """A heading; `Block.level` says how deep (1 = the outermost the format has)."""
    LIST_ITEM = "list_item"
    """One item of a list; `Block.level` is its nesting depth (1 = top), its marker is in `attrs`."""
    QUOTE = "quote"
    """A block quotation."""
    TABLE_ROW = "table_row"
    """One row of a table; `cells` holds its cells, `text` them joined by tabs."""
    CAPTION = "caption"
    """A figure's or table's caption, or an image's alt text."""
    PREFORMATTED = "preformatted"
    """Text whose line breaks and spaces matter (code, ASCII tables): never joined or reflowed."""
    BREAK = "break"
    """Reader output only: a boundary between articles (feed items, a newspaper page's stories).
    `attrs` may carry the next article's metadata (date, url, author, source)."""


@quick_pickle
@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, heading, list item, quotation, table row, caption or preformatted text.

    Readers of structured formats (HTML, Markdown, Word, PDF, feeds) return
    their body as Blocks; the structure stage nests them into sections.
    """

    kind: BlockKind
    text: str
    """The text, in the document's original script (table rows: the cells joined by tabs)."""
    level: int = 0
    """Headings: 1 (outermost) to 6; list items: nesting depth from 1; else 0."""
    cells: tuple[str, ...] = ()
    """Table rows: each cell's text."""
    lang: str | None = None
    """A BCP 47 tag when the block is not Chinese (an English translation: "en"); None for Chinese."""
    line: int = 0
    """Where it came from, for messages: the file line, PDF page, or dataset row (0: unknown)."""
    attrs: tuple[tuple[str, str], ...] = ()
    """Extra facts as (key, value) pairs: a list item's "marker", a table row's "header" ("1"),
    a BREAK's article "date"/"url"/"author"/"source"."""
    marks: tuple[tuple[str, str, str], ...] = ()
    """Inline formatting the format gave, as (kind, marked text, address): kind "strong", "em",
    "code" or "link" (address an http(s) URL; "" for the others). Marks name the text they
    cover rather than offsets, so cleaning can change the text around them; one whose text
    is no longer in the block is dropped (`jiedu.render.ruby.mark_spans` finds them)."""

    def attr(self, key: str, default: str = "") -> str:
        return next((value for name, value in self.attrs if name == key), default)


@quick_pickle
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


@quick_pickle
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
    metadata: tuple[tuple[str, str], ...] = ()
    """What the format said of this article alone, as (key, value) pairs: a feed item's "date", "url", "author"."""


@quick_pickle
@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned, structured document, ready to annotate."""

    source: SourceDocument
    title: str
    articles: tuple[Article, ...]
    changes: tuple[Change, ...]
    problems: tuple[Problem, ...] = field(default=())


# --- the build's suggestions for the glossary (jiedu.annotate.glossary.missing_rank makes them) ---
# Here, with the other values, because the last build's report keeps them: a build with nothing to do
# reads that report back without importing the glossary package.


@dataclass(frozen=True, slots=True)
class Place:
    """One document a missing term appears in, with the first sentence that shows it."""

    document: int
    """The document's position among those whose sightings were ranked together
    (in a build, the position of its SiteEntry in the build's list)."""
    before: str
    """Text before the term in that sentence."""
    term: str
    """The term as written there."""
    after: str
    """Text after the term in that sentence."""

    @property
    def example(self) -> str:
        """The sentence with the term in 【】, as the build summary prints it."""
        return f"{self.before}【{self.term}】{self.after}"


@dataclass(frozen=True, slots=True)
class MissingTerm:
    """A formula-like term seen in the documents that has no glossary entry."""

    candidate: str
    """The term as first seen (original script, quotes removed)."""
    count: int
    """How many times it was seen (quoted or matching a pattern) across all the texts."""
    documents: int
    """How many documents it was seen in."""
    score: float
    """What it was ranked by (module docstring): higher is more formula-like and more widely used."""
    places: tuple[Place, ...]
    """The first documents it appears in (missing_rank.PLACES_KEPT), each with a sentence."""
    kinds: tuple[str, ...]
    """The evidence: "quoted", "counted" (四大种源), "paired" (五共五固), "plus" (7+1),
    "responsibility" (林长制), "model" (…工程 / …行动 / …计划 / …经验)."""

    @property
    def examples(self) -> tuple[str, ...]:
        """Up to three sentences, the term in 【】."""
        return tuple(place.example for place in self.places[:3])
