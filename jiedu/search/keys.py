"""The keys of the search index and the compact text its files hold.

Text is indexed in one folded form, Simplified and lower case, so that a query
in either script finds both (长治久安 finds 長治久安). Its keys are every
character and every pair of neighbouring characters (`text_keys`), leaving out
whitespace and punctuation (`is_indexed`): "。" and "，" are in nearly every
record, so their keys would cost much and tell little; a query's pairs that hold
punctuation are not looked up, and the check against the record's text
verifies the whole phrase. A phrase of three or more characters is looked up
by its pairs and then checked. Pinyin is indexed the same way one level up: a
key per toneless syllable and per pair of neighbouring characters' syllables
(`pinyin_keys`), written with a leading "~" so it never meets a text key.

Numbers travel as variable-length digits (`encode_number`) over ALPHABET:
printable ASCII without the quote, the backslash, the comma (which separates
keys from lists in the index files) and "<". A number is written most
significant digit first; the first CONTINUATIONS letters say "more follows"
(base CONTINUATIONS), one of the last TERMINALS letters ends it (base
TERMINALS), so a number below 64 takes one letter. Lists of increasing
numbers are written as gaps (`encode_numbers`). The browser
(`assets/search.js`) decodes the same way; any change here is a change there.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence


ALPHABET = "".join(chr(code) for code in range(33, 127) if chr(code) not in '"\\,<')
"""90 letters: the first CONTINUATIONS say another letter follows, the other TERMINALS end a number."""
CONTINUATIONS = 26
TERMINALS = len(ALPHABET) - CONTINUATIONS
SMALL_NUMBERS = 8192
"""Numbers below this are spelled from a table made once (most gaps and heads are small)."""

PINYIN_PREFIX = "~"
TERM_PREFIX = "#"
"""Key of the records where a glossary term with this (folded) text is marked: ranks term hits first."""


FULL_WIDTH_FORMS = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5E)}
"""str.translate mapping of the full-width forms of ASCII (U+FF01-FF5D: ２０２４, ＧＤＰ, ５％, （一）) to ASCII,
so that 5.5% and 5.5％ are one spelling (the bench corpus writes ％ for one percent sign in seven). Not ～:
"~" starts the pinyin keys (`PINYIN_PREFIX`). The browser folds the same way (`narrow` in assets/search.js)."""


def fold_text(simplified: str, table: dict | None = None) -> str:
    """The form text is indexed and matched in: the Simplified text through the site's character table
    (`table`, a str.translate mapping of `assets/scripts.js`'s Simplified table), lower case, character for character.

    The browser folds a query, and the text it checks, with that same table, which also maps a few
    characters Simplified text uses itself (著 -> 着, 乾 -> 干): the index must hold what the query
    becomes, or 显著 would look up 显着 and find nothing.

    Full-width letters, digits and signs (２０２４, ＧＤＰ, ５％: common in Chinese typesetting) are
    folded to ASCII, so a query typed either way finds both.

    >>> fold_text("GDP增长5.0%"), fold_text("作用显著", {ord("著"): "着"}), fold_text("２０２４年ＧＤＰ增长５％")
    ('gdp增长5.0%', '作用显着', '2024年gdp增长5%')
    """
    if table:
        simplified = simplified.translate(table)
    simplified = simplified.translate(FULL_WIDTH_FORMS)
    folded = simplified.lower()
    return folded if len(folded) == len(simplified) else "".join(char.lower() if len(char.lower()) == 1 else char for char in simplified)


def is_indexed(char: str) -> bool:
    """True for a character that index keys may hold: not whitespace, not punctuation (Unicode category P).

    >>> is_indexed("藏"), is_indexed("+"), is_indexed("%"), is_indexed("。"), is_indexed(" ")
    (True, True, False, False, False)
    """
    return _unindexed_re().fullmatch(char) is None


@functools.cache
def _unindexed_re() -> re.Pattern:
    """Runs of characters keys never hold: whitespace and the punctuation of the Basic Multilingual Plane.

    The browser leaves out every punctuation mark (\\p{P}) when it looks a phrase
    up: a key it skips that the index holds costs only a wider check.
    """
    marks = "".join(re.escape(chr(code)) for code in range(0x10000) if unicodedata.category(chr(code)).startswith("P"))
    return re.compile(f"[\\s{marks}]+")


def indexed_runs(folded: str) -> list[str]:
    """The stretches of `folded` between whitespace and punctuation.

    >>> indexed_runs("四件大事，好 a")
    ['四件大事', '好', 'a']
    """
    return [run for run in _unindexed_re().split(folded) if run]


TRANSPARENT = "“”‘’「」『』﹁﹂﹃﹄《》〈〉«»‹›\"'＂＇ \t\u00a0\u3000"
"""Quotation and title marks, and spaces: a phrase is found across them, as if they were not there
(十四五规划 finds “十四五”规划, and “十四五”规划 finds 十四五规划; 第一条为了 finds 第一条 为了): official
texts quote their formulas and titles inside sentences and set spaces after an article's number or
between a signature's characters, and readers type them without the marks or the spaces (a query
with Han characters is read without its spaces). The index pairs the characters on either side
(`text_keys`), and a match is looked for in the text without them (`without_transparent`).
`assets/search.js` holds the same characters."""
_TRANSPARENT_DELETED = dict.fromkeys(map(ord, TRANSPARENT))


def without_transparent(folded: str) -> str:
    """`folded` without its TRANSPARENT marks.

    >>> without_transparent("“十四五”规划")
    '十四五规划'
    """
    return folded.translate(_TRANSPARENT_DELETED)


def text_keys(folded: str) -> set[str]:
    """Every indexed character and every pair of neighbouring indexed characters, neighbours across TRANSPARENT marks.

    >>> sorted(text_keys("四件大事。"))
    ['事', '件', '件大', '四', '四件', '大', '大事']
    >>> sorted(key for key in text_keys("“十四五”规划") if len(key) == 2)
    ['五规', '十四', '四五', '规划']
    """
    keys: set[str] = set()
    for run in indexed_runs(without_transparent(folded)):
        keys.update(run)
        keys.update(map(str.__add__, run, run[1:]))
    return keys


def phrase_keys(folded: str) -> list[str]:
    """The keys a phrase is looked up by: its indexed pairs (across TRANSPARENT marks), else its indexed characters.

    >>> phrase_keys("四件大事"), phrase_keys("藏"), phrase_keys("“一带”"), phrase_keys("a.b"), phrase_keys("“一”带")
    (['四件', '件大', '大事'], ['藏'], ['一带'], ['a', 'b'], ['一带'])
    """
    runs = indexed_runs(without_transparent(folded))
    pairs = [run[i : i + 2] for run in runs for i in range(len(run) - 1)]
    return list(dict.fromkeys(pairs or [char for run in runs for char in run]))


def term_key(folded: str) -> str:
    """The key of the records where a term is marked: its indexed characters after TERM_PREFIX.

    >>> term_key("“一带一路”")
    '#一带一路'
    """
    return TERM_PREFIX + "".join(indexed_runs(folded))


@functools.lru_cache(maxsize=8192)
def syllable_key(syllable: str) -> str:
    """A syllable as keys and matching spell it (memoized: a document asks about the same few hundred readings again and again): toneless, ü written v.

    >>> syllable_key("lǜ"), syllable_key("Jiān"), syllable_key("nv3")
    ('lv', 'jian', 'nv')
    """
    from ..annotate.syllables import strip_tone

    return strip_tone(syllable.lower()).replace("ü", "v").replace("u:", "v")


def record_syllables(readings: Sequence[str | None], known: dict) -> list[str | None]:
    """Each character's toneless syllable (None where it has no reading); `known` remembers readings already seen.

    >>> record_syllables(["sì", "jiàn", None, "Lǜ"], {})
    ['si', 'jian', None, 'lv']
    """
    for reading in set(readings).difference(known):
        known[reading] = syllable_key(reading) if reading else None
    return list(map(known.__getitem__, readings))


def pinyin_keys(syllables: Sequence[str | None]) -> set[str]:
    """A key per syllable and per pair of neighbouring syllables (of characters side by side that both have one).

    >>> sorted(pinyin_keys(["da", "shi", None, "hao"]))
    ['~da', '~da shi', '~hao', '~shi']
    """
    keys = {PINYIN_PREFIX + syllable for syllable in set(syllables) if syllable}
    keys.update([f"{PINYIN_PREFIX}{first} {second}" for first, second in zip(syllables, syllables[1:]) if first and second])
    return keys


def syllable_phrase_keys(syllables: Sequence[str]) -> list[str]:
    """The keys a sequence of toneless syllables is looked up by."""
    if len(syllables) == 1:
        return [PINYIN_PREFIX + syllables[0]]
    return list(dict.fromkeys(f"{PINYIN_PREFIX}{syllables[i]} {syllables[i + 1]}" for i in range(len(syllables) - 1)))


def encode_numbers(numbers: Iterable[int]) -> str:
    """Increasing non-negative numbers as gaps, each in variable-length digits.

    >>> encode_numbers([0, 1, 5, 40, 100])
    '>?Bb{'
    >>> decode_numbers(encode_numbers([3, 1000, 1001]))
    [3, 1000, 1001]
    """
    spelled, out, previous = small_numbers(), [], 0
    for number in numbers:
        gap = number - previous
        out.append(spelled[gap] if gap < SMALL_NUMBERS else encode_number(gap))
        previous = number
    return "".join(out)


def encode_number(value: int) -> str:
    """One non-negative number: continuation digits (most significant first), then one terminal digit.

    >>> encode_number(0), encode_number(63), encode_number(64), encode_number(64 * 26)
    ('>', '~', '#>', '#!>')
    """
    value, last = divmod(value, TERMINALS)
    digits = [ALPHABET[CONTINUATIONS + last]]
    while value:
        value, digit = divmod(value, CONTINUATIONS)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


@functools.cache
def small_numbers() -> tuple[str, ...]:
    """`encode_number` of 0 .. SMALL_NUMBERS - 1."""
    return tuple(encode_number(value) for value in range(SMALL_NUMBERS))


def decode_numbers(text: str) -> list[int]:
    """The numbers `encode_numbers` wrote."""
    total, numbers = 0, []
    for gap in decode_values(text):
        total += gap
        numbers.append(total)
    return numbers


def decode_values(text: str) -> list[int]:
    """The raw values of `text`, in order (gaps, counts: whatever was written)."""
    values, value = [], 0
    for char in text:
        digit = ALPHABET.index(char)
        if digit < CONTINUATIONS:
            value = value * CONTINUATIONS + digit
        else:
            values.append(value * TERMINALS + digit - CONTINUATIONS)
            value = 0
    return values


def shard_of(key: str, shards: int) -> int:
    """Which index file holds `key`: its `key_hash` modulo the number of files.

    >>> shard_of("四件", 64) == shard_of("四件", 64), 0 <= shard_of("~si jian", 16) < 16
    (True, True)
    """
    return key_hash(key) % shards


def key_hash(key: str) -> int:
    """A 32-bit hash of the key's UTF-16 code units (what JavaScript's strings hold): `assets/search.js` computes the same.

    >>> key_hash("a"), key_hash("ab") == 97 * 31 + 98
    (97, True)
    """
    data, value = key.encode("utf-16-le"), 0
    for i in range(0, len(data), 2):
        value = (value * 31 + (data[i] | data[i + 1] << 8)) & 0xFFFFFFFF
    return value


def key_hashes(keys: Sequence[str]):
    """`key_hash` of each of `keys` (none empty), as a numpy uint32 array, computed for all at once:
    a merge hashes millions of keys, which one Python loop a key would take seconds over.

    >>> key_hashes(["a", "ab", "四件"]).tolist() == [key_hash("a"), key_hash("ab"), key_hash("四件")]
    True
    """
    import numpy as np

    if not keys:
        return np.zeros(0, np.uint32)
    units = np.frombuffer("".join(keys).encode("utf-16-le"), np.uint16).astype(np.uint32)
    if len(units) == sum(map(len, keys)):
        lengths = np.fromiter(map(len, keys), np.int64, len(keys))
    else:  # characters outside the Basic Multilingual Plane take two code units
        lengths = np.fromiter((len(key.encode("utf-16-le")) // 2 for key in keys), np.int64, len(keys))
    ends = np.cumsum(lengths)
    # Unit i of a key of n units is multiplied by 31 ** (n - 1 - i), modulo 2 ** 32 (uint32 arithmetic wraps).
    from_end = np.repeat(ends, lengths) - 1 - np.arange(len(units))
    powers = np.array([pow(31, power, 1 << 32) for power in range(int(lengths.max()))], np.uint32)
    return np.add.reduceat(units * powers[from_end], ends - lengths, dtype=np.uint32)
