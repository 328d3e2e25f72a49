"""Word segmentation with a private jieba Tokenizer (never jieba's global one).

The Tokenizer's dictionary is not read whole (a second, for half a million
entries; a document looks up a few thousand): it is filled as the texts cut
need it (`PrefixDictionary`), from jieba's dict.txt kept as a table in the
build cache (jiedu.table_cache).

Past a few pages of text, the words are cut by rjieba (jieba-rs, a Rust port
of jieba) instead: on jieba's own dictionary plus the same words with the
same counts it gives the same cuts, about twelve times faster (20,000 real
sentences of the bench corpus: identical cuts, 0.16 s of CPU against 1.9 s).
Its bundled dictionary is jieba's dict.txt (every one of the 349,045 words
is there with the same weight), so it needs no table. Loading it costs what
jieba spends on some 40,000 characters, so a small rebuild never loads it;
where rjieba has no wheel, jieba cuts everything.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from jiedu import jieba_dictionary, table_cache
from jiedu.fingerprint import digest
from jiedu.jieba_dictionary import read_jieba_dictionary
from jiedu.table_cache import Packed, TableCache, find_count, pack_counts_by_first_char, unpack_counts


def _import_jieba():
    """jieba, imported without pkg_resources when nothing has imported that yet.

    jieba uses pkg_resources only to open its own data files when it sits in a
    zip, and falls back to a plain `open` when the import fails; importing it
    takes longer than the rest of jieba (a tenth of a second). A None in
    `sys.modules` makes that import fail, for as long as jieba is imported.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
    else:
        sys.modules["pkg_resources"] = None
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    return jieba


jieba = _import_jieba()

TABLE_NAME = "jieba-dictionary"
"""The name of the dictionary's table in the table cache."""
ABSENT_LIMIT = 500_000
"""Pieces of text remembered as not in the dictionary (`PrefixDictionary.absent`)."""
UNPACK_ALL_AFTER = 300_000
"""Characters of text a `PrefixDictionary` looks up piece by piece; past them (a
build that cuts many documents) unpacking the whole dictionary costs less."""
FAST_CUTTER_AFTER = 50_000
"""Characters cut with jieba before rjieba is loaded (its 0.08 s buys jieba some 40,000)."""


class PrefixDictionary:
    """jieba's prefix dictionary, put into a Tokenizer's `FREQ` as the texts it cuts need it.

    jieba's `FREQ` holds every word of its dict.txt with its count and every
    prefix of one with 0: half a million entries, which take a second to
    read. `packed` holds them all, packed (jiedu.table_cache). From each
    position jieba looks up longer and longer pieces while they are in
    `FREQ`: those, and the first that is not, are all it asks about, so
    `add_entries_for` adds them before a text is cut. `overlay` is what adding
    the project's words changed (already in `FREQ`): it wins.
    """

    def __init__(self, freq: dict[str, int], packed: dict[str, Packed], overlay: dict[str, int]) -> None:
        self.freq = freq
        self.packed: dict[str, Packed] | None = packed
        self.overlay = overlay
        self.absent: set[str] = set()
        self.looked_up = 0
        """Characters of text looked up so far."""

    def add_entries_for(self, text: str) -> None:
        """Put into `freq` every entry jieba may look up in `text` (all of them, past UNPACK_ALL_AFTER)."""
        if self.packed is None:
            return
        self.looked_up += len(text)
        if self.looked_up > UNPACK_ALL_AFTER:
            self.unpack_all()
            return
        if len(self.absent) > ABSENT_LIMIT:
            self.absent.clear()
        freq, absent = self.freq, self.absent
        for start in range(len(text)):
            for end in range(start + 1, len(text) + 1):
                piece = text[start:end]
                if piece in freq:
                    continue
                count = None if piece in absent else find_count(self.packed, piece)
                if count is None:
                    absent.add(piece)
                    break
                freq[piece] = count

    def add_words(self, words: Iterable[str]) -> None:
        """Put into `freq` the counts of `words` (cut by rjieba: the only entries a reader of the cut asks for)."""
        if self.packed is None:
            return
        freq, packed = self.freq, self.packed
        for word in words:
            if word not in freq:
                count = find_count(packed, word)
                if count is not None:
                    freq[word] = count

    def count(self, word: str) -> int | None:
        """jieba's count of `word` (0 for a prefix of a word), None if its dictionary lacks it,
        whether or not `freq` holds it yet."""
        found = self.freq.get(word)
        return found if found is not None or self.packed is None else find_count(self.packed, word)

    def unpack_all(self) -> None:
        """Put the whole dictionary into `freq`, as jieba's own would be."""
        if self.packed is None:
            return
        for group in self.packed.values():
            self.freq.update(unpack_counts(group))
        self.freq.update(self.overlay)
        self.packed = None


