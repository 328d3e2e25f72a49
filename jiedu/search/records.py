"""One document's part of the search index, made with its pages.

A *record* is one thing a result can point at: a paragraph-like block (its
`#pN` anchor), a section heading (its section's anchor), an article title or
dateline. For each document this module makes

* `search_text_page`: the document's text file, `SLUG/search.js`, which the
  browser loads only when the document holds candidates: each record's page
  address, section, text (in the document's own script), readings and glossary
  marks. It lives in the document's folder, so an unchanged document's copy is
  carried over with its pages;
* `search_part`: what the site-wide index needs of the document (its keys and
  the records holding each), small, cached with the document's SiteEntry, so a
  rebuild merges unchanged documents without reading their text again.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from ..annotate import AnnotatedText
from ..annotate.scripts import Script
from ..fingerprint import digest
from ..render.plan import number_blocks
from .keys import TERM_PREFIX, encode_numbers, fold_text, han_runs, pinyin_keys, text_keys
from .pinyin import reading_tone
from ..annotate.syllables import strip_tone

HEADING = 1
"""Record flag: a title or heading (ranked first)."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    href: str
    """The page and anchor, relative to the document's folder ("index.html#p12")."""
    section: int
    """Index of its section's heading in `SearchText.sections` (-1: none)."""
    flags: int
    text: AnnotatedText
    """The record's text (cells of a table row joined by tabs)."""


@dataclass(frozen=True, slots=True)
class SearchText:
    slug: str
    script: Script
    sections: tuple[str, ...]
    """Section headings in the document's script, as results name them."""
    records: tuple[SearchRecord, ...]


@dataclass(frozen=True, slots=True)
class SearchPart:
    """A document's share of the site-wide index (cached in its SiteEntry)."""

    postings: dict
    """Key -> the document's record numbers holding it, as `keys.encode_numbers` writes them."""
    records: int
    headings: str
    """Record numbers of titles and headings, encoded the same way."""
    version: str
    """A digest of the document's text files: the browser asks for them with `?v=` so a stale copy is never used."""
    chunks: str = ""
    """The record numbers that start each text file (`SLUG/search-K.js`), encoded."""


def document_records(entry) -> SearchText:
    """Every record of a document (a jiedu.render.pages.DocumentEntry), in reading order."""
    annotated, plan = entry.annotated, entry.plan
    document = annotated.document
    sections: list[str] = []
    records: list[SearchRecord] = []
    page_of = {id(section): page for page in plan.pages for section in page.sections}
    numbers = number_blocks(document)
    first = plan.href(plan.pages[0]) if plan.pages else "index.html"
    records.append(SearchRecord(first.split("#")[0], -1, HEADING, annotated[document.title]))
    for article in document.articles:
        article_href = plan.href(next((page for page in plan.pages if page.article is article), plan.pages[0]))
        if article.title != document.title:
            records.append(SearchRecord(article_href, -1, HEADING, annotated[article.title]))
        found: list[SearchRecord] = []
        for section in article.sections:
            found += _section_records(section, page_of.get(id(section)), plan, annotated, numbers, sections, article.title, top=True)
        if article.dateline:  # printed at the head of the article's first paragraph
            href = next((record.href for record in found if "#p" in record.href), article_href)
            records.append(SearchRecord(href, -1, 0, annotated[article.dateline]))
        records += found
    return SearchText(entry.slug, annotated.original_script, tuple(sections), tuple(records))


def _section_records(section, page, plan, annotated, numbers, sections: list, fallback: str, top: bool) -> list[SearchRecord]:
    """The heading and blocks of a section and its subsections, each with its address."""
    records = []
    page_file = plan.paragraph_href(page, 0).split("#")[0] if page else "index.html"
    if section.heading:
        sections.append(annotated[section.heading].in_script(annotated.original_script))
        anchor = "" if top and not plan.single else f"#{section.slug}"
        records.append(SearchRecord(page_file + anchor, len(sections) - 1, HEADING, annotated[section.heading]))
    elif not sections or top:
        sections.append(annotated[fallback].in_script(annotated.original_script))
    here = len(sections) - 1
    for block in section.blocks:
        texts = [annotated[cell] for cell in block.cells] if block.cells else [annotated[block.text]]
        flags = HEADING if block.kind.value == "heading" else 0
        records.append(SearchRecord(f"{page_file}#p{numbers[id(block)]}", here, flags, join_texts(texts)))
    for sub in section.subsections:
        records += _section_records(sub, page, plan, annotated, numbers, sections, fallback, top=False)
    return records


