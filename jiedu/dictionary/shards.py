"""The word popup's data: the entries a site's documents use, in small script files.

Each file `assets/dict/NN.js` holds the words whose first character's code
point is NN (two hex digits) modulo SHARD_COUNT, and calls the page's
registration function with them (JSONP style: a page opened from disk can
load a script but may not fetch a file). The popup (templates/assets/words.js)
loads the one shard a clicked word needs. Compact: an entry is an array
[simplified, traditional, pinyin, senses] with a headword equal to the key
written "" and the senses joined by "/".
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from jiedu.annotate.chars import HAN_RUN_RE

from .cedict import Entry
from .lookup import Dictionary

SHARD_COUNT = 64
FOLDER = "assets/dict"
REGISTER = "jieduDict"
"""The global function each shard calls with its mapping (defined by words.js)."""


def shard_of(word: str) -> str:
    """The shard a word's entries travel in: its first character's code point mod 64, in hex.

    >>> shard_of("发展"), shard_of("發展")
    ('11', '3c')
    """
    return f"{ord(word[0]) % SHARD_COUNT:02x}"


def shard_path(shard: str) -> str:
    return f"{FOLDER}/{shard}.js"


def used_entries(words: Iterable[str], dictionary: Dictionary) -> dict[str, tuple[Entry, ...]]:
    """Headword -> entries for each word found, and for each character of the words not found."""
    used: dict[str, tuple[Entry, ...]] = {}
    for word in words:
        for headword, entries in dictionary.explain(word):
            if entries:
                used[headword] = entries
    return used


def entry_to_list(headword: str, entry: Entry) -> list[str]:
    """The compact form of one entry under `headword`.

    >>> entry_to_list("发展", Entry("发展", "發展", "fā zhǎn", ("to develop", "development")))
    ['', '發展', 'fā zhǎn', 'to develop/development']
    """
    def same(form: str) -> str:
        return "" if form == headword else form

    return [same(entry.simplified), same(entry.traditional), entry.pinyin, "/".join(entry.senses)]


def shard_script(used: dict[str, tuple[Entry, ...]]) -> str:
    """One shard's file: a call of REGISTER with headword -> compact entries, sorted."""
    mapping = {headword: [entry_to_list(headword, e) for e in used[headword]] for headword in sorted(used)}
    return f"{REGISTER}({json.dumps(mapping, ensure_ascii=False, separators=(',', ':'))});\n"


def dictionary_pages(words: Iterable[str], dictionary: Dictionary) -> list:
    """The shard files for the words a site uses (words without Han characters are ignored), as `Page`s."""
    from jiedu.render.pages import Page  # the render package imports the site's templates machinery

    by_shard: dict[str, dict[str, tuple[Entry, ...]]] = {}
    for headword, entries in used_entries((w for w in words if HAN_RUN_RE.search(w)), dictionary).items():
        by_shard.setdefault(shard_of(headword), {})[headword] = entries
    return [Page(shard_path(shard), shard_script(by_shard[shard])) for shard in sorted(by_shard)]
