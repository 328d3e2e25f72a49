"""One document's part of the search index, made with its pages.

A *record* is one thing a result can point at: a paragraph-like block (its
`#pN` anchor), a section heading (its section's anchor), an article title or
dateline. For each document this package makes

* its text files, `SLUG/search-K.js` (jiedu.search.texts), which the browser
  loads only when they hold candidates. They live in the document's folder,
  so an unchanged document's copies are carried over with its pages;
* `search_part`: what the site-wide index needs of the document: a small
  `SearchSummary` kept in its SiteEntry, and its keys with the records holding
  each (`SearchPostings`; `record_keys` says which keys a record has, and
  jiedu.search.postings makes them for all of a document's records at once),
  cached beside the entry, so a rebuild merges unchanged documents without
  reading their text again.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..annotate import AnnotatedText
from ..annotate.scripts import Script
from ..fingerprint import digest
from ..model import quick_pickle
from ..render.plan import number_blocks
from .keys import encode_numbers, fold_text, pinyin_keys, record_syllables, term_key, text_keys

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
    values: tuple[list, ...]
    """Each record as a row of its text file, without its Simplified copy (jiedu.search.texts.record_values)."""
    rows: tuple[str, ...]
    """`values` as JSON: they fix how the text files are cut and the document's text version."""


@quick_pickle
@dataclass(frozen=True, slots=True)
class SearchSummary:
    """What `search/meta.js` lists of a document (kept in its SiteEntry, which every build reads)."""

    records: int
    headings: str
    """Record numbers of titles and headings, encoded (`keys.encode_numbers`)."""
    version: str
    """A digest of the document's records: the browser asks for its text files with `?v=` so a stale copy is never used."""
    chunks: str
    """The record numbers that start each text file (`SLUG/search-K.js`), encoded."""
    characters: str
    """The characters of the document's text files, sorted, once each: search/readings.js gives their usual readings."""
    shares: int = 0
    """How many keys its postings hold: what its part adds to the merge (jiedu.search.partitions.partition_count)."""


@quick_pickle
@dataclass(frozen=True, slots=True)
class SearchPostings:
    """A document's keys and the records holding each: its share of the site-wide lists.

    By far the biggest of a document's cached values for the site (about a
    megabyte in memory for a report), so it is cached beside the SiteEntry, not
    in it, and read only to merge: one document at a time in a full merge, only
    the changed ones in a splice (jiedu.search.splice)."""

    once: dict
    """Key held by one record -> that record's number (`keys.encode_number`)."""
    many: dict
    """Key held by several records -> how many, less two, then their numbers as gaps (`keys.encode_numbers`)."""


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
    from .texts import as_json, record_values

    values = tuple(record_values(annotated.original_script, records))
    return SearchText(entry.slug, annotated.original_script, tuple(sections), tuple(records), values, tuple(map(as_json, values)))


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

    simplified, traditional, readings, terms, words = [], [], [], [], []
    offset = 0
    for text in texts:
        terms += [TermMark(term.start + offset, term.end + offset, term.slug) for term in text.terms]
        simplified.append(text.simplified)
        traditional.append(text.traditional)
        readings += list(text.readings) + [None]
        words += list(text.words or (1,) * len(text.simplified)) + [1]
        offset += len(text.simplified) + 1
    return AnnotatedText("\t".join(simplified), "\t".join(traditional), tuple(readings[:-1]), tuple(terms), words=tuple(words[:-1]))


def record_keys(text: AnnotatedText, known: dict, fold: dict | None = None) -> set[str]:
    """The index keys of one record: its folded characters and pairs, its syllables and pairs, its marked terms.
    `known`: readings -> syllables already seen (keys.record_syllables); `fold`: see `keys.fold_text`."""
    folded = fold_text(text.simplified, fold)
    keys = text_keys(folded) | pinyin_keys(record_syllables(text.readings, known))
    keys.update([term_key(folded[term.start : term.end]) for term in text.terms])
    return keys


def search_part(search_text: SearchText, fold: dict | None = None) -> tuple[SearchSummary, SearchPostings]:
    """What the site index lists of the document, and its keys -> its records holding them (`record_keys` of each,
    made for all at once by jiedu.search.postings). `fold`: the site's Simplified character table as a str.translate
    mapping (`keys.fold_text`)."""
    from .postings import document_postings
    from .texts import FORMAT, chunk_starts

    once, many = document_postings([record.text for record in search_text.records], fold)
    headings = encode_numbers(number for number, record in enumerate(search_text.records) if record.flags & HEADING)
    rows = search_text.rows
    characters = "".join(sorted({char for record in search_text.records for char in record.text.in_script(search_text.script)}))
    return SearchSummary(len(rows), headings, digest(FORMAT, *rows)[:12], encode_numbers(chunk_starts(rows)), characters, len(once) + len(many)), SearchPostings(once, many)