def join_texts(texts: list[AnnotatedText]) -> AnnotatedText:
    """Texts shown side by side (a table row's cells) as one, separated by tabs."""
    if len(texts) == 1:
        return texts[0]
    from ..annotate import TermMark

    simplified, traditional, readings, terms = [], [], [], []
    offset = 0
    for text in texts:
        terms += [TermMark(term.start + offset, term.end + offset, term.slug) for term in text.terms]
        simplified.append(text.simplified)
        traditional.append(text.traditional)
        readings += list(text.readings) + [None]
        offset += len(text.simplified) + 1
    return AnnotatedText("\t".join(simplified), "\t".join(traditional), tuple(readings[:-1]), tuple(terms))


def readings_code(text: AnnotatedText) -> str:
    """The readings as the browser reads them: per character, a toneless syllable and its tone digit, or "." for none.

    >>> readings_code(AnnotatedText("大事，", "大事，", ("dà", "shì", None), ()))
    'da4shi4.'
    """
    return "".join(reading_code(reading) if reading else "." for reading in text.readings)


@functools.lru_cache(maxsize=4096)
def reading_code(reading: str) -> str:
    """One reading as the text files spell it: toneless, then its tone digit (5: neutral)."""
    return strip_tone(reading) + reading_tone(reading)


def record_keys(text: AnnotatedText) -> set[str]:
    """The index keys of one record: its folded characters and pairs, its syllables and pairs, its marked terms."""
    folded = fold_text(text.simplified)
    keys = text_keys(folded) | pinyin_keys(han_runs(text.simplified, text.readings))
    keys.update(TERM_PREFIX + folded[term.start : term.end] for term in text.terms)
    return keys


CHUNK_BYTES = 6_000
"""A document's text is split into files of about this size: a result loads only the file holding its record."""


def chunk_starts(rows: list[str]) -> list[int]:
    """The record numbers that start a text file, so that each file holds about CHUNK_BYTES.

    >>> chunk_starts(["x" * 4000, "x" * 4000, "x" * 100, "x" * 9000])
    [0, 1, 3]
    """
    starts, size = [0], 0
    for number, row in enumerate(rows):
        if size and size + len(row.encode()) > CHUNK_BYTES:
            starts.append(number)
            size = 0
        size += len(row.encode())
    return starts


def search_part(search_text: SearchText) -> SearchPart:
    """The document's keys -> its records holding them, and what the site index lists of it."""
    holders: dict[str, list[int]] = {}
    for number, record in enumerate(search_text.records):
        for key in record_keys(record.text):
            holders.setdefault(key, []).append(number)
    postings = {key: encode_numbers(holders[key]) for key in sorted(holders)}
    headings = encode_numbers(number for number, record in enumerate(search_text.records) if record.flags & HEADING)
    scripts = search_text_scripts(search_text)
    return SearchPart(postings, len(search_text.records), headings, digest(*scripts)[:12], encode_numbers(chunk_starts(record_rows(search_text))))


def record_rows(search_text: SearchText) -> list[str]:
    """Each record as JSON: [address, section, flags, text, readings, term spans, Simplified text when it differs]."""
    rows = []
    for record in search_text.records:
        text = record.text
        own = text.in_script(search_text.script)
        row = [record.href, record.section, record.flags, own, readings_code(text), [edge for term in text.terms for edge in (term.start, term.end)]]
        if own != text.simplified:
            row.append(text.simplified)
        rows.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c"))
    return rows


def search_text_scripts(search_text: SearchText) -> list[str]:
    """`SLUG/search-K.js`, K from 0: the document's records, a file's worth each, handed to `jieduSearch.text`
    (JSONP: works from file://) with the headings of the sections they are in."""
    rows = record_rows(search_text)
    starts = chunk_starts(rows) + [len(rows)]
    scripts = []
    for number, (start, end) in enumerate(zip(starts, starts[1:])):
        used = sorted({record.section for record in search_text.records[start:end] if record.section >= 0})
        sections = json.dumps({str(index): search_text.sections[index] for index in used}, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        scripts.append(f"jieduSearch.text({json.dumps(search_text.slug)},{number},{start},{sections},[{','.join(rows[start:end])}]);\n")
    return scripts
