"""Who could have written the build cache: only its user, or the build refuses it.

The cache defaults to `.cache/` beside the output folder, so `--out /tmp/site`
puts it in /tmp, where anyone can create `.cache` first. What the cache holds
decides what the site shows, and Jinja's compiled templates in it are code
that a build runs; so, like ssh with `~/.ssh`, a build uses a cache folder
only when no one else could have put files there: the folder is the user's
own and no one else can write to it, and no folder above it lets another user
rename or replace it (a folder others can write to must have the sticky bit,
as /tmp does). POSIX only: on Windows the ACLs of the user's folders decide.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsafeCacheError(ValueError):
    """The cache folder is somewhere another user could change what a build reads."""


def check_cache_folder(folder: Path) -> None:
    """Make `folder` (and the folders above it) if missing; UnsafeCacheError if another user could write into it.

    What exists is checked before anything is made in it, and the whole path again after.
    """
    if os.name == "posix":
        existing = next(path for path in (folder.absolute(), *folder.absolute().parents) if path.exists())
        _check_path(existing, folder, private=existing == folder.absolute())
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        _check_path(folder.absolute(), folder, private=True)


def _check_path(path: Path, cache: Path, private: bool) -> None:
    _check_links_on_the_way(path)
    resolved = path.resolve()
    if private:
        _check_private(resolved)
    for ancestor in (resolved.parents if private else (resolved, *resolved.parents)):
        _check_ancestor(ancestor, cache)


def is_private_file(info: os.stat_result) -> bool:
    """True when the file (its `os.stat` result) is the user's and no one else can write to it."""
    return os.name != "posix" or (info.st_uid == os.getuid() and not _others_can_write(info))


def _check_private(folder: Path) -> None:
    info = folder.stat()
    if info.st_uid != os.getuid():
        raise UnsafeCacheError(_refusal(folder, f"it belongs to another user (uid {info.st_uid})"))
    if _others_can_write(info):
        raise UnsafeCacheError(_refusal(folder, f"others can write to it (mode {stat.S_IMODE(info.st_mode):04o})"))


def _check_ancestor(folder: Path, cache: Path) -> None:
    info = folder.stat()
    if info.st_uid not in (0, os.getuid()):
        raise UnsafeCacheError(_refusal(cache, f"it is inside {folder}, which belongs to another user (uid {info.st_uid})"))
    if _others_can_write(info) and not info.st_mode & stat.S_ISVTX:
        raise UnsafeCacheError(_refusal(cache, f"it is inside {folder}, where others can rename or replace it (mode {stat.S_IMODE(info.st_mode):04o}, no sticky bit)"))


def _check_links_on_the_way(path: Path) -> None:
    """Refuse a path through a link someone else made (they could point it elsewhere later)."""
    for part in (path, *path.parents):
        info = part.lstat()
        if stat.S_ISLNK(info.st_mode) and info.st_uid not in (0, os.getuid()):
            raise UnsafeCacheError(_refusal(path, f"{part} is a link that belongs to another user (uid {info.st_uid})"))


def _others_can_write(info: os.stat_result) -> bool:
    """Writable by all, or by a group other than the user's own (a umask of 002 gives the user's group write access)."""
    return bool(info.st_mode & stat.S_IWOTH) or bool(info.st_mode & stat.S_IWGRP and info.st_gid != os.getgid())


def _refusal(folder: Path, reason: str) -> str:
    return f"refusing the build cache {folder}: {reason}, so another user could plant files the build would read; remove it, or choose a folder of your own with --cache DIR"
