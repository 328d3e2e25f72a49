"""The site-wide index after an edit: the changed documents' shares spliced into the last build's lists.

A full merge (jiedu.search.merge) walks every key of every document: about a
second per hundred documents. After one document is edited, only the keys it
had or has change: each key's list is the documents' shares in site order,
each share headed by the gap from the document before, so replacing one share
touches that share and the head of the next one. The last build's lists
(`merge.MergedIndex`) are kept in the `serve` session and in the build cache,
under the cache keys of the documents they were merged from; a document whose
key changed is spliced in place, its old and new postings read from the cache.
Only the changed documents' postings are read.

A document added or removed renumbers every document after it, and so every
head after it: that build merges in full, as does one where the index grows
or shrinks past a change in the number of index files. The result is the
same lists, byte for byte, as a full merge (tests/test_incremental.py).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path

from .keys import ALPHABET, CONTINUATIONS, TERMINALS, encode_number, shard_of, small_numbers
from .merge import MergedIndex, key_size, layout_bytes, merge_index, read_layout, shard_count, shard_key
from .partitions import partitioned_index
from .records import SearchPostings

EMPTY = SearchPostings({}, {})

SPLICED_SHARE = 8
"""Splice when at most one document in this many changed; past that a full merge is about as quick."""


def updated_index(previous: MergedIndex | None, documents: tuple[str, ...], postings: Callable, partitions: int = 1,
                  folder: Path | None = None) -> MergedIndex:
    """The index of the documents whose cache keys are `documents` (site order), spliced into `previous`
    where only some documents changed, else merged in full. `postings(key)`: the records.SearchPostings
    stored under a document key, or None. With `partitions` > 1 (a big site: partitions.partition_count), it is
    merged in full, in partitions kept in `folder` until its files are written (jiedu.search.partitions)."""
    parts = (postings(key) or EMPTY for key in documents)  # read one document at a time
    if partitions > 1:
        return partitioned_index(parts, documents, partitions, folder)
    spliced = spliced_index(previous, documents, postings) if previous is not None else None
    if spliced is not None:
        return spliced
    return merge_index(parts, documents)


def spliced_index(previous: MergedIndex, documents: tuple[str, ...], postings: Callable) -> MergedIndex | None:
    """`previous` with the changed documents' shares replaced, or None where a full merge is needed."""
    if len(documents) != len(previous.documents):
        return None  # added or removed documents renumber the ones after them
    changed = [number for number, (old, new) in enumerate(zip(previous.documents, documents)) if old != new]
    if len(changed) * SPLICED_SHARE > max(len(documents), SPLICED_SHARE):
        return None
    pairs = [(postings(previous.documents[number]), postings(documents[number])) for number in changed]
    if any(old is None or new is None for old, new in pairs):
        return None
    index = Splicer(previous)
    for number, (old, new) in zip(changed, pairs):
        index.replace_document(number, old, new)
    return index.finished(documents)


