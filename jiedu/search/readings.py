"""Readings in the text files: only where they differ from the character's usual one.

A record's readings (one syllable per Han character) would cost more than its
text. Most characters are read the way a dictionary reads them first, so the
text files keep only the exceptions (`reading_exceptions`), and the browser
rebuilds every reading from the record's text, those exceptions and a table
of usual readings (`search/readings.js`, written by jiedu.search.merge for the
characters the site uses).

The usual reading of a character is the first reading pypinyin's character
dictionary gives it (its commonest), the same whatever documents the site
holds: a new document never changes another document's text files.
Exceptions are written as ``GAP CODE`` pieces: GAP (decimal) characters that
keep their usual reading, then the character's code: a toneless syllable and
its tone digit (5: neutral), or "." for no reading. `assets/search.js` reads
them the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

CODE_RE = re.compile(r"[a-zü]+[1-5]")
EXCEPTION_RE = re.compile(r"(\d+)([^\d.]+[1-5]|\.)")
CHARACTER_RUNS = 64
"""`site_characters` makes the site's characters from at most this many runs of documents."""
MIN_CHARACTER_RUN = 16


@functools.cache
def usual_codes() -> UsualCodes:
    """Character -> the code of its usual reading (pypinyin's first), for every character pypinyin reads
    (None for any other); each character's is worked out when first asked for."""
    return UsualCodes()


class UsualCodes(dict):
    """Character -> the code of its usual reading, or None: a dict filled as characters are looked up.

    pypinyin reads some 42,000 characters and a document uses a few thousand:
    working them all out took 50 ms of a one-document rebuild. `get` and `[]`
    both fill; `in` tells only what was looked up already.

    >>> codes = UsualCodes()
    >>> codes["行"], codes.get("，"), codes.get("，", "."), list(map(codes.get, "长A"))
    ('xing2', None, '.', ['zhang3', None])
    """

    __slots__ = ()

    def __missing__(self, char: str) -> str | None:
        from ..pypinyin_data import character_readings

        readings = character_readings().get(ord(char)) if len(char) == 1 else None
        code = _code(readings.split(",", 1)[0]) if readings else None
        self[char] = code = code if code and CODE_RE.fullmatch(code) else None
        return code

    def get(self, char: str, default=None):
        code = self[char]
        return default if code is None else code


def reading_code(reading: str) -> str:
    """One reading as the text files spell it: toneless, then its tone digit (5: neutral).

    >>> reading_code("shì"), reading_code("de"), reading_code("lǜ")
    ('shi4', 'de5', 'lü4')
    """
    from ..annotate.syllables import to_numbered

    return to_numbered(reading, umlaut="ü")


def reading_exceptions(text: str, readings: Sequence[str | None], usual: dict[str, str]) -> str:
    """The readings of `text` that are not its characters' usual ones.

    >>> reading_exceptions("行长，", ("háng", "zhǎng", None), {"行": "xing2", "长": "zhang3"})
    '0hang2'
    >>> reading_exceptions("AB", ("a", None), {})
    '0a5'
    """
    wanted = list(map(_codes_by_reading(frozenset(readings)).__getitem__, readings))
    found = list(map(usual.get, text))
    if wanted == found:
        return ""
    pieces, gap = [], 0
    for code, default in zip(wanted, found):
        if code == default:
            gap += 1
        else:
            pieces.append(f"{gap}{code or '.'}")
            gap = 0
    return "".join(pieces)


_CODES: dict[str | None, str | None] = {None: None}
"""Reading -> its code, for every reading seen (a few thousand): the memo of `reading_code` on this hot path."""


def _code(reading: str) -> str:
    code = _CODES.get(reading)
    if code is None:
        code = _CODES[reading] = reading_code(reading)
    return code


def _codes_by_reading(readings: frozenset) -> dict[str | None, str | None]:
    for reading in readings.difference(_CODES):
        _code(reading)
    return _CODES


def codes_of(text: str, exceptions: str, usual: dict[str, str]) -> list[str]:
    """Each character's reading code ("." for none), rebuilt as the browser does.

    >>> codes_of("行长，", "0hang2", {"行": "xing2", "长": "zhang3"})
    ['hang2', 'zhang3', '.']
    """
    codes = [usual.get(char) or "." for char in text]
    at = -1
    for gap, code in EXCEPTION_RE.findall(exceptions):
        at += int(gap) + 1
        codes[at] = code
    return codes


def usual_readings_script(per_document: Sequence[str]) -> str:
    """`search/readings.js`: the usual reading of each character the site's text files use
    (`per_document`: each searchable document's characters, SearchSummary.characters, in site order)."""
    usual = usual_codes()
    pairs = "".join(char + code for char in sorted(site_characters(per_document)) if (code := usual.get(char)))
    return f'jieduSearch.readings("{pairs}");\n'


def site_characters(per_document: Sequence[str]) -> set[str]:
    """Every character of the documents' character strings.

    Made from runs of documents (`CHARACTER_RUNS` at most), each run's set remembered by the
    run's strings: a rebuild after an edit in `serve` makes again only the edited document's
    run. Joining the strings of 1,000 documents into one set took 28 ms of every such rebuild.

    >>> sorted(site_characters(["一二", "二三", "四"]))
    ['一', '三', '二', '四']
    """
    size = max(MIN_CHARACTER_RUN, -(-len(per_document) // CHARACTER_RUNS))
    return set().union(*(_characters_of_run(tuple(per_document[start : start + size])) for start in range(0, len(per_document), size)))


@functools.lru_cache(maxsize=2 * CHARACTER_RUNS)
def _characters_of_run(run: tuple[str, ...]) -> str:
    """The run's characters, once each, as a string (a set of single-character strings takes ten times the memory)."""
    return "".join(set("".join(run)))
