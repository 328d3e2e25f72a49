"""Looking words up: CC-CEDICT with the user's entries over it, by either script's headword.

CC-CEDICT is read once and kept in the build's table cache
(jiedu.table_cache) as lines grouped by first character, each headword
(Simplified and Traditional) with its entries: a rebuild reads the table in
milliseconds and unpacks only the words its documents use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from jiedu.table_cache import LookupMapping, PackedMapping, TableCache, pack_lines_by_first_char

from .cedict import Entry, read_bundled

TABLE_NAME = "cc-cedict"
"""The name of CC-CEDICT's table in the table cache."""
UNPACK_AFTER = 16
"""A group of the packed table searched more often than this is unpacked (table_cache.PackedMapping): a site's
popup looks up tens of thousands of words, a third of them in the hundred biggest groups."""
ENTRY_SEPARATOR = "\x1e"
FIELD_SEPARATOR = "\x1f"


@dataclass(frozen=True)
class Dictionary:
    """CC-CEDICT (`bundled`) and the user's entries over it (`own`), both headword -> entries."""

    bundled: Mapping[str, tuple[Entry, ...]]
    own: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)

    def lookup(self, word: str) -> tuple[Entry, ...]:
        """The entries whose Simplified or Traditional headword is `word`; the user's first,
        and in place of CC-CEDICT's entry with the same headwords and reading."""
        own = self.own.get(word, ())
        replaced = {entry.key for entry in own}
        return without_variants((*own, *(entry for entry in self.bundled.get(word, ()) if entry.key not in replaced)))

    def explain(self, word: str) -> tuple[tuple[str, tuple[Entry, ...]], ...]:
        """(headword, entries) to show for `word`: the word's own entries, or, when the
        dictionary lacks it, each of its characters' entries (those that have some)."""
        found = self.lookup(word)
        if found or len(word) == 1:
            return ((word, found),)
        return tuple((char, entries) for char in word if (entries := self.lookup(char)))


VARIANT_RE = re.compile(r"^(?:\(.*?\) )?(?:old |archaic |ancient |erroneous |Japanese |non-standard |)variant of ")


def without_variants(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """The entries less those that only say "variant of …", unless that is all there is.

    Looked up by its Simplified form, 以 brings two old Traditional variants
    (㕥, 㠯) that tell a reader nothing.

    >>> variant, real = Entry("为", "爲", "wéi", ("variant of 為|为[wei2]",)), Entry("为", "為", "wéi", ("as",))
    >>> without_variants((variant, real)) == (real,), without_variants((variant,)) == (variant,)
    (True, True)
    """
    kept = tuple(entry for entry in entries if not all(VARIANT_RE.match(sense) for sense in entry.senses))
    return kept or entries


def index_by_headword(entries: Iterable[Entry]) -> dict[str, tuple[Entry, ...]]:
    """Headword (each script's, once) -> its entries, in the order given."""
    index: dict[str, list[Entry]] = {}
    for entry in entries:
        for headword in dict.fromkeys((entry.simplified, entry.traditional)):
            index.setdefault(headword, []).append(entry)
    return {headword: tuple(found) for headword, found in index.items()}


def build_dictionary(own_entries: Iterable[Entry] = (), tables: TableCache | None = None) -> Dictionary:
    """CC-CEDICT (from `tables` when it holds it, else read and stored there) with `own_entries` over it."""
    return Dictionary(bundled_dictionary(tables), index_by_headword(own_entries))


def bundled_dictionary(tables: TableCache | None = None) -> Mapping[str, tuple[Entry, ...]]:
    """CC-CEDICT by headword: from `tables` when it holds it, else read and stored there."""
    packed = tables.load(TABLE_NAME) if tables else None
    if packed is not None:
        return PackedMapping(packed, entries_from_text, unpack_after=UNPACK_AFTER)
    bundled = index_by_headword(read_bundled())
    if tables:
        tables.store(TABLE_NAME, "", lambda: dictionary_to_table(bundled))
    return bundled


class ReadWhenFirstUsed(LookupMapping):
    """The mapping `make()` returns, made the first time a word is looked up.

    An edit whose words the last build had all explained looks none up
    (`shards.explain_words`), and then never reads CC-CEDICT's table.

    >>> made = []
    >>> words = ReadWhenFirstUsed(lambda: made.append(1) or {"营造": "yíng zào"})
    >>> len(made), words.get("营造"), words.get("营地"), len(words), len(made)
    (0, 'yíng zào', None, 1, 1)
    """

    def __init__(self, make: Callable[[], Mapping]) -> None:
        self._make: Callable[[], Mapping] | None = make
        self._made: Mapping | None = None

    def _mapping(self) -> Mapping:
        if self._made is None:
            self._made, self._make = self._make(), None
        return self._made

    def get(self, word: str, default=None):
        return self._mapping().get(word, default)

    def __iter__(self):
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())


def dictionary_to_table(index: Mapping[str, tuple[Entry, ...]]) -> dict[str, bytes]:
    return pack_lines_by_first_char((headword, entries_to_text(entries)) for headword, entries in index.items())


def entries_to_text(entries: Iterable[Entry]) -> str:
    """Entries as one line of a packed table (no tab, no newline).

    >>> entries = (Entry("传统", "傳統", "chuán tǒng", ("tradition", "traditional")),)
    >>> entries_from_text(entries_to_text(entries)) == entries
    True
    """
    fields = (FIELD_SEPARATOR.join((e.simplified, e.traditional, e.pinyin, "/".join(e.senses))) for e in entries)
    return ENTRY_SEPARATOR.join(fields)


def entries_from_text(text: str) -> tuple[Entry, ...]:
    out = []
    for written in text.split(ENTRY_SEPARATOR):
        simplified, traditional, pinyin, senses = written.split(FIELD_SEPARATOR)
        out.append(Entry(simplified, traditional, pinyin, tuple(senses.split("/"))))
    return tuple(out)
