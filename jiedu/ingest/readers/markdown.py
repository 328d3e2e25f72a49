"""Markdown: CommonMark (with tables) parsed into blocks; headings become sections.

Markdown written by Chinese users and scrapers bends the syntax, so a few
readings go beyond CommonMark, each for a reason a reader would see:

- A line break inside a paragraph joins the lines (Chinese without a
  space, Latin words with one), except after a sentence stop or before a
  numbered line (``第二条``, ``（一）``): authors of laws and lists put one
  article per line without blank lines between them, and meant them apart.
  Lines in different languages (a Chinese sentence, then its English
  translation) stay apart too.
- Raw HTML is read, never passed through: a block of HTML becomes the
  blocks its elements make, inline tags give their text, comments vanish.
- Bold, italic, code and links to http(s) addresses are kept as the
  block's marks (`Block.marks`) and printed as such; other links keep only
  their text.
- Images become their alt text as a caption (alt text that only says
  "图片" goes); links keep their text.
- Fenced blocks of HTML, XML, CSS or JSON are a page's source code that a
  scraper kept, not text: they go, and so does a heading left over them.
- Indented text with Han characters is text, not code: Chinese authors
  indent paragraphs with tabs.
- Dialect syntax that would show as junk is dropped: kramdown attribute
  lists (``{:target="_top"}``) and ``:::`` container fences (VuePress tips).

>>> [(b.kind.value, b.text) for b in markdown_to_blocks("# 标题\\n\\n坚持**稳中求进**，\\n推动发展。\\n第二条 内容。\\n\\n1. 第一项\\n")]
[('heading', '标题'), ('paragraph', '坚持稳中求进，推动发展。'), ('paragraph', '第二条 内容。'), ('list_item', '1. 第一项')]
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field, replace

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ...charclass import HAN_RE
from ...model import Block, BlockKind, Change
from ..contract import ReadContext, Reading, dropped_change
from .inline_text import is_paragraph_start
from .text import decode_text, split_metadata

ASCII_WORD_END = re.compile(r"[A-Za-z0-9.,;:!?)\]'\"]$")
ASCII_WORD_START = re.compile(r"^[A-Za-z0-9(\['\"]")
FOOTNOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]{1,12})\]:[ \t]*", re.MULTILINE)
FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]{1,12})\]")
"""A footnote's mark in the extended syntax (``[^1]``, and ``[^1]:`` before the note), which CommonMark reads as
a link: written as a full-width ``［1］`` (not a link), a note's mark the title loses, the note a numbered line."""
MARKUP_LANGUAGES = frozenset({"html", "xml", "xhtml", "svg", "css", "javascript", "js", "json"})
"""Fenced code in these is a page's source (a scraper's dump), never text a reader reads."""
MARKDOWN_LANGUAGES = frozenset({"markdown", "md", "gfm", "commonmark"})
"""Fenced code in these is Markdown (an OCR or a model's transcription wrapped in ```markdown), read as text."""
PLACEHOLDER_ALTS = frozenset({"图片", "圖片", "图", "圖", "照片", "图像", "圖像", "配图", "配圖", "image", "img", "photo", "picture", "pic", "figure", "alt"})
FILE_NAME = re.compile(r"^[\w.-]+\.(?:jpe?g|png|gif|webp|svg|bmp)$", re.IGNORECASE)
STRAY_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
"""Bold that CommonMark leaves as text: its flanking rules read ``**一句话。**接着`` (a stop
before the closing ``**``, a Han character after it) as no emphasis, and Chinese writers
put it there all the time. The marks go, as those of recognised emphasis do."""
HARD_BREAK = "\u2028"
"""A line break the author forced (two trailing spaces, a backslash, ``<br>``): always a new block."""
_ATTRIBUTE = r"""(?:[#.][\w-]+|[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s{}]+))"""
KRAMDOWN_ATTRIBUTES = re.compile(r"\{:[^{}\n]*\}|\s*\{" + _ATTRIBUTE + r"(?:\s+" + _ATTRIBUTE + r")*\}")
"""Attribute lists: kramdown's ``{:target="_top"}``, and Pandoc's and markdown-it-attrs' ``{align="center"}``,
``{#t1}``, ``{.note}`` after a heading or a paragraph (VuePress writes them)."""
EDITOR_DIRECTIVE = re.compile(r"\[\[?toc\]\]?|\$\{toc\}|@tab(?::active)?(?:\s.*)?", re.IGNORECASE)
"""A line that only tells a Markdown tool what to render there: a table of contents (``[TOC]`` in
Typora and Python-Markdown, ``[[toc]]`` in VuePress and markdown-it) or a tab's label (``@tab 条例``)."""
CONTAINER_FENCE = re.compile(r"^ {0,3}:{3,}.*$", re.MULTILINE)
HEADING_MARK = re.compile(r"^ {0,3}#{1,6} \S", re.MULTILINE)
LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+] |\d{1,3}[.)] )", re.MULTILINE)
MARKDOWN_SIGNS = re.compile(r"^ {0,3}(?:[-*+] |\d{1,3}[.)] |> |```|\|.*\|\s*$)|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]+\)", re.MULTILINE)


