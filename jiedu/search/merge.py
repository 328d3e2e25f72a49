"""The site-wide index: every document's part merged into files the browser loads on demand.

    search/meta.js          the documents (slug, titles, date, record count,
                            headings) and how many index files there are
    search/index/N.js       the keys whose hash is N, each with the records holding it

A key's list holds, for each document that has it, the gap from the previous
such document, how many of its records follow, and their numbers (all VLQ,
`keys.encode_numbers`). Merging is string concatenation of the documents'
cached parts, so a rebuild after one edit costs little. The number of index
files grows with the index, so one file stays near SHARD_BYTES whatever the
size of the site, and a query loads only the files of its few keys.
"""

from __future__ import annotations

import json

from ..fingerprint import digest
from .keys import ALPHABET, encode_number, shard_of

SHARD_BYTES = 12_000
"""About this much per index file: a two-pair query loads two or three of them."""

SEARCH_FOLDER = "search"


def merge_postings(parts: list) -> dict[str, str]:
    """Key -> its list over the whole site, from the documents' parts in site order."""
    merged: dict[str, list[str]] = {}
    last: dict[str, int] = {}
    for number, part in enumerate(parts):
        for key, numbers in part.postings.items():
            gap = number - last.get(key, -1) - 1
            last[key] = number
            merged.setdefault(key, []).append(encode_number(gap) + encode_number(len_of(numbers)) + numbers)
    return {key: "".join(merged[key]) for key in sorted(merged)}


def len_of(encoded: str) -> int:
    """How many numbers a VLQ string holds (each ends with a digit below 32)."""
    return sum(1 for char in encoded if char in FINAL_DIGITS)


FINAL_DIGITS = frozenset(ALPHABET[:32])


def shard_count(postings: dict[str, str]) -> int:
    """A power of two that keeps the files near SHARD_BYTES."""
    total = sum(len(key.encode()) + len(value) + 6 for key, value in postings.items())
    count = 1
    while total / count > SHARD_BYTES:
        count *= 2
    return count


def index_files(entries: list) -> list[tuple[str, str]]:
    """(path, text) of `search/meta.js` and every index file, from the SiteEntry values (site order)."""
    searchable = [entry for entry in entries if getattr(entry, "search", None) is not None]
    postings = merge_postings([entry.search for entry in searchable])
    count = shard_count(postings)
    shards: list[dict[str, str]] = [{} for _ in range(count)]
    for key, value in postings.items():
        shards[shard_of(key, count)][key] = value
    files = [(f"{SEARCH_FOLDER}/index/{number}.js", shard_script(number, shard)) for number, shard in enumerate(shards)]
    version = digest(*(text for _, text in files))[:12]
    return [(f"{SEARCH_FOLDER}/meta.js", meta_script(searchable, count, version))] + files


def shard_script(number: int, shard: dict[str, str]) -> str:
    return f"jieduSearch.shard({number},{json.dumps(shard, ensure_ascii=False, separators=(',', ':'))});\n"


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
