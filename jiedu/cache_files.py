"""The build cache's files: values that are checked before they are read, and never run code.

A file is MAGIC and then frames, each the length of its payload (8 bytes),
the SHA-256 of the payload (32 bytes) and the payload: first the header (the
file's format and jiedu's code version, as text), then one pickle per value.
Frames let a reader take the values it needs without reading (or hashing) the
others: a rebuild that keeps a document's pages reads only its small SiteEntry,
and the search index reads only its document's postings.

Pickle is kept for its speed (the C unpickler reads a thousand documents'
entries in milliseconds, where rebuilding the dataclasses from JSON in Python
takes far longer), but read so that it cannot run code: a pickle calls only
what it names, and the only names `ValuesOnlyUnpickler` resolves are jiedu's
own value types (its dataclasses and enums, which do nothing when made but
store their fields) and pathlib's paths. A planted `__reduce__` naming
`os.system` is refused before anything is called. The digest is not a
signature (anyone who can write the file can compute it): it makes a flipped
byte or a file cut short a miss, never a wrong page; who may write the cache
at all is `jiedu.cache_safety`'s business.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import importlib
import io
import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .cache_safety import is_private_file

MAGIC = b"jiedu-cache\n"
LENGTH_BYTES = 8
DIGEST_BYTES = 32
PATH_CLASSES = frozenset({("pathlib", "Path"), ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "PurePosixPath"), ("pathlib", "PureWindowsPath")})


class ValuesOnlyUnpickler(pickle.Unpickler):
    """An unpickler that makes only jiedu's value types: anything else named in the stream is an error."""

    def find_class(self, module: str, name: str):
        found = allowed_class(module, name)
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a value the build cache holds")
        return found


def allowed_class(module: str, name: str) -> type | None:
    """The class a cache file may name, or None: a dataclass or enum defined in a jiedu module, or a path.

    >>> allowed_class("jiedu.model", "Problem").__name__, allowed_class("os", "system"), allowed_class("jiedu.model", "dataclass")
    ('Problem', None, None)
    """
    if (module, name) in PATH_CLASSES:
        return getattr(importlib.import_module(module), name)
    if not _is_jiedu_module_name(module) or not name.isidentifier():
        return None
    try:
        found = getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None
    if not isinstance(found, type) or found.__module__ != module:
        return None
    return found if dataclasses.is_dataclass(found) or issubclass(found, enum.Enum) else None


def _is_jiedu_module_name(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "jiedu" and all(part.isidentifier() for part in parts)


def write_values(file: BinaryIO, header: str, values: tuple) -> None:
    """Write MAGIC, the header's frame and one frame per value."""
    file.write(MAGIC)
    _write_frame(file, header.encode())
    for value in values:
        _pickle_frame(file, value)


def read_values(path: Path, header: str, count: int, skip: int = 0) -> tuple | None:
    """`count` values of a cache file, after its first `skip` values (passed over unread), or None:
    missing, another user's, another header, damaged, cut short or naming a type the cache never holds."""
    try:
        with path.open("rb") as file:
            info = os.fstat(file.fileno())
            if not is_private_file(info) or file.read(len(MAGIC)) != MAGIC:
                return None
            frames = _read_frames(file, info.st_size, skip=skip)
            if next(frames) != header.encode():
                return None
            return tuple(ValuesOnlyUnpickler(io.BytesIO(next(frames))).load() for _ in range(count))
    except Exception:  # noqa: BLE001 - any failure to read is a miss, never an error
        return None


def _pickle_frame(file: BinaryIO, value) -> None:
    """A frame of `value` pickled straight into the file: no copy of the whole pickle is made in memory
    (the search index's lists pickle to some tens of megabytes a thousand documents). Its length and
    digest are written in front once known."""
    start = file.tell()
    file.write(bytes(LENGTH_BYTES + DIGEST_BYTES))
    sink = _HashingWriter(file)
    pickle.dump(value, sink, protocol=pickle.HIGHEST_PROTOCOL)
    end = file.tell()
    file.seek(start)
    file.write(sink.length.to_bytes(LENGTH_BYTES, "little") + sink.hash.digest())
    file.seek(end)


class _HashingWriter:
    """Writes to a file and keeps the SHA-256 and length of what went through."""

    def __init__(self, file: BinaryIO):
        self.file, self.hash, self.length = file, hashlib.sha256(), 0

    def write(self, data) -> int:
        self.hash.update(data)
        self.length += memoryview(data).nbytes
        return self.file.write(data)


def _write_frame(file: BinaryIO, payload: bytes) -> None:
    file.write(len(payload).to_bytes(LENGTH_BYTES, "little") + hashlib.sha256(payload).digest())
    file.write(payload)


def _read_frames(file: BinaryIO, size: int, skip: int = 0) -> Iterator[bytes]:
    """Payloads of the frames, each checked against its digest (ValueError if one fails);
    the `skip` frames after the header are passed over unread."""
    number = 0
    while True:
        prefix = file.read(LENGTH_BYTES + DIGEST_BYTES)
        length = int.from_bytes(prefix[:LENGTH_BYTES], "little")
        if len(prefix) < LENGTH_BYTES + DIGEST_BYTES or length > size:  # a damaged length must not allocate wildly
            raise ValueError("cut short")
        if 0 < number <= skip:
            if file.seek(length, io.SEEK_CUR) > size:
                raise ValueError("cut short")
        else:
            payload = file.read(length)
            if len(payload) != length or hashlib.sha256(payload).digest() != prefix[LENGTH_BYTES:]:
                raise ValueError("damaged")
            yield payload
        number += 1
