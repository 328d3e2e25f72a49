"""URL-safe names for documents, sections and glossary terms.

Slugs are ASCII so that links work the same at a domain root, under a
GitHub Pages subpath and from disk, whatever the file system's encoding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence


NOT_SLUG = re.compile(r"[^a-z0-9]+")


def to_slug(text: str, fallback: str = "untitled", spell: Callable[[str], str] | None = None) -> str:
    """An ASCII slug: Han characters spelt in toneless pinyin.

    ASCII text (most file names) needs no pinyin, so pypinyin is not even loaded for it.
    `spell`: a `PinyinSpelling` of the build's tables, which spells as pypinyin does
    without loading it (default: pypinyin itself).

    >>> to_slug("关于政府工作报告的决议")
    'guan-yu-zheng-fu-gong-zuo-bao-gao-de-jue-yi'
    >>> to_slug("2024 Work Report..")
    '2024-work-report'
    >>> to_slug("..", fallback="doc")
    'doc'
    """
    spelt = text if text.isascii() else (spell or spelt_in_pinyin)(text)
    ascii_text = unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode().lower()
    slug = NOT_SLUG.sub("-", ascii_text).strip("-")
    return slug[:80].rstrip("-") or fallback


def spelt_in_pinyin(text: str) -> str:
    """Han characters as toneless pinyin syllables, the rest as it is (pypinyin splits them into pieces)."""
    from pypinyin import Style, lazy_pinyin  # here: its dictionaries take a fifth of a second to load

    return " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))


TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0304\u030c"))
"""The combining marks of the four tones (grave, acute, macron, caron): what pypinyin's Style.NORMAL drops (ê and ü keep theirs)."""


def toneless(reading: str) -> str:
    """A tone-marked reading as pypinyin's Style.NORMAL writes it: no tone, ü as v.

    >>> toneless("lǜ"), toneless("zhōng"), toneless("ế"), toneless("ň")
    ('lv', 'zhong', 'ê', 'n')
    """
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", reading).translate(TONE_MARKS)).replace("ü", "v")


class PinyinSpelling:
    """Text spelt as `lazy_pinyin(text, style=Style.NORMAL)` spells it, from pypinyin's data as the
    build's tables keep it (jiedu.annotate.dictionary), so that a slug costs no import of pypinyin
    (a quarter of a second, in every rebuild that processes a document). The same steps as pypinyin:

    * the text is cut into runs of what pypinyin counts as Han characters (`han_class`, its RE_HANS)
      and runs of anything else, which are kept whole;
    * a Han run is cut by forward maximum matching over the phrases (pypinyin's mmseg, which keeps
      only dictionary phrases): at each place the longest phrase, else one character;
    * a phrase is read as the phrase dictionary reads it, any other character by its first reading,
      a character without one is kept as it is; every reading toneless (`toneless`).

    Slugs are addresses, so they must not change when this replaces pypinyin: tests/test_slugs.py
    compares the two on every line of the sample and corpus documents and every reading pypinyin has.

    >>> spell = PinyinSpelling({"中国": ("zhōng", "guó")}, 2, {0x4EBA: "rén", 0x884C: "xíng,háng"}, "\u4e00-\u9fff")
    >>> spell("中国人A股行")
    'zhong guo ren A 股 xing'
    """

    def __init__(self, phrases: Mapping[str, Sequence[str]], longest: int, chars: Mapping[int, str], han_class: str):
        self.phrases = phrases
        self.longest = longest
        self.chars = chars
        self.han_runs = re.compile(f"([{han_class}]+)")

    def __call__(self, text: str) -> str:
        pieces: list[str] = []
        for number, run in enumerate(self.han_runs.split(text)):
            if number % 2 == 0:  # between Han runs
                if run:
                    pieces.append(run)
            else:
                pieces += self._spell_han_run(run)
        return " ".join(pieces)

    def _spell_han_run(self, run: str) -> list[str]:
        pieces, at = [], 0
        while at < len(run):
            for length in range(min(self.longest, len(run) - at), 0, -1):
                readings = self.phrases.get(run[at : at + length])
                if readings:
                    pieces += map(toneless, readings)
                    at += length
                    break
            else:
                readings = self.chars.get(ord(run[at]))
                pieces.append(toneless(readings.split(",", 1)[0]) if readings else run[at])
                at += 1
        return pieces


def unique_slug(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`… if already taken; records the result.

    >>> taken = {"a"}
    >>> unique_slug("a", taken), unique_slug("a", taken), sorted(taken)
    ('a-2', 'a-3', ['a', 'a-2', 'a-3'])
    """
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate
