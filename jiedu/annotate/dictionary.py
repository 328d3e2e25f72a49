"""Readings that come from dictionaries: characters, phrases, the project lexicon.

pypinyin's data (pinyin_dict, phrases_dict) is read, never modified: its
load_phrases_dict would change the process-wide tables, so the lexicon lives
in our own mapping that is consulted first. Importing pypinyin's data takes a
quarter of a second: a build keeps what is taken from it as a table in its
cache (`build_reading_dictionary` with `tables`), read without pypinyin.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from jiedu.annotate.lexicon import LexiconEntry
from jiedu.table_cache import PackedIntMapping, PackedMapping, TableCache, pack_int_mapping, pack_lines_by_first_char

MEMO_LIMIT = 200_000
TABLE_NAME = "pypinyin-phrases"
"""The name of pypinyin's part in the table cache (jiedu.table_cache)."""


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
    phrases: Mapping[str, tuple[str, ...]]
    """Word -> one tone-marked syllable per character."""
    lexicon: frozenset[str]
    """The words of `phrases` that came from the project lexicon."""
    max_phrase_len: int
    chars: Mapping[int, str]
    """pypinyin's pinyin_dict: code point -> its readings, commonest first, comma-separated."""
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
            out.extend(self.word_readings(piece) if piece else [(self.char_reading(word[start]), Source.CHAR, word)])
            start += len(piece) if piece else 1
        return out

    def _longest_phrase_at(self, word: str, start: int) -> str:
        for end in range(min(len(word), start + self.max_phrase_len), start + 1, -1):
            if word[start:end] in self.phrases and end - start < len(word):
                return word[start:end]
        return ""

    def char_reading(self, char: str) -> str | None:
        """pypinyin's first (most common) reading of a character; None if it has none.

        >>> dictionary = build_reading_dictionary([])
        >>> dictionary.char_reading("长"), dictionary.char_reading("A")
        ('zhǎng', None)
        """
        readings = self.chars.get(ord(char))
        return readings.split(",", 1)[0] if readings else None


CITATION_FORMS = {"一": "yī", "不": "bù"}
"""pypinyin's phrases write tone sandhi (一定 yídìng, 不是 búshì); we show dictionary forms."""


def build_reading_dictionary(lexicon: Iterable[LexiconEntry], simplify=lambda w: w, tables: TableCache | None = None) -> ReadingDictionary:
    """pypinyin's phrases (in citation form) overlaid with the lexicon; later entries win.

    With `tables`, pypinyin's part comes from its table there (stored there
    when missing): its phrases are then looked up as words are read (a
    document reads a few thousand of the fifty thousand), not all unpacked.
    """
    own = {simplify(entry.word): entry.readings for entry in lexicon}
    table = tables.load(TABLE_NAME) if tables else None
    if table is not None:
        packed, longest, chars = table
        phrases = PackedMapping(packed, _split_readings, own)
        return ReadingDictionary(phrases, frozenset(own), max([longest, *map(len, own)]), PackedIntMapping(chars))
    phrases, chars = read_pypinyin()
    if tables:
        tables.store(TABLE_NAME, "", lambda: pypinyin_to_table(phrases, chars))
    phrases.update(own)
    return ReadingDictionary(phrases, frozenset(own), max(map(len, phrases)), chars)


def read_pypinyin() -> tuple[dict[str, tuple[str, ...]], Mapping[int, str]]:
    """pypinyin's phrases in citation form (a new dict), and its readings of characters."""
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    return {word: _citation_forms(word, readings) for word, readings in phrases_dict.items()}, pinyin_dict


def pypinyin_to_table(phrases: dict[str, tuple[str, ...]], chars: Mapping[int, str]) -> tuple:
    """(phrases packed with their readings space-separated, the longest phrase's length, chars packed) to store."""
    packed = pack_lines_by_first_char((word, " ".join(readings)) for word, readings in phrases.items())
    return packed, max(map(len, phrases)), pack_int_mapping(chars)


def _split_readings(written: str) -> tuple[str, ...]:
    return tuple(written.split())


def _citation_forms(word: str, readings: list[list[str]]) -> tuple[str, ...]:
    return tuple(CITATION_FORMS.get(char, reading[0]) for char, reading in zip(word, readings))
