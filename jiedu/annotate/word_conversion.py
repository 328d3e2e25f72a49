"""Simplified to Traditional word by word, as a Chinese reader converts.

OpenCC matches its phrase table greedily across the whole text, so a phrase
can straddle two words: 掌握发展 has 握发 ("grasp hair") and comes out
掌握髮展. Here each word of jiedu's own segmentation (the words the readings
are worked out by) is converted on its own, with OpenCC's phrase and
character tables applied inside it; words listed in the overrides
(jiedu.annotate.traditional_overrides) take their listed form instead.

The reading site aligns every character with its pinyin, so the result keeps
one character per character: a word whose conversion would change its
length is converted character by character, and counted (`length_changes`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

MEMO_LIMIT = 200_000
"""Words a WordConverter remembers (`memo`)."""
MEMO_LONGEST = 16
"""Characters of the longest word it remembers."""


@dataclass(frozen=True, slots=True)
class WordConverter:
    """OpenCC within words, plus the override table. Built once per build."""

    opencc: object
    """An OpenCC converter (s2tw) with `.convert(text) -> str`."""
    changes: frozenset[str]
    """Characters the conversion may replace; a word without any is returned as is."""
    overrides: Mapping[str, str]
    """Simplified word (or run of words) -> its Traditional form, same length."""
    override_re: re.Pattern | None
    """Any override key, longest first; None when there are none."""
    length_changes: Counter = field(default_factory=Counter, compare=False)
    """Words OpenCC would have lengthened or shortened -> times seen (converted per character instead)."""
    memo: dict[str, tuple[str, bool]] = field(default_factory=dict, compare=False, repr=False)
    """Word -> `_convert(word)`: a build converts the same few thousand words again and again."""

    def convert_word(self, word: str) -> str:
        """One word (or a run of words an override covers), same length as `word`."""
        found = self.memo.get(word)
        if found is None:
            found = self._convert(word)
            if len(word) <= MEMO_LONGEST:  # a word, not a whole text converted as one
                if len(self.memo) >= MEMO_LIMIT:
                    self.memo.clear()
                self.memo[word] = found
        if found[1]:
            self.length_changes[word] += 1
        return found[0]

    def _convert(self, word: str) -> tuple[str, bool]:
        """(`word` converted, same length; whether OpenCC would have changed its length, so that it went character by character)."""
        if word in self.overrides:
            return self.overrides[word], False
        if self.changes.isdisjoint(word):
            return word, False
        converted = self.opencc.convert(word)
        if len(converted) == len(word):
            return converted, False
        return "".join(self._convert_char(char) for char in word), True

    def _convert_char(self, char: str) -> str:
        converted = self.opencc.convert(char)
        return converted if len(converted) == 1 else char

    def convert_words(self, words: Sequence[str]) -> str:
        """The words converted one by one; `words` concatenate to the text."""
        return "".join(map(self.convert_word, self.units(words)))

    def convert_text(self, text: str) -> str:
        """`text` converted as a single word: for a glossary term, which is one."""
        return self.convert_words([text])

    def units(self, words: Sequence[str]) -> list[str]:
        """The words, with every run an override covers (start and end on word boundaries) joined into one.

        >>> converter = WordConverter(None, frozenset(), {"对标对表": "對標對表"}, re.compile("对标对表"))
        >>> converter.units(["要", "对标", "对表", "，", "不要对", "标对表"])
        ['要', '对标对表', '，', '不要对', '标对表']
        """
        text = "".join(words)
        if self.override_re is None or not self.override_re.search(text):
            return list(words)
        boundaries = [0, *accumulate(len(word) for word in words)]
        cuts = set(boundaries)
        for match in _overrides_on_boundaries(self.override_re, text, cuts):
            cuts -= set(range(match.start() + 1, match.end()))
        ordered = sorted(cuts)
        return [text[start:end] for start, end in zip(ordered, ordered[1:])]


def _overrides_on_boundaries(pattern: re.Pattern, text: str, boundaries: set[int]) -> Iterable[re.Match]:
    """Override matches that start and end where words do (tried from every boundary, longest first)."""
    end = 0
    for start in sorted(boundaries):
        if start < end:
            continue
        match = pattern.match(text, start)
        if match and match.end() in boundaries:
            end = match.end()
            yield match


def build_word_converter(opencc: object, changes: frozenset[str], overrides: Iterable[tuple[str, str]]) -> WordConverter:
    """A WordConverter; an override whose two forms differ in length is a programming error."""
    table = dict(overrides)
    bad = [simplified for simplified, traditional in table.items() if len(simplified) != len(traditional)]
    if bad:
        raise ValueError(f"traditional_overrides: the forms of {', '.join(bad)} differ in length")
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
    return WordConverter(opencc, changes | frozenset("".join(table)), table, pattern)


def load_word_converter(opencc: object, changes: frozenset[str]) -> WordConverter:
    """`build_word_converter` with the project's overrides (jiedu.annotate.traditional_overrides)."""
    from .traditional_overrides import OVERRIDES

    return build_word_converter(opencc, changes, OVERRIDES)
