"""The observed characters of a span that may be shifted GBK, as byte choices.

`read_tokens(text, start, readings)` reads from a ``?`` onwards: each
character becomes the bytes it may stand for (a ``?`` is one unknown lead
byte; ASCII punctuation may be the full-width pair the site folded), together
with the pinyin note the site left right after it, which is evidence about
the bytes before it, not text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from jiedu.clean.gbk_repair.gbk_bytes import char_to_gbk, fullwidth_bytes
from jiedu.annotate.syllables import strip_tone
from jiedu.clean.pinyin_readings import PINYIN_LETTERS, PinyinReadings

UNKNOWN = -1
"""A byte the site printed as ``?``: a lead byte, 0x81-0xFE."""
MAX_TOKENS = 16
"""Longest span considered, in observed characters after the ``?``."""
_SYLLABLE = f"[{PINYIN_LETTERS}]{{1,7}}[1-5]?"
NOTE_AFTER_CHAR = re.compile(rf"\(({_SYLLABLE})\)")
"""The site's pinyin after a character: ``(jiān)``."""
NOTE_AFTER_QUESTION = re.compile(rf"\(?({_SYLLABLE})\)")
"""After a ``?`` the decoder may have swallowed the ``(``: ``?duì)``."""



@dataclass(frozen=True, slots=True)
class Token:
    """One observed character of a span, with the pinyin note that follows it."""

    start: int
    """Offset of the character in the text."""
    end: int
    """Offset after it and after its pinyin note, if any."""
    choices: tuple[tuple[int, ...], ...]
    """The byte sequences it may stand for (UNKNOWN for ``?``)."""
    syllable: str | None = None
    """The pinyin note right after it, as a normal-form syllable."""
    note: str = ""
    """That note as written, without brackets (``dòng``)."""


def read_tokens(text: str, start: int, readings: PinyinReadings) -> list[Token]:
    """Tokens of the span that may start at the ``?`` at `start`.

    >>> from jiedu.clean.pinyin_readings import build_pinyin_readings
    >>> tokens = read_tokens("年?duì)I造", 1, build_pinyin_readings())
    >>> [(t.choices, t.syllable) for t in tokens[:2]]
    [(((-1,),), 'duì'), (((73,), (163, 201)), None)]
    """
    tokens: list[Token] = []
    position = start
    while position < len(text) and len(tokens) < MAX_TOKENS:
        choices = _byte_choices(text[position])
        if not choices:
            break
        pattern = NOTE_AFTER_QUESTION if text[position] == "?" else NOTE_AFTER_CHAR
        token = _with_note(Token(position, position + 1, choices), text, pattern, readings)
        tokens.append(token)
        position = token.end
    return tokens


def _byte_choices(char: str) -> tuple[tuple[int, ...], ...]:
    if char == "?":
        return ((UNKNOWN,),)
    if char.isascii():
        if not char.isprintable() or char.isspace():
            return ()
        wide = fullwidth_bytes(char)
        return ((ord(char),), tuple(wide)) if wide else ((ord(char),),)
    encoded = char_to_gbk(char)
    return (tuple(encoded),) if encoded else ()


def _with_note(token: Token, text: str, pattern: re.Pattern, readings: PinyinReadings) -> Token:
    match = pattern.match(text, token.end)
    if not match:
        return token
    syllable = readings.to_syllable(match.group(1))
    if syllable is None or syllable == strip_tone(syllable):
        return token
    return replace(token, end=match.end(), syllable=syllable, note=match.group(1))
