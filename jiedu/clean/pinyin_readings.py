"""Pinyin syllables and character readings, built once from pypinyin's data.

Both `strip_inline_pinyin` (is this bracket a pinyin syllable, and a reading of
the character before it?) and `repair_shifted_gbk` (does the pinyin the site
left in a garbled span name the character a byte pair forms?) ask these
questions, so they share one `PinyinReadings`, made by `build_pinyin_readings()`.

Syllables are compared in one normal form: NFC, lower case, tone marks
(``jiān``), ``ü`` spelled out (``lǜ``, never ``lv4``). How a syllable is
spelt (tone numbers to marks, tones removed) is `jiedu.annotate.syllables`'s
business; this module adds what pypinyin knows: which syllables are readings,
and of which characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from jiedu.annotate.syllables import is_toneless, strip_tone, to_accented
from jiedu.clean.char_converters import build_char_converter

PINYIN_LETTERS = "a-zA-Zü\u00c0-\u024f\u1e3e\u1e3f\u1ebe-\u1ec7\u0300-\u036f"
"""A regex character class body for letters that occur in pinyin (with tones)."""


@dataclass(frozen=True, slots=True)
class PinyinReadings:
    """The syllable inventory and a reading lookup for single characters."""

    syllables: frozenset[str]
    """Every tone-marked syllable pypinyin knows, normal form (``jiān``, ``lǜ``)."""
    toneless: frozenset[str]
    """The same syllables without tone marks (``jian``, ``lü``)."""
    readings_by_codepoint: Mapping[int, str]
    """pypinyin's ``pinyin_dict``: code point -> comma-separated readings."""
    to_simplified: Callable[[str], str]
    """Traditional -> Simplified for one character (OpenCC t2s), used as a fallback."""
    _known: dict[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict, compare=False, repr=False)
    """Memo: character -> (its readings, the same without tones). The GBK
    repair asks about the same few thousand characters again and again."""
    _bare: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Memo: syllable -> the same without its tone mark."""

    def readings_of(self, char: str) -> frozenset[str]:
        """All readings of `char` in normal form; empty when unknown.

        >>> readings = build_pinyin_readings()
        >>> sorted(readings.readings_of("隊"))
        ['duì', 'suì', 'zhuì']
        """
        return self._readings_and_toneless(char)[0]

    def names(self, syllable: str, char: str | None) -> int:
        """2: `syllable` is a reading of `char`; 1: it is, tones aside; 0: it is not (or no `char`).

        >>> readings = build_pinyin_readings()
        >>> readings.names("duì", "隊"), readings.names("duí", "隊"), readings.names("duì", "水"), readings.names("duì", None)
        (2, 1, 0, 0)
        """
        if not char:
            return 0
        found, toneless = self._readings_and_toneless(char)
        if syllable in found:
            return 2
        bare = self._bare.get(syllable)
        if bare is None:
            bare = self._bare[syllable] = strip_tone(syllable)
        return 1 if bare in toneless else 0

    def _readings_and_toneless(self, char: str) -> tuple[frozenset[str], frozenset[str]]:
        known = self._known.get(char)
        if known is None:
            found = self._read(char)
            known = self._known[char] = (found, frozenset(strip_tone(r) for r in found))
        return known

    def _read(self, char: str) -> frozenset[str]:
        found = self.readings_by_codepoint.get(ord(char)) if len(char) == 1 else None
        if found is None and len(char) == 1:
            simplified = self.to_simplified(char)
            if simplified != char:
                found = self.readings_by_codepoint.get(ord(simplified))
        if not found:
            return frozenset()
        return frozenset(normalize_marked(s) for s in found.split(","))

    def to_syllable(self, written: str) -> str | None:
        """`written` as a known syllable in normal form, or None.

        Accepts tone marks, numbered tones and ``v`` for ``ü``; a syllable with
        no tone at all comes back as written (toneless) if it is a real one.

        >>> readings = build_pinyin_readings()
        >>> [readings.to_syllable(s) for s in ("jiān", "jian1", "lv4", "jian", "xyz")]
        ['jiān', 'jiān', 'lǜ', 'jian', None]
        """
        candidate = to_accented(written)
        if candidate in self.syllables or candidate in self.toneless:
            return candidate
        return None

    def is_reading_of(self, syllable: str, char: str) -> bool:
        """True if `syllable` (normal form, toned or toneless) is a reading of `char`."""
        readings, toneless = self._readings_and_toneless(char)
        if syllable in readings:
            return True
        return is_toneless(syllable) and syllable in toneless


def build_pinyin_readings() -> PinyinReadings:
    """Load pypinyin's single-character data and an OpenCC t2s converter (once)."""
    from pypinyin.pinyin_dict import pinyin_dict

    syllables = frozenset(
        normalize_marked(s) for value in pinyin_dict.values() for s in value.split(",")
    )
    return PinyinReadings(
        syllables=syllables,
        toneless=frozenset(strip_tone(s) for s in syllables),
        readings_by_codepoint=pinyin_dict,
        to_simplified=build_char_converter("t2s"),
    )


def normalize_marked(written: str) -> str:
    """NFC and lower case.

    >>> normalize_marked("Jia\u0304n")
    'jiān'
    """
    return unicodedata.normalize("NFC", written.strip().lower())

