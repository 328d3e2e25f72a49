"""Items from blocks: documents whose format says what each block is.

A reader of HTML, Markdown, Word, PDF, a dataset or a feed has already said
which blocks are headings (and how deep) and where one article ends and the
next begins (BREAK blocks), so nothing here guesses those from the shape of
lines. Two things are still read from the text, because formats rarely mark
them: a paragraph that is a numbered heading (``一、总体要求`` in a ``<p>``,
as government sites print them), and a paragraph in another language, which
is marked with its language so that pages say so (``lang="en"``).

Ranks: a heading the format marked ranks above every heading found by its
numbering (`FORMAT_RANK_BASE`), so ``<h2>`` sections hold ``一、`` parts, never
the other way round.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..charclass import text_language
from ..clean.fixes import NO_FIXES, Fixes
from ..clean.line_shapes import is_label
from ..model import Block, BlockKind
from .articles import ArticleSpan
from .items import Item, ItemKind, classify_line

URL = re.compile(r"(?:https?://|www\.)?[\w.-]+\.[a-z]{2,}(?:/\S*)?|\S+@\S+", re.IGNORECASE)
"""Addresses are in Latin letters whatever the language of the text around them."""
URL_SIGN = re.compile(r"\.[a-z]{2}|@", re.IGNORECASE)
"""What every match of URL holds. Where a text has none, URL is not tried: from each place in a run of
Han characters (word characters to it), it would scan to the run's end, so a paragraph cost the square of its length
(18,314 lines of 200 bench documents: 2.33 s with URL alone, 0.01 s with this first)."""
FORMAT_RANK_BASE = -10
"""A format heading of level n ranks n + this: outside every numbering rank (0 and up)."""
KEPT_BY_SHAPE = (ItemKind.HEADING, ItemKind.DATELINE)
"""What a paragraph block may turn out to be from its shape; anything else stays a paragraph."""


def block_spans(blocks: tuple[Block, ...], fixes: Fixes = NO_FIXES) -> list[ArticleSpan]:
    """The articles of a block document: one per BREAK-delimited run, each with its headline group."""
    spans = []
    for attrs, run in _runs(blocks):
        items = [block_item(block, number, fixes) for number, block in run]
        labels = _leading_labels(items) if attrs is None else []
        rest = items[len(labels) :]
        header_size = _header_size(rest, after_break=attrs is not None)
        spans.append(ArticleSpan(tuple(_as_title(item) for item in rest[:header_size]), tuple(labels + rest[header_size:]), attrs or ()))
    return [span for span in spans if span.header or span.body] or [ArticleSpan((), ())]


def block_item(block: Block, number: int, fixes: Fixes = NO_FIXES) -> Item:
    """What one block is in the article: heading (with rank), dateline or a block kept whole."""
    block = _with_language(block)
    for fix in fixes.of_kind("heading"):
        if fix.text.strip() == block.text:
            return Item(ItemKind.HEADING, block.text, number, level=fix.level)
    if any(fix.text.strip() == block.text for fix in fixes.of_kind("paragraph")):
        return Item(ItemKind.PARAGRAPH, block.text, number, block=replace(block, kind=BlockKind.PARAGRAPH))
    if block.kind is BlockKind.HEADING and is_label(block.text):
        return Item(ItemKind.PARAGRAPH, block.text, number, block=replace(block, kind=BlockKind.PARAGRAPH, level=0))
    if block.kind is BlockKind.HEADING and block.attr("role") == "subtitle":
        return Item(ItemKind.PARAGRAPH, block.text, number, block=block)  # shown under its heading, not a section
    if block.kind is BlockKind.HEADING:
        shaped = classify_line(block.text, number)
        return Item(ItemKind.HEADING, block.text, number, block.level + FORMAT_RANK_BASE, shaped.number, block=block)
    if block.kind is BlockKind.PARAGRAPH and block.lang is None:
        shaped = classify_line(block.text, number)
        if shaped.kind in KEPT_BY_SHAPE:
            return shaped
    return Item(ItemKind.PARAGRAPH, block.text, number, block=block)


def _runs(blocks: tuple[Block, ...]) -> list[tuple[tuple | None, list[tuple[int, Block]]]]:
    """The blocks cut at BREAKs: (the BREAK's attrs, or None for the run before the first), numbered blocks."""
    runs: list[tuple[tuple | None, list[tuple[int, Block]]]] = [(None, [])]
    for number, block in enumerate(blocks, 1):
        if block.kind is BlockKind.BREAK:
            runs.append((block.attrs, []))
        else:
            runs[-1][1].append((number, block))
    return [run for run in runs if run[1] or run[0]]


def _leading_labels(items: list[Item]) -> list[Item]:
    """Labels printed above a document's title (附件1): they stay in its text, the title still heads it."""
    count = next((i for i, item in enumerate(items) if not is_label(item.text)), len(items))
    return items[:count]


def _header_size(items: list[Item], after_break: bool) -> int:
    """How many leading items are the article's headline group.

    After a BREAK (a feed item, a story on a page): the leading headings up
    to the outermost one, which is the headline (those above it are its
    kickers; a heading below it heads a section). At the top of a
    document: its opening headings of the outermost level, when that level
    does not come again (a Markdown ``# title`` over ``##`` sections; a PDF's
    title and its ``（试行第十版）`` line set in the same type).
    """
    headings = [item for item in items if item.kind is ItemKind.HEADING and item.block is not None]
    if not headings or items[0] is not headings[0]:
        return 0
    if after_break:
        leading = items[: next((i for i, item in enumerate(items) if item.kind is not ItemKind.HEADING), len(items))]
        outermost = min(item.rank for item in leading)
        return next(i for i, item in enumerate(leading) if item.rank == outermost) + 1
    top = headings[0].rank
    leading = next((i for i, item in enumerate(items) if item.kind is not ItemKind.HEADING or item.rank != top), len(items))
    return leading if all(item.rank > top for item in items[leading:] if item.kind is ItemKind.HEADING) else 0


def _as_title(item: Item) -> Item:
    return replace(item, kind=ItemKind.TITLE)


def _with_language(block: Block) -> Block:
    if block.lang is not None or block.kind is BlockKind.TABLE_ROW:
        return block
    language = text_language(URL.sub("", block.text) if URL_SIGN.search(block.text) else block.text)
    return replace(block, lang=language) if language not in (None, "zh") else block



def headline_by_level(header: tuple[Item, ...]) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """Overlines, headline and subtitles of a header group whose format gave heading levels:
    the outermost heading is the headline (not a guess from the words: 本报讯 above it is a kicker).

    >>> items = (Item(ItemKind.TITLE, "本报讯", 1, block=Block(BlockKind.HEADING, "本报讯", level=2)),
    ...          Item(ItemKind.TITLE, "海峡论坛开幕", 2, block=Block(BlockKind.HEADING, "海峡论坛开幕", level=1)))
    >>> headline_by_level(items)
    (('本报讯',), '海峡论坛开幕', ())
    """
    levels = [item.block.level for item in header]
    at = levels.index(min(levels))
    return tuple(i.text for i in header[:at]), header[at].text, tuple(i.text for i in header[at + 1 :])
