"""Readings that come from dictionaries: characters, phrases, the project lexicon.

pypinyin's data (pinyin_dict, phrases_dict) is read, never modified: its
load_phrases_dict would change the process-wide tables, so the lexicon lives
in our own mapping that is consulted first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from pypinyin.phrases_dict import phrases_dict as PYPINYIN_PHRASES
from pypinyin.pinyin_dict import pinyin_dict as PYPINYIN_CHARS

from jiedu.annotate.lexicon import LexiconEntry


MEMO_LIMIT = 200_000


class Source(str, Enum):
    """Where a reading came from, strongest first."""

    LEXICON = "lexicon"
    """The project lexicon: never overridden."""
    RULE = "rule"
    """A context rule for a frequent polyphone."""
    PHRASE = "phrase"
    """A word in pypinyin's phrase dictionary: the model may overrule it when very sure."""
    CHAR = "char"
    """The character alone: the model decides if the character is polyphonic."""


@dataclass(frozen=True)
class ReadingDictionary:
    phrases: dict[str, tuple[str, ...]]
    """Word -> one tone-marked syllable per character."""
    lexicon: frozenset[str]
    """The words of `phrases` that came from the project lexicon."""
    max_phrase_len: int
    memo: dict[str, list] = field(default_factory=dict, compare=False, repr=False)
    """word -> word_readings(word); words repeat a lot."""

    def word_readings(self, word: str) -> list[tuple[str | None, Source, str]]:
        """Like _word_readings, remembered (the result must not be modified)."""
        found = self.memo.get(word)
        if found is None:
            if len(self.memo) > MEMO_LIMIT:
                self.memo.clear()
            found = self.memo[word] = self._word_readings(word)
        return found

    def _word_readings(self, word: str) -> list[tuple[str | None, Source, str]]:
        """(reading, source, dictionary word it came from) for each character of a segmented word.

        A word not in the dictionaries is covered by the longest phrases found
        inside it, left to right; what is left over is read character by character.
        """
        if word in self.phrases:
            source = Source.LEXICON if word in self.lexicon else Source.PHRASE
            return [(r, source, word) for r in self.phrases[word]]
        out: list[tuple[str | None, Source, str]] = []
        start = 0
        while start < len(word):
            piece = self._longest_phrase_at(word, start)
            out.extend(self.word_readings(piece) if piece else [(char_reading(word[start]), Source.CHAR, word)])
            start += len(piece) if piece else 1
        return out

    def _longest_phrase_at(self, word: str, start: int) -> str:
        for end in range(min(len(word), start + self.max_phrase_len), start + 1, -1):
            if word[start:end] in self.phrases and end - start < len(word):
                return word[start:end]
        return ""


def char_reading(char: str) -> str | None:
    """pypinyin's first (most common) reading of a character; None if it has none.

    >>> char_reading("长"), char_reading("A")
    ('zhǎng', None)
    """
    readings = PYPINYIN_CHARS.get(ord(char))
    return readings.split(",", 1)[0] if readings else None


CITATION_FORMS = {"一": "yī", "不": "bù"}
"""pypinyin's phrases write tone sandhi (一定 yídìng, 不是 búshì); we show dictionary forms."""


def build_reading_dictionary(lexicon: Iterable[LexiconEntry], simplify=lambda w: w) -> ReadingDictionary:
    """pypinyin's phrases (in citation form) overlaid with the lexicon; later entries win."""
    phrases = {word: _citation_forms(word, readings) for word, readings in PYPINYIN_PHRASES.items()}
    own = {simplify(entry.word): entry.readings for entry in lexicon}
    phrases.update(own)
    return ReadingDictionary(phrases, frozenset(own), max(map(len, phrases)))


def _citation_forms(word: str, readings: list[list[str]]) -> tuple[str, ...]:
    return tuple(CITATION_FORMS.get(char, reading[0]) for char, reading in zip(word, readings))