@dataclass(frozen=True)
class Segmenter:
    """A jieba Tokenizer that knows the project's words."""

    tokenizer: jieba.Tokenizer
    hmm: bool = False
    """Let jieba's HMM join unknown characters into words. Off: words it invents
    are in no dictionary anyway, it halves the speed, and it glues function
    words onto their neighbours (正确地为 -> 地为), which hides them from the rules."""
    dictionary: PrefixDictionary | None = field(default=None, compare=False, repr=False)
    """What fills the tokenizer's dictionary as texts need it (None: it is full)."""
    fast: FastCutter | None = field(default=None, compare=False, repr=False)
    """rjieba with the same dictionary, once enough text was cut (None: jieba only)."""

    def cut(self, text: str) -> list[str]:
        """Words of `text`; they concatenate back to `text` exactly."""
        fast = self.fast.cutter(len(text)) if self.fast is not None and not self.hmm else None
        if fast is not None:
            words = fast.cut(text, hmm=False)
            if self.dictionary is not None:
                self.dictionary.add_words(words)
        else:
            if self.dictionary is not None:
                self.dictionary.add_entries_for(text)
            words = list(self.tokenizer.cut(text, HMM=self.hmm))
        return words if "".join(words) == text else list(text)

    def frequency(self, word: str) -> int:
        """jieba's count of `word` (0 when its dictionary lacks it): the same however much of it was unpacked."""
        count = self.tokenizer.FREQ.get(word) if self.dictionary is None else self.dictionary.count(word)
        return count or 0

    def unpack_dictionary(self) -> None:
        """Fill the tokenizer's dictionary now (before worker processes fork, to share it)."""
        if self.dictionary is not None:
            self.dictionary.unpack_all()

    def expect(self, chars: float) -> None:
        """`chars` characters are about to be cut, here or in worker processes forked from here: load
        rjieba now when they are past FAST_CUTTER_AFTER. Each worker (and each replacement of one) would
        otherwise cut its first FAST_CUTTER_AFTER characters with jieba and then load a copy of its own."""
        if self.fast is not None and not self.hmm and chars > FAST_CUTTER_AFTER:
            self.fast.load()


class FastCutter:
    """rjieba on jieba's dictionary plus the project's words, loaded once FAST_CUTTER_AFTER characters were cut."""

    __slots__ = ("word_counts", "total_gap", "chars_cut", "_rjieba")

    def __init__(self, word_counts: Mapping[str, int], total_gap: int = 0) -> None:
        self.word_counts = dict(word_counts)
        """The project's words with the counts jieba gave them (rjieba must weigh them alike)."""
        self.total_gap = total_gap
        """How much more jieba's total count is than rjieba's after the same words are added (`total_gap`)."""
        self.chars_cut = 0
        self._rjieba = None

    def cutter(self, length: int):
        """The rjieba.Jieba to cut `length` more characters with, or None while jieba is cheaper."""
        self.chars_cut += length
        if self.chars_cut > FAST_CUTTER_AFTER:
            self.load()
        return self._rjieba

    def load(self) -> None:
        """Load rjieba now, if not yet (its cuts are jieba's: when it is loaded changes no cut)."""
        if self._rjieba is None:
            self._rjieba = _rjieba_with(self.word_counts, self.total_gap)


GAP_WORD = "\x00\uffff"
"""A word no text holds (a NUL and a noncharacter), which only raises rjieba's total count."""


def _rjieba_with(word_counts: Mapping[str, int], total_gap: int = 0):
    """rjieba's Jieba on its bundled dictionary (jieba's dict.txt) plus `word_counts`, with jieba's total count."""
    import rjieba

    fast = rjieba.Jieba()
    for word, count in word_counts.items():
        fast.add_word(word, count, None)
    if total_gap:
        fast.add_word(GAP_WORD, total_gap, None)
    return fast


def total_gap(total: int, dictionary_total: int, old_counts: Mapping[str, int], word_counts: Mapping[str, int]) -> int:
    """How much jieba's total count (`total`, after the project's words were added) exceeds rjieba's.

    Both weigh a cut by each word's count over the total. jieba's `add_word` adds a word's new count to
    the total even when the dictionary had the word (and again for a word added twice); rjieba's takes
    the old count off. The totals then differ by a few thousand in sixty million, which is enough to tip
    a near tie: with the bundled words, jieba cut 孚宝西中岛 as …/西/中岛 and rjieba as …/西/中/岛. A build
    switches from one to the other (FAST_CUTTER_AFTER), so a document's cut depended on what its process
    had cut before. rjieba is given jieba's total (`GAP_WORD`) and cuts as jieba does.

    >>> total_gap(1000 + 30 + 30, 1000, {"中岛": 20}, {"中岛": 30})
    50
    """
    return total - (dictionary_total + sum(count - old_counts.get(word, 0) for word, count in word_counts.items()))


