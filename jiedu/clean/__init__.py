"""Clean: raw text in, one paragraph or heading per line out, every edit recorded.

The cleaner is a list of small named passes, each ``str -> (str, list[Change])``,
run in order (`build_cleaning_passes`); the build reports what each did
(`changes_by_pass`). Resources that are slow to make (the GBK repairer's
dictionaries) are made once by the caller with `build_cleaning_resources` and
passed in; nothing is built at import time, and each part only when a pass
first needs it.

Order matters:

1. ``repair_mojibake`` first, on the text exactly as scraped: UTF-8 that some
   program read in another code page (``ä¸­å›½``, ``涓浗``) is read again,
   before anything takes its letters, controls or ``?`` for text.
   ``repair_shifted_gbk`` next: it reads the ``?`` and ASCII bytes the site
   left, and the site's pinyin is its evidence.
2. ``normalize_unicode``: NFC and no invisible characters, so the next passes
   see one spelling. ``strip_markdown_emphasis``: ``**bold**`` marks a Markdown
   export left in plain text, before line shapes are judged.
3. ``strip_inline_pinyin``: ``堅(jiān)持`` → ``堅持``, before punctuation is
   normalized (its brackets are ASCII).
4. ``normalize_punctuation`` then ``normalize_spacing``: the rules after this
   see full-width punctuation and single spaces only. Before the indentation
   goes, ``join_hanging_indents`` puts the rest of a wrapped line that was set
   in under it back (plain text only). Then
   ``normalize_simplified_slips``: a Traditional text's Simplified slips
   (關于 → 關於), on text whose pinyin notes and garbled spans are gone.
   ``split_glued_page_numbers``: page numbers a PDF's text extraction glued
   between two pages' lines (``…制定本法。8第二条…``) go, and the line breaks
   there, before line shapes (headings, article numbers) are read (plain
   text only).
   ``join_article_numbers``: a law's ``第五条`` set on a line of its own goes
   back before its text, for block documents too (it joins lines, but only
   these).
5. ``split_digest_items``: a digest's news items apart, each item's
   ``来源：``/``原始網址：`` lines kept for its article, before
   ``drop_boilerplate`` takes them for the document's or drops them.
   ``drop_boilerplate``: whole lines, before joining can glue them to text.
6. ``join_wrapped_lines`` last: it needs the junk gone and the lines tidy.

The slow resources (`CleaningResources`) are built on first use: a document
with no ``?`` never needs the GBK repair's, one with no bracketed pinyin never
needs pypinyin's.

Documents read as blocks (Markdown, HTML, Word, PDF, datasets, feeds) skip
``join_wrapped_lines``: their readers know where paragraphs end
(`jiedu.clean.blocks`).
Hand corrections (`fixes`) come after all passes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from ..model import Change, CleanedText, SourceDocument
from ..table_cache import PackedIntMapping, TableCache, pack_int_mapping
from .char_converters import load_char_converter
from .drop_boilerplate import drop_boilerplate
from .fixes import NO_FIXES, Fixes, apply_text_fixes
from .join_article_numbers import join_article_numbers
from .join_hanging_indents import join_hanging_indents
from .join_wrapped_lines import join_wrapped_lines
from .normalize_punctuation import normalize_punctuation
from .normalize_spacing import normalize_spacing
from .strip_markdown_emphasis import strip_markdown_emphasis
from .normalize_unicode import normalize_unicode
from .repair_mojibake import repair_mojibake
from .pinyin_readings import PinyinReadings, build_pinyin_readings
from .split_digest_items import split_digest_items_in_text
from .split_glued_page_numbers import split_glued_page_numbers
from .gbk_repair import build_gbk_evidence, repair_shifted_gbk  # loads the repair on first use
from .strip_inline_pinyin import INLINE_PINYIN, strip_inline_pinyin

if TYPE_CHECKING:
    from .gbk_repair import GbkEvidence

PassFunction = Callable[[str], tuple[str, list[Change]]]
READINGS_TABLE = "pypinyin-readings"
"""The name of `load_pinyin_readings`'s table in the table cache."""
MAX_ROUNDS = 4
"""A safety stop for `clean_text`'s rounds; real text needs two."""


@dataclass(frozen=True, slots=True)
class CleaningPass:
    """One named step of the cleaner."""

    name: str
    """The name its Changes carry, e.g. "join_wrapped_lines"."""
    function: PassFunction
    """Takes the whole text, returns the new text and what it changed."""


