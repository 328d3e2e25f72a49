"""How Chinese a string looks: a word-unigram score from jieba's own data.

`build_word_scores()` reads jieba's ``dict.txt`` (word frequencies) and, for
words that file lacks, its ``analyse/idf.txt`` (document frequencies, turned
into a small pseudo-frequency), plus any extra words the caller knows (the
glossary). Text is converted to Simplified one character at a time (OpenCC
t2s) before lookup, because both files are Simplified. Reading and weighing
them takes seconds: a build keeps the result as a table in its cache
(`load_word_scores`), and unpacks from it only the words its texts can use.

The score of a string is the log-probability of its best segmentation into
known words (jieba's own model, without its HMM), so ``营造`` scores far above
``?I造``. It is built forwards, one character at a time (`ScoreState`), so a
search can extend many candidates cheaply.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from jiedu.charclass import is_han
from jiedu.clean.char_converters import build_char_converter
from jiedu.fingerprint import digest
from jiedu.jieba_dictionary import read_jieba_dictionary
from jiedu.table_cache import LookupMapping, Packed, TableCache, pack_words, unpack

TABLE_NAME = "word-scores"
"""Its name in the table cache (jiedu.table_cache)."""
MAX_WORD = 8
"""Longest word looked up; longer dictionary entries are rare names."""
PUNCTUATION_LOGP = -7.0
"""A punctuation mark costs about as much as a common character."""
ASCII_LOGP = -9.0
"""A letter or digit: ordinary in "G318", odd between Han characters."""
ASCII_CONTINUED_LOGP = -0.5
"""Each further letter or digit of a run: "Windows" is one segment, not seven."""
IDF_INTERCEPT, IDF_SLOPE = 15.6, 1.15
"""log(freq) ~= 15.6 - 1.15 * idf for words in both of jieba's files (fitted once)."""
EXTRA_WORD_FREQ = 2000
"""Pseudo-frequency of caller-supplied words: glossary terms are the documents'
own vocabulary, as common in them as an everyday word."""
SEGMENT_LOGP = -3.0
"""Cost of every segment: prefers one known word to two juxtaposed characters,
which a unigram model otherwise finds nearly as likely."""
MAX_ROWS = 4096
"""Rows `WordScores.character_row` remembers (a search uses a few hundred)."""
PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』—…·％＋－／,.;:?!()[]-/%+")
"""Punctuation that is ordinary in running Chinese text."""


