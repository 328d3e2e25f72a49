"""The other script, shown in the browser from data the page carries.

A document's pages are written once, in the document's own script. Its other
script is made in place by `assets/jiedu.js`: each character is replaced by its
usual counterpart from one site-wide table (`assets/scripts.js`, written from
the build's converter), except in the words whose converted form the table
would get wrong (头发 → 頭髮, not 頭發), which each page lists. Word by word,
the browser so shows exactly the text the build converted, and a page pays
only for its exceptions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..annotate import AnnotatedText
from ..annotate.scripts import Script

HAN_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000))
"""CJK Unified Ideographs and Extension A: the characters the converters change."""


def character_tables(converter) -> dict[Script, dict[str, str]]:
    """Target script -> {character: its usual counterpart}, for every character the converter changes alone.

    A character whose conversion is not one character is left out (kept as it is).
    """
    chars = [chr(code) for low, high in HAN_RANGES for code in range(low, high)]
    return {
        Script.TRADITIONAL: _changed(chars, converter.to_traditional),
        Script.SIMPLIFIED: _changed(chars, converter.to_simplified),
    }


def _changed(chars: list[str], convert) -> dict[str, str]:
    table = {}
    for char in chars:
        converted = convert(char)
        if converted != char and len(converted) == 1:
            table[char] = converted
    return table


def word_exceptions(texts: Iterable[AnnotatedText], original: Script, table: dict[str, str]) -> dict[str, str]:
    """Word in the original script -> its form in the other script, where the table alone would get it wrong.

    The whole text is converted by the table first (str.translate, at C speed);
    only a text that then differs from the build's conversion is looked at word by word.

    >>> text = AnnotatedText("头发很长", "頭髮很長", (None,) * 4, (), words=(2, 1, 1))
    >>> word_exceptions([text], Script.SIMPLIFIED, {"头": "頭", "发": "發", "长": "長"})
    {'头发': '頭髮'}
    """
    exceptions: dict[str, str] = {}
    other, translation = original.other, _translation(table)
    for text in texts:
        source, target = text.in_script(original), text.in_script(other)
        by_table = source.translate(translation)
        if by_table == target or len(source) != len(target):
            continue
        start = 0
        for length in text.words or (1,) * len(source):
            end = start + length
            if by_table[start:end] != target[start:end]:
                exceptions[source[start:end]] = target[start:end]
            start = end
    return exceptions


_TRANSLATIONS: dict[int, tuple[dict, dict[int, str]]] = {}


def _translation(table: dict[str, str]) -> dict[int, str]:
    """`table` as str.translate wants it, made once per table (the table is kept with it, so an id is never reused)."""
    cached = _TRANSLATIONS.get(id(table))
    if cached is None or cached[0] is not table:
        cached = _TRANSLATIONS[id(table)] = (table, {ord(char): converted for char, converted in table.items()})
    return cached[1]


def page_script_data(original: Script, exceptions: dict[str, str]) -> str:
    """The JSON a page carries for its other script (safe inside <script>: "<" is escaped).

    >>> page_script_data(Script.SIMPLIFIED, {"头发": "頭髮"})
    '{"from":"hans","to":"hant","words":{"头发":"頭髮"}}'
    """
    data = {"from": script_code(original), "to": script_code(original.other), "words": dict(sorted(exceptions.items()))}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def script_code(script: Script) -> str:
    """The short name pages and the browser use for a script: "hans" or "hant"."""
    return "hans" if script is Script.SIMPLIFIED else "hant"


def tables_asset(tables: dict[Script, dict[str, str]]) -> str:
    """`assets/scripts.js`: both tables as strings of character pairs, loaded when a reader switches script.

    >>> tables_asset({Script.TRADITIONAL: {"发": "發"}, Script.SIMPLIFIED: {"發": "发"}})
    'window.jieduScripts={"hant":"发發","hans":"發发"};\\n'
    """
    pairs = {script_code(script): "".join(k + v for k, v in sorted(table.items())) for script, table in tables.items()}
    return "window.jieduScripts=" + json.dumps(pairs, ensure_ascii=False, separators=(",", ":")) + ";\n"