class CleaningResources:
    """What the passes need that is slow to build, each part built the first time a pass needs it.

    A build whose documents have no ``?`` and no bracketed pinyin never builds
    them (about 1.5 s: jieba's dictionary, pypinyin's data, OpenCC; a tenth of
    that from the tables a build keeps in its cache, `tables`). Once built, a
    part is kept, with the memos the GBK repair fills as it goes.

    Processes: a forked process shares what was built before the fork. A
    pickled copy carries only the recipe (`extra_words` and where the tables
    are; the built parts hold OpenCC converters and would be tens of
    megabytes), and unpickles to the one `CleaningResources` of that recipe in
    the receiving process (`resources_in_this_process`), so a process pool
    that sends the passes with every task builds them at most once per
    worker, or not at all when they were built before the fork.
    """

    __slots__ = ("extra_words", "tables", "_pinyin_readings", "_gbk_evidence", "_slip_facts")
    extra_words: tuple[str, ...]
    """Glossary terms and names jieba may lack: evidence for the GBK repair."""
    tables: TableCache | None
    """Where the parts are kept between builds as tables (jiedu.table_cache); None: always built afresh."""

    def __init__(self, extra_words: Iterable[str] = (), tables: TableCache | None = None) -> None:
        self.extra_words = tuple(extra_words)
        self.tables = tables
        self._pinyin_readings: PinyinReadings | None = None
        self._gbk_evidence: GbkEvidence | None = None
        self._slip_facts = None

    @property
    def pinyin_readings(self) -> PinyinReadings:
        """Pinyin syllables and readings, for `strip_inline_pinyin` (shared with the GBK repair)."""
        if self._pinyin_readings is None:
            self._pinyin_readings = build_pinyin_readings() if self.tables is None else load_pinyin_readings(self.tables)
        return self._pinyin_readings

    @property
    def gbk_evidence(self) -> GbkEvidence:
        """Dictionaries and tables for `repair_shifted_gbk`."""
        if self._gbk_evidence is None:
            self._gbk_evidence = build_gbk_evidence(self.extra_words, self.pinyin_readings, self.tables)
        return self._gbk_evidence

    @property
    def slip_facts(self):
        """Segmenter and converters for `normalize_simplified_slips` (jiedu.clean.normalize_simplified_slips.SlipFacts)."""
        if self._slip_facts is None:
            from .normalize_simplified_slips import build_slip_facts

            self._slip_facts = build_slip_facts(self.tables)
        return self._slip_facts

    def __reduce__(self):
        return resources_in_this_process, (self.extra_words, self.tables)


@lru_cache(maxsize=1)
def resources_in_this_process(extra_words: tuple[str, ...], tables: TableCache | None = None) -> CleaningResources:
    """The `CleaningResources` for `extra_words` in this process (new the first time).

    Kept so that a build and every copy of its passes pickled to a worker
    share one set of resources. Only the latest recipe is kept: a built set
    weighs about 200 MB, and a dev server that rebuilds after a glossary
    change needs only the new one.
    """
    return CleaningResources(extra_words, tables)


def build_cleaning_resources(extra_words: Iterable[str] = (), tables: TableCache | None = None) -> CleaningResources:
    """The resources for `extra_words` (glossary terms jieba may lack); nothing is built until a pass needs it.

    With `tables` (the build cache's), each part is read from its tables
    there, or built and stored there for the next build.
    """
    return resources_in_this_process(tuple(extra_words), tables)


def load_pinyin_readings(tables: TableCache) -> PinyinReadings:
    """`build_pinyin_readings()`, from a table of pypinyin's readings and syllables (stored when missing)."""
    table = tables.load(READINGS_TABLE)
    if table is None:
        built = build_pinyin_readings()
        table = pack_int_mapping(built.readings_by_codepoint), tuple(built.syllables), tuple(built.toneless)
        tables.store(READINGS_TABLE, "", lambda: table)
    readings_by_codepoint, syllables, toneless = table
    return PinyinReadings(frozenset(syllables), frozenset(toneless), PackedIntMapping(readings_by_codepoint), load_char_converter("t2s", tables))


def build_cleaning_passes(resources: CleaningResources) -> tuple[CleaningPass, ...]:
    """The passes in the order they run; see the module docstring for why."""
    passes = (
        CleaningPass("repair_mojibake", repair_mojibake),
        CleaningPass("repair_shifted_gbk", partial(_repair_shifted_gbk, resources=resources)),
        CleaningPass("normalize_unicode", normalize_unicode),
        CleaningPass("strip_markdown_emphasis", strip_markdown_emphasis),
        CleaningPass("strip_inline_pinyin", partial(_strip_inline_pinyin, resources=resources)),
        CleaningPass("normalize_punctuation", normalize_punctuation),
        CleaningPass("join_hanging_indents", join_hanging_indents),
        CleaningPass("normalize_spacing", normalize_spacing),
        CleaningPass("normalize_simplified_slips", partial(_normalize_simplified_slips, resources=resources)),
        CleaningPass("split_glued_page_numbers", split_glued_page_numbers),
        CleaningPass("join_article_numbers", join_article_numbers),
        CleaningPass("split_digest_items", split_digest_items_in_text),
        CleaningPass("drop_boilerplate", drop_boilerplate),
        CleaningPass("join_wrapped_lines", join_wrapped_lines),
    )
    return passes


