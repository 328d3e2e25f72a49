"""OpenCC's dictionary files, read as its conversions read them.

Three things are derived from them, each kept as a table in the build cache:
the characters a conversion may change (`jiedu.annotate.simplify`), the
single characters a dictionary converts, which tell the scripts apart
(`jiedu.annotate.scripts`), and the character-for-character tables of the GBK
repair (`jiedu.clean.char_converters`). They all find the files here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources


def dictionary_files(conversion: str) -> list[str]:
    """The dictionary files an OpenCC conversion applies, in order, from its config file.

    >>> dictionary_files("s2tw")
    ['STPhrases.txt', 'STCharacters.txt', 'TWVariants.txt']
    """
    config = resources.files("opencc").joinpath("config", f"{conversion}.json").read_text(encoding="utf-8")
    return [name for step in json.loads(config)["conversion_chain"] for name in _files_of(step["dict"])]


def _files_of(spec: dict) -> list[str]:
    if spec.get("type") == "group":
        return [name for inner in spec["dicts"] for name in _files_of(inner)]
    return [spec["file"]] if spec.get("type") == "txt" else []


def dictionary_lines(name: str) -> list[str]:
    """The lines of one dictionary file: ``key<TAB>value value…``."""
    return resources.files("opencc").joinpath("dictionary", name).read_text(encoding="utf-8").splitlines()


def single_char_keys(names: Iterable[str]) -> set[str]:
    """The keys of one character in the dictionary files `names`.

    >>> "營" in single_char_keys(["TSCharacters.txt"]), "营" in single_char_keys(["TSCharacters.txt"])
    (True, False)
    """
    return {key for name in names for line in dictionary_lines(name) if len(key := line.split("\t", 1)[0]) == 1}
