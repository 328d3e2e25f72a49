"""Structure: cleaned text in, a Document of articles and nested sections out.

1. `read_items` tells each line of plain text what it is; documents read
   as blocks (`blocks.block_spans`) say it themselves. In both, numbered
   lines are told heading or entry by their neighbours too (`numbered`), and
   lines that are the rows of a flattened table become table rows (`tables`).
2. `split_articles` cuts a newspaper page into articles at their headlines;
   a report stays one article.
3. Each article's header group gives its headline, overlines and subtitles
   (`choose_headline`); a dateline is split off its first paragraph.
4. `build_sections` nests the headings and gives every section a slug.

Metadata lines the cleaner moved out of the text (来源：…, 时间：…) are merged
into the document's metadata here; front matter wins over them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..clean.drop_boilerplate import metadata_from_changes
from ..clean.split_digest_items import item_fields_from_changes
from ..clean.fixes import NO_FIXES, Fixes, unmatched_fix_problems
from ..clean.fixes import PASS_NAME as FIXES_PASS
from ..charclass import CONTINUING_STARTS
from ..clean.line_shapes import DATE_ALONE, DOCUMENT_KIND_ENDING, ISSUER_ENDING, MAX_DOCUMENT_TITLE, dateline_end, is_document_title, is_label, is_title_like
from ..metadata import tidy_metadata
from ..model import Article, Block, BlockKind, Change, CleanedText, Document, Problem, SourceDocument
from ..slugs import to_slug, unique_slug
from .articles import is_kicker, ArticleSpan, choose_headline, signs_off, split_articles
from .items import Item, ItemKind, as_paragraph, read_items
from .numbered import numbered_by_context
from .tables import flattened_tables
from .blocks import block_spans, headline_by_level, is_photo_caption
from .sections import build_sections, shorten_slug
from .standards import with_cover_title

MAX_ARTICLE_SLUG = 48
NOTE_MARK = re.compile(r"\s*(?:\[\d{1,2}\]|［\d{1,2}］|〔\d{1,2}〕|[①-⑩])$")
"""A note's mark at the end of a line: [1], ［1］, 〔1〕, ①."""
DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
"""Chinese digits as Arabic ones, to compare years spelled either way (一九八二年, 1982年)."""
UNTITLED_LENGTH = 20
"""An article without a headline is titled by this many characters of its text."""
TITLE_SEARCH = 3
"""How many first lines of an untitled document may hold its title."""
TITLE_CONTINUING_STARTS = CONTINUING_STARTS | frozenset("及和与與暨")
"""How the second line of a title set on two lines may start: continuing the first (的, 之, 及, a closing mark)."""
MAX_PAGE_LINES_ABOVE_TITLE = 3
MAX_PAGE_LINE = 40
"""A web page's lines above its title (a site's name, a breadcrumb): at most this many, each at most this long."""
SENTENCE_STOP = re.compile(r"[。！？；]")
BRACKETED_END = re.compile(r"\s*[（(][^（）()]{1,12}[）)]$")
BREADCRUMB = re.compile(r"\s(?:>>|»|›|>)\s")
"""Between the steps of a page's breadcrumb (``大萌法律读本 >> 2014-传染病防治法``): such a line is no title."""


