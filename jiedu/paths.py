"""How messages name files: relative to the project (the folder that holds the content folder).

A build names a thousand documents in its summary and report, so the common
case, a path already absolute and inside the project, is worked out without
asking the file system; only other paths are resolved (links followed).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


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