def build_markdown_parser() -> MarkdownIt:
    """CommonMark with tables; raw HTML is parsed (and read as text by this module, never emitted)."""
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def looks_like_markdown(data: bytes) -> bool:
    """A text file written in Markdown: ATX headings, or several lists, emphasis and links.

    >>> looks_like_markdown("# 标题\\n\\n## 第一章 总则\\n\\n第一条 为了……".encode())
    True
    >>> looks_like_markdown("一、总体要求\\n坚持稳中求进。\\n".encode())
    False
    >>> looks_like_markdown("".join(f"{n}. 中華民國{n}年修正\\n" for n in range(1, 10)).encode())
    False
    """
    text = data[:200_000].decode("utf-8", "ignore")
    headings = len(HEADING_MARK.findall(text))
    signs = len(MARKDOWN_SIGNS.findall(text))
    # Numbered or bulleted lines alone are plain text's lists too (a law's history, 1. 2. … 29.).
    others = signs - len(LIST_ITEM.findall(text))
    return headings >= 2 or (headings >= 1 and signs >= 3) or (signs >= 8 and others >= 1)


def read_markdown(data: bytes, context: ReadContext) -> list[Reading]:
    decoded, problems = decode_text(data, context)
    body, metadata, first_line, key_lines = split_metadata(decoded.text)
    blocks, dropped = markdown_to_blocks_reporting(body, first_line)
    return [Reading(blocks, "", front_matter=metadata, front_matter_lines=key_lines, dropped=tuple(dropped), problems=problems, first_line=first_line, encoding=decoded.encoding)]


def markdown_to_blocks(text: str, first_line: int = 1) -> tuple[Block, ...]:
    return markdown_to_blocks_reporting(text, first_line)[0]


def markdown_to_blocks_reporting(text: str, first_line: int = 1) -> tuple[tuple[Block, ...], list[Change]]:
    """The blocks of a Markdown body, and what was dropped on the way."""
    dropped = [dropped_change("markdown", m.group(), "container fence", _line_at(text, m.start()) + first_line - 1) for m in CONTAINER_FENCE.finditer(text)]
    text = FOOTNOTE_REFERENCE.sub(r"［\1］", FOOTNOTE_DEFINITION.sub(r"［\1］ ", CONTAINER_FENCE.sub("", text)))
    walker = _Walker(first_line, dropped)
    walker.walk(build_markdown_parser().parse(text))
    return drop_emptied_headings(walker.blocks, walker.emptied), walker.dropped


def drop_emptied_headings(blocks: list[Block], emptied: set[int]) -> tuple[Block, ...]:
    """Blocks without the headings whose whole section was dropped (``### HTML源码`` over a dropped fence)."""
    kept = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        section_ended = following is None or (following.kind is BlockKind.HEADING and following.level <= block.level)
        if not (index in emptied and section_ended):
            kept.append(block)
    return tuple(kept)


