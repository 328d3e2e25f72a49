"""Hand corrections for one document, for what the automatic passes got wrong.

A document ``content/documents/NAME.txt`` may have a fixes file
``content/fixes/NAME.toml`` (`fixes_path_for`). Each correction is one TOML
table, and they are applied after the cleaning passes, in this order:

.. code-block:: toml

    # Literal replacement, every occurrence (may span lines with "\\n").
    [[replace]]
    old = "洛桑江村主持会议"
    new = "洛桑江村主持了会议"

    # Join a line with the next one. `after` is how the line ends, `before`
    # how the next one starts; give one or both.
    [[join]]
    after = "会议要求，自治区人大常委会"
    before = "要坚持"

    # Break a line in two between `after` and `before` (one or both).
    # blank = true makes it a stronger break: a new article on a newspaper page.
    [[break]]
    after = "决定批准这个报告。"
    before = "会议号召"
    blank = false

    # Structure: a whole line that is a heading (level 1 = top-level section)…
    [[heading]]
    text = "坚持稳中求进"
    level = 2

    # …or a line that looks like a heading but is text.
    [[paragraph]]
    text = "一、"

Text is matched literally against the cleaned text (one block per line).
Every fix that changes the text is reported as a Change of pass ``fixes``
whose note starts with ``FILE:LINE`` (the fix's table header), so a fix that
matched nothing can be reported with its line (`unmatched_fix_problems`).
The structure stage applies ``heading`` and ``paragraph`` fixes.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Change, Problem, Severity

PASS_NAME = "fixes"
KINDS = ("replace", "join", "break", "heading", "paragraph")
FIELDS = {
    "replace": {"old": str, "new": str},
    "join": {"after": str, "before": str},
    "break": {"after": str, "before": str, "blank": bool},
    "heading": {"text": str, "level": int},
    "paragraph": {"text": str},
}
REQUIRED = {"replace": ("old", "new"), "join": (), "break": (), "heading": ("text",), "paragraph": ("text",)}
TABLE_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z_-]+)\s*\]\]")


@dataclass(frozen=True, slots=True)
class Fix:
    """One correction from a fixes file."""

    kind: str
    """replace, join, break, heading or paragraph."""
    line: int | None
    """Line of its ``[[kind]]`` header in the fixes file."""
    old: str = ""
    new: str = ""
    after: str = ""
    before: str = ""
    blank: bool = False
    text: str = ""
    level: int = 1


@dataclass(frozen=True, slots=True)
class Fixes:
    """All corrections for one document."""

    path: str = ""
    """The fixes file as the user would type it ("" when there is none)."""
    entries: tuple[Fix, ...] = ()

    def of_kind(self, kind: str) -> tuple[Fix, ...]:
        return tuple(fix for fix in self.entries if fix.kind == kind)

    def location(self, fix: Fix) -> str:
        """``FILE:LINE`` of a fix, the start of its Changes' notes."""
        return f"{self.path}:{fix.line}" if fix.line else self.path


NO_FIXES = Fixes()


def fixes_path_for(content_dir: Path, document_path: Path) -> Path:
    """Where the fixes for a document live: ``content/fixes/<stem>.toml``."""
    return content_dir / "fixes" / f"{document_path.stem}.toml"


def load_fixes(path: Path, display_path: str | None = None, read: Callable[[Path], bytes] = Path.read_bytes) -> tuple[Fixes, list[Problem]]:
    """Read a fixes file; a missing file is no fixes, a broken one a Problem.

    A build reads it with `jiedu.paths.content_file_reader`, which refuses a
    link leading out of the content folder.
    """
    shown = display_path or str(path)
    if not path.is_file():
        return Fixes(shown), []
    try:
        source = read(path).decode("utf-8-sig")
        data = tomllib.loads(source)
    except (ValueError, RecursionError) as error:  # bad TOML or bytes, a 5,000-digit number, nesting 3,000 deep
        from ..config import toml_error_text

        line = re.search(r"line (\d+)", str(error))
        problem = Problem(shown, int(line.group(1)) if line else None, f"fixes file ignored: {toml_error_text(error)}", Severity.ERROR)
        return Fixes(shown), [problem]
    except OSError as error:
        return Fixes(shown), [Problem(shown, None, f"fixes file ignored: {error.strerror or error}", Severity.ERROR)]
    return parse_fixes(data, source, shown)


