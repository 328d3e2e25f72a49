"""jieba's word list (its bundled dict.txt), read once per process.

The segmenter's dictionary (jiedu.annotate.segmenter) and the GBK repair's
word scores (jiedu.clean.gbk_repair.word_scores) are both derived from it; a build that
derives both (a clean build) reads the 350,000 lines once.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import util
from pathlib import Path
from types import MappingProxyType

WHITESPACE = " \t\n\r\x0b\x0c"
"""What `bytes.strip` strips: jieba strips each line of dict.txt as bytes."""


@lru_cache(maxsize=1)
def read_jieba_dictionary() -> tuple[MappingProxyType[str, int], int]:
    """dict.txt as jieba's `Tokenizer.gen_pfdict` reads it, less the prefixes:
    {word: count} (a later line wins; read-only: `.copy()` it) and the total of every line's count.

    A malformed line raises ValueError, as in jieba.
    """
    lines = (jieba_folder() / "dict.txt").read_bytes().decode("utf-8").split("\n")
    if lines[-1] == "":  # after the last newline
        lines.pop()
    counts: dict[str, int] = {}
    total = 0
    for line in lines:
        word, _, rest = line.strip(WHITESPACE).partition(" ")
        count = int(rest.partition(" ")[0])
        counts[word] = count
        total += count
    return MappingProxyType(counts), total


def jieba_folder() -> Path:
    """Where jieba is installed (found without importing it)."""
    return Path(util.find_spec("jieba").origin).parent
