"""Jinja's compiled templates in the build cache, checked before Jinja reads them.

Jinja's `FileSystemBytecodeCache` (made in `jiedu.render.environment`) reads
each file with `pickle.load` and `marshal.load` and runs the code it finds:
a file cut short stops the build with an error, and a damaged one could run
as a template. So before each build that renders, every file of the folder
is checked against the SHA-256 this module recorded when the last build
ended (`record_compiled_templates`), and a file that is not recorded, differs
from its record or is not the user's own is removed: Jinja then compiles
that template again (a miss). Files Jinja writes during a build are recorded
at its end, after a check that they hold what Jinja writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import marshal
import os
import pickle
import types
from pathlib import Path

from .atomic_file import replace_file
from .cache_safety import is_private_file

RECORD = "checked.json"
"""File name -> SHA-256 of each compiled template checked at the end of the last build."""


def checked_compiled_templates(folder: Path) -> Path | None:
    """`folder` with every compiled template that fails its check removed; None when it cannot be used
    (the build then compiles its templates in memory)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        recorded = _read_record(folder)
        for path in folder.iterdir():
            if path.name != RECORD and recorded.get(path.name) != _file_digest(path):
                _remove(path)
    except OSError:
        return None
    return folder


def record_compiled_templates(folder: Path) -> None:
    """Record the digest of every compiled template in `folder` that holds what Jinja writes."""
    try:
        recorded = _read_record(folder)
        current = {}
        for path in folder.iterdir():
            found = _file_digest(path) if path.name != RECORD else None
            if found and (recorded.get(path.name) == found or is_compiled_template(path.read_bytes())):
                current[path.name] = found
    except OSError:
        return
    replace_file(folder / RECORD, lambda file: file.write(json.dumps(current, sort_keys=True).encode()))


def is_compiled_template(data: bytes) -> bool:
    """True when `data` is Jinja's magic, a pickled checksum (a string) and a marshalled code object.

    >>> from jinja2.bccache import bc_magic
    >>> is_compiled_template(bc_magic + pickle.dumps("abc", 2) + marshal.dumps(compile("x = 1", "t", "exec")))
    True
    >>> is_compiled_template(bc_magic + pickle.dumps("abc", 2)[:-2])
    False
    """
    from jinja2.bccache import bc_magic  # here: a build with nothing to do never loads Jinja

    if not data.startswith(bc_magic):
        return False
    stream = io.BytesIO(data[len(bc_magic) :])
    try:
        checksum = _NothingToFind(stream).load()
        code = marshal.loads(stream.read())
    except Exception:  # noqa: BLE001 - anything unreadable is not a compiled template
        return False
    return isinstance(checksum, str) and isinstance(code, types.CodeType)


class _NothingToFind(pickle.Unpickler):
    """Reads Jinja's checksum, a plain string: a pickle that names anything is refused."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name}: a compiled template's checksum names nothing")


def _read_record(folder: Path) -> dict:
    try:
        with (folder / RECORD).open("rb") as file:
            if not is_private_file(os.fstat(file.fileno())):
                return {}
            found = json.loads(file.read())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _file_digest(path: Path) -> str | None:
    """SHA-256 of a regular file of the user's own; None for anything else."""
    if path.is_symlink() or not path.is_file():
        return None
    try:
        with path.open("rb") as file:
            if not is_private_file(os.fstat(file.fileno())):
                return None
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return None


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            return  # nothing Jinja reads; left alone
        path.unlink()
