"""Characters into printed lines: runs in drawing order, merged when they sit side by side."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .chars import Char

# A horizontal gap wider than this many font sizes separates two columns, not two words.
COLUMN_GAP = 1.4
# Latin words are set with a space of about a quarter em; a narrower gap is kerning.
MIXED_GAP = 0.5
WORD_GAP = 0.2


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line (or one column's part of it); y grows downwards."""

    chars: tuple[Char, ...]
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    text: str
    vertical: bool = False
    """Set top to bottom, one character under the other (newspaper captions and tags)."""

    @property
    def height(self) -> float:
        return self.bottom - self.top


def chars_to_lines(chars: tuple[Char, ...]) -> list[Line]:
    """The page's lines, top to bottom, each left to right."""
    lines: list[list[Char]] = []
    built = []
    for run in chars_to_runs(chars):
        if is_vertical_run(run):
            built.append(make_line(run, vertical=True))
            continue
        partner = next((line for line in reversed(lines[-40:]) if is_beside(line, run)), None)
        if partner is None:
            lines.append(list(run))
        else:
            partner.extend(run)
    built += [make_line(sorted(group, key=lambda c: c.x0)) for group in lines]
    return sorted(built, key=lambda line: (round(line.top), line.x0))


def chars_to_runs(chars: tuple[Char, ...]) -> list[list[Char]]:
    """Stretches of characters drawn one after the other along one line."""
    runs: list[list[Char]] = []
    for char in chars:
        if runs and is_vertical_run(runs[-1]) and continues_column(runs[-1][-1], char):
            runs[-1].append(char)
        elif runs and len(runs[-1]) == 1 and continues_column(runs[-1][-1], char):
            runs[-1].append(char)
        elif runs and not is_vertical_run(runs[-1]) and continues_run(runs[-1][-1], char):
            runs[-1].append(char)
        else:
            runs.append([char])
    return runs


def continues_run(previous: Char, char: Char) -> bool:
    size = max(previous.size, char.size, 1.0)
    same_row = abs(previous.middle - char.middle) < 0.35 * size
    gap = char.x0 - previous.x1
    return same_row and -0.5 * size < gap < COLUMN_GAP * size


def continues_column(previous: Char, char: Char) -> bool:
    """True when `char` is set right under `previous`, as in vertical text."""
    size = max(previous.size, char.size, 1.0)
    return abs(previous.x0 - char.x0) < 0.3 * size and -0.3 * size < char.top - previous.bottom < 0.5 * size


def is_vertical_run(run: list[Char]) -> bool:
    return len(run) > 1 and run[1].top >= run[0].bottom - 0.3 * max(run[0].size, 1.0)


def is_beside(line: list[Char], run: list[Char]) -> bool:
    """True when `run` continues `line` on the same row, close enough not to be another column."""
    top, bottom = min(c.top for c in line), max(c.bottom for c in line)
    run_top, run_bottom = min(c.top for c in run), max(c.bottom for c in run)
    overlap = min(bottom, run_bottom) - max(top, run_top)
    if overlap < 0.5 * min(bottom - top, run_bottom - run_top):
        return False
    size = max(c.size for c in run)
    left, right = min(c.x0 for c in line), max(c.x1 for c in line)
    gap = max(run[0].x0 - right, left - run[-1].x1)
    return gap < COLUMN_GAP * size


def make_line(chars: list[Char], vertical: bool = False) -> Line:
    sizes = Counter(c.size for c in chars)
    size = sizes.most_common(1)[0][0]
    bold = sum(c.bold for c in chars) * 2 > len(chars)
    return Line(
        tuple(chars),
        min(c.x0 for c in chars),
        min(c.top for c in chars),
        max(c.x1 for c in chars),
        max(c.bottom for c in chars),
        size,
        bold,
        "".join(c.text for c in chars) if vertical else chars_to_text(chars),
        vertical,
    )


def chars_to_text(chars: list[Char]) -> str:
    """The line's text: a space where Latin words or numbers are set apart, none between Chinese characters."""
    parts = [chars[0].text]
    for previous, char in zip(chars, chars[1:]):
        gap = char.x0 - previous.x1
        both_wide = is_wide(previous.text) and is_wide(char.text)
        mixed = is_wide(previous.text) != is_wide(char.text)
        # Between Chinese characters only a typed space that shows, or a gap of most of an em, is meant;
        # between a Chinese character and a digit or letter (17日, GDP增长), a typed space or half an em:
        # a glyph box narrower than its advance leaves a gap no one typed.
        shown_space = char.spaced and gap > 0.15 * max(char.size, 1.0)
        least = 0.8 if both_wide else MIXED_GAP if mixed else WORD_GAP
        if gap > least * max(char.size, 1.0) or ((both_wide or mixed) and shown_space):
            parts.append(" ")
        parts.append(char.text)
    return "".join(parts)


def is_wide(text: str) -> bool:
    """True for CJK characters and full-width punctuation, which are never separated by spaces.

    >>> is_wide("中"), is_wide("，"), is_wide("A")
    (True, True, False)
    """
    code = ord(text[0])
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFFEF or 0x20000 <= code
