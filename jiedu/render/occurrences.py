"""Where each glossary term occurs: document, page, the sentence around it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..annotate import AnnotatedText, TermMark, section_texts
from ..annotate.scripts import Script
from ..model import quick_pickle
from .plan import ReadingPage


@quick_pickle
@dataclass(frozen=True, slots=True)
class PageLink:
    """What a link to a reading page needs: its file name and its title."""

    slug: str
    title: str
    href: str = ""
    """Where it is, relative to the document's folder: "3.html", or "index.html#3" on a one-page document."""

SENTENCE_END = re.compile(r"(?<=[。！？；])")
CONTEXT_LIMIT = 120


@quick_pickle
@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a term stands in a document."""

    slug: str
    document_slug: str
    document_title: str
    page: PageLink
    script: Script
    sentence: AnnotatedText
    """The sentence around the term (sliced from the paragraph, annotations kept)."""
    paragraph: int = 0
    """The position of its paragraph (or heading) among the document's texts in reading order, from 0."""
    paragraph_terms: tuple[str, ...] = ()
    """Slugs of every glossary term in the same paragraph (this one included), sorted: its companions."""


def find_occurrences(entry) -> tuple[Occurrence, ...]:
    """Every occurrence of a glossary term in one document (a DocumentEntry), in reading order."""
    found = []
    title = entry.annotated[entry.annotated.document.title].in_script(entry.annotated.original_script)
    paragraph = 0
    for page in entry.plan.pages:
        link = PageLink(page.slug, page.title, entry.plan.href(page))
        for text in page_texts(page):
            annotated = entry.annotated[text]
            together = tuple(sorted({term.slug for term in annotated.terms}))
            for term in annotated.terms:
                sentence = sentence_around(annotated, term.start, term.end)
                found.append(Occurrence(term.slug, entry.slug, title, link, entry.annotated.original_script, sentence, paragraph, together))
            paragraph += 1
    return tuple(found)


def occurrence_path(occurrence: Occurrence) -> str:
    """Where an occurrence is, relative to the site root: "report-2025/index.html#intro".

    Term pages and their corpus figures take addresses from here (and
    `PageLink.href`), so a change of page layout is made in one place.
    """
    return f"{occurrence.document_slug}/{occurrence.page.href}"


def occurrences_by_term(found_in: list) -> dict[str, list[Occurrence]]:
    """slug -> every occurrence across all documents, in document and reading order;
    `found_in`: each document's occurrences (SiteEntry.occurrences), in site order."""
    found: dict[str, list[Occurrence]] = {}
    for occurrences in found_in:
        for occurrence in occurrences:
            found.setdefault(occurrence.slug, []).append(occurrence)
    return found


def page_texts(page: ReadingPage) -> list[str]:
    texts = [*page.article.overlines, page.article.title, *page.article.subtitles] if page.show_article_head else []
    for section in page.sections:
        texts += section_texts(section)
    return texts


def sentence_around(text: AnnotatedText, start: int, end: int) -> AnnotatedText:
    """The sentence holding text[start:end], at most CONTEXT_LIMIT characters."""
    bounds = [m.start() for m in SENTENCE_END.finditer(text.simplified)] + [len(text.simplified)]
    left = max([0] + [b for b in bounds if b <= start])
    right = min(b for b in bounds if b >= end)
    left, right = max(left, start - CONTEXT_LIMIT // 2), min(right, end + CONTEXT_LIMIT // 2)
    return slice_annotated(text, left, right)


def slice_annotated(text: AnnotatedText, left: int, right: int) -> AnnotatedText:
    terms = tuple(TermMark(t.start - left, t.end - left, t.slug) for t in text.terms if t.start >= left and t.end <= right)
    uncertain = tuple((s - left, e - left) for s, e in text.uncertain if s >= left and e <= right)
    return AnnotatedText(text.simplified[left:right], text.traditional[left:right], text.readings[left:right], terms, uncertain)
