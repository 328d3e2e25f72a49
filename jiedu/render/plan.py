"""Which pages a document gets, their names, titles and reading order.

A document is read page by page: one page per top-level section of each
article; an article without headings is one page. The plan is computed from
the Document alone, so links between pages never depend on render order.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, Document, Section


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

    def neighbours(self, index: int) -> tuple[ReadingPage | None, ReadingPage | None]:
        previous = self.pages[index - 1] if index > 0 else None
        following = self.pages[index + 1] if index + 1 < len(self.pages) else None
        return previous, following


def plan_document(slug: str, document: Document) -> DocumentPlan:
    """Lay a document out as pages in reading order."""
    pages: list[ReadingPage] = []
    for article in document.articles:
        pages += _article_pages(article, single=len(document.articles) == 1)
    return DocumentPlan(slug, tuple(pages))


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
