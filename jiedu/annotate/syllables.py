"""Pinyin syllables: tone numbers to tone marks and back, tones removed, and a validity check.

Readings travel through the annotator with tone marks (``zhōng``); the neutral
tone has no mark (``de``). Numbered forms (``zhong1``, ``lu:4``, ``lv4``,
``de5``) are accepted at the edges: in the lexicon file and in CPP labels.

The one place that knows how a syllable is spelt: the cleaner's pinyin checks
(`jiedu.clean.pinyin_readings`) use it too. It imports nothing of jiedu, so
any stage can use it without a cycle.
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks for tones 1-4, in Unicode's decomposed form.
TONE_MARKS = {"1": "\u0304", "2": "\u0301", "3": "\u030c", "4": "\u0300"}
MARK_TONES = {mark: tone for tone, mark in TONE_MARKS.items()}

# Toneless syllables of Hanyu Pinyin (permissive about which initial goes with
# which final; strict enough to catch typos) plus the interjections m, n, ng.
SYLLABLE_RE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:a|ai|an|ang|ao|e|ei|en|eng|er|o|ong|ou|i|ia|ian|iang|iao|ie|in|ing|io|iong|iu"
    r"|u|ua|uai|uan|uang|ue|ueng|ui|un|uo|ü|üe|üan|ün|ê)"
    r"|m|n|ng|hm|hng"
)


def is_valid_syllable(syllable: str) -> bool:
    """True if `syllable` (any tone notation) spells a pinyin syllable.

    >>> is_valid_syllable("zhōng"), is_valid_syllable("lu:4"), is_valid_syllable("zhx")
    (True, True, False)
    """
    toneless = _strip_tone(_normalize(syllable))[0]
    return SYLLABLE_RE.fullmatch(toneless) is not None


def to_accented(syllable: str) -> str:
    """Any tone notation to tone marks; 5, 0 or no tone at all is neutral.

    >>> [to_accented(s) for s in ["zhong1", "lu:4", "lv3", "de5", "Xuě", "liu2", "er2"]]
    ['zhōng', 'lǜ', 'lǚ', 'de', 'xuě', 'liú', 'ér']
    """
    base, tone = _strip_tone(_normalize(syllable))
    if tone not in TONE_MARKS:
        return base
    at = _mark_position(base)
    marked = base[: at + 1] + TONE_MARKS[tone] + base[at + 1 :]
    return unicodedata.normalize("NFC", marked)


def to_numbered(syllable: str, *, umlaut: str = "u:") -> str:
    """Tone marks to the CPP notation: tone number last, 5 for neutral.

    >>> [to_numbered(s) for s in ["zhōng", "lǜ", "de", "ér"]]
    ['zhong1', 'lu:4', 'de5', 'er2']
    """
    base, tone = _strip_tone(_normalize(syllable))
    return base.replace("ü", umlaut) + (tone or "5")


def strip_tone(syllable: str) -> str:
    """`syllable` without its tone (mark or number); ``ü`` is kept, case and spelling are not touched.

    >>> strip_tone("lǜ"), strip_tone("jiān"), strip_tone("ḿ"), strip_tone("de")
    ('lü', 'jian', 'm', 'de')
    """
    return _strip_tone(syllable)[0]


def tone_of(syllable: str) -> str:
    """The tone of `syllable` (mark or number), "1"-"4", or "" for neutral or none.

    >>> tone_of("jiàn"), tone_of("jian4"), tone_of("jian"), tone_of("de5")
    ('4', '4', '', '')
    """
    return _strip_tone(syllable)[1]


def is_toneless(syllable: str) -> bool:
    """True when `syllable` carries no tone mark or number.

    >>> is_toneless("jian"), is_toneless("jiān")
    (True, False)
    """
    return strip_tone(syllable) == syllable


def _normalize(syllable: str) -> str:
    """Lower case, decomposed, with ü spelled as one letter (u: and v too)."""
    text = unicodedata.normalize("NFC", syllable.strip().lower())
    return text.replace("u:", "ü").replace("v", "ü")


def _strip_tone(syllable: str) -> tuple[str, str]:
    """Split into (toneless NFC syllable, tone digit or "")."""
    tone = ""
    if syllable[-1:] and syllable[-1] in "012345":  # "" is in every string
        syllable, tone = syllable[:-1], syllable[-1]
        tone = "" if tone in "05" else tone
    decomposed = unicodedata.normalize("NFD", syllable)
    for mark, mark_tone in MARK_TONES.items():
        if mark in decomposed:
            decomposed, tone = decomposed.replace(mark, ""), mark_tone
    return unicodedata.normalize("NFC", decomposed), tone


def _mark_position(base: str) -> int:
    """Index of the letter that carries the tone mark (a/e first, then o in ou, else last vowel)."""
    for letter in "ae":
        if letter in base:
            return base.index(letter)
    if "ou" in base:
        return base.index("o")
    vowels = [i for i, ch in enumerate(base) if ch in "iouüê"]
    return vowels[-1] if vowels else 0


def split_into(pinyin: str, count: int) -> list[str] | None:
    """`pinyin` as written in a glossary (words spaced, syllables run together) cut into
    exactly `count` syllables, one per character; None when it cannot be.

    Every piece must be a valid syllable; spaces, apostrophes and hyphens always cut.

    >>> split_into("liǎng gè wéihù", 4), split_into("Xīzàng", 2), split_into("xī'ān", 2), split_into("wéihù", 1)
    (['liǎng', 'gè', 'wéi', 'hù'], ['Xī', 'zàng'], ['xī', 'ān'], None)
    """
    words = [word for word in re.split(r"[\s'’\-]+", pinyin.strip()) if word]
    found = _split_words(tuple(words), count)
    return list(found) if found is not None else None


def _split_words(words: tuple[str, ...], count: int) -> tuple[str, ...] | None:
    if not words:
        return () if count == 0 else None
    for pieces in _splits(words[0]):
        rest = _split_words(words[1:], count - len(pieces)) if len(pieces) <= count else None
        if rest is not None:
            return pieces + rest
    return None


def _splits(word: str) -> list[tuple[str, ...]]:
    """Every way to cut `word` into valid syllables, fewest pieces first (a syllable is at most 6 letters)."""
    if not word:
        return [()]
    found = []
    for end in range(min(len(word), 7), 0, -1):
        head = word[:end]
        if is_valid_syllable(head):
            found += [(head, *tail) for tail in _splits(word[end:])]
    return sorted(found, key=len)
