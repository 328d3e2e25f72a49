"""HTML: saved web pages, and fragments of HTML that are all content.

A whole page (``<html>``/``<body>`` around the text) goes through a
boilerplate extractor (`page`) that cuts out its main content; a fragment
(a scraper's dump of ``<p>`` elements, an RSS item's HTML) is all content
and is mapped element by element (`fragment`). Both make the same blocks:
headings with their level, paragraphs, list items, table rows, quotations,
captions. Inline tags never split a sentence; ``<br>`` is read as `text`
explains. The page's own metadata lines (``来源：``, ``发布时间：``, ``作者︱``)
become metadata, and its title is not repeated as the first block.

Everything the reader left out of the page is listed in ``Reading.dropped``
(the first `MAX_DROPPED_SHOWN` texts, then a count).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ....model import Block, BlockKind, Change, Problem
from ...contract import ReadContext, Reading, UnreadableFile, dropped_change
from ...decode import describe_bad_bytes, is_probably_binary
from .charset import decode_html, is_mhtml, mhtml_html_part
from .fragment import FragmentWalker, demote_headings_of_nothing, fragment_to_blocks_reporting, html_fragment_to_blocks
from .metadata import TIME_OF_POSTING, choose_title, comparable, is_ad_label, is_edge_junk, is_metadata_line, labelled_fields
from .sniff import looks_like_html

__all__ = ["read_html", "looks_like_html", "html_fragment_to_blocks"]

MAX_DROPPED_SHOWN = 40
EDGE_BLOCKS = 5
"""How many blocks at each end of the body are checked for metadata, editor and copyright lines."""
HEADER_BLOCKS = 25
"""How many page blocks just above the body are searched for labelled metadata."""


def read_html(data: bytes, context: ReadContext) -> list[Reading]:
    """The page's main content as blocks, with its metadata and what was left out."""
    data = html_bytes(data)
    decoded = decode_html(data)
    problems = (Problem(context.display_path, None, describe_bad_bytes(decoded)),) if decoded.bad_byte_offsets else ()
    from .page import is_fragment

    text, controls = without_controls(decoded.text)
    if is_fragment(text):
        blocks, dropped = fragment_to_blocks_reporting(text, 1)
        metadata: dict = {}
    else:
        blocks, metadata, dropped = read_page(text)
    if not blocks:
        raise UnreadableFile("the HTML holds no text to read")
    return [Reading(tuple(blocks), "", metadata=metadata, dropped=tuple([*controls, *dropped]), problems=problems, encoding=decoded.encoding)]


CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters HTML may not hold (a content farm sprinkles them through its copies to mark them):
left in, an extractor writes each as a character reference, which parses back as U+FFFD, ``�``."""


def without_controls(text: str) -> tuple[str, list[Change]]:
    """The page without its control characters, and a Change saying how many went.

    >>> without_controls("從業行為\x06，增強職業道德建立\x07，")[0]
    '從業行為，增強職業道德建立，'
    """
    found = CONTROLS.findall(text)
    if not found:
        return text, []
    return CONTROLS.sub("", text), [dropped_change("html", f"{len(found)} control characters", "characters HTML may not hold")]


def html_bytes(data: bytes) -> bytes:
    """The HTML in `data` (unwrapped from MHTML); unreadable input raises `UnreadableFile`."""
    if not data.strip():
        raise UnreadableFile("the file is empty")
    if is_mhtml(data):
        data = mhtml_html_part(data) or b""
        if not data.strip():
            raise UnreadableFile("the web archive (MHTML) holds no HTML part")
    if is_probably_binary(data):
        raise UnreadableFile("the file is binary, not HTML")
    return data


def read_page(text: str) -> tuple[list[Block], dict, list[Change]]:
    """Blocks, metadata and dropped texts of a whole page."""
    from .page import article_title_field, bot_check_site, heading_texts, main_content_html, page_metadata, parse_page

    tree = parse_page(text)
    if tree is None:
        raise UnreadableFile("the HTML could not be parsed")
    check = bot_check_site(tree)
    if check:
        raise UnreadableFile(f"this is the site's bot check page ({check!r}), not the article: open the page in a browser, pass the check, and save it again")
    page_blocks = walk_page(tree)
    content = main_content_html(tree, text)
    blocks = with_page_lines(list(html_fragment_to_blocks(content)), page_blocks) if content else list(page_blocks)
    metadata = page_metadata(tree, text)
    field = article_title_field(tree)
    page_title = metadata.get("title", "")
    metadata["title"] = choose_title(page_title, heading_texts(tree), field) if page_title or field else ""
    if metadata["title"] == page_title.strip():  # the page's title is one part: perhaps only the site's name
        metadata["title"] = heading_it_begins(metadata["title"], [block.text for block in blocks if block.kind is BlockKind.HEADING][:1] + heading_texts(tree, 6))
    found = header_fields(page_blocks, blocks)
    blocks, edge_fields, dropped = strip_edges(blocks, metadata["title"])
    blocks = list(demote_headings_of_nothing(blocks))  # again: a byline moved to metadata may have been all a bold line headed
    metadata = merge_metadata(metadata, {**edge_fields, **found})
    return blocks, metadata, [*dropped, *chrome_dropped(page_blocks, blocks)]


def heading_it_begins(title: str, headings: list[str]) -> str:
    """The first of `headings` (the content's first, then the page's) that the page's title is only the
    start of: a site that titles every page with its own name (浙江省淡水水产研究所) over the article's
    heading (浙江省淡水水产研究所召开…大会).

    >>> heading_it_begins("浙江省淡水水产研究所", ["重要信息", "浙江省淡水水产研究所召开干部职工大会"])
    '浙江省淡水水产研究所召开干部职工大会'
    >>> heading_it_begins("国务院", ["国务院", "政策"])
    '国务院'
    """
    return next((heading.strip() for heading in headings if title and len(heading.strip()) > len(title) and heading.strip().startswith(title)), title)


def walk_page(tree) -> tuple[Block, ...]:
    """Every text block of the page, chrome included, with its source line."""
    walker = FragmentWalker()
    root = tree.find("body")
    walker.walk(root if root is not None else tree)
    walker.flush(tree)
    return tuple(walker.blocks)


def with_page_lines(blocks: list[Block], page_blocks: tuple[Block, ...]) -> list[Block]:
    """The blocks, each with the source line of the same text in the page (extractors lose lines)."""
    lines: dict[str, int] = {}
    for block in page_blocks:
        lines.setdefault(block.text, block.line)
    return [_with_line(block, lines.get(block.text, 0)) for block in blocks]


def _with_line(block: Block, line: int) -> Block:
    return replace(block, line=line)


def header_fields(page_blocks: tuple[Block, ...], blocks: list[Block]) -> dict[str, str]:
    """Labelled fields (来源：, 发布时间：, 作者：) printed just above the body."""
    first = blocks[0].text if blocks else ""
    end = next((index for index, block in enumerate(page_blocks) if block.text == first), 0)
    header = " ".join(block.text for block in page_blocks[max(0, end - HEADER_BLOCKS) : end] if len(block.text) <= 200)
    return labelled_fields(header)


def strip_edges(blocks: list[Block], title: str) -> tuple[list[Block], dict[str, str], list[Change]]:
    """The body without the title and the metadata and junk lines at its edges; their fields; what went."""
    fields: dict[str, str] = {}
    dropped: list[Change] = []
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        near_edge = index < EDGE_BLOCKS or index >= len(blocks) - EDGE_BLOCKS
        why = "an advertisement's label" if is_ad_label(block.text) else edge_reason(block, index, title) if near_edge else ""
        if why:
            fields = {**labelled_fields(block.text), **fields}
            dropped.append(dropped_change("html", block.text, why, block.line))
        else:
            kept.append(block)
    fields.pop("editor", None)
    return kept, fields, dropped


def edge_reason(block: Block, index: int, title: str) -> str:
    """Why a block at the body's edge is not text of the document ("" when it is)."""
    if block.kind is BlockKind.TABLE_ROW:  # a layout table's row of site links (添加收藏夹 | 设为首页), not a data row
        return "page chrome (a row of site links)" if is_edge_junk(block.text) else ""
    if index < 3 and title and comparable(TIME_OF_POSTING.sub("", block.text)) == comparable(title):
        return "the page title (kept as metadata)"
    if is_metadata_line(block.text):
        return "metadata line (read into metadata)"
    if is_edge_junk(block.text):
        return "editor, copyright or share line"
    return ""


def merge_metadata(page: dict, found: dict[str, str]) -> dict:
    """The page's metadata, with what its labelled lines say taking precedence (they are what readers see)."""
    merged = {**page, **{key: value for key, value in found.items() if key in ("date", "source", "author") and value}}
    return {key: value for key, value in merged.items() if value}


def chrome_dropped(page_blocks: tuple[Block, ...], blocks: list[Block]) -> list[Change]:
    """The page's text blocks that are not in the body, summarised (the first few, then a count)."""
    kept = {block.text for block in blocks}
    gone = [block for block in page_blocks if block.text not in kept]
    shown = [dropped_change("html", block.text, "page chrome (navigation, links, footer)", block.line) for block in gone[:MAX_DROPPED_SHOWN]]
    if len(gone) > MAX_DROPPED_SHOWN:
        shown.append(dropped_change("html", f"{len(gone) - MAX_DROPPED_SHOWN} more blocks of page chrome", "page chrome, not listed one by one"))
    return shown