def is_placeholder_alt(alt: str) -> bool:
    """Alt text that says nothing but "image" (or is a file name).

    >>> [is_placeholder_alt(alt) for alt in ("图片", "image", "IMG_2031.jpg", "救援人员在现场")]
    [True, True, True, False]
    """
    return alt.strip().lower() in PLACEHOLDER_ALTS or FILE_NAME.match(alt.strip()) is not None


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


@dataclass
class _Walker:
    """Turns markdown-it's token stream into Blocks, remembering the containers it is in."""

    first_line: int
    dropped: list[Change]
    blocks: list[Block] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    """The markers of the open lists, outermost first."""
    quote_depth: int = 0
    row: list[str] | None = None
    header_row: bool = False
    emptied: set[int] = field(default_factory=set)
    """Headings followed by something this reader dropped."""

    def walk(self, tokens: list[Token]) -> None:
        for index, token in enumerate(tokens):
            line = self.first_line + token.map[0] if token.map else 0
            handler = getattr(self, f"_on_{token.type}", None)
            if handler:
                handler(token, tokens[index - 1] if index else None, line)

    def _on_bullet_list_open(self, token, previous, line):
        self.lists.append(token.markup)

    _on_ordered_list_open = _on_bullet_list_open

    def _on_bullet_list_close(self, token, previous, line):
        self.lists.pop()

    _on_ordered_list_close = _on_bullet_list_close

    def _on_list_item_open(self, token, previous, line):
        self.item_marker = f"{token.info}{token.markup}" if token.info else ""
        self.item_first = True
        self.item_start = len(self.blocks)

    def _on_blockquote_open(self, token, previous, line):
        self.quote_depth += 1

    def _on_blockquote_close(self, token, previous, line):
        self.quote_depth -= 1

    def _on_tr_open(self, token, previous, line):
        self.row = []

    def _on_thead_open(self, token, previous, line):
        self.header_row = True

    def _on_thead_close(self, token, previous, line):
        self.header_row = False

    def _on_tr_close(self, token, previous, line):
        cells = tuple(self.row or ())
        attrs = (("header", "1"),) if self.header_row else ()
        if any(cells):
            self.blocks.append(Block(BlockKind.TABLE_ROW, "\t".join(cells), cells=cells, line=line, attrs=attrs))
        self.row = None

    def _on_fence(self, token, previous, line):
        language = token.info.strip().split(" ")[0].lower()
        if language in MARKDOWN_LANGUAGES:  # a transcription wrapped whole in a fence: read as the Markdown it is
            blocks, dropped = markdown_to_blocks_reporting(token.content, line + 1)
            self.blocks.extend(blocks)
            self.dropped.extend(dropped)
        elif language in MARKUP_LANGUAGES:
            self._drop(token.content, f"{token.info.strip()} source code, not text to read", line)
        elif token.content.strip():
            self.blocks.append(Block(BlockKind.PREFORMATTED, token.content.rstrip("\n"), line=line))

    def _drop(self, text: str, why: str, line: int) -> None:
        """Record a removal; a heading that now heads nothing goes too (`drop_emptied_headings`)."""
        self.dropped.append(dropped_change("markdown", text.strip(), why, line))
        if self.blocks and self.blocks[-1].kind is BlockKind.HEADING:
            self.emptied.add(len(self.blocks) - 1)

    def _on_code_block(self, token, previous, line):
        """Indented text: code in English Markdown, but Chinese authors indent paragraphs and lists with
        tabs and full-width spaces; indented text with Han characters is read as Markdown again."""
        if not HAN_RE.search(token.content):
            self._on_fence(token, previous, line)
            return
        blocks, dropped = markdown_to_blocks_reporting(textwrap.dedent(token.content.expandtabs(4)), line)
        self.blocks.extend(blocks)
        self.dropped.extend(dropped)

    def _on_html_block(self, token, previous, line):
        from .html import html_fragment_to_blocks

        found = html_fragment_to_blocks(token.content, line)
        if not found:
            self._drop(token.content, "HTML with no text (comment, script, image or layout tag)", line)
        self.blocks.extend(found)

    def _on_inline(self, token, previous, line):
        if self.row is not None:
            self.row.append(inline_text(token.children or []).replace("\n", " ").strip())
            return
        if is_in_page_navigation(token.children or []):
            self._drop_navigation(token, line)
            return
        if self.row is None and EDITOR_DIRECTIVE.fullmatch(token.content.strip()):
            self._drop(token.content, "a Markdown editor's directive (a contents placeholder, a tab's label), not text", line)
            return
        marks = inline_marks(token.children or [])
        alts = image_alts(token.children or [])
        captions = [Block(BlockKind.CAPTION, alt, line=line) for alt in alts if not is_placeholder_alt(alt)]
        if len(captions) < len(alts):
            self._drop(" ".join(alt for alt in alts if is_placeholder_alt(alt)), "image whose alt text only says it is an image", line)
        pieces = split_lines(inline_text(token.children or [], with_images=False))
        if previous is not None and previous.type == "heading_open":
            text = " ".join(pieces)
            self.blocks.extend(captions + ([Block(BlockKind.HEADING, text, level=int(previous.tag[1]), line=line)] if text else []))
            return
        self.blocks.extend(captions)
        for piece in pieces:
            block = self._body_block(piece, line)
            self.blocks.append(replace(block, marks=tuple(mark for mark in marks if mark[1] in piece)) if marks else block)

    def _drop_navigation(self, token, line: int) -> None:
        """Drop links to the page's own anchors, and the label of the list item they are in (第1~20条：)."""
        label = self.blocks[-1] if self.lists and len(self.blocks) == getattr(self, "item_start", -1) + 1 else None
        if label is not None and label.kind is BlockKind.LIST_ITEM and label.text.rstrip().endswith(("：", ":")):
            self.blocks.pop()
            self.dropped.append(dropped_change("markdown", label.text, "label of links within the page (a table of contents)", label.line))
        self._drop(token.content, "links within the page (a table of contents)", line)

    def _body_block(self, text: str, line: int) -> Block:
        if self.lists:
            marker = self.item_marker if self.item_first else ""
            self.item_first = False
            shown = f"{marker} {text}" if marker else text
            return Block(BlockKind.LIST_ITEM, shown, level=len(self.lists), line=line, attrs=(("marker", marker or self.lists[-1]),))
        return Block(BlockKind.QUOTE if self.quote_depth else BlockKind.PARAGRAPH, text, line=line)


