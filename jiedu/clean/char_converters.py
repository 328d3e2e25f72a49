"""OpenCC one character at a time: Traditional <-> Simplified for the GBK repair.

The repair converts millions of characters, nearly all seen before, so a
converter is a memo's own item lookup, with no Python function in between:
`build_char_converter` asks OpenCC about each new character;
`load_char_converter` reads a table of every character OpenCC would change
(kept in the build cache, jiedu.table_cache) and needs no OpenCC at all.
"""

from __future__ import annotations

from collections.abc import Callable

from jiedu.opencc_dictionaries import dictionary_files, single_char_keys
from jiedu.table_cache import TableCache


def build_char_converter(config: str) -> Callable[[str], str]:
    """OpenCC (`config`, e.g. "t2s") for one character at a time, memoised.

    A character that would become two (or none) is left as it is.

    >>> build_char_converter("t2s")("營"), build_char_converter("s2t")("营")
    ('营', '營')
    """
    return _ConvertedChars(_opencc(config)).__getitem__


class _ConvertedChars(dict):
    """character -> converted character, converting each on first use (`__missing__`)."""

    def __init__(self, converter) -> None:
        super().__init__()
        self.converter = converter

    def __missing__(self, char: str) -> str:
        converted = self.converter.convert(char)
        self[char] = converted = converted if len(converted) == 1 else char
        return converted


def load_char_converter(config: str, tables: TableCache | None) -> Callable[[str], str]:
    """`build_char_converter(config)`, from a table of what it changes when `tables` has
    one (stored there when not): no OpenCC dictionaries to parse, no conversion to run."""
    if tables is None:
        return build_char_converter(config)
    name = f"opencc-{config}"
    changed = tables.load(name)
    if changed is None:
        changed = char_conversion_table(config)
        tables.store(name, "", lambda: changed)
    return _UnchangedUnlessListed(changed).__getitem__


def char_conversion_table(config: str) -> dict[str, str]:
    """{character: the one character OpenCC's `config` makes of it}, for every character it changes.

    Only a key of the configuration's dictionaries can change, and a string
    of one character can only match a key of one character: those are converted.

    >>> table = char_conversion_table("t2s")
    >>> table["營"], "营" in table
    ('营', False)
    """
    converted = _ConvertedChars(_opencc(config))
    return {char: converted[char] for char in sorted(single_char_keys(dictionary_files(config))) if converted[char] != char}


def _opencc(config: str):
    from opencc import OpenCC

    return OpenCC(config)


class _UnchangedUnlessListed(dict):
    """character -> converted character, from a table of the characters that change."""

    def __missing__(self, char: str) -> str:
        self[char] = char
        return char
