"""What the rest of a document says about a garbled span in it.

A document keeps to one script and reuses its vocabulary. So a candidate
repair that brings in a character of the other script (樱 in a Traditional
text), or a character the document never uses elsewhere, is less likely than
one that reuses the document's own characters and character pairs (保 and
三保 in a report that also says 三保障). `DocumentVocabulary.cost` turns this
into a log-probability bonus or cost per character.

Built per document by `read_document_vocabulary(text, ...)`, from the text
outside the suspicious spans, only when a document has any.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from jiedu.charclass import is_han

SCRIPT_COST = -6.0
"""A Han character of the other script (Simplified in a Traditional text, or
back) that the document does not use elsewhere."""
SEEN_CHAR, UNSEEN_CHAR = 1.5, -1.5
"""A character (Han or punctuation) the document uses elsewhere, or does not."""
SEEN_PAIR = 1.5
"""Two adjacent characters the document has side by side elsewhere."""
MIN_HAN = 500
"""Below this many Han characters the vocabulary says too little to use."""
SPAN_MARGIN = 20
"""Characters left out around each ``?``, so that a span never vouches for itself."""
CLAUSE_STOPS = frozenset("，。、；：！？,.;:!?")
CLAUSE_STOP = "。"
MAX_READ = 300_000
"""Characters of a long document read for its vocabulary (enough to know it)."""


@dataclass(frozen=True, slots=True)
class DocumentVocabulary:
    """The document's script and the characters and pairs it uses (Simplified)."""

    script: str | None
    """"traditional", "simplified", or None when mixed or too short to say."""
    chars: frozenset[str]
    pairs: frozenset[str]
    to_simplified: Callable[[str], str]
    to_traditional: Callable[[str], str]
    _char_costs: dict[str, float] = field(default_factory=dict, compare=False, repr=False)
    """Memo of each character's own cost (script and seen/unseen) for this document."""

    def cost(self, previous: str, char: str) -> float:
        """Bonus (or cost) for `char` after `previous` (Simplified, "" at a start)."""
        own = self._char_costs.get(char)
        if own is None:
            own = self._char_costs[char] = self._char_cost(char)
        if own == 0.0 or not self.pairs:
            return own
        pair = _vocabulary_form(previous) + _vocabulary_form(self.to_simplified(char))
        return own + SEEN_PAIR if pair in self.pairs else own

    def is_foreign(self, char: str) -> bool:
        """True for a Han character of the other script that the document does not use.

        Characters it uses count as its own, whatever OpenCC says (a 1950s text
        writes 决 and 却 beside 國).
        """
        return is_han(char) and self._script_cost(char, self.to_simplified(char)) < 0 and not self._is_seen(char)

    def _is_seen(self, char: str) -> bool:
        return _vocabulary_form(self.to_simplified(char)) in self.chars

    def _char_cost(self, char: str) -> float:
        if char.isspace() or char.isascii() and char.isalnum():
            return 0.0
        if not self.chars:
            return self._script_cost(char, self.to_simplified(char)) if is_han(char) else 0.0
        if self._is_seen(char):
            return SEEN_CHAR
        return UNSEEN_CHAR + (self._script_cost(char, self.to_simplified(char)) if is_han(char) else 0.0)

    def _script_cost(self, char: str, simple: str) -> float:
        if self.script == "traditional" and self.to_traditional(char) != char:
            return SCRIPT_COST
        if self.script == "simplified" and simple != char:
            return SCRIPT_COST
        return 0.0


def read_document_vocabulary(text: str, to_simplified: Callable[[str], str], to_traditional: Callable[[str], str]) -> DocumentVocabulary:
    """The vocabulary of `text` away from its ``?`` spans.

    >>> same = lambda c: c
    >>> vocabulary = read_document_vocabulary("三保障" * 200, same, same)
    >>> vocabulary.cost("三", "保") > vocabulary.cost("三", "粒")
    True
    """
    clean = re.sub(rf".{{0,{SPAN_MARGIN}}}\?.{{0,{SPAN_MARGIN}}}", "\n", text[:MAX_READ])
    script = text_script(clean, to_simplified, to_traditional)
    runs = [[_vocabulary_form(to_simplified(c)) for c in run] for run in re.findall(r"[^\sA-Za-z0-9]+", clean)]
    if sum(is_han(c) for run in runs for c in run) < MIN_HAN:
        return DocumentVocabulary(script, frozenset(), frozenset(), to_simplified, to_traditional)
    chars = frozenset(c for run in runs for c in run)
    pairs = frozenset(a + b for run in runs for a, b in zip(run, run[1:]))
    return DocumentVocabulary(script, chars, pairs, to_simplified, to_traditional)


def _vocabulary_form(char: str) -> str:
    """Clause and sentence stops are one class: what may end a clause ends it with any."""
    return CLAUSE_STOP if char in CLAUSE_STOPS else char


def text_script(text: str, to_simplified: Callable[[str], str], to_traditional: Callable[[str], str]) -> str | None:
    """"traditional" or "simplified" when one clearly dominates, else None.

    >>> same = lambda c: c
    >>> text_script("abc", same, same) is None
    True
    """
    traditional = simplified = 0
    for char, count in Counter(text).items():  # each distinct character converted once
        if not is_han(char):
            continue
        if to_simplified(char) != char:
            traditional += count
        elif to_traditional(char) != char:
            simplified += count
    if traditional + simplified < 20:
        return None
    if traditional > 3 * simplified:
        return "traditional"
    if simplified > 3 * traditional:
        return "simplified"
    return None
