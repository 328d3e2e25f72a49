"""Simplified and Traditional script: detection and conversion with OpenCC.

Readings and glossary marks are computed once, on the Simplified form, and
shared by both scripts, so a conversion must keep every character in place.
Simplified -> Traditional goes word by word on the segmentation the readings
use, with overrides for political vocabulary (jiedu.annotate.word_conversion);
a word OpenCC would lengthen or shorten is converted character by character.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from opencc import OpenCC

from ..opencc_dictionaries import single_char_keys
from ..table_cache import TableCache
from .simplify import ScriptAligner, build_script_aligner, chars_opencc_may_change
from .word_conversion import WordConverter, load_word_converter


class Script(str, Enum):
    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"

    @property
    def lang(self) -> str:
        """The BCP 47 tag for HTML `lang`."""
        return "zh-Hans" if self is Script.SIMPLIFIED else "zh-Hant"

    @property
    def folder(self) -> str:
        """The folder name of this script's pages in the site."""
        return "hans" if self is Script.SIMPLIFIED else "hant"

    @property
    def other(self) -> Script:
        return Script.TRADITIONAL if self is Script.SIMPLIFIED else Script.SIMPLIFIED


@dataclass(frozen=True, slots=True)
class ScriptConverter:
    """OpenCC converters, built once per build and passed down."""

    aligner: ScriptAligner
    """Traditional -> Simplified, character for character (著 resolved by context)."""
    to_traditional_converter: OpenCC
    to_traditional_changes: frozenset[str]
    """Characters `to_traditional_converter` would replace; text without any is returned as is."""
    words_to_traditional: WordConverter
    """`to_traditional_converter` word by word, with the overrides."""
    traditional_only: frozenset[str]
    """Characters OpenCC converts from Traditional and that Simplified text does not use."""
    simplified_only: frozenset[str]
    """Characters OpenCC converts from Simplified and that Traditional text does not use."""

    def to_simplified(self, text: str) -> str:
        return self.aligner.to_simplified(text)

    def to_traditional(self, text: str, words: Sequence[str] | None = None) -> str:
        """`text` in Traditional, same length; converted word by word when `words` (which
        concatenate to `text`) are given, else as one word (a glossary term is one).

        >>> converter = build_script_converter()
        >>> converter.to_traditional("掌握发展规律", ["掌握", "发展", "规律"]), converter.to_traditional("新征程", ["新征程"])
        ('掌握發展規律', '新征程')
        """
        if self.words_to_traditional.changes.isdisjoint(text):
            return text
        return self.words_to_traditional.convert_words(words if words is not None else [text])

    def to_script(self, text: str, script: Script) -> str:
        return self.to_simplified(text) if script is Script.SIMPLIFIED else self.to_traditional(text)

    def detect_script(self, text: str) -> Script:
        """The script most of `text` is written in.

        >>> converter = build_script_converter()
        >>> converter.detect_script("坚持以人民为中心").value, converter.detect_script("堅持以人民為中心").value
        ('simplified', 'traditional')
        """
        counts = Counter(text)
        traditional = sum(n for char, n in counts.items() if char in self.traditional_only)
        simplified = sum(n for char, n in counts.items() if char in self.simplified_only)
        return Script.TRADITIONAL if traditional > simplified else Script.SIMPLIFIED


CHARACTER_SETS_TABLE = "script-character-sets"


def build_script_converter(tables: TableCache | None = None) -> ScriptConverter:
    """The converters and the character sets that tell the scripts apart.

    The sets take about 0.2 s to read from OpenCC's dictionaries; with `tables`
    (the build cache's) they are read from the table stored there, or stored
    there for the next build.
    """
    sets = tables.load(CHARACTER_SETS_TABLE) if tables else None
    if sets is None:
        sets = script_character_sets()
        if tables:
            tables.store(CHARACTER_SETS_TABLE, "", lambda: sets)
    t2s_changes, s2tw_changes, traditional_only, simplified_only = map(frozenset, sets)
    # Taiwan character standard (為, 著, 裡) rather than OpenCC's own (爲, 着, 裏):
    # it is what Traditional-script readers and the bundled documents use.
    to_traditional = OpenCC("s2tw")
    return ScriptConverter(
        aligner=build_script_aligner(t2s_changes),
        to_traditional_converter=to_traditional,
        to_traditional_changes=s2tw_changes,
        words_to_traditional=load_word_converter(to_traditional, s2tw_changes),
        traditional_only=traditional_only,
        simplified_only=simplified_only,
    )


def script_character_sets() -> tuple[str, str, str, str]:
    """What `build_script_converter` reads from OpenCC's dictionaries, each set as a sorted string:
    the characters t2s and s2tw may change, those only Traditional and those only Simplified text uses."""
    to_simplified = single_char_keys(["TSCharacters.txt"])
    to_traditional = single_char_keys(["STCharacters.txt"])
    sets = (chars_opencc_may_change("t2s"), chars_opencc_may_change("s2tw"), to_simplified - to_traditional, to_traditional - to_simplified)
    return tuple("".join(sorted(chars)) for chars in sets)


def _convert_in_place(converter: OpenCC, text: str) -> str:
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_convert_char(converter, ch) for ch in text)


def _convert_char(converter: OpenCC, char: str) -> str:
    converted = converter.convert(char)
    return converted if len(converted) == 1 else char


def parse_script(value: object) -> Script | None:
    """Read a `script:` metadata value: simplified/traditional, zh-Hans/zh-Hant, 简/繁.

    >>> parse_script("zh-Hant"), parse_script("简体"), parse_script("?")
    (<Script.TRADITIONAL: 'traditional'>, <Script.SIMPLIFIED: 'simplified'>, None)
    """
    text = str(value or "").strip().lower()
    if text in {"simplified", "zh-hans", "hans", "简体", "简", "簡體", "s"}:
        return Script.SIMPLIFIED
    if text in {"traditional", "zh-hant", "hant", "繁体", "繁", "繁體", "t"}:
        return Script.TRADITIONAL
    return None
