"""Traditional text to a Simplified form aligned character by character.

Readings are computed on Simplified text (the dictionaries, the segmenter and
the polyphone model all speak Simplified) and mapped back position by
position, so the conversion must not change the length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from opencc import OpenCC

from ..opencc_dictionaries import dictionary_files, dictionary_lines

ZHU_WORDS = frozenset(
    "著名 著作 著称 著述 著书 著者 著录 著有 著文 显著 卓著 名著 专著 原著 编著 论著 土著 "
    "昭著 巨著 合著 拙著 译著 遗著 新著 撰著 较著 见微知著 著作权".split()
)
"""Words in which 著 is zhù. Elsewhere Traditional 著 is Simplified 着
(著力 zhuó, 看著 zhe, 摸得著 zháo), which OpenCC's t2s leaves unconverted."""


@dataclass(frozen=True)
class ScriptAligner:
    """OpenCC t2s plus the characters that make a conversion necessary."""

    converter: OpenCC
    traditional_chars: frozenset[str]
    """Characters t2s would replace, and 著; text without any of them is returned as is."""

    def to_simplified(self, text: str) -> str:
        """Same length as `text`; 著 resolved to 着 outside the zhù words.

        >>> aligner = build_script_aligner()
        >>> aligner.to_simplified("堅持以人民爲中心，看著顯著")
        '坚持以人民为中心，看着显著'
        """
        if self.traditional_chars.isdisjoint(text):
            return text
        simplified = self.converter.convert(text)
        if len(simplified) != len(text):
            simplified = "".join(self._convert_char(ch) for ch in text)
        return resolve_zhu(simplified) if "著" in simplified else simplified

    def _convert_char(self, char: str) -> str:
        converted = self.converter.convert(char)
        return converted if len(converted) == 1 else char


def resolve_zhu(text: str) -> str:
    """Replace 著 by 着 except inside a word of ZHU_WORDS.

    >>> resolve_zhu("著名的著作，接著著力")
    '著名的著作，接着着力'
    """
    chars = list(text)
    for i, char in enumerate(chars):
        if char == "著" and not _in_zhu_word(text, i):
            chars[i] = "着"
    return "".join(chars)


def _in_zhu_word(text: str, i: int) -> bool:
    for length in (2, 3, 4):
        for start in range(max(0, i - length + 1), i + 1):
            if text[start : start + length] in ZHU_WORDS:
                return True
    return False


def build_script_aligner(t2s_changes: frozenset[str] | None = None) -> ScriptAligner:
    """OpenCC t2s and the set of characters its dictionaries would change
    (`t2s_changes`, when already known: `chars_opencc_may_change("t2s")`)."""
    converter = OpenCC("t2s")
    changes = chars_opencc_may_change("t2s") if t2s_changes is None else t2s_changes
    return ScriptAligner(converter, changes | {"著"})


def chars_opencc_may_change(conversion: str) -> frozenset[str]:
    """The characters that an OpenCC conversion ("t2s", "s2tw") may replace.

    OpenCC replaces the keys of its dictionaries by their first value. A key
    character is in the set when that value has another character in its
    place (or another length). A text with none of them comes out of the
    conversion unchanged: every key it contains maps to itself.

    >>> sorted(chars_opencc_may_change("t2s") & set("後来的人民"))
    ['後']
    """
    changed: set[str] = set()
    for name in dictionary_files(conversion):
        for line in dictionary_lines(name):
            key, values = line.strip().split("\t")  # as OpenCC reads its dictionaries
            changed.update(_replaced_chars(key, values.split(" ")[0]))
    return frozenset(changed)


def _replaced_chars(key: str, value: str) -> Iterable[str]:
    if len(key) != len(value):
        return key
    return (k for k, v in zip(key, value) if k != v)
