"""HTML that is already the content, mapped element by element to Blocks.

For an RSS item's ``content:encoded``, a Word altChunk, a scraper's dump of
``<p>`` elements, and the main content a boilerplate extractor cut out of a
page. Nothing is judged to be boilerplate here (that would drop short
content such as a one-line subheading); only what a browser would not show
as text is left out: scripts, styles, forms, hidden elements, navigation.

Two conventions of Chinese web pages are read as what they mean: a short
paragraph set wholly in bold (``<p><strong>关注点多与所学专业相关</strong></p>``)
is a subheading (one straight after another is its subtitle), and a
paragraph that says it describes a picture (``图为…``, ``▲…``), or a short
centred one under an image, is a caption.

>>> [(b.kind.value, b.text) for b in html_fragment_to_blocks("<h2>一、总体要求</h2><p>坚持<b>稳中求进</b>，\\n推动发展。</p>")]
[('heading', '一、总体要求'), ('paragraph', '坚持稳中求进，推动发展。')]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from ....charclass import count_han, display_width, ends_sentence, is_cjk_punctuation
from ....clean.line_shapes import is_drawn_table_line
from ....model import Block, BlockKind, Change
from ...contract import dropped_change
from ..inline_text import join_full_lines, tidy_inline
from .text import BREAK, has_words, join_lines, split_at_breaks, tidy_text

UNSHOWN = frozenset(
    "script style noscript template head title meta link base iframe frame frameset object embed applet svg math "
    "canvas map area audio video source track input select option optgroup button textarea datalist".split()
)
"""Elements whose content a reader never sees as text."""
NAVIGATION = frozenset({"nav"})
BLOCKS = frozenset(
    "address article aside body center dd details dialog dir div dl dt fieldset figure footer form header hgroup "
    "html legend main menu ol p section summary ul hr".split()
)
"""Elements that start and end a paragraph (lists, tables and the like have their own handlers)."""
LISTS = frozenset({"ul", "ol", "dir", "menu"})
LAYOUT_CELLS = frozenset({"tr", "td", "th"})
"""Reached only inside a table read as layout: each cell is a block of its own, as a browser shows it."""
HEADING_TAG = re.compile(r"h([1-6])")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
LIST_REPR_SEPARATOR = re.compile(r">\s*,\s*<(?=[a-zA-Z])")
INLINE_MARKS = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "code": "code", "a": "link"}
"""Inline elements kept as the paragraph's marks (`Block.marks`); a link only to an http(s) address."""
BOLD_HEADING_LEVEL = 6
"""A paragraph all in bold is a heading below every ``<h1>``–``<h5>`` the page has."""
MAX_SUBHEADING = 40
LAYOUT_CELL_TEXT, LAYOUT_CELL_SHARE = 300, 0.8
"""A table one of whose cells holds this many characters and this share of the table's text lays out a page."""
MAX_CAPTION = 120
CAPTION_START = re.compile(r"^(?:图为|圖為|图注|圖註|圖注|图片说明|圖片說明|图\s*\d*\s*[:：]|圖\s*\d*\s*[:：]|[（(]图|[（(]圖|[▲▼◀▶△▽])")
CENTRED_STYLE = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)


def html_fragment_to_blocks(html: str, line: int = 0) -> tuple[Block, ...]:
    """The blocks of a piece of HTML whose every element is content; `line` is the file line it starts on."""
    return fragment_to_blocks_reporting(html, line)[0]


def fragment_to_blocks_reporting(html: str, line: int = 0) -> tuple[tuple[Block, ...], list[Change]]:
    """Blocks and what was left out (navigation, hidden elements, stray punctuation)."""
    root = parse_fragment(html)
    if root is None:
        return (), []
    walker = FragmentWalker(max(line - 1, 0))
    walker.walk(root)
    walker.flush(root)
    return demote_headings_of_nothing(walker.blocks), walker.dropped


def demote_headings_of_nothing(blocks: list[Block]) -> tuple[Block, ...]:
    """A bold line with no text under it (a credits line at the end) is a paragraph, not a subheading."""
    out = list(blocks)
    for index, block in enumerate(blocks):
        if block.attr("emphasis") == "bold" and block.kind is BlockKind.HEADING:
            rest = blocks[index + 1 :]
            body = next((b for b in rest if b.kind is not BlockKind.HEADING or b.attr("role") != "subtitle"), None)
            if body is None or body.kind is BlockKind.HEADING:
                out[index] = replace(block, kind=BlockKind.PARAGRAPH, level=0, attrs=())
    return tuple(out)


