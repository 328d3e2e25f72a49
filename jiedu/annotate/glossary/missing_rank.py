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

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jiedu.model import MissingTerm, Place, quick_pickle

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


@quick_pickle
@dataclass(frozen=True, slots=True)
class DocumentCandidate:
    """What the ranking needs of one document's sightings of one candidate (`document_candidates`).

    A build keeps these in each document's SiteEntry, which every build reads,
    rather than the sightings: one value per candidate, not two per sighting."""

    key: str
    """The candidate folded for matching (`Sighting.key`)."""
    candidate: str
    """As the document's first sighting writes it."""
    shape: str
    """The first sighting's shape."""
    evidence: float
    """`document_evidence` of the document's sightings."""
    places: int
    """Distinct places (text, start) it was seen at."""
    spans: int
    """Distinct spans (text, start, end) it was seen as."""
    kinds: tuple[str, ...]
    """The kinds of evidence seen, in KIND_ORDER."""
    example: tuple[str, str, str]
    """(before, term, after) of the sighting that comes first in the text: the sentence the report shows."""


def document_candidates(sightings: Iterable[Sighting]) -> tuple[DocumentCandidate, ...]:
    """One document's sightings (in the order found), summed up per candidate, in the order first seen."""
    grouped: dict[str, list[Sighting]] = {}
    for sighting in sightings:
        grouped.setdefault(sighting.key, []).append(sighting)
    return tuple(_document_candidate(key, found) for key, found in grouped.items())


def _document_candidate(key: str, sightings: list[Sighting]) -> DocumentCandidate:
    first, earliest = sightings[0], min(sightings, key=lambda s: (s.hit.text_number, s.hit.start))
    kinds = {s.hit.kind for s in sightings}
    return DocumentCandidate(
        key=key,
        candidate=first.candidate,
        shape=first.shape,
        evidence=document_evidence(sightings),
        places=len({(s.hit.text_number, s.hit.start) for s in sightings}),
        spans=len({(s.hit.text_number, s.hit.start, s.hit.end) for s in sightings}),
        kinds=tuple(kind for kind in KIND_ORDER if kind in kinds),
        example=(earliest.before, earliest.candidate, earliest.after),
    )


def rank_missing_terms(sightings_per_document: Iterable[tuple[Sighting, ...]]) -> list[MissingTerm]:
    """Group the documents' sightings by candidate and keep the credible ones, highest score first."""
    return rank_candidates(map(document_candidates, sightings_per_document))[0]


def rank_candidates(candidates_per_document: Iterable[tuple[DocumentCandidate, ...]], limit: int | None = None) -> tuple[list[MissingTerm], int]:
    """`rank_missing_terms`, from each document's `document_candidates`: the first `limit` of them
    (all by default), and how many there are. A thousand reports have some 16,000, and the report shows 60."""
    grouped: dict[str, list[tuple[int, DocumentCandidate]]] = {}
    for document_number, candidates in enumerate(candidates_per_document):
        for candidate in candidates:
            grouped.setdefault(candidate.key, []).append((document_number, candidate))
    credible = [group for group in grouped.values() if _is_credible(group)]
    credible.sort(key=_rank_order)
    return [_missing_term(group) for group in credible[:limit]], len(credible)


CHANGED_SHARE = 8
"""`SiteRanking` updates its groups when at most one document in this many changed; past that it groups them all again."""


