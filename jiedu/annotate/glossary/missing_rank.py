"""Weigh the missing-term sightings of every document into the build report's list.

A candidate's score adds up, over the documents that use it, how strongly
each document shows it to be a formula (`document_evidence`), and multiplies
that by how formula-like its shape is (`SHAPE_FACTORS`):

- **dispersion, not frequency**: a document counts once, however often it
  repeats the string, so one long report cannot put its own phrase on top;
- **how the document uses it**: a quotation, two numbered halves (一老一小) or
  digits joined by a plus count fully; an unquoted counted formula (五项原则)
  or …长制 half; an unquoted scheme name (…工程, …行动) a quarter, since most
  of them are ordinary noun phrases (水利工程); an expansion after it
  (“三农”（农业、农村、农民）) adds one, a policy noun after a quotation
  (“放管服”改革, “两基”工作) half;
- **shape**: numbered strings (十三五, 三去一降一补) and abbreviations that the
  segmenter can only cut into single characters (放管服 -> 放/管/服) are what
  formulas look like; a word of the segmenter's dictionary (上下, 一卡通,
  三位一体) usually is not one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jiedu.annotate.glossary.missing import Sighting

KIND_EVIDENCE = {"quoted": 1.0, "paired": 1.0, "plus": 1.0, "counted": 0.5, "responsibility": 0.5, "model": 0.25}
"""What one document's sighting of each kind says, before any cue."""

CUE_EVIDENCE = {"expansion": 1.0, "policy": 0.5, "": 0.0}
"""What a cue after the sighting adds (see `missing.find_cue`)."""

SHAPE_FACTORS = {"numbered": 2.0, "abbreviation": 2.0, "phrase": 0.5, "word": 0.5}
"""How formula-like a candidate's shape is (see `missing.candidate_shape`)."""

KIND_ORDER = ("paired", "plus", "counted", "quoted", "responsibility", "model")
"""The order a term's kinds are listed in: most telling first."""

NEEDS_TWO_SIGHTINGS = frozenset({"counted", "model"})
"""Kinds whose single unquoted sighting is too often ordinary prose (八个国家, 改造工程)."""

PLACES_KEPT = 5
"""Documents listed for each term in the report (each with one sentence)."""


@dataclass(frozen=True, slots=True)
class Place:
    """One document a missing term appears in, with the first sentence that shows it."""

    document: int
    """The document's position among those whose sightings were ranked together
    (in a build, the position of its SiteEntry in the build's list)."""
    before: str
    """Text before the term in that sentence."""
    term: str
    """The term as written there."""
    after: str
    """Text after the term in that sentence."""

    @property
    def example(self) -> str:
        """The sentence with the term in 【】, as the build summary prints it."""
        return f"{self.before}【{self.term}】{self.after}"


@dataclass(frozen=True, slots=True)
class MissingTerm:
    """A formula-like term seen in the documents that has no glossary entry."""

    candidate: str
    """The term as first seen (original script, quotes removed)."""
    count: int
    """How many times it was seen (quoted or matching a pattern) across all the texts."""
    documents: int
    """How many documents it was seen in."""
    score: float
    """What it was ranked by (module docstring): higher is more formula-like and more widely used."""
    places: tuple[Place, ...]
    """The first PLACES_KEPT documents it appears in, each with a sentence."""
    kinds: tuple[str, ...]
    """The evidence: "quoted", "counted" (四大种源), "paired" (五共五固), "plus" (7+1),
    "responsibility" (林长制), "model" (…工程 / …行动 / …计划 / …经验)."""

    @property
    def examples(self) -> tuple[str, ...]:
        """Up to three sentences, the term in 【】."""
        return tuple(place.example for place in self.places[:3])


def rank_missing_terms(sightings_per_document: Iterable[tuple[Sighting, ...]]) -> list[MissingTerm]:
    """Group the documents' sightings by candidate and keep the credible ones, highest score first."""
    grouped: dict[str, list[tuple[int, Sighting]]] = {}
    for document_number, sightings in enumerate(sightings_per_document):
        for sighting in sightings:
            grouped.setdefault(sighting.key, []).append((document_number, sighting))
    found = [_missing_term(group) for group in grouped.values() if _is_credible(group)]
    return sorted(found, key=lambda term: (-term.score, -term.documents, term.candidate))


def document_evidence(sightings: Iterable[Sighting]) -> float:
    """How strongly one document's sightings of a candidate show it is a formula (0 to 2).

    >>> from types import SimpleNamespace as S
    >>> document_evidence([S(hit=S(kind="model"), cue=""), S(hit=S(kind="quoted"), cue="policy")])
    1.5
    """
    return min(2.0, max(KIND_EVIDENCE[s.hit.kind] + CUE_EVIDENCE[s.cue] for s in sightings))


def candidate_score(by_document: dict[int, list[Sighting]], shape: str) -> float:
    """The sum of the documents' evidence, times the shape's factor."""
    return SHAPE_FACTORS[shape] * sum(document_evidence(sightings) for sightings in by_document.values())


def _is_credible(group: list[tuple[int, Sighting]]) -> bool:
    """One sighting is enough for a quotation or a paired/plus formula, not for the others."""
    places = {(document, s.hit.text_number, s.hit.start) for document, s in group}
    return len(places) >= 2 or any(s.hit.kind not in NEEDS_TWO_SIGHTINGS for _, s in group)


def _missing_term(group: list[tuple[int, Sighting]]) -> MissingTerm:
    by_document: dict[int, list[Sighting]] = {}
    for document, sighting in group:
        by_document.setdefault(document, []).append(sighting)
    spans = {(document, s.hit.text_number, s.hit.start, s.hit.end) for document, s in group}
    first = group[0][1]
    return MissingTerm(
        candidate=first.candidate,
        count=len(spans),
        documents=len(by_document),
        score=round(candidate_score(by_document, first.shape), 2),
        places=tuple(_place(document, sightings) for document, sightings in sorted(by_document.items())[:PLACES_KEPT]),
        kinds=tuple(kind for kind in KIND_ORDER if any(s.hit.kind == kind for _, s in group)),
    )


def _place(document: int, sightings: list[Sighting]) -> Place:
    first = min(sightings, key=lambda s: (s.hit.text_number, s.hit.start))
    return Place(document, first.before, first.candidate, first.after)
