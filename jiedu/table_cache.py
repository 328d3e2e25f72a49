"""Tables derived from the libraries' data, kept in the build cache in a form that loads fast.

jieba's prefix dictionary, the GBK repair's word scores, pypinyin's phrases
and readings and OpenCC's character tables take seconds to derive from the
libraries' own files, and a rebuild that re-processes one document needs
them all. So each is derived once and stored as flat values that `marshal`
reads back in milliseconds: words joined into UTF-8 bytes, numbers packed in
an `array`, grouped by first character, so that their users unpack or look
up only the words a build's texts ask for (`pack_lines_by_first_char` and
`PackedMapping`; `WordScores`, `Segmenter`). A Python dict of half a million
words takes longer to fill than the whole table takes to read, and a
document needs a few thousand of them.

Layout, below the cache folder: ``jiedu-build/tables/NAME.marshal``, each
file ``MAGIC``, the header's length, the header (FORMAT, name, version,
inputs, payload length, CRC-32 of the payload) and the payload. `version` is
jiedu's code version (its source and the versions of the libraries whose data
it reads: `jiedu.fingerprint.code_version`; the segmenter's table, dearest to
derive again, uses only jieba's version and the code that derives it),
`inputs` a digest of what else the table was derived from (e.g. the
glossary's words). A file of another
version, of other inputs, cut short or damaged is a miss, never an error:
the caller derives the table again and stores it over the old one.
"""

from __future__ import annotations

import marshal
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .atomic_file import replace_file

FOLDER = "tables"
"""Below the build cache's own folder (jiedu-build)."""
FORMAT = 1
"""Bumped when the file layout changes."""
MAGIC = b"jiedu-tables\n"
SEPARATOR = "\n"
"""Between the words of a packed group (no word of a table has one: see `pack_words`)."""

Packed = tuple[bytes, bytes]
"""Words joined by SEPARATOR in UTF-8, and one number per word packed as an `array`.
Text is kept as bytes: marshal reads bytes without decoding them, and only the
groups a build uses are decoded."""


@dataclass(frozen=True, slots=True)
class TableCache:
    """Reads and writes derived tables in `folder`; every failure to read is a miss."""

    folder: Path
    version: str
    """What the tables were derived with (jiedu's code version; the segmenter's table uses a
    narrower one): a table derived by other code, or from other library data, is a miss."""

    def load(self, name: str, inputs: str = ""):
        """The table stored as `name` for `inputs`, or None."""
        try:
            data = (self.folder / f"{name}.marshal").read_bytes()
            if not data.startswith(MAGIC):
                return None
            start = len(MAGIC) + 4
            header_end = start + int.from_bytes(data[len(MAGIC) : start], "little")
            header = marshal.loads(data[start:header_end])
            payload = memoryview(data)[header_end:]
            expected = (FORMAT, name, self.version, inputs, len(payload), zlib.crc32(payload))
            return marshal.loads(payload) if header == expected else None
        except Exception:  # missing, unreadable, cut short or damaged: a miss
            return None

    def store(self, name: str, inputs: str, make_table: Callable[[], object]) -> None:
        """Store the table `make_table()` makes (called here: a table that cannot be packed,
        ValueError, is not stored). Written atomically, so a reader never sees half a
        file; a full disk only costs the cache."""
        try:
            payload = marshal.dumps(make_table())
        except ValueError:
            return
        header = marshal.dumps((FORMAT, name, self.version, inputs, len(payload), zlib.crc32(payload)))
        replace_file(self.folder / f"{name}.marshal", lambda file: file.write(MAGIC + len(header).to_bytes(4, "little") + header + payload))


def pack_words(words: Iterable[str]) -> bytes:
    """The words joined by SEPARATOR, in UTF-8; ValueError if one is empty or contains it (it would not unpack).

    >>> pack_words(["营造", "营"]).decode()
    '营造\\n营'
    """
    words = list(words)
    joined = SEPARATOR.join(words)
    if joined.count(SEPARATOR) != max(len(words) - 1, 0) or not all(words):
        raise ValueError("a word is empty or contains the separator")
    return joined.encode()