def structure_document(source: SourceDocument, cleaned: CleanedText, fixes: Fixes = NO_FIXES, spell: Callable[[str], str] | None = None) -> Document:
    """Articles, headlines, datelines and sections of one cleaned document.
    `spell`: how slugs spell Han text (jiedu.slugs.to_slug; default: pypinyin)."""
    metadata = {**tidy_metadata(metadata_from_changes(cleaned.changes)), **source.metadata, **(cleaned.metadata or {})}  # the source's was tidied when read
    source = replace(source, metadata=metadata) if metadata != source.metadata else source
    if cleaned.blocks is not None:
        spans = block_spans(cleaned.blocks, fixes, source.blocks)
    else:
        spans = with_item_fields(split_articles(flattened_tables(numbered_by_context(read_items(cleaned.text, fixes)))), item_fields_from_changes(cleaned.changes))
    printed_title = None
    if len(spans) == 1 and (cover := with_cover_title(spans[0].header, spans[0].body)):
        spans = [replace(spans[0], header=cover[0], body=cover[1])]  # a standard, titled on its cover
        printed_title = cover
    elif len(spans) == 1 and not spans[0].header and not metadata.get("title"):
        spans = [_with_title_line(spans[0])]
    elif len(spans) == 1 and not spans[0].header and (printed_title := _fuller_printed_title(spans[0], str(metadata["title"]))):
        title_item, lines = printed_title
        spans = [replace(spans[0], header=(replace(title_item, kind=ItemKind.TITLE),), body=spans[0].body[lines:])]
    elif len(spans) == 1 and not spans[0].header and (below := _title_below_page_lines(spans[0], str(metadata["title"]))):
        spans = [replace(spans[0], header=(replace(spans[0].body[below], kind=ItemKind.TITLE),),
                         body=tuple(as_paragraph(item) for item in spans[0].body[:below]) + spans[0].body[below + 1 :])]
    articles = _articles(spans, source, spell)
    title = articles[0].title if printed_title else str(metadata.get("title") or articles[0].title)
    if title != articles[0].title and _squeezed(title) == _squeezed(articles[0].title):
        # The same title, spaced otherwise by the cleaning: one title, printed once, as its author gave it.
        articles = (replace(articles[0], title=title), *articles[1:])
    changes, problems = _fix_report(cleaned, fixes, spans)
    named_by_file = title == name_as_title(source.path)
    if named_by_file and source.part and articles[0].sections:
        # A row of a dataset has no name of its own (a file's name was chosen by its user): its first words say more.
        title = text_start(_opening_words(articles[0]) or title)
        articles = (replace(articles[0], title=title), *articles[1:])
        problems.append(Problem(str(source.path), None, f"{source.part}: no title found, so its first words stand in for one: add a title column or name it in site.toml [readers.dataset]"))
    elif named_by_file:
        problems.append(Problem(str(source.path), None, "no title found: add `title:` to the front matter or a NAME.meta.yaml"))
    return Document(source, title, articles, source.dropped + cleaned.changes + tuple(changes), tuple(problems))


def _articles(spans: list[ArticleSpan], source: SourceDocument, spell=None) -> tuple[Article, ...]:
    taken: set[str] = set()
    several = len(spans) > 1
    articles = []
    for span in spans or [ArticleSpan((), ())]:
        if span.header and not several and source.metadata.get("title") and _only_kickers(span.header):
            # A report that prints no title over its occasion and speaker (——2024年2月27日在…上 / 市长 侯刚):
            # its metadata names it, and those lines are its subtitles.
            overlines, title, subtitles = (), str(source.metadata["title"]), tuple(item.text for item in span.header)
        else:
            overlines, title, subtitles = _headline(span) if span.header else ((), _untitled(span, source, several), ())
        slug = unique_slug(_article_slug(title, spell), taken)
        dateline, body = _split_dateline(span.body)
        sections = build_sections(body, slug if several else "", taken, spell)
        articles.append(Article(slug, title, overlines, subtitles, dateline, sections, span.attrs))
    return tuple(articles)


def _only_kickers(header: tuple[Item, ...]) -> bool:
    """A header group of kicker-shaped lines only (——subtitles, bylines): it holds no headline."""
    return all(item.kind is ItemKind.TITLE and item.block is None and is_kicker(item.text) for item in header)


def name_as_title(path: Path) -> str:
    """A file's name read as a title, for a document that prints none: its
    underscores and hyphens are spaces, as static site generators read them.

    >>> name_as_title(Path("npc_2025_resolution-on report.txt"))
    'npc 2025 resolution on report'
    """
    return " ".join(re.split(r"[_\s-]+", path.stem)).strip() or path.stem


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _headline(span: ArticleSpan) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """The header group's parts: by heading level where the format gave levels, else by the words' shapes."""
    if all(item.block is not None and item.block.kind is BlockKind.HEADING for item in span.header):
        return headline_by_level(span.header)
    return choose_headline(span.header)


def _untitled(span: ArticleSpan, source: SourceDocument, several: bool) -> str:
    """A title for an article printed without one.

    A report: its metadata title, else its first unnumbered heading (一、… or
    （一）… name a part, never the whole), else a title-shaped line at its
    top (`_with_title_line`, which makes it the header), else the file name,
    which `structure_document` replaces with the start of the text and reports. An untitled article on a page of several:
    the start of its text.
    """
    if several and span.body:
        return text_start(span.body[0].text)
    if source.metadata.get("title"):
        return str(source.metadata["title"])
    named = (item.text for item in span.body if item.kind is ItemKind.HEADING and item.number is None and item.level is None)
    return next(named, name_as_title(source.path))