def parse_fragment(html: str):
    """An lxml element holding the fragment, or None when it holds no markup at all.

    A scraper's ``str(list_of_elements)`` (``[<p>甲</p>, <p>乙</p>]``) is read as
    the elements it lists: its brackets and separating commas are not text.
    """
    import lxml.html
    from lxml import etree

    html = unwrap_list_repr(html.lstrip("\ufeff"))
    if not html.strip():
        return None
    html = strip_xml_declaration(html)
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError, AssertionError):
        pass  # lxml asserts on input that is a page head without a body; read it as a document
    try:
        document = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    body = document.find("body")
    return body if body is not None else document


def unwrap_list_repr(html: str) -> str:
    """The elements of a Python list repr of HTML elements; other HTML unchanged.

    >>> unwrap_list_repr("[<p>甲</p>, <p>乙</p>]")
    '<p>甲</p><p>乙</p>'
    >>> unwrap_list_repr("<p>[1], <b>x</b></p>")
    '<p>[1], <b>x</b></p>'
    """
    stripped = html.strip()
    if not (stripped.startswith("[<") and stripped.endswith(">]")):
        return html
    return LIST_REPR_SEPARATOR.sub("><", stripped[1:-1])


def strip_xml_declaration(html: str) -> str:
    """lxml refuses str input that declares its encoding (XHTML's ``<?xml … encoding=…?>``)."""
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", html)


def is_hidden(element) -> bool:
    """An element the page hides (``hidden``, ``display:none``): not text a reader sees."""
    return element.get("hidden") is not None or bool(HIDDEN_STYLE.search(element.get("style", "")))


CODE_SIGNS = re.compile(r"[{}<>=;$#\\]|[\u2500-\u257f]")
"""What code, markup and tables drawn with box lines hold, and Chinese prose does not."""
MIN_PROSE_HAN = 0.5


def is_chinese_prose(text: str) -> bool:
    """Preformatted text that is Chinese prose: Han characters half its letters or more, and (almost) no
    code signs or box-drawing lines.

    >>> is_chinese_prose("主旨：公告以投標方法拍賣本院106年度司執字第70394號清償債\\n      務強制執行事件。")
    True
    >>> is_chinese_prose("def main():\\n    print('你好')"), is_chinese_prose("┌──┬──┐\\n│项目│金额│")
    (False, False)
    """
    visible = [char for char in text if not char.isspace()]
    if not visible or count_han(text) < MIN_PROSE_HAN * len(visible):
        return False
    return len(CODE_SIGNS.findall(text)) <= len(visible) // 200


MIN_WRAP_WIDTH = 40
"""Columns (a Han character takes two) the longest line of hand-wrapped prose reaches at least: shorter
lines (a poem's, a list's) are broken where their author meant."""


def is_wrapped_at_width(lines: list[str]) -> bool:
    """
    >>> is_wrapped_at_width(["主旨：公告以投標方法拍賣本院106年度司執字第70394號清償債", "務強制執行事件。"]), is_wrapped_at_width(["床前明月光，", "疑是地上霜。"])
    (True, False)
    """
    return max((display_width(line.strip()) for line in lines), default=0) >= MIN_WRAP_WIDTH


def element_line(element, offset: int) -> int:
    return element.sourceline + offset if element.sourceline else 0


