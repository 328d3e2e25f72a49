"""Which pages a document gets, their names, titles and reading order.

A document of up to SINGLE_PAGE_HAN Han characters is one page, which is also
its print copy: a typical work report or newspaper page reads, searches and
prints whole, and the site holds one copy of its text. A longer document is
read page by page, one page per top-level section of each article (an article
without headings is one page), with a separate print copy. Either way the
plan lists the reading units (`pages`); `href` says where each one is.

Every block gets a paragraph number, document-wide and in reading order, so a
paragraph has the same anchor (`p12`) on a section page and in the print copy.

The plan is computed from the Document alone, so links between pages never
depend on render order.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, Block, Document, Section

SINGLE_PAGE_HAN = 20_000
"""Documents up to this many Han characters are one page. With a reading
over every character a page takes about 3.6 gzipped bytes per Han character
(measured on the sample report), so this keeps a page near 75 KB gzipped,
under the 100 KB a page may weigh."""


@dataclass(frozen=True, slots=True)
class ReadingPage:
    """One section page of a document."""

    slug: str
    """File name without .html, unique within the document."""
    article: Article
    sections: tuple[Section, ...]
    """The top-level section(s) this page shows."""
    title: str
    """The section heading, or the article title for a page without a heading of its own."""
    is_article_start: bool
    """True on an article's first page: its first paragraph carries the dateline."""
    show_article_head: bool
    """True where the page opens with the article's headline, overlines and subtitles."""
    part: str | None = None
    """"opening" or "closing" for an article's untitled opening or closing words
    (named by an interface label in contents lists), else None."""


@dataclass(frozen=True, slots=True)
class DocumentPlan:
    slug: str
    pages: tuple[ReadingPage, ...]
    """The reading units in order: on a one-page document, the parts of that page."""
    single: bool = False
    """True when the whole document is one page (index.html), which is also its print copy."""

    def href(self, page: ReadingPage) -> str:
        """Where a reading unit is, relative to the document's folder.

        >>> plan = DocumentPlan("d", (), single=True)
        >>> page = ReadingPage("intro", None, (), "", True, True)
        >>> plan.href(page), DocumentPlan("d", ()).href(page)
        ('index.html#intro', 'intro.html')
        """
        return f"index.html#{page.slug}" if self.single else f"{page.slug}.html"

    def paragraph_href(self, page: ReadingPage, number: int) -> str:
        """Where paragraph `number` of `page` is, relative to the document's folder."""
        return f"{'index' if self.single else page.slug}.html#p{number}"

    def neighbours(self, index: int) -> tuple[ReadingPage | None, ReadingPage | None]:
        previous = self.pages[index - 1] if index > 0 else None
        following = self.pages[index + 1] if index + 1 < len(self.pages) else None
        return previous, following


def plan_document(slug: str, document: Document, han_count: int = 0) -> DocumentPlan:
    """Lay a document out as pages in reading order (one page up to SINGLE_PAGE_HAN Han characters)."""
    pages: list[ReadingPage] = []
    for article in document.articles:
        pages += _article_pages(article, single=len(document.articles) == 1)
    return DocumentPlan(slug, tuple(pages), single=han_count <= SINGLE_PAGE_HAN)


def number_blocks(document: Document) -> dict[int, int]:
    """id(block) -> its paragraph number (from 1), for every block of the document in reading order.

    Keyed by identity, not value: two equal paragraphs are still two paragraphs.
    The numbers are what anchors (`#p12`) and citations use.
    """
    numbers: dict[int, int] = {}
    for article in document.articles:
        for section in article.sections:
            for block in section_blocks(section):
                numbers[id(block)] = len(numbers) + 1
    return numbers


def section_blocks(section: Section) -> list[Block]:
    """The blocks of a section and its subsections, in reading order."""
    blocks = list(section.blocks)
    for sub in section.subsections:
        blocks += section_blocks(sub)
    return blocks


def _article_pages(article: Article, single: bool) -> list[ReadingPage]:
    # Section slugs are unique within the document, so they name pages as they are.
    sections = article.sections or ()
    if len(sections) <= 1:
        return [ReadingPage(article.slug, article, tuple(sections), article.title, True, True)]
    pages = []
    for index, section in enumerate(sections):
        title = section.heading or article.title
        part = None if section.heading else "opening" if index == 0 else "closing"
        head = index == 0 and (section.heading is None or not single)
        pages.append(ReadingPage(section.slug, article, (section,), title, index == 0, head, part))
    return pages


def count_sections(document: Document) -> int:
    """Headed sections at every level (what a reader counts in the contents)."""
    return sum(_count_headed(section) for article in document.articles for section in article.sections)


def _count_headed(section: Section) -> int:
    return (1 if section.heading else 0) + sum(_count_headed(sub) for sub in section.subsections)
