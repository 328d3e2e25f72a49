"""Front matter: a YAML block between `---` lines at the top of a document.

    ---
    title: 西藏日报 2024年1月11日 第1版
    date: 2024-01-11
    ---
    正文……

A sidecar file `NAME.meta.yaml` beside `NAME.txt` may hold the same fields
instead (handy when the text file must stay exactly as scraped).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import yaml

FENCE = "---"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    metadata: dict
    body: str
    body_first_line: int
    """1-based line of the file on which `body` starts."""


class FrontMatterError(ValueError):
    """Front matter that does not parse; `line` is 1-based in the file."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def split_front_matter(text: str) -> FrontMatter:
    """Split a leading `---` YAML block off `text`.

    >>> fm = split_front_matter("---\\ntitle: 决议\\n---\\n正文")
    >>> fm.metadata, fm.body, fm.body_first_line
    ({'title': '决议'}, '正文', 4)
    >>> split_front_matter("正文").metadata
    {}
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return FrontMatter({}, text, 1)
    closing = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == FENCE), None)
    if closing is None:
        raise FrontMatterError("front matter starts with --- but has no closing --- line", 1)
    metadata = parse_metadata_yaml("\n".join(lines[1:closing]), first_line=2)
    return FrontMatter(metadata, "\n".join(lines[closing + 1 :]), closing + 2)


def parse_metadata_yaml(source: str, first_line: int = 1) -> dict:
    """Parse a YAML mapping of metadata; values become plain strings or lists."""
    try:
        data = yaml.safe_load(source) if source.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line) from None
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a mapping of `key: value` lines", first_line)
    return {str(key): _plain(value) for key, value in data.items()}


def _plain(value):
    """YAML dates become ISO strings; everything else stays as parsed."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
