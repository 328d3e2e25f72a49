"""What the site-wide pages need from one document, and nothing more.

The home page, the glossary's term pages, the report and the build summary
each read a little of every document. A `SiteEntry` holds that little: titles,
counts, changes, term occurrences and missing-term sightings. It is small
enough to keep for a thousand documents at once and to cache beside the full
annotated document, so a rebuild reads the entries of unchanged documents
without loading their annotations.

Its three big parts, read by one site-wide stage each (the term occurrences,
the missing-term sightings and the words the popup explains), are kept
packed (`pack`: pickled and compressed) and unpacked when read. A whole entry
came to 103 KiB of objects (300 real documents); the three parts packed take
20 KiB (500). At 10,000 documents the building process held 2.28 GB after the
document stage before this and the texts' late reading (jiedu.executors.local), 0.57 GB after.
"""

from __future__ import annotations

import dataclasses
import pickle
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..annotate.scripts import Script
from ..charclass import count_han
from ..fingerprint import digest
from ..model import Change, Problem, quick_pickle
from .occurrences import Occurrence, PageLink, find_occurrences


@quick_pickle
@dataclass(frozen=True, slots=True)
class SiteEntry:
    slug: str
    source_path: Path
    metadata: dict
    original_script: Script
    title: str
    """The document title as cleaned (original script)."""
    titles: dict
    """Script -> the title in that script."""
    han_count: int
    section_count: int
    article_count: int
    first_page: PageLink
    single_page: bool
    """True when the whole document is one page (index.html), also its print copy."""
    change_counts: tuple[tuple[str, int], ...]
    """(cleaning pass, how many changes it made), by pass name. The changes themselves are on the
    document's page of the report, rendered with its pages: every build reads every entry."""
    noted_changes: tuple[Change, ...]
    """The changes the report's index and the build summary show (`noted_change`): uncertain spans and repairs."""
    problems: tuple[Problem, ...]
    terms_used: tuple[str, ...]
    """Slugs of the glossary terms in the document, in first-occurrence order."""
    packed_occurrences: bytes
    """`occurrences`, packed."""
    occurrence_keys: dict
    """Glossary slug -> a digest of the document's occurrences of the term: what its term page shows of this document."""
    occurrence_counts: dict
    """Glossary slug -> how many times the document uses the term (the glossary index's figures, read without unpacking)."""
    packed_candidates: bytes
    """`missing_term_candidates`, packed."""
    packed_words: bytes = b""
    """`words`, packed."""
    search: object = None
    """What the search index lists of the document (jiedu.search.records.SearchSummary); its keys are cached beside the entry."""

    def title_in(self, script: Script) -> str:
        return self.titles[script]

    @property
    def occurrences(self) -> tuple[Occurrence, ...]:
        """Every occurrence of a glossary term in the document, in reading order (for the term pages)."""
        return unpack(self.packed_occurrences)

    @property
    def missing_term_candidates(self) -> tuple:
        """jiedu.annotate.glossary.DocumentCandidate values, for the report's missing terms."""
        return unpack(self.packed_candidates)

    @property
    def words(self) -> str:
        """The words with Han characters the document's pages show, in both scripts, sorted, each followed by
        WORD_END: the site carries dictionary entries for these and no others (jiedu.dictionary)."""
        return unpack(self.packed_words) if self.packed_words else ""


def pack(value) -> bytes:
    """`value` pickled and compressed (zlib's fastest level: it packs as tightly as its default here, in half the time)."""
    return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)


def unpack(packed: bytes):
    if _unpacked is None:
        return pickle.loads(zlib.decompress(packed))
    found = _unpacked.get(packed)
    if found is None:
        found = _unpacked[packed] = pickle.loads(zlib.decompress(packed))
    return found


_unpacked: dict | None = None
"""Packed value -> the value, in a `serve` session (`keep_unpacked`). Its entries stay in memory from one
rebuild to the next, and each rebuild reads every entry's parts: unpacking them took 1.1 s of a 3.5 s
rebuild after a one-document edit at 1,000 documents (profiled)."""


def keep_unpacked(memory: dict | None) -> None:
    """From now on, keep what is unpacked in `memory` (a `serve` session's), or nothing (None)."""
    global _unpacked
    _unpacked = memory


