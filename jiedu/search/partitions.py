"""A big site's index, merged one partition at a time (jiedu.search.merge merges a small one at once).

At 10,000 documents the index holds some 80 million shares (a key's records in
one document); merged at once, they and the merged lists took 3.4 GB. Past
PARTITION_SHARES the keys are split by their hash (`keys.key_hash`) into
partitions, each a set of whole index files: file N holds the keys whose hash
is N modulo the number of files, a power of two no smaller than the number of
partitions (`partition_count`), so the keys whose hash is P modulo the number
of partitions make partition P's files. The documents' postings are read once
and each key's shares spilled to its partition's file; each partition is then
merged (merge.Shares) and its lists kept on disk, which sums up the index's
size and so its number of files; then each partition's files are laid out to
give their digests, and laid out again as they are written (`partitions_files`).
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Iterable, Iterator
from itertools import chain
from operator import itemgetter
from pathlib import Path

from .merge import MergedIndex, Shares, collections_paused, key_size, posting_blocks, shard_count, shard_key

PARTITION_SHARES = 1 << 24
"""A merge of more shares (a key's records in one document) than this, about 2,000 bench documents, is made in
partitions. At 1,000 bench documents (8 M shares) the whole merge's process held 470 MiB of its own. A site
below it keeps its index for the next build to splice an edit into (jiedu.search.splice); above, it merges
in full every time."""

SHARES_PER_PARTITION = 1 << 22
"""About as many shares as a partition holds, which sets what the merging process holds at once. The 9,985
documents of a 10,000-document build merged alone: in 8 partitions, peak RSS 505 MiB in 148 s; in 32,
231 MiB in 118 s (at once, 3,420 MiB)."""


def partition_count(shares: int) -> int:
    """How many partitions a merge of `shares` shares is made in: 1 up to PARTITION_SHARES, else a power
    of two that keeps each near SHARES_PER_PARTITION.

    Never more than the index will have files: every share adds at least two letters (its head and a
    record number) to its key's list, so the index has at least `shard_count(2 * shares)` files.

    >>> partition_count(1000), partition_count(PARTITION_SHARES), partition_count(PARTITION_SHARES + 1)
    (1, 1, 8)
    """
    if shares <= PARTITION_SHARES:
        return 1
    partitions = 2
    while shares > partitions * SHARES_PER_PARTITION:
        partitions *= 2
    return min(partitions, shard_count(2 * shares))


def partitioned_index(parts, documents: tuple[str, ...], partitions: int, folder: Path) -> MergedIndex:
    """merge.merge_index's files, merged `partitions` (a power of two) at a time in a new `folder`, which holds
    them until merge.merged_files has written them (`discard_parts` then removes it; so does a failure here)."""
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


def partitions_files(merged: MergedIndex) -> Iterator[tuple[int, list[str], list[str]]]:
    """(file number, keys, lists) of every index file of an index merged in partitions, a partition at a time."""
    for partition in range(merged.partitions):
        yield from _part_files(Path(merged.folder), partition, merged.partitions, len(merged.shard_keys))


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