def fast_cutter(word_counts: Mapping[str, int], gap: int = 0) -> FastCutter | None:
    """A `FastCutter` for these words, or None where rjieba is not installed (no wheel for the platform)."""
    from importlib.util import find_spec

    return FastCutter(word_counts, gap) if find_spec("rjieba") is not None else None


def build_segmenter(words: Iterable[str] = (), hmm: bool = False, tables: TableCache | None = None, table_name: str = TABLE_NAME) -> Segmenter:
    """A fresh Tokenizer on jieba's bundled dictionary, plus `words` kept whole.

    With `tables`, the dictionary is read from its table there (a few
    milliseconds) and looked up only for the pieces of text cut
    (`PrefixDictionary`); without one, it is read whole from jieba's dict.txt
    (half a second, as jieba itself does) and its table stored for the next
    build. The table outlives changes to the rest of jiedu (`_table_version`).
    Build one Segmenter and pass it on. A second segmenter with other
    `words` keeps its table under another `table_name`.
    """
    words = [word for word in words if len(word) > 1]
    inputs = digest(*words)
    tables = tables and TableCache(tables.folder, _table_version())
    table = tables.load(table_name, inputs) if tables else None
    if table is not None:
        total, packed, overlay, gap = table
        tokenizer = _tokenizer(total, dict(overlay))
        return Segmenter(tokenizer, hmm, PrefixDictionary(tokenizer.FREQ, packed, overlay), fast_cutter({word: overlay[word] for word in words}, gap))
    prefixes, total = jieba_prefix_dictionary()
    tokenizer = _tokenizer(total, dict(prefixes))
    for word in words:
        tokenizer.add_word(word)
    word_counts = {word: tokenizer.FREQ[word] for word in words}
    gap = total_gap(tokenizer.total, total, prefixes, word_counts)
    if tables:
        tables.store(table_name, inputs, lambda: (tokenizer.total, packed_jieba_prefix_dictionary(), _overlay(tokenizer, words), gap))
    return Segmenter(tokenizer, hmm, fast=fast_cutter(word_counts, gap))


@lru_cache(maxsize=1)
def jieba_prefix_dictionary() -> tuple[MappingProxyType[str, int], int]:
    """`with_prefixes` of jieba's word list (read-only: copy it) and the total of its counts, once per process.

    A build whose cache has no tables builds two segmenters (the annotator's,
    and the slip check's without the project's words) from the same one.
    """
    counts, total = read_jieba_dictionary()
    return MappingProxyType(with_prefixes(counts)), total


@lru_cache(maxsize=1)
def packed_jieba_prefix_dictionary() -> dict[str, Packed]:
    """`jieba_prefix_dictionary` packed for the table cache, once per process (do not modify)."""
    return pack_counts_by_first_char(jieba_prefix_dictionary()[0])


def with_prefixes(counts: Mapping[str, int]) -> dict[str, int]:
    """jieba's prefix dictionary: the words and their counts, and every prefix of a word with 0."""
    freq = counts.copy()  # a dict or read_jieba_dictionary's read-only view of one
    for word in counts:
        for end in range(1, len(word)):
            freq.setdefault(word[:end], 0)
    return freq


def _overlay(tokenizer: jieba.Tokenizer, words: list[str]) -> dict[str, int]:
    """What adding `words` to a tokenizer changed in its dictionary: each word and its prefixes."""
    return {word[:end]: tokenizer.FREQ[word[:end]] for word in words for end in range(1, len(word) + 1)}


def _tokenizer(total: int, freq: dict[str, int]) -> jieba.Tokenizer:
    """A Tokenizer with this dictionary, which a `PrefixDictionary` fills (jieba's own `initialize` would read all of it)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    return tokenizer


def _table_version() -> str:
    """What the table depends on besides its words: jieba's dictionary and the code that
    reads and packs it (this module, jiedu.jieba_dictionary, jiedu.table_cache), not the rest of jiedu."""
    sources = (Path(module.__file__).read_bytes() for module in (sys.modules[__name__], jieba_dictionary, table_cache))
    return digest(jieba.__version__, *sources)