@dataclass(frozen=True, slots=True)
class WordScores:
    """Word log-probabilities (Simplified) and per-character fallbacks."""

    logp: Mapping[str, float]
    """Word (2+ characters or single Han character) -> log probability.

    Built from a table (`word_scores_from_table`), it holds every single
    character, and the longer words of a first character from when that
    character enters a `ScoreState` (`extend`): only words that start in a
    state's text are ever looked up, and a search's states hold a few hundred
    characters of the thousands the dictionary's words start with."""
    unknown_logp: float
    """A Han character jieba does not list: rarer than anything it does."""
    to_simplified: Callable[[str], str]
    """One character, Traditional -> Simplified."""
    followers: Mapping[str, Mapping[str, float]]
    """First character -> {second character: log probability} of the two-character
    words in `logp`, so that "which words does 保 start?" needs no scan."""
    stems: AbstractSet[str]
    """Every word of 2+ characters in `logp` without its last character: the
    text a next character may complete into a word (most endings complete none)."""
    _rows: dict[tuple[str, ...], CharacterRow] = field(default_factory=dict, compare=False, repr=False)
    """Memo of `character_row`: the rows of the GBK table a search asks about (bounded by MAX_ROWS)."""
    _unloaded: dict[str, Packed] = field(default_factory=dict, compare=False, repr=False)
    """First character -> its words of 2+ characters not yet in `logp` and `stems` (packed)."""

    def char_logp(self, simple_char: str) -> float:
        """Cost of one (already Simplified) character standing alone."""
        if simple_char in self.logp:
            return self.logp[simple_char]
        if simple_char in PUNCTUATION:
            return PUNCTUATION_LOGP
        if simple_char.isascii() and simple_char.isalnum():
            return ASCII_LOGP
        return self.unknown_logp

    def start(self, text: str = "") -> ScoreState:
        """A score state for `text` (e.g. the context before a span)."""
        state = ScoreState("", (0.0,))
        for char in text:
            state = self.extend(state, char)
        return state

    def extend(self, state: ScoreState, char: str) -> ScoreState:
        """`state` with one more character (Traditional is fine)."""
        simple = self.to_simplified(char)
        if simple in self._unloaded:  # words starting with it may now be looked up
            self._load_words_starting_with(simple)
        return ScoreState(state.text + simple, state.best + (self.total_after(state, simple),))

    def _load_words_starting_with(self, first: str) -> None:
        words = list(unpack(self._unloaded.pop(first), "d"))
        self.logp.update(words)
        self.stems.update(word[:-1] for word, _ in words)

    def total_after(self, state: ScoreState, char: str) -> float:
        """`totals_after(state)(char)` for one character: cheaper when only one is asked about,
        as each word that may end here is looked up directly.

        >>> scores = build_word_scores()
        >>> state = scores.start("国营")
        >>> scores.total_after(state, "造") == scores.totals_after(state)("造")
        True
        """
        simple = self.to_simplified(char)
        text, best_before = state
        last = best_before[-1]
        if simple.isascii() and simple.isalnum() and text and is_ascii_word_char(text[-1]):  # the first test is is_ascii_word_char(simple), inline on this hot path
            return last + ASCII_CONTINUED_LOGP
        logp = self.logp
        alone = logp.get(simple)
        best = last + (alone if alone is not None else self.char_logp(simple))
        tail = text[1 - MAX_WORD :] + simple  # every word that may end here ends this
        before = len(text) + 1 - len(tail)  # where `tail` starts in `text`
        for at in range(len(tail) - 2, -1, -1):  # words of 2 to MAX_WORD characters, shortest first
            word_logp = logp.get(tail[at:])  # a word only if its stem is one (`stems`)
            if word_logp is not None and best_before[before + at] + word_logp > best:
                best = best_before[before + at] + word_logp
        return best + SEGMENT_LOGP

    def totals_after(self, state: ScoreState) -> Callable[[str], float]:
        """char -> `extend(state, char).total`, without building states: a search
        asks this for hundreds of characters after one state, so the words
        that may end at the next character are found once.

        >>> scores = build_word_scores()
        >>> scores.totals_after(scores.start("营"))("造") == scores.score("营造")
        True
        """
        last, logp, simplify, char_logp = state.best[-1], self.logp, self.to_simplified, self.char_logp
        after_ascii = bool(state.text) and is_ascii_word_char(state.text[-1])
        stems = self._stems_before(state)

        def total(char: str) -> float:
            simple = simplify(char)
            if after_ascii and is_ascii_word_char(simple):
                return last + ASCII_CONTINUED_LOGP
            alone = logp.get(simple)  # `char_logp`, inlined: asked hundreds of times per state
            best = last + (alone if alone is not None else char_logp(simple))
            for before, stem in stems:
                word_logp = logp.get(stem + simple)
                if word_logp is not None and before + word_logp > best:
                    best = before + word_logp
            return best + SEGMENT_LOGP

        return total

    def _stems_before(self, state: ScoreState) -> list[tuple[float, str]]:
        """(score before the word, the word's first characters) of every word the next
        character may complete, shortest first."""
        n = len(state.text) + 1
        return [(state.best[n - k], stem) for k in range(2, min(MAX_WORD, n) + 1) if (stem := state.text[n - k :]) in self.stems]

    def totals_after_row(self, state: ScoreState, chars: tuple[str, ...]) -> list[float]:
        """`[totals_after(state)(char) for char in chars]`, for a row of the GBK table.

        Most characters of a row complete no word begun in `state`: they add
        their own weight and a segment, known per row (`character_row`). The
        few that do complete one (found with set operations) or continue an
        ASCII run are scored in full.

        >>> scores = build_word_scores()
        >>> state, chars = scores.start("国营"), tuple("造業农场a")
        >>> scores.totals_after_row(state, chars) == [scores.totals_after(state)(c) for c in chars]
        True
        """
        row, last = self.character_row(chars), state.best[-1]
        totals = [last + alone + SEGMENT_LOGP for alone in row.alone]  # as `totals_after` adds them
        special = set()
        for _, stem in self._stems_before(state):
            if len(stem) == 1:
                special |= self.followers.get(stem, {}).keys() & row.positions.keys()
            else:
                special.update(after for after in row.positions if stem + after in self.logp)
        if state.text and is_ascii_word_char(state.text[-1]):
            special.update(after for after in row.positions if is_ascii_word_char(after))
        total = self.totals_after(state) if special else None
        for after in special:
            for at in row.positions[after]:
                totals[at] = total(chars[at])
        return totals

    def character_row(self, chars: tuple[str, ...]) -> CharacterRow:
        """What never changes about `chars` when they are scored after some text."""
        row = self._rows.get(chars)
        if row is None:
            if len(self._rows) >= MAX_ROWS:
                self._rows.clear()
            simple = tuple(map(self.to_simplified, chars))
            positions: dict[str, list[int]] = {}
            for at, after in enumerate(simple):
                positions.setdefault(after, []).append(at)
            row = self._rows[chars] = CharacterRow(tuple(map(self.char_logp, simple)), {after: tuple(places) for after, places in positions.items()})
        return row

    def score(self, text: str) -> float:
        """Log-probability of the best segmentation of `text`.

        >>> scores = build_word_scores()
        >>> scores.score("年營造") > scores.score("年?I造") + 10
        True
        """
        return self.start(text).total


