"""Reading a pinyin query: syllables, with their tones where the reader typed them.

A query may be spaced (``si jian da shi``), run together (``sijiandashi``),
tone-marked (``sì jiàn``) or numbered (``si4jian4``). A run of letters can
often be cut into syllables in more than one way (``xian``: xian or xi an),
and the reader meant one of them: every cut is kept, and the index answers
for any of them. Validity comes from the project's syllable inventory
(`jiedu.annotate.syllables`). `assets/search.js` reads queries the same way.
"""

from __future__ import annotations

import functools

import re
import unicodedata

from ..annotate.syllables import tone_of
from .keys import syllable_key

MAX_CUTS = 32
"""A query is read in at most this many ways (a long run of vowels could be cut in hundreds)."""

PINYIN_QUERY_RE = re.compile(r"^[a-zA-ZüÜ:āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ0-5'’\s-]+$")


def is_pinyin_query(query: str) -> bool:
    """True when `query` is written in pinyin letters (with tones or not) and holds a letter.

    >>> is_pinyin_query("sì jiàn"), is_pinyin_query("四件"), is_pinyin_query("2025")
    (True, False, False)
    """
    return bool(PINYIN_QUERY_RE.match(query)) and any(char.isalpha() for char in query)


def query_syllables(query: str) -> list[list[tuple[str, str]]]:
    """Every way of reading `query` as syllables: lists of (toneless syllable, tone or "").

    >>> query_syllables("sì jiàn")
    [[('si', '4'), ('jian', '4')]]
    >>> [" ".join(s for s, _ in cut) for cut in query_syllables("xian")]
    ['xi an', 'xian']
    """
    cuts: list[list[tuple[str, str]]] = [[]]
    for token in re.split(r"[\s'’-]+", unicodedata.normalize("NFC", query.strip().lower())):
        if token:
            cuts = [cut + more for cut in cuts for more in token_cuts(token)][:MAX_CUTS]
    return [cut for cut in cuts if cut]


INTERJECTIONS = frozenset({"m", "n", "ng", "hm", "hng"})
"""Syllables without a vowel: taken only as a whole token (inside a run, "n" would cut jian into jia n)."""


def token_cuts(token: str) -> list[list[tuple[str, str]]]:
    """The ways of cutting one run of letters into syllables.

    In a run that carries tones, a cut that gives every syllable a tone is the
    reader's (sìjiàn is sì jiàn, not sì ji àn) when there is one.

    >>> token_cuts("sìjiàn")
    [[('si', '4'), ('jian', '4')]]
    """
    cuts = all_cuts(token)
    toned = [cut for cut in cuts if all(tone for _, tone in cut)]
    return toned or cuts


def all_cuts(token: str) -> list[list[tuple[str, str]]]:
    ways: dict[int, list[list[tuple[str, str]]]] = {len(token): [[]]}
    for start in range(len(token) - 1, -1, -1):
        found = []
        for end in range(start + 1, min(len(token), start + 7) + 1):
            piece = token[start:end]
            whole = start == 0 and end == len(token)
            if end in ways and is_spelled(piece) and (whole or syllable_key(piece) not in INTERJECTIONS):
                found += [[(syllable_key(piece), syllable_tone(piece))] + rest for rest in ways[end]]
        if found:
            ways[start] = found[:MAX_CUTS]
    return ways.get(0, [])


def is_spelled(piece: str) -> bool:
    """True for a syllable as pinyin spells it: valid, and without an initial only when it starts with a, e or o
    (yi, wu, yu: never i, u, ü alone).

    >>> is_spelled("an"), is_spelled("jian4"), is_spelled("uan"), is_spelled("4")
    (True, True, False, False)
    """
    from ..annotate.syllables import is_valid_syllable

    key = syllable_key(piece) if piece[:1].isalpha() else ""
    return bool(key) and is_valid_syllable(piece) and (key[0] not in "iuv" or key in INTERJECTIONS)


@functools.lru_cache(maxsize=8192)
def syllable_tone(syllable: str) -> str:
    """The tone the reader gave, "1"-"4", "5" for neutral when numbered, "" when none.

    >>> syllable_tone("jiàn"), syllable_tone("jian4"), syllable_tone("jian"), syllable_tone("de5")
    ('4', '4', '', '5')
    """
    if syllable[-1:] in "12345" and syllable[-1:]:
        return syllable[-1]
    return tone_of(syllable)
