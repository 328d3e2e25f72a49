"""Annotate: readings for every Han character and glossary marks for terms.

Every string a page shows (titles, kickers, headings, paragraphs) becomes an
AnnotatedText holding both scripts, one reading per character and the glossary
matches. Readings and matches are computed once on the Simplified form; the
Traditional form is aligned character for character, so both share them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import UNCERTAIN_END, UNCERTAIN_START, Document, quick_pickle
from .scripts import Script, ScriptConverter


@quick_pickle
@dataclass(frozen=True, slots=True)
class TermMark:
    """A glossary term found in a text."""

    start: int
    end: int
    slug: str
    """The glossary entry's slug."""


@quick_pickle
@dataclass(frozen=True, slots=True)
class AnnotatedText:
    """One string of a page, ready to render in either script."""

    simplified: str
    traditional: str
    readings: tuple[str | None, ...]
    """One per character: tone-marked pinyin for a Han character, else None."""
    terms: tuple[TermMark, ...]
    """Glossary matches, in order, not overlapping."""
    uncertain: tuple[tuple[int, int], ...] = ()
    """(start, end) spans a cleaning pass was unsure about; shown marked."""
    words: tuple[int, ...] = ()
    """The lengths of the words the text was read by, in order, covering it all
    (punctuation and Latin runs are words too); () when not segmented. Pages
    carry them so that a tap can find the word under a character."""

    def in_script(self, script: Script) -> str:
        return self.simplified if script is Script.SIMPLIFIED else self.traditional


@dataclass(frozen=True, slots=True)
class AnnotationResources:
    """Everything annotation needs, built once per build."""

    converter: ScriptConverter
    pinyin: object
    """A PinyinAnnotator (jiedu.annotate.pinyin): .readings(text), .cut(text)."""
    glossary: object
    """A Glossary (jiedu.annotate.glossary)."""


@quick_pickle
@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    document: Document
    original_script: Script
    texts: dict
    """Every shown string of the document (as in `document`) -> its AnnotatedText."""

    def __getitem__(self, text: str) -> AnnotatedText:
        return self.texts[text]


def annotate_text(text: str, original: Script, resources: AnnotationResources) -> AnnotatedText:
    """Annotate one string written in `original` script (uncertain marks allowed).

    The original script's form is the text itself, never a round trip through
    OpenCC: a Traditional document keeps its own 周年, not OpenCC's 週年.
    """
    return annotate_texts([text], original, resources)[0]


def annotate_texts(texts: Sequence[str], original: Script, resources: AnnotationResources) -> list[AnnotatedText]:
    """`annotate_text` for each of `texts`; their readings are worked out in one batch."""
    plains = [split_uncertain_marks(text) for text in texts]
    scripts = [both_scripts(plain, original, resources.converter, resources.pinyin.cut) for plain, _ in plains]
    # Read as written: the annotator segments the Simplified form, and a Traditional text's own characters settle what it merges (幹 gàn, 乾坤 qián).
    readings = resources.pinyin.readings_of_texts([plain for plain, _ in plains])
    return [
        AnnotatedText(simplified, traditional, tuple(text_readings), term_marks(simplified, resources), uncertain, word_lengths(simplified, resources))
        for (simplified, traditional), text_readings, (_, uncertain) in zip(scripts, readings, plains)
    ]


def word_lengths(text: str, resources: AnnotationResources) -> tuple[int, ...]:
    """The lengths of the words `text` is read by; one word per character if the cut does not cover the text."""
    lengths = tuple(len(word) for word in resources.pinyin.cut(text))
    return lengths if sum(lengths) == len(text) else (1,) * len(text)


def both_scripts(plain: str, original: Script, converter: ScriptConverter, cut=None) -> tuple[str, str]:
    """(Simplified, Traditional) forms of `plain`, the original script's being `plain` itself.

    Traditional is converted word by word on `cut`'s words (the annotator's
    segmentation, the words the readings are worked out by) when given.
    """
    simplified = plain if original is Script.SIMPLIFIED else converter.to_simplified(plain)
    words = cut(plain) if cut is not None and original is Script.SIMPLIFIED else None
    traditional = plain if original is Script.TRADITIONAL else converter.to_traditional(plain, words)
    return simplified, traditional


def term_marks(simplified: str, resources: AnnotationResources) -> tuple[TermMark, ...]:
    from .glossary import find_terms

    matches = find_terms(simplified, resources.glossary, resources.pinyin.cut)
    return tuple(TermMark(m.start, m.end, m.slug) for m in matches)


def annotate_document(document: Document, original: Script, resources: AnnotationResources, cache: dict | None = None) -> AnnotatedDocument:
    """Annotate every string the document's pages show (all new ones in one batch)."""
    cache = {} if cache is None else cache
    shown = shown_texts(document)
    new = [text for text in dict.fromkeys(shown) if (text, original) not in cache]
    cache.update(((text, original), annotated) for text, annotated in zip(new, annotate_texts(new, original, resources)))
    return AnnotatedDocument(document, original, {text: cache[(text, original)] for text in shown})


def shown_texts(document: Document) -> list[str]:
    """Every string of the document that a page shows, in reading order."""
    texts = [document.title]
    for article in document.articles:
        texts += [*article.overlines, article.title, *article.subtitles]
        texts += [article.dateline] if article.dateline else []
        for section in article.sections:
            texts += section_texts(section)
    return texts


def section_texts(section) -> list[str]:
    texts = [section.heading] if section.heading else []
    for block in section.blocks:
        texts += block.cells if block.cells else [block.text]
    for subsection in section.subsections:
        texts += section_texts(subsection)
    return texts


def split_uncertain_marks(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Remove the in-band uncertainty marks, returning the spans they enclosed.

    >>> split_uncertain_marks("切实兜牢\\ufff9三?\\ufffb底线")
    ('切实兜牢三?底线', ((4, 6),))
    """
    if UNCERTAIN_START not in text:
        return text, ()
    plain, spans, start = [], [], None
    for char in text:
        if char == UNCERTAIN_START:
            start = len(plain)
        elif char == UNCERTAIN_END and start is not None:
            spans.append((start, len(plain)))
            start = None
        elif char != UNCERTAIN_END:
            plain.append(char)
    return "".join(plain), tuple(spans)


def annotate_document_in_script(document: Document, resources: AnnotationResources, cache: dict | None = None) -> AnnotatedDocument:
    """Annotate, taking the original script from metadata or from the text itself."""
    from .scripts import parse_script

    declared = parse_script(document.source.metadata.get("script"))
    script = declared or resources.converter.detect_script("".join(shown_texts(document)))
    return annotate_document(document, script, resources, cache)


def find_missing_term_candidates(document: AnnotatedDocument, resources: AnnotationResources) -> tuple:
    """Formula-like stretches in one document that no glossary entry covers, summed up per candidate
    (jiedu.annotate.glossary.missing_rank.DocumentCandidate).

    `jiedu.annotate.glossary.rank_candidates` weighs the candidates of all
    documents together into the build report's list.
    """
    from .glossary.missing import find_sightings
    from .glossary.missing_rank import document_candidates

    texts = list(document.texts.values())
    known_spans = [[(term.start, term.end) for term in text.terms] for text in texts]
    return document_candidates(find_sightings([text.simplified for text in texts], resources.glossary, resources.pinyin.cut, known_spans))
