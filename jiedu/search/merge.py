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

A big site merges in partitions (`partitioned_index`), so that the merging
process holds a share of the index, not all of it: the keys are split by their
hash into partitions of whole index files, spilled to disk, and merged and
written one partition at a time.
"""

from __future__ import annotations

import gc
import json
import os
import pickle
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from array import array
from dataclasses import dataclass
from itertools import chain, count
from operator import itemgetter
from pathlib import Path

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
    """For an index merged in partitions (`partitioned_index`): the folder their lists are in, on
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


# --- a big site: the index merged one partition at a time ------------------------

PARTITION_SHARES = 1 << 24
"""A merge of more shares (a key's records in one document) than this (about 2,000 bench documents) is split
into partitions of at most about this many. At 1,000 bench documents (8 M shares) the whole merge's process
held 470 MiB of its own; 10,000 documents hold ten times as many shares. A site below it keeps its index
for the next build to splice an edit into (jiedu.search.splice); a site above merges in full every time."""


def partition_count(shares: int) -> int:
    """How many partitions a merge of `shares` shares is split into: a power of two, 1 while they fit PARTITION_SHARES.

    Never more than the index will have files: every share adds at least two letters (its head and a
    record number) to its key's list, so the index has at least `shard_count(2 * shares)` files.

    >>> partition_count(1000), partition_count(PARTITION_SHARES), partition_count(PARTITION_SHARES * 3)
    (1, 1, 4)
    """
    partitions = 1
    while shares > partitions * PARTITION_SHARES:
        partitions *= 2
    return min(partitions, shard_count(2 * shares))


def partitioned_index(parts, documents: tuple[str, ...], partitions: int, folder: Path) -> MergedIndex:
    """`merge_index`'s files, merged `partitions` (a power of two) at a time in a new `folder`, which holds them until
    `merged_files` has written them (`discard_parts` then removes it; so does a failure here).

    Index file N holds the keys whose hash is N modulo the number of files, a power of two too, and no smaller
    (`partition_count`): the keys whose hash is P modulo `partitions` make whole files, partition P's.
    The documents' postings are read once, each key's shares spilled to its partition's file; then each
    partition is merged and its lists kept on disk, which sums up the index's size and so its number of
    files; then each partition's files are laid out to give their digests (`shard_key`).
    """
    folder.mkdir(parents=True)
    try:
        total = 0
        for partition, blocks in enumerate(_spilled(posting_blocks(parts), partitions, folder)):
            with collections_paused():
                shares = Shares.collect(blocks)
                merged = sorted(chain.from_iterable(shares.merged_keys(group, layouts=False) for group in shares.groups()))
            del shares
            total += sum(key_size(key, value) for _, key, value, _, _ in merged)
            _store_part(folder, partition, merged)
            del merged
        count = shard_count(total)
        if count % partitions:
            raise ValueError(f"an index of {count} files cannot be merged in {partitions} partitions (see partition_count)")
        shard_keys = [shard_key([], [])] * count
        for partition in range(partitions):
            for number, keys, values in _part_files(folder, partition, partitions, count):
                shard_keys[number] = shard_key(keys, values)
    except BaseException:
        discard_parts(str(folder))
        raise
    return MergedIndex(tuple(documents), (), (), {}, total, tuple(shard_keys), partitions, str(folder))


def _spilled(blocks: Iterable, partitions: int, folder: Path) -> Iterator[Iterator]:
    """The blocks of each partition in turn, read back from the files they were first spilled to (then removed)."""
    import numpy as np

    paths = [folder / f"spill-{partition}.pickle" for partition in range(partitions)]
    files = [path.open("wb") for path in paths]
    try:
        for number, several, keys, values, hashes in blocks:
            chosen = hashes & np.uint32(partitions - 1)
            order = np.argsort(chosen, kind="stable")
            bounds = np.searchsorted(chosen[order], np.arange(partitions + 1)).tolist()
            picked = order.tolist()
            keys, values = _in_order(keys, picked), _in_order(values, picked)
            for partition, (start, end) in enumerate(zip(bounds, bounds[1:])):
                if start < end:  # keys and lists hold no comma
                    pickle.dump((number, several, ",".join(keys[start:end]), ",".join(values[start:end]), hashes[order[start:end]]),
                                files[partition], pickle.HIGHEST_PROTOCOL)
    finally:
        for file in files:
            file.close()
    for path in paths:
        yield _read_spill(path)


def _in_order(items: list, order: list[int]) -> list:
    return list(itemgetter(*order)(items)) if len(order) > 1 else [items[i] for i in order]


def _read_spill(path: Path) -> Iterator[tuple]:
    with path.open("rb") as file:
        while True:
            try:
                number, several, keys, values, hashes = pickle.load(file)
            except EOFError:
                break
            yield number, several, keys.split(","), values.split(","), hashes
    path.unlink()


def _store_part(folder: Path, partition: int, merged: list) -> None:
    """A partition's keys and lists, in the order a full merge meets them, with the keys' hashes."""
    import numpy as np

    keys = ",".join([key for _, key, _, _, _ in merged])
    values = ",".join([value for _, _, value, _, _ in merged])
    hashes = np.fromiter((hashed for *_, hashed in merged), np.uint32, len(merged))
    with (folder / f"part-{partition}.pickle").open("wb") as file:
        pickle.dump((keys, values, hashes), file, pickle.HIGHEST_PROTOCOL)


def _part_files(folder: Path, partition: int, partitions: int, count: int) -> Iterator[tuple[int, list[str], list[str]]]:
    """(file number, keys, lists) of every index file of a stored partition (some may have no key), of `count` in all."""
    import numpy as np

    with (folder / f"part-{partition}.pickle").open("rb") as file:
        keys, values, hashes = pickle.load(file)
    keys, values = (keys.split(","), values.split(",")) if len(hashes) else ([], [])
    numbers = hashes % np.uint32(count)
    order = np.argsort(numbers, kind="stable")  # stable: a file's keys stay in merge order
    picked = order.tolist()
    keys, values = _in_order(keys, picked), _in_order(values, picked)
    bounds = np.searchsorted(numbers[order], np.arange(partition, count + partitions, partitions)).tolist()
    for number, start, end in zip(range(partition, count, partitions), bounds, bounds[1:]):
        yield number, keys[start:end], values[start:end]


def discard_parts(folder: str) -> None:
    """Remove a partitioned merge's folder (nothing for an index merged in memory: `folder` is empty)."""
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def parts_folder(cache_folder: Path) -> Path:
    """A new folder for a partitioned merge in the build cache's folder, whose leftovers (a killed build's) are removed."""
    for leftover in cache_folder.glob("search-parts-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if not (pid.isdigit() and _running(int(pid))):
            shutil.rmtree(leftover, ignore_errors=True)
    return cache_folder / f"search-parts-{os.getpid()}"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


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
    readings = usual_readings_script("".join(entry.search.characters for entry in searchable))
    version = digest(*merged.shard_keys, readings)[:12]
    yield f"{SEARCH_FOLDER}/meta.js", meta_script(searchable, len(merged.shard_keys), version)
    yield f"{SEARCH_FOLDER}/readings.js", readings
    if merged.folder:
        files = (file for partition in range(merged.partitions) for file in _part_files(Path(merged.folder), partition, merged.partitions, len(merged.shard_keys)))
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
