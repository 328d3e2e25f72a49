"""Simplified and Traditional script: detection and conversion with OpenCC.

Readings and glossary marks are computed once, on the Simplified form, and
shared by both scripts, so a conversion must keep every character in place.
OpenCC converts phrase by phrase and nearly always does; where it would change
a paragraph's length we convert character by character instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from opencc import OpenCC


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

    to_simplified_converter: OpenCC
    to_traditional_converter: OpenCC

    def to_simplified(self, text: str) -> str:
        return _convert_in_place(self.to_simplified_converter, text)

    def to_traditional(self, text: str) -> str:
        return _convert_in_place(self.to_traditional_converter, text)

    def to_script(self, text: str, script: Script) -> str:
        return self.to_simplified(text) if script is Script.SIMPLIFIED else self.to_traditional(text)

    def detect_script(self, text: str) -> Script:
        """The script most of `text` is written in.

        >>> converter = build_script_converter()
        >>> converter.detect_script("坚持以人民为中心").value, converter.detect_script("堅持以人民為中心").value
        ('simplified', 'traditional')
        """
        sample = text[:20000]
        simplified_only = _count_differences(sample, self.to_traditional(sample))
        traditional_only = _count_differences(sample, self.to_simplified(sample))
        return Script.TRADITIONAL if traditional_only > simplified_only else Script.SIMPLIFIED


def build_script_converter() -> ScriptConverter:
    return ScriptConverter(OpenCC("t2s"), OpenCC("s2t"))


def _convert_in_place(converter: OpenCC, text: str) -> str:
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_convert_char(converter, ch) for ch in text)


def _convert_char(converter: OpenCC, char: str) -> str:
    converted = converter.convert(char)
    return converted if len(converted) == 1 else char


def _count_differences(a: str, b: str) -> int:
    return sum(1 for x, y in zip(a, b) if x != y)


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
