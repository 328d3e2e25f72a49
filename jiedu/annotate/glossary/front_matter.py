"""Split a glossary file into YAML front matter and a Markdown body, with line numbers."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

FENCE = "---"
"""The line that opens and closes the front matter."""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The parsed front matter of one file and where things are in it."""

    fields: dict
    """The YAML mapping, as PyYAML's safe loader builds it."""
    key_lines: dict[str, int]
    """1-based file line of each top-level key."""
    first_line: int
    """1-based file line of the first YAML line (after the opening fence)."""
    body: str
    """Everything after the closing fence."""
    body_line: int
    """1-based file line on which the body starts."""


@dataclass(frozen=True, slots=True)
class FrontMatterError:
    """Why the front matter could not be read."""

    line: int
    """1-based file line."""
    message: str
    """One sentence a user can act on."""


def split_front_matter(text: str) -> FrontMatter | FrontMatterError:
    """Read `---` fenced YAML at the top of `text`.

    >>> split_front_matter("---\\nterm: 两重\\n---\\nBody\\n").fields
    {'term': '两重'}
    >>> split_front_matter("term: 两重\\n")
    FrontMatterError(line=1, message='the file must start with a line "---" opening the front matter')
    """
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        return FrontMatterError(1, f'the file must start with a line "{FENCE}" opening the front matter')
    closing = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() == FENCE), None)
    if closing is None:
        return FrontMatterError(1, f'the front matter is never closed by a line "{FENCE}"')
    parsed = _parse_mapping("\n".join(lines[1:closing]), first_line=2)
    if isinstance(parsed, FrontMatterError):
        return parsed
    fields, key_lines = parsed
    return FrontMatter(
        fields=fields,
        key_lines=key_lines,
        first_line=2,
        body="\n".join(lines[closing + 1 :]),
        body_line=closing + 2,
    )


def _parse_mapping(source: str, first_line: int) -> tuple[dict, dict[str, int]] | FrontMatterError:
    loader = yaml.SafeLoader(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = first_line + (mark.line if mark else 0)
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return FrontMatterError(line, f"the front matter is not valid YAML: {reason}")
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return FrontMatterError(first_line, "the front matter must be a mapping of field: value lines")
    key_lines = {
        str(key.value): first_line + key.start_mark.line
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return data, key_lines