@dataclass(frozen=True, slots=True)
class CharacterRow:
    """Characters scored together again and again, and what never changes about them."""

    alone: tuple[float, ...]
    """`char_logp` of each (Simplified): its weight as a word of its own."""
    positions: Mapping[str, tuple[int, ...]]
    """Simplified character -> where it stands in the row."""


class ScoreState(NamedTuple):
    """A prefix and the best segmentation score of each of its prefixes.

    A named tuple: a search makes some hundred thousand of them.
    """

    text: str
    """The prefix, in Simplified characters."""
    best: tuple[float, ...]
    """best[i]: score of text[:i]; best[0] is 0."""

    @property
    def total(self) -> float:
        return self.best[-1]


def is_ascii_word_char(char: str) -> bool:
    """A Latin letter or digit: runs of them are scored as one word (ASCII_CONTINUED_LOGP)."""
    return char.isascii() and char.isalnum()


def build_word_scores(extra_words: Iterable[str] = (), to_simplified: Callable[[str], str] | None = None) -> WordScores:
    """Read jieba's dictionary files once (about a second)."""
    convert = to_simplified or build_char_converter("t2s")
    counts = read_word_counts(extra_words, convert)
    total = sum(counts.values())
    logp = {w: math.log(f / total) for w, f in counts.items() if len(w) > 1 or is_han(w)}
    return WordScores(logp=logp, unknown_logp=math.log(0.5 / total), to_simplified=convert, followers=_followers(logp), stems=frozenset(w[:-1] for w in logp if len(w) > 1))


def read_word_counts(extra_words: Iterable[str], to_simplified: Callable[[str], str]) -> dict[str, int]:
    """Word -> frequency: jieba's, pseudo-frequencies for its idf-only words, the extra words (Simplified).

    jieba's dict.txt is read as the segmenter reads it (`read_jieba_dictionary`,
    once per process).
    """
    counts = read_jieba_dictionary()[0].copy()
    for word, freq in read_idf_pseudo_counts(_jieba_file("analyse/idf.txt"), known=counts):
        counts.setdefault(word, freq)
    for word in extra_words:
        simple = "".join(to_simplified(c) for c in word)
        counts[simple] = max(counts.get(simple, 0), EXTRA_WORD_FREQ)
    return counts


