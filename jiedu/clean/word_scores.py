"""How Chinese a string looks: a word-unigram score from jieba's own data.

`build_word_scores()` reads jieba's ``dict.txt`` (word frequencies) and, for
words that file lacks, its ``analyse/idf.txt`` (document frequencies, turned
into a small pseudo-frequency), plus any extra words the caller knows (the
glossary). Text is converted to Simplified one character at a time (OpenCC
t2s) before lookup, because both files are Simplified.

The score of a string is the log-probability of its best segmentation into
known words (jieba's own model, without its HMM), so ``营造`` scores far above
``?I造``. It is built forwards, one character at a time (`ScoreState`), so a
search can extend many candidates cheaply.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from jiedu.charclass import is_han

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
    """Word (2+ characters or single Han character) -> log probability."""
    unknown_logp: float
    """A Han character jieba does not list: rarer than anything it does."""
    to_simplified: Callable[[str], str]
    """One character, Traditional -> Simplified."""
    followers: Mapping[str, Mapping[str, float]]
    """First character -> {second character: log probability} of the two-character
    words in `logp`, so that "which words does 保 start?" needs no scan."""
    stems: frozenset[str]
    """Every word of 2+ characters in `logp` without its last character: the
    text a next character may complete into a word (most endings complete none)."""
    _rows: dict[tuple[str, ...], CharacterRow] = field(default_factory=dict, compare=False, repr=False)
    """Memo of `character_row`: the rows of the GBK table a search asks about (bounded by MAX_ROWS)."""

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
        return ScoreState(state.text + simple, state.best + (self.total_after(state, simple),))

    def total_after(self, state: ScoreState, char: str) -> float:
        """`totals_after(state)(char)` for one character: cheaper when only one is asked about,
        as each word that may end here is looked up directly.

        >>> scores = build_word_scores()
        >>> state = scores.start("国营")
        >>> scores.total_after(state, "造") == scores.totals_after(state)("造")
        True
        """
        simple, text, best_before = self.to_simplified(char), state.text, state.best
        last = best_before[-1]
        if text and _is_ascii_word_char(text[-1]) and _is_ascii_word_char(simple):
            return last + ASCII_CONTINUED_LOGP
        logp, n = self.logp, len(text) + 1
        alone = logp.get(simple)
        best = last + (alone if alone is not None else self.char_logp(simple))
        for k in range(2, min(MAX_WORD, n) + 1):
            word_logp = logp.get(text[n - k :] + simple)  # a word only if its stem is one (`stems`)
            if word_logp is not None:
                best = max(best, best_before[n - k] + word_logp)
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
        after_ascii = bool(state.text) and _is_ascii_word_char(state.text[-1])
        stems = self._stems_before(state)

        def total(char: str) -> float:
            simple = simplify(char)
            if after_ascii and _is_ascii_word_char(simple):
                return last + ASCII_CONTINUED_LOGP
            alone = logp.get(simple)  # `char_logp`, inlined: asked hundreds of times per state
            best = last + (alone if alone is not None else char_logp(simple))
            for before, stem in stems:
                word_logp = logp.get(stem + simple)
                if word_logp is not None:
                    best = max(best, before + word_logp)
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
        if state.text and _is_ascii_word_char(state.text[-1]):
            special.update(after for after in row.positions if _is_ascii_word_char(after))
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


@dataclass(frozen=True, slots=True)
class ScoreState:
    """A prefix and the best segmentation score of each of its prefixes."""

    text: str
    """The prefix, in Simplified characters."""
    best: tuple[float, ...]
    """best[i]: score of text[:i]; best[0] is 0."""

    @property
    def total(self) -> float:
        return self.best[-1]


def _is_ascii_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def build_word_scores(extra_words: Iterable[str] = (), to_simplified: Callable[[str], str] | None = None) -> WordScores:
    """Read jieba's dictionary files once (about a second)."""
    counts = read_jieba_counts(_jieba_file("dict.txt"))
    for word, freq in read_idf_pseudo_counts(_jieba_file("analyse/idf.txt"), known=counts):
        counts.setdefault(word, freq)
    convert = to_simplified or build_char_converter("t2s")
    for word in extra_words:
        simple = "".join(convert(c) for c in word)
        counts[simple] = max(counts.get(simple, 0), EXTRA_WORD_FREQ)
    total = sum(counts.values())
    logp = {w: math.log(f / total) for w, f in counts.items() if len(w) > 1 or is_han(w)}
    return WordScores(logp=logp, unknown_logp=math.log(0.5 / total), to_simplified=convert, followers=_followers(logp), stems=frozenset(w[:-1] for w in logp if len(w) > 1))


def _followers(logp: Mapping[str, float]) -> dict[str, dict[str, float]]:
    followers: dict[str, dict[str, float]] = {}
    for word, word_logp in logp.items():
        if len(word) == 2:
            followers.setdefault(word[0], {})[word[1]] = word_logp
    return followers


def read_jieba_counts(path: Path) -> dict[str, int]:
    """``word freq [tag]`` lines -> {word: freq} (a later line wins).

    The file is read at once and cut with `str.partition`: it has 350,000 lines.
    """
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        word, space, rest = line.partition(" ")
        freq = rest.partition(" ")[0]
        if space and freq.strip().isdigit():
            counts[word] = int(freq)
    return counts


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


def build_char_converter(config: str) -> Callable[[str], str]:
    """OpenCC (`config`, e.g. "t2s") for one character at a time, memoised.

    A character that would become two (or none) is left as it is. The GBK
    search converts millions of characters, nearly all seen before, so the
    converter is the memo's own item lookup (`_ConvertedChars`), with no
    Python function in between.

    >>> build_char_converter("t2s")("營"), build_char_converter("s2t")("营")
    ('营', '營')
    """
    from opencc import OpenCC

    return _ConvertedChars(OpenCC(config)).__getitem__


class _ConvertedChars(dict):
    """character -> converted character, converting each on first use (`__missing__`)."""

    def __init__(self, converter) -> None:
        super().__init__()
        self.converter = converter

    def __missing__(self, char: str) -> str:
        converted = self.converter.convert(char)
        self[char] = converted = converted if len(converted) == 1 else char
        return converted