def with_item_fields(spans: list[ArticleSpan], fields: dict) -> list[ArticleSpan]:
    """Each article of a plain-text digest with the fields the cleaner moved out of it (its date, link)."""
    if not fields:
        return spans
    return [next((replace(span, attrs=fields[item.text]) for item in span.header if item.text in fields), span) for span in spans]


def _with_title_line(span: ArticleSpan) -> ArticleSpan:
    """A document with no headline: a named heading that opens it heads it (it is not printed again as a
    section's heading); failing a named heading anywhere, a title-shaped line at its top heads it."""
    named = [item.kind is ItemKind.HEADING and item.number is None and item.level is None for item in span.body]
    if named[:1] == [True] and any(item.kind is not ItemKind.HEADING for item in span.body):
        return replace(span, header=(replace(span.body[0], kind=ItemKind.TITLE),), body=span.body[1:])
    if span.body and _is_bold_title(span.body[0]) and any(named):
        # A Markdown export sets the title as a bold first line (**政府工作报告**) over ## part headings.
        return replace(span, header=(replace(_without_note_mark(span.body[0]), kind=ItemKind.TITLE),), body=span.body[1:])
    if True in named[1 : MAX_PAGE_LINES_ABOVE_TITLE + 1]:
        below = named.index(True)
        if _are_page_lines(span.body[:below]) and _is_outermost_heading(span, below):
            return replace(span, header=(replace(span.body[below], kind=ItemKind.TITLE),),
                           body=tuple(as_paragraph(item) for item in span.body[:below]) + span.body[below + 1 :])
    if any(named) and not (span.body and _is_named_document(span.body[0])):
        return span
    found = _title_line(span)
    if found is None:
        return span
    title, lines = found
    body = tuple(item for item in span.body if all(item is not line for line in lines))
    return replace(span, header=(replace(title, kind=ItemKind.TITLE),), body=body)


def _is_named_document(item: Item) -> bool:
    """A first line in body type that names a kind of document (中华人民共和国民法典, …的通知): the title,
    whatever unnumbered heading comes later (a code's 附则)."""
    return _is_body_paragraph(item) and not is_label(item.text) and DOCUMENT_KIND_ENDING.search(item.text) is not None and (
        is_title_like(item.text) or is_document_title(item.text))


def _first_texts(article: Article):
    for section in article.sections:
        yield from (block.text for block in section.blocks)


def _opening_words(article: Article) -> str:
    """The article's first paragraphs run together, as far as a stand-in title reads: a first paragraph
    that is only an address ("同志们：", "各位代表：") says nothing of the text on its own."""
    words = ""
    for text in _first_texts(article):
        if len(words) > UNTITLED_LENGTH:
            break
        words += (" " if words[-1:].isascii() and words[-1:].isalnum() and text[:1].isascii() and text[:1].isalnum() else "") + text
    return words


def _fuller_printed_title(span: ArticleSpan, given: str) -> tuple[Item, int] | None:
    """The title printed at the top of the document that holds the one its metadata gives (`_printed_title_line`),
    and how many lines it takes: one, or two when the title is set on two (``中华人民共和国`` /
    ``2004年国民经济和社会发展统计公报``), each title-shaped, the second ending in a kind of document;
    a note's mark after the title (``…统计公报[1]``) is left out."""
    lines = [_without_note_mark(item) for item in span.body[:2]]
    first = _printed_title_line(lines[:1], given)
    if first is not None:
        return first, 1
    if len(lines) == 2 and all(_is_title_line(item) and is_title_like(item.text) for item in lines):
        one, two = lines
        if DOCUMENT_KIND_ENDING.search(two.text) is None:
            return None  # the second line must end the title, in its kind of document (…统计公报)
        joined = _with_text(one, one.text + two.text)
        if _printed_title_line((joined,), given) is not None:
            return joined, 2
    return None


def _title_below_page_lines(span: ArticleSpan, given: str) -> int:
    """Where the title the metadata gives is printed, when a few short lines of a web page come above it
    (a site's name, a breadcrumb: ``Laosheng.top`` / ``大萌法律读本 » 2020-刑法`` / ``中华人民共和国刑法``,
    a page saved or exported with its header); 0 when it is not so printed. Those lines stay, as
    paragraphs of the opening, and the title is not printed again as a section's heading."""
    wanted = _squeezed(given)
    for index, item in enumerate(span.body[1 : MAX_PAGE_LINES_ABOVE_TITLE + 1], 1):
        if _squeezed(item.text) == wanted and _is_title_line(item):
            return index if _are_page_lines(span.body[:index]) else 0
    return 0