class SiteRanking:
    """`rank_candidates` of a site, kept between the builds of a `serve` session.

    After an edit, the changed documents' candidates are taken out of their
    groups and their new ones put in; only the groups they touch are weighed
    again. A thousand bench reports have some 16,000 groups: grouping them all
    again took some 0.17 s of each edit (profiled). A document is known by
    its cache key (the same key, the same candidates); documents added or
    removed renumber the ones after them, and then everything is grouped
    again. The result is `rank_candidates`'s, term for term.
    """

    def __init__(self) -> None:
        self.keys: tuple[str, ...] = ()
        self.candidates: list[tuple[DocumentCandidate, ...]] = []
        self.groups: dict[str, dict[int, DocumentCandidate]] = {}
        """Candidate key -> document number -> that document's candidate."""
        self.order: dict[str, tuple] = {}
        """Credible candidate key -> its place in the ranking (`_rank_order`)."""

    def rank(self, keys: Iterable[str], candidates_of, limit: int | None = None) -> tuple[list[MissingTerm], int]:
        """`rank_candidates` of the documents whose cache keys are `keys` (site order); `candidates_of(number)`
        gives a document's candidates, asked only of the documents that changed since the last call."""
        keys = tuple(keys)
        changed = [number for number, (old, new) in enumerate(zip(self.keys, keys)) if old != new]
        if len(keys) != len(self.keys) or len(changed) * CHANGED_SHARE > max(len(keys), CHANGED_SHARE):
            self.candidates, self.groups, self.order = [()] * len(keys), {}, {}
            changed = range(len(keys))
        self.keys = ()  # until the groups are whole again: a call that fails leaves the next one to group everything
        touched: set[str] = set()
        for number in changed:
            for candidate in self.candidates[number]:
                group = self.groups[candidate.key]
                del group[number]
                if not group:
                    del self.groups[candidate.key]
                touched.add(candidate.key)
            new = self.candidates[number] = tuple(candidates_of(number))
            for candidate in new:
                self.groups.setdefault(candidate.key, {})[number] = candidate
                touched.add(candidate.key)
        for key in touched:
            group = self._group(key)
            if group and _is_credible(group):
                self.order[key] = _rank_order(group)
            else:
                self.order.pop(key, None)
        self.keys = keys
        first = heapq.nsmallest(limit, self.order, key=self.order.__getitem__) if limit is not None else sorted(self.order, key=self.order.__getitem__)
        return [_missing_term(self._group(key)) for key in first], len(self.order)

    def _group(self, key: str) -> list[tuple[int, DocumentCandidate]]:
        """The key's (document number, candidate) pairs in document order, as `rank_candidates` groups them."""
        return sorted(self.groups.get(key, {}).items(), key=lambda pair: pair[0])


def rank_site_candidates(entries: list, keys: list[str], session: dict | None, limit: int | None = None) -> tuple[list[MissingTerm], int]:
    """`rank_candidates` of the site's documents (SiteEntry values, their cache keys `keys`); in a `serve`
    session, updated from the last build's ranking (`SiteRanking`), which reads only the changed documents'."""
    if session is None:
        return rank_candidates((entry.missing_term_candidates for entry in entries), limit)
    ranking = session.setdefault("missing-term-ranking", SiteRanking())
    return ranking.rank(keys, lambda number: entries[number].missing_term_candidates, limit)


def _rank_order(group: list[tuple[int, DocumentCandidate]]) -> tuple:
    """Highest score first, then the most documents, then the candidate's spelling (no two groups share one)."""
    return -_score(group), -len(group), group[0][1].candidate


def _score(group: list[tuple[int, DocumentCandidate]]) -> float:
    """`MissingTerm.score` of a group of sightings: its shape's factor times the documents' evidence."""
    return round(SHAPE_FACTORS[group[0][1].shape] * sum(found.evidence for _, found in group), 2)


def document_evidence(sightings: Iterable[Sighting]) -> float:
    """How strongly one document's sightings of a candidate show it is a formula (0 to 2).

    >>> from types import SimpleNamespace as S
    >>> document_evidence([S(hit=S(kind="model"), cue=""), S(hit=S(kind="quoted"), cue="policy")])
    1.5
    """
    return min(2.0, max(KIND_EVIDENCE[s.hit.kind] + CUE_EVIDENCE[s.cue] for s in sightings))


def _is_credible(group: list[tuple[int, DocumentCandidate]]) -> bool:
    """One sighting is enough for a quotation or a paired/plus formula, not for the others."""
    places = sum(found.places for _, found in group)
    return places >= 2 or any(kind not in NEEDS_TWO_SIGHTINGS for _, found in group for kind in found.kinds)


def _missing_term(group: list[tuple[int, DocumentCandidate]]) -> MissingTerm:
    """A document appears once in a group: its candidates are one per key."""
    first = group[0][1]
    kinds = {kind for _, found in group for kind in found.kinds}
    return MissingTerm(
        candidate=first.candidate,
        count=sum(found.spans for _, found in group),
        documents=len(group),
        score=_score(group),
        places=tuple(Place(document, *found.example) for document, found in group[:PLACES_KEPT]),
        kinds=tuple(kind for kind in KIND_ORDER if kind in kinds),
    )
