"""Cleaning documents that arrive as blocks (HTML, Markdown, Word, PDF, datasets, feeds).

Their readers already know where each paragraph, heading and table row
begins and ends, so what plain text needs to find its layout
(`join_wrapped_lines`) is skipped. The other passes run as they run on plain
text, over the blocks' texts one per line: the character passes (GBK repair,
Unicode, inline pinyin, punctuation, spacing) line by line, and
`drop_boilerplate`, which judges lines in context (metadata at the top, a
copyright block at the end, running heads repeated down the page), over the
whole document. Before them, a digest of news items is cut into articles
(`split_digest_items`), so that no pass takes an item's ``来源：`` line for
the document's, and a newspaper page's masthead goes (`drop_masthead`).
A table of contents goes with `drop_boilerplate`'s contents rule, as in
plain text. Table cells get the character passes only; preformatted
text is left as it is.

The passes see plain lines, not blocks, so afterwards each line is matched
back to the block it came from (`realign`): a line kept or edited keeps its
block's kind, level and attributes; a removed line removes its block. Hand
fixes (``join``, ``break``, ``replace``) are applied the same way.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from ..model import Block, BlockKind, Change, CleanedText
from .fixes import NO_FIXES, Fixes, apply_text_fixes
from .drop_boilerplate import PASS_NAME as BOILERPLATE_PASS, control_row_changes
from .drop_masthead import drop_masthead
from .join_wrapped_blocks import PASS_NAME as JOIN_PASS, join_wrapped_blocks
from .run_together import split_line
from .split_digest_items import split_digest_items

LAYOUT_PASSES = ("join_wrapped_lines", "split_digest_items", "join_hanging_indents", "split_glued_page_numbers")
"""Passes that find paragraphs and articles in plain text: a block format already has them
(a digest of blocks is split by `split_digest_items` on the blocks, before the passes)."""
DOCUMENT_PASSES = ("drop_boilerplate",)
"""Passes that judge a line by the lines around it: run over the whole document."""
FLOWING = frozenset(BlockKind) - {BlockKind.TABLE_ROW, BlockKind.PREFORMATTED, BlockKind.BREAK}
"""Blocks whose text is one flowing line that every pass may clean."""


def clean_blocks(blocks: tuple[Block, ...], passes, fixes: Fixes = NO_FIXES, lines_as_paragraphs: bool = False) -> CleanedText:
    """The blocks cleaned, every edit recorded with the block's source line. `lines_as_paragraphs`: the
    format's paragraphs may be a converter's lines (a Word file made from a PDF), to be joined where they wrap."""
    from . import clean_text

    if lines_as_paragraphs and any(p.name == JOIN_PASS for p in passes):
        blocks, joined = join_wrapped_blocks(blocks)
    else:
        joined = []
    passes = [p for p in passes if p.name not in LAYOUT_PASSES]
    character_passes = [p for p in passes if p.name not in DOCUMENT_PASSES]
    blocks, changes = split_digest_items(blocks)
    changes += joined
    blocks, masthead = drop_masthead(blocks)
    changes += masthead
    if any(p.name == BOILERPLATE_PASS for p in passes):  # a toolbar laid out as a table
        blocks, controls = control_row_changes(blocks)
        changes += controls
    blocks = _clean_cells(blocks, character_passes, changes)
    blocks = _clean_marks(blocks, character_passes)
    flowing = [block for block in blocks if block.kind in FLOWING]
    lines, owners = _split_run_together(flowing, changes)
    cleaned = clean_text("\n".join(lines), passes)
    changes += [_located(change, owners) for change in cleaned.changes]
    blocks = _merge(blocks, realign(flowing, cleaned.text.split("\n")))
    if fixes.entries:
        flowing = [block for block in blocks if block.kind in FLOWING]
        text, fixed = apply_text_fixes("\n".join(block.text for block in flowing), fixes)
        changes += fixed
        blocks = _merge(blocks, realign(flowing, text.split("\n")))
    text = "\n".join(block.text for block in blocks)
    return CleanedText(text, tuple(changes), blocks)


def realign(originals: list[Block], lines: list[str]) -> list[list[Block]]:
    """What became of each original block: the blocks now in its place ([] when it was removed).

    A line kept or edited keeps its block's kind, level and attributes; lines
    that replace blocks each take the kind of the one they are a piece of,
    or share most characters with. A blank line (a fix's ``blank = true`` break) becomes an article BREAK.

    >>> old = [Block(BlockKind.HEADING, "标题", level=2), Block(BlockKind.PARAGRAPH, "甲。乙。"), Block(BlockKind.PARAGRAPH, "编辑：某")]
    >>> [[(b.kind.value, b.text) for b in new] for new in realign(old, ["标题", "甲。", "乙。"])]
    [[('heading', '标题')], [('paragraph', '甲。'), ('paragraph', '乙。')], []]
    """
    matcher = difflib.SequenceMatcher(None, [block.text for block in originals], lines, autojunk=False)
    placed: list[list[Block]] = [[] for _ in originals]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i in range(i1, i2):
                placed[i].append(originals[i])
        elif tag in ("replace", "insert") and originals:
            olds = list(range(i1, i2)) or [max(0, i1 - 1)]
            new = lines[j1:j2]
            origins = [max(olds, key=lambda i: _overlap(originals[i].text, line)) for line in new]
            for origin, line in zip(origins, new):
                placed[origin].append(_renewed(originals[origin], line))
    return placed


def _renewed(old: Block, line: str) -> Block:
    return Block(BlockKind.BREAK, "") if not line.strip() else replace(old, text=line.strip())


def _overlap(old: str, new: str) -> tuple[bool, int]:
    """How surely `new` came from `old`: it is a piece of it, then how many of its characters it has.

    Cheap on purpose: a long document's edits are compared line with line."""
    return new in old, len(set(new) & set(old))


def _merge(blocks: tuple[Block, ...], placed: list[list[Block]]) -> tuple[Block, ...]:
    """All blocks in order, each flowing one replaced by what became of it."""
    out: list[Block] = []
    flowing = iter(placed)
    for block in blocks:
        out.extend(next(flowing) if block.kind in FLOWING else (block,))
    return tuple(out)


def _clean_cells(blocks: tuple[Block, ...], passes, changes: list[Change]) -> tuple[Block, ...]:
    """Table rows: every cell through the character passes, all cells of the document at once."""
    from . import clean_text

    rows = [block for block in blocks if block.kind is BlockKind.TABLE_ROW]
    cells = [_one_line(cell) for row in rows for cell in row.cells]
    if not cells:
        return blocks
    cleaned = clean_text("\n".join(cells), passes)
    lines = cleaned.text.split("\n")
    if len(lines) != len(cells):  # a pass joined or split lines: keep the cells as read
        return blocks
    changes += [replace(change, line=0) for change in cleaned.changes]
    new_rows, at = {}, 0
    for row in rows:
        new_cells = tuple(lines[at : at + len(row.cells)])
        at += len(row.cells)
        new_rows[id(row)] = replace(row, cells=new_cells, text="\t".join(new_cells))
    return tuple(new_rows.get(id(block), block) for block in blocks)


def _clean_marks(blocks: tuple[Block, ...], passes) -> tuple[Block, ...]:
    """The texts of inline marks through the character passes, as the text they mark goes through them."""
    from . import clean_text

    texts = [_one_line(mark[1]) for block in blocks for mark in block.marks]
    if not texts:
        return blocks
    lines = clean_text("\n".join(texts), passes).text.split("\n")
    if len(lines) != len(texts):
        return blocks
    cleaned, at = [], 0
    for block in blocks:
        count = len(block.marks)
        marks = tuple((kind, text.strip(), href) for (kind, _, href), text in zip(block.marks, lines[at : at + count]))
        cleaned.append(replace(block, marks=marks) if count else block)
        at += count
    return tuple(cleaned)


def _one_line(text: str) -> str:
    return " ".join(text.split("\n")) if "\n" in text else text


def _split_run_together(flowing: list[Block], changes: list[Change]) -> tuple[list[str], list[Block]]:
    """Each block's text as lines, cut where paragraphs run together in it (a law's articles: ``…可以仲裁。第三条 【…``;
    see `run_together`), and the block each line came from; the cuts are added to `changes`."""
    lines: list[str] = []
    owners: list[Block] = []
    for index, block in enumerate(flowing, 1):
        pieces, cuts = split_line(_one_line(block.text), block.line or index, "join_wrapped_lines")
        lines += pieces
        owners += [block] * len(pieces)
        changes += cuts
    return lines, owners


def _located(change: Change, flowing: list[Block]) -> Change:
    """A change whose line is the source line of the block it was made in (when known)."""
    index = change.line - 1
    line = flowing[index].line if 0 <= index < len(flowing) and flowing[index].line else change.line
    return replace(change, line=line)


