"""Pinyin readings for every character of a text, from words rather than characters.

For each sentence (of the Simplified form, aligned with the original):

1. segment it (jieba, with the lexicon and glossary words kept whole);
2. read each word from the project lexicon, else pypinyin's phrases, else
   character by character;
3. let context rules settle frequent polyphones of official prose (以…为…);
4. run the polyphone model (g2pM's BiLSTM) on the sentence if a polyphone is
   still open; it decides open characters and may overrule a phrase reading
   only when it is nearly certain. Lexicon and rule readings stand.

Readings are tone-marked dictionary forms (no tone sandhi: 一 yī, 不 bù), the
neutral tone without a mark, None for anything that is not a Han character.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TextIO

from jiedu.annotate.chars import HAN, split_sentences
from jiedu.annotate.dictionary import ReadingDictionary, Source, build_reading_dictionary
from jiedu.annotate.lexicon import LexiconEntry, load_lexicon
from jiedu.annotate.polyphone_model import PolyphoneModel, load_polyphone_model
from jiedu.annotate.polyphones import SETTLED_ALONE, apply_rules
from jiedu.annotate.simplify import ScriptAligner, build_script_aligner
from jiedu.annotate.segmenter import Segmenter, build_segmenter
from jiedu.table_cache import TableCache

__all__ = [
    "LexiconEntry",
    "PinyinAnnotator",
    "build_pinyin_annotator",
    "format_readings",
    "load_lexicon",
    "run_pinyin_command",
]

NOT_HAN_RE = re.compile(f"[^{HAN}]")

CACHE_LIMIT = 2_000
"""Sentences (and texts) an annotator remembers before it forgets them all. Enough for the
stock phrases a document repeats; distinct documents share few sentences, so more only
costs memory: at 50,000 the two workers of a 1,000-document build held some 270 MiB more
(peak PSS 1,367 against 1,100 MiB) and the build took as long (117.9 s against 114.2 s)."""


# How sure the model must be to replace a reading, by where the reading came
# from. The model (trained on CPP's Wikipedia sentences) is strong on rare words
# and names and weak on the function words of official prose (it reads 为 as wéi
# and adverbial 地 as dì almost always), so the more common the word, the more it
# takes to overrule the dictionary. Tuned on CPP dev and the seed documents.
NEVER = 2.0
COMMON_WORD = 1000
"""jieba frequency from which a word counts as common."""
RARE_WORD = 100
"""jieba frequency below which the model may overrule a phrase-dictionary reading."""


def is_neutral_tone(syllable: str) -> bool:
    """True for a syllable without a tone mark.

    >>> is_neutral_tone("nan"), is_neutral_tone("nán"), is_neutral_tone("lü")
    (True, False, True)
    """
    return not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", syllable) if c != "\u0308")


def overrule_threshold(source: Source, word: str, frequency: int) -> float:
    """Probability the model's best reading must exceed to replace this one.

    >>> overrule_threshold(Source.PHRASE, "为了", 100_000), overrule_threshold(Source.CHAR, "为", 0)
    (2.0, 0.0)
    """
    if source is Source.CEDICT:  # set phrases and idioms the model, reading by character, gets wrong (舍生忘死 shè)
        return NEVER
    if source is Source.PHRASE:
        return NEVER if frequency >= RARE_WORD else 0.999
    if source is Source.CHAR and len(word) > 1:
        return 0.99 if frequency >= COMMON_WORD else 0.9 if frequency >= 100 else 0.0
    return 0.0 if source is Source.CHAR else NEVER


@dataclass
class _Draft:
    """A sentence's readings before the model has spoken."""

    readings: list[str | None]
    thresholds: dict[int, float]
    """Per position of a polyphone: what the model needs to overrule it (NEVER for fixed readings)."""
    asks: list[int] = field(default_factory=list)
    """Positions to send to the model."""


