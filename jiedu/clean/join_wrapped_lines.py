"""Pass `join_wrapped_lines`: one paragraph or heading per line.

Extracted and scraped text breaks lines where the page did, not where the
author did: a PDF wraps mid-sentence (``…自治`` / ``区人大常委会…``), a wiki puts
link text on its own line (``所作的`` / ``政府工作报告`` / ``。``). This pass
decides, for each pair of neighbouring lines, whether the second continues
the first, and writes one block per line, with a blank line only where the
source had a stronger break than between its paragraphs (between articles).

The decision reads the layout of the whole text first (`infer_layout`):

- *blank-line paragraphs*: paragraphs are separated by blank lines and single
  line breaks inside them are wraps (Wikisource);
- *one block per line*: every break may be real (scraped pages, or a PDF that
  puts a blank line after every line); the text decides;
- *hard-wrapped*: most lines have the same length (a column); a full-width
  line continues.

Then the text decides, from the punctuation at the break (`decide`): a line
that ends a sentence ends its block; a line that ends with a comma, an open
bracket or 的 does not; a numbered heading, a dateline or a bracketed note
starts one; a short line without punctuation is a title unless the next line
starts by finishing its sentence (``洛桑江村主持`` / ``会议。…``).

Before deciding, lines that hold several numbered paragraphs (a law's
articles run together, ``…制定本条例。第二条 …``) are split
(`run_together.split_line`).

Decisions look at the block built so far, not at the last raw line, and the
pass reads its own output again until nothing changes, so that cleaning clean
text joins nothing more. Where the source's layout says "new paragraph" but
the text alone would join (a paragraph that lost its full stop), the output
keeps a blank line there: without it, the next reading would join them.

>>> join_wrapped_lines("会议要求，自治区人大常委会\\n\\n要坚持以习近平新时代中国特色社会主义思想为指导。\\n\\n洛桑江村主持\\n\\n本报拉萨1月10日讯（记者 王菲）10日上午，代表们继续审议。")[0]
'会议要求，自治区人大常委会要坚持以习近平新时代中国特色社会主义思想为指导。\\n洛桑江村主持\\n本报拉萨1月10日讯（记者 王菲）10日上午，代表们继续审议。'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

from ..charclass import NO_LINE_END, NO_LINE_START, ends_sentence, is_latin_paragraph_counts, language_of_counts, letter_counts
from ..model import Change
from .rounds import repeat_until_unchanged
from .run_together import split_line
from .line_shapes import (
    CONTINUATION_ENDINGS,
    dateline_end,
    is_heading_line,
    is_note,
    is_resolution_heading,
    is_data_cell,
    is_drawn_table_line,
    is_title_like,
    is_unstopped_numbered_line,
    numbered_prefix,
)

PASS_NAME = "join_wrapped_lines"
CONTEXT = 8
"""Characters of context either side of a join, in the Change."""
# A line opening with a short clause finishes the sentence of the line before:
# ``会议。大会主席团…`` after ``…洛桑江村主持``.
FINISHING_CLAUSE = re.compile(r"[\u4e00-\u9fff]{1,4}[。，、；！？]")
CLAUSE_END = re.compile(r"[。，、；！？]")
LOWERCASE = re.compile(r"[a-z]")
LOWERCASE_OR_DIGIT = re.compile(r"[a-z0-9]")
# Latin words meet with a space: "by the" / "national".
WORD_END = re.compile(r"[A-Za-z,;:!?]")
WORD_START = re.compile(r"[A-Za-z0-9]")
MAX_ROUNDS = 50
"""A safety stop for `join_wrapped_lines`' rounds; real text needs two."""
SHORT_BLOCK = 120
"""Blocks longer than this are never titles, headings or notes."""


class Break(Enum):
    JOIN = ""
    LINE = "\n"
    BLANK = "\n\n"


@dataclass(frozen=True, slots=True)
class Layout:
    """How the source separates paragraphs; see the module docstring."""

    paragraph_gap: int
    """Blank lines between two paragraphs; more than this is a stronger break."""
    wrap_gap: int | None = None
    """Blank lines at a wrap, when wraps and paragraph breaks differ (else None)."""
    wrap_width: int | None = None
    """Length of a full line in hard-wrapped text (else None)."""