def unpack_words(packed: bytes) -> list[str]:
    """The words `pack_words` joined.

    >>> unpack_words(pack_words(["营造", "营"])), unpack_words(pack_words([]))
    (['营造', '营'], [])
    """
    return packed.decode().split(SEPARATOR) if packed else []


def unpack(packed: Packed, typecode: str) -> Iterator[tuple[str, float]]:
    """(word, number) pairs of a group packed as (`pack_words`, array(typecode) bytes), in order.

    >>> list(unpack((pack_words(["营造", "营业"]), array("q", [3, 2]).tobytes()), "q"))
    [('营造', 3), ('营业', 2)]
    """
    words, numbers = packed
    values = array(typecode)
    values.frombytes(numbers)
    return zip(unpack_words(words), values)


def pack_counts_by_first_char(counts: Mapping[str, int]) -> dict[str, Packed]:
    """{first character: ("\\nword\\nword\\n…" in UTF-8, their counts as array("q") bytes)}:
    one word looked up at a time (`find_count`), or all unpacked at once (`unpack_counts`).

    >>> packed = pack_counts_by_first_char({"营造": 3, "国营": 1, "营": 0})
    >>> find_count(packed, "营造"), find_count(packed, "营"), find_count(packed, "营业")
    (3, 0, None)
    >>> sorted(unpack_counts(packed["营"]))
    [('营', 0), ('营造', 3)]
    """
    groups: dict[str, list[str]] = {}
    for word in counts:
        groups.setdefault(word[0], []).append(word)
    return {first: (b"\n" + pack_words(words) + b"\n", array("q", map(counts.__getitem__, words)).tobytes()) for first, words in groups.items()}


def find_count(packed: dict[str, Packed], word: str) -> int | None:
    """The count `pack_counts_by_first_char` stored with `word`, or None."""
    group = packed.get(word[:1])
    if group is None:
        return None
    words, counts = group
    at = words.find(f"\n{word}\n".encode())
    return None if at < 0 else memoryview(counts).cast("q")[words.count(b"\n", 0, at)]


def unpack_counts(group: Packed) -> Iterator[tuple[str, int]]:
    """(word, count) of every word of one group `pack_counts_by_first_char` made."""
    words, counts = group
    return unpack((words[1:-1], counts), "q")


def pack_lines_by_first_char(entries: Iterable[tuple[str, object]]) -> dict[str, bytes]:
    """{first character: "\\nword\\tvalue\\n…" of its words, in UTF-8}, for looking words
    up one by one (`find_value`) when a build needs a few thousand of half a million.

    >>> packed = pack_lines_by_first_char([("营造", 3), ("国营", 1), ("营", 0)])
    >>> packed["营"].decode(), find_value(packed, "营造"), find_value(packed, "营业")
    ('\\n营造\\t3\\n营\\t0\\n', '3', None)
    """
    groups: dict[str, list[str]] = {}
    for word, value in entries:
        groups.setdefault(word[0], []).append(f"{word}\t{value}")
    packed = {first: f"{SEPARATOR}{SEPARATOR.join(lines)}{SEPARATOR}".encode() for first, lines in groups.items()}
    for first, group in packed.items():  # in UTF-8 no byte of another character is a tab or a newline
        if group.count(b"\t") != len(groups[first]) or group.count(b"\n") != len(groups[first]) + 1:
            raise ValueError("a word or value contains a tab or the separator")
    return packed


def find_value(packed: dict[str, bytes], word: str) -> str | None:
    """The value stored with `word` by `pack_lines_by_first_char` (as written), or None."""
    group = packed.get(word[:1])
    if group is None:
        return None
    key = f"{SEPARATOR}{word}\t".encode()
    at = group.find(key)
    if at < 0:
        return None
    start = at + len(key)
    return group[start : group.index(b"\n", start)].decode()


