"""Cleaning pass: remove the pinyin a site inserted after Han characters.

``堅(jiān)持`` -> ``堅持``. A bracket is removed only when it holds exactly one
pinyin syllable that pypinyin knows (tone marks or tone numbers, ``ü`` or
``v``; ASCII or full-width brackets) and it follows a Han character:

- with a tone: always (no real parenthetical is one toned syllable); the
  Change says so when it is not a listed reading of the character before it;
- without a tone (``(jian)``): only when it is a reading of that character,
  so that ``(a)`` or ``(an)`` after some unrelated character stays.

Real parentheticals stay: ``（四川天府）``, ``中（藏）医药``, ``（一）``,
``陳塘(日屋)口岸``, ``(藏)字第00002號``. One Change per line lists what went.

Resources: `strip_inline_pinyin(text, readings)` takes a `PinyinReadings`
built once by `build_pinyin_readings()` (shared with `repair_shifted_gbk`);
register it as ``functools.partial(strip_inline_pinyin, readings=...)``.
Run it after `repair_shifted_gbk`, which needs the site's pinyin as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiedu.charclass import HAN
from jiedu.annotate.syllables import is_toneless
from jiedu.clean.pinyin_readings import PINYIN_LETTERS, PinyinReadings
from jiedu.model import Change

PASS_NAME = "strip_inline_pinyin"
INLINE_PINYIN = re.compile(rf"(?P<char>{HAN})[(（] ?(?P<written>[{PINYIN_LETTERS}]{{1,7}}[1-5]?) ?[)）]")
"""A Han character and a bracketed word that may be its pinyin (a space may pad it: 絡(luò ))."""
LISTED_IN_CHANGE = 12
"""Removals spelled out in one Change; the rest are counted."""


@dataclass(frozen=True, slots=True)
class Removal:
    """One note removed: where, what, and whether it is a reading of its character."""

    start: int
    """Offset of the note's opening bracket."""
    end: int
    char: str
    note: str
    """The note as written, brackets included."""
    is_reading: bool


def strip_inline_pinyin(text: str, readings: PinyinReadings) -> tuple[str, list[Change]]:
    """Remove inline pinyin notes; one Change per line that had any.

    >>> from jiedu.clean.pinyin_readings import build_pinyin_readings
    >>> readings = build_pinyin_readings()
    >>> strip_inline_pinyin("堅(jiān)持（四川天府）", readings)[0]
    '堅持（四川天府）'
    """
    lines = text.split("\n")
    changes: list[Change] = []
    for number, line in enumerate(lines):
        lines[number], removals = strip_line(line, readings)
        if removals:
            changes.append(describe_removals(number + 1, removals))
    return "\n".join(lines), changes


def strip_line(line: str, readings: PinyinReadings) -> tuple[str, list[Removal]]:
    """Remove notes from one line until none is left (``中(zhōng)(guó)`` loses both)."""
    removed: list[Removal] = []
    while True:
        found = [r for r in map(lambda m: judge_note(m, readings), INLINE_PINYIN.finditer(line)) if r]
        if not found:
            return line, removed
        line = _without(line, found)
        removed.extend(found)


def judge_note(match: re.Match, readings: PinyinReadings) -> Removal | None:
    """A Removal if the bracket after the character is its inline pinyin.

    >>> from jiedu.clean.pinyin_readings import build_pinyin_readings
    >>> readings = build_pinyin_readings()
    >>> [bool(judge_note(INLINE_PINYIN.search(s), readings)) for s in ("堅(jiān)", "堅(jian)", "條(a)")]
    [True, True, False]
    """
    syllable = readings.to_syllable(match.group("written"))
    if syllable is None:
        return None
    char = match.group("char")
    is_reading = readings.is_reading_of(syllable, char)
    toneless = is_toneless(syllable) and not match.group("written")[-1:].isdigit()
    if toneless and (not is_reading or not match.group("written").islower()):
        return None
    return Removal(match.start("char") + 1, match.end(), char, match.group()[1:], is_reading)


def _without(line: str, removals: list[Removal]) -> str:
    pieces, done_to = [], 0
    for removal in removals:
        pieces.append(line[done_to : removal.start])
        done_to = removal.end
    pieces.append(line[done_to:])
    return "".join(pieces)


def describe_removals(line: int, removals: list[Removal]) -> Change:
    """One Change for a line: the notes removed (the first few spelled out)."""
    shown = removals[:LISTED_IN_CHANGE]
    more = " …" if len(removals) > len(shown) else ""
    before = " ".join(r.char + r.note for r in shown) + more
    after = " ".join(r.char for r in shown) + more
    odd = [r.char + r.note for r in removals if not r.is_reading]
    note = f"removed {len(removals)} inline pinyin note(s) after Han characters"
    if odd:
        note += f"; {len(odd)} not a listed reading of the character before: {' '.join(odd[:LISTED_IN_CHANGE])}"
    return Change(PASS_NAME, line, before, after, note)
