"""Every word a site's documents show, counted, so that an edit recounts only the documents it changed.

The popup's dictionary needs the words of all the documents (`SiteEntry.words`),
once each. Reading them from every entry, a thousand documents' 2.2 million
words, took a third of a second of each rebuild after a one-document edit. The
build cache keeps how many documents show each word and which documents were
counted (their cache keys); the next build takes the counts, removes the words
of the documents no longer there (read from the cache, where the last build's
documents still are) and adds those of the new ones. Where many documents
changed, or a gone document cannot be read, all are counted again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

SITE_WORDS = "site-words"
"""The build cache's resource holding the last build's WordCounts."""
RECOUNT_SHARE = 8
"""Count every document again when more than one in this many changed: it is then about as quick."""


@dataclass(frozen=True, slots=True)
class WordCounts:
    documents: dict
    """Cache key of each document counted -> how many times it was (two identical files share one key)."""
    counts: dict
    """Word -> how many of those documents show it."""
    popup: tuple | None = None
    """(the user dictionary's digest, `ExplainedWords.shard_sums`) of the popup's data made from exactly
    these words, once made: a build whose words are the same needs no more of it (`explain_site_words`)."""


def site_words(entries, keys, cache=None) -> set[str] | object:
    """The words the documents (SiteEntry values, their cache keys `keys`, side by side) show, once each: a
    set, or the keys of a dict. Counted from the last build's counts in `cache` where few documents changed."""
    from jiedu.render.site_entry import entry_words

    if cache is None or keys is None:
        return entry_words(entries)
    counted, known = count_site_words(entries, keys, cache)
    remember_word_counts(cache, counted, known)
    return counted.counts.keys()


def count_site_words(entries, keys, cache) -> tuple[WordCounts, WordCounts | None]:
    """The documents' WordCounts, and the last build's from `cache` (None if it has none). The counts keep the
    last build's `popup` when they hold the same words (only how many documents show them changed)."""
    documents = dict(Counter(keys))
    known = cache.load_resource(SITE_WORDS, "")
    known = known if isinstance(known, WordCounts) else None
    counted = _recounted(known, documents, dict(zip(keys, entries)), cache) if known is not None else None
    if counted is None:
        counted = WordCounts(documents, _counts(entries))
    if counted is not known and known is not None and known.popup is not None and counted.counts.keys() == known.counts.keys():
        counted = replace(counted, popup=known.popup)
    return counted, known


def remember_word_counts(cache, counted: WordCounts, known: WordCounts | None) -> None:
    """Store `counted` for the next build, unless it is what the cache holds (`known`)."""
    if counted != known:
        cache.store_resource(SITE_WORDS, "", counted)


def _recounted(known: WordCounts, documents: dict, entries_by_key: dict, cache) -> WordCounts | None:
    """`known` with the words of the documents gone taken out and those of the new ones put in, or None
    when that is not worth it or not possible (a gone document that the cache no longer holds)."""
    if known.documents == documents:
        return known
    added = Counter(documents) - Counter(known.documents)
    removed = Counter(known.documents) - Counter(documents)
    if (added.total() + removed.total()) * RECOUNT_SHARE > max(len(documents), RECOUNT_SHARE):
        return None
    gone = [cache.load_entry(key) for key in removed.elements()]
    if any(entry is None for entry in gone):
        return None
    counts = dict(known.counts)
    for entry in gone:
        for word in _words(entry):
            left = counts[word] - 1
            if left:
                counts[word] = left
            else:
                del counts[word]
    for key in added.elements():
        for word in _words(entries_by_key[key]):
            counts[word] = counts.get(word, 0) + 1
    return WordCounts(documents, counts)


def _counts(entries) -> dict[str, int]:
    counts: Counter = Counter()
    for entry in entries:
        counts.update(_words(entry))
    return dict(counts)


def _words(entry) -> list[str]:
    """The entry's words, once each (`SiteEntry.words`: each word ends with WORD_END)."""
    from jiedu.render.site_entry import WORD_END

    return entry.words.split(WORD_END)[:-1]
