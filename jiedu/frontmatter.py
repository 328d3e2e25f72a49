"""YAML front matter between `---` lines at the top of a file (or TOML between `+++`, as Hugo writes it), with line numbers.

Documents and glossary entries both carry their fields this way:

    ---
    title: 西藏日报 2024年1月11日 第1版
    date: 2024-01-11
    ---
    正文……

Errors are values (FrontMatterError with the file line), never exceptions,
so a reader can report them and go on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

FENCE = "---"
"""The line that opens and closes the front matter."""
TOML_FENCE = "+++"
"""The line that opens and closes TOML front matter (Hugo's), read for documents only."""
TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


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


def split_front_matter(text: str, required: bool = True) -> FrontMatter | FrontMatterError:
    """Read `---` fenced YAML at the top of `text`; without it, an error or (not required) no fields.

    >>> split_front_matter("---\\nterm: 两重\\n---\\nBody\\n").fields
    {'term': '两重'}
    >>> split_front_matter("term: 两重\\n")
    FrontMatterError(line=1, message='the file must start with a line "---" opening the front matter')
    >>> split_front_matter("正文", required=False).body
    '正文'

    A document's front matter may follow blank lines (a blog export writes one first):

    >>> front = split_front_matter("\\n---\\ntitle: 通知\\n---\\n正文\\n", required=False)
    >>> front.fields, front.key_lines, front.body_line
    ({'title': '通知'}, {'title': 3}, 5)
    """
    lines = text.split("\n")
    blank = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if blank and not required and lines[blank].rstrip() in (FENCE, TOML_FENCE):
        return _shifted(split_front_matter("\n".join(lines[blank:]), required), blank)
    if lines[0].rstrip() == TOML_FENCE and not required:
        return split_toml_front_matter(lines)
    if lines[0].rstrip() != FENCE and not required:
        return FrontMatter(fields={}, key_lines={}, first_line=1, body=text, body_line=1)
    if lines[0].rstrip() != FENCE:
        return FrontMatterError(1, f'the file must start with a line "{FENCE}" opening the front matter')
    closing = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() == FENCE), None)
    if closing is None:
        return FrontMatterError(1, f'the front matter is never closed by a line "{FENCE}"')
    parsed = parse_yaml_mapping("\n".join(lines[1:closing]), first_line=2)
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


def _shifted(found: FrontMatter | FrontMatterError, lines: int) -> FrontMatter | FrontMatterError:
    """`found`, read from a text `lines` lines further down its file, with the file's line numbers."""
    if isinstance(found, FrontMatterError):
        return FrontMatterError(found.line + lines, found.message)
    return FrontMatter(fields=found.fields, key_lines={key: line + lines for key, line in found.key_lines.items()},
                       first_line=found.first_line + lines, body=found.body, body_line=found.body_line + lines)


def split_toml_front_matter(lines: list[str]) -> FrontMatter | FrontMatterError:
    """TOML front matter between `+++` lines (Hugo's format).

    >>> front = split_toml_front_matter(['+++', 'title = "通知"', 'tags = ["就业"]', '+++', '正文'])
    >>> front.fields, front.key_lines, front.body
    ({'title': '通知', 'tags': ['就业']}, {'title': 2, 'tags': 3}, '正文')
    """
    import tomllib

    closing = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() == TOML_FENCE), None)
    if closing is None:
        return FrontMatterError(1, f'the front matter is never closed by a line "{TOML_FENCE}"')
    try:
        fields = tomllib.loads("\n".join(lines[1:closing]))
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        return FrontMatterError(1 + (int(line.group(1)) if line else 1), f"the front matter is not valid TOML: {error}")
    key_lines = {}
    for number, line in enumerate(lines[1:closing], 2):
        key = TOML_KEY.match(line)
        if key and key.group(1) in fields:
            key_lines.setdefault(key.group(1), number)
    return FrontMatter(fields=fields, key_lines=key_lines, first_line=2, body="\n".join(lines[closing + 1 :]), body_line=closing + 2)


FAST_LOADER = getattr(yaml, "CSafeLoader", None)
"""libyaml's loader where PyYAML was built with it (the wheels are): about ten
times faster on a thousand metadata files. Its error marks can point at
another line than the pure-Python loader's, so errors are reported by that one."""


def parse_yaml_mapping(source: str, first_line: int = 1) -> tuple[dict, dict[str, int]] | FrontMatterError:
    """A YAML mapping and the file line of each key (an empty source is an empty mapping)."""
    if not source.strip():
        return {}, {}
    parsed = _parse_yaml(source, FAST_LOADER) if FAST_LOADER else None
    if not isinstance(parsed, tuple):  # an error (or no libyaml): the pure loader says where
        parsed = _parse_yaml(source, yaml.SafeLoader)
    if isinstance(parsed, yaml.YAMLError):
        error = parsed
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = first_line + (mark.line if mark else 0)
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return FrontMatterError(line, f"the front matter is not valid YAML: {reason}")
    node, data = parsed
    if not isinstance(data, dict):
        return FrontMatterError(first_line, "the front matter must be a mapping of field: value lines")
    key_lines = {
        str(key.value): first_line + key.start_mark.line
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return data, key_lines


MAX_VALUES = 10_000
"""Values front matter may expand to. A few hundred bytes of aliases that repeat aliases
("billion laughs") expand to billions; real front matter holds a few dozen."""


def expanded_size(node: yaml.Node) -> int:
    """How many values the YAML node stands for with every alias written out (a node that holds itself: no end).

    Counted over the node graph once per node, so a bomb is measured without being expanded.

    >>> expanded_size(yaml.compose("a: &x [1, 2]\\nb: [*x, *x]"))  # the mapping, 2 keys, [1, 2] and [[1, 2], [1, 2]]
    13
    """
    sizes: dict[int, int] = {}
    return _size(node, sizes, set())


def _size(node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:  # the node holds itself: it stands for values without end
        return MAX_VALUES + 1
    open_nodes.add(key)
    children = node.value if isinstance(node, yaml.SequenceNode) else [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else []
    total = 1
    for child in children:
        total += _size(child, sizes, open_nodes)
        if total > MAX_VALUES:
            break
    open_nodes.discard(key)
    sizes[key] = total
    return total


def _parse_yaml(source: str, loader_class) -> tuple | yaml.YAMLError:
    """(node, data) of a single YAML document, or the error."""
    loader = loader_class(source)
    try:
        node = loader.get_single_node()
        if node is not None and expanded_size(node) > MAX_VALUES:
            return yaml.YAMLError(f"it expands to more than {MAX_VALUES:,} values (aliases repeating aliases?); refused")
        return node, (loader.construct_document(node) if node is not None else None)
    except yaml.YAMLError as error:
        return error
    except (ValueError, OverflowError, RecursionError) as error:  # 2024-02-30, a 5,000-digit number, nesting 3,000 deep
        return yaml.YAMLError(f"a value that can't be read ({type(error).__name__}: {str(error)[:120]})")
    finally:
        loader.dispose()
