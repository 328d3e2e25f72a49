"""Pass `normalize_spacing`: whitespace that carries no meaning is removed.

- Indentation and trailing spaces go (a block's layout is its line), tabs and
  runs of spaces become one space.
- Spaces beside full-width punctuation go: ``指南。 我们`` → ``指南。我们``;
  beside a curly quote only where Chinese is on the other side, so English
  keeps ``coercion,” Sun said``.
- Letter-spaced names are closed up: typesetters pad names with ideographic
  spaces (``习　近　平``, ``王　菲``). A run of single Han characters separated
  by ideographic spaces is joined, and so is its gap to a longer word that
  follows (``习　近　平总书记``), or to one on both sides (``在习　近　平总书记``).
  A longer word *before* the run keeps its gap (``记者　王　菲`` → ``记者 王菲``),
  and ASCII spaces between names (``（记者 郑璐 袁海霞）``) are never closed.

- A paragraph indent inside a line (two or more ideographic spaces after a
  sentence stop, or before an article or list number: ``…施行。　　第二条``)
  is where a scrape lost a line break: the line breaks there.

Text only: Markdown gives indentation and trailing spaces a meaning.

>>> normalize_spacing("\\t习　近　平总书记 指出。 我们\\n（记者 郑璐 袁海霞）  ")[0]
'习近平总书记 指出。我们\\n（记者 郑璐 袁海霞）'
"""

from __future__ import annotations

import re

from ..charclass import CHINESE_DIGITS, CJK_PUNCTUATION, CLOSING_QUOTES, HAN, HAN_RANGES, IDEOGRAPHIC_SPACE, SHARED_QUOTES, SPACES
from ..model import Change

PASS_NAME = "normalize_spacing"

WHITESPACE = re.compile(f"[{SPACES}\t]+")
# Han words separated by spaces; only gaps holding an ideographic space may close.
# Possessive and anchored at the start of a Han run, so that a long run
# without spaces is read once, not once per character.
SPACED_CHAIN = re.compile(f"(?<!{HAN}){HAN}++(?:[{SPACES}]++{HAN}++)+")
GAP = re.compile(f"[{SPACES}]+")
# Curly quotes are shared with English (``coercion,” Sun said``): a space beside
# one goes only where Chinese stands next to the quote on either side
# (``他说 “好”``, ``1. “三品一标”``).
PUNCTUATION = re.escape("".join(c for c in CJK_PUNCTUATION if c not in "—·" + SHARED_QUOTES))
_CHINESE = f"[{HAN_RANGES}{PUNCTUATION}{SHARED_QUOTES}]"
# An indent (two ideographic spaces, any other spaces around, the no-break space too) after a sentence
# stop, or before 第X条/章/节, 一、 or （一）: a paragraph start inside a line.
_INDENT = f"[{SPACES}]*{IDEOGRAPHIC_SPACE}{{2}}[{SPACES}]*"
_NUMBERED = f"第[{CHINESE_DIGITS}]{{1,6}}[条章节]|[{CHINESE_DIGITS}]{{1,3}}、|（[{CHINESE_DIGITS}]{{1,3}}）"
_AFTER_STOP = f"(?:(?<=[。！？；])|(?<=[。！？；][{re.escape(CLOSING_QUOTES)}]))"
INDENT_INSIDE = re.compile(f"{_AFTER_STOP}{_INDENT}(?=\\S)|(?<=\\S){_INDENT}(?={_NUMBERED})")
SPACE_BY_PUNCTUATION = re.compile(
    f" (?=[{PUNCTUATION}])|(?<=[{PUNCTUATION}]) "
    f"|(?<={_CHINESE}) (?=[{SHARED_QUOTES}])|(?<=[{SHARED_QUOTES}]) (?={_CHINESE})"
    f"| (?=[{SHARED_QUOTES}]{_CHINESE})|(?<={_CHINESE}[{SHARED_QUOTES}]) "
)


