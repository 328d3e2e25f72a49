"""Files replaced whole: a reader sees the old file or the complete new one, never half of either.

The build cache and the resource tables are read by builds that may run while
another writes them (a `serve` beside a `build.py`, or a build killed
mid-write), so each file is written under a temporary name in its own folder
and renamed over the old one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def replace_file(path: Path, write: Callable[[BinaryIO], object]) -> bool:
    """Write `path` with `write(file)`, atomically; False when the disk refused (no file is left behind).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> replace_file(folder / "a" / "b.bin", lambda file: file.write(b"new")), (folder / "a" / "b.bin").read_bytes()
    (True, b'new')
    >>> sorted(p.name for p in (folder / "a").iterdir())
    ['b.bin']
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
        os.replace(temporary, path)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