@dataclass(slots=True)
class Block:
    """The block being built, with what the decisions need to know about it."""

    pieces: list[str] = field(default_factory=list)
    length: int = 0
    tail: str = ""
    """Its last few characters."""
    last_line_length: int = 0
    open_brackets: int = 0
    letters: tuple[int, int, int] = (0, 0, 0)
    """Latin letters, Han characters and Latin words so far (`charclass.letter_counts`)."""

    def short_text(self) -> str:
        """The whole text when it could be a title or heading, else ""."""
        return "".join(self.pieces) if self.length <= SHORT_BLOCK else ""


TAIL_FRAGMENT = re.compile(r"[\u4e00-\u9fff]{1,2}[。；;]")
"""A line that is only the end of a sentence: one or two characters and a full stop or semicolon."""
WRAP_SLACK = 4
"""Characters a line wrapped at a width may exceed the line above it by (a wide first line's indent, Latin letters)."""
MIN_WRAPPED_LINE = 16
"""Characters of a line such a tail was wrapped from: a full line, not a short title (标题 / 正文。)."""


def join_wrapped_lines(text: str) -> tuple[str, list[Change]]:
    """Join the lines that continue the line before; see the module docstring.

    The output is read again until nothing changes: joining can change the
    layout the next reading infers (a text whose only remaining gaps are its
    stronger breaks reads as "one block per line"), and cleaning clean text
    must change nothing. Each round only removes lines, so this ends, almost
    always after the second round.
    """
    return repeat_until_unchanged(_join_round, text, MAX_ROUNDS)


def _join_round(text: str) -> tuple[str, list[Change]]:
    lines = [(number, line.strip()) for number, line in enumerate(text.split("\n"), 1) if line.strip()]
    if not lines:
        return "", []
    gaps = [lines[i][0] - lines[i - 1][0] - 1 for i in range(1, len(lines))]
    layout = infer_layout([line for _, line in lines], gaps)
    lines, gaps, changes = _split_run_together(lines, gaps, layout)
    out: list[str] = []
    block = _start_block(lines[0][1])
    for i in range(1, len(lines)):
        number, line = lines[i]
        decision = decide(block, line, gaps[i - 1], layout, _upcoming(lines, gaps, i, layout))
        if decision is Break.JOIN:
            changes.append(_join_change(block, line, number))
            _extend(block, line)
            continue
        out.extend(block.pieces)
        out.append(decision.value)
        block = _start_block(line)
    out.extend(block.pieces)
    return "".join(out), changes


def _split_run_together(lines, gaps, layout: Layout) -> tuple[list, list[int], list[Change]]:
    """Lines cut before the numbered paragraphs run into them (`split_line`).

    The cuts are paragraph breaks of the text's own layout: they sit at its
    paragraph gap, so that they do not change what the gaps around them mean.
    """
    new_lines, new_gaps, changes = [], [], []
    for i, (number, line) in enumerate(lines):
        pieces, found = split_line(line, number, PASS_NAME)
        changes.extend(found)
        new_gaps.extend(([gaps[i - 1]] if i else []) + [layout.paragraph_gap] * (len(pieces) - 1))
        new_lines.extend((number, piece) for piece in pieces)
    return new_lines, new_gaps, changes


def infer_layout(lines: list[str], gaps: list[int]) -> Layout:
    """Read how the text separates paragraphs from the lines around each gap.

    Blank-line paragraphs are assumed only when the smallest gap never sits
    where the text plainly breaks (after a full stop, before a dateline or a
    heading) but does sit inside sentences, and a larger gap mostly follows
    full stops. Otherwise every gap of the smallest size is decided by the
    text, and larger gaps are stronger breaks.
    """
    if not gaps:
        return Layout(paragraph_gap=0)
    smallest = min(gaps)
    at_smallest = [i for i, g in enumerate(gaps) if g == smallest]
    plain_breaks = sum(1 for i in at_smallest if _plainly_breaks(lines[i], lines[i + 1]))
    wrapped = any(_is_mid_sentence(lines[i]) for i in at_smallest)
    ends = Counter(g for line, g in zip(lines, gaps) if _ends_paragraph(line) and g > smallest)
    if ends and wrapped and plain_breaks <= 0.1 * len(at_smallest):
        paragraph_gap = max(ends, key=lambda g: (ends[g], -g))
        if ends[paragraph_gap] >= 0.5 * gaps.count(paragraph_gap):
            return Layout(paragraph_gap=paragraph_gap, wrap_gap=smallest)
    return Layout(paragraph_gap=smallest, wrap_width=_wrap_width(lines))


