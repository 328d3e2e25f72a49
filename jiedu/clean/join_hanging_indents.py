"""Pass `join_hanging_indents`: a wrapped line's rest, set in under it, goes back to it.

Some plain-text exports wrap long lines at a fixed width and indent the rest
of a wrapped line (a hanging indent), as Taiwan's law database does with its
history of a law and its numbered items::

    2.中華民國五十一年六月十六日司法院（51）台院參字第 432  號令核准
      修正發布

`normalize_spacing` removes indentation, after which nothing tells that
``修正發布`` is the end of the line above, so this pass runs before it, on
plain text only (a block format's readers know where lines end).

A line is joined to the one above when all of these hold:

- the text is set flush left: at most one line in `MAX_INDENTED_SHARE` starts
  with a space (in a text whose paragraphs start indented, an indent starts a
  paragraph instead);
- the line is indented with two or more spaces;
- the line above does not end a sentence, and either it is full (as wide as
  the text's lines mostly are: `wrap_width`, in display columns, a Han
  character counting two) or the line does not start an entry of its own (a
  date: the next step of a law's history, or a number).

In text whose lines are mostly indented (a law's items set in by a space), a
line set in deeper than the full line above it is joined to it, on the same
conditions (`_join_deeper_indents`).

A short line above (``1.中華民國三十六年一月一日國民政府令公布``) followed by
an indented line (another step of the history) stays a line of its own; its
indent is removed here already, so that the pass changes nothing when it
reads its own output.

>>> text = "第一行的内容写满了整整一行还没有写完这句话\\n  接着写完。\\n" + "其他的内容写满一整行并且以句号结束了这一行。\\n" * 20
>>> join_hanging_indents(text)[0].split("\\n")[0]
'第一行的内容写满了整整一行还没有写完这句话接着写完。'
"""

from __future__ import annotations

import re

from ..charclass import display_width
from ..model import Change
from .line_shapes import is_drawn_table_line

PASS_NAME = "join_hanging_indents"
MIN_LINES = 20
"""Fewer lines than this say too little about a text's layout."""
MAX_INDENTED_SHARE = 0.15
FULL_SHARE = 0.9
"""A line at least this share of the wrap width is full."""
BARE_NUMBER = re.compile(r"[〇○零一二三四五六七八九十百0-9]{1,4}")
HANGING_INDENT = re.compile(r"^ {2,}(?=\S)")
SENTENCE_END = re.compile(r"[。！？：!?:]\s*$")
"""What ends a line for good: a full stop or a colon (a semicolon does not: a step of a law's history goes on after one)."""
# What starts an entry of its own: a date (another step of a law's history) or a number.
NEW_ENTRY = re.compile(r"(?:中華民國|中华民国|民國|民国)?[〇○零一二三四五六七八九十百0-9]{1,6} ?年|[0-9一二三四五六七八九十]{1,3}[、.．]|[（(]")


def join_hanging_indents(text: str) -> tuple[str, list[Change]]:
    """Join each hanging-indented line to the full line above it; see the module docstring."""
    if "\n  " not in text:
        return text, []
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    if len(filled) < MIN_LINES:
        return text, []
    indented = sum(1 for line in filled if line[0].isspace()) > MAX_INDENTED_SHARE * len(filled)
    return _join_wraps(lines, wrap_width(filled), relative=indented)


def _join_wraps(lines: list[str], width: int, relative: bool) -> tuple[str, list[Change]]:
    """Each wrapped line's rest joined to it, each line of its own set in under an entry without its indent.

    In flush text (`relative` False) a line set in by two spaces or more is under the entry above it.
    In text whose lines are indented as a whole (a law's items set in by a space), a line is under an
    entry when it is set in two spaces deeper than that entry: ``(六) 對所屬學校…各總司令`` /
    ``      部及憲兵司令部與學校間…``. An entry is a line at its text's own indent; a line of its own
    inside an entry (a second date of a law's history step, set in like the rest) leaves the entry's
    indent as it was.
    """
    out: list[str] = []
    changes = []
    entry: int | None = None if relative else 0
    for number, line in enumerate(lines, 1):
        if relative and line.strip() and (entry is None or _indent(line) < entry + 2):
            entry = _indent(line)
        under = entry is not None and HANGING_INDENT.match(line) is not None and _indent(line) >= entry + 2
        above = lines[number - 2] if number > 1 else ""  # the line as printed above, not what it was joined into
        wrapped = display_width(above.rstrip()) >= FULL_SHARE * width or not NEW_ENTRY.match(line.strip())
        drawn = is_drawn_table_line(line) or is_drawn_table_line(above)  # a table drawn in text keeps its lines
        if under and above.strip() and wrapped and not drawn and not SENTENCE_END.search(above):
            joined = _join(out[-1].rstrip(), line.strip())
            changes.append(Change(PASS_NAME, number, out[-1] + "\n" + line, joined, "hanging indent: the rest of a wrapped line, joined to it"))
            out[-1] = joined
        elif under:
            # A line of its own (another step of a law's history): its indent goes now, so that
            # the pass, read again, does not take the line above, made longer by a join, for a wrap.
            changes.append(Change(PASS_NAME, number, line, line.lstrip(" "), "hanging indent: a line of its own, its indent removed"))
            out.append(line.lstrip(" "))
        else:
            out.append(line)
    return "\n".join(out), changes


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def wrap_width(lines: list[str]) -> int:
    """The width most long lines share: the 90th percentile of the lines' display widths."""
    widths = sorted(display_width(line.rstrip()) for line in lines)
    return widths[int(len(widths) * 0.9)]


def _join(left: str, right: str) -> str:
    """Join the pieces; a space only between two Latin letters or digits, or after a number that is all the
    left piece holds (``一`` / ``副總統得否…``: a number printed in a column of its own, as in a court's reasons)."""
    spaced = left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum()
    return left + (" " if spaced or BARE_NUMBER.fullmatch(left.strip()) else "") + right