def _repair_shifted_gbk(text: str, resources: CleaningResources) -> tuple[str, list[Change]]:
    """`repair_shifted_gbk`, whose evidence is built only for a text with a ``?`` (it has nothing to do without one)."""
    if "?" not in text:
        return text, []
    return repair_shifted_gbk(text, resources.gbk_evidence)


def _normalize_simplified_slips(text: str, resources: CleaningResources) -> tuple[str, list[Change]]:
    """`normalize_simplified_slips`; its segmenter and converters are loaded only for a text with a Traditional-only character."""
    from .normalize_simplified_slips import has_traditional_only, normalize_simplified_slips

    if not has_traditional_only(text):
        return text, []
    return normalize_simplified_slips(text, resources.slip_facts)


def _strip_inline_pinyin(text: str, resources: CleaningResources) -> tuple[str, list[Change]]:
    """`strip_inline_pinyin`, whose readings are loaded only for a text with a candidate note."""
    if not INLINE_PINYIN.search(text):
        return text, []
    return strip_inline_pinyin(text, resources.pinyin_readings)


def clean_text(text: str, passes: Iterable[CleaningPass]) -> CleanedText:
    """Run the passes in order; Changes are collected in pass order.

    A later pass can hand an earlier one new work: joining ``,`` + ``坚持``
    makes a comma that now stands in Chinese text, joining ``版权`` + ``所有``
    a copyright line. So the passes run again on their own output until a
    round changes nothing (each pass alone is idempotent, so real text needs
    one round to clean and one to confirm); cleaning clean text then changes
    nothing. Changes of later rounds follow those of earlier ones.

    A pass is not run again on the very text it returned last: being
    idempotent, it would return it unchanged (in the confirming round, every
    pass from the last that changed something on is skipped).
    """
    passes = tuple(passes)
    changes: list[Change] = []
    returned: list[str | None] = [None] * len(passes)
    for _ in range(MAX_ROUNDS):
        before = text
        for index, cleaning_pass in enumerate(passes):
            if text == returned[index]:
                continue
            text, found = cleaning_pass.function(text)
            changes.extend(found)
            returned[index] = text
        if text == before:
            break
    return CleanedText(text=text, changes=tuple(changes))


WORD_FORMATS = ("docx", "doc")
"""Formats whose paragraphs may be a converter's lines (a PDF turned into a Word file): `join_wrapped_blocks`."""


def clean_document(source: SourceDocument, passes: Iterable[CleaningPass], fixes: Fixes = NO_FIXES) -> CleanedText:
    """Clean one document, then apply its hand fixes; documents read as blocks are cleaned block by block.
    Its title and description are cleaned too (`clean_metadata`)."""
    passes = tuple(passes)
    cleaned = _clean_body(source, passes, fixes)
    metadata, changes = clean_metadata(source.metadata, passes)
    return replace(cleaned, changes=cleaned.changes + tuple(changes), metadata=metadata) if metadata else cleaned


def _clean_body(source: SourceDocument, passes: tuple[CleaningPass, ...], fixes: Fixes) -> CleanedText:
    if source.blocks is not None:
        from .blocks import clean_blocks

        return clean_blocks(source.blocks, passes, fixes, lines_as_paragraphs=source.format in WORD_FORMATS)
    cleaned = clean_text(source.text, passes)
    if not fixes.entries:
        return cleaned
    text, fixed = apply_text_fixes(cleaned.text, fixes)
    return CleanedText(text=text, changes=cleaned.changes + tuple(fixed))


METADATA_PASSES = ("normalize_unicode", "strip_inline_pinyin")
"""Passes a title or description goes through: what no text should carry (invisible characters, pinyin a
copier inserted after each character). The others judge lines of a body."""
CLEANED_FIELDS = ("title", "description")


def clean_metadata(metadata: dict, passes: Iterable[CleaningPass]) -> tuple[dict | None, list[Change]]:
    """The title and description of `metadata` that `METADATA_PASSES` changed, and their Changes (line 0),
    or None when they change nothing: a page copied with inline pinyin carries it in its title too
    (``《網(wǎng)絡(luò )主播行為規范》…``)."""
    chosen = [cleaning_pass for cleaning_pass in passes if cleaning_pass.name in METADATA_PASSES]
    changed: dict = {}
    changes: list[Change] = []
    for field in CLEANED_FIELDS:
        value = metadata.get(field)
        if not isinstance(value, str) or not value:
            continue
        for cleaning_pass in chosen:
            value, found = cleaning_pass.function(value)
            changes += [replace(change, line=0, note=f"{change.note} (in the {field})".strip()) for change in found]
        if value != metadata[field]:
            changed[field] = value
    return (changed or None), changes


def changes_by_pass(changes: Iterable[Change]) -> dict[str, int]:
    """How many Changes each pass made, in the order the passes first appear.

    >>> changes_by_pass([Change("a", 1, "x", ""), Change("b", 2, "y", ""), Change("a", 3, "z", "")])
    {'a': 2, 'b': 1}
    """
    return dict(Counter(change.pass_name for change in changes))