def parse_fixes(data: dict, source: str, shown: str) -> tuple[Fixes, list[Problem]]:
    """Check the parsed TOML table by table; bad entries are skipped with a Problem."""
    header_lines = _header_lines(source)
    entries, problems = [], []
    for kind, tables in data.items():
        lines = header_lines.get(kind, [])
        if kind not in KINDS or not isinstance(tables, list):
            problems.append(Problem(shown, lines[0] if lines else None, f"unknown fix `{kind}`; use [[{']], [['.join(KINDS)}]]"))
            continue
        for i, table in enumerate(tables):
            line = lines[i] if i < len(lines) else None
            fix, message = _entry(kind, table, line)
            if fix:
                entries.append(fix)
            else:
                problems.append(Problem(shown, line, message))
    return Fixes(shown, tuple(entries)), problems


def _entry(kind: str, table, line: int | None) -> tuple[Fix | None, str]:
    if not isinstance(table, dict):
        return None, f"[[{kind}]] must be a table"
    fields = FIELDS[kind]
    for key, value in table.items():
        if key not in fields:
            return None, f"[[{kind}]] has unknown key `{key}` (known: {', '.join(fields)})"
        if not isinstance(value, fields[key]) or (fields[key] is int and isinstance(value, bool)):
            return None, f"[[{kind}]] `{key}` must be a {fields[key].__name__}"
    missing = [key for key in REQUIRED[kind] if not table.get(key)]
    if missing or (kind in ("join", "break") and not (table.get("after") or table.get("before"))):
        needed = " and ".join(f"`{k}`" for k in missing) or "`after` or `before`"
        return None, f"[[{kind}]] needs {needed}"
    if kind == "heading" and not 1 <= table.get("level", 1) <= 6:
        return None, "[[heading]] `level` must be 1 to 6"
    return Fix(kind, line, **table), ""


def _header_lines(source: str) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for number, line in enumerate(source.split("\n"), 1):
        match = TABLE_HEADER.match(line)
        if match:
            found.setdefault(match.group(1), []).append(number)
    return found


def apply_text_fixes(text: str, fixes: Fixes) -> tuple[str, list[Change]]:
    """Apply the replace, join and break fixes, in that order.

    >>> fixes = Fixes("f.toml", (Fix("join", 3, after="人大常委会"), Fix("break", 6, after="报告。")))
    >>> apply_text_fixes("会议要求，自治区人大常委会\\n要坚持。决定批准这个报告。会议号召", fixes)[0]
    '会议要求，自治区人大常委会要坚持。决定批准这个报告。\\n会议号召'
    """
    changes: list[Change] = []
    for fix in fixes.entries:
        apply = {"replace": _replace, "join": _join, "break": _break}.get(fix.kind)
        if apply:
            text = apply(text, fix, fixes.location(fix), changes)
    return text, changes


def _replace(text: str, fix: Fix, where: str, changes: list[Change]) -> str:
    for match in re.finditer(re.escape(fix.old), text):
        changes.append(Change(PASS_NAME, _line_of(text, match.start()), fix.old, fix.new, f"{where} replace"))
    return text.replace(fix.old, fix.new)


def _join(text: str, fix: Fix, where: str, changes: list[Change]) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line, nxt = lines[i], _next_text_line(lines, i)
        if nxt is not None and line and line.endswith(fix.after) and lines[nxt].startswith(fix.before):
            joined = line + lines[nxt]
            changes.append(Change(PASS_NAME, i + 1, f"{line[-8:]}⏎{lines[nxt][:8]}", f"{line[-8:]}{lines[nxt][:8]}", f"{where} join"))
            lines[nxt] = joined
            i = nxt
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _next_text_line(lines: list[str], i: int) -> int | None:
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    return j if j < len(lines) else None


def _break(text: str, fix: Fix, where: str, changes: list[Change]) -> str:
    separator = "\n\n" if fix.blank else "\n"
    pattern = re.compile(f"(?<={re.escape(fix.after)})(?={re.escape(fix.before)})" if fix.after else f"(?={re.escape(fix.before)})")
    pieces, last = [], 0
    for match in pattern.finditer(text):
        at = match.start()
        if at in (0, len(text)) or text[at - 1] == "\n" or text[at] == "\n":
            continue
        left, right = text[max(0, at - 8) : at], text[at : at + 8]
        changes.append(Change(PASS_NAME, _line_of(text, at), left + right, left + separator + right, f"{where} break"))
        pieces.append(text[last:at])
        last = at
    pieces.append(text[last:])
    return separator.join(pieces)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def unmatched_fix_problems(fixes: Fixes, changes) -> list[Problem]:
    """A Problem for each replace/join/break fix that changed nothing."""
    used = {change.note.rsplit(" ", 1)[0] for change in changes if change.pass_name == PASS_NAME}
    return [
        Problem(fixes.path, fix.line, f"[[{fix.kind}]] matched nothing in the cleaned text")
        for fix in fixes.entries
        if fix.kind in ("replace", "join", "break") and fixes.location(fix) not in used
    ]