def normalize_spacing(text: str) -> tuple[str, list[Change]]:
    """Tidy the whitespace of every line.

    A line broken at an indent is broken with the text's own smallest break
    between lines (a blank line where paragraphs are separated by one), so
    that `join_wrapped_lines` reads the text's layout as before.
    """
    changes = []
    lines = text.split("\n")
    separator = None
    for number, line in enumerate(lines, 1):
        fixed = normalize_line_spacing(line)
        if fixed != line:
            note = "whitespace tidied"
            if "\n" in fixed:
                separator = separator or "\n" * (1 + smallest_gap(lines))
                fixed, note = fixed.replace("\n", separator), "paragraph indent inside a line: new line"
            changes.append(Change(PASS_NAME, number, line, fixed, note))
            lines[number - 1] = fixed
    return "\n".join(lines), changes


def smallest_gap(lines: list[str]) -> int:
    """The fewest blank lines between two lines of text.

    >>> smallest_gap(["a", "", "b", "", "", "c"]), smallest_gap(["a", "b"])
    (1, 0)
    """
    gaps, blanks, seen = [], 0, False
    for line in lines:
        if not line.strip(SPACES + "\t"):
            blanks += 1
            continue
        if seen:
            gaps.append(blanks)
        seen, blanks = True, 0
    return min(gaps, default=0)


def normalize_line_spacing(line: str) -> str:
    """One line: letter-spacing closed, spaces collapsed, none beside punctuation.

    >>> normalize_line_spacing("记者　王　菲\\t报道 ， 完")
    '记者 王菲 报道，完'
    >>> normalize_line_spacing("[1] “三区三线” 是 “No coercion,” Sun said")
    '[1]“三区三线”是“No coercion,” Sun said'
    >>> normalize_line_spacing("　　第一条　为了规范。　　第二条　本法。第二章　附　　则　　第三条　施行。")
    '第一条 为了规范。\\n第二条 本法。第二章 附则\\n第三条 施行。'
    """
    if not WHITESPACE.search(line):  # most lines: nothing for the rules below to do
        return line
    if IDEOGRAPHIC_SPACE * 2 in line.strip(SPACES):
        pieces = INDENT_INSIDE.split(line.strip(SPACES))
        if len(pieces) > 1:
            return "\n".join(normalize_line_spacing(piece) for piece in pieces)
    line = SPACED_CHAIN.sub(_close_letter_spacing, line)
    line = WHITESPACE.sub(" ", line).strip(" ")
    return SPACE_BY_PUNCTUATION.sub("", line)


def _close_letter_spacing(match: re.Match) -> str:
    if IDEOGRAPHIC_SPACE not in match.group():
        return match.group()
    words = GAP.split(match.group())
    gaps = GAP.findall(match.group())
    closed = [False] * len(gaps)
    start = 0
    for end in [i + 1 for i, gap in enumerate(gaps) if IDEOGRAPHIC_SPACE not in gap] + [len(words)]:
        # words[start:end] are joined by ideographic gaps: one letter-spaced chain.
        _close_chain(words[start:end], start, closed)
        start = end
    pieces = [words[0]]
    for gap, word, close in zip(gaps, words[1:], closed):
        pieces.append(word if close else gap + word)
    return "".join(pieces)


def _close_chain(words: list[str], offset: int, closed: list[bool]) -> None:
    for first, last in _single_character_runs(words):
        for g in range(first, last):
            closed[offset + g] = True
        if last + 1 < len(words):
            closed[offset + last] = True
            if first > 0:
                closed[offset + first - 1] = True


def _single_character_runs(words: list[str]) -> list[tuple[int, int]]:
    """(first, last) indices of maximal runs of one-character words."""
    runs, start = [], None
    for i, word in enumerate(words + ["xx"]):
        if len(word) == 1 and start is None:
            start = i
        elif len(word) != 1 and start is not None:
            runs.append((start, i - 1))
            start = None
    return runs