def forget_unpacked_but(entries) -> None:
    """Keep only the unpacked parts of `entries` (the site's, after a rebuild): an edited document's old ones go."""
    if _unpacked:
        current = {packed for entry in entries for packed in (entry.packed_occurrences, entry.packed_candidates, entry.packed_words)}
        for packed in [packed for packed in _unpacked if packed not in current]:
            del _unpacked[packed]


def site_entry(entry, missing_term_candidates: tuple, search=None) -> SiteEntry:
    """The SiteEntry of a fully annotated document (a jiedu.render.pages.DocumentEntry);
    `search`: its jiedu.search.records.SearchSummary."""
    annotated = entry.annotated
    document = annotated.document
    title = annotated[document.title]
    occurrences = tuple(without_readings(occurrence) for occurrence in find_occurrences(entry))
    return SiteEntry(
        slug=entry.slug,
        source_path=document.source.path,
        metadata=entry.metadata,
        original_script=annotated.original_script,
        title=document.title,
        titles={script: title.in_script(script) for script in Script},
        han_count=entry.han_count,
        section_count=entry.section_count,
        article_count=len(document.articles),
        first_page=PageLink(entry.first_page.slug, entry.first_page.title, entry.plan.href(entry.first_page)),
        single_page=entry.plan.single,
        change_counts=change_counts(document.changes),
        noted_changes=tuple(filter(noted_change, document.changes)),
        problems=document.problems,
        terms_used=terms_in_order(annotated),
        packed_occurrences=pack(occurrences),
        occurrence_keys=occurrence_keys(occurrences),
        occurrence_counts=dict(Counter(occurrence.slug for occurrence in occurrences)),
        packed_candidates=pack(missing_term_candidates),
        search=search,
        packed_words=pack(shown_words(annotated)),
    )


REPAIR_PASSES = ("repair_shifted_gbk", "repair_mojibake")
"""Passes that guess text back from evidence: their changes are listed on the report's index."""


def noted_change(change: Change) -> bool:
    """Shown on the report's index, not only on the document's page: an uncertain span, which the
    page marks, or a repair, which guessed text back from evidence (a reader checking the copy wants it in view)."""
    return change.uncertain or change.pass_name in REPAIR_PASSES


def change_counts(changes) -> tuple[tuple[str, int], ...]:
    """(pass, number of changes), by pass name."""
    return tuple(sorted(Counter(change.pass_name for change in changes).items()))


WORD_END = "\x1f"
"""Ends each word of `SiteEntry.words` (a control character: cleaning leaves none in the text)."""


def entry_words(entries) -> set[str]:
    """Every word the SiteEntry values list (`SiteEntry.words`), once."""
    words: set[str] = set()
    for entry in entries:
        words.update(entry.words.split(WORD_END))
    words.discard("")
    return words


def shown_words(annotated) -> str:
    """The Han words of every text of the document, in both scripts, as the pages mark them
    (AnnotatedText.words), in the form `SiteEntry.words` keeps them."""
    words: set[str] = set()
    for text in annotated.texts.values():
        start = 0
        for length in text.words or (1,) * len(text.simplified):
            end = start + length
            if count_han(text.simplified[start:end]):
                words.update((text.simplified[start:end], text.traditional[start:end]))
            start = end
    return "".join(word + WORD_END for word in sorted(words) if WORD_END not in word)


def occurrence_keys(occurrences: tuple[Occurrence, ...]) -> dict[str, str]:
    """Glossary slug -> a digest of the occurrences of that term (their reprs hold every field shown)."""
    by_term: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        by_term.setdefault(occurrence.slug, []).append(occurrence)
    return {slug: digest(repr(found)) for slug, found in by_term.items()}


def without_readings(occurrence: Occurrence) -> Occurrence:
    """The occurrence with its sentence's readings dropped: term pages show plain
    sentences, and a thousand documents' entries load much faster without them."""
    sentence = occurrence.sentence
    return dataclasses.replace(occurrence, sentence=dataclasses.replace(sentence, readings=(None,) * len(sentence.simplified)))


def terms_in_order(annotated) -> tuple[str, ...]:
    """Glossary slugs in the order the document first uses them."""
    seen: dict[str, None] = {}
    for text in annotated.texts.values():
        for term in text.terms:
            seen.setdefault(term.slug, None)
    return tuple(seen)
