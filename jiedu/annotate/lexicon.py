"""The project lexicon: words whose reading the project fixes (content/lexicon.txt).

One entry a line, the word, a tab, then one syllable per character separated
by spaces, in tone marks or tone numbers::

    日喀则\trì kā zé
    长效机制\tchang2 xiao4 ji1 zhi4
    # a comment; blank lines are ignored

A line that does not parse becomes a Problem and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jiedu.annotate.chars import HAN
from jiedu.annotate.syllables import is_valid_syllable, to_accented
from jiedu.model import Problem

HAN_WORD_RE = re.compile(f"[{HAN}]+")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """A word and the reading the project fixes for it."""

    word: str
    """The word (Simplified or Traditional Han characters only)."""
    readings: tuple[str, ...]
    """One tone-marked syllable per character of `word`."""
    line: int = 0
    """1-based line in the lexicon file (0 when built in code)."""


def load_lexicon(path: str | Path, read: Callable[[Path], bytes] = Path.read_bytes) -> tuple[list[LexiconEntry], list[Problem]]:
    """Read a lexicon file; a missing file is a Problem, not a crash.

    A build reads it with `jiedu.paths.content_file_reader`, which refuses a
    link leading out of the content folder.
    """
    try:
        text = read(Path(path)).decode("utf-8-sig")
    except OSError as error:
        return [], [Problem(str(path), None, f"cannot read the lexicon: {error.strerror or error}")]
    except UnicodeDecodeError as error:
        return [], [Problem(str(path), None, f"cannot read the lexicon: {error}")]
    return parse_lexicon(text, str(path))


def parse_lexicon(text: str, path: str = "lexicon.txt") -> tuple[list[LexiconEntry], list[Problem]]:
    """Parse lexicon text; later lines win over earlier ones for the same word.

    >>> entries, problems = parse_lexicon("# c\\n日喀则\\tri4 ka1 ze2\\n坏行\\txing2\\n")
    >>> entries
    [LexiconEntry(word='日喀则', readings=('rì', 'kā', 'zé'), line=2)]
    >>> print(problems[0])
    lexicon.txt:3: warning: 坏行 has 2 characters but 1 syllables; line skipped
    """
    entries: list[LexiconEntry] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry, message = parse_lexicon_line(line, number)
        if message:
            problems.append(Problem(path, number, message))
        if entry:
            entries.append(entry)
    return entries, problems


def parse_lexicon_line(line: str, number: int = 0) -> tuple[LexiconEntry | None, str | None]:
    """One line to (entry, None), (None, problem message), or (None, None) for nothing."""
    content = line.split("#", 1)[0].strip()
    if not content:
        return None, None
    word, sep, reading = content.partition("\t")
    word, reading = word.strip(), reading.strip()
    if not sep or not reading:
        return None, f"expected 词语<TAB>reading, got {content!r}; line skipped"
    if not HAN_WORD_RE.fullmatch(word):
        return None, f"{word!r} is not a word of Han characters only; line skipped"
    syllables = reading.replace("'", " ").split()
    if len(syllables) != len(word):
        return None, f"{word} has {len(word)} characters but {len(syllables)} syllables; line skipped"
    bad = [s for s in syllables if not is_valid_syllable(s)]
    if bad:
        return None, f"{word}: {bad[0]!r} is not a pinyin syllable; line skipped"
    return LexiconEntry(word, tuple(to_accented(s) for s in syllables), number), None
