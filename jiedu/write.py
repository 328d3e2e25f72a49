"""Write the site atomically: all or nothing.

The new site is written into a fresh folder beside the output folder and
swapped in only when complete, so a failed or interrupted build leaves the
previous site untouched. Pages that did not change are not written again: the
swap moves them (whole document folders where it can) from the old site into
the new one. The build writes and deletes nothing outside its output folder,
and refuses output folders it could damage.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

MARKER = ".jiedu-site"
"""A file in every site jiedu writes: we only ever replace folders that have it."""
DISMANTLED_MARKER = ".jiedu-site-dismantled"
"""The marker's name in an old site whose unchanged files are being moved into the new one."""


class UnsafeOutputError(ValueError):
    """The output folder is somewhere a build must not write."""


def check_output_folder(out_dir: Path, content_dir: Path, project_dir: Path | None = None) -> None:
    """Refuse output folders whose replacement would lose the user's files."""
    out, content = out_dir.resolve(), content_dir.resolve()
    if out == content or out in content.parents:
        raise UnsafeOutputError(f"the output folder {out_dir} contains the content folder {content_dir}; choose another")
    if project_dir is not None and out == project_dir.resolve():
        raise UnsafeOutputError(f"the output folder {out_dir} is the project folder itself; choose another")
    if out == Path(out.anchor) or out == Path.home().resolve():
        raise UnsafeOutputError(f"refusing to replace {out}")
    if out.exists() and not out.is_dir():
        raise UnsafeOutputError(f"the output path {out_dir} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise UnsafeOutputError(f"{out_dir} is not empty and was not written by jiedu (no {MARKER} file); refusing to replace it")


class StagedSite:
    """The new site while it is being built: a fresh folder beside the output
    folder, and the unchanged files and folders of the previous site that the
    swap will move into it (`carry`)."""

    def __init__(self, folder: Path, previous: Path):
        self.folder = folder
        self.previous = previous
        """The output folder: the previous site, still served as it is until the swap."""
        self.carried: list[str] = []
        """Files and folders of the previous site to move into the new one at the swap."""
        self.carried_files = 0
        self._listings: dict[str, frozenset[str] | None] = {}
        """Folder of the previous site -> names of its files (read once: it does not change until the swap)."""

    def carry(self, paths: Sequence[str], folder: str | None = None) -> bool:
        """Take these unchanged files of the previous site into the new one.

        Nothing is moved yet: the previous site stays whole until the new one
        is complete, and the swap moves the files across (a rename each, no
        copying, and nothing left for the old site's removal to delete). With
        `folder`, the paths inside it go as one move of the whole folder: it
        must hold only these files. False, with nothing noted, when a file
        is missing (the caller then writes the pages anew).
        """
        for relative in paths:
            _check_relative(relative)
        if folder is not None:
            _check_relative(folder)
        if not self._all_present(paths):
            return False
        prefix = f"{folder}/" if folder is not None else None
        loose = [relative for relative in paths if prefix is None or not relative.startswith(prefix)]
        self.carried += ([folder] if prefix is not None and len(loose) < len(paths) else []) + loose
        self.carried_files += len(paths)
        return True

    def _all_present(self, paths: Sequence[str]) -> bool:
        """True when every path names a file of the previous site (a listing per folder, not a stat per file)."""
        for relative in paths:
            parent, _, name = relative.rpartition("/")
            if parent not in self._listings:
                self._listings[parent] = _file_names(self.previous / parent if parent else self.previous)
            names = self._listings[parent]
            if names is None or name not in names:
                return False
        return True

    def count_files(self) -> int:
        """Files of the new site: those written into the folder and those it will carry."""
        return count_files(self.folder) + self.carried_files


@contextmanager
def staged_site(out_dir: Path) -> Iterator[StagedSite]:
    """The new site to write into; swapped in when the block ends without error.

    On any error (or interruption) the new folder is removed and the previous
    site is left as it was.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out_dir)
    site = StagedSite(Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent)), out_dir)
    try:
        yield site
        (site.folder / MARKER).write_text("This folder is generated by jiedu; it is replaced on every build.\n", encoding="utf-8")
        _swap_in(site.folder, out_dir, site.carried)
    except BaseException:
        shutil.rmtree(site.folder, ignore_errors=True)
        raise


def site_identity(out_dir: Path) -> tuple[int, int] | None:
    """(inode, mtime in ns) of the site's marker: a new one is written by every build.

    A build may reuse files of the previous site only when the folder is still
    the one it built (not rebuilt with another cache, restored or replaced).
    """
    try:
        found = (out_dir / MARKER).stat()
    except OSError:
        return None
    return found.st_ino, found.st_mtime_ns


def reuse_unchanged(site: StagedSite, previous_keys: dict, keys: dict) -> Callable[[str], bool]:
    """A `kept(path)` test for renderers: True (and the page carried over from the
    previous site) when the page's key is the one it was rendered from last time."""

    def kept(path: str) -> bool:
        return path in keys and previous_keys.get(path) == keys[path] and site.carry([path])

    return kept


def remove_leftovers(out_dir: Path) -> None:
    """Remove half-written folders that a killed build left beside the site.

    A build killed between the two renames of the swap leaves the previous
    site only in its `-old-` folder: that one is put back, not removed.
    """
    retired = [p for p in out_dir.parent.glob(f".{out_dir.name}-old-*") if (p / MARKER).exists()]
    if not out_dir.exists() and retired:
        os.replace(max(retired, key=lambda p: p.stat().st_mtime), out_dir)
    for pattern in (f".{out_dir.name}-new-*", f".{out_dir.name}-old-*"):
        for leftover in out_dir.parent.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def write_files(files: Iterable[tuple[str, str | bytes]], staging: Path) -> int:
    """Write (relative path, content) pairs into the staging folder; returns the count."""
    count = 0
    for relative, content in files:
        _check_relative(relative)
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
        count += 1
    return count


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def _check_relative(relative: str) -> None:
    """Refuse a path that could leave the site: absolute, with "..", or not in POSIX form.

    The staging folder is new and holds no links, so checking the path's text
    is enough (and costs no file system call per page).

    >>> _check_relative("doc/hans/1.html")
    >>> _check_relative("doc/../../etc")
    Traceback (most recent call last):
    jiedu.write.UnsafeOutputError: refusing to write outside the site: 'doc/../../etc'
    """
    if not relative or relative.startswith("/") or "\\" in relative or any(part in ("..", ".", "") for part in relative.split("/")):
        raise UnsafeOutputError(f"refusing to write outside the site: {relative!r}")


def _file_names(folder: Path) -> frozenset[str] | None:
    """Names of the files in `folder` (not links, not folders); None when it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            return frozenset(entry.name for entry in entries if entry.is_file(follow_symlinks=False))
    except OSError:
        return None


def _swap_in(staging: Path, out_dir: Path, carried: Sequence[str] = ()) -> None:
    """Replace out_dir by staging, moving the `carried` files and folders across.

    The old site is renamed away, the carried paths are moved from it into the
    new one, and the new one is renamed into place; the old site's remains go
    last. Before the moves, the old site's marker is renamed, so that a build
    killed during them never has `remove_leftovers` put a half-emptied site
    back (the output folder is then missing, and the next build remakes it
    from the cache). Any error puts everything back as it was.
    """
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
    retired.rmdir()
    os.replace(out_dir, retired)
    moved: list[str] = []
    try:
        if carried:
            os.replace(retired / MARKER, retired / DISMANTLED_MARKER)
        for relative in carried:
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(retired / relative, target)
            moved.append(relative)
        os.replace(staging, out_dir)
    except BaseException:
        for relative in reversed(moved):
            os.replace(staging / relative, retired / relative)
        if carried:
            os.replace(retired / DISMANTLED_MARKER, retired / MARKER)
        os.replace(retired, out_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)