class Splicer:
    """Copies of a MergedIndex's lists, changed key by key (the original is left as it was: a build that fails leaves it usable)."""

    def __init__(self, merged: MergedIndex):
        self.keys = list(merged.keys)
        self.values = list(merged.values)
        """Each index file's keys and lists: the original's, until a splice first touches the file and copies them."""
        self.layouts = dict(merged.layouts)
        self.total = merged.total
        self.shard_keys = list(merged.shard_keys)
        self.touched: set[int] = set()
        """The index files whose keys or lists were spliced."""

    def finished(self, documents: tuple[str, ...]) -> MergedIndex | None:
        """The spliced index, or None when its size now asks for another number of index files."""
        if shard_count(self.total) != len(self.keys):
            return None
        for shard in self.touched:
            self.shard_keys[shard] = shard_key(self.keys[shard], self.values[shard])
        return MergedIndex(tuple(documents), tuple(self.keys), tuple(self.values), self.layouts, self.total, tuple(self.shard_keys))

    def replace_document(self, number: int, old, new) -> None:
        """Document `number`'s shares: those of part `old` out, those of part `new` in."""
        for key in (old.once.keys() | old.many.keys()) - new.once.keys() - new.many.keys():
            self.splice_key(key, number, None)
        # A share is (1 when several records hold the key, else 0; their numbers as the part wrote them).
        # An unchanged share leaves the key's whole list as it was: most of an edited document's keys.
        for several, (shares, old_shares) in enumerate(((new.once, old.once), (new.many, old.many))):
            for key, numbers in shares.items():
                if old_shares.get(key) != numbers:
                    self.splice_key(key, number, (several, numbers))

    def splice_key(self, key: str, number: int, share: tuple[int, str] | None) -> None:
        """Put document `number`'s share of `key` (several, record numbers), or none, into the key's list."""
        shard = shard_of(key, len(self.keys))
        if shard not in self.touched:
            self.touched.add(shard)
            self.keys[shard], self.values[shard] = list(self.keys[shard]), list(self.values[shard])
        keys, values = self.keys[shard], self.values[shard]
        place = index_of(keys, key)
        value = values[place] if place is not None else ""
        holders, lengths = self.layout_of(key, value)
        value, holders, lengths = spliced_list(value, holders, lengths, number, share)
        self.total += (key_size(key, value) if holders else 0) - (key_size(key, values[place]) if place is not None else 0)
        self.store_layout(key, holders, lengths)
        first_moved = place is None or not holders or holders[0] >= number
        if place is not None and (first_moved or not holders):
            del keys[place], values[place]
            place = None
        if holders and place is None:
            place = order_place(keys, values, key, value)
            keys.insert(place, key)
            values.insert(place, value)
        elif holders:
            values[place] = value

    def layout_of(self, key: str, value: str) -> tuple[list[int], list[int]]:
        """The key's documents and the length of each one's share."""
        if not value:
            return [], []
        found = self.layouts.get(key)
        if found is None:  # one document: the head of its only share is twice its number (plus one)
            return [first_number(value)[0] // 2], [len(value)]
        return read_layout(found)

    def store_layout(self, key: str, holders: list[int], lengths: list[int]) -> None:
        if len(holders) > 1:
            self.layouts[key] = layout_bytes(holders, lengths)
        else:
            self.layouts.pop(key, None)


def spliced_list(value: str, holders: list[int], lengths: list[int], number: int, share: tuple[int, str] | None) -> tuple[str, list[int], list[int]]:
    """A key's list with document `number`'s share replaced by `share` (or taken out), and its new layout.

    The share's head counts from the document before; the next document's head is
    written again, since the document before it may now be another.
    """
    place = bisect_left(holders, number)
    held = place < len(holders) and holders[place] == number
    start = sum(lengths[:place])
    rest = start + (lengths[place] if held else 0)
    previous = holders[place - 1] if place else -1
    written = spelled(2 * (number - previous - 1) + share[0]) + share[1] if share else ""
    after = place + 1 if held else place
    tail = value[rest:]
    if after < len(holders):  # the next document's head, counted from this one or from the one before
        head, size = first_number(tail)
        new_head = spelled(2 * (holders[after] - (number if share else previous) - 1) + head % 2)
        tail = new_head + tail[size:]
        lengths[after] += len(new_head) - size
    if held and share:
        lengths[place] = len(written)
    elif held:
        del holders[place], lengths[place]
    elif share:
        holders.insert(place, number)
        lengths.insert(place, len(written))
    return value[:start] + written + tail, holders, lengths


def order_place(keys: list[str], values: list[str], key: str, value: str) -> int:
    """Where a key goes among an index file's keys: in the order a full merge meets them, which is
    by the head of their first share (twice the first document's number, plus one for several records), then the key."""
    wanted = (first_number(value)[0], key)
    return bisect_left(range(len(keys)), wanted, key=lambda place: (first_number(values[place])[0], keys[place]))


def index_of(keys: list[str], key: str) -> int | None:
    try:
        return keys.index(key)
    except ValueError:
        return None


def spelled(value: int) -> str:
    """`keys.encode_number`, from the table for small numbers."""
    table = small_numbers()
    return table[value] if value < len(table) else encode_number(value)


def first_number(text: str) -> tuple[int, int]:
    """The first number `text` spells (keys.encode_number) and how many letters it takes.

    >>> first_number(encode_number(5000) + "abc") == (5000, len(encode_number(5000)))
    True
    """
    value = 0
    for size, char in enumerate(text, 1):
        digit = ALPHABET.index(char)
        if digit >= CONTINUATIONS:
            return value * TERMINALS + digit - CONTINUATIONS, size
        value = value * CONTINUATIONS + digit
    raise ValueError(f"no number at the start of {text[:20]!r}")


class IndexMemory:
    """Where the last build's MergedIndex is kept for the next (the `serve` session, and the build cache
    for a new process), and where each document's postings are read (the build cache)."""

    NAME = "search-index"

    def __init__(self, cache, session: dict | None, document_keys: list[str], made: dict | None = None, fold: dict | None = None):
        self.cache = cache
        """jiedu.build_cache.BuildCache."""
        self.session = session
        self.document_keys = document_keys
        """The cache key of each SiteEntry the index is made from, in the same order."""
        self.made = made or {}
        """Cache key -> postings made in this build that the cache could not store."""
        self.fold = fold
        """The site's search fold (jiedu.resources.BuildTools.search_fold), to make postings again from a cached document."""
        self.unreadable: set[str] = set()
        """The keys whose postings were asked for and could not be read."""

    def previous(self) -> MergedIndex | None:
        if self.session is not None and (found := self.session.get(self._session_key())) is not None:
            return found
        found = self.cache.load_resource(self.NAME, "last")
        return found if isinstance(found, MergedIndex) else None

    def postings(self, key: str):
        """The records.SearchPostings stored under a document key, made again from its cached annotations
        when they cannot be read (and stored again), or None (noted in `unreadable`)."""
        found = self.made.get(key) or self.cache.load_postings(key) or self._made_again(key)
        if found is None:
            self.unreadable.add(key)
        return found

    def _made_again(self, key: str):
        stored = self.cache.load_document(key)
        if stored is None:
            return None
        from ..render import document_entry
        from . import document_search, search_part_of

        entry, annotated = stored
        postings = search_part_of(document_search(document_entry(annotated)), self.fold)[1]
        self.cache.store_document(key, entry, annotated, postings)
        return postings

    def remember(self, merged: MergedIndex) -> None:
        if self.session is not None:
            self.session[self._session_key()] = merged
        self.cache.store_resource(self.NAME, "last", merged)

    def forget_lost(self, lost: list[tuple]) -> list:
        """A problem for each document of `lost` ((SiteEntry, cache key) pairs) whose postings could not be read
        or made again. Its cached values are removed, so that a build that has anything to do makes them again,
        and this index is not kept (it lacks them): the next build merges in full."""
        from ..model import Problem

        self.forget()
        message = (f"its search index entries could not be read from the build cache (a damaged file?), so it is left out of search; "
                   f"delete the cache folder {self.cache.folder.parent} and build again")
        for _, key in lost:
            self.cache.forget_document(key)
        return [Problem(str(entry.source_path), None, message) for entry, _ in lost]

    def forget(self) -> None:
        if self.session is not None:
            self.session.pop(self._session_key(), None)
        self.cache.store_resource(self.NAME, "last", None)

    def _session_key(self) -> tuple:
        return (self.NAME, self.cache.folder)
