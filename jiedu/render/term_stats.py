"""What the reader's own corpus says about each glossary term, computed from the site's documents.

For each term: where it first appears (the earliest dated document that uses
it), how often it is used per year, the documents that use it most, and the
other glossary terms found in the same paragraphs. Pure functions over
`SiteEntry` values (their `metadata` date and their `occurrences`); nothing
here knows how pages are laid out: addresses come from
`occurrences.occurrence_path`.

A document's date is its `date` metadata when it begins with a year
("2024-01-11", "2024-01", "2024"); other documents are undated. Undated
documents come after dated ones, and their uses are left out of the yearly
counts (and counted apart).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .occurrences import Occurrence, occurrence_path

TOP = 5
"""How many documents and companion terms a term page lists."""

DATED = re.compile(r"(\d{4})(?:-\d{2}(?:-\d{2})?)?")
"""A date a document's uses can be placed by: ISO, to the day, month or year."""


@dataclass(frozen=True, slots=True)
class FirstUse:
    """The first place a term appears in the corpus."""

    occurrence: Occurrence
    """The first occurrence in the earliest document using the term."""
    date: str
    """That document's date, "" when no document using the term has one."""
    path: str
    """Where the occurrence is, relative to the site root."""


@dataclass(frozen=True, slots=True)
class DocumentUses:
    """How often one document uses a term."""

    document_slug: str
    title: str
    """The document's title in its own script."""
    date: str
    """Its date, "" when unknown."""
    count: int
    """Occurrences of the term in it."""
    path: str
    """Where its first use of the term is, relative to the site root."""


@dataclass(frozen=True, slots=True)
class TermStats:
    """A term's figures in this corpus; empty fields when it is not used."""

    first_use: FirstUse | None
    per_year: tuple[tuple[int, int], ...]
    """(year, uses) for every year from the first to the last dated use, years without uses included."""
    undated_uses: int
    """Uses in documents without a date (not in `per_year`)."""
    top_documents: tuple[DocumentUses, ...]
    """At most TOP documents, most uses first (then in site order)."""
    companions: tuple[tuple[str, int], ...]
    """At most TOP (slug, paragraphs shared) of the other terms found in the same paragraphs, most first."""


NO_STATS = TermStats(None, (), 0, (), ())


def document_date(metadata: dict) -> str:
    """The document's date when it can be placed in a year, else "".

    >>> document_date({"date": "2024-01-11"}), document_date({"date": 2025}), document_date({"date": "昨天"}), document_date({})
    ('2024-01-11', '2025', '', '')
    """
    date = str(metadata.get("date") or "").strip()
    return date if DATED.fullmatch(date) else ""


def term_stats(entries: list, found_in: list) -> dict[str, TermStats]:
    """Glossary slug -> its figures, for every term used in `entries` (SiteEntry values, in site order);
    `found_in`: each one's occurrences (SiteEntry.occurrences, unpacked once by the caller)."""
    uses: dict[str, list[tuple[int, str, list[Occurrence]]]] = {}
    for order, (entry, occurrences) in enumerate(zip(entries, found_in, strict=True)):
        date = document_date(entry.metadata)
        for slug, found in _by_term(occurrences).items():
            uses.setdefault(slug, []).append((order, date, found))
    return {slug: stats_of(slug, documents) for slug, documents in uses.items()}


def _by_term(occurrences) -> dict[str, list[Occurrence]]:
    found: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        found.setdefault(occurrence.slug, []).append(occurrence)
    return found


def stats_of(slug: str, documents: list[tuple[int, str, list[Occurrence]]]) -> TermStats:
    """One term's figures from (site order, date, its occurrences) of each document using it."""
    return TermStats(
        first_use=first_use(documents),
        per_year=uses_per_year(documents),
        undated_uses=sum(len(found) for _, date, found in documents if not date),
        top_documents=top_documents(documents),
        companions=companions(slug, [occurrence for _, _, found in documents for occurrence in found]),
    )


def first_use(documents: list[tuple[int, str, list[Occurrence]]]) -> FirstUse | None:
    """The first occurrence in the earliest dated document; undated documents only when no other uses the term.

    Dates compare as ISO text, so a document dated only "2024" counts as
    earlier than one dated "2024-03-01"; equal dates keep site order.
    """
    if not documents:
        return None
    _, date, found = min(documents, key=lambda document: (not document[1], document[1], document[0]))
    return FirstUse(found[0], date, occurrence_path(found[0]))


def uses_per_year(documents: list[tuple[int, str, list[Occurrence]]]) -> tuple[tuple[int, int], ...]:
    """(year, uses) from the first year to the last, with zeros between.

    >>> uses_per_year([(0, "2021-03-05", [1, 2]), (1, "2019", [1]), (2, "", [1, 1, 1])])
    ((2019, 1), (2020, 0), (2021, 2))
    """
    counts: Counter[int] = Counter()
    for _, date, found in documents:
        if date:
            counts[int(date[:4])] += len(found)
    if not counts:
        return ()
    return tuple((year, counts[year]) for year in range(min(counts), max(counts) + 1))


def top_documents(documents: list[tuple[int, str, list[Occurrence]]]) -> tuple[DocumentUses, ...]:
    ranked = sorted(documents, key=lambda document: (-len(document[2]), document[0]))[:TOP]
    return tuple(
        DocumentUses(found[0].document_slug, found[0].document_title, date, len(found), occurrence_path(found[0]))
        for _, date, found in ranked
    )


def companions(slug: str, occurrences: list[Occurrence]) -> tuple[tuple[str, int], ...]:
    """The other terms most often in a paragraph with this one: each paragraph counted once.

    >>> from types import SimpleNamespace as O
    >>> found = [O(document_slug="d", paragraph=0, paragraph_terms=("a", "b")), O(document_slug="d", paragraph=0, paragraph_terms=("a", "b")),
    ...          O(document_slug="d", paragraph=3, paragraph_terms=("a", "b", "c")), O(document_slug="e", paragraph=0, paragraph_terms=("a", "c"))]
    >>> companions("a", found)
    (('b', 2), ('c', 2))
    """
    paragraphs = {(o.document_slug, o.paragraph): o.paragraph_terms for o in occurrences}
    counts = Counter(other for terms in paragraphs.values() for other in terms if other != slug)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP])