def _plainly_breaks(line: str, following: str) -> bool:
    return _ends_paragraph(line) or is_heading_line(line) or bool(numbered_prefix(following) or dateline_end(following))


def decide(block: Block, line: str, gap: int, layout: Layout, upcoming: str) -> Break:
    """Whether `line` continues `block` (JOIN), starts a new block, or starts after a stronger break."""
    if gap > layout.paragraph_gap:
        return Break.BLANK
    text_says = _by_punctuation(block, line)
    if text_says is None:
        if layout.wrap_gap is not None and gap <= layout.wrap_gap:
            return Break.JOIN
        text_says = _by_content(block, line, upcoming, layout)
    at_paragraph_gap = layout.wrap_gap is not None and gap > layout.wrap_gap
    if at_paragraph_gap and text_says is Break.JOIN and not _must_join(block, line):
        # The source's blank line says "new paragraph" where the text alone would
        # join (a paragraph without its full stop); a blank line in the output
        # keeps that break when the output is cleaned again.
        return Break.BLANK
    return text_says


def _by_punctuation(block: Block, line: str) -> Break | None:
    """The cases punctuation and line shapes settle; None when they do not."""
    if _starts_block(block, line) or _changes_language(block.letters, letter_counts(line)):
        return Break.LINE
    if is_drawn_table_line(line) or is_drawn_table_line(block.pieces[-1]):
        return Break.LINE  # a table drawn with box-drawing lines keeps its lines (structure.items.drawn_tables)
    if _is_between_cells(block, line):
        return Break.LINE
    if LOWERCASE.match(line[0]) and language_of_counts(*block.letters[:2]) == "en" == language_of_counts(*letter_counts(line)[:2]):
        return Break.JOIN  # an English sentence goes on: "of the" / "national"
    if _must_join(block, line):
        return Break.JOIN
    short = block.short_text()
    if short and _is_bare_number(short) and is_title_like(line):
        return Break.JOIN  # 第三节 / 地温和冻土: a heading's number printed on a line of its own
    if short and (is_heading_line(short) or is_note(short)):
        return Break.LINE
    if ends_sentence(block.tail) or block.tail[-1] in "：:" or (block.tail[-1] == "." and block.length > 3):
        return Break.LINE
    return None


def _must_join(block: Block, line: str) -> bool:
    """A break no text can have: before a comma or closing bracket, after an open one, a comma or a dash,
    or before the last character or two of an unfinished sentence (``…送登公報事`` / ``項。``: a
    wrapped list item, which would otherwise stay a heading)."""
    last = block.tail[-1]
    return (
        line[0] in NO_LINE_START
        or last in NO_LINE_END
        or last in "，、,"
        or block.tail.endswith("——")
        or block.open_brackets > 0
        or (TAIL_FRAGMENT.fullmatch(line) is not None and block.last_line_length >= MIN_WRAPPED_LINE and not ends_sentence(block.tail) and last not in "：:")
    )


def _by_content(block: Block, line: str, upcoming: str, layout: Layout) -> Break:
    """No punctuation at the break: a title ends its block, a sentence fragment does not."""
    if block.tail[-1] in CONTINUATION_ENDINGS or upcoming[:1] in ("的", "们"):
        return Break.JOIN
    if LOWERCASE.match(block.tail[-1]) and LOWERCASE_OR_DIGIT.match(upcoming):
        return Break.JOIN  # an English sentence goes on
    if is_unstopped_numbered_line(block.short_text()) and _is_whole_paragraph(line, block, layout):
        return Break.LINE  # a long numbered heading over its paragraph
    if not is_title_like(block.short_text()):
        return Break.JOIN
    if FINISHING_CLAUSE.match(upcoming):
        return Break.JOIN
    if layout.wrap_width and block.last_line_length >= layout.wrap_width - 1:
        return Break.JOIN
    return Break.LINE


def _is_whole_paragraph(line: str, block: Block, layout: Layout) -> bool:
    """A line that reads as a paragraph of its own under `block`: it ends a sentence, does not start by
    finishing one, and is longer than the block's line, so it cannot be the rest of a line wrapped at
    that width (a law's ``…；其`` / ``採分期付款者，…。``)."""
    return (
        not layout.wrap_width
        and len(line) > block.last_line_length + WRAP_SLACK
        and ends_sentence(line)
        and line[0] not in NO_LINE_START
        and not FINISHING_CLAUSE.match(line)
    )


