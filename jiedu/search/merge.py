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
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from contextlib import contextmanager
from array import array
from dataclasses import dataclass
from itertools import chain

from ..fingerprint import digest
from .keys import encode_number, shard_of, small_numbers
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


def merge_index(parts, documents: tuple[str, ...]) -> MergedIndex:
    """The whole index, from the documents' postings (records.SearchPostings; any iterable, read once) in site order and their cache keys."""
    with collections_paused():
        return _merge_index(parts, documents)


def _merge_index(parts, documents: tuple[str, ...]) -> MergedIndex:
    postings = merge_shares(parts)
    layouts = {}
    for key, found in postings.items():  # each growing list replaced by its text, in place: the two never coexist whole
        if type(found) is tuple:
            postings[key] = found[1]
        else:
            holders, lengths, text = found
            postings[key] = text.decode("ascii")
            layouts[key] = layout_bytes(holders, lengths)
    total = sum(key_size(key, value) for key, value in postings.items())
    count = shard_count(total)
    keys: tuple[list, ...] = tuple([] for _ in range(count))
    values: tuple[list, ...] = tuple([] for _ in range(count))
    for key, value in postings.items():
        shard = shard_of(key, count)
        keys[shard].append(key)
        values[shard].append(value)
    return MergedIndex(tuple(documents), keys, values, layouts, total, tuple(map(shard_key, keys, values)))


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


def merge_shares(parts) -> dict[str, tuple | list]:
    """Key -> its list as merged so far, in the order keys are met: (document number, share) while one
    document holds it, then [its documents' numbers, the length of each one's share, the shares] (arrays and a
    bytearray: a thousand documents make ten million shares, far too many to keep as strings; the letters are ASCII).
    A share is the document's head (twice the gap from the document before, plus one for several records), then its record numbers."""
    spelled, limit = small_numbers(), len(small_numbers())
    merged: dict[str, tuple | list] = {}
    for number, part in enumerate(parts):
        for several, postings in ((0, part.once), (1, part.many)):
            for key, numbers in postings.items():
                found = merged.get(key)
                if found is None:
                    head = number * 2 + several
                    merged[key] = (number, (spelled[head] if head < limit else encode_number(head)) + numbers)
                    continue
                if type(found) is tuple:
                    found = merged[key] = [array("I", (found[0],)), array("I", (len(found[1]),)), bytearray(found[1], "ascii")]
                holders, lengths, text = found
                head = (number - holders[-1] - 1) * 2 + several
                share = (spelled[head] if head < limit else encode_number(head)) + numbers
                holders.append(number)
                lengths.append(len(share))
                text += share.encode("ascii")
    return merged


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


def merged_files(merged: MergedIndex, searchable: list, kept: Callable[[str], bool] = lambda path: False) -> list[tuple[str, str]]:
    """(path, text) of the site-wide files, from the merged lists and the searchable SiteEntry values (site order).
    Index files for which `kept(path)` is true are left out (carried over from the previous site: see `file_keys`)."""
    files = [(f"{SEARCH_FOLDER}/readings.js", usual_readings_script("".join(entry.search.characters for entry in searchable)))]
    version = digest(*merged.shard_keys, files[0][1])[:12]
    for number, (keys, values) in enumerate(zip(merged.keys, merged.values)):
        if not kept(index_path(number)):
            files.append((index_path(number), shard_script(number, list(chain.from_iterable(zip(keys, values))))))
    return [(f"{SEARCH_FOLDER}/meta.js", meta_script(searchable, len(merged.keys), version))] + files


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
