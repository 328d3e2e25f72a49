"""What the rest of a document says about a garbled span in it.

A document keeps to one script and reuses its vocabulary. So a candidate
repair that brings in a character of the other script (樱 in a Traditional
text), or a character the document never uses elsewhere, is less likely than
one that reuses the document's own characters and character pairs (保 and
三保 in a report that also says 三保障). `DocumentVocabulary.cost` turns this
into a log-probability bonus or cost per character.

Built per document by `read_document_vocabulary(text, facts)`, from the text
outside the suspicious spans, only when a span needs it; what does not depend
on the document (`CharacterFacts`) is worked out once per build.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from operator import add

from jiedu.charclass import han_only, is_han

SCRIPT_COST = -6.0
"""A Han character of the other script (Simplified in a Traditional text, or
back) that the document does not use elsewhere."""
SEEN_CHAR, UNSEEN_CHAR = 1.5, -1.5
"""A character (Han or punctuation) the document uses elsewhere, or does not."""
SEEN_PAIR = 1.5
"""Two adjacent characters the document has side by side elsewhere."""
MAX_BONUS = SEEN_CHAR + SEEN_PAIR
"""The most `DocumentVocabulary.cost` ever gives: searches use it to skip candidates that cannot win."""
MIN_HAN = 500
"""Below this many Han characters the vocabulary says too little to use."""
SPAN_MARGIN = 20
"""Characters left out around each ``?``, so that a span never vouches for itself."""
CLAUSE_STOPS = frozenset("，。、；：！？,.;:!?")
CLAUSE_STOP = "。"
MAX_READ = 300_000
"""Characters of a long document read for its vocabulary (enough to know it)."""
_AROUND_QUESTION_MARKS = re.compile(rf".{{0,{SPAN_MARGIN}}}\?.{{0,{SPAN_MARGIN}}}")


class CharacterFacts:
    """What a vocabulary asks about one character that is the same in every document.

    Is it blank or a Latin letter or digit, is it Han, its Simplified form (and
    that form as `pairs` spell it), does Traditional write it differently.
    Worked out once per character, on first use, and shared by the
    vocabularies of all documents of a build (`GbkEvidence` holds one): a
    search asks about a thousand or more characters per document.
    """

    __slots__ = ("to_simplified", "to_traditional", "_known")

    def __init__(self, to_simplified: Callable[[str], str], to_traditional: Callable[[str], str]) -> None:
        self.to_simplified, self.to_traditional = to_simplified, to_traditional
        self._known: dict[str, Facts] = {}

    def of(self, char: str) -> Facts:
        """(is_plain, is_han, simple, form, is_other_in_traditional) for `char`."""
        facts = self._known.get(char)
        if facts is None:
            simple = self.to_simplified(char)
            plain = char.isspace() or char.isascii() and char.isalnum()
            facts = self._known[char] = (plain, is_han(char), simple, _vocabulary_form(simple), self.to_traditional(char) != char)
        return facts


Facts = tuple[bool, bool, str, str, bool]
"""`CharacterFacts.of`: (is_plain, is_han, simple, form, is_other_in_traditional)."""


@dataclass(frozen=True, slots=True)
class DocumentVocabulary:
    """The document's script and the characters and pairs it uses (Simplified)."""

    script: str | None
    """"traditional", "simplified", or None when mixed or too short to say."""
    chars: frozenset[str]
    pairs: frozenset[str]
    facts: CharacterFacts
    """The script converters, and what they say about each character."""
    _char_costs: dict[str, tuple[float, str]] = field(default_factory=dict, compare=False, repr=False)
    """Memo: character -> its own cost (script and seen/unseen) in this document, and its
    form in `pairs`. The GBK search asks about thousands of characters per span."""

    def cost(self, previous: str, char: str) -> float:
        """Bonus (or cost) for `char` after `previous` (Simplified, "" at a start)."""
        own, form = self._char_costs.get(char) or self._remember(char)
        if own == 0.0 or not self.pairs:
            return own
        return own + SEEN_PAIR if _vocabulary_form(previous) + form in self.pairs else own

    def costs_after(self, previous: str, chars: Iterable[str]) -> list[float]:
        """`[cost(previous, char) for char in chars]`, in one loop: the GBK search
        weighs a thousand characters after one reading at a glance.

        >>> same = lambda c: c
        >>> vocabulary = read_document_vocabulary("三保障。" * 200, CharacterFacts(same, same))
        >>> vocabulary.costs_after("三", "保粒") == [vocabulary.cost("三", "保"), vocabulary.cost("三", "粒")]
        True
        """
        known, pairs, start = self._char_costs, self.pairs, _vocabulary_form(previous)
        costs = []
        for char in chars:
            own, form = known.get(char) or self._remember(char)
            costs.append(own + SEEN_PAIR if own != 0.0 and pairs and start + form in pairs else own)
        return costs

    def _remember(self, char: str) -> tuple[float, str]:
        plain, han, simple, form, other_in_traditional = self.facts.of(char)
        known = self._char_costs[char] = (self._char_cost(char, (plain, han, simple, form, other_in_traditional)), form)
        return known

    def is_foreign(self, char: str) -> bool:
        """True for a Han character of the other script that the document does not use.

        Characters it uses count as its own, whatever OpenCC says (a 1950s text
        writes 决 and 却 beside 國).
        """
        _, han, simple, form, other_in_traditional = self.facts.of(char)
        return han and self._script_cost(char, simple, other_in_traditional) < 0 and form not in self.chars

    def _char_cost(self, char: str, facts: Facts) -> float:
        plain, han, simple, form, other_in_traditional = facts
        if plain:
            return 0.0
        script_cost = self._script_cost(char, simple, other_in_traditional) if han else 0.0
        if not self.chars:
            return script_cost
        if form in self.chars:
            return SEEN_CHAR
        return UNSEEN_CHAR + script_cost

    def _script_cost(self, char: str, simple: str, other_in_traditional: bool) -> float:
        if self.script == "traditional" and other_in_traditional:
            return SCRIPT_COST
        if self.script == "simplified" and simple != char:
            return SCRIPT_COST
        return 0.0


