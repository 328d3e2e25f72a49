"""A document's postings, its keys and the records holding each, made for all its records at once.

`records.record_keys` says what the keys of one record are; this module makes
the same keys for every record of a document together, with numpy. A document
of the bench corpus has some 26,000 (key, record) pairs in 135 records; taking
them one at a time in Python was the costliest step of its search part.

Every key is first an integer: its kind (TEXT_CHAR ...) in the top bits, then one or two
code points (text keys) or syllable numbers (pinyin keys). The (key, record)
pairs of the whole document are sorted once; each key's records then lie side
by side, and their numbers are written (`keys.encode_numbers`) into one string
that is cut at the keys' ends. Glossary term keys, a few per document, are
made one record at a time as `records.record_keys` makes them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from itertools import chain, compress, repeat

from .keys import FULL_WIDTH_FORMS, PINYIN_PREFIX, TRANSPARENT, SMALL_NUMBERS, encode_number, encode_numbers, fold_text, small_numbers, syllable_key, term_key

TEXT_CHAR, TEXT_PAIR, SYLLABLE, SYLLABLE_PAIR = range(4)
"""The kinds of integer keys, in their top bits."""
KIND_SHIFT = 42
"""A key is kind << 42 | first << 21 | second: a code point (below 2^21) or a syllable number in each place."""
SEPARATOR = "\n"
"""Put between records when they are joined: whitespace holds no key, so no pair spans two records."""


@functools.cache
def indexed_code_points():
    """A boolean array over the Basic Multilingual Plane: True where `keys.is_indexed` (characters past it all are).
    Made by the same expression `keys.indexed_runs` splits on, run over every character once."""
    import numpy as np

    from .keys import _unindexed_re

    plane = "".join(map(chr, range(0x10000)))
    indexed = np.ones(0x10000, dtype=bool)
    for found in _unindexed_re().finditer(plane):
        indexed[found.start() : found.end()] = False
    return indexed


@functools.cache
def _transparent_points():
    import numpy as np

    return np.array(sorted(map(ord, TRANSPARENT)), dtype=np.int64)


def document_postings(texts: Sequence, fold: dict | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """The postings of the records whose texts (AnnotatedText) are `texts`, numbered in order: (keys held by one
    record -> its number, keys held by several -> their count less two, then their numbers as gaps), encoded
    (`keys.encode_numbers`), for the keys `records.record_keys` gives each record; the keys in no set order.

    On 100 real documents of ../shared/bench, one record at a time (record_keys, then a list per key) took
    21.3 ms of CPU a document, and this 9.0."""
    import numpy as np

    if not texts:
        return {}, {}
    joined, lengths = _folded_text(texts, fold)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    offsets = (np.cumsum(lengths + 1) - lengths - 1).tolist()
    record = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)[: len(points)]
    indexed = np.ones(len(points), dtype=bool)
    in_plane = points < 0x10000
    indexed[in_plane] = indexed_code_points()[points[in_plane]]

    syllables, names, spoken_record = _syllable_numbers(texts)
    spoken = syllables >= 0
    opaque = ~np.isin(points, _transparent_points())  # pairs are made as if the TRANSPARENT marks were not there
    keys = [
        _keys_and_records(TEXT_CHAR, points, indexed, record),
        _pair_keys_and_records(TEXT_PAIR, points[opaque], indexed[opaque], record[opaque]),
        _keys_and_records(SYLLABLE, syllables, spoken, spoken_record),
        _pair_keys_and_records(SYLLABLE_PAIR, syllables, spoken, spoken_record),
    ]
    key_column, record_column = _sorted_pairs(np.concatenate([found[0] for found in keys]), np.concatenate([found[1] for found in keys]), len(texts))

    starts = np.flatnonzero(np.diff(key_column, prepend=-1)) if len(key_column) else np.zeros(0, np.int64)
    strings = _key_strings(key_column[starts], names)
    holders: dict[str, set[int]] = {}  # keys made one at a time: glossary terms, and keys two kinds spell alike
    if len(set(strings)) < len(strings):  # "~a": a text pair ("~" is indexed) and the pinyin key of the syllable a
        strings, starts, record_column = _without_shared_spellings(strings, starts, record_column, holders)
    for number, (text, offset) in enumerate(zip(texts, offsets)):
        for term in text.terms:  # a term's key equals no other: it starts with "#", which no text key holds
            holders.setdefault(term_key(joined[offset + term.start : offset + term.end]), set()).add(number)
    once, many = _encoded_lists(strings, starts, record_column)
    for key, numbers in holders.items():
        ordered = sorted(numbers)
        if len(ordered) == 1:
            once[key] = encode_numbers(ordered)
        else:
            many[key] = encode_numbers([len(ordered) - 2]) + encode_numbers(ordered)
    return once, many


def _without_shared_spellings(strings: list[str], starts, records, holders: dict[str, set[int]]):
    """The keys, their starts and records, less those whose spelling another key shares: their records go into `holders`."""
    import numpy as np
    from collections import Counter

    shared = {key for key, count in Counter(strings).items() if count > 1}
    ends = np.append(starts[1:], len(records))
    kept = np.array([key not in shared for key in strings])
    for key, start, end in zip(strings, starts.tolist(), ends.tolist()):
        if key in shared:
            holders.setdefault(key, set()).update(records[start:end].tolist())
    records = records[np.repeat(kept, ends - starts)]
    kept_starts = np.cumsum((ends - starts)[kept]) - (ends - starts)[kept]
    return [key for key, keep in zip(strings, kept.tolist()) if keep], kept_starts, records


def _folded_text(texts: Sequence, fold: dict | None):
    """The records' texts folded (`keys.fold_text`) and joined by SEPARATOR, and each one's length (a numpy array).

    Folded all at once where that gives what folding each apart gives: where the tables and str.lower change
    no text's length. (str.lower reads a capital sigma by its neighbours, but the separator is neither a
    cased letter nor one it passes over, so each record's edges are read as a string's edges.)"""
    import numpy as np

    simplified = [text.simplified for text in texts]
    lengths = np.fromiter(map(len, simplified), np.int64, len(simplified))
    joined = SEPARATOR.join(simplified)
    translated = joined.translate(fold).translate(FULL_WIDTH_FORMS) if fold else joined.translate(FULL_WIDTH_FORMS)
    lowered = translated.lower()
    if len(lowered) == len(translated) == len(joined):
        return lowered, lengths
    return SEPARATOR.join([fold_text(text, fold) for text in simplified]), lengths


RECORD_BITS = 19
"""A key and a record are sorted as one integer (key << 19 | record) when the records are fewer than 2^19: the key
takes 44 bits. Sorting that one integer took a tenth of the time of sorting by the two (np.lexsort)."""


def _sorted_pairs(keys, records, count: int):
    """The (key, record) pairs sorted by key, then record, each once."""
    import numpy as np

    if count < 1 << RECORD_BITS:
        pairs = np.sort((keys << RECORD_BITS) | records)
        pairs = pairs[np.append(True, pairs[1:] != pairs[:-1])] if len(pairs) else pairs
        return pairs >> RECORD_BITS, pairs & ((1 << RECORD_BITS) - 1)
    order = np.lexsort((records, keys))
    keys, records = keys[order], records[order]
    fresh = np.append(True, (keys[1:] != keys[:-1]) | (records[1:] != records[:-1])) if len(keys) else np.zeros(0, bool)
    return keys[fresh], records[fresh]


def _syllable_numbers(texts: Sequence):
    """Each character's syllable as a number (-1 where it has none, and at the separators between records), the
    syllables by number, and the record of each place."""
    import numpy as np

    readings = [text.readings for text in texts]
    numbers: dict[str, int] = {}
    by_reading: dict = {None: -1}
    for reading in set().union(*readings).difference(by_reading):
        syllable = syllable_key(reading) if reading else None
        by_reading[reading] = numbers.setdefault(syllable, len(numbers)) if syllable else -1
    placed = chain.from_iterable(chain.from_iterable(zip(readings, repeat((None,)))))
    lengths = np.fromiter(map(len, readings), np.int64, len(readings))
    column = np.fromiter(map(by_reading.__getitem__, placed), np.int64, int(lengths.sum()) + len(readings))[:-1]
    return column, list(numbers), np.repeat(np.arange(len(readings), dtype=np.int64), lengths + 1)[: len(column)]


def _keys_and_records(kind: int, values, present, record):
    """The single keys of kind `kind`: one per place where `present`, with its record."""
    return (kind << KIND_SHIFT) | values[present], record[present]


def _pair_keys_and_records(kind: int, values, present, record):
    """The pair keys of kind `kind`: one per two neighbouring places both `present` (never across records: the separator is absent)."""
    both = present[:-1] & present[1:]
    return (kind << KIND_SHIFT) | (values[:-1][both] << 21) | values[1:][both], record[:-1][both]


def _key_strings(keys, names: list[str]) -> list[str]:
    """The keys (sorted) as the index spells them (jiedu.search.keys), from their integers."""
    import numpy as np

    kinds = keys >> KIND_SHIFT
    bounds = np.searchsorted(kinds, [TEXT_PAIR, SYLLABLE, SYLLABLE_PAIR, SYLLABLE_PAIR + 1]).tolist()
    firsts, seconds = (keys >> 21) & 0x1FFFFF, keys & 0x1FFFFF
    # Text keys: their code points, each key followed by the separator (which no key holds), decoded and split at once.
    pairs = bounds[1] - bounds[0]
    points = np.empty(2 * bounds[0] + 3 * pairs, dtype=np.uint32)
    points[0 : 2 * bounds[0] : 2] = seconds[: bounds[0]]
    at = 2 * bounds[0]
    points[at::3], points[at + 1 :: 3] = firsts[bounds[0] : bounds[1]], seconds[bounds[0] : bounds[1]]
    points[1 : 2 * bounds[0] : 2] = points[at + 2 :: 3] = ord(SEPARATOR)
    text = points.tobytes().decode("utf-32-le", "surrogatepass").split(SEPARATOR)[:-1] if len(points) else []
    syllables = [PINYIN_PREFIX + names[number] for number in seconds[bounds[1] : bounds[2]].tolist()]
    syllable_pairs = [f"{PINYIN_PREFIX}{names[first]} {names[second]}" for first, second in zip(firsts[bounds[2] : bounds[3]].tolist(), seconds[bounds[2] : bounds[3]].tolist())]
    return text + syllables + syllable_pairs


def _encoded_lists(keys: list[str], starts, records) -> tuple[dict[str, str], dict[str, str]]:
    """(keys held by one record -> its number, keys held by more -> count less two, then the numbers as gaps), encoded."""
    import numpy as np

    if not keys:
        return {}, {}
    ends = np.append(starts[1:], len(records))
    counts = ends - starts
    gaps = np.diff(records, prepend=0)
    gaps[starts] = records[starts]  # each key's first number counts from 0
    several = counts > 1
    # The numbers written, key by key: for several records their count less two first, then the gaps.
    written = np.insert(gaps, starts[several], counts[several] - 2)
    spelled = small_numbers()
    numbers = written.tolist()
    if written.max(initial=0) < SMALL_NUMBERS:
        letters = "".join(map(spelled.__getitem__, numbers))
        widths = _spelled_widths()[written]
    else:
        pieces = [spelled[number] if number < SMALL_NUMBERS else encode_number(number) for number in numbers]
        letters = "".join(pieces)
        widths = np.fromiter(map(len, pieces), np.int64, len(pieces))
    # Where each key's letters start: its first number's place, moved on by the counts inserted before it.
    first_written = starts + np.cumsum(several) - several
    bounds = np.append(np.cumsum(widths) - widths, len(letters))
    values = list(map(letters.__getitem__, map(slice, bounds[first_written].tolist(), bounds[np.append(first_written[1:], len(widths))].tolist())))
    alone = (~several).tolist()
    return dict(zip(compress(keys, alone), compress(values, alone))), dict(zip(compress(keys, several.tolist()), compress(values, several.tolist())))


@functools.cache
def _spelled_widths():
    """How many letters `keys.encode_number` writes for each number below SMALL_NUMBERS."""
    import numpy as np

    return np.fromiter(map(len, small_numbers()), np.int64, SMALL_NUMBERS)
