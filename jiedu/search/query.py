"""Answering a query from the index files, as `assets/search.js` does: for tests and `scripts/eval_search.py`.

`SiteIndex.read(folder)` reads a built site's `search/` files and the
documents' `search-K.js`; `SiteIndex.search(query)` returns every record that
holds the query, after checking each candidate against its text, and
`bytes_for(query)` says what the browser would download to answer it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..charclass import HAN_RE
from .keys import FULL_WIDTH_FORMS, TRANSPARENT, decode_numbers, decode_values, phrase_keys, shard_of, syllable_phrase_keys, term_key, without_transparent
from .pinyin import is_pinyin_query, query_syllables
from .readings import codes_of
from .texts import convert_loose

MAX_KEYS = 4
"""A long phrase is looked up by at most this many of its pairs (the text check does the rest)."""

PAGE = 20
"""Results the page shows at first: only their documents' texts are loaded."""


@dataclass(frozen=True, slots=True)
class Plan:
    kind: str
    """"text" or "pinyin"."""
    keys: tuple[str, ...]
    phrase: str = ""
    syllables: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class SiteIndex:
    folder: Path
    meta: dict
    shards: dict = field(default_factory=dict)
    texts: dict = field(default_factory=dict)
    fold: dict = field(default_factory=dict)
    """Traditional -> Simplified character table (assets/scripts.js)."""
    usual: dict = field(default_factory=dict)
    """Character -> the code of its usual reading (search/readings.js)."""

    @classmethod
    def read(cls, folder: Path) -> SiteIndex:
        meta = _jsonp(folder / "search" / "meta.js")
        tables = json.loads((folder / "assets" / "scripts.js").read_text(encoding="utf-8").split("=", 1)[1].rstrip().rstrip(";"))
        pairs = tables.get("hans", "")
        usual = dict(re.findall(r"(.)([a-zü]+[1-5])", _jsonp(folder / "search" / "readings.js"), re.S))
        return cls(folder, meta, fold={pairs[i]: pairs[i + 1] for i in range(0, len(pairs) - 1, 2)}, usual=usual)

    def shard_path(self, number: int) -> Path:
        return self.folder / "search" / "index" / f"{number}.js"

    def postings(self, key: str) -> set[tuple[int, int]]:
        number = shard_of(key, self.meta["shards"])
        if number not in self.shards:
            items = _jsonp(self.shard_path(number), 1).split(",")
            self.shards[number] = dict(zip(items[::2], items[1::2]))
        return decode_postings(self.shards[number].get(key, ""))

    def chunk_path(self, document: int, record: int) -> Path:
        """The text file holding a record (`SLUG/search-K.js`)."""
        entry = self.meta["documents"][document]
        starts = decode_numbers(entry[8])
        return self.folder / entry[0] / f"search-{sum(1 for start in starts if start <= record) - 1}.js"

    def record(self, document: int, record: int) -> list:
        """The record's row in its text file (jiedu.search.texts)."""
        start, rows, _ = self._file(document, record)
        return rows[record - start]

    def _file(self, document: int, record: int) -> tuple[int, list, dict]:
        path = self.chunk_path(document, record)
        if path not in self.texts:
            self.texts[path] = _jsonp(path, 2), _jsonp(path, 4), _jsonp(path, 5)
        return self.texts[path]

    def simplified(self, document: int, record: int) -> str:
        """The record's text in Simplified, as the browser rebuilds it (the table and the file's words)."""
        row = self.record(document, record)
        if len(row) > 6 or self.meta["documents"][document][4] == "hans":
            return row[-1] if len(row) > 6 else row[3]
        return convert_loose(row[3], self.fold, self._file(document, record)[2])

    def codes(self, document: int, record: int) -> list[str]:
        """The reading code of each character of the record ("." for none), rebuilt as the browser does."""
        row = self.record(document, record)
        return codes_of(row[3], row[4], self.usual)

    def plans(self, query: str) -> list[Plan]:
        return read_query(query, self.fold)

    def candidates(self, query: str) -> set[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        for plan in self.plans(query):
            sets = [self.postings(key) for key in plan.keys]
            found |= set.intersection(*sets) if sets else set()
        return found

    def search(self, query: str) -> dict[tuple[int, int], list[tuple[int, int]]]:
        """(document, record) -> the spans matching `query`, for every record that holds it."""
        plans, results = self.plans(query), {}
        for document, record in sorted(self.candidates(query)):
            text, codes = self.simplified(document, record), self.codes(document, record)
            spans = [span for plan in plans for span in matches_in(plan, text, codes, self.fold)]
            if spans:
                results[(document, record)] = spans
        return results

    def files_for(self, query: str, shown: int = PAGE) -> tuple[set[Path], set[Path]]:
        """The files the browser loads to show the first `shown` results, and to check every candidate
        (meta, the index files of the query's keys, the script tables for a Han query, the texts)."""
        plans = self.plans(query)
        keys = {key for plan in plans for key in plan.keys} | {term_key(plan.phrase) for plan in plans if plan.kind == "text"}
        common = {self.folder / "search" / "meta.js"} | {self.shard_path(shard_of(key, self.meta["shards"])) for key in keys}
        if any(HAN_RE.search(plan.phrase) for plan in plans):
            common.add(self.folder / "assets" / "scripts.js")
        if any(plan.kind == "pinyin" for plan in plans):
            common.add(self.folder / "search" / "readings.js")
        texts = [self.chunk_path(document, record) for document, record in sorted(self.candidates(query))]
        return common | set(texts[:shown]), common | set(texts)

    def bytes_for(self, query: str, shown: int = PAGE) -> tuple[int, int]:
        """Bytes (as stored, uncompressed) of `files_for`."""
        first, every = self.files_for(query, shown)
        return sum(path.stat().st_size for path in first), sum(path.stat().st_size for path in every)


def _jsonp(path: Path, argument: int = 0):
    """The JSON argument of a `jieduSearch.x(…);` file (the second one when `argument` is 1)."""
    body = path.read_text(encoding="utf-8")
    inner = body[body.index("(") + 1 : body.rindex(")")]
    return json.loads(f"[{inner}]")[argument]


def decode_postings(text: str) -> set[tuple[int, int]]:
    """(document, record) pairs of one key's list (jiedu.search.merge)."""
    values, found, document, at = decode_values(text), set(), -1, 0
    while at < len(values):
        document += values[at] // 2 + 1
        several = values[at] % 2
        count = values[at + 1] + 2 if several else 1
        at += 1 + several
        record = 0
        for gap in values[at : at + count]:
            record += gap
            found.add((document, record))
        at += count
    return found


def fold_query(text: str, table: dict) -> str:
    return "".join(table.get(char, char) for char in text).translate(FULL_WIDTH_FORMS).lower()


def phrase_spans(phrase: str, text: str) -> list[tuple[int, int]]:
    """[start, end) spans in `text` of each place `phrase` starts, both read without their TRANSPARENT marks
    (`phrase` has none); a span holds the marks inside the match, not those around it.

    >>> phrase_spans("十四五规划", "“十四五”规划和“十四五规划”")
    [(1, 7), (9, 14)]
    """
    if not phrase:
        return []
    places = [i for i, char in enumerate(text) if char not in TRANSPARENT]
    bare = "".join(text[i] for i in places)
    return [(places[m.start()], places[m.start() + len(phrase) - 1] + 1) for m in re.finditer(f"(?={re.escape(phrase)})", bare)]


def spread(keys: list[str]) -> tuple[str, ...]:
    if len(keys) <= MAX_KEYS:
        return tuple(keys)
    return tuple(keys[round(i * (len(keys) - 1) / (MAX_KEYS - 1))] for i in range(MAX_KEYS))


def read_query(query: str, table: dict) -> list[Plan]:
    """What to look up for `query`: its text as a phrase, and each way of reading it as pinyin."""
    q = " ".join(query.translate(FULL_WIDTH_FORMS).split())
    if not q:
        return []
    han = HAN_RE.search(q) is not None
    phrase = fold_query(re.sub(r"\s+", "", q) if han else q, table)
    phrase = without_transparent(phrase) or phrase  # “十四五”规划 is looked for as 十四五规划 (a query of marks alone as it is)
    plans = [Plan("text", spread(phrase_keys(phrase)), phrase=phrase)]
    if not han and is_pinyin_query(q):
        for cut in query_syllables(q):
            pairs = syllable_phrase_keys([syllable for syllable, _ in cut])
            plans.append(Plan("pinyin", spread(pairs), syllables=tuple(cut)))
    return plans


def matches_in(plan: Plan, simplified: str, readings: list[str], table: dict) -> list[tuple[int, int]]:
    """[start, end) spans of `plan` in one record: its Simplified text and its reading codes."""
    if plan.kind == "text":
        return phrase_spans(plan.phrase, fold_query(simplified, table))  # the plan's phrase is read without the marks (`read_query`)
    size, spans = len(plan.syllables), []
    for start in range(len(readings) - size + 1):
        window = readings[start : start + size]
        if all(r != "." and r[:-1].replace("ü", "v") == s and (not tone or tone == r[-1]) for r, (s, tone) in zip(window, plan.syllables)):
            spans.append((start, start + size))
    return spans
