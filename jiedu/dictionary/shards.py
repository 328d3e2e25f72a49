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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain

from jiedu.annotate.chars import HAN_RUN_RE
from jiedu.fingerprint import digest

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


@dataclass(frozen=True, slots=True)
class ExplainedWords:
    """What the popup's shards need of a site's words; kept in the build cache, so that a rebuild
    looks up only the words it has not met (some 40,000 words for 100 documents: a second of lookups)."""

    headwords: dict
    """Word -> the headwords shown for it that have entries: the word, or its characters (`Dictionary.explain`)."""
    entries: dict
    """Headword -> its item as a shard writes it: the headword as JSON, a colon, and a JSON array of its `entry_to_list` arrays."""
    version: str = ""
    """A digest of `entries`, what the shard files are written from (`shard_page_keys`)."""
    shards: tuple[str, ...] = ()
    """The shards that hold a headword, in order."""


def explain_words(words: Iterable[str], dictionary: Dictionary, known: ExplainedWords | None = None) -> ExplainedWords:
    """What the shards need of `words` (those without Han characters are ignored): taken from `known`
    where it has a word, else looked up in `dictionary`. Holds only these words, whatever `known` held."""
    if known is not None:
        words = {word for word in words if HAN_RUN_RE.search(word)}
        if known.headwords.keys() == words:  # an edit that brought no new word and took none away: nothing to look up
            return known
    headwords: dict[str, tuple[str, ...]] = {}
    entries: dict[str, str] = {}
    for word in words:
        if word in headwords or not HAN_RUN_RE.search(word):
            continue
        found = known.headwords.get(word) if known else None
        if found is None:
            explained = [(headword, found_entries) for headword, found_entries in dictionary.explain(word) if found_entries]
            found = tuple(headword for headword, _ in explained)
            entries.update((headword, _shard_item(headword, found_entries)) for headword, found_entries in explained)
        else:
            entries.update((headword, known.entries[headword]) for headword in found if headword not in entries)
        headwords[word] = found
    # NUL never occurs in a headword or in JSON text: the joined items spell the entries unambiguously.
    version = digest("\0".join(chain.from_iterable(sorted(entries.items()))))
    return ExplainedWords(headwords, entries, version, tuple(sorted({shard_of(headword) for headword in entries})))


_COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""Made once: json.dumps with arguments makes an encoder per call (a third of the time of 200,000 items)."""


def _shard_item(headword: str, entries: tuple[Entry, ...]) -> str:
    """``"headword":[entries]``, written once per headword and kept with the site's ExplainedWords."""
    return _COMPACT_JSON.encode({headword: [entry_to_list(headword, entry) for entry in entries]})[1:-1]


def shard_page_keys(explained: ExplainedWords) -> dict[str, str]:
    """Shard file path -> what it is written from: a build whose words explain alike carries
    the previous site's files over (`jiedu.write.reuse_unchanged`) instead of writing them again."""
    return {shard_path(shard): explained.version for shard in explained.shards}


def shard_pages(explained: ExplainedWords, kept: Callable[[str], bool] = lambda path: False) -> list:
    """The shard files (as `Page`s): each a call of REGISTER with its headwords -> compact entries, sorted.
    Those for which `kept(path)` is true are left out (carried over from the previous site)."""
    from jiedu.render.pages import Page  # the render package imports the site's templates machinery

    wanted = {shard for shard in explained.shards if not kept(shard_path(shard))}
    if not wanted:
        return []
    by_shard: dict[str, list[str]] = {}
    for headword in sorted(explained.entries):
        by_shard.setdefault(shard_of(headword), []).append(headword)
    pages = []
    for shard in sorted(by_shard.keys() & wanted):
        mapping = ",".join([explained.entries[headword] for headword in by_shard[shard]])
        pages.append(Page(shard_path(shard), f"{REGISTER}({{{mapping}}});\n"))
    return pages


def dictionary_pages(words: Iterable[str], dictionary: Dictionary) -> list:
    """The shard files for the words a site uses (words without Han characters are ignored), as `Page`s."""
    return shard_pages(explain_words(words, dictionary))
