"""The user's own dictionary entries: `content/cedict.txt`, in CEDICT's line format.

    傳統 传统 [chuan2 tong3] /tradition/traditional/
    # a comment; blank lines are ignored

They add to CC-CEDICT and win over its entry with the same headwords and
reading (jiedu.dictionary.lookup). A line that does not parse is a warning
naming the file and line, and is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jiedu.model import Problem

from .cedict import LINE_RE, Entry, parse_line

EXPECTED = "expected 繁體 简体 [pin1 yin1] /sense/…/"


def load_user_entries(path: Path, display: str, read: Callable[[Path], bytes] = Path.read_bytes) -> tuple[list[Entry], list[Problem]]:
    """The entries of the user's file (none when it is missing), and its problems."""
    if not path.is_file():
        return [], []
    try:
        text = read(path).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(display, None, f"cannot read the dictionary: {getattr(error, 'strerror', None) or error}")]
    return parse_user_entries(text, display)


def parse_user_entries(text: str, display: str = "cedict.txt") -> tuple[list[Entry], list[Problem]]:
    """Entries and problems of the user's CEDICT text.

    >>> entries, problems = parse_user_entries("# mine\\n對表 对表 [dui4 biao3] /to align with the schedule/\\n对标 [dui4]\\n")
    >>> [(e.simplified, e.pinyin) for e in entries]
    [('对表', 'duì biǎo')]
    >>> print(problems[0])
    cedict.txt:3: warning: expected 繁體 简体 [pin1 yin1] /sense/…/, got '对标 [dui4]'; line skipped
    """
    entries: list[Entry] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.strip()
        if not content or content.startswith("#"):
            continue
        entry, message = _parse_user_line(content)
        if message:
            problems.append(Problem(display, number, message))
        else:
            entries.append(entry)
    return entries, problems


def _parse_user_line(content: str) -> tuple[Entry | None, str | None]:
    entry = parse_line(content)
    if entry is None or not LINE_RE.match(content):
        return None, f"{EXPECTED}, got {content!r}; line skipped"
    if len(entry.simplified) != len(entry.traditional):
        return None, f"{entry.traditional} and {entry.simplified} differ in length; line skipped"
    if len(entry.pinyin.split()) != len(entry.simplified):
        return None, f"{entry.simplified} has {len(entry.simplified)} characters but {len(entry.pinyin.split())} syllables; line skipped"
    return entry, None
