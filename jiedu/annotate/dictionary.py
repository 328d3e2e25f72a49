"""Readings that come from dictionaries: characters, phrases, the project lexicon.

pypinyin's data (pinyin_dict, phrases_dict) is read, never modified: its
load_phrases_dict would change the process-wide tables, so the lexicon lives
in our own mapping that is consulted first. Importing pypinyin's data takes a
quarter of a second: a build keeps what is taken from it as a table in its
cache (`build_reading_dictionary` with `tables`), read without pypinyin.

CC-CEDICT (jiedu.dictionary) is the second word source: a word pypinyin's
phrases lack (长三角, 退耕还林, 舍生忘死) is read as CC-CEDICT reads it when
CC-CEDICT gives it one reading, rather than character by character, where
the model guessed wrong often (`python build.py readings` lists what is left).
It also gives a Traditional text's own words and characters their readings
(`original_readings`): 幹 is gàn and 乾坤 qián kūn, though both read as 干.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from jiedu.annotate.lexicon import LexiconEntry
from jiedu.slugs import PinyinSpelling
from jiedu.table_cache import PackedIntMapping, PackedMapping, TableCache, pack_int_mapping, pack_lines_by_first_char

MEMO_LIMIT = 200_000
TABLE_NAME = "pypinyin-phrases"
"""The name of pypinyin's part in the table cache (jiedu.table_cache)."""
CEDICT_TABLE_NAME = "cc-cedict-readings"
"""CC-CEDICT's readings of its headwords (either script) in the table cache."""


class Source(str, Enum):
    """Where a reading came from, strongest first."""

    LEXICON = "lexicon"
    """The project lexicon: never overridden."""
    RULE = "rule"
    """A context rule for a frequent polyphone."""
    PHRASE = "phrase"
    """A word in pypinyin's phrase dictionary: the model may overrule it when very sure."""
    CEDICT = "cedict"
    """A word pypinyin lacks, read as CC-CEDICT reads it: context rules still settle its particles (看得见 de)."""
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
    cedict: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """CC-CEDICT: headword (either script) -> its distinct readings, each one tone-marked syllable per character."""
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

    def readings_of_words(self, words: Iterable[str]) -> list[tuple[str | None, Source, str]]:
        """`word_readings` of each word in turn: one per character of the words put together."""
        memo, out = self.memo, []
        for word in words:
            found = memo.get(word)
            out += found if found is not None else self.word_readings(word)
        return out

    def _word_readings(self, word: str) -> list[tuple[str | None, Source, str]]:
        """(reading, source, dictionary word it came from) for each character of a segmented word.

        A word not in the dictionaries is covered by the longest phrases found
        inside it, left to right; what is left over is read character by character.
        """
        if word in self.phrases:
            source = Source.LEXICON if word in self.lexicon else Source.PHRASE
            return [(r, source, word) for r in self.phrases[word]]
        settled = self.cedict_reading(word) if len(word) > 1 else None
        if settled:
            return [(r, Source.CEDICT, word) for r in settled]
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

    def cedict_reading(self, word: str) -> tuple[str, ...] | None:
        """CC-CEDICT's reading of `word` when it gives exactly one; else None.

        >>> ReadingDictionary({}, frozenset(), 1, {}, {"长三角": (("cháng", "sān", "jiǎo"),)}).cedict_reading("长三角")
        ('cháng', 'sān', 'jiǎo')
        """
        readings = self.cedict.get(word)
        return readings[0] if readings and len(readings) == 1 else None

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
    cedict = load_cedict_readings(tables)
    table = tables.load(TABLE_NAME) if tables else None
    if table is not None:
        packed, longest, chars, _ = table
        phrases = PackedMapping(packed, _split_readings, own)
        return ReadingDictionary(phrases, frozenset(own), max([longest, *map(len, own)]), PackedIntMapping(chars), cedict)
    phrases, chars = read_pypinyin()
    if tables:
        tables.store(TABLE_NAME, "", lambda: pypinyin_to_table(phrases, chars))
    phrases.update(own)
    return ReadingDictionary(phrases, frozenset(own), max(map(len, phrases)), chars, cedict)


