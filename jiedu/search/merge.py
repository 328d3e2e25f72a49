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

Merging is concatenation of the documents' cached parts (records.SearchPart,
whose lists are written already), one head per key and document, so a rebuild
after one edit reads no text. The number of index files grows with the index,
so one file stays near SHARD_BYTES whatever the size of the site, and a query
loads only the files of its few keys.
"""

from __future__ import annotations

import json

from ..fingerprint import digest
from .keys import encode_number, shard_of, small_numbers
from .readings import usual_readings_script

SHARD_BYTES = 12_000
"""About this much per index file: a two-pair query loads two or three of them."""

SEARCH_FOLDER = "search"


def merge_postings(parts: list) -> dict[str, str]:
    """Key -> its list over the whole site, from the documents' parts (records.SearchPart) in site order."""
    spelled, limit = small_numbers(), len(small_numbers())
    merged: dict[str, list] = {}
    for number, part in enumerate(parts):
        for several, postings in ((0, part.once), (1, part.many)):
            for key, numbers in postings.items():
                found = merged.get(key)
                head = (number - (found[0] if found else -1) - 1) * 2 + several
                spelled_head = spelled[head] if head < limit else encode_number(head)
                if found is None:
                    merged[key] = [number, spelled_head + numbers]
                else:
                    found[0] = number
                    found.append(spelled_head + numbers)
    return {key: "".join(lists[1:]) if len(lists) > 2 else lists[1] for key, lists in merged.items()}


def shard_count(postings: dict[str, str]) -> int:
    """A power of two that keeps the files near SHARD_BYTES."""
    total = sum(len(key) * 3 + len(value) + 2 for key, value in postings.items())
    count = 1
    while total / count > SHARD_BYTES:
        count *= 2
    return count


def index_files(entries: list) -> list[tuple[str, str]]:
    """(path, text) of `search/meta.js`, `search/readings.js` and every index file, from the SiteEntry values (site order)."""
    searchable = [entry for entry in entries if getattr(entry, "search", None) is not None]
    postings = merge_postings([entry.search for entry in searchable])
    count = shard_count(postings)
    shards: list[list[str]] = [[] for _ in range(count)]
    for key, value in postings.items():
        shards[shard_of(key, count)] += (key, value)
    files = [(f"{SEARCH_FOLDER}/index/{number}.js", shard_script(number, shard)) for number, shard in enumerate(shards)]
    files.append((f"{SEARCH_FOLDER}/readings.js", usual_readings_script("".join(entry.search.characters for entry in searchable))))
    version = digest(*(text for _, text in files))[:12]
    return [(f"{SEARCH_FOLDER}/meta.js", meta_script(searchable, count, version))] + files


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