@dataclass
class FragmentWalker:
    """Walks an lxml tree in document order, collecting inline text into paragraphs."""

    line_offset: int = 0
    blocks: list[Block] = field(default_factory=list)
    dropped: list[Change] = field(default_factory=list)
    run: list[str] = field(default_factory=list)
    run_line: int = 0
    containers: list[str] = field(default_factory=list)
    """Open elements that decide a paragraph's kind (blockquote, figcaption, li), innermost last."""
    lists: list[list] = field(default_factory=list)
    """For each open list: [ordered, next number]."""
    item_marker: str = ""
    run_marks: list = field(default_factory=list)
    """Inline formatting seen in the run being collected: (kind, text, address)."""
    after_image: bool = False
    """An image was the last thing seen: a short centred paragraph now is its caption."""
    keeps_lines: bool = False
    """Each line broken with ``<br>`` is a paragraph of its own (a table cell's lines: a team's names)."""

    def walk(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag and not self.skipped(element, tag):
            self.walk_element(element, tag.lower())
        if element.tail:
            self.add_text(element.tail, element)

    def skipped(self, element, tag: str) -> bool:
        """True for elements left out; navigation and hidden text are recorded as dropped."""
        if tag.lower() in UNSHOWN:
            return True
        if tag.lower() in NAVIGATION or is_hidden(element):
            text = tidy_text(element.text_content())
            if text:
                self.dropped.append(dropped_change("html", text, "navigation or hidden element", element_line(element, self.line_offset)))
            return True
        if tag.lower() == "a" and is_link_within_page_alone(element):
            self.dropped.append(dropped_change("html", tidy_text(element.text_content()), "a link within the page, alone on its line (Top, 返回顶部)", element_line(element, self.line_offset)))
            return True
        return False

    def walk_element(self, element, tag: str) -> None:
        if tag == "br":
            self.run.append(BREAK)
        elif heading := HEADING_TAG.fullmatch(tag):
            self.leaf_block(element, BlockKind.HEADING, int(heading.group(1)))
        elif tag == "pre":
            self.preformatted(element)
        elif tag == "table":
            self.table(element)
        elif tag in LISTS:
            self.list(element, tag)
        elif tag in ("li", "blockquote", "figcaption", "caption"):
            self.container(element, tag)
        elif tag in BLOCKS or tag in LAYOUT_CELLS:  # a layout table's cells are walked as blocks (`table`)
            self.flush_loose_run(element)
            first = len(self.blocks)
            self.walk_children(element)
            self.flush(element)
            self.recognise_subheading_or_caption(element, first)
        else:
            if tag == "img":
                self.after_image = True
            self.walk_children(element)
            if tag in INLINE_MARKS:
                self.remember_mark(element, tag)

    def walk_children(self, element) -> None:
        if element.text:
            self.add_text(element.text, element)
        for child in element:
            self.walk(child)

    def add_text(self, text: str, element) -> None:
        if "\n" in text and not text.strip():
            text = " "  # whitespace between two elements separates them, as a browser shows it
        if not self.run:
            self.run_line = element_line(element, self.line_offset)
        self.run.append(text)

    def remember_mark(self, element, tag: str) -> None:
        """Bold, italic, code or a link to an http(s) address, for the paragraph being collected."""
        kind = INLINE_MARKS[tag]
        href = (element.get("href") or "").strip() if kind == "link" else ""
        text = tidy_text(element.text_content())
        if text and (kind != "link" or href.startswith(("http://", "https://"))):
            self.run_marks.append((kind, text, href))

    def flush(self, element) -> None:
        """Turn the collected inline text into paragraphs of the kind the open containers say."""
        run, self.run = "".join(self.run), []
        marks, self.run_marks = self.run_marks, []
        for text in ([tidy_text(line) for line in run.split(BREAK)] if self.keeps_lines else split_at_breaks(run)):
            if not text:
                continue
            if has_words(text):
                block = self.paragraph(text)
                found = tuple(sorted((mark for mark in marks if mark[1] in text), key=lambda mark: text.find(mark[1])))
                self.blocks.append(replace(block, marks=found) if found else block)
            else:
                self.dropped.append(dropped_change("html", text, "punctuation between elements", self.run_line))

    def flush_loose_run(self, element) -> None:
        """`flush` the text met outside any block before `element`: a loose line all in bold there
        (``<strong>标题</strong><p>…``, as feeds and content systems write a story's subheads) is a subheading."""
        first, bold = len(self.blocks), [_squeeze(text) for kind, text, _ in self.run_marks if kind == "strong"]
        self.flush(element)
        made = self.blocks[first:]
        if len(made) == 1 and made[0].kind is BlockKind.PARAGRAPH and _squeeze(made[0].text) in bold and is_subheading_text(made[0].text):
            self.blocks[first] = replace(made[0], kind=BlockKind.HEADING, level=BOLD_HEADING_LEVEL, attrs=(("emphasis", "bold"),))

    def paragraph(self, text: str) -> Block:
        kind = {"li": BlockKind.LIST_ITEM, "blockquote": BlockKind.QUOTE}.get(self.containers[-1] if self.containers else "", BlockKind.PARAGRAPH)
        if self.containers and self.containers[-1] in ("figcaption", "caption"):
            kind = BlockKind.CAPTION
        if kind is BlockKind.LIST_ITEM:
            marker, self.item_marker = self.item_marker, ""
            attrs = (("marker", marker),) if marker else ()
            return Block(kind, text, level=len(self.lists), line=self.run_line, attrs=attrs)
        return Block(kind, text, line=self.run_line)

    def recognise_subheading_or_caption(self, element, first: int) -> None:
        """A paragraph all in bold is a subheading; one under a photo, a caption (module docstring)."""
        made = self.blocks[first:]
        if len(made) != 1 or made[0].kind is not BlockKind.PARAGRAPH:
            self.after_image = self.after_image and not made
            return
        block = made[0]
        if is_caption_text(block.text) or (self.after_image and is_centred(element) and len(block.text) <= MAX_CAPTION):
            self.blocks[first] = replace(block, kind=BlockKind.CAPTION)
        elif is_all_bold(element) and is_subheading_text(block.text):
            previous = self.blocks[first - 1] if first else None
            follows_one = previous is not None and previous.attr("emphasis") == "bold"
            role = (("emphasis", "bold"), ("role", "subtitle")) if follows_one else (("emphasis", "bold"),)
            self.blocks[first] = replace(block, kind=BlockKind.HEADING, level=BOLD_HEADING_LEVEL, attrs=role)
        self.after_image = False

    def leaf_block(self, element, kind: BlockKind, level: int) -> None:
        self.flush(element)
        self.walk_children(element)
        run, self.run = "".join(self.run), []
        text = tidy_text(join_all(split_at_breaks(run)))
        if has_words(text):
            self.blocks.append(Block(kind, text, level=level, line=element_line(element, self.line_offset)))

    def preformatted(self, element) -> None:
        self.flush(element)
        text = element.text_content().strip("\r\n")
        line = element_line(element, self.line_offset)
        lines = text.replace("\r\n", "\n").split("\n")
        if is_chinese_prose("\n".join(part for part in lines if not is_drawn_table_line(part))):
            # An old government site's notice typed into <pre>, wrapped by hand: its paragraphs, not code;
            # a table drawn in it with box lines stays as drawn.
            for drawn, run in itertools.groupby(lines, key=is_drawn_table_line):
                run = list(run)
                if drawn:
                    self.blocks.append(Block(BlockKind.PREFORMATTED, "\n".join(run), line=line))
                else:
                    paragraphs = join_full_lines(run).split("\n") if is_wrapped_at_width(run) else run
                    self.blocks += [Block(BlockKind.PARAGRAPH, tidied, line=line) for paragraph in paragraphs if (tidied := tidy_inline(paragraph))]
        elif text.strip():
            self.blocks.append(Block(BlockKind.PREFORMATTED, text, line=line))

    def container(self, element, tag: str) -> None:
        self.flush(element)
        if tag == "li" and self.lists:
            ordered, number = self.lists[-1]
            self.item_marker = f"{number}." if ordered else "•"
            self.lists[-1][1] += 1
        self.containers.append(tag)
        self.walk_children(element)
        self.flush(element)
        self.containers.pop()

    def list(self, element, tag: str) -> None:
        self.flush(element)
        start = element.get("start", "1")
        self.lists.append([tag == "ol", int(start) if start.isdigit() else 1])
        self.containers.append("list")
        self.walk_children(element)
        self.flush(element)
        self.containers.pop()
        self.lists.pop()

    def table(self, element) -> None:
        self.flush(element)
        rows = table_rows(element)
        if is_layout_table(element, rows):
            self.walk_children(element)
            self.flush(element)
            return
        for row, header in rows:
            cells = tuple(self.cell_text(cell) for cell in row_cells(row))
            if any(cells):
                attrs = (("header", "1"),) if header else ()
                self.blocks.append(Block(BlockKind.TABLE_ROW, "\t".join(cells), cells=cells, line=element_line(row, self.line_offset), attrs=attrs))
        for caption in element.iterchildren("caption"):
            self.container(caption, "caption")

    def cell_text(self, cell) -> str:
        inner = FragmentWalker(self.line_offset, keeps_lines=True)
        inner.walk_children(cell)
        inner.flush(cell)
        return join_cell_lines([block.text for block in inner.blocks])


def is_link_within_page_alone(element) -> bool:
    """A link to a place in the same page (``href="#"``, ``#top``) that is all its parent shows: the page's
    "back to top" and "print this page" controls. A link within a sentence keeps its text, wherever it points.

    >>> from lxml import html
    >>> [is_link_within_page_alone(a) for a in html.fromstring('<div><div class="top"><a href="#">Top</a></div><p>见<a href="#n1">注1</a>。</p></div>').iter("a")]
    [True, False]
    """
    href = (element.get("href") or "").strip()
    if not href.startswith("#") and not href.lower().startswith("javascript:"):
        return False
    parent = element.getparent()
    text = _squeeze(element.text_content())
    return parent is not None and bool(text) and len(text) <= MAX_SUBHEADING and _squeeze(parent.text_content()) == text


def is_all_bold(element) -> bool:
    """All of the element's text is inside ``<strong>`` or ``<b>`` (spaces aside)."""
    bold = "".join("".join(node.itertext()) for node in element.iter("strong", "b") if not _inside_bold(node))
    return bool(bold.strip()) and _squeeze(bold) == _squeeze(element.text_content())


def _inside_bold(node) -> bool:
    return any(parent.tag in ("strong", "b") for parent in node.iterancestors())


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def is_subheading_text(text: str) -> bool:
    """Short, and not a sentence: ``关注点多与所学专业相关``, not ``记者：张三。``."""
    return len(text) <= MAX_SUBHEADING and not ends_sentence(text) and not text.endswith(("：", ":"))


def is_caption_text(text: str) -> bool:
    """Text that says it describes a picture: ``图为…``, ``图：…``, ``▲…``.

    >>> is_caption_text("图为李博灏在瑞士日内瓦的近影。"), is_caption_text("图书馆今年开放。")
    (True, False)
    """
    return CAPTION_START.match(text) is not None


def is_centred(element) -> bool:
    return (element.get("align") or "").lower() == "center" or bool(CENTRED_STYLE.search(element.get("style", "")))


def join_cell_lines(texts: list[str]) -> str:
    """A table cell's lines (its paragraphs, or lines broken with ``<br>``) as one text: a break the page
    set is no wrap, so lines that do not end with a punctuation mark keep a space between them (a team's
    names, one a line: 高雄市新莊高中 方靖緯 李昱賢).

    >>> join_cell_lines(["高雄市新莊高中", "方靖緯", "李昱賢"]), join_cell_lines(["一、委托个人从事销售活动；", "二、数据不真实"])
    ('高雄市新莊高中 方靖緯 李昱賢', '一、委托个人从事销售活动；二、数据不真实')
    """
    result = ""
    for text in texts:
        if not result or not text:
            result = result or text
        elif is_cjk_punctuation(result[-1]) or is_cjk_punctuation(text[0]):
            result += text
        else:
            result = f"{result} {text}"
    return result


def join_all(texts) -> str:
    result = ""
    for text in texts:
        result = join_lines(result, text) if result and text else result or text
    return result


def table_rows(table) -> list[tuple]:
    """The table's own rows (not a nested table's), each with whether it is a header row."""
    rows = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append((child, is_header_row(child, False)))
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend((row, is_header_row(row, tag == "thead")) for row in child if isinstance(row.tag, str) and row.tag.lower() == "tr")
    return rows


def row_cells(row) -> list:
    return [cell for cell in row if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")]


def is_header_row(row, in_head: bool) -> bool:
    cells = row_cells(row)
    return in_head or (bool(cells) and all(cell.tag.lower() == "th" for cell in cells))


def is_layout_table(table, rows: list[tuple]) -> bool:
    """A table used to lay out a page, not to hold data: nested tables, one cell per row, or one cell
    that holds the page's text (a gazette's whole issue in one cell, its title and date in the cells above).

    >>> from lxml import html
    >>> page = html.fromstring("<table><tr><td>行政院會議決議事項</td><td>中華民國96年3月21日</td></tr><tr><td>" + "院長提示：政務不可一日或停。" * 30 + "</td></tr></table>")
    >>> is_layout_table(page, table_rows(page))
    True
    """
    if table.find(".//table") is not None:
        return True
    by_row = [row_cells(row) for row, _ in rows]
    if all(len(cells) <= 1 for cells in by_row):
        return True
    sizes = [len(_squeeze(cell.text_content())) for cells in by_row for cell in cells]
    return max(sizes, default=0) >= LAYOUT_CELL_TEXT and max(sizes) >= LAYOUT_CELL_SHARE * sum(sizes)
