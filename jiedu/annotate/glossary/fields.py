"""Typed fields out of a glossary entry's front matter, a WARNING (file and line) for each bad one."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

from jiedu.frontmatter import FrontMatter
from jiedu.model import Problem

ALLOWED_URL_SCHEMES = ("http", "https")

LIST_ITEM = re.compile(r"(\s*)- ")
"""A block-style YAML list item: its indentation."""


class FieldReader:
    """Reads typed fields out of the front matter, collecting a Problem for each bad one."""

    __slots__ = ("_path", "_front", "_lines", "problems", "_texts")

    def __init__(self, path: Path, front: FrontMatter, text: str = "") -> None:
        self._path = path
        self._front = front
        self._lines = text.split("\n")
        self.problems: list[Problem] = []
        self._texts: dict[str, str] = {}

    def line(self, name: str) -> int:
        """The file line of a top-level field (the front matter's first line when absent)."""
        return self._front.key_lines.get(name, self._front.first_line)

    def warn(self, name: str, message: str, line: int | None = None) -> None:
        """A WARNING on the line of field `name`, or on `line` when given."""
        self.problems.append(Problem(str(self._path), line or self.line(name), message))

    def raw(self, name: str) -> object:
        return self._front.fields.get(name)

    def has(self, name: str) -> bool:
        return name in self._front.fields

    def item_lines(self, name: str) -> list[int]:
        """File lines of the items of a block-style list field, in order ([] for a flow-style list).

        Items are the lines that start with "- " at the indentation of the first one,
        up to the next top-level key or the closing fence.
        """
        start = self._front.key_lines.get(name)
        if start is None:
            return []
        found, indent = [], None
        for number in range(start + 1, len(self._lines) + 1):
            line = self._lines[number - 1]
            if line[:1].strip():  # a top-level key or the closing fence
                break
            match = LIST_ITEM.match(line)
            if match and indent in (None, match.group(1)):
                indent = match.group(1)
                found.append(number)
        return found

    def text(self, name: str) -> str:
        """A text field; "" when absent or of the wrong type (warned about once)."""
        if name not in self._texts:
            self._texts[name] = self._read_text(name)
        return self._texts[name]

    def _read_text(self, name: str) -> str:
        value = self.raw(name)
        if value is None:
            return ""
        if not is_scalar(value):
            self.warn(name, f"`{name}` should be text, not {yaml_kind(value)}; it was ignored")
            return ""
        return scalar_text(value).strip()

    def text_list(self, name: str) -> tuple[str, ...]:
        """A list of texts; a single text is read as a one-item list (with a warning)."""
        value = self.raw(name)
        if value is None:
            return ()
        if isinstance(value, str):
            self.warn(name, f"`{name}` should be a list (lines starting with \"- \"); read as one item")
            value = [value]
        if not isinstance(value, list):
            self.warn(name, f"`{name}` should be a list, not {yaml_kind(value)}; it was ignored")
            return ()
        items = [scalar_text(item).strip() for item in value if is_scalar(item)]
        if len(items) != len(value):
            self.warn(name, f"`{name}` has items that are not text; they were dropped")
        return tuple(item for item in items if item)

    def variants(self) -> tuple[str, ...]:
        """Other written forms; a single character would match almost anywhere, so it is dropped."""
        variants = self.text_list("variants")
        short = [variant for variant in variants if len(variant) < 2]
        if short:
            self.warn("variants", f"variants {', '.join(short)} are too short to recognise; they were dropped")
        return tuple(variant for variant in variants if len(variant) >= 2)

    def flag(self, name: str, default: bool) -> bool:
        """A true/false field; `default` when absent or not true/false (warned)."""
        value = self.raw(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.warn(name, f"`{name}` should be true or false; read as {str(default).lower()}")
            return default
        return value

    def claim(self, name: str, holds: bool, why_not: str) -> bool:
        """A flag that may be true only when `holds`; else a warning saying `why_not` and false."""
        value = self.flag(name, False)
        if value and not holds:
            self.warn(name, f"`{name}` is true but {why_not}; read as false")
            return False
        return value

    def expansion_applies(self, has_expansion: bool) -> bool:
        value = self.flag("expansion_applies", True)
        if not value and has_expansion:
            self.warn("expansion_applies", "`expansion_applies` is false but there is an expansion; read as true")
            return True
        return value

    def warn_unknown_fields(self, known: set[str]) -> None:
        for key in self._front.fields:
            if str(key) not in known:
                self.warn(str(key), f"unknown field `{key}` was ignored (known: {', '.join(sorted(known))})")


def is_web_url(url: str) -> bool:
    """True for an absolute http or https address with a host.

    >>> is_web_url("https://example.org/a"), is_web_url("javascript:alert(1)"), is_web_url("http:/x")
    (True, False, False)
    """
    parts = urlsplit(url)
    return parts.scheme.lower() in ALLOWED_URL_SCHEMES and bool(parts.netloc)


def is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float | datetime.date) and not isinstance(value, bool)


def scalar_text(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def yaml_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "true/false"
    return type(value).__name__