def _is_bare_number(text: str) -> bool:
    """``第三节``, ``二、``: a heading number with no heading text after it."""
    numbering = numbered_prefix(text)
    return numbering is not None and not numbering.rest


def _is_between_cells(block: Block, line: str) -> bool:
    """A table cell on its own line next to another line: joined, numbers would run together (63.5 + 122.3)."""
    last_line = block.pieces[-1]
    return (is_data_cell(line) or is_data_cell(last_line)) and not (last_line[-1] in "，、," or line[0] in NO_LINE_START)


def _changes_language(block: tuple[int, int, int], line: tuple[int, int, int]) -> bool:
    """A paragraph in English next to one in Chinese (a translation): never one paragraph.

    Only an English side of three words or more counts: a name or acronym
    wrapped onto a line of its own (``CPTPP``) still belongs to its Chinese sentence.
    """
    block_language, line_language = language_of_counts(*block[:2]), language_of_counts(*line[:2])
    if {block_language, line_language} != {"en", "zh"}:
        return False
    return is_latin_paragraph_counts(*block) if block_language == "en" else is_latin_paragraph_counts(*line)


def _starts_block(block: Block, line: str) -> bool:
    """Lines that always start a block: numbered, datelines, notes, ——subtitles after a title."""
    if numbered_prefix(line) or dateline_end(line) or is_note(line) or is_resolution_heading(line):
        return True
    return line.startswith("——") and (ends_sentence(block.tail) or is_title_like(block.short_text()))


def _upcoming(lines, gaps, i, layout) -> str:
    """The start of the text from line i on; very short lines are read with the next."""
    text = lines[i][1]
    j = i + 1
    while len(text) < 6 and not CLAUSE_END.search(text) and j < len(lines) and gaps[j - 1] <= layout.paragraph_gap:
        text += lines[j][1]
        j += 1
    return text


def _start_block(line: str) -> Block:
    block = Block()
    _extend(block, line)
    return block


def _extend(block: Block, line: str) -> None:
    if block.tail and WORD_END.match(block.tail[-1]) and WORD_START.match(line[0]):
        line = " " + line
    block.pieces.append(line)
    block.length += len(line)
    block.tail = (block.tail + line)[-CONTEXT:]
    block.last_line_length = len(line)
    block.open_brackets = max(0, block.open_brackets + _bracket_balance(line))
    block.letters = tuple(a + b for a, b in zip(block.letters, letter_counts(line)))


def _bracket_balance(line: str) -> int:
    opened = line.count("（") + line.count("(") + line.count("《")
    return opened - line.count("）") - line.count(")") - line.count("》")


def _join_change(block: Block, line: str, number: int) -> Change:
    head = line[:CONTEXT]
    return Change(PASS_NAME, number, f"{block.tail}⏎{head}", f"{block.tail}{head}", "continues the line before")


def _ends_paragraph(line: str) -> bool:
    return ends_sentence(line) or line[-1] in "：:"


def _is_mid_sentence(line: str) -> bool:
    """A line that plainly stops inside a sentence (not a title, not an ending)."""
    if _ends_paragraph(line):
        return False
    return line[-1] in NO_LINE_END or line[-1] in "，、," or line[-1] in CONTINUATION_ENDINGS or not is_title_like(line)


def _wrap_width(lines: list[str]) -> int | None:
    """The common length of hard-wrapped lines, when most lines of ten characters or more share it
    (a law's short lines, 第 39 條, say nothing of its width).

    >>> law = ["第 1 條", "第 2 條", "第 3 條", "第 4 條", "第 5 條", "第 6 條", "第 7 條"] + ["本辦法依公司法第九條規定訂定之並自發布日施行各項"] * 6
    >>> _wrap_width(law)
    24
    """
    lengths = [len(line) for line in lines if len(line) >= 10]
    if len(lengths) < 6:
        return None
    width = Counter(lengths).most_common(1)[0][0]
    near = sum(1 for n in lengths if width - 2 <= n <= width)
    return width if near >= 0.5 * len(lengths) and width <= 60 else None