def _is_bold_title(item: Item) -> bool:
    """A title-shaped paragraph set all in bold (its format marked the whole text strong)."""
    block = item.block
    return (
        _is_body_paragraph(item)
        and block is not None
        and is_title_like(item.text)
        and any(kind == "strong" and _unbracketed(marked) == _unbracketed(item.text) for kind, marked, _ in block.marks)
    )


def _unbracketed(text: str) -> str:
    """The text squeezed, without a remark in brackets at its end (…工作报告（摘要）) or a note's mark."""
    return _squeezed(NOTE_MARK.sub("", BRACKETED_END.sub("", text)))


def _are_page_lines(items: tuple[Item, ...]) -> bool:
    """Lines a web page prints above its text: short, no sentence (a site's name, a breadcrumb)."""
    return all(len(item.text) <= MAX_PAGE_LINE and not SENTENCE_STOP.search(item.text) for item in items)


def _is_outermost_heading(span: ArticleSpan, index: int) -> bool:
    """The heading at `index` is set in a format's heading level that no other unnumbered heading reaches
    (numbered ones are the document's parts, whatever level a converter gave them: 第一章 as ``===``)."""
    block = span.body[index].block
    if block is None or block.kind is not BlockKind.HEADING:
        return False
    others = [item for i, item in enumerate(span.body) if i != index and item.kind is ItemKind.HEADING and item.block is not None and item.number is None]
    return all(other.block.kind is not BlockKind.HEADING or other.block.level > block.level for other in others)


def _without_note_mark(item: Item) -> Item:
    """The item without a note's mark at its end (…统计公报[1]): the note is read at the end of the document,
    a title shows and lists without its mark."""
    text = NOTE_MARK.sub("", item.text)
    return _with_text(item, text) if text != item.text and text.strip() else item


def _with_text(item: Item, text: str) -> Item:
    return replace(item, text=text, block=replace(item.block, text=text) if item.block is not None else None)


def _is_title_line(item: Item) -> bool:
    return item.kind in (ItemKind.PARAGRAPH, ItemKind.TITLE, ItemKind.HEADING) and item.number is None and (
        item.block is None or item.block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)
    )


def _printed_title_line(body: tuple[Item, ...], given: str) -> Item | None:
    """The document's first line, when it is a title that holds the one its metadata gives: a crawler's
    front matter names a yearly bulletin ``2005年``, the bulletin prints
    ``中华人民共和国2005年国民经济和社会发展统计公报`` at its top (or spells the year
    ``一九八二年``: Chinese digits compare as the digits they are). The same title printed again
    heads the document too, and is not printed twice."""
    first = body[0] if body else None
    if first is None or not _is_title_line(first):
        return None
    text, wanted = _squeezed(first.text).translate(DIGITS), _squeezed(given).translate(DIGITS)
    shaped = is_title_like(first.text) or is_document_title(first.text)
    return first if shaped and wanted and wanted in text else None


def _title_line(span: ArticleSpan) -> tuple[Item, tuple[Item, ...]] | None:
    """A short title-shaped paragraph among the first lines (after a label such as 附件1), as
    Word files and datasets print their titles in body type, one that names its kind of document
    (…检查表, …的通知) before any other; or a long one, the first, that ends in its kind of
    document (…事项辦法). With it, the lines it takes: one, or two when the
    title goes on on the next line (`_title_goes_on`)."""
    body = span.body
    candidates = [(number, item) for number, item in enumerate(body[:TITLE_SEARCH])
                  if _is_body_paragraph(item) and not BREADCRUMB.search(item.text) and not is_photo_caption(item.text)
                  and not signs_off(body, number) and not DATE_ALONE.fullmatch(item.text.strip())]  # a sign-off or its date: never a title
    named = [(number, item) for number, item in candidates if is_title_like(item.text) and not is_label(item.text) and DOCUMENT_KIND_ENDING.search(item.text)]
    if named and named[0][0] > 0 and _is_title_start(body[named[0][0] - 1], named[0][1]):
        named[0] = (named[0][0] - 1, body[named[0][0] - 1])  # the issuer's line above it (南昌海关 / …公示公告)
    for number, item in named[:1] or candidates:  # a line naming a kind of document first (a form's 一寸照片 box above its title)
        if (is_title_like(item.text) and not is_label(item.text)) or (number == 0 and is_document_title(item.text)):
            after = body[number + 1] if number + 1 < len(body) else None
            if after is not None and _title_goes_on(item.text, after):
                return _with_text(item, item.text + after.text), (item, after)
            return _without_note_mark(item), (item,)
    return None