def pypinyin_spelling(tables: TableCache | None) -> PinyinSpelling | None:
    """How slugs spell Han text, from pypinyin's part of the table (None when it is not stored yet: slugs then ask
    pypinyin itself). Its phrases alone, not the lexicon's: a slug is an address, spelt as it always was."""
    table = tables.load(TABLE_NAME) if tables else None
    if table is None or not table[3]:
        return None
    packed, longest, chars, han_class = table
    return PinyinSpelling(PackedMapping(packed, _split_readings, unpack_after=0), longest, PackedIntMapping(chars), han_class)


def load_cedict_readings(tables: TableCache | None) -> Mapping[str, tuple[tuple[str, ...], ...]]:
    """CC-CEDICT's readings by headword: from `tables` when kept there, else derived (and kept)."""
    packed = tables.load(CEDICT_TABLE_NAME) if tables else None
    if packed is not None:
        return PackedMapping(packed, _split_cedict_readings)
    readings = read_cedict_readings()
    if tables:
        tables.store(CEDICT_TABLE_NAME, "", lambda: pack_lines_by_first_char((w, "|".join(map(" ".join, r))) for w, r in readings.items()))
    return readings


def read_cedict_readings() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Headword -> distinct lower-case readings of CC-CEDICT entries with one syllable per character (Han words only)."""
    from jiedu.dictionary.cedict import read_bundled

    from .chars import HAN_RUN_RE

    found: dict[str, dict[tuple[str, ...], None]] = {}
    for entry in read_bundled():
        syllables = tuple(entry.pinyin.lower().split())
        if len(syllables) != len(entry.simplified) or not HAN_RUN_RE.fullmatch(entry.simplified + entry.traditional):
            continue
        for headword in {entry.simplified, entry.traditional}:
            found.setdefault(headword, {})[_citation_syllables(headword, syllables)] = None
    return {headword: tuple(readings) for headword, readings in found.items()}


def _split_cedict_readings(written: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(reading.split()) for reading in written.split("|"))


def read_pypinyin() -> tuple[dict[str, tuple[str, ...]], Mapping[int, str]]:
    """pypinyin's phrases in citation form (a new dict), and its readings of characters."""
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    return {word: _citation_forms(word, readings) for word, readings in phrases_dict.items()}, pinyin_dict


def pypinyin_to_table(phrases: dict[str, tuple[str, ...]], chars: Mapping[int, str]) -> tuple:
    """(phrases packed with their readings space-separated, the longest phrase's length, chars packed,
    what pypinyin counts as Han characters) to store."""
    packed = pack_lines_by_first_char((word, " ".join(readings)) for word, readings in phrases.items())
    return packed, max(map(len, phrases)), pack_int_mapping(chars), pypinyin_han_class()


def pypinyin_han_class() -> str:
    """pypinyin's RE_HANS (the characters it reads; the rest it keeps as they are) as the inside of a
    character class, for jiedu.slugs.PinyinSpelling; "" if it is not the one class it has always been."""
    from pypinyin.constants import RE_HANS

    pattern = RE_HANS.pattern
    inside = pattern[len("^(?:[") : -len("])+$")]
    return inside if pattern == f"^(?:[{inside}])+$" and "]" not in inside.replace("\\]", "") else ""


def _split_readings(written: str) -> tuple[str, ...]:
    return tuple(written.split())


def _citation_forms(word: str, readings: list[list[str]]) -> tuple[str, ...]:
    return _citation_syllables(word, [reading[0] for reading in readings])


def _citation_syllables(word: str, syllables: Iterable[str]) -> tuple[str, ...]:
    """One syllable per character of `word`, 一 and 不 in their dictionary forms.

    >>> _citation_syllables("一定", ["yí", "dìng"])
    ('yī', 'dìng')
    """
    if CITATION_FORMS.keys().isdisjoint(word):  # most words: nothing to change
        return tuple(syllables)[: len(word)]
    return tuple([CITATION_FORMS.get(char, syllable) for char, syllable in zip(word, syllables)])
