"""The site-wide index: every document's part merged into files the browser loads on demand.

    search/meta.js          the documents (slug, titles, date, record count,
                            headings, text version, text files) and how many
                            index files there are
    search/index/N.js       the keys whose hash is N (`keys.shard_of`), each
                            with the records holding it
    search/readings.js      the usual reading of every character the text
                            files use (jiedu.search.readings), for pinyin queries

An index file hands `jieduSearch.shard` one string, ``key,list,key,list,…``:
keys hold no comma (jiedu.search.keys leaves punctuation out), lists are
numbers in `keys.ALPHABET`. A key's list holds, for each document that has it,
a head: twice the gap from the previous such document, plus one when more than
one of its records follow; then, for several, how many less two; then the
record numbers as gaps. Most keys are in one record of a document: they cost
the head and one number.

Merging is concatenation of the documents' cached postings (records.SearchPostings,
whose lists are written already), one head per key and document, so a rebuild
after one edit reads no text. The number of index files grows with the index,
so one file stays near SHARD_BYTES whatever the size of the site, and a query
loads only the files of its few keys.

A big site merges in partitions (jiedu.search.partitions), so that the
merging process holds a share of the index, not all of it.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from array import array
from dataclasses import dataclass
from itertools import chain, count

from ..fingerprint import digest
from .keys import encode_number, key_hashes, small_numbers
from .readings import usual_readings_script

SHARD_BYTES = 12_000
"""About this much per index file: a two-pair query loads two or three of them."""

SEARCH_FOLDER = "search"


@dataclass(frozen=True, slots=True)
class MergedIndex:
    """The site-wide lists as one build merged them, kept so that the next build splices in only
    the documents that changed (jiedu.search.splice). Builtins only: it is cached on disk."""

    documents: tuple[str, ...]
    """Each searchable document's cache key, in site order: its number in the lists is its place here."""
    keys: tuple[list, ...]
    """The keys of each index file, in the order a clean merge meets them (first document, then
    one-record keys before several-record ones, then the key: `order_of`)."""
    values: tuple[list, ...]
    """The list of each key, beside it in `keys`."""
    layouts: dict
    """Key held by two documents or more -> `layout_bytes` of its documents and the length of each one's share of its list
    (a key of one document needs none: its list is its one share, whose head says the document)."""
    total: int
    """The size `shard_count` goes by."""
    shard_keys: tuple[str, ...] = ()
    """A digest of each index file's keys and lists (`shard_key`): a file whose digest is the one
    the last build wrote it from is carried over from the previous site, not written again."""
    partitions: int = 1
    folder: str = ""
    """For an index merged in partitions (jiedu.search.partitions): the folder their lists are in, on
    disk until the files are written (`keys`, `values` and `layouts` are then empty), and how many."""


def merge_index(parts, documents: tuple[str, ...]) -> MergedIndex:
    """The whole index, from the documents' postings (records.SearchPostings; any iterable, read once) in site order and their cache keys."""
    with collections_paused():
        shares = Shares.collect(posting_blocks(parts))
        merged = sorted(chain.from_iterable(shares.merged_keys(group) for group in shares.groups()))
    del shares
    total = sum(key_size(key, value) for _, key, value, _, _ in merged)
    count = shard_count(total)
    keys: tuple[list, ...] = tuple([] for _ in range(count))
    values: tuple[list, ...] = tuple([] for _ in range(count))
    layouts = {}
    for _, key, value, layout, hashed in merged:
        shard = hashed % count  # keys.shard_of
        keys[shard].append(key)
        values[shard].append(value)
        if layout is not None:
            layouts[key] = layout
    return MergedIndex(tuple(documents), keys, values, layouts, total, tuple(map(shard_key, keys, values)))


def posting_blocks(parts) -> Iterator[tuple[int, int, list[str], list[str], object]]:
    """(document number, 1 for keys held by several records else 0, keys, their lists, the keys' `keys.key_hash`
    as a numpy array) of each document's postings (records.SearchPostings), in site order: what `Shares.collect` takes."""
    for number, part in enumerate(parts):
        for several, postings in ((0, part.once), (1, part.many)):
            if postings:
                keys = list(postings)
                yield number, several, keys, list(postings.values()), key_hashes(keys)


