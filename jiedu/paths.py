"""Content files: how messages name them, and the one rule for reading them.

Messages name files relative to the project (the folder that holds the
content folder), on one line whatever the name holds. A build names a
thousand documents in its summary and report, so the common case, a path
already absolute and inside the project, is worked out without asking the
file system; only other paths are resolved (links followed).

Every file of the content folder (documents, sidecars, fixes, the lexicon,
glossary entries, site.toml) is read through `read_content_file`: a link
inside the content folder is followed, one that leads out of it is refused,
so that linking `lexicon.txt` to /etc/passwd cannot publish that file.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache, partial
from pathlib import Path

# What would break a one-line message: line breaks and other control
# characters, and the bidirectional controls that reorder a terminal line.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")

OUTSIDE_CONTENT = "it is a link out of the content folder, which jiedu does not follow; copy it into the content folder instead"


class OutsideContentFolder(OSError):
    """A content file whose real place (links followed) is outside the content folder."""

    def __init__(self) -> None:
        super().__init__(OUTSIDE_CONTENT)
        self.strerror = OUTSIDE_CONTENT  # what readers that report `error.strerror` show


def read_content_file(path: Path, content_dir: Path) -> bytes:
    """The bytes of a file of the content folder; `OutsideContentFolder` when a link leads out of it."""
    check_inside_content(path, content_dir)
    return path.read_bytes()


def check_inside_content(path: Path, content_dir: Path) -> None:
    """Raise `OutsideContentFolder` when `path`, links followed, leaves the content folder."""
    if not is_inside_content(path, content_dir):
        raise OutsideContentFolder()


def content_file_reader(content_dir: Path):
    """`read_content_file` for one content folder, for readers that take a `read(path)` function."""
    return partial(read_content_file, content_dir=content_dir)


def is_inside_content(path: Path, content_dir: Path) -> bool:
    """Whether `path`, links followed, is the content folder or lies inside it.

    >>> is_inside_content(Path("/usr/share/x.txt"), Path("/usr")), is_inside_content(Path("/usr/../etc/passwd"), Path("/usr"))
    (True, False)
    """
    try:
        return path.resolve().is_relative_to(content_dir.resolve())
    except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13) leads nowhere readable
        return False


def one_line(text: str) -> str:
    r"""`text` with control characters written as escapes, so a message stays one line.

    >>> print(one_line("content/documents/a\nb.txt"))
    content/documents/a\nb.txt
    >>> print(one_line("\u202etxt.exe\t"))
    \u202etxt.exe\t
    """
    return UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def display_path(path: Path, content_dir: Path) -> str:
    """`path` relative to the project, or as given when it lies outside.

    >>> display_path(Path("/p/content/documents/a.txt"), Path("/p/content"))
    'content/documents/a.txt'
    >>> display_path(Path("/elsewhere/a.txt"), Path("/p/content"))
    '/elsewhere/a.txt'
    """
    project = project_folder(content_dir)
    if path.is_absolute() and ".." not in path.parts:
        try:
            return path.relative_to(project).as_posix()
        except ValueError:
            pass
    try:
        return path.resolve().relative_to(project).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=8)
def project_folder(content_dir: Path) -> Path:
    """The folder paths are shown relative to (resolved once: a build asks for every document)."""
    return content_dir.resolve().parent


def files_below(folder: Path | str, leave_out: str | None = None, links: set[str] | None = None) -> list[str]:
    """The paths of the files below `folder`, hidden ones included, in no set order, as `Path(folder).rglob("*")`
    and `is_file()` find them: a link to a file counts, a link to a folder is not followed, a folder that
    cannot be listed is passed over. `leave_out`: the name of a folder directly in `folder` not to look into;
    `links`: where to add the files that are links (only they can lead out of `folder`).

    One `os.scandir` per folder, without a Path per file: at 1,000 documents (2,300 files) the
    content folder's digest took 25 ms with pathlib, most of it making and comparing Paths.
    """
    root = os.fspath(folder)
    found: list[str] = []
    folders = [root]
    while folders:
        current = folders.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        if not (current == root and entry.name == leave_out):
                            folders.append(entry.path)
                    elif entry.is_file():
                        found.append(entry.path)
                        if links is not None and entry.is_symlink():
                            links.add(entry.path)
        except OSError:
            continue
    return found