@dataclass(frozen=True)
class PinyinAnnotator:
    """Everything needed to read text aloud, built once by build_pinyin_annotator."""

    aligner: ScriptAligner
    segmenter: Segmenter
    dictionary: ReadingDictionary
    model: PolyphoneModel
    cache: dict[str, tuple[str | None, ...]] = field(default_factory=dict, compare=False, repr=False)
    """Sentence as given -> readings. Bounded by CACHE_LIMIT."""
    cut_cache: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    """Text as given -> `cut`'s words. Term matching asks about the same short runs again and again."""
    sentence_cuts: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    """Simplified sentence -> the segmenter's words: a text is cut for its Traditional form and its terms, then again to be read."""

    def readings(self, text: str) -> list[str | None]:
        """One entry per character of `text`: its tone-marked reading, or None.

        >>> annotator = build_pinyin_annotator([])  # doctest: +SKIP
        >>> annotator.readings("西藏长治久安，2025年")  # doctest: +SKIP
        ['xī', 'zàng', 'cháng', 'zhì', 'jiǔ', 'ān', None, None, None, None, None, 'nián']
        """
        return self.readings_of_texts([text])[0]

    def readings_of_texts(self, texts: Sequence[str]) -> list[list[str | None]]:
        """`readings` of each text; their new sentences go to the polyphone model in one batch.

        The model's cost is mostly per character of the longest sentence it
        is given at once, so reading a document's texts together is cheaper.
        """
        sentences_per_text = [split_sentences(text) for text in texts]
        wanted = dict.fromkeys(s for sentences in sentences_per_text for s in sentences)
        known = {s: self.cache[s] for s in wanted if s in self.cache}
        missing = [s for s in wanted if s not in known]
        read = self._read_sentences([self.aligner.to_simplified(s) for s in missing], missing)
        self._remember(missing, read)
        known.update(zip(missing, read))
        return [[r for s in sentences for r in known[s]] for sentences in sentences_per_text]

    def cut(self, text: str) -> list[str]:
        """The words the annotator reads `text` by, in the original script."""
        words = self.cut_cache.get(text)
        if words is None:
            if len(self.cut_cache) >= CACHE_LIMIT:
                self.cut_cache.clear()
            words = self.cut_cache[text] = tuple(self._cut(text))
        return list(words)

    def _cut(self, text: str) -> list[str]:
        words: list[str] = []
        for sentence in split_sentences(text):
            simplified = self.aligner.to_simplified(sentence)
            cut = self._cut_sentence(simplified)
            if simplified == sentence:
                words += cut
            else:  # the same words in the text's own characters
                words += [sentence[at - len(word) : at] for word, at in zip(cut, accumulate(map(len, cut)))]
        return words

    def _cut_sentence(self, sentence: str) -> tuple[str, ...]:
        words = self.sentence_cuts.get(sentence)
        if words is None:
            if len(self.sentence_cuts) >= CACHE_LIMIT:
                self.sentence_cuts.clear()
            words = self.sentence_cuts[sentence] = tuple(self.segmenter.cut(sentence))
        return words

    def _remember(self, sentences: list[str], readings: list[tuple[str | None, ...]]) -> None:
        if len(self.cache) + len(sentences) > CACHE_LIMIT:
            self.cache.clear()
        self.cache.update(zip(sentences, readings))

    def _read_sentences(self, sentences: Sequence[str], originals: Sequence[str] | None = None) -> list[tuple[str | None, ...]]:
        """Readings of Simplified `sentences`; `originals` are the same sentences as written (Traditional or not)."""
        drafts = [self._draft(s, o) for s, o in zip(sentences, originals or sentences)]
        asking = [k for k, d in enumerate(drafts) if d.asks]
        answers = self.model.predict([(sentences[k], drafts[k].asks) for k in asking])
        for k, answer in zip(asking, answers):
            self._settle(drafts[k], answer)
        return [tuple(d.readings) for d in drafts]

    def _draft(self, sentence: str, original: str | None = None) -> _Draft:
        words = list(self._cut_sentence(sentence))
        triples = self.dictionary.readings_of_words(words)
        readings = [r for r, _, _ in triples]
        for match in NOT_HAN_RE.finditer(sentence):
            readings[match.start()] = None
        sources = [s if r else None for r, (_, s, _) in zip(readings, triples)]
        for position, reading in apply_rules(words, sources).items():
            readings[position], sources[position] = reading, Source.RULE
        if original is not None and original != sentence:  # else each word is its own original: nothing to settle
            for position, reading in self._original_script_readings(words, original, sources).items():
                readings[position], sources[position] = reading, Source.RULE
        # Only a polyphone can be asked about, so only its threshold is ever read.
        thresholds = {i: self._threshold(sources[i], triples[i][2]) for i in self.model.polyphone_positions(sentence)}
        return _Draft(readings, thresholds, [i for i, threshold in thresholds.items() if threshold < 1])

    def _threshold(self, source: Source | None, word: str) -> float:
        """What the model needs to overrule a reading from `source`, taken from dictionary word `word`."""
        if not source or (source is Source.CHAR and word in SETTLED_ALONE):
            return NEVER
        return overrule_threshold(source, word, self.segmenter.frequency(word))

    def _original_script_readings(self, words: list[str], original: str, sources: list) -> dict[int, str]:
        """Readings a Traditional text's own words and characters settle, by position.

        The Simplified form merges characters (幹 and 乾 both become 干); where
        the text's own word, else its own character, has one reading in
        CC-CEDICT, that reading stands (幹部 gàn, 乾坤 qián kūn). The lexicon still wins.
        """
        found: dict[int, str] = {}
        start = 0
        for word in words:
            end = start + len(word)
            own = original[start:end]
            if own != word and Source.LEXICON not in sources[start:end]:
                whole = self.dictionary.cedict_reading(own)
                for j, char in enumerate(own):  # only where the scripts differ: elsewhere the Simplified reading stands
                    reading = (whole[j] if whole else self._own_char_reading(char)) if char != word[j] else None
                    if reading and sources[start + j] and not is_neutral_tone(reading):  # CC-CEDICT's light syllables (困難 kùn nan) are not a reading of their own
                        found[start + j] = reading
            start = end
        return found

    def _own_char_reading(self, char: str) -> str | None:
        """The one reading CC-CEDICT gives a Traditional character (幹 gàn) that differs from its Simplified form."""
        settled = self.dictionary.cedict_reading(char)
        return settled[0] if settled else None

    def _settle(self, draft: _Draft, answer: list[dict[str, float]]) -> None:
        for position, probabilities in zip(draft.asks, answer):
            best = max(probabilities, key=probabilities.__getitem__)
            if probabilities[best] > draft.thresholds[position]:
                draft.readings[position] = best