def is_in_page_navigation(children: list[Token]) -> bool:
    """Only links to anchors of the page itself, two or more, with nothing but spaces between them:
    a contents or an article index (``[1](#t1)&emsp;[2](#t2)…``), not text to read.

    >>> parse = lambda text: build_markdown_parser().parse(text)[1].children
    >>> is_in_page_navigation(parse("[1](#t1)&emsp;[2](#t2)&emsp;[3](#t3)"))
    True
    >>> is_in_page_navigation(parse("见[第一条](#t1)和[第二条](#t2)。")), is_in_page_navigation(parse("[全文](https://a.cn/1) [附件](#f1)"))
    (False, False)
    """
    depth, links = 0, 0
    for child in children:
        if child.type == "link_open":
            if not str(child.attrs.get("href", "")).startswith("#"):
                return False
            depth, links = depth + 1, links + 1
        elif child.type == "link_close":
            depth -= 1
        elif depth == 0 and child.type in ("text", "html_inline") and child.content.replace("&emsp;", "").replace("&nbsp;", "").strip(" \u3000\u2003|·"):
            return False
        elif depth == 0 and child.type not in ("text", "html_inline", "softbreak", "hardbreak"):
            return False
    return links >= 2


def inline_text(children: list[Token], with_images: bool = True) -> str:
    """The text of an inline token's children; line breaks kept as ``\\n``, inline HTML tags dropped; a line
    all in bold ends with a hard break.

    >>> inline_text(MarkdownIt("commonmark").parseInline("**1955年政府工作报告**\\n**关于第一个五年计划的报告**\\n正文")[0].children).split(HARD_BREAK)
    ['1955年政府工作报告', '关于第一个五年计划的报告', '正文']
    """
    pieces: list[str] = []
    bold, line_bold = 0, True  # how many bold spans are open; whether the line so far is all bold
    for child in children:
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
            line_bold = line_bold and (bold > 0 or not child.content.strip())
        elif child.type == "strong_open":
            bold += 1
        elif child.type == "strong_close":
            bold = max(0, bold - 1)
        elif child.type == "image" and with_images:
            pieces.append(inline_text(child.children or []))
        elif child.type == "softbreak":
            # A line all in bold is a line of its own (a title over the title's second line or its ——occasion).
            pieces.append(HARD_BREAK if line_bold and "".join(pieces).strip() else "\n")
            line_bold = True
        elif child.type == "hardbreak" or (child.type == "html_inline" and re.match(r"<br\b", child.content, re.I)):
            pieces.append(HARD_BREAK)
    return STRAY_STRONG.sub(r"\2", KRAMDOWN_ATTRIBUTES.sub("", "".join(pieces)))


