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

import hashlib
import json
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

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


def entry_to_list(headword: str, entry: Entry) -> list[str]:
    """The compact form of one entry under `headword`.

    >>> entry_to_list("发展", Entry("发展", "發展", "fā zhǎn", ("to develop", "development")))
    ['', '發展', 'fā zhǎn', 'to develop/development']
    """
    def same(form: str) -> str:
        return "" if form == headword else form

    return [same(entry.simplified), same(entry.traditional), entry.pinyin, "/".join(entry.senses)]


@dataclass(frozen=True, slots=True)
class ExplainedWords:
    """What the popup's shards need of a site's words; kept in the build cache, so that a rebuild
    looks up only the words it has not met (some 40,000 words for 100 documents: a second of lookups)
    and, after an edit, changes only what the words it added or took away touch."""

    headwords: dict
    """Word -> the headwords shown for it that have entries: the word, or its characters (`Dictionary.explain`)."""
    entries: dict
    """Headword -> its item as a shard writes it: the headword as JSON, a colon, and a JSON array of its `entry_to_list` arrays."""
    uses: dict = field(default_factory=dict)
    """Headword -> how many times `headwords` names it: an entry goes when its last word does."""
    shard_sums: dict = field(default_factory=dict)
    """Shard -> (how many items, the sum of their `_item_hash` values): what the shard file is written
    from, whatever the order its items came in, updated item by item (`shard_page_keys`)."""

    @property
    def shards(self) -> tuple[str, ...]:
        """The shards that hold a headword, in order."""
        return tuple(sorted(self.shard_sums))


class ExplainedLater:
    """A site's ExplainedWords when its words are the last build's: the shards' sums, known from the
    last build (all `shard_page_keys` needs), and the rest made by `load` when first asked for
    (`shard_pages`, when a shard file must be written after all)."""

    __slots__ = ("shard_sums", "_load", "_loaded")

    def __init__(self, shard_sums: dict, load: Callable[[], ExplainedWords]):
        self.shard_sums, self._load, self._loaded = shard_sums, load, None

    @property
    def shards(self) -> tuple[str, ...]:
        return tuple(sorted(self.shard_sums))

    def __getattr__(self, name: str):  # headwords, entries, uses: the whole ExplainedWords
        if name.startswith("_"):
            raise AttributeError(name)
        if self._loaded is None:
            self._loaded = self._load()
        return getattr(self._loaded, name)


def explain_words(words: Iterable[str], dictionary: Dictionary, known: ExplainedWords | None = None) -> ExplainedWords:
    """What the shards need of `words` (those without Han characters are ignored): taken from `known`
    where it has a word, else looked up in `dictionary`. Holds only these words, whatever `known` held,
    and equals what the words would make from nothing."""
    if known is not None and known.uses:
        words = words if isinstance(words, Collection) else list(words)
        updated = _updated(known, words, dictionary)
        if updated is not None:
            return updated
    explained = _Explaining({}, {}, {}, {})
    for word in words:
        if word not in explained.headwords and HAN_RUN_RE.search(word):
            found = known.headwords.get(word) if known else None
            if found is None:
                explained.add_looked_up(word, dictionary)
            else:
                explained.add(word, found, known.entries.__getitem__)
    return explained.finished()


MAX_UPDATE_SHARE = 4
"""`explain_words` starts afresh when the words added and taken away pass a quarter of those known."""


def _updated(known: ExplainedWords, words: Collection[str], dictionary: Dictionary) -> ExplainedWords | None:
    """`known` with the words no longer shown taken out and the new ones put in; `known` itself when
    nothing changed; None when so much changed that starting afresh is as quick."""
    new = [word for word in words if word not in known.headwords and HAN_RUN_RE.search(word)]
    gone = known.headwords.keys() - words
    if not new and not gone:
        return known
    if (len(new) + len(gone)) * MAX_UPDATE_SHARE > len(known.headwords):
        return None
    explained = _Explaining(dict(known.headwords), dict(known.entries), dict(known.uses), dict(known.shard_sums))
    for word in gone:
        explained.remove(word)
    for word in dict.fromkeys(new):
        explained.add_looked_up(word, dictionary)
    return explained.finished()


@dataclass(slots=True)
class _Explaining:
    """An ExplainedWords being made: words go in and out, and each entry's uses and shard sums follow."""

    headwords: dict
    entries: dict
    uses: dict
    shard_sums: dict

    def add_looked_up(self, word: str, dictionary: Dictionary) -> None:
        explained = [(headword, found) for headword, found in dictionary.explain(word) if found]
        items = {headword: _shard_item(headword, found) for headword, found in explained}
        self.add(word, tuple(headword for headword, _ in explained), items.__getitem__)

    def add(self, word: str, headwords: tuple[str, ...], item_of: Callable[[str], str]) -> None:
        self.headwords[word] = headwords
        for headword in headwords:
            if headword in self.uses:
                self.uses[headword] += 1
                continue
            self.uses[headword] = 1
            item = self.entries[headword] = item_of(headword)
            count, total = self.shard_sums.get(shard := shard_of(headword), (0, 0))
            self.shard_sums[shard] = (count + 1, (total + _item_hash(item)) % HASH_MODULUS)

    def remove(self, word: str) -> None:
        for headword in self.headwords.pop(word):
            left = self.uses[headword] - 1
            if left:
                self.uses[headword] = left
                continue
            del self.uses[headword]
            item = self.entries.pop(headword)
            count, total = self.shard_sums[shard := shard_of(headword)]
            if count == 1:
                del self.shard_sums[shard]
            else:
                self.shard_sums[shard] = (count - 1, (total - _item_hash(item)) % HASH_MODULUS)

    def finished(self) -> ExplainedWords:
        return ExplainedWords(self.headwords, self.entries, self.uses, self.shard_sums)


HASH_MODULUS = 1 << 128


def _item_hash(item: str) -> int:
    """128 bits of BLAKE2b of a shard item: their sum mod 2**128 names a shard's items in any order."""
    return int.from_bytes(hashlib.blake2b(item.encode(), digest_size=16).digest(), "little")


_COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""Made once: json.dumps with arguments makes an encoder per call (a third of the time of 200,000 items)."""


def _shard_item(headword: str, entries: tuple[Entry, ...]) -> str:
    """``"headword":[entries]``, written once per headword and kept with the site's ExplainedWords."""
    return _COMPACT_JSON.encode({headword: [entry_to_list(headword, entry) for entry in entries]})[1:-1]


def shard_page_keys(explained: ExplainedWords) -> dict[str, str]:
    """Shard file path -> what it is written from (its items' count and hash sum): a shard whose items
    are the last build's is carried over (`jiedu.write.reuse_unchanged`) instead of written again."""
    return {shard_path(shard): f"{count}-{total:032x}" for shard, (count, total) in explained.shard_sums.items()}


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
