"""Where jiedu's reading of a word is none of CC-CEDICT's readings: `python build.py readings`.

Each word of each annotated text (as the annotator segments it) that
CC-CEDICT knows is compared with every CC-CEDICT reading of it; a word none
of them matches is a disagreement, for a user to settle in the lexicon (or
in content/cedict.txt, when the dictionary is the one that is wrong). Not
disagreements: tone sandhi of 一 and 不 (jiedu shows dictionary forms, and
CC-CEDICT sometimes writes the changed tone), a neutral tone on either side,
and CC-CEDICT's erhua ``r``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from jiedu.annotate.chars import HAN_RUN_RE

from .lookup import Dictionary

SANDHI_CHARS = frozenset("一不")
EXAMPLE_WIDTH = 18
"""Characters of context shown on each side of the word in an example."""


@dataclass(frozen=True, slots=True)
class Sighting:
    """One occurrence of a word read otherwise than CC-CEDICT reads it."""

    word: str
    """As the document writes it."""
    reading: str
    """jiedu's reading, syllables separated by spaces."""
    dictionary_readings: tuple[str, ...]
    document: str
    example: str
    """The word in its sentence, marked 【】."""


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A word and jiedu's reading of it, with every sighting's count and the first sighting."""

    first: Sighting
    count: int


def toneless(syllable: str) -> str:
    """A syllable without its tone mark, lower case (ü kept).

    >>> toneless("Lǜ"), toneless("zhǎn")
    ('lü', 'zhan')
    """
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" or c == "\u0308")
    return unicodedata.normalize("NFC", kept)


def is_neutral(syllable: str) -> bool:
    return toneless(syllable) == syllable.lower()


def same_syllable(char: str, ours: str, theirs: str) -> bool:
    """Whether two readings of one character agree, neutral tones, 一/不 sandhi and erhua allowed.

    >>> same_syllable("们", "men", "mén"), same_syllable("一", "yī", "yí"), same_syllable("为", "wéi", "wèi")
    (True, True, False)
    """
    ours, theirs = ours.lower(), theirs.lower()
    if ours == theirs:
        return True
    if char in SANDHI_CHARS or is_neutral(ours) or is_neutral(theirs):
        return toneless(ours) == toneless(theirs) or {toneless(ours), toneless(theirs)} == {"er", "r"}
    return False


def agrees(word: str, ours: list[str], theirs: str) -> bool:
    syllables = theirs.split()
    return len(syllables) == len(ours) and all(same_syllable(c, o, t) for c, o, t in zip(word, ours, syllables))


def dictionary_readings(word: str, dictionary: Dictionary) -> tuple[str, ...]:
    """CC-CEDICT's readings of `word` (either script), lower case, those of the right length, once each."""
    readings = (entry.pinyin.lower() for entry in dictionary.lookup(word))
    return tuple(dict.fromkeys(r for r in readings if len(r.split()) == len(word)))


def find_sightings(texts: Iterable, cut: Callable[[str], list[str]], dictionary: Dictionary, document: str, original_is_traditional: bool) -> list[Sighting]:
    """The disagreements in a document's AnnotatedTexts, word by word as `cut` segments them."""
    found: list[Sighting] = []
    for text in texts:
        shown = text.traditional if original_is_traditional else text.simplified
        start = 0
        for word in cut(text.simplified):
            end = start + len(word)
            sighting = _check_word(shown, start, end, list(text.readings[start:end]), dictionary, document, text.simplified[start:end])
            if sighting:
                found.append(sighting)
            start = end
    return found


def _check_word(shown: str, start: int, end: int, ours: list, dictionary: Dictionary, document: str, simplified: str) -> Sighting | None:
    word = shown[start:end]
    if None in ours or not HAN_RUN_RE.fullmatch(word):
        return None
    theirs = tuple(dict.fromkeys((*dictionary_readings(word, dictionary), *dictionary_readings(simplified, dictionary))))
    if not theirs or any(agrees(simplified, ours, reading) for reading in theirs):
        return None
    example = f"{shown[max(0, start - EXAMPLE_WIDTH):start]}【{word}】{shown[end:end + EXAMPLE_WIDTH]}".replace("\n", " ")
    return Sighting(word, " ".join(ours), theirs, document, example)


def rank(sightings: Iterable[Sighting]) -> list[Disagreement]:
    """One line per (word, jiedu's reading), most frequent first, then by word."""
    counts: dict[tuple[str, str], list] = {}
    for sighting in sightings:
        counts.setdefault((sighting.word, sighting.reading), [sighting, 0])[1] += 1
    ranked = [Disagreement(first, count) for first, count in counts.values()]
    return sorted(ranked, key=lambda d: (-d.count, d.first.word, d.first.reading))


def format_disagreements(disagreements: list[Disagreement]) -> str:
    """The list as tab-separated lines: word, jiedu, CC-CEDICT, count, document, example.

    >>> one = Sighting("得", "dé", ("de", "děi"), "a.txt", "还【得】再干")
    >>> format_disagreements([Disagreement(one, 2)]).split("\\n")[1].split("\\t")
    ['得', 'dé', 'de | děi', '2', 'a.txt', '还【得】再干']
    """
    lines = ["word\tjiedu\tCC-CEDICT\tcount\tdocument\texample"]
    for d in disagreements:
        s = d.first
        lines.append(f"{s.word}\t{s.reading}\t{' | '.join(s.dictionary_readings)}\t{d.count}\t{s.document}\t{s.example}")
    return "\n".join(lines)


# --- the command ----------------------------------------------------------------


def annotated_documents(content_dir: Path, files: list[Path], tools) -> Iterable[tuple[str, object]]:
    """(name, AnnotatedDocument) of the content folder's documents, then of `files`, as a build makes them."""
    from jiedu import annotate, ingest, structure
    from jiedu.clean import clean_document
    from jiedu.ingest.files import read_document_file

    sources, _ = ingest.read_content_folder(content_dir) if (content_dir / ingest.DOCUMENTS_FOLDER).is_dir() else ([], [])
    for path in files:
        sources += read_document_file(path, str(path))[0]
    for source in sources:
        cleaned = clean_document(source, tools.cleaning_passes)
        document = structure.structure_document(source, cleaned)
        yield source.path.name, annotate.annotate_document_in_script(document, tools.annotation, tools.annotation_cache)


def run_readings_command(content_dir: Path, files: list[Path], cache_dir: Path, out: TextIO) -> int:
    """`build.py readings`: print the disagreements of the content folder's documents and `files`."""
    from jiedu.annotate.scripts import Script
    from jiedu.resources import build_resources

    from . import load_site_dictionary

    tools, _ = build_resources(content_dir, content_dir, cache_dir)
    dictionary, problems = load_site_dictionary(content_dir, lambda: tools.tables)
    sightings: list[Sighting] = []
    for name, annotated in annotated_documents(content_dir, files, tools):
        traditional = annotated.original_script is Script.TRADITIONAL
        sightings += find_sightings(annotated.texts.values(), tools.annotation.pinyin.cut, dictionary, name, traditional)
    disagreements = rank(sightings)
    out.write(format_disagreements(disagreements) + "\n")
    out.write(f"# {len(disagreements)} words ({len(sightings)} occurrences) read otherwise than CC-CEDICT reads them\n")
    for problem in problems:
        out.write(f"# {problem}\n")
    return 0