def build_pinyin_annotator(
    lexicon_entries: Iterable[LexiconEntry],
    extra_words: Iterable[str] = (),
    aligner: ScriptAligner | None = None,
    tables: TableCache | None = None,
) -> PinyinAnnotator:
    """Build the annotator once; `extra_words` (glossary terms) stay whole when segmenting.

    Pass the build's `aligner` (the script converter's) so OpenCC is loaded
    once, and its `tables` (jiedu.table_cache): jieba's and pypinyin's
    dictionaries are then read from tables kept there, not from their files.
    """
    aligner = aligner or build_script_aligner()
    entries = list(lexicon_entries)
    dictionary = build_reading_dictionary(entries, aligner.to_simplified, tables)
    # Sorted: jieba weighs each added word by those added before it, and the
    # segmenter's table is kept for one order of them.
    words = [*sorted(dictionary.lexicon), *(aligner.to_simplified(w) for w in extra_words)]
    return PinyinAnnotator(aligner, build_segmenter(words, tables=tables), dictionary, load_polyphone_model())


def format_readings(text: str, readings: Sequence[str | None]) -> str:
    """Plain-mode output: each Han character followed by its reading in brackets.

    >>> format_readings("以人民为中心。", ["yǐ", "rén", "mín", "wéi", "zhōng", "xīn", None])
    '以(yǐ)人(rén)民(mín)为(wéi)中(zhōng)心(xīn)。'
    """
    return "".join(f"{ch}({r})" if r else ch for ch, r in zip(text, readings))


def run_pinyin_command(text_lines: Iterable[str], as_json: bool, out: TextIO, annotator: PinyinAnnotator) -> int:
    """`build.py pinyin`: print each input line with its readings; returns the exit code.

    Plain mode writes ``坚(jiān)持(chí)…``: every Han character followed by its
    reading in ASCII brackets, everything else unchanged. With `as_json`, each
    line becomes one JSON array with one entry per character of the line: the
    reading, or null for a character that is not Han.
    """
    for line in text_lines:
        line = line.rstrip("\r\n")
        readings = annotator.readings(line)
        if as_json:
            out.write(json.dumps(readings, ensure_ascii=False) + "\n")
        else:
            out.write(format_readings(line, readings) + "\n")
    return 0
