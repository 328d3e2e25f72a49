"""A memo of realignment searches, so a garbled span repeated across documents is searched once."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from itertools import repeat

from jiedu.clean.gbk_repair.document_vocabulary import DocumentVocabulary
from jiedu.clean.gbk_repair.hypothesis import Hypothesis, SearchContext
from jiedu.clean.gbk_repair.search import search_realignments
from jiedu.clean.gbk_repair.tokens import Token

MEMO_SPANS = 512
"""Spans (tokens and context) whose searches a `SearchMemo` keeps, most recent first."""
MEMO_VOCABULARIES = 4
"""Searches kept for one span that differ in what the document's vocabulary answered."""


class SearchMemo:
    """Searches already done, so that a span repeated across documents is searched once.

    A search reads its tokens (bytes, pinyin notes; not their offsets), the
    start hypothesis (the left context and the byte before the span), the
    fixed resources of the `SearchContext` and, through `DocumentVocabulary.cost`,
    the document. The document is the part that differs: so each search is
    stored with every (previous, character) -> cost answer it received, and
    reused only where the current vocabulary gives the same answers to all of
    them, which makes the search take exactly the same path.

    One memo serves one set of resources (table, word scores, readings): keep
    it beside them (`GbkEvidence`). Bounded by MEMO_SPANS x MEMO_VOCABULARIES.
    """

    def __init__(self, max_spans: int = MEMO_SPANS) -> None:
        self._max_spans = max_spans
        self._searches: OrderedDict[tuple, list[tuple[dict[tuple[str, str], float], tuple[Hypothesis, ...]]]] = OrderedDict()

    def __len__(self) -> int:
        """Spans remembered."""
        return len(self._searches)

    def search(self, tokens: list[Token], start: Hypothesis, context: SearchContext) -> list[Hypothesis]:
        """`search_realignments(tokens, start, context)`, from memory when it is known."""
        key = (tuple((t.choices, t.syllable, t.note) for t in tokens), start)
        stored = self._searches.get(key, [])
        for answers, found in stored:
            if all(context.vocabulary.cost(*question) == cost for question, cost in answers.items()):
                self._searches.move_to_end(key)
                return list(found)
        recorder = _CostRecorder(context.vocabulary)
        found = search_realignments(tokens, start, replace(context, vocabulary=recorder))
        self._searches[key] = [(recorder.answers, tuple(found)), *stored][:MEMO_VOCABULARIES]
        self._searches.move_to_end(key)
        if len(self._searches) > self._max_spans:
            self._searches.popitem(last=False)
        return found


class _CostRecorder:
    """Stands in for the `DocumentVocabulary` in a search (which only asks `cost` and
    `costs_after`) and notes the answers."""

    __slots__ = ("vocabulary", "answers")

    def __init__(self, vocabulary: DocumentVocabulary) -> None:
        self.vocabulary = vocabulary
        self.answers: dict[tuple[str, str], float] = {}

    def cost(self, previous: str, char: str) -> float:
        question = (previous, char)
        answer = self.answers.get(question)
        if answer is None:
            answer = self.answers[question] = self.vocabulary.cost(previous, char)
        return answer

    def costs_after(self, previous: str, chars: Iterable[str]) -> list[float]:
        chars = list(chars)
        costs = self.vocabulary.costs_after(previous, chars)
        self.answers.update(zip(zip(repeat(previous), chars), costs))
        return costs
