"""The keys of the search index and the compact text its files hold.

Text is indexed in one folded form, Simplified and lower case, so that a query
in either script finds both (长治久安 finds 長治久安). Its keys are every
character and every pair of neighbouring characters (`text_keys`); a phrase of
three or more characters is looked up by its pairs and then checked against
the paragraph's text. Pinyin is indexed the same way one level up: a key per
toneless syllable and per pair of neighbouring syllables (`pinyin_keys`),
written with a leading "~" so it never meets a text key.

Lists of record numbers travel as VLQ strings (`encode_numbers`): each number
is the gap from the one before, written little-endian in base 32, with the
letters of the URL-safe base64 alphabet's upper half marking "more follows".
The browser (`assets/search.js`) decodes the same way; any change here is a
change there.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from ..charclass import is_han

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
"""Digits 0-31 end a number, 32-63 say another digit follows (the first 32 of them end it)."""

PINYIN_PREFIX = "~"
TERM_PREFIX = "#"
"""Key of the records where a glossary term with this (folded) text is marked: ranks term hits first."""


def fold_text(simplified: str) -> str:
    """The form text is indexed and matched in: the Simplified text, lower case, character for character.

    >>> fold_text("GDP增长5.0%")
    'gdp增长5.0%'
    """
    folded = simplified.lower()
    return folded if len(folded) == len(simplified) else "".join(char.lower() if len(char.lower()) == 1 else char for char in simplified)


def text_keys(folded: str) -> set[str]:
    """Every character and every pair of neighbouring characters, spaces left out.

    >>> sorted(text_keys("四件大事"))
    ['事', '件', '件大', '四', '四件', '大', '大事']
    """
    keys = {char for char in folded if not char.isspace()}
    keys.update(folded[i : i + 2] for i in range(len(folded) - 1) if not (folded[i].isspace() or folded[i + 1].isspace()))
    return keys


def phrase_keys(folded: str) -> list[str]:
    """The keys a phrase is looked up by: its pairs, or the character itself.

    >>> phrase_keys("四件大事"), phrase_keys("藏")
    (['四件', '件大', '大事'], ['藏'])
    """
    if len(folded) == 1:
        return [folded]
    return list(dict.fromkeys(folded[i : i + 2] for i in range(len(folded) - 1)))


@functools.lru_cache(maxsize=4096)
@functools.lru_cache(maxsize=8192)
def syllable_key(syllable: str) -> str:
    """A syllable as keys and matching spell it (memoized: a document asks about the same few hundred readings again and again): toneless, ü written v.

    >>> syllable_key("lǜ"), syllable_key("Jiān"), syllable_key("nv3")
    ('lv', 'jian', 'nv')
    """
    from ..annotate.syllables import strip_tone

    return strip_tone(syllable.lower()).replace("ü", "v").replace("u:", "v")


def han_runs(text: str, readings: Sequence[str | None]) -> list[list[str]]:
    """The toneless syllables of each run of neighbouring Han characters that have readings.

    >>> han_runs("四件大事，好", ["sì", "jiàn", "dà", "shì", None, "hǎo"])
    [['si', 'jian', 'da', 'shi'], ['hao']]
    """
    runs: list[list[str]] = [[]]
    for char, reading in zip(text, readings):
        if reading and (char >= "\u3400" and is_han(char)):
            runs[-1].append(syllable_key(reading))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def pinyin_keys(runs: Iterable[Sequence[str]]) -> set[str]:
    """A key per syllable and per pair of neighbouring syllables.

    >>> sorted(pinyin_keys([["da", "shi"]]))
    ['~da', '~da shi', '~shi']
    """
    keys: set[str] = set()
    for run in runs:
        keys.update(PINYIN_PREFIX + syllable for syllable in run)
        keys.update(f"{PINYIN_PREFIX}{run[i]} {run[i + 1]}" for i in range(len(run) - 1))
    return keys


def syllable_phrase_keys(syllables: Sequence[str]) -> list[str]:
    """The keys a sequence of toneless syllables is looked up by."""
    if len(syllables) == 1:
        return [PINYIN_PREFIX + syllables[0]]
    return list(dict.fromkeys(f"{PINYIN_PREFIX}{syllables[i]} {syllables[i + 1]}" for i in range(len(syllables) - 1)))


def encode_numbers(numbers: Iterable[int]) -> str:
    """Increasing non-negative numbers as gaps in VLQ digits.

    >>> encode_numbers([0, 1, 5, 40])
    'ABEjB'
    >>> decode_numbers(encode_numbers([3, 1000, 1001]))
    [3, 1000, 1001]
    """
    out, previous = [], 0
    for number in numbers:
        out.append(encode_number(number - previous))
        previous = number
    return "".join(out)


def encode_number(value: int) -> str:
    """One non-negative number in VLQ digits (little-endian base 32)."""
    digits = []
    while True:
        value, digit = divmod(value, 32)
        digits.append(ALPHABET[digit + (32 if value else 0)])
        if not value:
            return "".join(digits)


def decode_numbers(text: str) -> list[int]:
    """The numbers `encode_numbers` wrote."""
    return [sum(numbers) for numbers in _running(decode_values(text))]


def decode_values(text: str) -> list[int]:
    """The raw VLQ values of `text`, in order (gaps, counts: whatever was written)."""
    values, value, shift = [], 0, 0
    for char in text:
        digit = ALPHABET.index(char)
        value += (digit % 32) << shift
        shift += 5
        if digit < 32:
            values.append(value)
            value, shift = 0, 0
    return values


def _running(gaps: list[int]):
    total = 0
    for gap in gaps:
        total += gap
        yield [total]


def shard_of(key: str, shards: int) -> int:
    """Which index file holds `key`: a hash of its UTF-16 code units (what JavaScript's strings hold).

    >>> shard_of("四件", 64) == shard_of("四件", 64), 0 <= shard_of("~si jian", 16) < 16
    (True, True)
    """
    data, value = key.encode("utf-16-le"), 0
    for i in range(0, len(data), 2):
        value = (value * 31 + (data[i] | data[i + 1] << 8)) & 0xFFFFFFFF
    return value % shards