MARK_OPENERS = {"strong_open": "strong", "em_open": "em", "link_open": "link"}
MARK_CLOSERS = {"strong_close", "em_close", "link_close"}


def inline_marks(children: list[Token]) -> list[tuple[str, str, str]]:
    """The bold, italic, code and link spans of an inline token, as (kind, text, address) (`Block.marks`).

    >>> inline_marks(MarkdownIt("commonmark").parseInline("坚持**稳中求进**，见[通知](https://example.org)和`GDP`")[0].children)
    [('strong', '稳中求进', ''), ('link', '通知', 'https://example.org'), ('code', 'GDP', '')]
    """
    marks: list[tuple[int, str, str, str]] = []
    open_marks: list[tuple[str, str, int]] = []
    text = ""
    for child in children:
        if child.type in MARK_OPENERS:
            open_marks.append((MARK_OPENERS[child.type], str(child.attrs.get("href", "")), len(text)))
        elif child.type in MARK_CLOSERS and open_marks:
            kind, href, start = open_marks.pop()
            marks.append((start, kind, text[start:], href))
        elif child.type == "code_inline":
            marks.append((len(text), "code", child.content, ""))
            text += child.content
        elif child.type == "text":
            text += child.content
    kept = (mark for mark in sorted(marks) if mark[2].strip() and "\n" not in mark[2] and (mark[1] != "link" or mark[3].startswith(("http://", "https://"))))
    return [(kind, marked.strip(), href) for _, kind, marked, href in kept]


def image_alts(children: list[Token]) -> list[str]:
    return [alt for child in children if child.type == "image" and (alt := inline_text(child.children or []).strip())]


def split_lines(text: str) -> list[str]:
    """A paragraph's lines joined, or kept apart where the author meant separate paragraphs (module docstring).

    >>> split_lines("坚持稳中求进，\\n推动发展。\\nWe will pursue\\nprogress.\u2028来源：新华社")
    ['坚持稳中求进，推动发展。', 'We will pursue progress.', '来源：新华社']
    """
    paragraphs: list[str] = []
    for forced in text.split(HARD_BREAK):
        paragraphs += _split_soft_breaks(forced)
    return paragraphs


def _split_soft_breaks(text: str) -> list[str]:
    paragraphs: list[str] = []
    for line in (part.strip() for part in text.split("\n")):
        if not line:
            continue
        if paragraphs and not is_paragraph_start(paragraphs[-1], line):
            joiner = " " if ASCII_WORD_END.search(paragraphs[-1]) and ASCII_WORD_START.match(line) else ""
            paragraphs[-1] += joiner + line
        else:
            paragraphs.append(line)
    return paragraphs
