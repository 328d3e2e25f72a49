"""Paragraphs into Blocks: headings by type size, captions, article breaks, page-break joins."""

from __future__ import annotations

import re
from collections import Counter
from statistics import median

from ....model import Block, BlockKind
from .paragraphs import NUMBERED_HEADING, SENTENCE_END, Paragraph, carried_width, join_lines

# Type this much larger than the body is a heading; this much larger again is a newspaper headline.
HEADING_RATIO = 1.15
HEADLINE_RATIO = 1.6
# Photo captions in Chinese newspapers start with an arrow pointing at the photo.
CAPTION_MARKER = tuple("▲▼◀▶►◄△▽↑↓←→")
CAPTION_LABEL = re.compile(r"^(图|圖|表|Figure|Fig\.|Table)\s*[\d一二三四五六七八九十]+([.\-－]\d+)*(?![\d年月日])", re.IGNORECASE)


def body_size(paragraphs_or_lines) -> tuple[float, bool]:
    """The most common type size (by characters) and whether that body type is bold."""
    sizes: Counter[tuple[float, bool]] = Counter()
    for line in paragraphs_or_lines:
        sizes[(line.size, line.bold)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else (10.0, False)


def is_heading(paragraph: Paragraph, body: tuple[float, bool]) -> bool:
    """Larger than the body, or bold when the body is not, and short enough to be a title."""
    size, bold = body
    if paragraph.cells or len(paragraph.text) > 80 or paragraph.text.endswith(("。", "；", ".")):
        return False
    return paragraph.size >= size * HEADING_RATIO or (paragraph.bold and not bold and paragraph.size >= size - 0.6)


def heading_levels(paragraphs: list[Paragraph], body: tuple[float, bool]) -> dict[float, int]:
    """Heading level by type size: the largest size found in headings is level 1, and so on."""
    sizes = sorted({p.size for p in paragraphs if is_heading(p, body)}, reverse=True)
    return {size: min(index + 1, 6) for index, size in enumerate(sizes)}


def join_across_pages(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Glue a paragraph cut by a column or page break to its continuation, the next column's first paragraph."""
    joined: list[Paragraph] = []
    indented = is_indented_text(paragraphs)
    body = body_size(paragraphs)
    line_length = median([len(line.chars) for p in paragraphs for line in p.lines]) if paragraphs else 0
    spans = text_spans_by_page(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        previous = joined[-1] if joined else None
        starts_stack = index == 0 or paragraphs[index - 1].stack != paragraph.stack
        goes_on = previous is not None and starts_stack and continues_on_next_page(previous, paragraph, indented)
        if goes_on and (is_below(previous, paragraph) or paragraph.page != previous.page):
            goes_on = reaches_right_edge(previous, paragraph, spans[previous.page])
        if goes_on and not is_heading_at_foot(previous, paragraph, body, line_length):
            joined[-1] = merge(previous, paragraph)
        else:
            joined.append(paragraph)
    return joined


HANGING_MARKS = "，。、；：！？"
"""Marks a typesetter may hang past the right margin at a line's end (一个字 outside the measure)."""


def text_spans_by_page(paragraphs: list[Paragraph]) -> dict[int, list[tuple[float, float]]]:
    """Each page's horizontal text lines as (x0, x1), table rows left out; a line that ends with a mark
    hung past the margin ends where its text does."""
    spans: dict[int, list[tuple[float, float]]] = {}
    for paragraph in paragraphs:
        if not paragraph.cells:
            spans.setdefault(paragraph.page, []).extend(
                (line.x0, line.x1 - (line.size if line.text.endswith(tuple(HANGING_MARKS)) else 0.0)) for line in paragraph.lines if not line.vertical)
    return spans


def is_below(previous: Paragraph, paragraph: Paragraph) -> bool:
    """`paragraph` starts under `previous`'s last line on the same page: the next stack down one column,
    not the top of the next column or page."""
    return paragraph.page == previous.page and paragraph.top >= previous.lines[-1].bottom - 0.5 * max(previous.size, 1.0)


def reaches_right_edge(previous: Paragraph, paragraph: Paragraph, spans: list[tuple[float, float]]) -> bool:
    """`previous`'s last line runs to the right edge of the text it stands in on its page (the widest
    line it shares any width with), or stops short only by what `paragraph` starts with.

    A stack cut off by a wide gap holds too few lines to show its measure: one line alone (目 录 set
    centred over a contents list, one name of a list of members, the last name on a page) fills its own
    stack, and reads as running on into the stack below or the next page. Lines set farther apart than
    usual (double spacing) are cut into stacks too, and their full lines do reach the edge."""
    last = previous.lines[-1]
    right = max((x1 for x0, x1 in spans if x0 < last.x1 and x1 > last.x0), default=last.x1)
    return last.x1 >= right - 1.5 * max(previous.size, 1.0) - carried_width(paragraph.lines[0])


def is_heading_at_foot(previous: Paragraph, paragraph: Paragraph, body: tuple[float, bool], line_length: float) -> bool:
    """`previous`, the last paragraph of its page, is a short heading: it does not run on over the page
    break (目 次 at the foot of a page, 前 言 at the head of the next). A line in heading type with half
    the characters of the usual line or more may be body text: a document's tables can set the most
    characters in smaller type than its paragraphs."""
    return (previous.page != paragraph.page and len(previous.lines) == 1 and is_heading(previous, body)
            and len(previous.lines[0].chars) < 0.5 * line_length)


def is_indented_text(paragraphs: list[Paragraph]) -> bool:
    """Most paragraphs start with an indent (as Chinese text is set): then an unindented one continues another."""
    text = [p for p in paragraphs if not p.cells and len(p.lines) > 1]
    return sum(not p.starts_flush for p in text) * 2 > len(text)


def continues_on_next_page(previous: Paragraph, paragraph: Paragraph, indented: bool = False) -> bool:
    """`paragraph`, first of its column or page, goes on from `previous`, last of the one before.

    Where paragraphs are indented, one that starts flush continues, even
    after a full line that ended a sentence (a column break between sentences).
    """
    full_line = indented and not previous.cells and previous.end_gap < 1.5 * max(previous.size, 1.0)
    return (
        not paragraph.cells
        and paragraph.page - previous.page in (0, 1)
        and paragraph.stack > previous.stack
        and (ends_open_before(previous, paragraph) or full_line)
        and paragraph.starts_flush
        and abs(paragraph.size - previous.size) <= 0.6
        and paragraph.bold == previous.bold
        and not NUMBERED_HEADING.match(paragraph.text)
    )


def ends_open_before(previous: Paragraph, paragraph: Paragraph) -> bool:
    """`previous` runs on: its last line fills the column, or stops short only by what `paragraph` starts with."""
    if previous.cells:  # a table row ends where its cells do
        return False
    if previous.ends_open:
        return True
    unfinished = not previous.text.endswith(tuple(SENTENCE_END))
    return unfinished and previous.end_gap < 1.5 * max(previous.size, 1.0) + carried_width(paragraph.lines[0])


def merge(first: Paragraph, second: Paragraph) -> Paragraph:
    return Paragraph(
        first.lines + second.lines,
        first.page,
        first.stack,
        first.size,
        first.bold,
        join_lines([first.text, second.text]),
        first.starts_flush,
        second.ends_open,
        second.end_gap,
    )


def paragraphs_to_blocks(paragraphs: list[Paragraph], body: tuple[float, bool]) -> list[Block]:
    """The document's blocks; a page with several headlines becomes several articles, each after a BREAK."""
    levels = heading_levels(paragraphs, body)
    newspaper_pages = pages_with_several_headlines(paragraphs, body)
    blocks: list[Block] = []
    previous_was_heading = False
    caption_stack = -1
    for index, paragraph in enumerate(paragraphs):
        heading = is_heading(paragraph, body)
        if heading and paragraph.page in newspaper_pages and opens_article(paragraphs, index, body):
            if not previous_was_heading:
                blocks.append(Block(BlockKind.BREAK, "", line=paragraph.page))
            blocks.append(Block(BlockKind.HEADING, paragraph.text, level=0, line=paragraph.page))
        elif heading and paragraph.page in newspaper_pages:
            blocks.append(Block(BlockKind.HEADING, paragraph.text, level=2, line=paragraph.page))
        elif is_caption_continued(blocks, paragraph, caption_stack):
            blocks[-1] = Block(BlockKind.CAPTION, join_lines([blocks[-1].text, paragraph.text]), line=blocks[-1].line)
        else:
            blocks.append(paragraph_to_block(paragraph, heading, levels))
        caption_stack = paragraph.stack if blocks[-1].kind is BlockKind.CAPTION else -1
        previous_was_heading = heading
    return level_newspaper_headings(blocks, paragraphs, body)


def paragraph_to_block(paragraph: Paragraph, heading: bool, levels: dict[float, int]) -> Block:
    if paragraph.cells:
        return Block(BlockKind.TABLE_ROW, paragraph.text, cells=paragraph.cells, line=paragraph.page)
    if is_caption(paragraph.text):
        return Block(BlockKind.CAPTION, paragraph.text, line=paragraph.page)
    if heading:
        return Block(BlockKind.HEADING, paragraph.text, level=levels[paragraph.size], line=paragraph.page)
    return Block(BlockKind.PARAGRAPH, paragraph.text, line=paragraph.page)


def is_caption_continued(blocks: list[Block], paragraph: Paragraph, caption_stack: int) -> bool:
    """True for a short text line under a caption in its stack, such as the photographer's credit."""
    return (
        bool(blocks)
        and blocks[-1].kind is BlockKind.CAPTION
        and paragraph.stack == caption_stack
        and not paragraph.cells
        and len(paragraph.text) <= 20
    )


def is_caption(text: str) -> bool:
    """A photo caption (starting with an arrow) or a figure/table label.

    >>> is_caption("▲行政長官李家超表示"), is_caption("圖 3.1 竹棚架"), is_caption("图书馆开放")
    (True, True, False)
    """
    return text.startswith(CAPTION_MARKER) or (len(text) < 80 and bool(CAPTION_LABEL.match(text)))


def opens_article(paragraphs: list[Paragraph], index: int, body: tuple[float, bool]) -> bool:
    """True when the heading at `index` is in a run of headings holding a headline, followed by a story."""
    start = index
    while start > 0 and is_heading(paragraphs[start - 1], body):
        start -= 1
    end = index
    while end < len(paragraphs) and is_heading(paragraphs[end], body):
        end += 1
    if not any(is_headline(p, body) for p in paragraphs[start:end]):
        return False
    story = sum(len(p.text) for p in paragraphs[end : end + 3] if not is_heading(p, body))
    return story >= 50


def is_headline(paragraph: Paragraph, body: tuple[float, bool]) -> bool:
    return paragraph.size >= body[0] * HEADLINE_RATIO and is_heading(paragraph, body)


DOCUMENT_PART = re.compile(rf"{NUMBERED_HEADING.pattern}|^附[件录錄]\s*[一二三四五六七八九十\d]*\s*[：:]?")
"""A heading that names a part of a document by its number, or an annex: never a newspaper's story."""


def pages_with_several_headlines(paragraphs: list[Paragraph], body: tuple[float, bool]) -> set[int]:
    """Pages laid out as a newspaper: two or more runs of headings, each with a headline and followed by body text.

    A run counts once (a kicker over a headline is one story), and a run whose headlines are all
    numbered or annexes is a part of a document (a law's 第一编 / 第一章 each opening a page, its
    附件一 and 附件二 on its last), not a story."""
    counts: Counter[int] = Counter()
    for index, paragraph in enumerate(paragraphs):
        if not is_heading(paragraph, body) or (index and is_heading(paragraphs[index - 1], body)):
            continue  # not the first heading of a run
        end = index
        while end < len(paragraphs) and is_heading(paragraphs[end], body):
            end += 1
        headlines = [p for p in paragraphs[index:end] if is_headline(p, body)]
        if headlines and not all(DOCUMENT_PART.match(p.text) for p in headlines) and opens_article(paragraphs, index, body):
            counts[headlines[0].page] += 1
    return {page for page, count in counts.items() if count >= 2}


def level_newspaper_headings(blocks: list[Block], paragraphs: list[Paragraph], body) -> list[Block]:
    """In each article, the largest heading of the run after the BREAK is level 1; the others level 2."""
    sizes = {p.text: p.size for p in paragraphs}
    leveled: list[Block] = []
    run: list[Block] = []
    for block in blocks + [Block(BlockKind.BREAK, "")]:
        if block.kind is BlockKind.HEADING and block.level == 0:
            run.append(block)
            continue
        if run:
            largest = max(sizes.get(b.text, 0) for b in run)
            leveled += [Block(b.kind, b.text, level=1 if sizes.get(b.text, 0) == largest else 2, line=b.line) for b in run]
            run = []
        leveled.append(block)
    return leveled[:-1]