def read_document_vocabulary(text: str, facts: CharacterFacts) -> DocumentVocabulary:
    """The vocabulary of `text` away from its ``?`` spans.

    >>> same = lambda c: c
    >>> vocabulary = read_document_vocabulary("三保障" * 200, CharacterFacts(same, same))
    >>> vocabulary.cost("三", "保") > vocabulary.cost("三", "粒")
    True
    """
    clean = _AROUND_QUESTION_MARKS.sub("\n", text[:MAX_READ])
    counts = Counter(clean)
    # The vocabulary reads runs of text between blanks, Latin letters and digits (the
    # `plain` characters): a character of a run becomes its form, a plain one a break,
    # and str.translate converts the text.
    script, forms = _read_characters(counts, facts)
    chars = frozenset(forms.values())
    han_forms = frozenset(han_only("".join(chars)))
    if sum(counts[char] for char, form in forms.items() if form in han_forms) < MIN_HAN:
        return DocumentVocabulary(script, frozenset(), frozenset(), facts)
    run_break = _a_character_not_in(chars)
    runs = filter(None, clean.translate({ord(char): forms.get(char, run_break) for char in counts}).split(run_break))
    pairs = frozenset(chain.from_iterable(map(add, run, run[1:]) for run in runs))
    return DocumentVocabulary(script, chars, pairs, facts)


def _a_character_not_in(chars: frozenset[str]) -> str:
    """A character to mark the breaks between runs with (NUL, unless a run holds one)."""
    return next(char for char in map(chr, range(sys.maxunicode + 1)) if char not in chars)


def _vocabulary_form(char: str) -> str:
    """Clause and sentence stops are one class: what may end a clause ends it with any."""
    return CLAUSE_STOP if char in CLAUSE_STOPS else char


def text_script(text: str, to_simplified: Callable[[str], str], to_traditional: Callable[[str], str]) -> str | None:
    """"traditional" or "simplified" when one clearly dominates, else None.

    >>> same = lambda c: c
    >>> text_script("abc", same, same) is None
    True
    """
    return _read_characters(Counter(text), CharacterFacts(to_simplified, to_traditional))[0]


def _read_characters(counts: Counter, facts: CharacterFacts) -> tuple[str | None, dict[str, str]]:
    """The script of the counted text, and the form of each character that is not `plain`.

    Each distinct character is looked at once (`CharacterFacts.of`), for both.
    """
    traditional = simplified = 0
    forms = {}
    for char, count in counts.items():
        plain, han, simple, form, other_in_traditional = facts.of(char)
        if not plain:
            forms[char] = form
        if not han:
            continue
        if simple != char:
            traditional += count
        elif other_in_traditional:
            simplified += count
    if traditional + simplified < 20:
        return None, forms
    if traditional > 3 * simplified:
        return "traditional", forms
    if simplified > 3 * traditional:
        return "simplified", forms
    return None, forms