def unpack_lines(group: bytes) -> Iterator[tuple[str, str]]:
    """(word, value) of every line of one group `pack_lines_by_first_char` made, in order.

    >>> list(unpack_lines(pack_lines_by_first_char([("营造", 3), ("营", 0)])["营"]))
    [('营造', '3'), ('营', '0')]
    """
    return (tuple(line.split("\t", 1)) for line in unpack_words(group.strip(b"\n")))


def pack_int_mapping(mapping: Mapping[int, str]) -> Packed:
    """(its values in key order, packed; its keys, sorted, as array("I") bytes), for `PackedIntMapping`."""
    keys = sorted(mapping)
    return pack_words(mapping[key] for key in keys), array("I", keys).tobytes()


class LookupMapping(Mapping):
    """A read-only mapping over packed data: subclasses define `get` (the lookup their
    users call, which unpacks what it finds), `__iter__` and `__len__`; no value is None."""

    def __getitem__(self, key):
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found


class PackedIntMapping(LookupMapping):
    """A read-only int -> str mapping over `pack_int_mapping`'s bytes: keys found by
    bisection, values unpacked when the first is asked for.

    >>> readings = PackedIntMapping(pack_int_mapping({0x957F: "cháng,zhǎng", 0x4E00: "yī"}))
    >>> readings.get(0x957F), readings.get(0x41), len(readings), list(readings)
    ('cháng,zhǎng', None, 2, [19968, 38271])
    """

    def __init__(self, packed: Packed) -> None:
        self._packed_values, keys = packed
        self._keys = array("I")
        self._keys.frombytes(keys)
        self._values: list[str] | None = None

    def get(self, key: int, default=None):
        at = bisect_left(self._keys, key)
        if at == len(self._keys) or self._keys[at] != key:
            return default
        if self._values is None:
            self._values = unpack_words(self._packed_values)
        return self._values[at]

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class PackedMapping(LookupMapping):
    """A read-only mapping over `pack_lines_by_first_char` groups: each word is
    looked up, and its value parsed (`parse`), the first time it is asked for.

    `overrides` are entries that win over the packed ones (the project's own).
    With `unpack_after`, a group searched more often than that is unpacked
    into a dict (each search scans the group's bytes: some 20 us in the
    biggest groups, a whole site's words looked up in the popup's dictionary).

    >>> phrases = PackedMapping(pack_lines_by_first_char([("营造", "yíng zào")]), str.split, {"营业": ["yíng", "yè"]})
    >>> phrases["营造"], "营业" in phrases, "营地" in phrases, len(phrases)
    (['yíng', 'zào'], True, False, 2)
    """

    def __init__(self, packed: dict[str, bytes], parse: Callable[[str], object], overrides: Mapping = {}, unpack_after: int | None = None) -> None:
        self._packed = packed
        self._parse = parse
        self._found = dict(overrides)
        self._absent: set[str] = set()
        self._unpack_after = unpack_after
        self._searches: dict[str, int] = {}
        self._unpacked: dict[str, dict[str, str]] = {}

    def get(self, word: str, default=None):
        found = self._found.get(word)
        if found is None and word not in self._absent:
            value = self._find(word)
            if value is None:
                self._absent.add(word)
            else:
                found = self._found[word] = self._parse(value)
        return default if found is None else found

    def _find(self, word: str) -> str | None:
        first = word[:1]
        unpacked = self._unpacked.get(first)
        if unpacked is not None:
            return unpacked.get(word)
        if self._unpack_after is not None and first in self._packed:
            searches = self._searches[first] = self._searches.get(first, 0) + 1
            if searches > self._unpack_after:
                unpacked = self._unpacked[first] = dict(unpack_lines(self._packed[first]))
                return unpacked.get(word)
        return find_value(self._packed, word)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._everything())

    def __len__(self) -> int:
        return len(self._everything())

    def _everything(self) -> dict[str, object]:
        words = (word for group in self._packed.values() for word, _ in unpack_lines(group))
        return dict.fromkeys([*words, *self._found])