GROUP_SHARES = 1 << 17
"""About this many shares are put together at once (`Shares.groups`): the arrays of a step stay some tens of megabytes.
At 1,000 documents (8 M shares) the merging process's own memory (private, smaps) was 550 MiB with 2^19,
484 with 2^17 and 472 with 2^16, the merge's time the same within noise (4.6 to 5.1 s)."""


class Shares:
    """Every document's shares of every key, in flat arrays, put together key by key with numpy.

    A thousand documents hold eight million shares; a loop in Python that appended each
    to its key's list took 18 to 21 seconds (7.8 this way). Here each document's postings go into the
    arrays whole, by dict and str operations that run in C (`collect`); a stable sort
    by key then lines each key's shares up in site order, and the heads and record
    numbers of a group of keys are gathered into one string with one numpy index (`merged_keys`).
    """

    def __init__(self, names: dict[int, str], key_ids, bounds, block_ends, block_bases, text: bytes, hashes):
        self.names = names
        """Key number -> key."""
        self.key_ids = key_ids
        """Each share's key number (its document's shares in the order of its postings)."""
        self.bounds = bounds
        """Where each share's record numbers start in `text`, and after the last, its end."""
        self.block_ends = block_ends
        self.block_bases = block_bases
        """The shares come in blocks, one per document and kind (one record, several): the share number
        after each block's last, and its base, the document's number twice plus one for several records."""
        self.text = text
        """Every share's record numbers, in the order of the shares (ASCII)."""
        self.hashes = hashes
        """Each share's key's `keys.key_hash`."""

    @classmethod
    def collect(cls, blocks) -> Shares:
        """The shares of `blocks` (`posting_blocks`), in site order; the blocks of a key come in site order."""
        import numpy as np

        numbers: dict[str, int] = {}
        key_ids, lengths, texts, hashes, block_ends, block_bases, shares = array("i"), array("i"), [], [], [], [], 0
        for number, several, keys, values, key_hashes_ in blocks:
            size = len(keys)
            # A key met first takes the counter's value; the counter moves on for every share, so numbers have gaps.
            key_ids.frombytes(np.fromiter(map(numbers.setdefault, keys, count(shares)), np.intc, size).tobytes())
            lengths.frombytes(np.fromiter(map(len, values), np.intc, size).tobytes())
            texts.append("".join(values).encode("ascii"))
            hashes.append(key_hashes_)
            shares += size
            block_ends.append(shares)
            block_bases.append(number * 2 + several)
        names = dict(zip(numbers.values(), numbers))
        del numbers
        text = b"".join(texts)
        bounds = np.zeros(shares + 1, dtype=np.int32 if len(text) < 2**31 else np.int64)
        np.cumsum(np.frombuffer(lengths, np.intc), out=bounds[1:])
        del lengths
        hashes = np.concatenate(hashes) if hashes else np.zeros(0, np.uint32)
        return cls(names, np.frombuffer(key_ids, np.intc), bounds, np.array(block_ends, np.int64), np.array(block_bases, np.int64), text, hashes)

    def groups(self):
        """The share numbers of each group of keys (key numbers alike modulo the group count), in share order."""
        import numpy as np

        count = max(1, -(-len(self.key_ids) // GROUP_SHARES))
        if count == 1:
            yield np.arange(len(self.key_ids))
            return
        group_of = self.key_ids % count
        for group in range(count):
            yield np.flatnonzero(group_of == group)

    def merged_keys(self, chosen, layouts: bool = True) -> list[tuple[int, str, str, bytes | None, int]]:
        """(head of its first share, key, list, layout or None, key hash) of each key of the shares `chosen`;
        without `layouts`, no layout (an index merged in partitions is not spliced)."""
        import numpy as np

        if not len(chosen):
            return []
        order = chosen[np.argsort(self.key_ids[chosen], kind="stable")]  # stable: each key's shares stay in site order
        key_ids, bases = self.key_ids[order], self.block_bases[np.searchsorted(self.block_ends, order, side="right")]
        starts = np.flatnonzero(np.diff(key_ids, prepend=-1))
        documents = bases >> 1
        previous = np.empty_like(documents)
        previous[0], previous[1:] = -1, documents[:-1]
        previous[starts] = -1
        heads = (documents - previous - 1) * 2 + (bases & 1)
        spelled, spelled_starts, spelled_lengths = _spelled_numbers(int(heads.max()) + 1)
        # Two pieces per share, its head (from `spelled`, placed after the text) and its record numbers.
        piece_starts = np.empty(2 * len(order), dtype=np.int64)
        piece_lengths = np.empty(2 * len(order), dtype=np.int64)
        piece_starts[0::2] = len(self.text) + spelled_starts[heads]
        piece_lengths[0::2] = spelled_lengths[heads]
        piece_starts[1::2] = self.bounds[order]
        piece_lengths[1::2] = self.bounds[order + 1] - self.bounds[order]
        ends = np.cumsum(piece_lengths)
        gathered = np.repeat(piece_starts - (ends - piece_lengths), piece_lengths) + np.arange(int(ends[-1]), dtype=np.int64)
        letters = np.frombuffer(self.text + spelled, dtype=np.uint8)[gathered].tobytes().decode("ascii")
        share_lengths = piece_lengths[0::2] + piece_lengths[1::2]
        key_ends = np.append(ends[2 * starts[1:] - 1], ends[-1]).tolist()
        names = list(map(self.names.__getitem__, key_ids[starts].tolist()))
        key_hashes_ = self.hashes[order[starts]].tolist()
        bounds = np.append(starts, len(order))
        # A layout's item types (`layout_bytes`) follow from the key's last document and its longest share.
        limits = np.array([limit for _, limit in _TYPECODE_LIMITS[:-1]])
        types = np.searchsorted(limits, documents[bounds[1:] - 1], side="right") * len(LAYOUT_TYPECODES)
        types += np.searchsorted(limits, np.maximum.reduceat(share_lengths, starts), side="right")
        as_items = [documents.astype(code) for code in LAYOUT_TYPECODES], [share_lengths.astype(code) for code in LAYOUT_TYPECODES]
        bounds = bounds.tolist()
        merged, begin = [], 0
        for first_base, name, first, end, key_end, kind, hashed in zip(bases[starts].tolist(), names, bounds, bounds[1:], key_ends, types.tolist(), key_hashes_):
            layout = None
            if layouts and end - first > 1:
                documents_as, lengths_as = as_items[0][kind // len(LAYOUT_TYPECODES)], as_items[1][kind % len(LAYOUT_TYPECODES)]
                layout = bytes((kind,)) + documents_as[first:end].tobytes() + lengths_as[first:end].tobytes()
            merged.append((first_base, name, letters[begin:key_end], layout, hashed))
            begin = key_end
        return merged


def _spelled_numbers(count: int):
    """`encode_number` of 0 .. count - 1 as one ASCII string, with each one's start and length (numpy arrays)."""
    import numpy as np

    table = small_numbers()
    spelled = [table[value] if value < len(table) else encode_number(value) for value in range(count)]
    lengths = np.fromiter(map(len, spelled), dtype=np.int64, count=count)
    return "".join(spelled).encode("ascii"), np.cumsum(lengths) - lengths, lengths


def shard_key(keys: list[str], values: list[str]) -> str:
    """A digest of one index file's keys and lists (what its text is made of; neither holds a comma)."""
    return digest(",".join(keys), ",".join(values))


def index_path(number: int) -> str:
    return f"{SEARCH_FOLDER}/index/{number}.js"


@contextmanager
def collections_paused():
    """No garbage collection inside: a merge makes hundreds of thousands of lists that all live to its end,
    and each collection would only walk them again (a third of the merge's time at 100 documents)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


LAYOUT_TYPECODES = "BHI"
"""The `array` item types a layout's numbers are kept in: the smallest that holds the largest (1, 2 or 4 bytes)."""
_TYPECODE_LIMITS = tuple((code, 1 << (8 * array(code).itemsize)) for code in LAYOUT_TYPECODES)


def layout_bytes(documents, lengths) -> bytes:
    """Numbers (documents, then lengths) as bytes: one object per key where lists would hold one per number.
    A first byte names the item type of each half (`LAYOUT_TYPECODES`): most shares are shorter than 256
    letters, and a site has fewer than 65,536 documents, so a share's layout mostly takes 3 bytes, not 8.

    >>> read_layout(layout_bytes([0, 7, 300], [5, 1, 70000]))
    ([0, 7, 300], [5, 1, 70000])
    """
    (first, first_code), (second, second_code) = _smallest_typecode(max(documents)), _smallest_typecode(max(lengths))
    return bytes((first * len(LAYOUT_TYPECODES) + second,)) + array(first_code, documents).tobytes() + array(second_code, lengths).tobytes()


def read_layout(data: bytes) -> tuple[list[int], list[int]]:
    """(documents, lengths) from `layout_bytes`."""
    documents = array(LAYOUT_TYPECODES[data[0] // len(LAYOUT_TYPECODES)])
    lengths = array(LAYOUT_TYPECODES[data[0] % len(LAYOUT_TYPECODES)])
    split = 1 + (len(data) - 1) // (documents.itemsize + lengths.itemsize) * documents.itemsize
    documents.frombytes(data[1:split])
    lengths.frombytes(data[split:])
    return documents.tolist(), lengths.tolist()


def _smallest_typecode(largest: int) -> tuple[int, str]:
    """(its place in LAYOUT_TYPECODES, the type code) of the smallest item type that holds `largest`."""
    for number, (code, limit) in enumerate(_TYPECODE_LIMITS):
        if largest < limit:
            return number, code
    raise ValueError(f"{largest} does not fit a layout")


def key_size(key: str, value: str) -> int:
    """About what a key and its list add to an index file (a Han key is three bytes of UTF-8 per character)."""
    return len(key) * 3 + len(value) + 2


def shard_count(total: int) -> int:
    """A power of two that keeps the files near SHARD_BYTES, for an index of `total` (`key_size`) bytes."""
    count = 1
    while total / count > SHARD_BYTES:
        count *= 2
    return count


def merged_files(merged: MergedIndex, searchable: list, kept: Callable[[str], bool] = lambda path: False) -> Iterator[tuple[str, str]]:
    """(path, text) of the site-wide files, from the merged lists and the searchable SiteEntry values (site order),
    one at a time: an index of 10,000 documents is some hundreds of megabytes of text, made as it is written.
    Index files for which `kept(path)` is true are left out (carried over from the previous site: see `file_keys`)."""
    readings = usual_readings_script([entry.search.characters for entry in searchable])
    version = digest(*merged.shard_keys, readings)[:12]
    yield f"{SEARCH_FOLDER}/meta.js", meta_script(searchable, len(merged.shard_keys), version)
    yield f"{SEARCH_FOLDER}/readings.js", readings
    if merged.folder:
        from .partitions import partitions_files

        files = partitions_files(merged)
    else:
        files = zip(count(), merged.keys, merged.values)
    for number, keys, values in files:
        if not kept(index_path(number)):
            yield index_path(number), shard_script(number, list(chain.from_iterable(zip(keys, values))))


def file_keys(merged: MergedIndex) -> dict[str, str]:
    """Index file path -> the digest of what it is made of (for `jiedu.write.reuse_unchanged`)."""
    return {index_path(number): key for number, key in enumerate(merged.shard_keys)}


def shard_script(number: int, shard: list[str]) -> str:
    """One index file: its keys and lists, alternating, in one string."""
    return f"jieduSearch.shard({number},{json.dumps(','.join(shard), ensure_ascii=False)});\n"


def meta_script(entries: list, shards: int, version: str) -> str:
    """The documents as the search page lists and ranks them: [slug, Simplified title, Traditional title,
    date, script, records, headings, text version, first record of each text file]."""
    from ..annotate.scripts import Script

    documents = [
        [entry.slug, entry.titles[Script.SIMPLIFIED], entry.titles[Script.TRADITIONAL], str(entry.metadata.get("date") or ""),
         "hans" if entry.original_script is Script.SIMPLIFIED else "hant", entry.search.records, entry.search.headings, entry.search.version, entry.search.chunks]
        for entry in entries
    ]
    data = {"shards": shards, "version": version, "documents": documents}
    return f"jieduSearch.meta({json.dumps(data, ensure_ascii=False, separators=(',', ':')).replace('<', chr(92) + 'u003c')});\n"
