"""A document's text files for the search page, `SLUG/search-K.js`.

Each file calls `jieduSearch.text(slug, K, first record, sections, rows, words)`
(JSONP: works from file://). A row is one record (jiedu.search.records):

    [address, section, flags, text, reading exceptions, term spans, Simplified text?]

* text: in the document's own script;
* reading exceptions: the readings that are not the characters' usual ones
  (jiedu.search.readings); the browser rebuilds the others;
* term spans: start and end of each glossary mark, flat;
* Simplified text: only for a Traditional record whose Simplified form the
  browser cannot rebuild. It converts the text character by character with
  the site's table (`assets/scripts.js`), except the words of `words` (the
  document's own words whose converted form the table gets wrong, as its
  reading pages list them: 头发 -> 頭髮), taken longest first
  (`convert_loose`, as `assets/jiedu.js` converts loose text). The same words
  show a result in the document's other script.
"""

from __future__ import annotations

import json
import re

from ..annotate.scripts import Script
from .readings import reading_exceptions, usual_codes

FORMAT = "2"
"""Changes with the layout of the rows: part of each document's text version, so browsers never mix layouts."""

CHUNK_BYTES = 6_000
"""A document's text is split into files of about this size: a result loads only the file holding its record."""

LONGEST_WORD = 8
"""Words longer than this are not looked for (assets/jiedu.js stops at the same length)."""


def record_values(script: Script, records) -> list[list]:
    """Each record (jiedu.search.records.SearchRecord) as a row, without its Simplified copy; `script`: the document's."""
    usual = usual_codes()
    return [
        [record.href, record.section, record.flags, own, reading_exceptions(own, record.text.readings, usual), [edge for term in record.text.terms for edge in (term.start, term.end)]]
        for record in records
        for own in (record.text.in_script(script),)
    ]


def with_simplified(row: list, text, table: dict[str, str], words: dict[str, str]) -> list:
    """The row, with the record's Simplified text when converting its own text (Traditional) would not give it."""
    own = row[3]
    return row + [text.simplified] if own != text.simplified and convert_loose(own, table, words) != text.simplified else row


def as_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def file_words(records, script: Script, tables: dict) -> dict[str, str]:
    """The words of `records` the table alone converts wrongly into the other script -> their converted form."""
    from ..render.other_script import word_exceptions

    words = word_exceptions([record.text for record in records], script, tables[script.other])
    return {word: other for word, other in words.items() if len(word) <= LONGEST_WORD}


def convert_loose(text: str, table: dict[str, str], words: dict[str, str]) -> str:
    """`text` converted as the browser converts loose text: the longest listed word at each place, else the character by `table`.

    >>> convert_loose("頭髮很長", {"頭": "头", "髮": "发", "長": "长"}, {})
    '头发很长'
    >>> convert_loose("畫畫", {"畫": "画"}, {"畫": "划"})
    '划划'
    """
    if not words:
        return text.translate(_translation(table))
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))
    out, at = [], 0
    for found in pattern.finditer(text):
        out.append(convert_loose(text[at : found.start()], table, {}))
        out.append(words[found.group()])
        at = found.end()
    out.append(convert_loose(text[at:], table, {}))
    return "".join(out)


_TRANSLATIONS: dict[int, tuple[dict, dict[int, str]]] = {}


def _translation(table: dict[str, str]) -> dict[int, str]:
    """`table` as str.translate wants it, made once per table (kept with it, so an id is never reused)."""
    cached = _TRANSLATIONS.get(id(table))
    if cached is None or cached[0] is not table:
        cached = _TRANSLATIONS[id(table)] = (table, {ord(char): other for char, other in table.items()})
    return cached[1]


def chunk_starts(rows: list[str]) -> list[int]:
    """The record numbers that start a text file, so that each file holds about CHUNK_BYTES.

    >>> chunk_starts(["x" * 4000, "x" * 4000, "x" * 100, "x" * 9000])
    [0, 1, 3]
    """
    starts, size = [0], 0
    for number, row in enumerate(rows):
        if size and size + len(row.encode()) > CHUNK_BYTES:
            starts.append(number)
            size = 0
        size += len(row.encode())
    return starts


def search_text_scripts(search_text, tables: dict) -> list[str]:
    """`SLUG/search-K.js`, K from 0: the document's records, a file's worth each, handed to `jieduSearch.text`
    with the headings of the sections they are in and the words the character table converts wrongly."""
    values, rows = search_text.values, list(search_text.rows)
    starts = chunk_starts(rows) + [len(rows)]
    scripts = []
    for number, (start, end) in enumerate(zip(starts, starts[1:])):
        records = search_text.records[start:end]
        words = file_words(records, search_text.script, tables)
        if search_text.script is Script.TRADITIONAL:
            table = tables[Script.SIMPLIFIED]
            rows[start:end] = [as_json(with_simplified(values[at], records[at - start].text, table, words)) for at in range(start, end)]
        used = sorted({record.section for record in records if record.section >= 0})
        sections = as_json({str(index): search_text.sections[index] for index in used})
        scripts.append(f"jieduSearch.text({json.dumps(search_text.slug)},{number},{start},{sections},[{','.join(rows[start:end])}],{as_json(dict(sorted(words.items())))});\n")
    return scripts