def load_word_scores(extra_words: Iterable[str], to_simplified: Callable[[str], str], tables: TableCache | None) -> WordScores:
    """`build_word_scores`, from its table in `tables` when there is one for
    these words (a few milliseconds instead of seconds); made and stored there when not."""
    if tables is None:
        return build_word_scores(extra_words, to_simplified)
    extra_words = tuple(extra_words)
    inputs = digest(*extra_words)
    table = tables.load(TABLE_NAME, inputs)
    if table is None:
        try:
            table = word_scores_table(read_word_counts(extra_words, to_simplified))
        except ValueError:  # a word that cannot be packed (a newline in a glossary term)
            return build_word_scores(extra_words, to_simplified)
        tables.store(TABLE_NAME, inputs, lambda: table)
    return word_scores_from_table(table, to_simplified)


def word_scores_table(counts: Mapping[str, int]) -> tuple:
    """(unknown_logp, single characters, longer words by first character, followers) to store:
    what `build_word_scores` makes of `counts`, packed (jiedu.table_cache)."""
    total = sum(counts.values())
    singles: dict[str, float] = {}
    words: dict[str, tuple[list[str], list[float]]] = {}
    followers: dict[str, tuple[list[str], list[float]]] = {}
    for word, count in counts.items():
        if len(word) < 2:
            if is_han(word):
                singles[word] = math.log(count / total)
            continue
        value = math.log(count / total)
        group = words.setdefault(word[0], ([], []))
        group[0].append(word)
        group[1].append(value)
        if len(word) == 2:
            after = followers.setdefault(word[0], ([], []))
            after[0].append(word[1])
            after[1].append(value)
    packed_words = {first: (pack_words(group), array("d", values).tobytes()) for first, (group, values) in words.items()}
    packed_followers = {first: ("".join(after), array("d", values).tobytes()) for first, (after, values) in followers.items()}
    return math.log(0.5 / total), singles, packed_words, packed_followers


def word_scores_from_table(table: tuple, to_simplified: Callable[[str], str]) -> WordScores:
    """The `WordScores` a table stores; longer words are unpacked as states need them.

    >>> scores = build_word_scores()
    >>> again = word_scores_from_table(word_scores_table(read_word_counts((), scores.to_simplified)), scores.to_simplified)
    >>> again.score("年營造") == scores.score("年營造"), again.followers.get("营") == scores.followers["营"]
    (True, True)
    """
    unknown_logp, singles, words, followers = table
    return WordScores(
        logp=dict(singles),
        unknown_logp=unknown_logp,
        to_simplified=to_simplified,
        followers=_PackedFollowers(followers),
        stems=set(),
        _unloaded=dict(words),
    )


class _PackedFollowers(LookupMapping):
    """`WordScores.followers` from a table: a character's followers are unpacked when first asked for.

    A search asks for those of a few thousand characters, a tenth of them
    starting a two-character word; `get` is what it calls.
    """

    def __init__(self, packed: dict[str, tuple[str, bytes]]) -> None:
        self._packed = packed
        self._unpacked: dict[str, dict[str, float]] = {}

    def get(self, first: str, default=None):
        found = self._unpacked.get(first)
        if found is None:
            packed = self._packed.get(first)
            if packed is None:
                return default
            seconds, values = packed
            found = self._unpacked[first] = dict(zip(seconds, array("d", values)))
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


def _followers(logp: Mapping[str, float]) -> dict[str, dict[str, float]]:
    followers: dict[str, dict[str, float]] = {}
    for word, word_logp in logp.items():
        if len(word) == 2:
            followers.setdefault(word[0], {})[word[1]] = word_logp
    return followers


def read_idf_pseudo_counts(path: Path, known: Container[str] = ()) -> Iterable[tuple[str, int]]:
    """``word idf`` lines -> (word, pseudo-frequency from the fitted line).

    Words in `known` are passed over (checked as each line is read): nine in
    ten are in jieba's dict.txt too, with a real frequency.
    """
    for line in path.read_text(encoding="utf-8").split("\n"):
        word, _, idf = line.rpartition(" ")
        if word in known:
            continue
        try:
            freq = math.exp(IDF_INTERCEPT - IDF_SLOPE * float(idf))
        except ValueError:
            continue
        if word:
            yield word, max(1, round(freq))


def _jieba_file(name: str) -> Path:
    return Path(str(resources.files("jieba").joinpath(name)))