def _is_title_start(line: Item, rest: Item) -> bool:
    """An issuer's name on the line above a line that names a kind of document: the title's first line."""
    return (_is_body_paragraph(line) and is_title_like(line.text) and not is_label(line.text)
            and ISSUER_ENDING.search(line.text) is not None and _title_goes_on(line.text, rest))


def _is_body_paragraph(item: Item) -> bool:
    """A paragraph in body type, or a caption (a table's spanning first row is its title: ``…职位表``)."""
    return item.kind is ItemKind.PARAGRAPH and (item.block is None or item.block.kind in (BlockKind.PARAGRAPH, BlockKind.CAPTION))


def _title_goes_on(title: str, after: Item) -> bool:
    """Whether the line after a title-shaped first line is the rest of the title: official titles are set
    on two lines as issuer and subject (``南昌海关`` / ``2023年度拟录用公务员公示公告``), the second line
    ending in the kind of document the first does not name; or the second starts by continuing the first
    (``…体能测评标准`` / ``及实施规范``).

    >>> line = lambda text: Item(ItemKind.PARAGRAPH, text, 0, block=Block(BlockKind.PARAGRAPH, text))
    >>> _title_goes_on("南昌海关", line("2023年度拟录用公务员公示公告")), _title_goes_on("公安机关录用人民警察体能测评标准", line("及实施规范"))
    (True, True)
    >>> _title_goes_on("关于做好春耕工作的通知", line("各县（市、区）人民政府：")), _title_goes_on("南昌海关", line("根据有关要求，现予公告。"))
    (False, False)
    """
    if not _is_body_paragraph(after) or after.number is not None or len(title) + len(after.text) > MAX_DOCUMENT_TITLE:
        return False
    if not (is_title_like(after.text) or is_document_title(after.text)) or is_label(after.text):
        return False
    if after.text[:1] in TITLE_CONTINUING_STARTS:
        return True
    return DOCUMENT_KIND_ENDING.search(after.text) is not None and DOCUMENT_KIND_ENDING.search(title) is None


def text_start(text: str) -> str:
    return text[:UNTITLED_LENGTH] + ("…" if len(text) > UNTITLED_LENGTH else "")


def _article_slug(title: str, spell=None) -> str:
    return shorten_slug(to_slug(title, fallback="article", spell=spell), MAX_ARTICLE_SLUG)


def _split_dateline(body: tuple[Item, ...]) -> tuple[str | None, tuple[Item, ...]]:
    """``本报拉萨1月10日讯（记者 王菲）`` off the first paragraph, when it has one."""
    if not body or body[0].kind is not ItemKind.DATELINE:
        return None, body
    first = body[0]
    end = dateline_end(first.text)
    rest = first.text[end:].strip()
    remaining = (replace(first, kind=ItemKind.PARAGRAPH, text=rest),) if rest else ()
    return first.text[:end].strip(), remaining + body[1:]


def _fix_report(cleaned: CleanedText, fixes: Fixes, spans: list[ArticleSpan]) -> tuple[list[Change], list[Problem]]:
    """Changes for the heading/paragraph fixes that applied, Problems for every fix that did not."""
    problems = unmatched_fix_problems(fixes, cleaned.changes)
    lines = {item.text: item.line for span in spans for item in span.header + span.body}
    changes = []
    for fix in fixes.of_kind("heading") + fixes.of_kind("paragraph"):
        where = fixes.location(fix)
        if fix.text.strip() in lines:
            note = f"{where} {fix.kind}" + (f" level {fix.level}" if fix.kind == "heading" else "")
            changes.append(Change(FIXES_PASS, lines[fix.text.strip()], fix.text, fix.text, note))
        else:
            problems.append(Problem(fixes.path, fix.line, f"[[{fix.kind}]] text matched no line of the cleaned text"))
    return changes, problems
