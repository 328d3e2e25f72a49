"""pypinyin's readings of single characters (its pinyin_dict.json), read without importing pypinyin.

Importing any part of pypinyin runs its package's `__init__`, which loads its
phrase dictionary too: a quarter of a second that a rebuild after an edit
would pay only to learn each character's usual reading (the search text
files, jiedu.search.readings). The JSON file holds the same mapping that
`pypinyin.pinyin_dict.pinyin_dict` does.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from importlib import util
from pathlib import Path
from types import MappingProxyType


@lru_cache(maxsize=1)
def character_readings() -> MappingProxyType[int, str]:
    """Code point -> its readings, commonest first, comma-separated, as pypinyin's pinyin_dict has them (read-only)."""
    loaded = sys.modules.get("pypinyin.pinyin_dict")
    return MappingProxyType(loaded.pinyin_dict if loaded is not None else read_readings_file())


def read_readings_file() -> dict[int, str]:
    """pinyin_dict.json as pypinyin's pinyin_dict module reads it (a new dict)."""
    data = json.loads((pypinyin_folder() / "pinyin_dict.json").read_text(encoding="utf-8"))
    return {int(point): readings for point, readings in data.items()}


def pypinyin_folder() -> Path:
    """Where pypinyin is installed (found without importing it)."""
    return Path(util.find_spec("pypinyin").origin).parent
